"""Workers share one queue that main created.

The queue reaches every worker through the pool initializer, and main reads
the results from it as they arrive: in completion order, not task order.
"""
from multiprocessing import Pool, SimpleQueue
from random import random
from time import sleep

WORKERS = 4
TASKS = 10
STARTUP = 0.6  # seconds, so starts can be seen

queue = None  # set in each worker by init_worker


def init_worker(shared_queue):
    global queue
    sleep(STARTUP)  # just to watch it start
    queue = shared_queue


def task(i):
    value = random() * 5
    sleep(value)
    queue.put((i, value))


if __name__ == "__main__":
    shared_queue = SimpleQueue()
    initargs = (shared_queue,)
    with Pool(WORKERS, initializer=init_worker, initargs=initargs) as pool:
        pool.map_async(task, range(TASKS))
        print(f"submitted {TASKS} tasks", flush=True)
        for _ in range(TASKS):
            i, value = shared_queue.get()
            print(f"task {i} slept {value:.2f} s", flush=True)
        print(f"received all {TASKS} results", flush=True)
