"""Run a program under the tracer: python -m poolviz_trace script.py args..."""
import os
import runpy
import sys
import traceback

from . import install
from . import lines
from . import output
from . import wire


def _traceback_text(exc):
    """Return the traceback of exc without the tracer's and runpy's frames."""
    here = os.path.dirname(os.path.abspath(__file__))

    def ours(name):
        return name.startswith(here) or name == "<frozen runpy>" or os.path.basename(name) == "runpy.py"

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not ours(f.filename)]
    text = ["Traceback (most recent call last):\n"] + traceback.format_list(frames)
    text += traceback.format_exception_only(type(exc), exc)
    return "".join(text)


def _exit_code(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    return 1


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: python -m poolviz_trace script.py [args...]\n")
        return 2
    script = os.path.abspath(argv[1])
    wire.SENDER.role = "main"
    os.environ[lines.ENV_SCRIPT] = script  # before install, which starts lines
    install.install()
    sys.argv = [script] + argv[2:]
    sys.path[0] = os.path.dirname(script)
    wire.send("main-started", value=os.path.basename(script))
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        code = _exit_code(exc)
        output.finish()
        wire.send("main-ended", err="" if code == 0 else "exit status %d" % code)
        return code
    except BaseException as exc:
        text = _traceback_text(exc)
        sys.stderr.write(text)
        output.finish()
        wire.send("main-ended", err=wire.error_text(exc), value=text)
        return 1
    output.finish()
    wire.send("main-ended")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
