"""Count the calls of task() across all the workers, in one shared Value."""
import multiprocessing as mp

calls = None


def share(counter):
    global calls
    calls = counter


def task(n):
    with calls.get_lock():
        calls.value += 1
    return n


if __name__ == "__main__":
    calls = mp.Value("i", 0)
    with mp.Pool(3, initializer=share, initargs=(calls,)) as pool:
        pool.map(task, range(12), chunksize=1)
    print(calls.value, "calls in all")
