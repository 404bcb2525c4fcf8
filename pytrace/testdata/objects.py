"""Workers report through a Queue and take an RLock twice over; main drains,
then passes three items through a JoinableQueue of its own.

The RLock and the Queue reach the workers through the initializer; the Lock is
a module global that fork children inherit.
"""
import multiprocessing

guard = multiprocessing.Lock()
nested = None
results = None


def setup(rlock, queue):
    global nested, results
    nested, results = rlock, queue


def work(n):
    with nested:
        with nested:  # an RLock's owner takes it again at once
            results.put(n * 10)
    with guard:
        pass
    return n


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    reentrant = ctx.RLock()
    outbox = ctx.Queue()
    with ctx.Pool(2, initializer=setup, initargs=(reentrant, outbox)) as pool:
        pool.map(work, range(6))
        got = sorted(outbox.get() for _ in range(6))
    print("got", got, flush=True)
    jobs = ctx.JoinableQueue()
    for n in range(3):
        jobs.put(n)
    for _ in range(3):
        jobs.get()
        jobs.task_done()
    jobs.join()
