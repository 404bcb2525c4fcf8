"""A map whose chunks are large is reported chunk by chunk; one of a second
map's chunks fails at one item."""
from multiprocessing import Pool


def square(n):
    return n * n


def fragile(n):
    if n == 150:
        raise ValueError("no 150")
    return n


if __name__ == "__main__":
    with Pool(2) as pool:
        total = sum(pool.map(square, range(200), chunksize=100))
        try:
            pool.map(fragile, range(200), chunksize=100)
        except ValueError as exc:
            print("failed:", exc, flush=True)
    print("total", total, flush=True)
