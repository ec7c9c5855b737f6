"""Loading the file of a step in a worker, and finding the step's function in it.

The file runs as the ``__main__`` module, as it does under ``python
myflow.py`` (with ``BRAID_WORKER=1`` set, so ``MyFlow()`` returns at once):
classes it defines pickle as ``__main__.X`` exactly as in Metaflow, and
``multiprocessing`` children started by a step can find them. ``sys.argv[0]``
is the file and its directory comes first on ``sys.path``. A file already
loaded by this worker is reused while it is unchanged.
"""

from __future__ import annotations

import os
import sys
import types

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from collections.abc import Callable
    from typing import Any

__all__ = ["StepTarget", "load_module", "find_step", "LoadError"]

_cache: dict[str, tuple[float, types.ModuleType]] = {}


class LoadError(Exception):
    """The file has no flow class with that step, and no function of that name."""


class StepTarget:
    """The function to call for a step, and the flow class it belongs to (None for a plain function)."""

    __slots__ = ("function", "flow_class")

    def __init__(self, function: Callable[..., Any], flow_class: type | None):
        self.function = function
        self.flow_class = flow_class


def load_module(path: str) -> types.ModuleType:
    """Runs the file at ``path`` as ``__main__`` (or reuses it) and returns the module."""
    path = os.path.abspath(path)
    directory = os.path.dirname(path)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    sys.argv = [path]
    mtime = os.stat(path).st_mtime
    cached = _cache.get(path)
    if cached is not None and cached[0] == mtime:
        sys.modules["__main__"] = cached[1]
        return cached[1]
    with open(path, "rb") as handle:
        source = handle.read()
    code = compile(source, path, "exec", dont_inherit=True)
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__spec__ = None
    module.__loader__ = None
    sys.modules["__main__"] = module
    exec(code, module.__dict__)
    _cache[path] = (mtime, module)
    return module


def find_step(module: types.ModuleType, flow: str, function: str) -> StepTarget:
    """The step ``function`` of flow class ``flow`` in ``module``, else the module's function ``function``."""
    from ._decorators import RStep
    from ._flowspec import FlowSpec

    flow_class = getattr(module, flow, None)
    if isinstance(flow_class, type) and issubclass(flow_class, FlowSpec):
        member = getattr(flow_class, function, None)
        if isinstance(member, RStep):
            raise LoadError(f"step {function} of {flow} is an R step (r_step); a Python worker cannot run it")
        if callable(member) and hasattr(member, "__code__"):
            return StepTarget(member, flow_class)
        raise LoadError(f"{module.__file__}: flow {flow} has no step method {function}")
    member = getattr(module, function, None)
    if callable(member):
        return StepTarget(member, None)
    raise LoadError(f"{module.__file__} defines no flow class {flow} and no function {function}")
