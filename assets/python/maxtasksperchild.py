"""maxtasksperchild replaces a worker process after it has run that many tasks.

The replacement runs the initializer again and starts with fresh globals, so
no worker process ever runs more than MAX_TASKS tasks.
"""
from multiprocessing import Pool
from time import sleep

WORKERS = 2
TASKS = 8
STARTUP = 0.6  # seconds, so starts can be seen
MAX_TASKS = 2  # passed as maxtasksperchild

seen = None  # task ids run by this worker process, set by init_worker


def init_worker():
    global seen
    sleep(STARTUP)  # just to watch it start
    seen = []


def task(i):
    seen.append(i)
    sleep(0.5)
    return len(seen)


if __name__ == "__main__":
    with Pool(WORKERS, initializer=init_worker,
              maxtasksperchild=MAX_TASKS) as pool:
        counts = pool.map(task, range(TASKS))
    for i in range(TASKS):
        print(f"task {i} done", flush=True)
    print(f"most tasks run by one worker process: {max(counts)}", flush=True)
