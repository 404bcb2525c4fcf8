"""Hooks on the program's own shared objects: queues, locks and rlocks.

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

from . import wire

_HERE = os.path.dirname(os.path.abspath(__file__))
_LIBRARY = tuple(sorted({p for p in (sysconfig.get_paths().get("stdlib"),
                                     sysconfig.get_paths().get("platstdlib"),
                                     _HERE) if p}))
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


def identify(obj):
    """Return (key, kind, capacity) for a traced object, or None."""
    from multiprocessing import queues, synchronize
    try:
        if isinstance(obj, (queues.SimpleQueue, queues.Queue)):
            cap = getattr(obj, "_maxsize", 0) if isinstance(obj, queues.Queue) else 0
            return _sem_key(obj._rlock._semlock), "queue", cap
        if type(obj) is synchronize.Lock:
            return _sem_key(obj._semlock), "lock", 0
        if type(obj) is synchronize.RLock:
            return _sem_key(obj._semlock), "rlock", 0
    except Exception:
        return None
    return None


def ref(value):
    """Return how an event shows value: a traced object by its key (the tracer
    puts its name there), anything else as a short repr."""
    ident = identify(value)
    if ident is None:
        return {"value": wire.short(value)}
    return {"value": type(value).__name__, "key": ident[0]}


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
    wire.send("object-created", t=t, key=key, label=kind, object=hint, count=cap or 0)
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
        return None
