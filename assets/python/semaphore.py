"""A Semaphore lets at most LIMIT tasks use a resource at the same time.

A shared Value counts the tasks inside, so main can check the limit held.
"""
from multiprocessing import Pool, Semaphore, Value
from time import sleep

WORKERS = 4
TASKS = 8
STARTUP = 0.6  # seconds, so starts can be seen
LIMIT = 2

slots = None  # set in each worker by init_worker
holders = None


def init_worker(semaphore, counter):
    global slots, holders
    sleep(STARTUP)  # just to watch it start
    slots = semaphore
    holders = counter


def task(i):
    with slots:  # waits while LIMIT tasks are inside
        with holders.get_lock():  # count myself in
            holders.value += 1
            inside = holders.value
        sleep(0.5)  # use the limited resource
        with holders.get_lock():  # count myself out
            holders.value -= 1
    return inside


if __name__ == "__main__":
    initargs = (Semaphore(LIMIT), Value("i", 0))
    with Pool(WORKERS, initializer=init_worker, initargs=initargs) as pool:
        counts = pool.map(task, range(TASKS))
    for i, count in enumerate(counts):
        print(f"task {i}: {count} inside", flush=True)
    print(f"at most {max(counts)} inside at once (limit {LIMIT})", flush=True)
