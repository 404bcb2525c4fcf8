"""A Barrier makes every task finish phase 1 before any task starts phase 2.

All parties must be running at the same time, so TASKS may not exceed WORKERS.
"""
from multiprocessing import Barrier, Pool
from random import random
from time import sleep

WORKERS = 3
TASKS = 3
STARTUP = 0.6  # seconds, so starts can be seen

barrier = None  # set in each worker by init_worker


def init_worker(shared_barrier):
    global barrier
    sleep(STARTUP)  # just to watch it start
    barrier = shared_barrier


def task(i):
    sleep(random() * 2)  # phase 1 takes a different time in every task
    barrier.wait()  # nobody goes on until all TASKS tasks are here
    sleep(random())  # phase 2
    return i


if __name__ == "__main__":
    initargs = (Barrier(TASKS),)
    with Pool(WORKERS, initializer=init_worker, initargs=initargs) as pool:
        for i in pool.map(task, range(TASKS)):
            print(f"task {i} finished both phases", flush=True)
