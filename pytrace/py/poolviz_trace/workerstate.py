"""A worker's life: started, its initializer and the globals it set, its exit.

The patched multiprocessing.pool.worker keeps its name and module (through
functools.wraps), so it still pickles by reference and Pool, which looks worker
up by name each time it starts one, starts every worker (replacements too)
through it.
"""
import dis
import functools
import os
import threading

from . import faults
from . import lines
from . import objects
from . import wire

_watched = {}  # name -> (globals dict, last rendered value)
_stores = {}  # code object -> names it stores as globals
_counter = {"jobs": 0}  # tasks (chunks, for map) this worker ran


def _visible(name, value):
    if name.startswith("__"):
        return False
    kind = type(value).__name__
    return kind not in ("module", "function", "type", "builtin_function_or_method")


def _snapshot(scope):
    # The values themselves, not their ids: holding them keeps an id from being
    # reused by a new value while the initializer runs.
    return dict(scope)


def _global_stores(fn):
    code = getattr(fn, "__code__", None)
    if code is None:
        return ()
    names = _stores.get(code)
    if names is None:
        names = tuple(sorted({i.argval for i in dis.get_instructions(code) if i.opname == "STORE_GLOBAL"}))
        _stores[code] = names
    return names


def job_done():
    """Count one job (a task, or a map chunk) that this worker ran."""
    _counter["jobs"] += 1


def after_task(fn):
    """Report globals whose value changed in a task: those the initializer set
    and those the task's function stores."""
    try:
        scope = getattr(fn, "__globals__", None)
        if scope is not None:
            for name in _global_stores(fn):
                if name not in _watched and name in scope:
                    _watched[name] = (scope, None)
        for name, (where, last) in list(_watched.items()):
            if name not in where:
                continue
            now = objects.rendered(where[name])
            if now != last:
                _watched[name] = (where, now)
                shown = objects.ref(where[name])
                wire.send("global-set", object=name, value=shown["value"], key=shown.get("key", ""))
    except Exception:
        pass


def _traced_initializer(init, initargs):
    def run(*args):
        # Nothing of the tracer's may raise here: an exception escaping an
        # initializer makes CPython replace the worker, again and again.
        scope, before = {}, {}
        try:
            wire.send("init-began", args=[objects.ref(a) for a in initargs], label=getattr(init, "__name__", ""))
            scope = getattr(init, "__globals__", None) or {}
            before = _snapshot(scope)
        except Exception:
            pass
        try:
            lines.follow_begin()
            try:
                init(*args)
            finally:
                lines.follow_end()
        except BaseException as exc:
            _counter["init_failed"] = True
            wire.send("init-failed", err=wire.error_text(exc))
            raise
        try:
            pairs = []
            # A name the initializer stores is its global even when the value
            # was there already: a forked worker inherits main's globals, and
            # `global answers; answers = queue` stores the same queue again.
            stored = set(_global_stores(init))
            for name, value in list(scope.items()):
                changed = name not in before or before[name] is not value or name in stored
                if changed and _visible(name, value):
                    objects.declare_all([value], hints=[name])
                    shown = objects.ref(value)
                    _watched[name] = (scope, objects.rendered(value))
                    shown["name"] = name
                    pairs.append(shown)
        except Exception:
            pairs = []
        wire.send("init-ended", vars=pairs)
    return run


def started(initializer, initargs):
    """Report this process as a worker that starts; return the initializer to
    run in place of initializer (traced), or None for none."""
    wire.SENDER.role = "worker"
    lines.worker_started()
    wire.send("worker-started", label="pid %d" % os.getpid())
    if initializer is None:
        return None
    try:
        objects.declare_all(list(initargs), hints=_param_names(initializer))
        return _traced_initializer(initializer, initargs)
    except Exception:
        return initializer


def exited(maxtasks, why_recycled, exc=None):
    """Report this worker's exit: exc is what it left with (None when the
    pool sent it away or it reached maxtasks, said by why_recycled)."""
    done = _counter["jobs"]
    if _counter.get("init_failed"):
        wire.send("worker-exited", count=done, label="initializer failed")
    elif exc is not None:
        wire.send("worker-exited", count=done, label="left with " + wire.error_text(exc))
    elif maxtasks and done >= maxtasks:
        wire.send("worker-recycled", count=done)
        wire.send("worker-exited", count=done, label=why_recycled)
    else:
        wire.send("worker-exited", count=done, label="the pool sent it away")


def patch(orig):
    """Return a worker function that reports the worker's life around orig."""
    @functools.wraps(orig)
    def worker(inqueue, outqueue, initializer=None, initargs=(), maxtasks=None, wrap_exception=False):
        if threading.current_thread() is not threading.main_thread():
            # A ThreadPool's worker thread: not traced yet.
            return orig(inqueue, outqueue, initializer, initargs, maxtasks, wrap_exception)
        init = started(initializer, initargs)
        try:
            orig(inqueue, outqueue, init, initargs, maxtasks, wrap_exception)
        except BaseException as exc:
            # Said before the process dies, so that its slot is free before
            # the pool starts its replacement.
            exited(maxtasks, "", exc)
            raise
        exited(maxtasks, "replaced after maxtasksperchild")
    return worker


def _param_names(fn):
    code = getattr(fn, "__code__", None)
    if code is None:
        return ()
    return code.co_varnames[: code.co_argcount]
