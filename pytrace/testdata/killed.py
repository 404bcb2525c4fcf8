"""A task kills its own worker: CPython starts a new worker, but the task's
result never comes, and main waits for it forever."""
import os
import signal
from multiprocessing import Pool


def task(i):
    if i == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return i


if __name__ == "__main__":
    with Pool(2) as pool:
        print(pool.apply_async(task, (0,)).get(), flush=True)
        print(pool.apply_async(task, (1,)).get(), flush=True)  # never returns
