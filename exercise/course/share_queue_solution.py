"""Put each square on one queue that main reads: the queue reaches every
worker once, through the initializer, and lives in a global of the worker."""
import multiprocessing as mp

answers = None


def keep_queue(queue):
    global answers
    answers = queue


def square(n):
    answers.put((n, n * n))


if __name__ == "__main__":
    answers = mp.Queue()
    with mp.Pool(3, initializer=keep_queue, initargs=(answers,)) as pool:
        pool.map(square, range(6))
        # read inside the with-block: its end terminates the workers, and a
        # Queue's put may still be on its way from a worker's feeder thread
        got = sorted(answers.get() for _ in range(6))
    print(len(got), "squares:", got)
