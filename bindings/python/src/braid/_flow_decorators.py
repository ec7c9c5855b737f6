"""``@trigger``, ``@trigger_on_finish`` and ``@schedule``: when a deployed flow starts by itself (docs/triggers.md).

They go on the ``FlowSpec`` class. Like the step decorators they only record
what was written and where: a worker imports the flow file for every task,
so checking happens when the spec is built (``check``, ``run``, ``deploy``),
where the flow's Parameters and the other conditions are known and every
problem is reported at once with the decorator's ``file:line``. The engine
checks again at deploy (cron syntax, timezones, cycles among deployed
flows); nothing here parses cron.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["trigger", "trigger_on_finish", "schedule", "FlowDecorator", "flow_decorators_of", "flow_triggers",
           "event_name_problem"]

_RECORDS = "__braid_flow_decorators__"
_PRESETS = {"hourly": "0 * * * *", "daily": "0 0 * * *", "weekly": "0 0 * * 0"}
_MAX_EVENT_NAME = 200


class FlowDecorator:
    """One flow decorator as written: its name, its arguments, where, and problems seen when it was applied."""

    __slots__ = ("name", "args", "file", "line", "problems")

    def __init__(self, name: str, args: dict[str, Any], file: str, line: int, problems: list[str] | None = None):
        self.name = name
        self.args = args
        self.file = file
        self.line = line
        self.problems = problems if problems is not None else []

    def __repr__(self) -> str:
        return f"FlowDecorator({self.name!r}, {self.args!r}, line={self.line})"


def flow_decorators_of(flow_class: type) -> list[FlowDecorator]:
    """The class's own trigger records, top to bottom as written (a subclass does not inherit them: it is
    another flow, deployed on its own)."""
    return list(flow_class.__dict__.get(_RECORDS, []))


def _attach(name: str, args: dict[str, Any], bare: Any = None) -> Any:
    caller = sys._getframe(2)
    record = FlowDecorator(name, args, os.path.abspath(caller.f_code.co_filename), caller.f_lineno)

    def apply(flow_class: Any) -> Any:
        from ._flowspec import FlowSpec

        if not (isinstance(flow_class, type) and issubclass(flow_class, FlowSpec)):
            what = "a function" if callable(flow_class) else type(flow_class).__name__
            raise TypeError(f"@{name} goes on a FlowSpec class (the line above `class MyFlow(FlowSpec):`), "
                            f"not on {what}")
        # Class decorators apply bottom-up; keep the order they are written in (top first).
        setattr(flow_class, _RECORDS, [record, *flow_decorators_of(flow_class)])
        return flow_class

    if bare is not None:  # `@schedule` without parentheses: the class came in as the first argument
        record.problems.append(f"@{name} needs arguments, e.g. @{name}({_EXAMPLES[name]})")
        return apply(bare)
    return apply


_EXAMPLES = {"trigger": 'event="sales_updated"', "trigger_on_finish": 'flow="IngestFlow"',
             "schedule": 'cron="*/15 * * * *" or @schedule(daily=True)'}


def _is_bare(value: Any) -> bool:
    """Whether the decorator was written without parentheses (``@schedule``): the first argument is then the
    class being decorated, made just now in the caller's module and not yet bound to any name there (a class
    given on purpose, ``flow=IngestFlow``, is; it is refused when the spec is built)."""
    if not isinstance(value, type):
        return False
    caller = sys._getframe(2)
    if value.__module__ != caller.f_globals.get("__name__"):
        return False
    return not any(bound is value for scope in (caller.f_locals, caller.f_globals) for bound in scope.values())


def trigger(event: str | dict[str, Any] | None = None, events: list[str | dict[str, Any]] | None = None,
            max_concurrent: int | None = None, table: str | None = None, tables: list[str] | None = None) -> Any:
    """Starts the deployed flow when an event is published, or when a table version lands.

    ``event="sales_updated"`` waits for one event; ``events=["a", "b"]`` for
    all of them (each published at least once since this condition last
    started a run). An event may be ``{"name": "model_request", "parameters":
    {"alpha": "alpha_field"}}``: Parameter ``alpha`` takes the payload's
    ``alpha_field`` (a list ``["alpha"]`` maps each name to itself); without
    a map, payload keys named like Parameters fill them. Several ``@trigger``
    are alternatives (any one starts a run). ``max_concurrent``: at most that
    many runs at once (default 4). See docs/triggers.md.

    ``table="sales"`` starts a run for each new version of table ``sales``;
    ``tables=["sales", "stock"]`` once each has a new version (AND, as for
    events); ``current.trigger.table("sales")`` is then that version. A
    decorator waits for events or for tables, not both. See docs/tables.md.
    """
    if _is_bare(event):
        return _attach("trigger", {}, bare=event)
    return _attach("trigger", {"event": event, "events": events, "max_concurrent": max_concurrent,
                               "table": table, "tables": tables})


def trigger_on_finish(flow: str | None = None, flows: list[str] | None = None,
                      max_concurrent: int | None = None) -> Any:
    """Starts the deployed flow when a run of ``flow`` succeeds (``flows=[...]``: once each of them has).

    ``current.trigger.run`` is then the upstream run. A flow cannot start on
    its own finish. See docs/triggers.md.
    """
    if _is_bare(flow):
        return _attach("trigger_on_finish", {}, bare=flow)
    return _attach("trigger_on_finish", {"flow": flow, "flows": flows, "max_concurrent": max_concurrent})


def schedule(cron: str | None = None, timezone: str | None = None, hourly: bool = False, daily: bool = False,
             weekly: bool = False, max_concurrent: int | None = None) -> Any:
    """Starts the deployed flow on a clock: ``cron="*/15 * * * *"`` (minute hour day-of-month month
    day-of-week, in ``timezone``, default UTC), or ``hourly=True``, ``daily=True`` (midnight), ``weekly=True``
    (Sunday midnight). One per flow; it combines with ``@trigger`` (either starts a run). See docs/triggers.md.
    """
    if _is_bare(cron):
        return _attach("schedule", {}, bare=cron)
    return _attach("schedule", {"cron": cron, "timezone": timezone, "hourly": hourly, "daily": daily,
                                "weekly": weekly, "max_concurrent": max_concurrent})


# --- checking, when the spec is built ----------------------------------------------------------


def event_name_problem(name: str, braid_allowed: bool = False) -> str | None:
    """What is wrong with an event name a user publishes or waits for, as the end of a sentence; None if fine.

    ``braid_allowed``: Braid's own names (``braid.run.FLOW.succeeded`` ...) pass, for ``run --trigger-event``.
    """
    if not name:
        return "is empty"
    if len(name) > _MAX_EVENT_NAME:
        return f"is {len(name)} characters long; at most {_MAX_EVENT_NAME}"
    control = next((c for c in name if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F), None)
    if control is not None:
        return f"contains a control character ({control!r})"
    if name.strip() != name:
        return "starts or ends with a space"
    if name.startswith("braid.") and not braid_allowed:
        return "starts with `braid.`, which Braid keeps for its own events"
    return None


def _is_flow_name(name: str) -> bool:
    return bool(name) and name[0].isascii() and name[0].isalpha() and all(
        c.isascii() and (c.isalnum() or c == "_") for c in name)


def _kind(value: Any) -> str:
    return type(value).__name__


class _Seen:
    """What earlier conditions of the flow used, to refuse a name or a second schedule used again."""

    def __init__(self) -> None:
        self.events: dict[str, int] = {}
        self.flows: dict[str, int] = {}
        self.tables: dict[str, int] = {}
        self.schedule: int | None = None
        self.limit: tuple[int, str, int] | None = None  # (value, decorator, line) of the first max_concurrent


def flow_triggers(flow_class: type, parameter_names: list[str], problems: list[str]) -> list[dict[str, Any]]:
    """The spec's ``triggers`` entries of ``flow_class``, top to bottom; appends each problem (``file:line: ...``)."""
    seen = _Seen()
    entries = []
    for record in flow_decorators_of(flow_class):
        found = list(record.problems)
        if not found:
            if record.name == "trigger" and _waits_for_tables(record):
                entry = _table_condition(record, seen, found)
            elif record.name == "trigger":
                entry = _event_condition(record, parameter_names, seen, found)
            elif record.name == "trigger_on_finish":
                entry = _finish_condition(record, flow_class.__name__, seen, found)
            else:
                entry = _schedule(record, seen, found)
            entry["max_concurrent"] = _limit(record, seen, found)
            entry["line"] = record.line
            entries.append(entry)
        problems.extend(f"{record.file}:{record.line}: {p}" for p in found)
    return entries


