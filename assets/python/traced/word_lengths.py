"""Count letters in words on a pool; each worker reports to one shared queue."""
import multiprocessing as mp
import os
import time

reports = None   # set in every worker by setup()
worker_tag = ""  # likewise: this worker's own name


def setup(queue):
    global reports, worker_tag
    reports = queue
    worker_tag = f"pid {os.getpid()}"


def measure(word):
    time.sleep(0.3)  # pretend the work takes a while
    size = len(word)
    reports.put((worker_tag, word, size))
    return size


def main():
    words = ["pool", "worker", "queue", "initializer", "global", "lock",
             "result", "chunk", "process", "pickle", "fork", "spawn"]
    queue = mp.Queue()
    with mp.Pool(3, initializer=setup, initargs=(queue,)) as pool:
        sizes = pool.map(measure, words, chunksize=2)
        for _ in words:
            tag, word, size = queue.get()
            print(f"{tag} measured {word!r}: {size}")
    print("total letters:", sum(sizes))


if __name__ == "__main__":
    main()
