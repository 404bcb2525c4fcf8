"""An initializer that raises kills its worker. The pool starts a new worker,
which fails the same way, again and again: no task ever runs, no result comes.
"""
from multiprocessing import Pool
from time import sleep

WORKERS = 2
TASKS = 4
STARTUP = 0.6  # seconds, so starts can be seen
SETTINGS = {"workers": WORKERS}  # "factor" was forgotten

factor = None  # set in each worker by init_worker


def init_worker(settings):
    global factor
    sleep(STARTUP)  # just to watch it start
    factor = settings["factor"]  # KeyError in every new worker


def task(i):
    return i * factor


if __name__ == "__main__":
    with Pool(WORKERS, initializer=init_worker, initargs=(SETTINGS,)) as pool:
        print(f"submitting {TASKS} tasks", flush=True)
        for result in pool.imap(task, range(TASKS)):
            print(f"result: {result}", flush=True)  # never printed
