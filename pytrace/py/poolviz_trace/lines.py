"""The line each process is on, in the script's own file only.

Each change of line becomes a task-step event (label "line", count: the line
number), throttled to one per process per GAP_NS of monotonic time: a line
that comes sooner waits as pending, and is sent before the process's next
event of any kind (so a wait or a put always follows the line it came from), as
it calls time.sleep, or when a later line finds the gap over. Python 3.12 and
later use sys.monitoring, turning LINE events on for the script's code objects
alone; older versions use sys.settrace with a per-frame filter (a frame of
another file gets no local trace function, so its lines cost nothing).

POOLVIZ_TRACE_LINES=0 turns lines off; POOLVIZ_TRACE_SCRIPT names the script
(main sets it, so that every child knows it).
"""
import functools
import os
import sys
import threading
import time

from . import wire

ENV_LINES = "POOLVIZ_TRACE_LINES"
ENV_SCRIPT = "POOLVIZ_TRACE_SCRIPT"
GAP_NS = 1_000_000  # at most one line event per process per millisecond


class LineState:
    """LineState is this process's last line sent and the one pending."""

    def __init__(self):
        self.sent = 0  # the line last sent
        self.sent_at = 0  # when it was sent
        self.pending = 0  # a newer line not sent yet, 0 for none
        self.task = 0  # the task this process runs, 0 for none (as the engine's steps carry it)
        self.started = False

    def reset(self):
        self.sent = self.sent_at = self.pending = self.task = 0

    def saw(self, line):
        if line == self.sent:
            self.pending = 0
            return
        now = time.monotonic_ns()
        if now - self.sent_at < GAP_NS:
            self.pending = line
            return
        self.pending = 0
        self.sent, self.sent_at = line, now
        wire.send("task-step", t=now, label="line", count=line, task=self.task)

    def flush(self):
        """Send the pending line, if any; called before any other event."""
        line = self.pending
        if line and line != self.sent:
            self.pending = 0
            now = time.monotonic_ns()
            self.sent, self.sent_at = line, now
            wire.send("task-step", t=now, label="line", count=line, task=self.task)


STATE = LineState()


def enabled():
    return os.environ.get(ENV_LINES, "1") != "0" and bool(os.environ.get(ENV_SCRIPT))


def _settrace_hooks(script):
    saw = STATE.saw

    def local(frame, event, arg):
        if event == "line":
            saw(frame.f_lineno)
        return local

    def global_(frame, event, arg):
        # A call event's line is the def line: the first line event follows.
        if frame.f_code.co_filename == script:
            return local
        return None

    return global_


def _start_settrace(script):
    hook = _settrace_hooks(script)
    sys.settrace(hook)
    threading.settrace(hook)


def _start_monitoring(script):
    mon = sys.monitoring
    for tool in (3, 4):  # ids no standard tool (debugger, coverage, profiler) takes
        try:
            mon.use_tool_id(tool, "poolviz_trace")
            break
        except ValueError:
            continue
    else:
        return False  # every free id is taken: no lines
    saw = STATE.saw

    def on_start(code, offset):
        if code.co_filename == script:
            mon.set_local_events(tool, code, mon.events.LINE)
        return mon.DISABLE

    def on_line(code, line):
        saw(line)

    mon.register_callback(tool, mon.events.PY_START, on_start)
    mon.register_callback(tool, mon.events.LINE, on_line)
    mon.set_events(tool, mon.events.PY_START)
    return True


def _sleep_hook(orig):
    @functools.wraps(orig)
    def sleep(seconds):
        try:
            STATE.flush()
        except Exception:
            pass
        return orig(seconds)
    return sleep


def start():
    """Trace the script's lines in this process (once; again after a fork,
    where the thread that forked may not have traced)."""
    try:
        if not enabled() or STATE.started:
            return
        STATE.started = True
        script = os.environ[ENV_SCRIPT]
        if not getattr(time.sleep, "_poolviz_traced", False):
            time.sleep = _sleep_hook(time.sleep)
            time.sleep._poolviz_traced = True
        wire.SENDER.lines = STATE
        if sys.version_info >= (3, 12):
            _start_monitoring(script)
        else:
            _start_settrace(script)
    except Exception:
        pass


def after_fork_in_child():
    """Forget the parent's lines, and trace this child's thread anew."""
    STATE.reset()
    STATE.started = sys.version_info >= (3, 12)  # monitoring is per process and carries over
    start()
