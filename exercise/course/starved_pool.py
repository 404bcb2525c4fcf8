"""Two waiters and the task they wait for, in a pool of two."""
import multiprocessing as mp

ready = None


def share(event):
    global ready
    ready = event


def wait_for_ready(n):
    ready.wait()
    return "waiter %d went on" % n


def make_ready():
    ready.set()
    return "ready"


if __name__ == "__main__":
    ready = mp.Event()
    with mp.Pool(2, initializer=share, initargs=(ready,)) as pool:
        waiters = [pool.apply_async(wait_for_ready, (n,)) for n in range(2)]
        setter = pool.apply_async(make_ready)
        print(setter.get(), [w.get() for w in waiters])
