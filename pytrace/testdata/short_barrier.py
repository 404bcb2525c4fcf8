"""Two tasks wait at a Barrier for three parties, with a timeout: the first
wait to time out breaks it, and every wait ends broken."""
import multiprocessing as mp
import threading

meet = None


def setup(barrier):
    global meet
    meet = barrier


def arrive(n):
    try:
        meet.wait(timeout=0.2)
    except threading.BrokenBarrierError:
        return "broken"
    return "passed"


if __name__ == "__main__":
    ctx = mp.get_context("fork")
    three = ctx.Barrier(3)
    with ctx.Pool(2, initializer=setup, initargs=(three,)) as pool:
        print(pool.map(arrive, range(2), chunksize=1), flush=True)
