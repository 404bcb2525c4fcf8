"""Workers send their results to main through one end of a Pipe.

Main keeps the receiving end and hands the sending end, with a Lock, to every
worker through the pool initializer. A Queue locks its writers for you; a
pipe's end does not, so the workers hold the lock while they send.
"""
from multiprocessing import Lock, Pipe, Pool
from random import random
from time import sleep

WORKERS = 4
TASKS = 8
STARTUP = 0.6  # seconds, so starts can be seen

conn = None  # set in each worker by init_worker
send_lock = None


def init_worker(pipe_end, lock):
    global conn, send_lock
    sleep(STARTUP)  # just to watch it start
    conn = pipe_end
    send_lock = lock


def task(i):
    value = random() * 3
    sleep(value)
    # A pipe end, unlike a Queue, has no lock:
    # two big sends at once could mix bytes.
    with send_lock:
        conn.send((i, value))


if __name__ == "__main__":
    # main only receives; workers only send
    reader, writer = Pipe(duplex=False)
    shared_lock = Lock()
    initargs = (writer, shared_lock)
    with Pool(WORKERS, initializer=init_worker, initargs=initargs) as pool:
        pool.map_async(task, range(TASKS))
        print(f"submitted {TASKS} tasks", flush=True)
        for _ in range(TASKS):
            i, value = reader.recv()
            print(f"task {i} slept {value:.2f} s", flush=True)
        print(f"received all {TASKS} results", flush=True)
