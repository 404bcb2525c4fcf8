"""Test hooks for running the poolviz Python listings (assets/python/*.py).

Python imports this module at start-up when this folder is on PYTHONPATH, in
the main program and in every worker (forked workers inherit the patches,
spawned ones import this again). The listings themselves carry no test code.

POOLVIZ_TIME_SCALE=<float>  (e.g. 0.02)
    time.sleep(s) sleeps s * scale. Patched before the listing runs, so
    `from time import sleep` picks up the scaled one. Timeouts that the
    listing passes to multiprocessing are scaled too (AsyncResult.get/wait,
    IMapIterator.next, Lock/RLock/Semaphore.acquire, Event/Condition/Barrier
    wait, Queue.get/put); only calls made from the listing itself are scaled,
    so a timeout is never scaled twice on its way through multiprocessing.

POOLVIZ_INIT_TRACE=<file>
    Every run of a Pool or ProcessPoolExecutor initializer (in the worker)
    appends one line to the file: "init <pid> ok" or
    "init <pid> raised <ExceptionType>".

Whenever this module is loaded, the process and every child it forks exit
as soon as their parent is gone: killing a hung listing (or a launcher such as
a pyenv shim in front of it) leaves no orphaned main or workers behind.
"""
import functools
import os
import sys
import threading
import time

_real_sleep = time.sleep
_LISTING_MODULES = ("__main__", "__mp_main__")


def _read_scale():
    try:
        scale = float(os.environ.get("POOLVIZ_TIME_SCALE", "1"))
    except ValueError:
        return 1.0
    return scale if scale >= 0 else 1.0


SCALE = _read_scale()


def _scaled(seconds):
    return None if seconds is None else seconds * SCALE


def _scaled_sleep(seconds):
    _real_sleep(seconds * SCALE)


def _called_from_listing():
    # frame 0: here, 1: the timeout wrapper, 2: whoever called it
    return sys._getframe(2).f_globals.get("__name__") in _LISTING_MODULES


def _scale_timeout(func, position):
    """Wrap func so that its timeout (keyword, or positional argument number
    `position`) is scaled when the listing calls it."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if _called_from_listing():
            if "timeout" in kwargs:
                kwargs["timeout"] = _scaled(kwargs["timeout"])
            elif len(args) > position:
                args = list(args)
                args[position] = _scaled(args[position])
        return func(*args, **kwargs)

    return wrapper


def _patch_time():
    import multiprocessing.pool as pool
    import multiprocessing.queues as queues
    import multiprocessing.synchronize as synchronize

    time.sleep = _scaled_sleep

    for cls, name, position in [
        (pool.ApplyResult, "get", 1),  # MapResult inherits these
        (pool.ApplyResult, "wait", 1),
        (pool.IMapIterator, "next", 1),
        (synchronize.Event, "wait", 1),
        (synchronize.Condition, "wait", 1),
        (synchronize.Condition, "wait_for", 2),
        (synchronize.Barrier, "wait", 1),
        (queues.Queue, "get", 2),
        (queues.Queue, "put", 3),
    ]:
        setattr(cls, name, _scale_timeout(getattr(cls, name), position))

    # Lock, RLock, Semaphore, BoundedSemaphore: acquire is bound per instance.
    make_methods = synchronize.SemLock._make_methods

    def _make_methods(self):
        make_methods(self)
        self.acquire = _scale_timeout(self.acquire, 1)

    synchronize.SemLock._make_methods = _make_methods


class _TracedInitializer:
    """Runs the real initializer and logs the run; picklable for spawn."""

    def __init__(self, initializer, path):
        self.initializer = initializer
        self.path = path

    def _log(self, outcome):
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, f"init {os.getpid()} {outcome}\n".encode())
        finally:
            os.close(fd)

    def __call__(self, *args):
        try:
            self.initializer(*args)
        except BaseException as exc:
            self._log(f"raised {type(exc).__name__}")
            raise
        self._log("ok")


def _patch_pool_init(path):
    import multiprocessing.pool as pool

    original_init = pool.Pool.__init__

    @functools.wraps(original_init)
    def __init__(self, processes=None, initializer=None, *args, **kwargs):
        if initializer is not None:
            initializer = _TracedInitializer(initializer, path)
        original_init(self, processes, initializer, *args, **kwargs)

    pool.Pool.__init__ = __init__

    from concurrent.futures import process

    original_executor_init = process.ProcessPoolExecutor.__init__

    @functools.wraps(original_executor_init)
    def executor_init(self, max_workers=None, mp_context=None, initializer=None, *args, **kwargs):
        if initializer is not None:
            initializer = _TracedInitializer(initializer, path)
        original_executor_init(self, max_workers, mp_context, initializer, *args, **kwargs)

    process.ProcessPoolExecutor.__init__ = executor_init


def _exit_with_parent():
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            _real_sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="poolviz-orphan-watch", daemon=True).start()


if SCALE != 1.0:
    _patch_time()
if os.environ.get("POOLVIZ_INIT_TRACE"):
    _patch_pool_init(os.environ["POOLVIZ_INIT_TRACE"])
_exit_with_parent()
os.register_at_fork(after_in_child=_exit_with_parent)
