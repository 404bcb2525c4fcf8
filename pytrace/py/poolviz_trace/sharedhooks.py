"""Hooks on shared data: a Value's reads and writes, a manager's list or dict
(each append or item set is a line of a shared log), and a Pipe's ends (sends
and receives, as puts to and gets from one pipe, labelled "send" and "recv",
as the engine's Pipe records them).

A Value made with lock=False is a bare ctypes object whose value attribute is
C code: RawValue makes it of a subclass (raw_c_int for c_int...) whose value
property reports the program's reads and writes, and which pickles by
reference to this module so that it reaches workers of any start method.
"""
import functools
import os

from . import faults
from . import once
from . import wire
from .objects import _traced
from .queuehooks import traced_get

_RAW = {}  # a simple ctypes type -> its traced subclass


def _raw_class(base):
    cls = _RAW.get(base)
    if cls is not None:
        return cls
    name = "raw_" + base.__name__
    get_c, set_c = base.value.__get__, base.value.__set__

    def get(self):
        v = get_c(self)
        key = _traced(self, 1)
        if key is not None:
            wire.send("value-read", key=key, value=wire.short(v))  # stamped after the read
        return v

    def set_(self, v):
        key = _traced(self, 1)
        if key is not None:
            wire.send("value-written", key=key, value=wire.short(v))  # stamped before the write
        set_c(self, v)

    def __repr__(self):
        return "%s(%r)" % (base.__name__, get_c(self))

    cls = type(name, (base,), {"value": property(get, set_), "__repr__": __repr__,
                               "__module__": __name__, "__qualname__": name, "_poolviz_raw": True})
    _RAW[base] = cls
    globals()[name] = cls
    return cls


def _make_raw_classes():
    """Make the subclass of every simple type a typecode names, so that an
    unpickling child finds each one by name even before it makes a value."""
    from multiprocessing import sharedctypes
    for base in set(sharedctypes.typecode_to_type.values()):
        _raw_class(base)


def _new_value_hook(orig):
    @functools.wraps(orig)
    def _new_value(type_):
        cls = _RAW.get(type_)
        return orig(cls if cls is not None else type_)
    return _new_value


def _synchronized_value():
    def get(self):
        self.acquire()
        try:
            v = self._obj.value
        finally:
            self.release()
        key = _traced(self, 1)
        if key is not None:
            wire.send("value-read", key=key, value=wire.short(v))
        return v

    def set_(self, v):
        key = _traced(self, 1)
        if key is not None:
            wire.send("value-written", key=key, value=wire.short(v))
        self.acquire()
        try:
            self._obj.value = v
        finally:
            self.release()
    return property(get, set_)


def _line(item):
    return wire.cut(item) if isinstance(item, str) else wire.short(item)


def _append_hook(orig):
    @functools.wraps(orig)
    def append(self, item, *args, **kwargs):
        key = _traced(self, 1)
        if key is not None:
            wire.send("log-appended", key=key, value=_line(item))
        return orig(self, item, *args, **kwargs)
    return append


def _setitem_hook(orig):
    @functools.wraps(orig)
    def __setitem__(self, k, v):
        key = _traced(self, 1)
        if key is not None:
            wire.send("log-appended", key=key, value=wire.cut("%s: %s" % (wire.short(k), wire.short(v))))
        return orig(self, k, v)
    return __setitem__


def _pipe_hook(orig):
    @functools.wraps(orig)
    def Pipe(duplex=True):
        c1, c2 = orig(duplex)
        try:
            key = "pipe:%d" % os.fstat(c1.fileno()).st_ino
            c1._poolviz_key = c2._poolviz_key = key
        except Exception:
            faults.note("pipe created")
        return c1, c2
    return Pipe


def rebuild_keyed(key, rebuild, args):
    """Rebuild a pickled end of a Pipe and give it back its pipe's key."""
    conn = rebuild(*args)
    if key:
        try:
            conn._poolviz_key = key
        except Exception:
            faults.note("pipe end")
    return conn


def _reduce_hook(orig):
    """Pickle an end of a Pipe with its pipe's key, so that a spawned child
    speaks of the same pipe as main (a socket pair's ends are two sockets)."""
    @functools.wraps(orig)
    def reduce_connection(conn):
        rebuild, args = orig(conn)
        key = getattr(conn, "_poolviz_key", None)
        if not key:
            return rebuild, args
        return rebuild_keyed, (key, rebuild, args)
    return reduce_connection


def _keep_keys_when_pickled(connection):
    from multiprocessing.reduction import ForkingPickler
    reducers = ForkingPickler._extra_reducers
    orig = reducers.get(connection.Connection)
    if orig is not None:
        reducers[connection.Connection] = _reduce_hook(orig)


def _send_hook(orig):
    @functools.wraps(orig)
    def send(self, obj):
        key = _traced(self, 1)
        if key is not None:
            wire.send("queue-put", key=key, label="send", value=wire.short(obj))  # stamped before the send
        return orig(self, obj)
    return send


def _recv_hook(orig):
    @functools.wraps(orig)
    def recv(self):
        key = _traced(self, 1)
        if key is None:
            return orig(self)
        blocked = False
        try:
            blocked = not self.poll()
        except Exception:
            pass
        return traced_get(key, blocked, lambda: orig(self), label="recv", verb="waits to receive from")
    return recv


def install():
    """Patch sharedctypes, the manager's list and dict proxies and the
    connections of a Pipe, once."""
    from multiprocessing import connection, managers, sharedctypes
    if not once.first_time(sharedctypes):
        return
    _make_raw_classes()
    sharedctypes._new_value = _new_value_hook(sharedctypes._new_value)
    sharedctypes.Synchronized.value = _synchronized_value()
    managers.BaseListProxy.append = _append_hook(managers.BaseListProxy.append)
    managers.DictProxy.__setitem__ = _setitem_hook(managers.DictProxy.__setitem__)
    connection.Pipe = _pipe_hook(connection.Pipe)
    _keep_keys_when_pickled(connection)
    base = connection._ConnectionBase
    base.send = _send_hook(base.send)
    base.recv = _recv_hook(base.recv)
