"""Six tasks should start only when main says go."""
import multiprocessing as mp
import time

go = None


def share(event):
    global go
    go = event


def task(n):
    return n * 10


if __name__ == "__main__":
    go = mp.Event()
    with mp.Pool(3, initializer=share, initargs=(go,)) as pool:
        pending = pool.map_async(task, range(6), chunksize=1)
        time.sleep(0.2)
        print("main is ready")
        print(pending.get())
