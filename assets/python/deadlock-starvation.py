"""Pool starvation: each worker waits for a task no worker is free to run.

Both workers run a parent task that waits for its subtask's signal, but the
subtask is queued behind the parents and never gets a worker.
"""
from multiprocessing import Event, Pool
from time import sleep

WORKERS = 2
TASKS = 2
STARTUP = 0.6  # seconds, so starts can be seen

subtask_done = None  # set in each worker by init_worker


def init_worker(event):
    global subtask_done
    sleep(STARTUP)  # just to watch it start
    subtask_done = event


def parent_task(i):
    subtask_done.wait()  # only subtask() sets it, and it never runs
    return i


def subtask():
    subtask_done.set()


if __name__ == "__main__":
    with Pool(WORKERS, initializer=init_worker, initargs=(Event(),)) as pool:
        parents = [pool.apply_async(parent_task, (i,)) for i in range(TASKS)]
        pool.apply_async(subtask)
        print(f"submitted {TASKS} parent tasks and 1 subtask", flush=True)
        for parent in parents:
            i = parent.get()  # never returns
            print(f"parent task {i} finished", flush=True)
