"""Tasks as workers run them: TracedCall wraps the function of each task.

Main gives every task an id when it puts it on the pool's task queue, and the
id travels with the task inside a TracedCall, so a worker reports the very task
main submitted. A map chunk's items run one by one, each reported, as
multiprocessing's mapstar would run them; a chunk of more than PER_ITEM_LIMIT
items is reported as one, as the engine reports a large chunk (its items
then cost no more than the call itself, however many there are).
"""
from . import lines
from . import wire
from . import workerstate

SKIPPED = "skipped: an earlier item of its chunk failed"
PER_ITEM_LIMIT = 64  # as the engine's perItemLimit


def describe_args(args, kwargs):
    """Render a call's arguments: the one argument alone, else a tuple."""
    if len(args) == 1 and not kwargs:
        return wire.short(args[0])
    parts = [wire.short(a) for a in args] + ["%s=%s" % (k, wire.short(v)) for k, v in kwargs.items()]
    return wire.cut("(" + ", ".join(parts) + ")")


def _task_done():
    """Send the task's last line (held back by the rate limit) as its own,
    before it finishes."""
    state = lines.STATE
    if state.pending:
        state.flush()
    state.task = 0


class TracedCall:
    """TracedCall runs a task's function and reports it; it pickles by reference
    to this module, so it reaches workers of any start method.

    mode is "call" (apply, imap with chunksize 1), "map" (a mapstar chunk) or
    "starmap" (a starmapstar chunk). first is the id of its first task, index the
    position of its first item in the submission.
    """

    def __init__(self, func, mode, first, index, chunk):
        self.func, self.mode = func, mode
        self.first, self.index, self.chunk = first, index, chunk

    def __call__(self, *args, **kwargs):
        try:
            return self._run(args, kwargs)
        finally:
            workerstate.job_done()

    def _run(self, args, kwargs):
        if self.mode == "call":
            return self._one(self.first, self.index, self.func, args, kwargs)
        fn, items = args[0]
        if len(items) > PER_ITEM_LIMIT:
            return self._chunk(fn, items)
        results = []
        for k, item in enumerate(items):
            task, index = self.first + k, self.index + k
            try:
                if self.mode == "starmap":
                    results.append(self._one(task, index, fn, tuple(item), {}))
                else:
                    results.append(self._one(task, index, fn, (item,), {}))
            except BaseException:
                for j in range(k + 1, len(items)):
                    wire.send("task-finished", task=self.first + j, index=self.index + j, err=SKIPPED)
                raise
        return results

    def _chunk(self, fn, items):
        """Run a large chunk as mapstar or starmapstar would, reported as one
        task-started and one task-finished (Count: its items)."""
        n = len(items)
        fields = {"task": self.first, "index": self.index, "chunk": self.chunk, "count": n}
        wire.send("task-started", **fields)
        lines.STATE.task = self.first
        lines.follow_begin()
        try:
            results = lines.run_items(fn, items, self.mode == "starmap")  # as (star)mapstar
        except BaseException as exc:
            lines.follow_end()
            _task_done()
            wire.send("task-finished", err=wire.error_text(exc), **fields)
            workerstate.after_task(fn)
            raise
        lines.follow_end()
        _task_done()
        wire.send("task-finished", **fields)
        workerstate.after_task(fn)
        return results

    def _one(self, task, index, fn, args, kwargs):
        wire.send("task-started", task=task, index=index, chunk=self.chunk,
                  value=describe_args(args, kwargs))
        lines.STATE.task = task  # the lines it runs are its steps
        lines.follow_begin()
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:
            lines.follow_end()
            _task_done()
            wire.send("task-finished", task=task, index=index, err=wire.error_text(exc))
            workerstate.after_task(fn)
            raise
        lines.follow_end()
        _task_done()
        wire.send("task-finished", task=task, index=index, value=wire.short(result))
        workerstate.after_task(fn)
        return result
