"""Past runs, in Metaflow's object model: ``Flow > Run > Step > Task > data``.

Everything is read through the engine's query command (``braid api get``,
docs/client-api.md), so Python and R see the same thing; artifact values are
read straight from their Arrow files in the store, only when asked for.

    >>> from braid import Flow
    >>> Flow("PricingFlow").latest_run["join"].task.data.best
"""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterator

from ._errors import BraidError, NotFoundError, TagError

if TYPE_CHECKING:
    from ._code import CodePackage
    from ._trigger import Trigger

__all__ = ["Flow", "Run", "Step", "Task", "Attempt", "DataArtifact", "namespace", "get_namespace", "default_namespace"]

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


def _query(pathspec: str, namespace_check: bool = True) -> dict:
    return _engine_json(["api", "get", pathspec], f"braid api get {pathspec}", namespace_check=namespace_check)


def _tag_list(tags, method: str) -> list[str]:
    if isinstance(tags, str) or not all(isinstance(t, str) for t in tags):
        raise TypeError(f"{method}() takes a list of strings, got {tags!r}")
    return list(tags)


def _engine_json(args: list[str], what: str, error: type[BraidError] = NotFoundError, trailing: list[str] = (),
                 namespace_check: bool = True) -> dict:
    """Runs an engine command in the current namespace (every run's, without ``namespace_check``) and parses
    the JSON object it prints.

    ``trailing`` goes after the namespace options (``-- TAG...``). An answer ``{"error": ...}`` raises ``error`` (``NotFoundError`` when the
    engine says ``"kind": "not_found"`` or gives no kind).
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


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


class Flow:
    """A flow, seen through its runs in the current namespace."""

    def __init__(self, name: str):
        self._data = _query(name)
        self.id = self.pathspec = self._data["flow"]

    def runs(self) -> Iterator[Run]:
        """The flow's runs, newest first."""
        return (Run(_data=summary) for summary in self._data["runs"])

    __iter__ = runs

    @property
    def latest_run(self) -> Run | None:
        """The newest run, whatever its status."""
        return next(self.runs(), None)

    @property
    def latest_successful_run(self) -> Run | None:
        """The newest run that succeeded."""
        return next((run for run in self.runs() if run.successful), None)

    def __getitem__(self, run_id: str | int) -> Run:
        return Run(f"{self.id}/{run_id}")

    def __repr__(self) -> str:
        return f"Flow('{self.id}')"


