"""Hooks on Lock, RLock, Semaphore and BoundedSemaphore: asked for, blocked,
granted, released.

SemLock sets acquire and release on each instance as the C lock's own methods,
and its __enter__ and __exit__ go straight to the C lock, so a subclass would be
bypassed: the hooks wrap the methods _make_methods sets on each instance (also
when a lock is unpickled in a worker), and route __enter__/__exit__ through them.
The C methods stay on the instance as _poolviz_c, so that a Condition's hooks
can take its lock in the program's name.
"""
import time

from . import faults
from . import once
from . import wire
from .objects import _traced


def _traced_types():
    from multiprocessing import synchronize as s
    return (s.Lock, s.RLock, s.Semaphore, s.BoundedSemaphore)


def _is_lock(lock):
    from multiprocessing import synchronize as s
    return type(lock) in (s.Lock, s.RLock)


def _level(lock, fallback):
    """Return a lock's recursion level, or a semaphore's permits left."""
    try:
        if _is_lock(lock):
            return lock._semlock._count()
        return lock._semlock._get_value()
    except Exception:
        return fallback


def acquire(lock, c_acquire, key, args, kwargs):
    """Acquire lock through c_acquire, reporting it under key (None: quietly)."""
    if key is None:
        return c_acquire(*args, **kwargs)
    block = args[0] if args else kwargs.get("block", True)
    timeout = args[1] if len(args) > 1 else kwargs.get("timeout")
    wire.send("acquire-requested", key=key, count=0 if _is_lock(lock) else _level(lock, 0))
    if c_acquire(False):
        wire.send("acquire-granted", key=key, count=_level(lock, 1))
        return True
    if not block:
        return False
    wire.send("wait-began", key=key, label="acquire")
    wire.send("blocked", key=key, label="waits for")
    try:
        got = c_acquire(True, timeout)
    except BaseException as exc:
        wire.send("unblocked", key=key, err=wire.error_text(exc))
        raise
    t = time.monotonic_ns()  # stamped after the acquire returns
    if got:
        wire.send("wait-ended", t=t, key=key, label="acquire")
        wire.send("acquire-granted", t=t, key=key, count=_level(lock, 1))
        wire.send("unblocked", t=t, key=key)
    else:
        wire.send("wait-ended", t=t, key=key, label="acquire", err="timed out")
        wire.send("unblocked", t=t, key=key, err="timed out")
    return got


def release(lock, c_release, key):
    """Release lock through c_release, reporting it under key (None: quietly)."""
    if key is not None and _will_release(lock):
        if _is_lock(lock):
            left = max(_level(lock, 1) - 1, 0)
        else:
            left = _level(lock, 0) + 1
        wire.send("released", key=key, count=left)  # stamped before the release
    return c_release()


def _will_release(lock):
    """Report whether a release will succeed: an RLock its owner releases, a
    Lock or BoundedSemaphore below its maximum (a failed release shows as
    nothing, as in the engine, and raises as ever)."""
    try:
        from multiprocessing import synchronize as s
        semlock = lock._semlock
        if type(lock) is s.RLock:
            return semlock._is_mine()
        if type(lock) in (s.Lock, s.BoundedSemaphore):
            return semlock._get_value() < semlock.maxvalue
    except Exception:
        pass
    return True


def _wrap_instance(lock):
    c_acquire, c_release = lock.acquire, lock.release
    lock._poolviz_c = (c_acquire, c_release)

    def acquire_(*args, **kwargs):
        return acquire(lock, c_acquire, _traced(lock, 1), args, kwargs)

    def release_():
        return release(lock, c_release, _traced(lock, 1))

    lock.acquire, lock.release = acquire_, release_


def install():
    """Patch SemLock so that its four kinds are traced, once."""
    from multiprocessing import synchronize
    cls = synchronize.SemLock
    if not once.first_time(cls):
        return
    orig_make = cls._make_methods

    def _make_methods(self):
        orig_make(self)
        try:
            if type(self) in _traced_types():
                _wrap_instance(self)
        except Exception:
            faults.note("lock created")

    def __enter__(self):
        if type(self) in _traced_types():
            # The program's frame is one level up from here.
            return acquire(self, self._semlock.acquire, _traced(self, 1), (), {})
        return self._semlock.__enter__()

    def __exit__(self, *args):
        if type(self) in _traced_types():
            return release(self, self._semlock.release, _traced(self, 1))
        return self._semlock.__exit__(*args)

    cls._make_methods = _make_methods
    cls.__enter__ = __enter__
    cls.__exit__ = __exit__
