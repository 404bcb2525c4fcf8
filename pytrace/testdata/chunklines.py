"""Two maps of one large chunk each: a slow function and a trivial one."""
import multiprocessing
import time


def nap(x):
    time.sleep(0.003)  # mark: nap
    return x


def square(x):
    return x * x  # mark: square


if __name__ == "__main__":
    with multiprocessing.Pool(1) as pool:
        print("naps", sum(pool.map(nap, range(100), chunksize=100)), flush=True)
        print("squares", sum(pool.map(square, range(100_000), chunksize=100_000)), flush=True)
