"""A worker's initializer sets the Event it is handed while main is still in
Pool(): main stops in its worker's start until a line comes on stdin, so main
says nothing more of the pool until the worker has had its say. What main
says of the pool must be said before its first worker starts, or the worker's
words come first."""
import multiprocessing as mp
import multiprocessing.context
import multiprocessing.pool
import sys


def share(event):
    event.set()


class Held:
    """Held stops main in a worker's start until a line comes on stdin."""

    def start(self):
        super().start()
        sys.stdin.readline()


class HeldForkProcess(Held, mp.context.ForkProcess):
    pass


class HeldSpawnProcess(Held, mp.context.SpawnProcess):
    pass


class HeldForkContext(mp.context.ForkContext):
    Process = HeldForkProcess


class HeldSpawnContext(mp.context.SpawnContext):
    Process = HeldSpawnProcess


if __name__ == "__main__":
    context = HeldSpawnContext() if sys.argv[1] == "spawn" else HeldForkContext()
    ready = context.Event()
    with multiprocessing.pool.Pool(1, initializer=share, initargs=(ready,), context=context) as pool:
        print(pool.apply(str, ("went on",)), ready.is_set())
