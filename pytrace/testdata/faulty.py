"""A program that breaks one of the tracer's own hooks, as a bug in it would:
the program must run on unchanged, and the fault be counted."""
import multiprocessing

import poolviz_trace.pooltap as tap


def broken(*args):
    raise RuntimeError("a bug in the tracer")


def double(x):
    return 2 * x


if __name__ == "__main__":
    tap._trace_task = broken  # every map chunk's hook now fails
    with multiprocessing.Pool(2) as pool:
        print("doubled:", pool.map(double, range(4)), flush=True)
