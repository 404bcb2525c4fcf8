"""Hooks on multiprocessing.pool.Pool in main: created, tasks submitted as the
pool makes them, results arriving, close, terminate and join.

Every submission (apply, map, imap, starmap and their async forms) reaches the
pool's task handler through Pool._taskqueue, so one tap there sees each task
and map chunk exactly as Python made it, and wraps its function in a
TracedCall that carries the task's id to the worker.
"""
import functools
import itertools
import threading
import time

from . import faults
from . import objects
from . import once
from . import wire
from .tasks import TracedCall, describe_args

CALLS = ("apply", "apply_async", "map", "map_async", "starmap", "starmap_async", "imap", "imap_unordered")
_local = threading.local()  # the public call in progress on this thread
_ids_lock = threading.Lock()
_ids = [1]  # the next task id; a list, so that _take_ids changes it in place
_next_chunk = itertools.count(1)
_jobs = {}  # (job, i) -> (first task, count, call), for results reaching main


def _take_ids(n):
    """Take n task ids in a row and return the first: one addition, however
    large the chunk (a map of 100,000 items must not pay per item here)."""
    with _ids_lock:
        first = _ids[0]
        _ids[0] = first + n
        return first


def _trace_task(task, call, offset, chunked):
    """Return task (job, i, func, args, kwds) with func traced, and its size."""
    import multiprocessing.pool as mpp
    job, i, func, args, kwds = task
    if func is getattr(mpp, "_helper_reraises_exception", None):
        return task, 0
    mode, n = "call", 1
    if func is mpp.mapstar or func is mpp.starmapstar:
        # Only the first items are rendered: a chunk may hold 100,000.
        mode = "map" if func is mpp.mapstar else "starmap"
        fn, items = args[0]
        n, shown = len(items), "%s over %s" % (getattr(fn, "__name__", "?"), wire.short_items(items))
        if n == 0:
            return task, 0
    else:
        shown = describe_args(args, kwds)
        if len(args) == 1 and not kwds:
            shown = "(%s)" % shown  # one argument comes bare; more come as a tuple
        shown = getattr(func, "__name__", "?") + shown
    first = _take_ids(n)
    chunk = next(_next_chunk) if chunked else 0
    _jobs[(job, i)] = (first, n, call)
    wire.send("task-submitted", task=first, count=n, chunk=chunk, index=offset, label=call, value=wire.cut(shown))
    return (job, i, TracedCall(func, mode, first, offset, chunk), args, kwds), n


def _tapped_generation(tasks, call):
    offset = 0
    for task in tasks:
        try:
            task, n = _trace_task(task, call, offset, True)
            offset += n
        except Exception:
            faults.note("task submitted")
        yield task


class TaskQueueTap:
    """TaskQueueTap stands for a pool's task queue and traces what goes in."""

    def __init__(self, queue):
        self._queue = queue

    def put(self, item, *args, **kwargs):
        try:
            item = self._tap(item)
        except Exception:
            faults.note("task queue")
        return self._queue.put(item, *args, **kwargs)

    def _tap(self, item):
        if not isinstance(item, tuple) or len(item) != 2 or item[0] is None:
            return item
        tasks, set_length = item
        call = getattr(_local, "call", None) or "apply_async"
        if isinstance(tasks, list):
            return [_trace_task(t, call, 0, False)[0] for t in tasks], set_length
        return _tapped_generation(tasks, call), set_length

    def __getattr__(self, name):
        return getattr(self._queue, name)


def _labelled(orig, name):
    @functools.wraps(orig)
    def call(self, *args, **kwargs):
        outer = getattr(_local, "call", None)
        if outer is None:
            _local.call = name
        try:
            return orig(self, *args, **kwargs)
        finally:
            if outer is None:
                _local.call = None
    return call


def _init_hook(orig):
    @functools.wraps(orig)
    def __init__(self, *args, **kwargs):
        orig(self, *args, **kwargs)
        if type(self).__name__ == "ThreadPool":
            return  # its workers are threads of main: not traced yet
        try:
            self._taskqueue = TaskQueueTap(self._taskqueue)
        except Exception:
            faults.note("pool created")
    return __init__


