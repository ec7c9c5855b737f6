"""``@step``, ``r_step(...)`` and the step decorators (retry, catch, timeout, resources, environment).

Decorators never wrap the step function: they attach a record to it (or to
an ``r_step``), so the function keeps its identity, its source lines and its
signature, and the spec builder reads the records back. Problems with
decorator arguments are recorded, not raised, so that ``check`` reports
every problem of a flow at once (with the decorator's file and line).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any, TypeVar

    F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "step",
    "r_step",
    "RStep",
    "StepDecorator",
    "retry",
    "catch",
    "timeout",
    "resources",
    "environment",
    "is_step",
    "decorators_of",
]

_STEP_MARK = "__braid_step__"
_DECORATORS = "__braid_decorators__"
_R_NAME = r"^(?:[A-Za-z]|\.(?![0-9]))[A-Za-z0-9._]*$"
_ENV_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"


def _matches(pattern: str, text: str) -> bool:
    """``re.match``, with ``re`` imported on first use: a worker whose flow declares no r_step or
    environment never pays for it."""
    import re

    return re.match(pattern, text) is not None


class StepDecorator:
    """One decorator applied to a step: its name, its arguments (defaults filled in) and where it was written.

    ``problems`` lists what is wrong with the arguments, as sentences without
    a location; the spec builder adds ``file:line``.
    """

    __slots__ = ("name", "args", "file", "line", "problems")

    def __init__(self, name: str, args: dict[str, Any], file: str | None = None, line: int | None = None,
                 problems: list[str] | None = None):
        self.name = name
        self.args = args
        self.file = file
        self.line = line
        self.problems = problems if problems is not None else []

    def __repr__(self) -> str:
        return f"StepDecorator({self.name!r}, {self.args!r}, line={self.line})"


def step(func: F) -> F:
    """Marks a method of a ``FlowSpec`` subclass as a step.

    The step's transitions are read from its source: the last statement must
    be ``self.next(self.other)``, ``self.next(self.a, self.b)`` (a branch) or
    ``self.next(self.other, foreach="artifact")``. A step that takes a second
    argument, ``def join(self, inputs)``, is a join.
    """
    if isinstance(func, RStep):
        raise TypeError(f"@step goes on a method; r_step(...) ({func.name or 'unnamed'}) is a step already")
    if not callable(func) or not hasattr(func, "__code__"):
        raise TypeError(f"@step goes on a method (def name(self): ...), not on {type(func).__name__}")
    setattr(func, _STEP_MARK, True)
    return func


def is_step(obj: Any) -> bool:
    """Whether ``obj`` is a function marked with ``@step``."""
    return bool(getattr(obj, _STEP_MARK, False)) and hasattr(obj, "__code__")


def decorators_of(obj: Any) -> list[StepDecorator]:
    """The decorator records attached to a step function or an ``RStep``, in application order."""
    if isinstance(obj, RStep):
        return obj.decorators
    return list(getattr(obj, _DECORATORS, []))


class RStep:
    """A step of a Python flow whose body is an R function (made by :func:`r_step`).

    It is a class attribute; its name is the attribute's name. The engine
    starts an R worker that sources ``file`` and calls ``function(self)``
    (or ``function(self, inputs)`` for a join).
    """

    def __init__(self, file: Any, function: Any, next: Any, foreach: Any, join: Any,
                 defined_in: str | None, line: int | None):
        self.name: str | None = None
        self.file = file
        self.function = function
        self.next = _step_names(next)
        self.foreach = foreach
        self.join = join
        self.defined_in = defined_in
        self.line = line
        self.decorators: list[StepDecorator] = []
        self.problems = _rstep_problems(file, function, next, foreach, join)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, objtype: type | None = None) -> RStep:
        return self

    @property
    def path(self) -> str:
        """The R file's absolute path: relative paths count from the file that declared the step."""
        if not isinstance(self.file, str):
            return str(self.file)
        if os.path.isabs(self.file):
            return os.path.normpath(self.file)
        base = os.path.dirname(self.defined_in) if self.defined_in else os.getcwd()
        return os.path.normpath(os.path.join(base, self.file))

    def __repr__(self) -> str:
        return f"r_step({self.file!r}, function={self.function!r}, next={self.next!r})"


def r_step(file: str, function: str, next: str | Sequence[str] | None = None,
           foreach: str | None = None, join: bool = False) -> RStep:
    """Declares a step whose body is the R function ``function`` in ``file``.

    Use it as a class attribute of a ``FlowSpec`` subclass::

        clean = r_step("clean.R", function="clean_sales", next="fit")

    ``file`` is relative to the flow file. ``next`` names the following step
    (a list of names for a branch; none for ``end``); ``foreach`` names the
    artifact to fan out over; ``join=True`` makes the R function take
    ``inputs``.
    """
    caller = sys._getframe(1)
    return RStep(file, function, next, foreach, join,
                 defined_in=os.path.abspath(caller.f_code.co_filename), line=caller.f_lineno)


def _step_names(next: Any) -> list[str]:
    if next is None:
        return []
    if isinstance(next, str):
        return [next]
    if isinstance(next, (list, tuple)):
        return [n for n in next if isinstance(n, str)]
    return []


def _rstep_problems(file: Any, function: Any, next: Any, foreach: Any, join: Any) -> list[str]:
    problems = []
    if not isinstance(file, str) or not file:
        problems.append(f"r_step file must be a path to an R file (a string), got {file!r}")
    if not isinstance(function, str) or not _matches(_R_NAME, function):
        problems.append(f"r_step function must name an R function (a string), got {function!r}")
    if next is not None and not isinstance(next, str):
        if not isinstance(next, (list, tuple)) or not all(isinstance(n, str) for n in next):
            problems.append(f"r_step next must be a step name or a list of step names, got {next!r}")
    if foreach is not None and not isinstance(foreach, str):
        problems.append(f"r_step foreach must name an artifact (a string), got {foreach!r}")
    if not isinstance(join, bool):
        problems.append(f"r_step join must be True or False, got {join!r}")
    return problems


