"""Hooks on concurrent.futures.ProcessPoolExecutor, shown as a pool.

The executor's workers run concurrent.futures.process._process_worker, which
_spawn_process looks up by name each time: a traced one (pickling by reference)
reports each worker's life as Pool's workers do. Under fork every worker starts
at the first submit; under spawn and forkserver one more starts per submit
while none is idle. Every submit, and every chunk of map (map submits each
chunk at once, in order), wraps its function in a TracedCall, so a worker
reports the very task main submitted. A future's done callback, run by the
executor's manager thread, is the result-ready; main waiting on result(), on
as_completed or on map's iterator is a blocked/unblocked pair. The manager
thread's terminate_broken, as a worker's death breaks the executor, is the
pool-broken.
"""
import functools
import threading
from multiprocessing import connection as mp_connection
import time
import weakref

from . import faults
from . import objects
from . import once
from . import pooltap
from . import results
from . import wire
from . import workerstate
from .results import task_range
from .tasks import TracedCall, describe_args

_local = threading.local()  # the map call in progress on this thread
_waits = weakref.WeakKeyDictionary()  # a future of ours -> what waiting on it is called


def _traced_worker(orig):
    @functools.wraps(orig)
    def _process_worker(call_queue, result_queue, initializer, initargs, max_tasks=None):
        init = workerstate.started(initializer, initargs)
        more = () if max_tasks is None else (max_tasks,)  # before 3.11: no max_tasks
        try:
            orig(call_queue, result_queue, init, initargs, *more)
        except BaseException as exc:
            workerstate.exited(max_tasks, "", exc)
            raise
        workerstate.exited(max_tasks, "replaced after max_tasks_per_child")
    return _process_worker


def _init_hook(orig):
    @functools.wraps(orig)
    def __init__(self, *args, **kwargs):
        t = time.monotonic_ns()
        orig(self, *args, **kwargs)
        try:
            pooltap.announce(self._initializer, self._initargs, self._max_workers,
                             getattr(self, "_max_tasks_per_child", None), t, 1, other="executor")
        except Exception:
            faults.note("executor created")
    return __init__


def _spawn_hook(orig):
    @functools.wraps(orig)
    def _spawn_process(self):
        t = time.monotonic_ns()  # before the new worker can say a word
        before = set(self._processes)
        result = orig(self)
        try:
            for pid in sorted(set(self._processes) - before):
                wire.send("worker-spawned", t=t, child=pid)
        except Exception:
            faults.note("executor workers")
        return result
    return _spawn_process


def _chunk_of_map(fn, args):
    """Return (function, items) if fn(*args) is a chunk of map, else None."""
    from concurrent.futures import process
    if isinstance(fn, functools.partial) and fn.func is process._process_chunk and len(args) == 1:
        return fn.args[0], args[0]
    return None


def _trace_submit(fn, args, kwargs):
    """Return (fn, args, label of its result) with fn traced."""
    chunk = _chunk_of_map(fn, args)
    m = getattr(_local, "map", None)
    if chunk is not None and m is not None:
        inner, items = chunk
        n = len(items)
        first = pooltap._take_ids(n)
        m["chunks"] += 1
        shown = "%s over %s" % (getattr(inner, "__name__", "?"), wire.short_items([a[0] if len(a) == 1 else a for a in items[:30]]))
        wire.send("task-submitted", task=first, count=n, chunk=m["chunks"], index=m["offset"], label="map",
                  value=wire.cut(shown))
        traced = TracedCall(inner, "starmap", first, m["offset"], m["chunks"])
        m["offset"] += n
        m["sizes"].append(n)
        return traced, ((inner, items),), "map " + task_range(first, n), first, n
    first = pooltap._take_ids(1)
    shown = describe_args(args, kwargs)
    if len(args) == 1 and not kwargs:
        shown = "(%s)" % shown
    wire.send("task-submitted", task=first, count=1, label="submit",
              value=wire.cut(getattr(fn, "__name__", "?") + shown))
    return TracedCall(fn, "call", first, 0, 0), args, task_range(first, 1), first, 1


def _done(label, first, n):
    def callback(future):
        try:
            fields = {"task": first, "count": n, "label": label, "as": "handler"}
            if future.cancelled():
                fields["err"] = "cancelled"
            elif future.exception() is not None:
                fields["err"] = wire.error_text(future.exception())
            wire.send("result-ready", **fields)
        except Exception:
            faults.note("future done")
    return callback


