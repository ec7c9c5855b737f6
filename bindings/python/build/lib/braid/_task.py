"""The state of ``self`` while one task runs: visible artifacts (read lazily), what the step set, the transition.

The worker builds a :class:`TaskState` from the engine's ``task`` message and
attaches it to the step's ``self``; ``FlowSpec`` routes attribute reads,
writes and ``self.next(...)`` here. After the step returns, :meth:`outputs`
says which artifacts to store and :meth:`resolve_transition` what to report.
"""

from __future__ import annotations

from ._artifacts import LoadedArtifact, fingerprint, load_artifact
from ._errors import TransitionError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["TaskState", "Outputs"]

_NOT_SEQUENCES = (str, bytes, bytearray, dict, set, frozenset)


class Outputs:
    """What a finished step stores: values to encode (set or changed in place) and merged artifacts to copy."""

    __slots__ = ("values", "copies")

    def __init__(self, values: list[tuple[str, Any]], copies: list[tuple[str, dict[str, Any]]]):
        self.values = values
        self.copies = copies


class TaskState:
    """One task's view of its artifacts, parameters, foreach position, join inputs and transition."""

    def __init__(self, task: dict[str, Any]):
        self.flow: str = task["flow"]
        self.step: str = task["step"]
        fallback = f"{self.flow}/{task.get('run_id')}/{self.step}/{task.get('task_id')}"
        self.pathspec: str = task.get("pathspec") or fallback
        self.is_join: bool = bool(task.get("join"))
        self.parameters: dict[str, Any] = dict(task.get("parameters") or {})
        self.artifacts: dict[str, dict[str, Any]] = dict(task.get("artifacts") or {})
        self.foreach: dict[str, Any] | None = task.get("foreach")
        self.input_entries: list[dict[str, Any]] | None = task.get("inputs")
        # The spec's transition, when the engine sends it: a plain-function step (no self.next) takes it.
        self.spec_next: dict[str, Any] | None = task.get("next")
        self.is_plain_function = False
        self.written: dict[str, None] = {}
        self.loaded: dict[str, LoadedArtifact] = {}
        self.merged: dict[str, dict[str, Any]] = {}
        self.transition: tuple[list[str], str | None] | None = None
        self._inputs: Any = None

    # --- artifacts ---------------------------------------------------------------------------

    def has(self, name: str) -> bool:
        """Whether ``name`` is visible to the step without being set in it (parameter, inherited, merged)."""
        return name in self.parameters or name in self.artifacts or name in self.merged

    def read(self, name: str) -> Any:
        """The value of a parameter or inherited/merged artifact; ``AttributeError`` saying what exists."""
        if name in self.parameters:
            return self.parameters[name]
        record = self.merged.get(name) or self.artifacts.get(name)
        if record is None:
            raise AttributeError(self._missing(name))
        loaded = load_artifact(record["path"], name)
        self.loaded[name] = loaded
        return loaded.value

    def _missing(self, name: str) -> str:
        names = sorted(set(self.artifacts) | set(self.merged) | set(self.written))
        available = ", ".join(names) if names else "none"
        if self.is_join and not names:
            return (f"step {self.step} has no artifact {name!r}: a join starts with no artifacts; read it from "
                    f"inputs (inputs[0].{name}) or call self.merge_artifacts(inputs) first")
        return f"step {self.step} has no artifact {name!r} (artifacts here: {available})"

    def outputs(self, values: dict[str, Any]) -> Outputs:
        """What to store, given the step's instance attributes ``values`` (its ``__dict__``)."""
        to_encode = [(name, values[name]) for name in self.written if name in values]
        encoded = set(self.written)
        for name, loaded in self.loaded.items():
            if name in encoded or name not in values or loaded.fingerprint is None:
                continue
            if fingerprint(values[name], loaded.kind) != loaded.fingerprint:
                to_encode.append((name, values[name]))  # changed in place, as Metaflow would store it
                encoded.add(name)
        copies = [(name, record) for name, record in self.merged.items() if name not in encoded]
        return Outputs(to_encode, copies)

    # --- foreach -----------------------------------------------------------------------------

    def foreach_item(self, owner: Any) -> Any:
        """``self.input``: item ``index`` of the foreach artifact as the parent step stored it."""
        if not self.foreach:
            return None
        name, index = self.foreach["artifact"], self.foreach["index"]
        if name in self.written and name in self.artifacts:  # reassigned in this step: use the stored one
            value = load_artifact(self.artifacts[name]["path"], name).value
        else:
            value = getattr(owner, name)
        return _item(value, index)

    def foreach_stack(self, owner: Any) -> list[tuple[int, int, Any]]:
        """One ``(index, count, item)`` per enclosing foreach, outermost first (Metaflow's ``foreach_stack()``)."""
        frames = []
        for frame in (self.foreach or {}).get("stack") or []:
            name, index = frame.get("artifact"), frame.get("index")
            value = None
            if name in self.artifacts:
                value = _item(load_artifact(self.artifacts[name]["path"], name).value, index)
            frames.append((index, frame.get("count"), value))
        return frames

    # --- transition --------------------------------------------------------------------------

    def take_transition(self, steps: tuple[Any, ...], foreach: Any) -> None:
        """Records ``self.next(*steps, foreach=...)``."""
        if self.transition is not None:
            raise TransitionError(f"step {self.step}: self.next() was called twice; a step takes one transition")
        names = [_step_name(target, self.step) for target in steps]
        if not names:
            raise TransitionError(f"step {self.step}: self.next() needs the step to go to, e.g. self.next(self.end)")
        if foreach is not None and (not isinstance(foreach, str) or not foreach):
            raise TransitionError(f"step {self.step}: foreach= names an artifact (a string), got {foreach!r}")
        self.transition = (names, foreach)

    def resolve_transition(self, owner: Any) -> dict[str, Any] | None:
        """The ``next`` message for the transition taken (None for a step with none, such as ``end``)."""
        if self.transition is not None:
            steps, foreach = self.transition
        elif self.is_plain_function and self.spec_next and self.spec_next.get("steps"):
            steps, foreach = list(self.spec_next["steps"]), self.spec_next.get("foreach")
        elif self.step == "end":
            return None
        else:
            raise TransitionError(f"step {self.step} finished without calling self.next(...); every step but "
                                  "end must end with self.next(self.<step>)")
        count = None
        if foreach is not None:
            try:
                value = getattr(owner, foreach)
            except AttributeError:
                raise TransitionError(f"step {self.step}: foreach={foreach!r} names no artifact; set "
                                      f"self.{foreach} = [...] before self.next(..., foreach={foreach!r})") from None
            count = _sequence_length(value, foreach, self.step)
        return {"type": "next", "steps": steps, "foreach": foreach, "foreach_count": count}


