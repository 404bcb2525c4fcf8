"""The connection from one process to the tracer: one JSON object per line."""
import json
import os
import socket
import threading
import time

ENV_SOCKET = "POOLVIZ_TRACE_SOCKET"
SHORT = 60  # a rendered value is cut to this many characters


def short(value):
    """Return repr(value), cut to SHORT characters; never raises."""
    try:
        text = repr(value)
    except Exception as exc:  # a broken __repr__ must not break the program
        text = "<unprintable %s: %s>" % (type(value).__name__, exc)
    return cut(text)


def short_items(items):
    """Return short(items) for a list or tuple, rendering only as many items
    as can show: 30 render to more than SHORT characters, whatever they are."""
    if len(items) > 30:
        return short(items[:30])  # cut, so it ends in "..." as the whole would
    return short(items)


def cut(text):
    """Return text on one line, cut to SHORT characters."""
    text = " ".join(str(text).split())
    if len(text) > SHORT:
        text = text[: SHORT - 3] + "..."
    return text


def _make_encoder():
    """Return a function that renders a dict as json.dumps(d, default=str)
    does, through the C encoder itself where there is one: json.dumps builds
    a new encoder for each call, a cost each event would pay."""
    try:
        from json import encoder as e
        if e.c_make_encoder is None:
            raise ImportError("no C encoder")
        c = e.c_make_encoder(None, str, e.encode_basestring_ascii, None, ": ", ", ", False, False, True)
        return lambda fields: "".join(c(fields, 0))
    except Exception:
        return lambda fields: json.dumps(fields, default=str)


_encode = _make_encoder()


def error_text(exc):
    """Return "Type: message" for an exception, as Python's last line says it."""
    msg = str(exc)
    name = type(exc).__name__
    return "%s: %s" % (name, msg) if msg else name


class Sender:
    """Sender writes this process's events to the tracer's socket.

    The connection is made on first use and again in a forked child, whose
    inherited copy of the parent's socket is closed (closing a copy does not end
    the parent's connection). Each event is sent at once: a worker may be killed
    at any moment, so nothing is buffered until exit.
    """

    def __init__(self):
        self._lock = threading.RLock()
        self._local = threading.local()
        self._sock = None
        self._pid = None
        self._seq = 0
        self.role = "process"
        self.lines = None  # the line tracer: its pending line goes before each event

    def after_fork_in_child(self):
        """Forget the parent's connection and lock, in a forked child."""
        self._lock = threading.RLock()
        self._local = threading.local()
        sock, self._sock, self._pid, self._seq = self._sock, None, None, 0
        self.role = "process"
        if sock is not None:
            try:
                sock.close()
            except Exception:
                pass

    def _connect(self):
        self._pid = os.getpid()
        self._seq = 0
        path = os.environ.get(ENV_SOCKET)
        if not path:
            self._sock = None
            return
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
        except OSError:
            sock.close()
            self._sock = None
            return
        self._sock = sock
        self._write({"kind": "hello", "t": time.monotonic_ns(), "pid": self._pid,
                     "ppid": os.getppid(), "role": self.role})

    def _write(self, fields):
        data = (json.dumps(fields, default=str) + "\n").encode("utf-8", "replace")
        self._sock.sendall(data)

    def send(self, kind, t=None, **fields):
        """Send one event; t is its monotonic stamp in ns (now if None)."""
        lines = self.lines
        if lines is not None and lines.pending and kind != "task-step":
            try:
                lines.flush()
            except Exception:
                pass
        if t is None:
            t = time.monotonic_ns()
        local = self._local
        if getattr(local, "busy", False):
            return  # an event raised while sending one (a warning printed, say)
        local.busy = True
        try:
            with self._lock:
                if self._pid != os.getpid():
                    self._connect()
                if self._sock is None:
                    return
                self._seq += 1
                fields.update(kind=kind, t=t, pid=self._pid, seq=self._seq)
                self._sock.sendall((_encode(fields) + "\n").encode("utf-8", "replace"))
        except Exception:
            self._sock = None  # the tracer went away: the program goes on untraced
        finally:
            local.busy = False


SENDER = Sender()


# send(kind, t=None, **fields) sends one event from this process (the bound
# method itself: one call less per event).
send = SENDER.send
