"""ProcessPoolExecutor takes an initializer and initargs as Pool does, so the
queue main created reaches every worker the same way.

submit returns one future per task, and as_completed yields the futures as
their tasks finish. A worker process that dies breaks the whole executor:
every running or pending future raises BrokenProcessPool, where a Pool would
lose the task and wait for it forever.
"""
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from time import sleep

WORKERS = 4
TASKS = 8
STARTUP = 0.6  # seconds, so starts can be seen

queue = None  # set in each worker by init_worker


def init_worker(shared_queue):
    global queue
    sleep(STARTUP)  # just to watch it start
    queue = shared_queue


def task(i):
    seconds = 1 + i * 7 % 5 / 2  # 1 to 3 s, not in task order
    sleep(seconds)
    queue.put((i, seconds))
    return i  # the future's result: which task this was


def crash():
    sleep(0.5)
    os._exit(1)  # the process ends on the spot: no exception, no result


if __name__ == "__main__":
    fork = multiprocessing.get_context("fork")
    shared_queue = fork.SimpleQueue()
    with ProcessPoolExecutor(WORKERS, mp_context=fork, initializer=init_worker,
                             initargs=(shared_queue,)) as executor:
        futures = [executor.submit(task, i) for i in range(TASKS)]
        print(f"submitted {TASKS} tasks", flush=True)
        for future in as_completed(futures):
            future.result()  # raises what the task raised
            i, seconds = shared_queue.get()
            print(f"task {i} took {seconds} s", flush=True)

        doomed = {executor.submit(crash): "crash()"}
        for i in range(TASKS, TASKS + WORKERS):
            doomed[executor.submit(task, i)] = f"task({i})"
        print(f"submitted crash() and {WORKERS} more tasks", flush=True)
        for future in as_completed(doomed):
            try:
                future.result()  # raises BrokenProcessPool
            except BrokenProcessPool:
                print(f"{doomed[future]}: BrokenProcessPool", flush=True)
        try:
            executor.submit(task, TASKS)
        except BrokenProcessPool as error:
            print(f"submit refused: {type(error).__name__}", flush=True)
