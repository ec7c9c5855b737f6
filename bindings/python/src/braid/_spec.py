"""A ``FlowSpec`` subclass → the flow spec (docs/flow-spec.md), without running any step.

Graph rules (one start, reachability, joins closing splits, ...) are the
engine's job: it validates every spec and reports every problem. This module
catches what only Python can see: a ``self.next`` the spec cannot express, a
step or parameter whose name would break the Python runtime or the command
line, bad decorator or parameter arguments, trigger decorators that contradict
each other or the flow (``_flow_decorators``). It reports all of them at once.
"""

from __future__ import annotations

import json
import os
import re
import sys

from ._decorators import RStep, StepDecorator, decorators_of, is_step
from ._errors import FlowDefinitionError
from ._flow_decorators import flow_triggers
from ._parameters import Parameter
from ._source import read_step_source

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["SPEC_VERSION", "build_spec", "spec_json", "flow_parameters", "python_interpreter"]

SPEC_VERSION = 1

#: Names a step cannot take: they are the runtime API of ``self`` in a step.
RESERVED_STEP_NAMES = frozenset({"next", "input", "index", "foreach_stack", "merge_artifacts"})
_LOCATION = re.compile(r"^(.*?):(\d+): ")

#: Options of ``run`` that a parameter cannot shadow.
CLI_OPTION_NAMES = frozenset({"max_workers", "tag", "help", "origin_run_id", "trigger_event", "payload"})


def python_interpreter() -> str:
    """The interpreter workers should run: this one, as an absolute path, never a shim.

    ``sys.executable`` is the real binary even when started through a pyenv
    shim (the shim execs it). Symlinks are resolved only outside a virtual
    environment: a venv's ``bin/python`` link is what activates the venv.
    """
    path = os.path.abspath(sys.executable)
    if sys.prefix == sys.base_prefix:
        path = os.path.realpath(path)
    return path


def flow_file(flow_class: type) -> str:
    """The absolute path of the file that declares the flow class."""
    module = sys.modules.get(flow_class.__module__)
    path = getattr(module, "__file__", None)
    if not path:
        raise FlowDefinitionError(flow_class.__name__, [
            f"flow {flow_class.__name__} is not defined in a file; Braid reads steps from the flow's source file"])
    return os.path.abspath(path)


def _members(flow_class: type) -> dict[str, Any]:
    """The class attributes in declaration order, base classes first (subclasses override values)."""
    from ._flowspec import FlowSpec

    members: dict[str, Any] = {}
    for klass in reversed(flow_class.__mro__):
        if klass is FlowSpec or klass is object:
            continue
        for name, value in vars(klass).items():
            members[name] = value
    return members


def flow_parameters(flow_class: type) -> list[Parameter]:
    """The flow's parameters, in declaration order."""
    return [value for value in _members(flow_class).values() if isinstance(value, Parameter)]


def build_spec(flow_class: type) -> dict[str, Any]:
    """The flow spec of ``flow_class`` as a dict, keys in the documented order.

    Raises:
        FlowDefinitionError: with every problem found, each naming ``file:line``.
    """
    problems: list[str] = []
    file = flow_file(flow_class)
    parameters, steps = [], []
    for name, value in _members(flow_class).items():
        if is_step(value):
            steps.append(_python_step(name, value, file, problems))
        elif isinstance(value, RStep):
            steps.append(_r_step(name, value, problems))
        elif isinstance(value, Parameter):
            parameters.append(_parameter(value, problems))
        elif decorators_of(value) and hasattr(value, "__code__"):
            code = value.__code__
            names = ", ".join(f"@{d.name}" for d in decorators_of(value))
            problems.append(f"{os.path.abspath(code.co_filename)}:{code.co_firstlineno}: {names} on {name}, "
                            "which is not a step; add @step")
    triggers = flow_triggers(flow_class, [p["name"] for p in parameters], problems)
    if problems:
        raise FlowDefinitionError(flow_class.__name__, sorted(problems, key=_location))
    spec = {
        "spec_version": SPEC_VERSION,
        "flow": flow_class.__name__,
        "language": "python",
        "file": file,
        "interpreters": {"python": python_interpreter()},
        "parameters": parameters,
        "steps": steps,
    }
    if triggers:  # absent when the flow has none: specs of flows without triggers stay as they were
        spec["triggers"] = triggers
    return spec


