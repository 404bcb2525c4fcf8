"""A ProcessPoolExecutor whose initializer sets a worker global; main submits,
maps and collects results as they complete. With an argument, its workers
are spawned and (from Python 3.11) each is replaced after two jobs."""
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

scale = None


def prepare(factor):
    global scale
    scale = factor


def times(n):
    return n * scale


def add(a, b):
    return (a + b) * scale


def slow_times(n):
    time.sleep(0.3)  # main reaches result() first, and waits there
    return n * scale


if __name__ == "__main__":
    options = {}
    if len(sys.argv) > 1:
        options = {"mp_context": multiprocessing.get_context("spawn")}
        if sys.version_info >= (3, 11):  # max_tasks_per_child is new in 3.11
            options["max_tasks_per_child"] = 2
            print("each worker does two jobs at most", flush=True)
    with ProcessPoolExecutor(max_workers=2, initializer=prepare, initargs=(10,), **options) as executor:
        futures = [executor.submit(times, n) for n in range(3)]
        done = sorted(f.result() for f in as_completed(futures))
        mapped = list(executor.map(add, range(4), range(4), chunksize=2))
        one = executor.submit(slow_times, 7).result()
    print("done", done, "mapped", mapped, "one", one, flush=True)
