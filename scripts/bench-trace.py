"""The program scripts/bench-trace.sh times, untraced and traced.

It prints one line, "elapsed SECONDS", the time of the pool's work alone
(not Python's start-up), for the workload named by its first argument:
  map    pool.map of 100,000 trivial items (Python's own chunks, about 3,900 each)
  apply  2,000 apply_async calls, each a task of its own
"""
import multiprocessing as mp
import sys
import time


def square(x):
    return x * x


def main(workload):
    with mp.Pool(2) as pool:
        pool.map(square, range(4))  # the workers are up before the clock starts
        start = time.perf_counter()
        if workload == "map":
            pool.map(square, range(100_000))
        else:
            for r in [pool.apply_async(square, (i,)) for i in range(2_000)]:
                r.get()
        elapsed = time.perf_counter() - start
    print(f"elapsed {elapsed:.4f}")


if __name__ == "__main__":
    main(sys.argv[1])
