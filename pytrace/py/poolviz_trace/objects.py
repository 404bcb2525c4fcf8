"""The program's own shared objects: queues, locks, semaphores, events,
conditions, barriers, values, manager lists and dicts, and pipes.

Only calls made from the program's code are shown: the pool's own queues and
locks, and the locks inside Event, Condition or a queue, are used from the
standard library's code and pass through untraced. An object is known across
processes by its semaphore (its name under spawn and forkserver, its handle
under fork), so main and every worker speak of the same one.
"""
import os
import sys
import sysconfig
import threading

from . import faults
from . import wire

_HERE = os.path.dirname(os.path.abspath(__file__))
_LIBRARY = tuple(sorted({p for p in (sysconfig.get_paths().get("stdlib"),
                                     sysconfig.get_paths().get("platstdlib"),
                                     _HERE) if p}))
_UNBOUNDED = 2**31 - 1  # the maxsize a Queue made without one has (SEM_VALUE_MAX)
_declared = set()  # keys this process has declared
_declared_lock = threading.Lock()


def user_frame(depth):
    """Return the frame depth levels above the caller if it is the program's own
    code (not the standard library's, not the tracer's), else None."""
    try:
        frame = sys._getframe(depth + 1)
    except ValueError:
        return None
    name = frame.f_code.co_filename
    if name.startswith("<") or name.startswith(_LIBRARY):
        return None
    return frame


def first_user_frame(depth):
    """Return the nearest frame of the program's own code above the caller."""
    try:
        frame = sys._getframe(depth + 1)
    except ValueError:
        return None
    while frame is not None:
        name = frame.f_code.co_filename
        if not name.startswith("<") and not name.startswith(_LIBRARY):
            return frame
        frame = frame.f_back
    return None


def name_in(frame, obj):
    """Return the name of a variable of frame that holds obj, or ""."""
    if frame is None:
        return ""
    for scope in (frame.f_locals, frame.f_globals):
        for name, value in list(scope.items()):
            if value is obj and not name.startswith("_"):
                return name
    return ""


def _sem_key(semlock):
    name = getattr(semlock, "name", None)
    if name:
        return "sem:" + name
    return "handle:%d" % semlock.handle


def _sem_count(sem):
    try:
        return sem._semlock._get_value()
    except Exception:
        return 0


def _identify_sync(obj):
    """Return (key, kind, capacity) for a lock, semaphore, event, condition or
    barrier of multiprocessing.synchronize, or None."""
    from multiprocessing import synchronize as s
    t = type(obj)
    if t is s.Lock or t is s.RLock:
        return _sem_key(obj._semlock), t.__name__.lower(), 0
    if t is s.Semaphore:
        return _sem_key(obj._semlock), "semaphore", _sem_count(obj)
    if t is s.BoundedSemaphore:
        return _sem_key(obj._semlock), "bounded-semaphore", obj._semlock.maxvalue
    if t is s.Event:
        return "event:" + _sem_key(obj._cond._sleeping_count._semlock), "event", 0
    if t is s.Condition:
        return "cond:" + _sem_key(obj._sleeping_count._semlock), "condition", 0
    if t is s.Barrier:
        return "barrier:" + _sem_key(obj._cond._sleeping_count._semlock), "barrier", obj._parties
    return None


def _memory_key(raw):
    """Return the key of a value in shared memory: its arena's file (the same
    file in every process, whatever the start method) and its offset there."""
    try:
        (arena, start, _stop), _size = raw._wrapper._state
        return "mem:%d:%d" % (os.fstat(arena.fd).st_ino, start)
    except Exception:
        import ctypes
        return "mem:%d" % ctypes.addressof(raw)  # the same under fork only


