"""A program whose main raises after its pool finished."""
from multiprocessing import Pool


def halve(n):
    if n == 3:
        raise ValueError("three is odd")
    return n // 2


if __name__ == "__main__":
    with Pool(2) as pool:
        try:
            pool.map(halve, range(6), chunksize=2)
        except ValueError as exc:
            print("map failed:", exc, flush=True)
    raise RuntimeError("done badly")
