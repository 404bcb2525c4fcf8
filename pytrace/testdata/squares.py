"""Ten squares on three workers; each worker remembers its own name.

The start method comes from the first argument (fork, spawn or forkserver).
"""
import multiprocessing
import os
import sys

label = None  # set in every worker by setup


def setup(prefix):
    global label
    label = "%s-%d" % (prefix, os.getpid())


def square(n):
    print("square of", n, "on", label, flush=True)
    return (n, n * n)


if __name__ == "__main__":
    multiprocessing.set_start_method(sys.argv[1])
    with multiprocessing.Pool(3, initializer=setup, initargs=("w",)) as pool:
        results = [pool.apply_async(square, (n,)) for n in range(10)]
        pairs = [r.get(timeout=60) for r in results]
        # close and join, not terminate: every worker starts, even a slow one
        pool.close()
        pool.join()
    print("got", len(pairs), "results", flush=True)
