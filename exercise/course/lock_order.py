"""Two moves, each holding both locks: left to right, and right to left."""
import multiprocessing as mp
import time

locks = None


def share(left, right):
    global locks
    locks = {"left": left, "right": right}


def move(direction):
    first, second = direction
    with locks[first]:
        time.sleep(1)  # long enough for the other move to take its first lock, even on a busy machine
        with locks[second]:
            return first + " to " + second


if __name__ == "__main__":
    left, right = mp.Lock(), mp.Lock()
    with mp.Pool(2, initializer=share, initargs=(left, right)) as pool:
        print(pool.map(move, [("left", "right"), ("right", "left")], chunksize=1))
    print("both moves done")
