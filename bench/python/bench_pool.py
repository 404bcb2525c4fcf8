#!/usr/bin/env python3
"""Measure multiprocessing.Pool on the workloads the Go harness runs.

The Go harness in ../ (``go run .``) runs this script and reads the JSON it
prints on stdout. It can also be run alone::

    python3 bench_pool.py            # full sizes, 2 workers and os.cpu_count()
    python3 bench_pool.py --quick    # tiny sizes, for the harness's own test

Every measurement times only the call and the collection of its results: the
pool is started (and warmed with one small map) before the clock starts, so
process start-up is not charged to Python. Items per second is items divided by
that time.
"""

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import sys
import time


SPIN_ROUNDS = 10_000


def trivial(x):
    """Return x + 1: the task of every trivial workload (top level, so it pickles)."""
    return x + 1


def spin(x):
    """Return the CPU-bound item: SPIN_ROUNDS rounds of
    v = v*1664525 + 1013904223 modulo 2**32, from v = x. The Go harness's spin
    and the pool package's BenchmarkMapCPU run the same rounds."""
    v = x & 0xFFFFFFFF
    for _ in range(SPIN_ROUNDS):
        v = (v * 1664525 + 1013904223) & 0xFFFFFFFF
    return v


def default_chunksize(n, workers):
    """Return the chunk size Pool.map picks for n items on workers processes."""
    chunksize, extra = divmod(n, workers * 4)
    return chunksize + 1 if extra else chunksize


def run_map(pool, items, chunksize):
    """Pool.map over items; returns the elapsed seconds."""
    start = time.perf_counter()
    out = pool.map(trivial, items, chunksize)
    elapsed = time.perf_counter() - start
    check(len(out) == len(items) and out[-1] == items[-1] + 1, "map")
    return elapsed


def run_cpu(pool, items, chunksize):
    """Pool.map of spin over items; returns the elapsed seconds."""
    start = time.perf_counter()
    out = pool.map(spin, items, chunksize)
    elapsed = time.perf_counter() - start
    check(len(out) == len(items) and out[-1] == spin(items[-1]), "cpu")
    return elapsed


def run_apply_async(pool, items, _chunksize):
    """apply_async once per item, keep every handle, then get every result."""
    start = time.perf_counter()
    handles = [pool.apply_async(trivial, (x,)) for x in items]
    total = 0
    for h in handles:
        total += h.get()
    elapsed = time.perf_counter() - start
    check(total == sum(items) + len(items), "apply_async")
    return elapsed


def run_imap_unordered(pool, items, chunksize):
    """imap_unordered over items, consuming results in completion order."""
    start = time.perf_counter()
    total = 0
    for v in pool.imap_unordered(trivial, items, chunksize):
        total += v
    elapsed = time.perf_counter() - start
    check(total == sum(items) + len(items), "imap_unordered")
    return elapsed


def check(ok, what):
    """Stop with a message when a workload returned wrong results."""
    if not ok:
        sys.exit("bench_pool.py: %s returned wrong results" % what)


def cases(n_big, n_small, n_cpu, workers):
    """Yield (name, label, function, n, chunksize) for one worker count."""
    yield ("cpu", "map of spin (CPU-bound), default chunksize", run_cpu,
           n_cpu, default_chunksize(n_cpu, workers))
    yield ("map", "map, default chunksize", run_map, n_big,
           default_chunksize(n_big, workers))
    yield ("map_chunksize_1", "map, chunksize 1", run_map, n_small, 1)
    yield ("apply_async", "apply_async one by one, then get all",
           run_apply_async, n_small, 1)
    yield ("imap_unordered_chunksize_1",
           "imap_unordered, chunksize 1 (its default)",
           run_imap_unordered, n_small, 1)
    yield ("imap_unordered_map_chunksize",
           "imap_unordered, chunksize as map's default",
           run_imap_unordered, n_small, default_chunksize(n_small, workers))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes, for a smoke test")
    parser.add_argument("--reps", type=int, default=1,
                        help="timed runs of every case (default 1)")
    parser.add_argument("--warmup", type=int, default=0,
                        help="untimed runs of every case before the timed "
                             "ones (default 0)")
    parser.add_argument("--cases", default="",
                        help="comma-separated cases to run (default all): "
                             "cpu, map, map_chunksize_1, apply_async, "
                             "imap_unordered_chunksize_1, "
                             "imap_unordered_map_chunksize")
    parser.add_argument("--workers", default="",
                        help="comma-separated worker counts "
                             "(default: 2 and os.cpu_count())")
    parser.add_argument("--n", type=int, default=0,
                        help="items of the default-chunksize map "
                             "(default 1,000,000; 20,000 with --quick)")
    parser.add_argument("--n-small", type=int, default=0,
                        help="items of the per-item cases "
                             "(default 50,000; 2,000 with --quick)")
    parser.add_argument("--n-cpu", type=int, default=0,
                        help="items of the CPU-bound case "
                             "(default 200; 8 with --quick)")
    args = parser.parse_args()

    n_big = args.n or (20_000 if args.quick else 1_000_000)
    n_small = args.n_small or (2_000 if args.quick else 50_000)
    n_cpu = args.n_cpu or (8 if args.quick else 200)
    wanted = {c.strip() for c in args.cases.split(",") if c.strip()}
    cpus = os.cpu_count() or 1
    if args.workers:
        worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]
    else:
        worker_counts = sorted({2, cpus})

    results = []
    for workers in worker_counts:
        with multiprocessing.Pool(workers) as pool:
            pool.map(trivial, range(1000))  # start every process before timing
            for name, label, fn, n, chunksize in cases(n_big, n_small, n_cpu,
                                                       workers):
                if wanted and name not in wanted:
                    continue
                items = list(range(n))
                for _ in range(args.warmup):
                    fn(pool, items, chunksize)
                rates = []
                for _ in range(max(1, args.reps)):
                    rates.append(n / fn(pool, items, chunksize))
                results.append({
                    "name": name,
                    "label": label,
                    "workers": workers,
                    "n": n,
                    "chunksize": chunksize,
                    "items_per_s": rates,
                    "median_items_per_s": statistics.median(rates),
                })
                print("bench_pool.py: %s, %d workers: %.0f items/s"
                      % (label, workers, statistics.median(rates)),
                      file=sys.stderr)

    json.dump({
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "start_method": multiprocessing.get_start_method(),
        "cpu_count": cpus,
        "results": results,
    }, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
