"""Reading a step's transition and decorator lines from its source, as Metaflow does.

The graph is known without running anything: the last statement of a step
must be ``self.next(...)``, and its arguments must be written literally
(``self.<step>`` targets, ``foreach="<artifact>"``). Anything the flow spec
cannot express is reported as a problem that starts with ``file:line``.
"""

from __future__ import annotations

import ast
import functools
import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from collections.abc import Callable
    from typing import Any

__all__ = ["Transition", "StepSource", "read_step_source"]


class _Record:
    """Equality and repr from ``__slots__`` (what ``@dataclass`` would give; importing dataclasses pulls in
    ``inspect``, which every ``python flow.py run`` would pay for)."""

    __slots__ = ()

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._fields() == other._fields()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"


class Transition(_Record):
    """What ``self.next(...)`` says: the target steps, the foreach artifact, and the call's line."""

    __slots__ = ("targets", "foreach", "line")

    def __init__(self, targets: list[str], foreach: str | None, line: int):
        self.targets = targets
        self.foreach = foreach
        self.line = line


class StepSource(_Record):
    """What the source of one step function says."""

    __slots__ = ("file", "line", "arg_count", "transition", "decorator_lines", "problems")

    def __init__(self, file: str, line: int, arg_count: int = 1, transition: Transition | None = None,
                 decorator_lines: list[tuple[str, int]] | None = None, problems: list[str] | None = None):
        self.file = file
        self.line = line
        self.arg_count = arg_count
        self.transition = transition
        self.decorator_lines = decorator_lines if decorator_lines is not None else []
        self.problems = problems if problems is not None else []


@functools.lru_cache(maxsize=64)
def _functions_by_line(file: str, mtime: float) -> dict[int, ast.FunctionDef | ast.AsyncFunctionDef]:
    """Every function of a file, by its first line (first decorator, else ``def``) and by its ``def`` line."""
    import tokenize

    with tokenize.open(file) as handle:
        tree = ast.parse(handle.read(), filename=file)
    index: dict[int, Any] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            index.setdefault(first, node)
            index.setdefault(node.lineno, node)
    return index


def _function_node(file: str, first_line: int) -> Any:
    try:
        mtime = os.stat(file).st_mtime
        return _functions_by_line(file, mtime).get(first_line)
    except (OSError, SyntaxError, ValueError):
        return None


def read_step_source(func: Any, step_name: str) -> StepSource:
    """Reads the ``def`` line, the argument count, the transition and the decorator lines of a step."""
    code = func.__code__
    file = os.path.abspath(code.co_filename)
    node = _function_node(file, code.co_firstlineno)
    if node is None:
        found = StepSource(file=file, line=code.co_firstlineno, arg_count=code.co_argcount)
        found.problems.append(
            f"{file}:{code.co_firstlineno}: cannot read the source of step {step_name}; Braid reads "
            "each step's self.next(...) from the flow's source file, so define steps in a .py file")
        return found
    args = node.args
    found = StepSource(file=file, line=node.lineno, arg_count=len(args.posonlyargs) + len(args.args))
    found.decorator_lines = [(_decorator_name(d), d.lineno) for d in node.decorator_list]
    self_name = (args.posonlyargs + args.args)[0].arg if found.arg_count else "self"

    def where(line: int) -> str:
        return f"{file}:{line}: step {step_name}"

    tail = node.body[-1]
    tail_call = _next_call(tail.value, self_name) if isinstance(tail, ast.Expr) else None
    for inner in ast.walk(node):
        call = _next_call(inner, self_name)
        if call is not None and call is not tail_call:
            found.problems.append(
                where(call.lineno) + ": self.next(...) must be the last statement of the step, not inside "
                "a block or followed by other code: the transition is read from the source before the flow "
                "runs, so it cannot depend on what happens in the step")
    if tail_call is not None:
        found.transition = _transition(tail_call, self_name, where, found.problems)
    return found


def _next_call(node: Any, self_name: str) -> ast.Call | None:
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "next"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == self_name):
        return node
    return None


def _transition(call: ast.Call, self_name: str, where: Callable[[int], str], problems: list[str]) -> Transition:
    at = where(call.lineno)
    targets = []
    for arg in call.args:
        if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and arg.value.id == self_name:
            targets.append(arg.attr)
        else:
            problems.append(f"{at}: self.next() target `{ast.unparse(arg)}` must be written as "
                            f"{self_name}.<step name>, e.g. self.next(self.end)")
    if not call.args:
        problems.append(f"{at}: self.next() needs the step to go to, e.g. self.next(self.end)")
    foreach = None
    for keyword in call.keywords:
        if keyword.arg is None:
            problems.append(f"{at}: self.next(**{ast.unparse(keyword.value)}) cannot be read before the flow "
                            "runs; write foreach=\"<artifact>\" literally")
        elif keyword.arg == "foreach":
            value = keyword.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
                foreach = value.value
            else:
                problems.append(f"{at}: foreach= must be a string literal naming an artifact, e.g. "
                                f"foreach=\"items\"; got `{ast.unparse(value)}`")
        else:
            problems.append(f"{at}: self.next() takes no `{keyword.arg}=` argument; only foreach=\"<artifact>\"")
    return Transition(targets=targets, foreach=foreach, line=call.lineno)


def _decorator_name(node: Any) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ast.unparse(node)
