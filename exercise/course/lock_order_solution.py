"""Two moves, each holding both locks, always taken left first."""
import multiprocessing as mp
import time

locks = None


def share(left, right):
    global locks
    locks = {"left": left, "right": right}


def move(direction):
    with locks["left"]:
        time.sleep(0.1)
        with locks["right"]:
            return direction[0] + " to " + direction[1]


if __name__ == "__main__":
    left, right = mp.Lock(), mp.Lock()
    with mp.Pool(2, initializer=share, initargs=(left, right)) as pool:
        print(pool.map(move, [("left", "right"), ("right", "left")], chunksize=1))
    print("both moves done")
