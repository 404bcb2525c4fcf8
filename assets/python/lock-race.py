"""Without a lock, a read-modify-write on shared memory loses updates.

Two workers can read the same old value; both write old + 1, so one
increment disappears. The final count ends up below the expected one.
"""
from multiprocessing import Pool, Value
from time import sleep

WORKERS = 4
TASKS = 8
STARTUP = 0.6  # seconds, so starts can be seen
INCREMENTS = 3

counter = None  # set in each worker by init_worker


def init_worker(shared_counter):
    global counter
    sleep(STARTUP)  # just to watch it start
    counter = shared_counter


def task(i):
    for _ in range(INCREMENTS):
        current = counter.value
        sleep(0.1)  # another worker can read the same old value now
        counter.value = current + 1  # ...and one of the two updates is lost


if __name__ == "__main__":
    shared_counter = Value("i", 0, lock=False)
    initargs = (shared_counter,)
    with Pool(WORKERS, initializer=init_worker, initargs=initargs) as pool:
        pool.map(task, range(TASKS))
    expected = TASKS * INCREMENTS
    print(f"expected {expected}, got {shared_counter.value}", flush=True)
