"""Hooks on Lock and RLock: asked for, blocked, granted, released.

SemLock sets acquire and release on each instance as the C lock's own methods,
and its __enter__ and __exit__ go straight to the C lock, so a subclass would be
bypassed: the hooks wrap the methods _make_methods sets on each instance (also
when a lock is unpickled in a worker), and route __enter__/__exit__ through them.
"""
import time

from . import wire
from .objects import _traced


def _level(lock, fallback):
    try:
        return lock._semlock._count()
    except Exception:
        return fallback


def _acquire(lock, c_acquire, depth, args, kwargs):
    key = _traced(lock, depth + 1)
    if key is None:
        return c_acquire(*args, **kwargs)
    block = args[0] if args else kwargs.get("block", True)
    timeout = args[1] if len(args) > 1 else kwargs.get("timeout")
    wire.send("acquire-requested", key=key)
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


def _release(lock, c_release, depth):
    key = _traced(lock, depth + 1)
    if key is not None:
        level = max(_level(lock, 1) - 1, 0)
        wire.send("released", key=key, count=level)  # stamped before the release
    return c_release()


def _wrap_instance(lock):
    c_acquire, c_release = lock.acquire, lock.release

    def acquire(*args, **kwargs):
        return _acquire(lock, c_acquire, 1, args, kwargs)

    def release():
        return _release(lock, c_release, 1)

    lock.acquire, lock.release = acquire, release


def install():
    """Patch SemLock so that Lock and RLock instances are traced, once."""
    from multiprocessing import synchronize
    cls = synchronize.SemLock
    if cls.__dict__.get("_poolviz_traced"):
        return
    orig_make = cls._make_methods

    def _make_methods(self):
        orig_make(self)
        try:
            if type(self) in (synchronize.Lock, synchronize.RLock):
                _wrap_instance(self)
        except Exception:
            pass

    def __enter__(self):
        if type(self) in (synchronize.Lock, synchronize.RLock):
            return _enter(self)
        return self._semlock.__enter__()

    def __exit__(self, *args):
        if type(self) in (synchronize.Lock, synchronize.RLock):
            return _exit(self)
        return self._semlock.__exit__(*args)

    cls._make_methods = _make_methods
    cls.__enter__ = __enter__
    cls.__exit__ = __exit__
    cls._poolviz_traced = True


def _enter(lock):
    # Called from SemLock.__enter__: the program's frame is two levels up.
    return _acquire(lock, lock._semlock.acquire, 2, (), {})


def _exit(lock):
    return _release(lock, lock._semlock.release, 2)
