"""A Manager list is one log that every worker can append to.

Each worker gets a proxy to the list through the initializer; the list itself
lives in the manager's process. Main prints the whole log at the end.
"""
from multiprocessing import Manager, Pool
from random import random
from time import sleep

WORKERS = 3
TASKS = 8
STARTUP = 0.6  # seconds, so starts can be seen

log = None  # set in each worker by init_worker


def init_worker(shared_log):
    global log
    sleep(STARTUP)  # just to watch it start
    log = shared_log


def task(i):
    log.append(f"task {i}: started")
    sleep(random() * 2)
    log.append(f"task {i}: done")


if __name__ == "__main__":
    with Manager() as manager:
        shared_log = manager.list()
        initargs = (shared_log,)
        with Pool(WORKERS, initializer=init_worker, initargs=initargs) as pool:
            pool.map(task, range(TASKS))
        print(f"the log has {len(shared_log)} lines:", flush=True)
        for line in shared_log:
            print(line, flush=True)
