"""Pool workers write into a manager's list and dict through the initializer."""
from multiprocessing import Manager, Pool

notes = None
marks = None


def share(list_, dict_):
    global notes, marks
    notes, marks = list_, dict_


def mark(n):
    notes.append("saw %d" % n)
    marks[n] = n * n
    return n


if __name__ == "__main__":
    with Manager() as manager:
        journal = manager.list()
        squares = manager.dict()
        with Pool(2, initializer=share, initargs=(journal, squares)) as pool:
            pool.map(mark, range(4))
        print("lines", len(journal), "keys", sorted(squares.keys()), flush=True)
