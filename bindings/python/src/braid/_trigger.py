"""``current.trigger`` and ``Run.trigger``: what started a run (docs/triggers.md).

Both are built from the same record, the ``"trigger"`` of the worker's
``task`` message or of ``braid api get FLOW/RUN``: null for a run started by
hand, else ``{"type", "events": [{"name", "id", "timestamp", "payload",
"flow", "run_id"}]}``. The client API (which imports subprocess and
datetime) is loaded only when an upstream run is asked for.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

    from ._client import Run

__all__ = ["Trigger", "TriggerEvent", "TriggerTable", "trigger_from"]

#: A table landing publishes the event ``braid.table.NAME`` with payload ``{"table", "version", "rows", "how"}``
#: (docs/tables.md).
_TABLE_EVENT_PREFIX = "braid.table."


class TriggerEvent:
    """One event that started the run: ``name``, ``id``, ``timestamp`` (milliseconds since the epoch),
    ``payload`` (a dict), and for a ``braid.run.*`` event the upstream ``flow`` and ``run_id`` (``run``)."""

    __slots__ = ("name", "id", "timestamp", "payload", "flow", "run_id", "_run")

    def __init__(self, record: dict[str, Any]):
        self.name: str = record.get("name")
        self.id: int | None = record.get("id")
        self.timestamp: int | None = record.get("timestamp")
        payload = record.get("payload")
        self.payload: Any = payload if payload is not None else {}
        self.flow: str | None = record.get("flow")
        run_id = record.get("run_id")
        self.run_id: str | None = None if run_id is None else str(run_id)
        self._run: Any = None

    @property
    def run(self) -> Run | None:
        """The upstream run (a client ``Run``, read on first use; any user's), or None for other events."""
        if self.flow is None or self.run_id is None:
            return None
        if self._run is None:
            from ._client import Run

            # The run that finished may be another user's (a deployment's): no namespace applies.
            self._run = Run(f"{self.flow}/{self.run_id}", _namespace_check=False)
        return self._run

    def __repr__(self) -> str:
        source = f", run {self.flow}/{self.run_id}" if self.flow is not None and self.run_id is not None else ""
        return f"TriggerEvent({self.name} #{self.id}{source})"


class Trigger:
    """What started the run: ``type`` (``event``, ``run_finished``, ``schedule``, ``manual``, ``local``),
    ``events`` (every triggering event, in condition order), ``event`` (the first), and for ``run_finished``
    the upstream ``runs`` and ``run`` (the first), and for a table landing ``table(name)`` (the version).
    Always true; a run started by hand has None instead."""

    __slots__ = ("type", "events")

    def __init__(self, record: dict[str, Any]):
        self.type: str | None = record.get("type")
        self.events: list[TriggerEvent] = [TriggerEvent(event) for event in record.get("events") or []]

    @property
    def event(self) -> TriggerEvent | None:
        """The first triggering event."""
        return self.events[0] if self.events else None

    @property
    def runs(self) -> list[Run]:
        """The upstream runs (client ``Run`` objects) of the events that name one."""
        return [event.run for event in self.events if event.flow is not None and event.run_id is not None]

    @property
    def run(self) -> Run | None:
        """The first upstream run, or None."""
        return next((event.run for event in self.events if event.flow is not None and event.run_id is not None),
                    None)

    def table(self, name: str) -> TriggerTable | None:
        """The version of table ``name`` whose landing started the run (``.version``, ``.rows``, ``.how``,
        ``.name``; ``.read()`` reads it), or None when no landing of that table is among the triggering events."""
        for event in self.events:
            if event.name == _TABLE_EVENT_PREFIX + name:
                return TriggerTable(name, event)
        return None

    @property
    def tables(self) -> list[TriggerTable]:
        """Every table version among the triggering events, in condition order."""
        return [TriggerTable(event.name[len(_TABLE_EVENT_PREFIX):], event) for event in self.events
                if isinstance(event.name, str) and event.name.startswith(_TABLE_EVENT_PREFIX)]

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"Trigger({self.type}: {', '.join(repr(e) for e in self.events) or 'no events'})"


class TriggerTable:
    """A table version whose landing started the run: ``name``, ``version``, ``rows``, ``how`` (``put``,
    ``flow``, ``delta``, ``marker``, ``file``) and ``event`` (the ``braid.table.NAME`` event)."""

    __slots__ = ("name", "version", "rows", "how", "event")

    def __init__(self, name: str, event: TriggerEvent):
        payload = event.payload if isinstance(event.payload, dict) else {}
        self.name: str = payload.get("table") or name
        self.version: int | None = payload.get("version")
        self.rows: int | None = payload.get("rows")
        self.how: str | None = payload.get("how")
        self.event: TriggerEvent = event

    def read(self, as_: str = "pandas") -> Any:
        """This version's data (``Table(name, version=version).read(as_)``)."""
        from ._table_api import Table

        return Table(self.name, version=self.version).read(as_)

    def __repr__(self) -> str:
        return f"TriggerTable({self.name} version {self.version}, {self.rows} rows, {self.how})"


def trigger_from(record: dict[str, Any] | None) -> Trigger | None:
    """The ``Trigger`` of a ``"trigger"`` record, or None for null (a run started by hand)."""
    if not record:
        return None
    if not isinstance(record, dict):
        from ._errors import ProtocolError

        raise ProtocolError(f"a run's trigger must be null or an object, got {record!r}")
    return Trigger(record)
