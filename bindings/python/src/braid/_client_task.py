"""Tasks of the client API and what hangs off them: attempts, failures, artifacts and their values.

A ``Task`` is made from its record in a step's answer (docs/client-api.md),
so iterating a step starts no process; ``Task(pathspec)`` alone asks the
engine for that one task. Values are read from the Arrow files on first
access and kept only in the ``Task`` object: a loop over 4,000 tasks holds
only what the caller keeps.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator

from . import _client_html
from ._client_query import cached, query

__all__ = ["Task", "Attempt", "TaskException", "DataArtifact", "DataArtifacts", "parse_time"]

_FINISHED = ("succeeded", "failed", "cancelled")


def parse_time(text: str | None) -> datetime | None:
    """An engine time (ISO 8601, UTC) as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


class Task:
    """One task: its artifacts, logs, attempts and outcome: ``Task("PricingFlow/7/train/12")``."""

    def __init__(self, pathspec: str | None = None, *, _data: dict | None = None, _namespace_check: bool = True):
        if _data is None:
            _data = query(pathspec, _namespace_check)
        self._data = _data
        self._namespace_check = _namespace_check
        self.pathspec: str = _data["pathspec"]
        self.id = str(_data["id"])
        self.status: str = _data["status"]
        self.foreach_stack: list[dict] = _data.get("foreach_stack", [])
        #: For a task a resume cloned instead of running: the id of the origin run's task it copies.
        self.origin_task_id: str | None = _data.get("origin_task_id")
        self._artifacts: dict[str, DataArtifact] | None = None
        self._values = None

    step_name = property(lambda self: self._data["step"], doc="The name of the task's step.")
    successful = property(lambda self: self.status == "succeeded")
    finished = property(lambda self: self.status in _FINISHED)
    started_at = property(lambda self: parse_time(self._data.get("started_at")), doc="When its first attempt started.")
    finished_at = property(lambda self: parse_time(self._data.get("finished_at")),
                           doc="When its last attempt ended (None while it runs).")
    caught = property(lambda self: bool(self._data.get("caught")),
                      doc="Whether the task failed and ``@catch`` let the run go on (it counts as successful).")
    index = property(lambda self: self.foreach_stack[-1]["index"] if self.foreach_stack else None,
                     doc="The item index in the innermost foreach, or None.")
    cloned = property(lambda self: self.origin_task_id is not None,
                      doc="Whether a resume copied this task from its origin run instead of running it.")

    @property
    def duration(self) -> float | None:
        """Seconds from its first attempt's start to its end; None until it ends."""
        start, end = self.started_at, self.finished_at
        return (end - start).total_seconds() if start and end else None

    @property
    def attempts(self) -> list[Attempt]:
        """Every attempt, first to last (retries follow the first)."""
        return [Attempt(self.pathspec, record) for record in self._data.get("attempts", [])]

    @property
    def artifacts(self) -> dict[str, DataArtifact]:
        """Every artifact visible in the task, by name (values read on access)."""
        if self._artifacts is None:
            self._artifacts = {a["name"]: DataArtifact(self.pathspec, a, self._data.get("finished_at"))
                               for a in self._data["artifacts"]}
        return self._artifacts

    @property
    def data(self) -> DataArtifacts:
        """Artifact values as attributes: ``task.data.score`` (each read once per ``Task``)."""
        if self._values is None:
            self._values = DataArtifacts(self.artifacts)
        return self._values

    def __getitem__(self, name: str) -> DataArtifact:
        """One artifact by name, as Metaflow's ``task['score']``."""
        return self.artifacts[name]

    def __contains__(self, name: str) -> bool:
        return name in self.artifacts

    def __iter__(self) -> Iterator[DataArtifact]:
        return iter(self.artifacts.values())

    @property
    def parent_tasks(self) -> list[Task]:
        """The tasks whose output this one read (for a join, every joined task), in input order."""
        return _linked_tasks(self._data.get("parent_tasks", []), self._namespace_check)

    @property
    def child_tasks(self) -> list[Task]:
        """The tasks that read this one's output (for a foreach split, every item's task)."""
        return _linked_tasks(self._data.get("child_tasks", []), self._namespace_check)

    @property
    def stdout(self) -> str:
        return _read_log(self._data.get("stdout_path"))

    @property
    def stderr(self) -> str:
        return _read_log(self._data.get("stderr_path"))

    @property
    def exception(self) -> TaskException | None:
        """Why the last attempt failed, or None."""
        attempts = self._data.get("attempts")
        return Attempt(self.pathspec, attempts[-1]).exception if attempts else None

    def _repr_html_(self) -> str:
        return _client_html.task_html(self)

    def __repr__(self) -> str:
        return f"Task('{self.pathspec}')"


def _linked_tasks(pathspecs: list[str], namespace_check: bool) -> list[Task]:
    """Tasks by pathspec with one engine call per step they sit in (none for those already read): a join's
    4,000 parents are one step's answer, not 4,000 calls."""
    by_step: dict[str, list[str]] = {}
    for pathspec in pathspecs:
        if cached(pathspec, namespace_check) is None:
            by_step.setdefault(pathspec.rsplit("/", 1)[0], []).append(pathspec)
    found: dict[str, dict] = {}
    for step, wanted in by_step.items():
        if len(wanted) == 1:
            found[wanted[0]] = query(wanted[0], namespace_check)
        else:
            found.update((t["pathspec"], t) for t in query(step, namespace_check)["tasks"])
    return [Task(_data=found.get(p) or query(p, namespace_check), _namespace_check=namespace_check)
            for p in pathspecs]


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

    started_at = property(lambda self: parse_time(self._record.get("started_at")))
    finished_at = property(lambda self: parse_time(self._record.get("finished_at")))
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
    """One artifact of a task; ``.data`` reads its value from the store.

    ``sha`` is the SHA-256 of its Arrow file (the same value stored twice has one file and one sha);
    ``kind`` is scalar, vector, json, table, pickle or rds (docs/formats.md).
    """

    def __init__(self, task_pathspec: str, record: dict, finished_at: str | None = None):
        self.pathspec = f"{task_pathspec}/{record['name']}"
        self.name: str = record["name"]
        self.kind: str = record["kind"]
        self.language: str = record["language"]
        self.type_name: str = record["type_name"]
        self.size: int = record["size"]
        self.path: str = record["path"]
        self.sha: str = record["object"]
        self._finished_at = finished_at

    finished_at = property(lambda self: parse_time(self._finished_at), doc="When the task that holds it ended.")

    @property
    def data(self) -> Any:
        """The value, read from the artifact's file each time."""
        from ._artifacts import read_artifact

        return read_artifact(self.path, name=self.name)

    def _repr_html_(self) -> str:
        return _client_html.artifact_html(self)

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
