"""A future still pending in a ProcessPoolExecutor is cancelled: it never
runs, and the trace ends it before it started."""
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor


def slow(i):
    time.sleep(0.2)
    return i


if __name__ == "__main__":
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=fork) as executor:
        futures = [executor.submit(slow, i) for i in range(4)]
        cancelled = futures[3].cancel()  # its call queue holds 2: the 4th is still pending
        print("cancelled", cancelled, [f.result() for f in futures[:3]], flush=True)
