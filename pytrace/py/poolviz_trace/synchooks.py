"""Hooks on Event, Condition and Barrier, as the program calls them.

Each is built from locks and semaphores that its own methods take: those calls
come from the standard library's code and pass untraced, so only what the
program does shows (set, clear, wait, notify, a barrier's wait), and the lock
of a Condition shows as the program takes it.
"""
import functools
import threading
import time

from . import lockhooks
from . import once
from . import wire
from .objects import _traced, identify

_local = threading.local()  # the Condition whose wait_for the program called
TIMED_OUT = "timed out"  # as the engine's ErrTimeout says it
BROKEN = "barrier is broken"  # as the engine's ErrBrokenBarrier says it


def _hook(orig, body):
    """Return a method that calls body(self, key, orig, args, kwargs) when the
    program calls it (key names the object), else orig alone."""
    @functools.wraps(orig)
    def method(self, *args, **kwargs):
        key = _traced(self, 1)
        if key is None and getattr(_local, "waiting_for", None) is self:
            key = identify(self)[0]  # a wait of the program's wait_for
        if key is None:
            return orig(self, *args, **kwargs)
        return body(self, key, orig, args, kwargs)
    return method


def _timeout(args, kwargs):
    return args[0] if args else kwargs.get("timeout")


def _waited(key, why, call):
    """Run call, a wait on key: wait-began, blocked when why is not None, then
    wait-ended and unblocked; call returns (result, value, err, count)."""
    if why is not None:
        wire.send("blocked", key=key, label="waits for", value=why)
    try:
        result, value, err, count = call()
    except BaseException as exc:
        t = time.monotonic_ns()
        err = BROKEN if isinstance(exc, threading.BrokenBarrierError) else wire.error_text(exc)
        wire.send("wait-ended", t=t, key=key, label="wait", value="False", err=err)
        if why is not None:
            wire.send("unblocked", t=t, key=key, err=err)
        raise
    t = time.monotonic_ns()  # stamped after the wait returns
    wire.send("wait-ended", t=t, key=key, label="wait", value=value, err=err, count=count)
    if why is not None:
        wire.send("unblocked", t=t, key=key, err=err)
    return result


def _event_set(self, key, orig, args, kwargs):
    wire.send("flag-set", key=key)  # stamped before the waiters can wake
    return orig(self, *args, **kwargs)


def _event_clear(self, key, orig, args, kwargs):
    wire.send("flag-cleared", key=key)
    return orig(self, *args, **kwargs)


def _event_wait(self, key, orig, args, kwargs):
    wire.send("wait-began", key=key, label="wait")
    why = None if self.is_set() else "it is not set"

    def call():
        got = orig(self, *args, **kwargs)
        return got, "True" if got else "False", "" if got else TIMED_OUT, 0
    return _waited(key, why, call)


def _lock_key(cond):
    ident = identify(cond._lock)
    return ident[0] if ident else None


def _cond_wait(self, key, orig, args, kwargs):
    lock_key = _lock_key(self)
    wire.send("wait-began", key=key, label="wait")
    if lock_key:
        wire.send("released", key=lock_key, count=0)  # wait lets go of the lock

    def call():
        got = orig(self, *args, **kwargs)
        return got, "True" if got else "False", "" if got else TIMED_OUT, 0
    try:
        return _waited(key, "nobody has notified it", call)
    finally:
        if lock_key:  # wait took the lock back
            wire.send("acquire-granted", key=lock_key, count=lockhooks._level(self._lock, 1))


def _cond_wait_for(self, key, orig, args, kwargs):
    # Its waits (none if the predicate holds at once) are the program's.
    outer = getattr(_local, "waiting_for", None)
    _local.waiting_for = self
    try:
        return orig(self, *args, **kwargs)
    finally:
        _local.waiting_for = outer


def _cond_notify(self, key, orig, args, kwargs):
    n = args[0] if args else kwargs.get("n", 1)
    wire.send("notified", key=key, count=n)
    return orig(self, *args, **kwargs)


def _cond_notify_all(self, key, orig, args, kwargs):
    wire.send("notified", key=key, count=-1)  # -1: all who wait
    return orig(self, *args, **kwargs)


def _cond_enter(self, key, orig, args, kwargs):
    lock = self._lock
    c_acquire = getattr(lock, "_poolviz_c", (lock._semlock.acquire,))[0]
    return lockhooks.acquire(lock, c_acquire, _lock_key(self), args, kwargs)


def _cond_exit(self, key, orig, args, kwargs):
    lock = self._lock
    c_release = getattr(lock, "_poolviz_c", (None, lock._semlock.release))[1]
    return lockhooks.release(lock, c_release, _lock_key(self))


def _barrier_wait(self, key, orig, args, kwargs):
    try:
        arrived = self.n_waiting + 1
    except Exception:
        arrived = 1
    wire.send("wait-began", key=key, label="wait", count=arrived)
    why = "not every party is here" if arrived < self.parties else None

    was_broken = self.broken
    timeout = _timeout(args, kwargs)

    def call():
        try:
            index = orig(self, *args, **kwargs)
        except threading.BrokenBarrierError:
            if not was_broken:  # every waiter says so: the tracer keeps the first
                timed = timeout is not None or self._timeout is not None
                wire.send("barrier-broken", key=key, label="timeout" if timed else "abort")
            raise
        except BaseException:
            if not was_broken and self.broken:  # the action failed
                wire.send("barrier-broken", key=key, label="action")
            raise
        return index, "", "", index  # as the engine's: the index wait returned
    return _waited(key, why, call)


def _barrier_abort(self, key, orig, args, kwargs):
    wire.send("barrier-broken", key=key, label="abort")
    return orig(self, *args, **kwargs)


def _barrier_reset(self, key, orig, args, kwargs):
    wire.send("barrier-reset", key=key)
    return orig(self, *args, **kwargs)


_HOOKS = {
    "Event": {"set": _event_set, "clear": _event_clear, "wait": _event_wait},
    "Condition": {"wait": _cond_wait, "wait_for": _cond_wait_for, "notify": _cond_notify, "notify_all": _cond_notify_all,
                  "__enter__": _cond_enter, "__exit__": _cond_exit},
    "Barrier": {"wait": _barrier_wait, "abort": _barrier_abort, "reset": _barrier_reset},
}


def install():
    """Patch Event, Condition and Barrier of multiprocessing.synchronize, once."""
    from multiprocessing import synchronize
    for name, hooks in _HOOKS.items():
        cls = getattr(synchronize, name)
        if not once.first_time(cls):
            continue
        for method, body in hooks.items():
            setattr(cls, method, _hook(getattr(cls, method), body))
