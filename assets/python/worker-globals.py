"""A module global is private to each process: each worker counts in its copy.

A multiprocessing.Value handed over by the initializer is one counter for all.
"""
from multiprocessing import Pool, Value
from time import sleep

WORKERS = 4
TASKS = 12
STARTUP = 0.6  # seconds, so starts can be seen

local_count = None   # every process has its own copy of this global
shared_count = None  # set in each worker to the one shared Value


def init_worker(counter):
    global local_count, shared_count
    sleep(STARTUP)  # just to watch it start
    local_count = 0
    shared_count = counter


def task(i):
    global local_count
    local_count += 1
    with shared_count.get_lock():
        shared_count.value += 1
    sleep(0.5)
    return local_count


if __name__ == "__main__":
    counter = Value("i", 0)
    with Pool(WORKERS, initializer=init_worker, initargs=(counter,)) as pool:
        counts = pool.map(task, range(TASKS))
    for i, count in enumerate(counts):
        print(f"task {i}: its worker's local_count = {count}", flush=True)
    print(f"shared count = {counter.value}", flush=True)
    print(f"main's local_count = {local_count}", flush=True)
