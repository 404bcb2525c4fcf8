"""Install every hook in this process, and carry them into new processes.

A forked child inherits the hooks and must only open its own connection. A
spawn or forkserver child starts afresh: the hooks travel in the preparation
data multiprocessing sends it, as a Carrier whose unpickling installs them
before the child imports the program's main module and unpickles its work.
"""
import functools
import os

from . import faults
from . import futurestap
from . import lines
from . import lockhooks
from . import objects
from . import output
from . import pooltap
from . import queuehooks
from . import results
from . import sharedhooks
from . import synchooks
from . import wire
from . import workerstate

_installed = []


class Carrier:
    """Carrier installs the hooks in the process that unpickles it."""

    def __getstate__(self):
        return {}

    def __setstate__(self, state):
        try:
            install()
        except Exception:
            faults.note("install in a spawned child")


def _carry_into_spawned():
    from multiprocessing import spawn
    orig = spawn.get_preparation_data

    @functools.wraps(orig)
    def get_preparation_data(name):
        data = orig(name)
        try:
            data["poolviz_trace"] = Carrier()
        except Exception:
            faults.note("spawn preparation data")
        return data

    spawn.get_preparation_data = get_preparation_data


def _after_fork_in_child():
    wire.SENDER.after_fork_in_child()
    faults.after_fork_in_child()
    objects.forget_declared()
    lines.after_fork_in_child()


def install():
    """Install the hooks, once per process."""
    if _installed:
        return
    _installed.append(True)
    import multiprocessing.pool as mpp
    output.install()
    mpp.worker = workerstate.patch(mpp.worker)
    pooltap.install()
    futurestap.install()
    results.install()
    queuehooks.install()
    lockhooks.install()
    synchooks.install()
    sharedhooks.install()
    _carry_into_spawned()
    os.register_at_fork(after_in_child=_after_fork_in_child)
    lines.start()
