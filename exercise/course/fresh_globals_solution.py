"""Each worker counts the tasks it served in a global; a worker retires after
two tasks, and its replacement starts from 0."""
import multiprocessing as mp
import time

served = None


def start():
    global served
    served = 0


def task(n):
    global served
    served += 1
    time.sleep(0.02)
    return served


if __name__ == "__main__":
    with mp.Pool(2, initializer=start, maxtasksperchild=2) as pool:
        counts = pool.map(task, range(8), chunksize=1)
    print("the busiest worker served", max(counts), "tasks")
