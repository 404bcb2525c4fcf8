"""imap yields results in task order, imap_unordered as the tasks finish.

Task 0 is slow, so imap holds back every later result until task 0 is done.
"""
from multiprocessing import Pool
from time import sleep

WORKERS = 4
TASKS = 8


def task(i):
    sleep(3 if i == 0 else 0.5 * i)
    return i


if __name__ == "__main__":
    with Pool(WORKERS) as pool:
        for i in pool.imap(task, range(TASKS)):
            print(f"imap: {i}", flush=True)
        for i in pool.imap_unordered(task, range(TASKS)):
            print(f"imap_unordered: {i}", flush=True)
