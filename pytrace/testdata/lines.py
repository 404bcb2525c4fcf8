"""Main and two workers step through lines that a test can name."""
from multiprocessing import Pool
from time import sleep


def double(n):
    total = 0
    for _ in range(3):
        total += n
        sleep(0.001)  # SLEEP-LINE: the line is sent as the sleep begins
    return total


if __name__ == "__main__":
    with Pool(2) as pool:
        doubled = pool.map(double, range(4), chunksize=1)  # MAP-LINE
    print("doubled", doubled, flush=True)
