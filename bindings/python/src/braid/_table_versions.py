"""What the engine says about table versions: ``TablePut`` (a put's answer) and ``TableVersion`` (one version in
``braid table show NAME --json``), with the lineage as client objects (docs/tables.md).

The producer (the task that put a ``flow`` version) and the consumers (the
runs that read it) may be anyone's, as a trigger's upstream run may: they are
read without the namespace check, and only when asked for.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ._errors import ProtocolError

if TYPE_CHECKING:
    from ._client import Run, Task

__all__ = ["TablePut", "TableVersion", "versions_from"]


class TablePut:
    """What ``Table(name).put(...)`` recorded: ``table``, ``version``, ``rows``, ``fingerprint`` (the SHA-256 name
    of the stored file), ``path``, ``landed`` (False when the content equalled the latest version's: then
    ``version`` is that version and nothing was triggered), ``schema_changed`` and ``event_id`` (the
    ``braid.table.NAME`` event the landing published, or None)."""

    __slots__ = ("table", "version", "rows", "fingerprint", "path", "landed", "schema_changed", "event_id")

    def __init__(self, answer: dict[str, Any]):
        self.table: str = answer.get("table")
        self.version: int = answer.get("version")
        self.rows: int | None = answer.get("rows")
        self.fingerprint: str | None = answer.get("fingerprint")
        self.path: str | None = answer.get("path")
        self.landed: bool = bool(answer.get("landed", True))
        self.schema_changed: bool = bool(answer.get("schema_changed", False))
        self.event_id: int | None = answer.get("event_id")

    def read(self, as_: str = "pandas") -> Any:
        """This version's data (see ``Table.read``)."""
        from ._table_api import Table

        return Table(self.table, version=self.version).read(as_)

    def __repr__(self) -> str:
        outcome = "landed" if self.landed else "unchanged: no new version"
        return f"TablePut({self.table} version {self.version}, {self.rows} rows, {outcome})"


class TableVersion:
    """One version of a table: ``table``, ``version``, ``rows``, ``schema`` (``[{"name", "type", "nullable"}]``),
    ``fingerprint``, ``landed_at`` (a datetime), ``how`` (``put``, ``flow``, ``delta``, ``marker``, ``file``),
    ``location`` and ``commit`` (for watched locations), ``schema_changed``, ``producer`` (the client ``Task``
    that put it, for ``flow``; else None) and ``consumers`` (the client ``Run`` objects that read it)."""

    __slots__ = ("table", "version", "rows", "schema", "fingerprint", "landed_at", "how", "location", "commit",
                 "schema_changed", "_record")

    def __init__(self, record: dict[str, Any], table: str):
        self._record = record
        self.table: str = record.get("table") or table
        self.version: int = record.get("version")
        self.rows: int | None = record.get("rows")
        self.schema: list[dict[str, Any]] = list(record.get("schema") or [])
        self.fingerprint: str | None = record.get("fingerprint")
        self.landed_at: datetime | None = _when(record.get("landed_at"))
        self.how: str | None = record.get("how")
        self.location: str | None = record.get("location")
        self.commit: Any = record.get("commit")
        self.schema_changed: bool = bool(record.get("schema_changed", False))

    @property
    def producer(self) -> Task | None:
        """The task that put this version (``how == "flow"``), read on use; None for other versions."""
        pathspec = producer_pathspec(self._record)
        if pathspec is None:
            return None
        from ._client import Task

        return Task(pathspec, _namespace_check=False)

    @property
    def consumers(self) -> list[Run]:
        """The runs that read this version, read on use (any user's)."""
        from ._client import Run

        return [Run(pathspec, _namespace_check=False) for pathspec in consumer_pathspecs(self._record)]

    def read(self, as_: str = "pandas") -> Any:
        """This version's data (see ``Table.read``)."""
        from ._table_api import Table

        return Table(self.table, version=self.version).read(as_)

    def __getitem__(self, key: str) -> Any:
        """The raw record as the engine gave it: ``version["fingerprint"]``."""
        return self._record[key]

    def __repr__(self) -> str:
        return f"TableVersion({self.table} version {self.version}, {self.rows} rows, {self.how})"


def versions_from(answer: Any, table: str) -> list[TableVersion]:
    """The versions of a ``braid table show NAME --json`` answer, oldest first."""
    records = answer.get("versions") if isinstance(answer, dict) else answer
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ProtocolError(f"`braid table show {table} --json` answered no list of versions: {str(answer)[:200]}")
    return sorted((TableVersion(record, table) for record in records), key=lambda v: v.version or 0)


def producer_pathspec(record: dict[str, Any]) -> str | None:
    """``FLOW/RUN/STEP/TASK`` of the task that put a version: its ``producer_pathspec``, else its ``producer`` (a
    pathspec, or an object with one), else its ``task`` when that is a full pathspec, else ``run`` (``FLOW/RUN``)
    and ``task`` (``STEP/TASK``)."""
    named = record.get("producer_pathspec")
    if isinstance(named, str) and named.count("/") == 3:
        return named
    producer = record.get("producer")
    if isinstance(producer, dict):
        producer = producer.get("pathspec") or producer.get("task")
    if isinstance(producer, str) and producer.count("/") == 3:
        return producer
    task, run = record.get("task"), record.get("run")
    if isinstance(task, str) and task.count("/") == 3:
        return task
    if isinstance(run, str) and run.count("/") == 1 and isinstance(task, str) and task.count("/") == 1:
        return f"{run}/{task}"
    return None


def consumer_pathspecs(record: dict[str, Any]) -> list[str]:
    """``FLOW/RUN`` of each run that read a version: its ``consumer_pathspecs``, then its ``consumers`` that are
    pathspecs or objects with ``pathspec``/``run`` or ``flow`` and ``run_id`` (a bare run id names no flow)."""
    found: list[str] = []
    for consumer in [*(record.get("consumer_pathspecs") or []), *(record.get("consumers") or [])]:
        if isinstance(consumer, dict):
            pathspec = consumer.get("pathspec") or consumer.get("run")
            if not isinstance(pathspec, str) and consumer.get("flow") is not None:
                run_id = consumer.get("run_id", consumer.get("id"))
                pathspec = f"{consumer['flow']}/{run_id}"
            consumer = pathspec
        if isinstance(consumer, str) and consumer.count("/") == 1 and consumer not in found:
            found.append(consumer)
    return found


def _when(value: Any) -> datetime | None:
    """An ISO 8601 time, or milliseconds since the epoch, as an aware datetime."""
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    return None
