"""Faults of the tracer's own hooks: caught, counted, and told at the end.

A hook that fails leaves the program to run on as if untraced at that point;
note() sends the fault as a tracer-fault line, and poolviz counts them and
says so when the run ends, so that a gap in the picture is never silent.
"""
import sys

from . import wire

LIMIT = 100  # faults sent per process; a hook failing on every event sends no more

_sent = [0]


def note(where):
    """Record that the hook named where failed; call it in the except block."""
    try:
        if _sent[0] >= LIMIT:
            return
        _sent[0] += 1
        exc = sys.exc_info()[1]
        wire.send("tracer-fault", label=where, err=wire.error_text(exc) if exc is not None else "")
    except Exception:
        pass


def after_fork_in_child():
    """A forked child counts its own faults."""
    _sent[0] = 0
