"""A pool task answers main's questions over a Pipe until main sends None."""
import multiprocessing as mp
import sys

conn = None


def setup(end):
    global conn
    conn = end


def answer():
    count = 0
    while True:
        question = conn.recv()
        if question is None:
            return count
        conn.send(question * 2)
        count += 1


if __name__ == "__main__":
    ctx = mp.get_context(sys.argv[1] if len(sys.argv) > 1 else "fork")
    here, there = ctx.Pipe()
    with ctx.Pool(1, initializer=setup, initargs=(there,)) as pool:
        answered = pool.apply_async(answer)
        replies = []
        for q in (1, 2, 3):
            here.send(q)
            replies.append(here.recv())
        here.send(None)
        print("replies", replies, "answered", answered.get(), flush=True)
