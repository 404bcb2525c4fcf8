"""Workers write lines to a queue; main reads them until the end marker."""
import multiprocessing as mp

lines = None


def share(queue):
    global lines
    lines = queue


def write(n):
    lines.put("line %d" % n)


if __name__ == "__main__":
    # A SimpleQueue writes each put before it returns. A Queue hands it to a
    # feeder thread, which could still hold a line when the with-block below
    # terminates the workers: that line would be lost.
    lines = mp.SimpleQueue()
    with mp.Pool(2, initializer=share, initargs=(lines,)) as pool:
        pool.map(write, range(5))
    count = 0
    while True:
        line = lines.get()
        if line is None:
            break
        count += 1
    print("read", count, "lines, done")
