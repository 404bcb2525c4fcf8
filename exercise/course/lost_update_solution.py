"""Twelve tasks each add one to a shared total, holding its lock from the
read to the write."""
import multiprocessing as mp
import time

total = None


def share(value):
    global total
    total = value


def add_one(n):
    with total.get_lock():
        seen = total.value
        time.sleep(0.05)  # a little work between the read and the write
        total.value = seen + 1


if __name__ == "__main__":
    total = mp.Value("i", 0)
    with mp.Pool(4, initializer=share, initargs=(total,)) as pool:
        pool.map(add_one, range(12), chunksize=1)
    print("total", total.value)