def _limit(record: FlowDecorator, seen: _Seen, found: list[str]) -> int | None:
    value = record.args.get("max_concurrent")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        found.append(f"@{record.name} max_concurrent must be a whole number >= 1, got {value!r}")
        return value
    if seen.limit is None:
        seen.limit = (value, record.name, record.line)
    elif seen.limit[0] != value:
        first, name, line = seen.limit
        found.append(f"@{record.name} max_concurrent={value} differs from max_concurrent={first} of the "
                     f"@{name} at line {line}; a deployment has one limit (give it once, or the same everywhere)")
    return value


def _event_condition(record: FlowDecorator, parameter_names: list[str], seen: _Seen,
                     found: list[str]) -> dict[str, Any]:
    event, events = record.args["event"], record.args["events"]
    listed: list[Any] = []
    if event is not None and events is not None:
        found.append("@trigger takes event= (one event) or events=[...] (all of them), not both")
    elif event is None and events is None:
        found.append('@trigger needs event="NAME" or events=["A", "B"]')
    elif event is not None:
        if isinstance(event, (list, tuple)):
            found.append("@trigger event= takes one event; for all of several, write events=[...]")
        else:
            listed = [event]
    elif not isinstance(events, (list, tuple)) or not events:
        found.append(f"@trigger events must be a non-empty list of events, got {events!r}")
    else:
        listed = list(events)
    conditions = []
    mapped: dict[str, str] = {}  # Parameter -> the event of this condition that fills it
    here: set[str] = set()
    for item in listed:
        name, parameters = _event(item, found)
        if name is None:
            continue
        if name in here:
            found.append(f"@trigger lists event {name} twice; list each event once")
        elif name in seen.events:
            found.append(f"@trigger event {name} is also in the @trigger at line {seen.events[name]}; an event "
                         "may be in one condition only (which one would a single event satisfy?)")
        here.add(name)
        if parameters is not None:
            for parameter in parameters:
                if parameter not in parameter_names:
                    has = ", ".join(parameter_names) or "none"
                    found.append(f"@trigger event {name} maps payload field {parameters[parameter]!r} to "
                                 f"{parameter}, which is not a Parameter of the flow (it has: {has})")
                elif parameter in mapped:
                    also = "twice" if mapped[parameter] == name else f"from events {mapped[parameter]} and {name}"
                    found.append(f"@trigger maps Parameter {parameter} {also}; one condition fills a Parameter "
                                 "from one payload field")
                mapped.setdefault(parameter, name)
        conditions.append({"name": name, "parameters": parameters})
    for name in here:
        seen.events.setdefault(name, record.line)
    return {"kind": "event", "events": conditions}


