"""A program whose names, globals, results, errors and prints hold escape sequences."""
from multiprocessing import Pool, Queue

TITLE = "\x1b]0;PWNED\x07"
stash = None


def init_worker(q):
    global stash
    stash = "global" + TITLE


def work(x):
    if x == 2:
        raise ValueError("bad" + TITLE)
    return "result" + TITLE


if __name__ == "__main__":
    box = Queue()
    with Pool(2, initializer=init_worker, initargs=(box,)) as pool:
        results = [pool.apply_async(work, ("item" + TITLE if i else i,)) for i in range(3)]
        for r in results:
            try:
                print("got", r.get(timeout=30) + "\x1b[?1049h")
            except ValueError as e:
                print("failed", e)