# --- step decorators ---------------------------------------------------------------------------


def _attach(name: str, target: Any, args: dict[str, Any], problems: list[str], depth: int = 2) -> Any:
    """Applies (or returns a function that applies) one decorator record."""
    caller = sys._getframe(depth)
    record = StepDecorator(name, args, os.path.abspath(caller.f_code.co_filename), caller.f_lineno, problems)

    def apply(obj: Any) -> Any:
        if isinstance(obj, RStep):
            obj.decorators.append(record)
            return obj
        if not callable(obj) or not hasattr(obj, "__code__"):
            raise TypeError(f"@{name} goes on a step method or an r_step(...), not on {type(obj).__name__}")
        existing = list(getattr(obj, _DECORATORS, []))
        # Decorators apply bottom-up; keep the order they are written in (top first).
        setattr(obj, _DECORATORS, [record, *existing])
        return obj

    if target is None:
        return apply
    if not callable(target) and not isinstance(target, RStep):
        raise TypeError(f"{name}() takes keyword arguments only, e.g. @{name}({_example(name)})")
    return apply(target)


def _example(name: str) -> str:
    return {"retry": "times=2", "catch": "var='error'", "timeout": "minutes=5",
            "resources": "cpu=2, memory=4096", "environment": "vars={'KEY': 'value'}"}.get(name, "")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def retry(func: Any = None, *, times: int = 3, minutes_between_retries: float = 2) -> Any:
    """Retries a failed step up to ``times`` more times, ``minutes_between_retries`` apart.

    Usable as ``@retry`` or ``@retry(times=2)``, above or below ``@step``.
    ``current.retry_count`` tells a step which attempt runs (0 first); each
    attempt keeps its own logs (``braid logs FLOW/RUN/STEP --attempt N``).
    """
    problems = []
    if not _is_count(times):
        problems.append(f"@retry times must be a whole number >= 0, got {times!r}")
    if not _is_number(minutes_between_retries) or minutes_between_retries < 0:
        problems.append(f"@retry minutes_between_retries must be a number >= 0, got {minutes_between_retries!r}")
    return _attach("retry", func, {"times": times, "minutes_between_retries": minutes_between_retries}, problems)


def catch(func: Any = None, *, var: str | None = None, print_exception: bool = True) -> Any:
    """Lets the flow go on when the step fails (after its retries): the error is stored in artifact ``var``.

    The artifact is a dict with ``type``, ``message``, ``traceback``, ``kind``,
    ``step`` and ``attempt``; the step's declared ``next`` is taken. Not on a
    foreach step. See docs/decorators.md.
    """
    problems = []
    if var is not None and (not isinstance(var, str) or not var.isidentifier()):
        problems.append(f"@catch var must name an artifact (an identifier), got {var!r}")
    if not isinstance(print_exception, bool):
        problems.append(f"@catch print_exception must be True or False, got {print_exception!r}")
    return _attach("catch", func, {"var": var, "print_exception": print_exception}, problems)


def timeout(func: Any = None, *, seconds: float = 0, minutes: float = 0, hours: float = 0) -> Any:
    """Fails an attempt of the step that runs longer than ``hours + minutes + seconds`` (it may then be retried)."""
    problems = []
    values = {"seconds": seconds, "minutes": minutes, "hours": hours}
    for key, value in values.items():
        if not _is_number(value) or value < 0:
            problems.append(f"@timeout {key} must be a number >= 0, got {value!r}")
    if not problems and seconds + minutes + hours == 0:
        problems.append("@timeout needs a limit: seconds=, minutes= or hours= greater than 0")
    return _attach("timeout", func, values, problems)


def resources(func: Any = None, *, cpu: float = 1, memory: int | None = None, gpu: int = 0) -> Any:
    """What one task of the step needs: ``cpu`` cores, ``memory`` in MB (None: no claim), ``gpu`` devices.

    The local scheduler never starts more concurrent work than the machine's cores and memory allow.
    """
    problems = []
    if not _is_number(cpu) or cpu <= 0:
        problems.append(f"@resources cpu must be a number > 0, got {cpu!r}")
    if memory is not None and (not isinstance(memory, int) or isinstance(memory, bool) or memory <= 0):
        problems.append(f"@resources memory must be a whole number of MB > 0 (or None), got {memory!r}")
    if not _is_count(gpu):
        problems.append(f"@resources gpu must be a whole number >= 0, got {gpu!r}")
    return _attach("resources", func, {"cpu": cpu, "memory": memory, "gpu": gpu}, problems)


def environment(func: Any = None, *, vars: Mapping[str, str] | None = None) -> Any:
    """Environment variables set for the step's worker process, e.g. ``@environment(vars={"OMP_NUM_THREADS": "1"})``."""
    from collections.abc import Mapping as _Mapping  # here: importing collections costs every worker ~4 ms

    problems = []
    values: dict[str, str] = {}
    if vars is None:
        pass
    elif not isinstance(vars, _Mapping):
        problems.append(f"@environment vars must be a dict of strings, got {type(vars).__name__}")
    else:
        for key, value in vars.items():
            if not isinstance(key, str) or not _matches(_ENV_NAME, key):
                problems.append(f"@environment variable name {key!r} is not a valid name (letters, digits, _)")
            elif not isinstance(value, str):
                problems.append(f"@environment value of {key} must be a string, got {type(value).__name__}")
            else:
                values[key] = value
    return _attach("environment", func, {"vars": values}, problems)
