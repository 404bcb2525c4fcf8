"""Put each square on one queue that main reads.

This version hands the queue to every task. Run it and read the error; then
share the queue through the pool's initializer instead.
"""
import multiprocessing as mp


def square(job):
    answers, n = job
    answers.put((n, n * n))


if __name__ == "__main__":
    answers = mp.Queue()
    with mp.Pool(3) as pool:
        pool.map(square, [(answers, n) for n in range(6)])
        # read inside the with-block: its end terminates the workers, and a
        # Queue's put may still be on its way from a worker's feeder thread
        got = sorted(answers.get() for _ in range(6))
    print(len(got), "squares:", got)
