"""``merge_artifacts``: Metaflow's semantics for carrying artifacts through a join.

Every artifact of the inputs that the join has not set itself is copied to
the join, when all inputs that have it hold the same value (the same stored
bytes) or only one input has it. Conflicts are not resolved silently: the
error names each artifact and which inputs disagree, and nothing is merged.
Merged artifacts are not read or re-encoded: their stored files are reused.
"""

from __future__ import annotations

import os
import re

from ._errors import MergeArtifactsError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from collections.abc import Iterable
    from typing import Any

__all__ = ["merge_artifacts"]

_OBJECT_NAME = re.compile(r"^[0-9a-f]{64}\.arrow$")


def _names(value: Any, argument: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    names = list(value)
    if not all(isinstance(name, str) for name in names):
        raise TypeError(f"merge_artifacts {argument}= takes artifact names (strings), got {value!r}")
    return names


def merge_artifacts(state: Any, local: Iterable[str], inputs: Any, exclude: Any = None, include: Any = None) -> None:
    """Merges the artifacts of ``inputs`` into the join whose state is ``state``.

    ``local`` names what the join already has (set in it, or parameters); those are never overwritten.

    Raises:
        MergeArtifactsError: not in a join, ``include`` and ``exclude`` both given, conflicting values,
            or names in ``include`` that no input has.
    """
    if not state.is_join:
        raise MergeArtifactsError(f"merge_artifacts can only be called in a join step; step {state.step} is not "
                                  "a join (a join takes inputs: def join(self, inputs))", [])
    exclude_names, include_names = _names(exclude, "exclude"), _names(include, "include")
    if exclude_names and include_names:
        raise MergeArtifactsError("merge_artifacts takes include= or exclude=, not both", [])
    skip = set(local) | set(state.merged) | set(state.parameters) | set(state.artifacts)
    chosen: dict[str, tuple[Any, dict[str, Any]]] = {}
    holders: dict[str, list[tuple[Any, dict[str, Any]]]] = {}
    for task in inputs:
        for name, record in task._braid_artifacts.items():
            if name in skip or name in exclude_names or (include_names and name not in include_names):
                continue
            chosen.setdefault(name, (task, record))
            holders.setdefault(name, []).append((task, record))
    conflicts = {name: found for name, found in holders.items() if not _all_same(found)}
    if conflicts:
        lines = [f"  {name}: " + "; ".join(_describe_groups(found)) for name, found in conflicts.items()]
        raise MergeArtifactsError(
            f"step {state.step} cannot merge {len(conflicts)} artifact{'s' if len(conflicts) > 1 else ''} whose "
            "values differ between its inputs:\n" + "\n".join(lines) + "\nSet each one in the join before calling "
            "merge_artifacts (e.g. self.x = max(i.x for i in inputs)), or leave it out with exclude=[...].",
            list(conflicts))
    missing = [name for name in include_names if name not in chosen and name not in skip]
    if missing:
        raise MergeArtifactsError(
            f"step {state.step}: merge_artifacts(include=...) names {', '.join(missing)}, which no input has",
            missing)
    for name, (_task, record) in chosen.items():
        state.merged[name] = record


def _identity(record: dict[str, Any]) -> str:
    """What makes two stored artifacts the same: the object name for store objects, else the file's."""
    path = record["path"]
    base = os.path.basename(path)
    if _OBJECT_NAME.match(base):
        return base
    return object_name(path) + ".arrow"


_PIECE = 16 << 20
_PIECE_LIST_PREFIX = b"braid-sha256-pieces-16MiB\n"


def object_name(path: str) -> str:
    """The name the store gives the file's bytes (docs/formats.md, "The store"): their SHA-256 up to 16 MiB,
    else the SHA-256 of a prefix and the digests of their 16 MiB pieces."""
    import hashlib

    digests = []
    with open(path, "rb") as handle:
        for piece in iter(lambda: handle.read(_PIECE), b""):
            digests.append(hashlib.sha256(piece).digest())
    if len(digests) <= 1:
        return (digests[0] if digests else hashlib.sha256(b"").digest()).hex()
    return hashlib.sha256(_PIECE_LIST_PREFIX + b"".join(digests)).hexdigest()


def _all_same(found: list[tuple[Any, dict[str, Any]]]) -> bool:
    paths = {record["path"] for _task, record in found}
    if len(paths) == 1:
        return True
    return len({_identity(record) for _task, record in found}) == 1


def _describe_groups(found: list[tuple[Any, dict[str, Any]]]) -> list[str]:
    groups: dict[str, list[str]] = {}
    for task, record in found:
        groups.setdefault(_identity(record), []).append(f"{task._braid_step} ({task._braid_pathspec})")
    return [f"value {number} in {', '.join(tasks)}" for number, tasks in enumerate(groups.values(), start=1)]
