"""Workers that print forever, a line every hundredth of a second."""
import multiprocessing
import time


def tick(n):
    while True:
        print("tick", n, flush=True)
        time.sleep(0.01)


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        pool.map(tick, range(2))
