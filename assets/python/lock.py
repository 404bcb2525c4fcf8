"""A Lock makes a read-modify-write on shared memory safe.

Each task adds 1 to a shared counter INCREMENTS times and holds the lock from
the read to the write, so no other worker can slip in between: nothing is lost.
"""
from multiprocessing import Lock, Pool, Value
from time import sleep

WORKERS = 4
TASKS = 8
STARTUP = 0.6  # seconds, so starts can be seen
INCREMENTS = 3

counter = None  # set in each worker by init_worker
lock = None


def init_worker(shared_counter, shared_lock):
    global counter, lock
    sleep(STARTUP)  # just to watch it start
    counter = shared_counter
    lock = shared_lock


def task(i):
    for _ in range(INCREMENTS):
        with lock:
            current = counter.value
            sleep(0.1)  # other workers wait at the lock meanwhile
            counter.value = current + 1


if __name__ == "__main__":
    shared_counter = Value("i", 0, lock=False)  # we bring our own lock
    shared_lock = Lock()
    initargs = (shared_counter, shared_lock)
    with Pool(WORKERS, initializer=init_worker, initargs=initargs) as pool:
        pool.map(task, range(TASKS))
    expected = TASKS * INCREMENTS
    print(f"expected {expected}, got {shared_counter.value}", flush=True)