def _location(problem: str) -> tuple[str, int]:
    """Sort key of a problem: its file, then its line (problems start with ``file:line:``)."""
    match = _LOCATION.match(problem)
    return (match.group(1), int(match.group(2))) if match else (problem, 0)


def spec_json(spec: dict[str, Any]) -> str:
    """The spec as the JSON text handed to the engine."""
    return json.dumps(spec, indent=2, allow_nan=False) + "\n"


def _python_step(name: str, func: Any, file: str, problems: list[str]) -> dict[str, Any]:
    original = func
    while hasattr(original, "__wrapped__"):  # a user's functools.wraps decorator around the step
        original = original.__wrapped__
    source = read_step_source(original, name)
    problems.extend(source.problems)
    at = f"{source.file}:{source.line}"
    if source.arg_count not in (1, 2):
        problems.append(f"{at}: step {name} takes {source.arg_count} arguments; a step takes self "
                        "(or self and inputs, for a join)")
    if name in RESERVED_STEP_NAMES:
        problems.append(f"{at}: step name {name} is reserved (self.{name} is part of the step API); rename it")
    transition = source.transition
    decorators = _decorators(name, decorators_of(func), dict(_lines_by_name(source.decorator_lines)),
                             source.file, source.line, problems)
    return {
        "name": name,
        "language": "python",
        # The worker loads the flow class from the flow's file (even for a step inherited from elsewhere).
        "file": file,
        "function": name,
        "line": source.line,
        "next": transition.targets if transition else [],
        "next_line": transition.line if transition else None,
        "foreach": transition.foreach if transition else None,
        "join": source.arg_count == 2,
        "decorators": decorators,
    }


def _r_step(name: str, declared: RStep, problems: list[str]) -> dict[str, Any]:
    at = f"{declared.defined_in}:{declared.line}"
    problems.extend(f"{at}: step {name}: {p}" for p in declared.problems)
    if name in RESERVED_STEP_NAMES:
        problems.append(f"{at}: step name {name} is reserved (self.{name} is part of the step API); rename it")
    if isinstance(declared.file, str) and declared.file and not os.path.isfile(declared.path):
        problems.append(f"{at}: step {name}: R file {declared.file} not found (looked for {declared.path}; "
                        "a relative path counts from the flow file's directory)")
    decorators = _decorators(name, declared.decorators, {}, declared.defined_in or "", declared.line or 0, problems)
    return {
        "name": name,
        "language": "r",
        "file": declared.path,
        "function": declared.function,
        "line": declared.line,
        "next": list(declared.next),
        "next_line": declared.line,
        "foreach": declared.foreach,
        "join": declared.join,
        "decorators": decorators,
    }


def _lines_by_name(pairs: list[tuple[str, int]]) -> list[tuple[str, list[int]]]:
    lines: dict[str, list[int]] = {}
    for name, line in pairs:
        lines.setdefault(name, []).append(line)
    return list(lines.items())


def _decorators(step: str, records: list[StepDecorator], source_lines: dict[str, list[int]], file: str,
                step_line: int, problems: list[str]) -> list[dict[str, Any]]:
    entries = []
    seen: set[str] = set()
    for record in records:
        lines = source_lines.get(record.name) or []
        line = lines.pop(0) if lines else (record.line or step_line)
        at = f"{file if source_lines else record.file}:{line}"
        problems.extend(f"{at}: step {step}: {p}" for p in record.problems)
        if record.name in seen:
            problems.append(f"{at}: step {step}: @{record.name} is applied twice; keep one")
        seen.add(record.name)
        entries.append({"name": record.name, "args": record.args, "line": line})
    return entries


def _parameter(param: Parameter, problems: list[str]) -> dict[str, Any]:
    at = f"{param.file}:{param.line}"
    problems.extend(f"{at}: {p}" for p in param.problems)
    name = param.name if isinstance(param.name, str) else ""
    if name.replace("-", "_") in CLI_OPTION_NAMES:
        problems.append(f"{at}: parameter {name} would clash with the command-line option "
                        f"--{name.replace('_', '-')}; rename it")
    if name in RESERVED_STEP_NAMES:
        problems.append(f"{at}: parameter name {name} is reserved (self.{name} is part of the step API); rename it")
    return param.spec()
