"""Count the calls of task() across all the workers."""
import multiprocessing as mp

calls = 0


def task(n):
    global calls
    calls += 1
    return n


if __name__ == "__main__":
    with mp.Pool(3) as pool:
        pool.map(task, range(12), chunksize=1)
    print(calls, "calls in all")