def _waits_for_tables(record: FlowDecorator) -> bool:
    return record.args.get("table") is not None or record.args.get("tables") is not None


def _table_condition(record: FlowDecorator, seen: _Seen, found: list[str]) -> dict[str, Any]:
    """``@trigger(table=...)`` / ``@trigger(tables=[...])``: ``{"kind": "table", "tables": [...]}``
    (docs/tables.md)."""
    from ._table_names import table_name_problem

    args = record.args
    table, tables = args["table"], args["tables"]
    listed: list[Any] = []
    if args["event"] is not None or args["events"] is not None:
        found.append("@trigger waits for events (event=, events=) or for tables (table=, tables=), not both; "
                     "write one @trigger for each")
    elif table is not None and tables is not None:
        found.append("@trigger takes table= (one table) or tables=[...] (all of them), not both")
    elif table is not None:
        if isinstance(table, (list, tuple)):
            found.append("@trigger table= takes one table; for all of several, write tables=[...]")
        else:
            listed = [table]
    elif not isinstance(tables, (list, tuple)) or not tables:
        found.append(f"@trigger tables must be a non-empty list of table names, got {tables!r}")
    else:
        listed = list(tables)
    names: list[str] = []
    for name in listed:
        if not isinstance(name, str):
            found.append(f"@trigger table must be a table name (a string), got {name!r}")
            continue
        problem = table_name_problem(name)
        if problem:
            found.append(f"@trigger table name {name!r} {problem}")
            continue
        if name in names:
            found.append(f"@trigger lists table {name} twice; list each table once")
        elif name in seen.tables:
            found.append(f"@trigger table {name} is also in the @trigger at line {seen.tables[name]}; a table "
                         "may be in one condition only (which one would a single new version satisfy?)")
        names.append(name)
    for name in names:
        seen.tables.setdefault(name, record.line)
    return {"kind": "table", "tables": list(dict.fromkeys(names))}


def _event(item: Any, found: list[str]) -> tuple[str | None, dict[str, str] | None]:
    """An event of ``@trigger`` (a name, or ``{"name", "parameters"}``) as (name, parameter map)."""
    if isinstance(item, dict):
        unknown = [key for key in item if key not in ("name", "parameters")]
        if unknown:
            found.append(f"@trigger event {item!r} has unknown key{'s' if len(unknown) > 1 else ''} "
                         f"{', '.join(map(repr, unknown))}; an event is {{\"name\": ..., \"parameters\": ...}}")
        name, parameters = item.get("name"), _parameter_map(item.get("name"), item.get("parameters"), found)
        if not isinstance(name, str):
            found.append(f"@trigger event {item!r} needs a \"name\" (a string)")
            return None, None
    elif isinstance(item, str):
        name, parameters = item, None
    else:
        found.append(f'@trigger event must be an event name or {{"name": ..., "parameters": ...}}, got {item!r}')
        return None, None
    problem = event_name_problem(name)
    if problem:
        hint = (" (to start when another flow's run succeeds, use @trigger_on_finish(flow=...))"
                if name.startswith("braid.") else "")
        found.append(f"@trigger event name {name!r} {problem}{hint}")
        return None, None
    return name, parameters