class Run:
    """One run of a flow: ``Run("PricingFlow/7")``."""

    def __init__(self, pathspec: str | None = None, *, _data: dict | None = None, _namespace_check: bool = True):
        # _namespace_check=False: a run reached from another (an upstream run of a trigger), whoever made it;
        # its steps, tasks, code and tags are then read the same way.
        self._namespace_check = _namespace_check
        if _data is None or "steps" not in _data:
            _data = _query(pathspec or _data["pathspec"], _namespace_check)
        self._data = _data
        self.pathspec = _data["pathspec"]
        self.id = str(_data["id"])
        self.status = _data["status"]
        self.parameters = _data.get("parameters", {})
        self.origin_run_id = _data.get("origin_run_id")

    successful = property(lambda self: self.status == "succeeded", doc="Whether the run succeeded.")
    finished = property(lambda self: self.status in ("succeeded", "failed", "cancelled"),
                        doc="Whether the run is over, whatever its outcome.")
    created_at = property(lambda self: _time(self._data["created_at"]))
    finished_at = property(lambda self: _time(self._data.get("finished_at")))
    tags = property(lambda self: frozenset(self._data.get("user_tags", [])),
                    doc="The user tags: yours to add and remove (system tags are in ``system_tags``).")
    user_tags = tags
    system_tags = property(lambda self: frozenset(self._data.get("system_tags", [])),
                           doc="Tags the engine set when the run was made (``user:NAME``, ``language:...``, "
                               "``file:...``); they cannot be removed.")

    @property
    def code(self) -> CodePackage | None:
        """The code the run ran (its flow directory's source files), or None for a run stored without it."""
        from ._code import CodePackage

        return (CodePackage(self.pathspec, _namespace_check=self._namespace_check)
                if self._data.get("code_hash") else None)

    @property
    def trigger(self) -> Trigger | None:
        """What started the run: None when it was started by hand, else a ``Trigger`` (``.type``, ``.events``,
        ``.event``, ``.runs``, ``.run``), as ``current.trigger`` was inside its steps (docs/triggers.md)."""
        from ._trigger import trigger_from

        return trigger_from(self._data.get("trigger"))

    # Tags, as Metaflow's Run: each call changes the store at once and refreshes this object.

    def add_tag(self, tag: str) -> None:
        """Adds a user tag to the run."""
        self.add_tags([tag])

    def add_tags(self, tags) -> None:
        """Adds user tags to the run; tags it has already stay as they are."""
        self._change_tags("add", [], _tag_list(tags, "add_tags"))

    def remove_tag(self, tag: str) -> None:
        """Removes a user tag; removing a tag the run does not have is not an error.

        Raises:
            TagError: for a system tag, which cannot be removed.
        """
        self.remove_tags([tag])

    def remove_tags(self, tags) -> None:
        """Removes user tags (all or none: a system tag among them stops the call)."""
        self._change_tags("remove", [], _tag_list(tags, "remove_tags"))

    def replace_tag(self, tag_to_remove: str, tag_to_add: str) -> None:
        """Removes one user tag and adds another in one step."""
        self.replace_tags([tag_to_remove], [tag_to_add])

    def replace_tags(self, tags_to_remove, tags_to_add) -> None:
        """Removes some user tags and adds others in one step: no reader sees neither."""
        removed = _tag_list(tags_to_remove, "replace_tags")
        added = _tag_list(tags_to_add, "replace_tags")
        self._change_tags("replace", [f"--remove={t}" for t in removed] + [f"--add={t}" for t in added], [])

    def _change_tags(self, verb: str, options: list[str], tags: list[str]) -> None:
        answer = _engine_json(["tag", verb, self.pathspec, "--json", *options], f"braid tag {verb} {self.pathspec}",
                              error=TagError, trailing=["--", *tags] if tags else [],
                              namespace_check=self._namespace_check)
        self._data = {**self._data, "user_tags": answer["user_tags"], "system_tags": answer["system_tags"]}

    @property
    def end_task(self) -> Task | None:
        """The task of the ``end`` step, once it ran."""
        end = self._data.get("end_task")
        return Task(end, _namespace_check=self._namespace_check) if end else None

    @property
    def data(self) -> DataArtifacts | None:
        """The artifacts of the ``end`` task, as Metaflow's ``Run.data``."""
        end = self.end_task
        return end.data if end else None

    def steps(self) -> Iterator[Step]:
        return (Step(f"{self.pathspec}/{s['name']}", _namespace_check=self._namespace_check)
                for s in self._data["steps"])

    __iter__ = steps

    def __getitem__(self, step_name: str) -> Step:
        return Step(f"{self.pathspec}/{step_name}", _namespace_check=self._namespace_check)

    def __repr__(self) -> str:
        return f"Run('{self.pathspec}')"


class Step:
    """One step of a run, with its tasks (several for a foreach)."""

    def __init__(self, pathspec: str, *, _namespace_check: bool = True):
        self._namespace_check = _namespace_check
        self._data = _query(pathspec, _namespace_check)
        self.pathspec = self._data["pathspec"]
        self.id = self._data["name"]

    def tasks(self) -> Iterator[Task]:
        return (Task(t["pathspec"], _namespace_check=self._namespace_check) for t in self._data["tasks"])

    __iter__ = tasks

    @property
    def task(self) -> Task | None:
        """The step's task (the first one, for a foreach step)."""
        return next(self.tasks(), None)

    def __repr__(self) -> str:
        return f"Step('{self.pathspec}')"


class Task:
    """One task: its artifacts, logs, attempts and outcome."""

    def __init__(self, pathspec: str, *, _namespace_check: bool = True):
        self._data = _query(pathspec, _namespace_check)
        self.pathspec = self._data["pathspec"]
        self.id = str(self._data["id"])
        self.status = self._data["status"]
        self.attempts = [Attempt(self.pathspec, record) for record in self._data.get("attempts", [])]
        self.foreach_stack = self._data.get("foreach_stack", [])
        #: For a task a resume cloned instead of running: the id of the origin run's task it copies.
        self.origin_task_id = self._data.get("origin_task_id")

    successful = property(lambda self: self.status == "succeeded")
    finished = property(lambda self: self.status in ("succeeded", "failed", "cancelled"))
    caught = property(lambda self: bool(self._data.get("caught")),
                      doc="Whether the task failed and ``@catch`` let the run go on (it counts as successful).")
    index = property(lambda self: self.foreach_stack[-1]["index"] if self.foreach_stack else None,
                     doc="The item index in the innermost foreach, or None.")
    cloned = property(lambda self: self.origin_task_id is not None,
                      doc="Whether a resume copied this task from its origin run instead of running it.")

    @property
    def artifacts(self) -> dict[str, DataArtifact]:
        """Every artifact visible in the task, by name (values read on access)."""
        return {a["name"]: DataArtifact(self.pathspec, a) for a in self._data["artifacts"]}

    @property
    def data(self) -> DataArtifacts:
        """Artifact values as attributes: ``task.data.score``."""
        return DataArtifacts(self.artifacts)

    @property
    def stdout(self) -> str:
        return _read_log(self._data.get("stdout_path"))

    @property
    def stderr(self) -> str:
        return _read_log(self._data.get("stderr_path"))

    @property
    def exception(self) -> TaskException | None:
        """Why the last attempt failed, or None."""
        return self.attempts[-1].exception if self.attempts else None

    def __repr__(self) -> str:
        return f"Task('{self.pathspec}')"