def _step_name(target: Any, step: str) -> str:
    from ._decorators import RStep

    if isinstance(target, RStep) and target.name:
        return target.name
    function = getattr(target, "__func__", target)
    name = getattr(function, "__name__", None)
    if callable(target) and isinstance(name, str) and hasattr(function, "__code__"):
        return name
    raise TransitionError(f"step {step}: self.next() takes steps written as self.<step>, got {target!r}")


def _sequence_length(value: Any, name: str, step: str) -> int:
    from ._value_columns import type_name

    kind = type_name(value)
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    problem = None
    if isinstance(value, _NOT_SEQUENCES):
        hint = f" (use list(self.{name}.items()) to fan out over a dict's items)" if isinstance(value, dict) else ""
        problem = f"self.{name} is {article} {kind}{hint}"
    elif getattr(value, "ndim", 1) == 0:
        problem = f"self.{name} is {article} {kind} with no dimensions"
    elif not (hasattr(value, "__len__") and hasattr(value, "__getitem__")):
        problem = f"self.{name} is {article} {kind}"
    if problem is None:
        try:
            return len(value)
        except TypeError:
            problem = f"self.{name} is {article} {kind} without a length"
    raise TransitionError(f"step {step}: foreach={name!r} needs a sequence to fan out over (a list, tuple, "
                          f"range, 1-D numpy array or DataFrame), but {problem}: {_short(value)}")


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real problem
        text = object.__repr__(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _item(value: Any, index: int) -> Any:
    if hasattr(value, "iloc"):
        return value.iloc[index]
    return value[index]
