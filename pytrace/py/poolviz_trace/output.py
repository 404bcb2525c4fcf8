"""Each line a process prints becomes an output event, as it is printed."""
import sys

from . import faults
from . import wire


class LineTee:
    """LineTee passes writes on to the real stream and sends each whole line.

    A partial line waits for its newline (print writes the text and the newline
    in two calls); flush sends nothing early, so a line arrives whole.
    """

    def __init__(self, stream, label):
        self._stream = stream
        self._label = label
        self._partial = ""

    def write(self, text):
        try:
            self._stream.write(text)
        except Exception:
            pass
        try:
            self._partial += text
            if "\n" in self._partial:
                *lines, self._partial = self._partial.split("\n")
                for line in lines:
                    wire.send("output", value=line, label=self._label)
        except Exception:
            faults.note("output line")
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        try:
            self._stream.flush()
        except Exception:
            pass

    def finish(self):
        """Send what is left of a last line without its newline."""
        if self._partial:
            wire.send("output", value=self._partial, label=self._label)
            self._partial = ""

    def isatty(self):
        return False

    def __getattr__(self, name):
        return getattr(self._stream, name)


def install():
    """Tee sys.stdout and sys.stderr, once per process."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if stream is not None and not isinstance(stream, LineTee):
            setattr(sys, name, LineTee(stream, name))


def finish():
    """Send the last partial lines of both streams."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if isinstance(stream, LineTee):
            stream.finish()