class Attempt:
    """One attempt of a task (the first is 0; retries follow): how it went and why it failed.

    ``status`` is ``succeeded``, ``failed``, ``cancelled`` or ``running``;
    ``duration`` is in seconds (None while running); ``exit_status`` is the
    worker's exit status, or ``signal`` / ``signal_name`` the signal that
    killed it; ``exception`` says why it failed (None when it did not).
    """

    def __init__(self, task_pathspec: str, record: dict):
        self._record = record
        self.task_pathspec = task_pathspec
        self.number: int = record["attempt"]
        self.status: str = record["status"]
        self.duration: float | None = record.get("duration")
        self.exit_status: int | None = record.get("exit_status")
        self.signal: int | None = record.get("signal")
        self.signal_name: str | None = record.get("signal_name")
        self.pid: int | None = record.get("pid")

    started_at = property(lambda self: _time(self._record.get("started_at")))
    finished_at = property(lambda self: _time(self._record.get("finished_at")))
    successful = property(lambda self: self.status == "succeeded")

    @property
    def exception(self) -> TaskException | None:
        """Why the attempt failed, or None."""
        failure = self._record.get("failure")
        return TaskException(failure) if failure else None

    @property
    def error(self) -> str | None:
        """The failure's message in one string (``ValueError: boom``), or None."""
        exception = self.exception
        return str(exception) if exception else None

    @property
    def stdout(self) -> str:
        return _read_log(self._record.get("stdout_path"))

    @property
    def stderr(self) -> str:
        return _read_log(self._record.get("stderr_path"))

    def __getitem__(self, key: str) -> Any:
        """The raw record as the engine gave it (docs/client-api.md): ``attempt["status"]``."""
        return self._record[key]

    def __repr__(self) -> str:
        ended = f"exit {self.exit_status}" if self.exit_status is not None else (self.signal_name or "running")
        return f"Attempt({self.task_pathspec} #{self.number}: {self.status}, {ended})"


class TaskException:
    """A failed attempt's error: its type, message and traceback, as recorded."""

    def __init__(self, failure: dict):
        self.kind = failure.get("kind")
        self.type = failure.get("type")
        self.message = failure.get("message", "")
        self.traceback = failure.get("traceback")

    def __str__(self) -> str:
        return f"{self.type}: {self.message}" if self.type else self.message

    def __repr__(self) -> str:
        return f"TaskException({str(self)!r})"


class DataArtifact:
    """One artifact of a task; ``.data`` reads its value from the store."""

    def __init__(self, task_pathspec: str, record: dict):
        self.pathspec = f"{task_pathspec}/{record['name']}"
        self.name = record["name"]
        self.kind = record["kind"]
        self.language = record["language"]
        self.type_name = record["type_name"]
        self.size = record["size"]
        self.path = record["path"]

    @property
    def data(self) -> Any:
        from ._artifacts import read_artifact

        return read_artifact(self.path, name=self.name)

    def __repr__(self) -> str:
        return f"DataArtifact('{self.pathspec}', {self.type_name})"


class DataArtifacts:
    """Attribute access to a task's artifact values, each read on first use."""

    def __init__(self, artifacts: dict[str, DataArtifact]):
        object.__setattr__(self, "_artifacts", artifacts)
        object.__setattr__(self, "_values", {})

    def __getattr__(self, name: str) -> Any:
        if name not in self._artifacts:
            raise AttributeError(f"no artifact named {name!r}; the task has: {', '.join(sorted(self._artifacts)) or 'none'}")
        if name not in self._values:
            self._values[name] = self._artifacts[name].data
        return self._values[name]

    def __contains__(self, name: str) -> bool:
        return name in self._artifacts

    def __dir__(self):
        return sorted(self._artifacts)


def _read_log(path: str | None) -> str:
    if not path:
        return ""
    try:
        with open(path, encoding="utf-8", errors="replace") as log:
            return log.read()
    except FileNotFoundError:
        return ""
