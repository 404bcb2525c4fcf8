"""A task of a ProcessPoolExecutor ends its worker's process: the executor
breaks, and every future still running or pending raises BrokenProcessPool.
A refused submit submits nothing. (No future is cancelled: CPython 3.11's
terminate_broken fails on a cancelled future still in its pending work, and
its executor then hangs.)"""
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool


def crash():
    time.sleep(0.2)
    os._exit(1)


def slow(i):
    time.sleep(5)
    return i


if __name__ == "__main__":
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=fork) as executor:
        futures = [executor.submit(crash)] + [executor.submit(slow, i) for i in range(3)]
        wait(futures)
        broken = sum(isinstance(f.exception(), BrokenProcessPool) for f in futures)
        try:
            executor.submit(slow, 9)
        except BrokenProcessPool:
            broken += 1
        print("broken", broken, flush=True)
