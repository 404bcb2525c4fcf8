"""The line each process is on, in the script's own file only.

Each change of line becomes a task-step event (label "line", count: the line
number), throttled to one per process per GAP_NS of monotonic time: a line
that comes sooner waits as pending, and is sent before the process's next
event of any kind (so a wait or a put always follows the line it came from), as
it calls time.sleep, or when a later line finds the gap over. Python 3.12 and
later use sys.monitoring, turning LINE events on for the script's code objects
alone; older versions use sys.settrace with a per-frame filter (a frame of
another file gets no local trace function, so its lines cost nothing).

POOLVIZ_TRACE_LINES=0 turns lines off; POOLVIZ_TRACE_SCRIPT names the script
(main sets it, so that every child knows it).
"""
import functools
import itertools
import os
import sys
import threading
import time

from . import faults
from . import wire

ENV_LINES = "POOLVIZ_TRACE_LINES"
ENV_SCRIPT = "POOLVIZ_TRACE_SCRIPT"
GAP_NS = 1_000_000  # at most one line event per process per millisecond


class LineState:
    """LineState is this process's last line sent and the one pending."""

    def __init__(self):
        self.sent = 0  # the line last sent
        self.sent_at = 0  # when it was sent
        self.pending = 0  # a newer line not sent yet, 0 for none
        self.task = 0  # the task this process runs, 0 for none (as the engine's steps carry it)
        self.started = False
        self.hook = None  # the settrace hook, on Python before 3.12
        self.in_worker = False  # lines are followed only inside the program's own calls
        self.quiet = False  # lines are not followed for now (on 3.12 and later)

    def reset(self):
        self.sent = self.sent_at = self.pending = self.task = 0

    def saw(self, line):
        if line == self.sent:
            self.pending = 0
            return
        now = time.monotonic_ns()
        if now - self.sent_at < GAP_NS:
            self.pending = line
            return
        self.pending = 0
        self.sent, self.sent_at = line, now
        wire.send("task-step", t=now, label="line", count=line, task=self.task)

    def flush(self):
        """Send the pending line, if any; called before any other event."""
        line = self.pending
        if line and line != self.sent:
            self.pending = 0
            now = time.monotonic_ns()
            self.sent, self.sent_at = line, now
            wire.send("task-step", t=now, label="line", count=line, task=self.task)


STATE = LineState()


def enabled():
    return os.environ.get(ENV_LINES, "1") != "0" and bool(os.environ.get(ENV_SCRIPT))


def _settrace_hooks(script):
    saw = STATE.saw

    def local(frame, event, arg):
        # The hot path: every line of the script's code comes here.
        if event == "line":
            saw(frame.f_lineno)
        return local

    def global_(frame, event, arg):
        # A call event's line is the def line: the first line event follows.
        if frame.f_code.co_filename == script:
            return local
        return None

    return global_


def _start_settrace(script):
    hook = _settrace_hooks(script)
    STATE.hook = hook
    sys.settrace(hook)
    threading.settrace(hook)


def _start_monitoring(script):
    mon = sys.monitoring
    for tool in (3, 4):  # ids no standard tool (debugger, coverage, profiler) takes
        try:
            mon.use_tool_id(tool, "poolviz_trace")
            break
        except ValueError:
            continue
    else:
        return False  # every free id is taken: no lines
    saw = STATE.saw

    def on_start(code, offset):
        if code.co_filename == script:
            mon.set_local_events(tool, code, mon.events.LINE)
        return mon.DISABLE

    def on_line(code, line):
        if not STATE.quiet:
            saw(line)

    mon.register_callback(tool, mon.events.PY_START, on_start)
    mon.register_callback(tool, mon.events.LINE, on_line)
    mon.set_events(tool, mon.events.PY_START)
    return True


def _quiet(on):
    """Stop (on) or go on following lines in this thread; it reports whether
    they were followed before."""
    if STATE.hook is None:
        was, STATE.quiet = not STATE.quiet, on
        return was
    was = sys.gettrace() is STATE.hook
    if was or not on:
        sys.settrace(None if on else STATE.hook)
    return was


def worker_started():
    """In a pool's worker, follow lines only while the program's own code
    runs (its initializer and its tasks), with follow_begin and follow_end
    around it. Why: before Python 3.12 the line tracer is called at every call
    of every function, and the worker's own loop (the standard library's,
    which has no line to show) makes dozens of calls for each task."""
    if STATE.hook is not None and sys.gettrace() is STATE.hook:
        sys.settrace(None)
        STATE.in_worker = True


def follow_begin():
    """Follow lines in this thread from here, in a worker; see worker_started."""
    if STATE.in_worker:
        sys.settrace(STATE.hook)


def follow_end():
    """Stop following lines in this thread, in a worker; see worker_started."""
    if STATE.in_worker:
        sys.settrace(None)


def run_items(fn, items, star):
    """Run a large chunk's items as mapstar (star: starmapstar) would, and
    return their results, following lines on one item now and then only.

    Why: lines are sent at most once per GAP_NS anyway, yet following every
    line of a chunk of trivial calls costs the program several times the
    calls themselves. So one item runs followed and, if it took less than
    GAP_NS, a stretch of items runs unfollowed, in C's own map loop, sized to
    last about GAP_NS: a slow function is followed on every item, a trivial
    one on few.
    """
    run = itertools.starmap if star else map
    if not STATE.started or not (STATE.hook is None or sys.gettrace() is STATE.hook):
        return list(run(fn, items))
    results, i, n, stretch = [], 0, len(items), 1
    while i < n:
        began = time.monotonic_ns()
        results.extend(run(fn, items[i:i + 1]))  # followed
        i += 1
        if time.monotonic_ns() - began >= GAP_NS:
            continue  # a slow item: follow the next one too
        batch = items[i:i + stretch]
        if not batch:
            break
        began = time.monotonic_ns()
        followed = _quiet(True)
        try:
            results.extend(run(fn, batch))
        finally:
            if followed:
                _quiet(False)
        took = time.monotonic_ns() - began
        i += len(batch)
        if took < GAP_NS // 2:
            stretch *= 2
        elif took > 2 * GAP_NS:
            stretch = max(1, stretch // 2)
    return results


def _sleep_hook(orig):
    @functools.wraps(orig)
    def sleep(seconds):
        try:
            STATE.flush()
        except Exception:
            pass
        return orig(seconds)
    return sleep


def start():
    """Trace the script's lines in this process (once; again after a fork,
    where the thread that forked may not have traced)."""
    try:
        if not enabled() or STATE.started:
            return
        STATE.started = True
        script = os.environ[ENV_SCRIPT]
        if not getattr(time.sleep, "_poolviz_traced", False):
            time.sleep = _sleep_hook(time.sleep)
            time.sleep._poolviz_traced = True
        wire.SENDER.lines = STATE
        if sys.version_info >= (3, 12):
            _start_monitoring(script)
        else:
            _start_settrace(script)
    except Exception:
        faults.note("line tracing")


def after_fork_in_child():
    """Forget the parent's lines, and trace this child's thread anew."""
    STATE.reset()
    STATE.in_worker = False
    STATE.started = sys.version_info >= (3, 12)  # monitoring is per process and carries over
    start()
