"""Main waits for an end marker that no task ever puts: it hangs in get().

Every result arrives, but the loop only stops at None, and nobody sends None.
"""
from multiprocessing import Pool, SimpleQueue
from time import sleep

WORKERS = 2
TASKS = 3
STARTUP = 0.6  # seconds, so starts can be seen

queue = None  # set in each worker by init_worker


def init_worker(shared_queue):
    global queue
    sleep(STARTUP)  # just to watch it start
    queue = shared_queue


def task(i):
    sleep(i + 1)
    queue.put(i)


if __name__ == "__main__":
    shared_queue = SimpleQueue()
    initargs = (shared_queue,)
    with Pool(WORKERS, initializer=init_worker, initargs=initargs) as pool:
        pool.map_async(task, range(TASKS))
        print(f"submitted {TASKS} tasks", flush=True)
        while True:
            i = shared_queue.get()  # after the last result this waits forever
            if i is None:  # bug: no task ever puts None
                break
            print(f"received task {i}", flush=True)
        print("all results received", flush=True)  # never printed
