"""How the client API asks the engine: one ``braid api`` process per collection, answers cached per session.

Each answer is one collection whole (docs/client-api.md): a step with every
task, its artifacts and attempts; a page of a flow's runs. A finished run
never changes (resume makes a new run), so what is read under it is kept
for the rest of the session and never asked again; anything under a run
that is still going is read afresh each time.
"""

from __future__ import annotations

import json
import subprocess
from collections import OrderedDict
from typing import Any

from ._errors import BraidError, NotFoundError

__all__ = ["engine_json", "query", "cached", "remember", "clear_cache", "FINISHED"]

FINISHED = frozenset({"succeeded", "failed", "cancelled"})

_ALL = object()
_current_namespace: Any = None  # None until set: the default namespace applies


def default_namespace() -> str:
    """``user:NAME`` for the current user (``BRAID_USER``, else ``USER``, else the account)."""
    from ._current import current_username

    return f"user:{current_username()}"


def namespace(ns: str | None) -> str | None:
    """Sets the namespace the client sees: ``"user:ana"``, or ``None`` for every run.

    Returns the namespace now in force, as Metaflow's ``namespace`` does.
    """
    global _current_namespace
    _current_namespace = _ALL if ns is None else ns
    return ns


def get_namespace() -> str | None:
    """The namespace in force: ``None`` when every run is visible."""
    if _current_namespace is _ALL:
        return None
    return _current_namespace or default_namespace()


def engine_json(args: list[str], what: str, error: type[BraidError] = NotFoundError, trailing: list[str] = (),
                namespace_check: bool = True) -> dict:
    """Runs an engine command in the current namespace (every run's, without ``namespace_check``) and parses
    the JSON object it prints.

    ``trailing`` goes after the namespace options (``-- TAG...``). An answer ``{"error": ...}`` raises ``error``
    (``NotFoundError`` when the engine says ``"kind": "not_found"`` or gives no kind).
    """
    from ._engine import find_engine

    ns = get_namespace() if namespace_check else None
    argv = [find_engine(), *args] + (["--all"] if ns is None else ["--namespace", ns]) + list(trailing)
    result = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    try:
        answer = json.loads(result.stdout) if result.stdout.strip() else {}
    except json.JSONDecodeError as problem:
        raise BraidError(f"the engine answered `{what}` with something that is not JSON: "
                         f"{result.stdout[:200]!r}") from problem
    if result.returncode != 0 or "error" in answer:
        message = answer.get("error") or result.stderr.strip() or f"exit status {result.returncode}"
        raise (NotFoundError if answer.get("kind", "not_found") == "not_found" else error)(message)
    return answer


def _scope(namespace_check: bool) -> str | None:
    return get_namespace() if namespace_check else None


class _AnswerCache:
    """Answers under finished runs, newest use last; bounded by how many task records they hold in all.

    The bound keeps a long notebook session from holding every step it ever looked at: the least recently
    used answers go first, and are simply asked for again if needed.
    """

    def __init__(self, capacity: int = 200_000):
        self.capacity = capacity
        self._answers: OrderedDict[tuple, tuple[dict, int]] = OrderedDict()
        self._weight = 0

    def get(self, key: tuple) -> dict | None:
        entry = self._answers.get(key)
        if entry is None:
            return None
        self._answers.move_to_end(key)
        return entry[0]

    def put(self, key: tuple, answer: dict) -> None:
        weight = 1 + len(answer.get("tasks", ()))
        old = self._answers.pop(key, None)
        if old:
            self._weight -= old[1]
        self._answers[key] = (answer, weight)
        self._weight += weight
        while self._weight > self.capacity and len(self._answers) > 1:
            _, (_, dropped) = self._answers.popitem(last=False)
            self._weight -= dropped

    def clear(self) -> None:
        self._answers.clear()
        self._weight = 0


_cache = _AnswerCache()


def clear_cache() -> None:
    """Forgets every answer read so far (the next access asks the engine again)."""
    _cache.clear()


def cached(pathspec: str, namespace_check: bool = True) -> dict | None:
    """The answer for ``pathspec`` read earlier in this session, if it is final."""
    return _cache.get((_scope(namespace_check), pathspec))


def remember(answer: dict, namespace_check: bool = True) -> None:
    """Keeps an answer when nothing in it can change any more: its run is finished.

    A step's answer also makes each of its tasks known, so ``Task(pathspec)`` and ``parent_tasks`` of a
    task in it cost nothing later.
    """
    run_status = answer.get("run_status") or (answer.get("status") if "steps" in answer else None)
    if run_status not in FINISHED:
        return
    scope = _scope(namespace_check)
    _cache.put((scope, answer["pathspec"]), answer)
    for task in answer.get("tasks", ()):
        _cache.put((scope, task["pathspec"]), task)


def query(pathspec: str, namespace_check: bool = True) -> dict:
    """``braid api get PATHSPEC``: from this session's cache when final, else from the engine (and kept)."""
    answer = cached(pathspec, namespace_check)
    if answer is None:
        answer = engine_json(["api", "get", pathspec], f"braid api get {pathspec}", namespace_check=namespace_check)
        remember(answer, namespace_check)
    return answer


def run_page(flow: str, tags: tuple[str, ...], before: str | None, limit: int, end_tasks: bool = False) -> dict:
    """One page of a flow's runs, newest first (never cached: new runs come, running ones change)."""
    args = ["api", "get", flow, "--limit", str(limit)]
    args += [f"--tag={tag}" for tag in tags]
    if before is not None:
        args += ["--before", str(before)]
    if end_tasks:
        args.append("--end-tasks")
    return engine_json(args, f"braid api get {flow}")
