"""``inputs`` of a join step: one read-only view per incoming task.

``inputs`` can be iterated, indexed (``inputs[0]``), measured (``len``)
and, after a static branch, addressed by step name (``inputs.a.x``). Each
input reads its artifacts lazily, only when an attribute is read.
"""

from __future__ import annotations

from ._artifacts import load_artifact

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from collections.abc import Iterator
    from typing import Any

__all__ = ["Inputs", "InputTask"]


class InputTask:
    """One incoming task of a join: ``inp.x`` reads artifact ``x`` of that task; ``inp.index`` is its foreach index."""

    def __init__(self, entry: dict[str, Any], parameters: dict[str, Any]):
        object.__setattr__(self, "_entry", entry)
        object.__setattr__(self, "_parameters", parameters)
        object.__setattr__(self, "_values", {})

    @property
    def index(self) -> int | None:
        """The task's index in the foreach it belongs to (None after a static branch)."""
        return self._entry.get("index")

    @property
    def _braid_step(self) -> str:
        return self._entry.get("step", "?")

    @property
    def _braid_pathspec(self) -> str:
        return self._entry.get("pathspec") or f"{self._braid_step}/{self._entry.get('task_id', '?')}"

    @property
    def _braid_artifacts(self) -> dict[str, dict[str, Any]]:
        return self._entry.get("artifacts") or {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_entry", "_parameters", "_values"):
            raise AttributeError(name)
        values = self._values
        if name in values:
            return values[name]
        artifacts = self._braid_artifacts
        if name in artifacts:
            values[name] = load_artifact(artifacts[name]["path"], name).value
            return values[name]
        if name in self._parameters:
            return self._parameters[name]
        available = ", ".join(sorted(artifacts)) or "none"
        raise AttributeError(f"input {self._braid_pathspec} (step {self._braid_step}) has no artifact {name!r} "
                             f"(its artifacts: {available})")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"inputs are read-only; set self.{name} = ... in the join instead")

    def __dir__(self) -> list[str]:
        return sorted(set(self._braid_artifacts) | {"index"})

    def __repr__(self) -> str:
        return f"<input {self._braid_pathspec}>"


class Inputs:
    """The incoming tasks of a join, in order (branch order, or foreach item order)."""

    def __init__(self, entries: list[dict[str, Any]], parameters: dict[str, Any] | None = None):
        self._tasks = [InputTask(entry, parameters or {}) for entry in entries]

    def __len__(self) -> int:
        return len(self._tasks)

    def __iter__(self) -> Iterator[InputTask]:
        return iter(self._tasks)

    def __getitem__(self, index: int | slice) -> Any:
        return self._tasks[index]

    def __getattr__(self, name: str) -> InputTask:
        if name.startswith("_"):
            raise AttributeError(name)
        matches = [task for task in self._tasks if task._braid_step == name]
        if len(matches) == 1:
            return matches[0]
        steps = ", ".join(dict.fromkeys(task._braid_step for task in self._tasks)) or "none"
        if not matches:
            raise AttributeError(f"no input comes from step {name!r}; the inputs come from: {steps}")
        raise AttributeError(f"{len(matches)} inputs come from step {name!r} (a foreach); use inputs[i] or "
                             "iterate over inputs")

    def __repr__(self) -> str:
        return f"<inputs: {', '.join(task._braid_pathspec for task in self._tasks)}>"
