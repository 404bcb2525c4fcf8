"""first_time: every install() patches each class or module once."""


def first_time(target):
    """Report whether target, a class or a module, is being patched for the
    first time in this process, and mark it patched. install() can run twice
    in one process (a spawned child installs the hooks as it unpickles them,
    and again if the program imports the tracer), and a method wrapped twice
    would report each event twice."""
    if vars(target).get("_poolviz_traced"):
        return False
    setattr(target, "_poolviz_traced", True)
    return True
