"""A program that never ends: its workers sleep and main waits for them."""
import multiprocessing
import time


def nap(n):
    print("napping", n, flush=True)
    time.sleep(3600)


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        pool.map(nap, range(4))