def _first_workers_hook(orig):
    """Return Pool._repopulate_pool, which Pool() calls once its arguments
    passed its checks, to start its first workers, announcing the pool first.

    Why there and not after Pool() returns: whatever main stamps must be sent
    at once. Main may stop for a long while after a worker starts (a busy
    machine), and the worker may meanwhile declare the objects it was handed,
    under its initializer's parameter names: the tracer keeps the first name
    it hears, and holds an event only a short while for earlier ones.
    """
    import multiprocessing.pool as mpp

    @functools.wraps(orig)
    def _repopulate_pool(self):
        if getattr(self, "_state", None) == mpp.INIT and type(self).__name__ != "ThreadPool":
            try:
                announce(self._initializer, self._initargs, self._processes, self._maxtasksperchild, None, 1)
            except Exception:
                faults.note("pool created")
        return orig(self)
    return _repopulate_pool


def announce(init, initargs, workers, maxtasks, t, depth, other=""):
    """Send pool-created for a pool of workers made by the program's frame
    depth levels up from the caller, declaring the shared objects among its
    initargs; t is its stamp (now if None); other is "executor" for a
    ProcessPoolExecutor."""
    initargs = tuple(initargs or ())
    frame = objects.first_user_frame(depth + 1)
    hints = ()
    code = getattr(init, "__code__", None)
    if code is not None:
        hints = code.co_varnames[: code.co_argcount]
    objects.declare_all(list(initargs), frame, hints, t)
    args = [objects.ref(a) for a in initargs] if init else []
    wire.send("pool-created", t=t, object="pool", count=workers, args=args,
              label=getattr(init, "__name__", "") if init else "", gen=maxtasks or 0, other=other)


def _lifecycle_hook(orig, kind, after):
    @functools.wraps(orig)
    def method(self, *args, **kwargs):
        if not after:
            wire.send(kind, object="pool")
        result = orig(self, *args, **kwargs)
        if after:
            wire.send(kind, object="pool")
        return result
    return method


_known = {}  # id of a pool's process list -> the worker pids main knows of


def _spawn_hook(func):
    @functools.wraps(func)
    def _repopulate_pool_static(ctx, Process, processes, pool, *args, **kwargs):
        t = time.monotonic_ns()  # before the new workers can say a word
        try:
            alive = {p.pid for p in pool}
            for pid in sorted(_known.get(id(pool), set()) - alive):
                wire.send("worker-gone", t=t, child=pid)  # main joined it: its slot is free
        except Exception:
            faults.note("workers replaced")
            alive = set()
        result = func(ctx, Process, processes, pool, *args, **kwargs)
        try:
            for p in list(pool):
                if p.pid not in alive and isinstance(p.pid, int):
                    wire.send("worker-spawned", t=t, child=p.pid)
            _known[id(pool)] = {p.pid for p in pool}
        except Exception:
            faults.note("workers started")
        return result
    return _repopulate_pool_static


def install():
    """Patch Pool and its result classes, once."""
    import multiprocessing.pool as mpp
    cls = mpp.Pool
    if not once.first_time(cls):
        return
    cls.__init__ = _init_hook(cls.__init__)
    cls._repopulate_pool = _first_workers_hook(cls._repopulate_pool)
    spawn = cls.__dict__.get("_repopulate_pool_static")
    if isinstance(spawn, staticmethod):
        # Workers get their slots as main starts them, not as each first speaks:
        # a slow one that has not said a word yet still holds its slot.
        cls._repopulate_pool_static = staticmethod(_spawn_hook(spawn.__func__))
    for name in CALLS:
        setattr(cls, name, _labelled(getattr(cls, name), name))
    cls.close = _lifecycle_hook(cls.close, "pool-closed", False)
    cls.terminate = _lifecycle_hook(cls.terminate, "pool-terminated", False)
    cls.join = _lifecycle_hook(cls.join, "pool-joined", True)