def _identify_shared(obj):
    """Return (key, kind, capacity) for a Value, a manager's list or dict, or
    an end of a Pipe, or None."""
    from multiprocessing import connection, managers, sharedctypes
    if isinstance(obj, sharedctypes.Synchronized):
        return "value:" + _sem_key(obj._lock._semlock), "value", 0
    if getattr(type(obj), "_poolviz_raw", False):
        return _memory_key(obj), "value", 0
    if isinstance(obj, managers.BaseProxy) and obj._token.typeid in ("list", "dict"):
        return "proxy:%s:%s" % (obj._token.address, obj._token.id), "log", 0
    if isinstance(obj, connection.Connection):
        key = getattr(obj, "_poolviz_key", None)
        return key or "pipe:%d" % os.fstat(obj.fileno()).st_ino, "pipe", 0
    return None


def identify(obj):
    """Return (key, kind, capacity) for a traced object, or None."""
    from multiprocessing import queues
    try:
        if isinstance(obj, (queues.SimpleQueue, queues.Queue)):
            cap = getattr(obj, "_maxsize", 0) if isinstance(obj, queues.Queue) else 0
            if cap >= _UNBOUNDED:
                cap = 0  # Queue() without a maxsize: no bound to show
            kind = "simple-queue" if isinstance(obj, queues.SimpleQueue) else "queue"  # as the engine's
            return _sem_key(obj._rlock._semlock), kind, cap
        return _identify_sync(obj) or _identify_shared(obj)
    except Exception:
        return None


def _built_on(obj, kind, hint, t):
    """Declare the lock obj is built on where the program can take it (a
    Value's get_lock, a Condition's lock), named after obj; return its key."""
    lock = getattr(obj, "_lock", None) if kind in ("value", "condition") else None
    if lock is None or identify(lock) is None:
        return ""
    return declare(lock, hint + " lock" if hint else "", t) or ""


def _initial(obj, kind):
    if kind != "value":
        return None
    try:
        from multiprocessing import sharedctypes
        raw = obj._obj if isinstance(obj, sharedctypes.Synchronized) else obj
        return wire.short(raw.value)  # read from here: not shown as a read
    except Exception:
        return None


def ref(value):
    """Return how an event shows value: a traced object by its key (the tracer
    puts its name there), anything else as a short repr."""
    ident = identify(value)
    if ident is None:
        return {"value": wire.short(value)}
    shown = "Value" if ident[1] == "value" else type(value).__name__  # as the engine's Value prints
    return {"value": shown, "key": ident[0]}


def rendered(value):
    """Return what tells a change of a global: a traced object's key (its
    contents change without the global changing), else its short repr."""
    shown = ref(value)
    return shown.get("key") or shown["value"]


def declare(obj, hint="", t=None):
    """Declare obj once in this process: its key, kind and a name for it.

    The tracer keeps the first name it hears for a key, so the name main gives
    (the variable it created the object in) wins over a worker's.
    """
    ident = identify(obj)
    if ident is None:
        return None
    key, kind, cap = ident
    with _declared_lock:
        if key in _declared:
            return key
        _declared.add(key)
    of = _built_on(obj, kind, hint, t)
    fields = {"of": of} if of else {}
    initial = _initial(obj, kind)
    if initial is not None:
        fields["value"] = initial
    wire.send("object-created", t=t, key=key, label=kind, object=hint, count=cap or 0, **fields)
    return key


def declare_all(values, frame=None, hints=(), t=None):
    """Declare every traced object among values, named after a variable of
    frame holding it, else after hints (parameter names) by position."""
    for i, value in enumerate(values):
        if identify(value) is None:
            continue
        hint = name_in(frame, value) or (hints[i] if i < len(hints) else "")
        declare(value, hint, t)


def forget_declared():
    """Forget what was declared, in a forked child that must declare anew."""
    global _declared_lock
    _declared_lock = threading.Lock()
    _declared.clear()


def _traced(obj, depth):
    """Return obj's key if the call depth levels up is the program's, else None."""
    frame = user_frame(depth + 1)
    if frame is None:
        return None
    try:
        return declare(obj, name_in(frame, obj))
    except Exception:
        faults.note("object named")
        return None
