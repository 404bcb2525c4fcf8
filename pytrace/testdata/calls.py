"""One of each way to hand a pool work, with chunks of two where one is asked."""
from multiprocessing import Pool


def double(n):
    return 2 * n


def add(a, b):
    return a + b


if __name__ == "__main__":
    with Pool(2) as pool:
        print("apply", pool.apply(double, (1,)), flush=True)
        print("starmap", pool.starmap(add, [(1, 2), (3, 4), (5, 6)], chunksize=2), flush=True)
        print("map_async", pool.map_async(double, range(5), chunksize=2).get(), flush=True)
        print("imap_unordered", sorted(pool.imap_unordered(double, range(3), chunksize=2)), flush=True)
