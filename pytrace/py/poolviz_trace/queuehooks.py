"""Hooks on SimpleQueue, Queue and JoinableQueue: put and get, with the item."""
import functools
import time

from . import once
from . import wire
from .objects import _traced


def _put_hook(orig):
    @functools.wraps(orig)
    def put(self, obj, *args, **kwargs):
        key = _traced(self, 1)
        if key is not None:
            wire.send("queue-put", key=key, value=wire.short(obj))  # stamped before the put
        return orig(self, obj, *args, **kwargs)
    return put


def _is_empty(q):
    try:
        return q.empty()
    except Exception:
        return False


def _get_hook(orig):
    @functools.wraps(orig)
    def get(self, *args, **kwargs):
        key = _traced(self, 1)
        if key is None:
            return orig(self, *args, **kwargs)
        return traced_get(key, _is_empty(self), lambda: orig(self, *args, **kwargs))
    return get


def traced_get(key, blocked, get, label=None, verb="waits to get from"):
    """Report a get from the queue-like object key, which will wait when
    blocked: blocked before (saying verb), then queue-get (with label, a
    pipe's "recv") and unblocked after get()."""
    if blocked:
        wire.send("blocked", key=key, label=verb, value="it is empty")
    try:
        item = get()
    except BaseException as exc:
        if blocked:
            wire.send("unblocked", key=key, err=wire.error_text(exc))
        raise
    t = time.monotonic_ns()  # stamped after the get returns
    if label:
        wire.send("queue-get", t=t, key=key, label=label, value=wire.short(item))
    else:
        wire.send("queue-get", t=t, key=key, value=wire.short(item))
    if blocked:
        wire.send("unblocked", t=t, key=key)
    return item


def install():
    """Patch put and get of the queue classes, once. Only a method a class
    defines itself is wrapped: JoinableQueue has a put of its own but
    inherits Queue's get, which must not be wrapped twice."""
    from multiprocessing import queues
    for cls in (queues.SimpleQueue, queues.Queue, queues.JoinableQueue):
        if not once.first_time(cls):
            continue
        if "put" in cls.__dict__:
            cls.put = _put_hook(cls.put)
        if "get" in cls.__dict__:
            cls.get = _get_hook(cls.get)