def _submit_hook(orig):
    @functools.wraps(orig)
    def submit(self, fn, /, *args, **kwargs):
        if getattr(self, "_broken", False) or getattr(self, "_shutdown_thread", False):
            return orig(self, fn, *args, **kwargs)  # it raises: nothing is submitted
        try:
            fn2, args2, label, first, n = _trace_submit(fn, args, kwargs)
        except Exception:
            faults.note("submit")
            return orig(self, fn, *args, **kwargs)
        future = orig(self, fn2, *args2, **kwargs)
        try:
            _waits[future] = "result of " + label
            m = getattr(_local, "map", None)
            if m is not None:
                m["futures"].append(future)
            future.add_done_callback(_done(label, first, n))
        except Exception:
            faults.note("submit")
        return future
    return submit


def _map_hook(orig):
    @functools.wraps(orig)
    def map(self, fn, *iterables, **kwargs):
        outer = getattr(_local, "map", None)
        m = {"offset": 0, "chunks": 0, "sizes": [], "futures": []}
        _local.map = m
        try:
            results = orig(self, fn, *iterables, **kwargs)
        finally:
            _local.map = outer
        return _waited_items(results, m["futures"], m["sizes"], "next result of the map call")
    return map


def _waited_items(results, futures, sizes, what):
    """Yield results' items, reporting main blocked while the future that
    holds the next one is not done."""
    k, used = 0, 0  # the future holding the next item, and its items taken
    while True:
        while k < len(futures) and used >= sizes[k]:
            k, used = k + 1, 0
        wait = k < len(futures) and not futures[k].done() and objects.first_user_frame(1) is not None
        if wait:
            wire.send("blocked", object=what, label="waits for the")
        try:
            item = next(results)
        except StopIteration:
            return
        finally:
            if wait:
                wire.send("unblocked", object=what)
        used += 1
        yield item


def _result_waited(future):
    """Name what the program waits for on a future of ours not done yet (not
    the executor's own map waiting on it); None if it will not wait."""
    what = _waits.get(future)
    if what is None or future.done() or objects.user_frame(2) is None:
        return None
    return what


def _as_completed_hook(orig):
    @functools.wraps(orig)
    def as_completed(fs, timeout=None):
        fs = list(fs)  # it may be a generator: read once, here
        ours = [f for f in fs if f in _waits]
        given = set()
        results = orig(fs, timeout)
        while True:
            left = [f for f in ours if f not in given]
            wait = bool(left) and not any(f.done() for f in left)
            if wait:
                wire.send("blocked", object="next result of the as_completed call", label="waits for the")
            try:
                future = next(results)
            except StopIteration:
                return
            finally:
                if wait:
                    wire.send("unblocked", object="next result of the as_completed call")
            given.add(future)
            yield future
    return as_completed


def _shutdown_hook(orig):
    @functools.wraps(orig)
    def shutdown(self, wait=True, **kwargs):
        wire.send("pool-closed", object="pool")
        result = orig(self, wait, **kwargs)
        if wait:
            wire.send("pool-joined", object="pool")
        return result
    return shutdown


def _broken_hook(orig):
    @functools.wraps(orig)
    def terminate_broken(self, cause):
        # Before the executor stops its other workers: the dead one's exit
        # code tells a process that ended abruptly (os._exit, a signal) from
        # one whose initializer raised (it returns, exit code 0).
        try:
            procs = list(self.processes.values())
            ended = set(mp_connection.wait([p.sentinel for p in procs], timeout=0))
            dead = []
            for p in procs:
                if p.sentinel in ended:
                    p.join(1)  # it ended: reap it, for its exit code
                    dead.append(p.exitcode)
            dead = [c for c in dead if c is not None]
            fields = {"object": "pool"}
            if any(c != 0 for c in dead):
                code = next(c for c in dead if c != 0)
                fields["label"] = "abrupt"
                fields["err"] = "BrokenProcessPool: the process of a worker ended abruptly (exit code %d)" % code
            else:
                fields["err"] = "BrokenProcessPool: the initializer of a worker failed"
            wire.send("pool-broken", **fields)
        except Exception:
            faults.note("executor broken")
        return orig(self, cause)
    return terminate_broken


def install():
    """Patch concurrent.futures' process pool, once."""
    import concurrent.futures as cf
    from concurrent.futures import _base, process
    cls = process.ProcessPoolExecutor
    if not once.first_time(cls):
        return
    process._process_worker = _traced_worker(process._process_worker)
    cls.__init__ = _init_hook(cls.__init__)
    cls._spawn_process = _spawn_hook(cls._spawn_process)
    cls.submit = _submit_hook(cls.submit)
    cls.map = _map_hook(cls.map)
    cls.shutdown = _shutdown_hook(cls.shutdown)
    manager = getattr(process, "_ExecutorManagerThread", None)  # from Python 3.9
    if manager is not None and hasattr(manager, "terminate_broken"):
        manager.terminate_broken = _broken_hook(manager.terminate_broken)
    _base.Future.result = results.blocking_hook(_base.Future.result, _result_waited)
    traced = _as_completed_hook(_base.as_completed)
    _base.as_completed = traced
    cf.as_completed = traced
