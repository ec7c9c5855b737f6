"""``@trigger(table=...)`` / ``@trigger(tables=[...])`` → the spec's ``{"kind": "table"}`` entries, what is refused,
and ``current.trigger.table(NAME)`` (docs/tables.md, "Triggering")."""

from __future__ import annotations

import json

import pytest

from braid import FlowDefinitionError, current
from braid._spec import build_spec, spec_json
from braid._trigger import TriggerTable, trigger_from
from test_triggers import write_flow


def test_table_conditions_are_spec_entries_with_their_lines(tmp_path, load_flow):
    path = write_flow(tmp_path, ['@trigger(table="sales")', '@trigger(tables=["stock", "prices.eu"], max_concurrent=2)',
                                 '@trigger(event="late_data")'])
    entries = json.loads(spec_json(build_spec(load_flow(path))))["triggers"]
    assert entries == [
        {"kind": "table", "tables": ["sales"], "max_concurrent": None, "line": 2},
        {"kind": "table", "tables": ["stock", "prices.eu"], "max_concurrent": 2, "line": 3},
        {"kind": "event", "events": [{"name": "late_data", "parameters": None}], "max_concurrent": None, "line": 4},
    ]
    assert [list(entry) for entry in entries[:2]] == [["kind", "tables", "max_concurrent", "line"]] * 2


def test_a_table_and_an_event_of_the_same_name_are_different_conditions(tmp_path, load_flow):
    path = write_flow(tmp_path, ['@trigger(table="sales")', '@trigger(event="sales")'])
    assert [e["kind"] for e in build_spec(load_flow(path))["triggers"]] == ["table", "event"]


REFUSED = [
    (['@trigger(table="sales", event="a")'],
     [(2, "@trigger waits for events (event=, events=) or for tables (table=, tables=), not both; write one "
          "@trigger for each")]),
    (['@trigger(tables=["sales"], events=["a"])'],
     [(2, "@trigger waits for events (event=, events=) or for tables (table=, tables=), not both; write one "
          "@trigger for each")]),
    (['@trigger(table="a", tables=["b"])'],
     [(2, "@trigger takes table= (one table) or tables=[...] (all of them), not both")]),
    (['@trigger(table=["a", "b"])'], [(2, "@trigger table= takes one table; for all of several, write tables=[...]")]),
    (["@trigger(tables=[])"], [(2, "@trigger tables must be a non-empty list of table names, got []")]),
    (["@trigger(tables='sales')"], [(2, "@trigger tables must be a non-empty list of table names, got 'sales'")]),
    (["@trigger(tables=['a', 3])"], [(2, "@trigger table must be a table name (a string), got 3")]),
    (['@trigger(table="a/b")'], [(2, "@trigger table name 'a/b' contains a slash; a table name is a name, not a "
                                     "path")]),
    (['@trigger(table="a..b")'], [(2, "@trigger table name 'a..b' contains '..'")]),
    (['@trigger(table="_a")'], [(2, "@trigger table name '_a' must start with a letter or a digit")]),
    (['@trigger(table="a\\nb")'], [(2, "@trigger table name 'a\\nb' contains a control character ('\\n')")]),
    (['@trigger(table="x" * 129)'], [(2, f"@trigger table name {'x' * 129!r} is 129 characters long; at most 128")]),
    (['@trigger(tables=["a", "a"])'], [(2, "@trigger lists table a twice; list each table once")]),
    (['@trigger(table="sales")', '@trigger(tables=["stock", "sales"])'],
     [(3, "@trigger table sales is also in the @trigger at line 2; a table may be in one condition only (which one "
          "would a single new version satisfy?)")]),
    (['@trigger(table="sales", max_concurrent=2)', '@trigger(table="stock", max_concurrent=3)'],
     [(3, "@trigger max_concurrent=3 differs from max_concurrent=2 of the @trigger at line 2; a deployment has one "
          "limit (give it once, or the same everywhere)")]),
]


@pytest.mark.parametrize("decorators, expected", REFUSED, ids=[f"{i}" for i in range(len(REFUSED))])
def test_refused_with_the_decorators_line(tmp_path, load_flow, decorators, expected):
    path = write_flow(tmp_path, decorators)
    with pytest.raises(FlowDefinitionError) as caught:
        build_spec(load_flow(path))
    assert caught.value.problems == [f"{path}:{line}: {message}" for line, message in expected]


LANDED = {"type": "event", "events": [
    {"name": "braid.table.sales", "id": 41, "timestamp": 1765190400123,
     "payload": {"table": "sales", "version": 7, "rows": 1000, "how": "flow"}, "flow": None, "run_id": None},
    {"name": "braid.table.stock", "id": 42, "timestamp": 1765190400456,
     "payload": {"table": "stock", "version": 2, "rows": 5, "how": "delta"}, "flow": None, "run_id": None}]}


def test_trigger_table_finds_the_landing_among_the_events():
    found = trigger_from(LANDED)
    sales = found.table("sales")
    assert isinstance(sales, TriggerTable)
    assert (sales.name, sales.version, sales.rows, sales.how) == ("sales", 7, 1000, "flow")
    assert sales.event is found.events[0]
    assert repr(sales) == "TriggerTable(sales version 7, 1000 rows, flow)"
    assert [(t.name, t.version) for t in found.tables] == [("sales", 7), ("stock", 2)]
    assert found.table("prices") is None


def test_a_run_started_by_an_ordinary_event_has_no_tables():
    found = trigger_from({"type": "event", "events": [{"name": "sales", "id": 1, "payload": {}}]})
    assert found.table("sales") is None and found.tables == []


def test_current_trigger_table_inside_a_step():
    current._set(flow_name="F", run_id="1", pathspec="F/1/start/1", trigger=LANDED)
    try:
        assert current.trigger.table("stock").version == 2
    finally:
        current._set()
