"""Two tasks take the same two locks in opposite order: a deadlock.

Each task holds one lock and waits forever for the one the other task holds.
"""
from multiprocessing import Lock, Pool
from time import sleep

WORKERS = 2
TASKS = 2
STARTUP = 0.6  # seconds, so starts can be seen

lock_a = None  # set in each worker by init_worker
lock_b = None


def init_worker(a, b):
    global lock_a, lock_b
    sleep(STARTUP)  # just to watch it start
    lock_a, lock_b = a, b


def task(i):
    first, second = (lock_a, lock_b) if i == 0 else (lock_b, lock_a)
    with first:
        sleep(1)  # meanwhile the other task takes its first lock
        with second:  # held by the other task, which waits for ours
            return i


if __name__ == "__main__":
    initargs = (Lock(), Lock())  # lock A, lock B
    with Pool(WORKERS, initializer=init_worker, initargs=initargs) as pool:
        print(f"submitting {TASKS} tasks", flush=True)
        results = pool.map(task, range(TASKS))
        print(f"results: {results}", flush=True)  # never printed