def _parameter_map(name: Any, parameters: Any, found: list[str]) -> dict[str, str] | None:
    """``{"alpha": "alpha_field"}`` as given, or ``["alpha"]`` as ``{"alpha": "alpha"}``; None for no map."""
    where = f"@trigger event {name}" if isinstance(name, str) else "@trigger event"
    if parameters is None:
        return None
    if isinstance(parameters, (list, tuple)):
        mapped: dict[str, str] = {}
        for parameter in parameters:
            if not isinstance(parameter, str) or not parameter:
                found.append(f"{where} parameters must name Parameters (strings), got {parameter!r}")
            elif parameter in mapped:
                found.append(f"@trigger maps Parameter {parameter} twice; one condition fills a Parameter "
                             "from one payload field")
            else:
                mapped[parameter] = parameter
        return mapped
    if isinstance(parameters, dict):
        for parameter, field in parameters.items():
            if not isinstance(parameter, str) or not isinstance(field, str) or not field:
                found.append(f"{where} parameters must map Parameter names to payload fields (strings), got "
                             f"{parameter!r}: {field!r}")
        return {p: f for p, f in parameters.items() if isinstance(p, str) and isinstance(f, str) and f}
    found.append(f"{where} parameters must be a dict {{Parameter: payload field}} or a list of Parameters, "
                 f"got {_kind(parameters)}")
    return None


def _finish_condition(record: FlowDecorator, own_name: str, seen: _Seen, found: list[str]) -> dict[str, Any]:
    flow, flows = record.args["flow"], record.args["flows"]
    listed: list[Any] = []
    if flow is not None and flows is not None:
        found.append("@trigger_on_finish takes flow= (one flow) or flows=[...] (all of them), not both")
    elif flow is None and flows is None:
        found.append('@trigger_on_finish needs flow="NAME" or flows=["A", "B"]')
    elif flow is not None:
        listed = [flow]
    elif not isinstance(flows, (list, tuple)) or not flows:
        found.append(f"@trigger_on_finish flows must be a non-empty list of flow names, got {flows!r}")
    else:
        listed = list(flows)
    names: list[str] = []
    for name in listed:
        if isinstance(name, type):
            found.append(f'@trigger_on_finish takes flow names, not classes: write "{name.__name__}"')
            continue
        if not isinstance(name, str) or not _is_flow_name(name):
            found.append(f"@trigger_on_finish flow must be a flow's name (letters, digits and _, starting with "
                         f"a letter), got {name!r}")
            continue
        if name == own_name:
            found.append(f"@trigger_on_finish: {own_name} cannot start when its own run succeeds (every run "
                         "would start another)")
        elif name in names:
            found.append(f"@trigger_on_finish lists flow {name} twice; list each flow once")
        elif name in seen.flows:
            found.append(f"@trigger_on_finish flow {name} is also in the @trigger_on_finish at line "
                         f"{seen.flows[name]}; a flow may be in one condition only")
        names.append(name)
    for name in names:
        seen.flows.setdefault(name, record.line)
    return {"kind": "run_finished", "flows": names}


def _schedule(record: FlowDecorator, seen: _Seen, found: list[str]) -> dict[str, Any]:
    args = record.args
    cron, timezone = args["cron"], args["timezone"]
    if seen.schedule is not None:
        found.append(f"@schedule is given twice (also at line {seen.schedule}); a flow has one schedule "
                     "(add @trigger for other ways to start)")
    else:
        seen.schedule = record.line
    presets = []
    for key in _PRESETS:
        if not isinstance(args[key], bool):
            found.append(f"@schedule {key} must be True or False, got {args[key]!r}")
        elif args[key]:
            presets.append(key)
    if cron is not None and not (isinstance(cron, str) and cron.strip()):
        found.append(f'@schedule cron must be a cron expression (a string such as "*/15 * * * *"), got {cron!r}')
    if cron is not None and presets:
        found.append(f"@schedule takes cron= or {presets[0]}=True, not both")
    elif len(presets) > 1:
        found.append(f"@schedule takes one of hourly, daily and weekly, got {' and '.join(presets)}")
    elif cron is None and not presets and all(isinstance(args[key], bool) for key in _PRESETS):
        found.append('@schedule needs cron="MINUTE HOUR DAY MONTH WEEKDAY" or one of hourly=True, daily=True, '
                     "weekly=True")
    if timezone is not None and not (isinstance(timezone, str) and timezone.strip()):
        found.append(f'@schedule timezone must be a timezone name (a string such as "Europe/Helsinki"), '
                     f"got {timezone!r}")
    expression = cron if cron is not None else (_PRESETS[presets[0]] if presets else None)
    return {"kind": "schedule", "cron": expression, "timezone": timezone}
