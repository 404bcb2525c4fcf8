"""An Event holds every task back until main gives the start signal.

The tasks start at once but block in wait(); one set() in main frees them all.
"""
from multiprocessing import Event, Pool
from time import sleep

WORKERS = 4
TASKS = 4
STARTUP = 0.6  # seconds, so starts can be seen

start_signal = None  # set in each worker by init_worker


def init_worker(event):
    global start_signal
    sleep(STARTUP)  # just to watch it start
    start_signal = event


def task(i):
    start_signal.wait()  # blocks until main calls set()
    sleep(1)
    return i


if __name__ == "__main__":
    event = Event()
    with Pool(WORKERS, initializer=init_worker, initargs=(event,)) as pool:
        results = pool.map_async(task, range(TASKS))
        print(f"submitted {TASKS} tasks", flush=True)
        sleep(2)
        print("start signal", flush=True)
        event.set()
        for i in results.get():
            print(f"task {i} finished", flush=True)
