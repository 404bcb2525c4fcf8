"""Results in main: each reaching the pool's result handler, and main waiting
for one (get, wait, map, or the next item of imap)."""
import functools

from . import faults
from . import pooltap
from . import wire


def task_range(first, n):
    """Name n tasks from first as the engine does: "task 3", "tasks 3-5"."""
    return "task %d" % first if n <= 1 else "tasks %d-%d" % (first, first + n - 1)


def _label(call, first, n):
    """Name a job's result as the engine does: "task 6", "map tasks 1-4"."""
    if call in ("apply", "apply_async"):
        return task_range(first, 1)
    return "%s %s" % (call, task_range(first, n))


def _result_hook(orig):
    @functools.wraps(orig)
    def _set(self, i, obj):
        try:
            first, n, call = pooltap._jobs.pop((self._job, i), (0, 0, ""))
            ok, value = obj
            fields = {"task": first, "count": n, "label": _label(call, first, n), "as": "handler"}
            if not ok:
                fields["err"] = wire.error_text(value)
            if first:
                wire.send("result-ready", **fields)
        except Exception:
            faults.note("result ready")
        return orig(self, i, obj)
    return _set


def _result_waited(result):
    """Name what main waits for on an ApplyResult or MapResult not ready yet, as
    the engine's blocked events do ("result of task 6", "result of map tasks
    1-8"); None if it is ready."""
    if result.ready():
        return None
    lo, hi, call = 0, 0, ""
    for (job, _i), (first, n, c) in list(pooltap._jobs.items()):
        if job == result._job:
            lo = first if lo == 0 else min(lo, first)
            hi, call = max(hi, first + n - 1), c
    if lo == 0:
        return "result of the %s call" % (getattr(pooltap._local, "call", None) or "map_async")
    return "result of " + _label(call, lo, hi - lo + 1)


def _next_waited(it):
    """Name what main waits for on an imap iterator with no result yet; None if
    next will not wait."""
    if it._items or it._index == it._length:
        return None
    call = "imap_unordered" if type(it).__name__ == "IMapUnorderedIterator" else "imap"
    return "next result of the %s call" % call


def blocking_hook(orig, waited):
    """Wrap a method that may wait: blocked before, unblocked after, when waited
    says it will wait."""
    @functools.wraps(orig)
    def method(self, timeout=None):
        what = None
        try:
            what = waited(self)
            if what is not None:
                wire.send("blocked", object=what, label="waits for the")
        except Exception:
            faults.note("waiting for a result")
            what = None
        try:
            return orig(self, timeout)
        finally:
            if what is not None:
                wire.send("unblocked", object=what)
    return method


def install():
    """Patch the result classes of multiprocessing.pool."""
    import multiprocessing.pool as mpp
    for cls in (mpp.ApplyResult, mpp.MapResult, mpp.IMapIterator, mpp.IMapUnorderedIterator):
        if "_set" in cls.__dict__:
            cls._set = _result_hook(cls.__dict__["_set"])
    mpp.ApplyResult.wait = blocking_hook(mpp.ApplyResult.wait, _result_waited)
    mpp.IMapIterator.next = blocking_hook(mpp.IMapIterator.next, _next_waited)
    mpp.IMapIterator.__next__ = mpp.IMapIterator.next
