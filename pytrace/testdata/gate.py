"""Workers pass a gate (an Event), share two permits (a BoundedSemaphore),
meet at a Barrier and count into a locked Value; main opens the gate once
every worker waits at it, which a Condition tells main."""
import multiprocessing as mp
import sys

WORKERS = 3


def setup(gate_, permits_, meeting_, tally_, ready_, waiting_):
    global gate, permits, meeting, tally, ready, waiting
    gate, permits, meeting, tally, ready, waiting = gate_, permits_, meeting_, tally_, ready_, waiting_


def visit(n):
    with ready:
        waiting.value += 1
        ready.notify()
    gate.wait()
    with permits:
        with tally.get_lock():
            tally.value += 1
    meeting.wait()
    return n


if __name__ == "__main__":
    ctx = mp.get_context(sys.argv[1] if len(sys.argv) > 1 else "fork")
    gate = ctx.Event()
    permits = ctx.BoundedSemaphore(2)
    meeting = ctx.Barrier(WORKERS)
    tally = ctx.Value("i", 0)
    ready = ctx.Condition()
    waiting = ctx.Value("i", 0, lock=False)
    args = (gate, permits, meeting, tally, ready, waiting)
    with ctx.Pool(WORKERS, initializer=setup, initargs=args) as pool:
        done = pool.map_async(visit, range(WORKERS), chunksize=1)
        with ready:
            ready.wait_for(lambda: waiting.value == WORKERS)
        gate.set()
        print("visited", sorted(done.get()), "tally", tally.value, flush=True)
