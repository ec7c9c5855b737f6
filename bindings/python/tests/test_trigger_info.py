"""``current.trigger`` and ``Run.trigger``: the Trigger object built from a ``"trigger"`` record (docs/triggers.md)."""

from __future__ import annotations

import json
import textwrap

import pytest

import braid
from braid import ProtocolError, Run, _client_query, current
from braid._trigger import Trigger, TriggerEvent, trigger_from
from conftest import PYTHON

EVENT = {"type": "event", "events": [{"name": "sales_updated", "id": 17, "timestamp": 1765190400123,
                                      "payload": {"day": "2026-12-07"}, "flow": None, "run_id": None}]}
FINISHED = {"type": "run_finished", "events": [
    {"name": "braid.run.IngestFlow.succeeded", "id": 5, "timestamp": 1765190400000,
     "payload": {"flow": "IngestFlow", "run_id": 3, "user": "bo"}, "flow": "IngestFlow", "run_id": 3},
    {"name": "braid.run.CleanFlow.succeeded", "id": 6, "timestamp": 1765190400500,
     "payload": {"flow": "CleanFlow", "run_id": "9", "user": "bo"}, "flow": "CleanFlow", "run_id": "9"}]}


def test_an_event_trigger_reads_its_record():
    found = trigger_from(EVENT)
    assert isinstance(found, Trigger) and found
    assert found.type == "event" and len(found.events) == 1
    event = found.event
    assert isinstance(event, TriggerEvent) and event is found.events[0]
    assert (event.name, event.id, event.timestamp, event.payload) == ("sales_updated", 17, 1765190400123,
                                                                      {"day": "2026-12-07"})
    assert (event.flow, event.run_id, event.run) == (None, None, None)
    assert found.runs == [] and found.run is None
    assert repr(found) == "Trigger(event: TriggerEvent(sales_updated #17))"


@pytest.mark.parametrize("record", [None, {}])
def test_no_trigger_is_none(record):
    assert trigger_from(record) is None


def test_a_trigger_that_is_not_an_object_is_a_protocol_error():
    with pytest.raises(ProtocolError, match="a run's trigger must be null or an object, got 'event'"):
        trigger_from("event")


def test_a_trigger_with_no_events_is_still_true():
    found = trigger_from({"type": "schedule"})
    assert found and found.events == [] and found.event is None and found.run is None


def test_run_ids_read_as_strings():
    found = trigger_from(FINISHED)
    assert [(e.flow, e.run_id) for e in found.events] == [("IngestFlow", "3"), ("CleanFlow", "9")]
    assert repr(found.event) == "TriggerEvent(braid.run.IngestFlow.succeeded #5, run IngestFlow/3)"


@pytest.fixture
def api(tmp_path, monkeypatch):
    """A ``braid`` answering ``api get`` for any run of any flow; records every argv."""
    log = tmp_path / "calls.jsonl"
    engine = tmp_path / "braid"
    engine.write_text(textwrap.dedent(f"""\
        #!{PYTHON}
        import json, sys
        with open({str(log)!r}, "a") as handle:
            handle.write(json.dumps(sys.argv[1:]) + "\\n")
        path = sys.argv[3]
        parts = path.split("/")
        if len(parts) == 2:
            print(json.dumps({{"pathspec": path, "flow": parts[0], "id": parts[1], "status": "succeeded",
                               "created_at": None, "steps": [{{"name": "end"}}], "end_task": path + "/end/1",
                               "trigger": None}}))
        elif len(parts) == 3:
            print(json.dumps({{"pathspec": path, "name": parts[2], "run_status": "succeeded",
                               "tasks": [{{"pathspec": path + "/1", "id": "1", "status": "succeeded", "artifacts": []}}]}}))
        else:
            print(json.dumps({{"pathspec": path, "id": parts[3], "status": "succeeded", "artifacts": []}}))
        """))
    engine.chmod(0o755)
    monkeypatch.setenv("BRAID_BIN", str(engine))
    monkeypatch.setattr(_client_query, "_current_namespace", None)  # put back as it was after the test
    _client_query.clear_cache()  # answers of finished runs are kept for the session: start without any
    braid.namespace("user:ana")
    return lambda: [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_upstream_runs_are_read_whoever_made_them_and_once(api):
    found = trigger_from(FINISHED)
    assert api() == []  # nothing is read until asked for
    runs = found.runs
    assert [r.pathspec for r in runs] == ["IngestFlow/3", "CleanFlow/9"]
    assert found.run is runs[0] and found.event.run is runs[0]
    assert api() == [["api", "get", "IngestFlow/3", "--all"], ["api", "get", "CleanFlow/9", "--all"]]


def test_steps_and_tasks_of_an_upstream_run_are_read_the_same_way(api):
    run = trigger_from(FINISHED).run
    assert [t.pathspec for s in run for t in s] == ["IngestFlow/3/end/1"]
    assert run.end_task.pathspec == "IngestFlow/3/end/1" and run["end"].task is not None
    assert all(call[-1] == "--all" for call in api())


def test_an_ordinary_run_keeps_the_namespace(api):
    Run("PricingFlow/1")["end"].task
    assert [call[3:] for call in api()] == [["--namespace", "user:ana"]] * 2  # the step's answer has its tasks


def test_current_trigger_is_built_once_per_task_and_cleared_after():
    current._set(flow_name="F", run_id="1", pathspec="F/1/start/1", trigger=EVENT)
    try:
        found = current.trigger
        assert found.event.name == "sales_updated" and current.trigger is found
        current._set(flow_name="F", run_id="2", pathspec="F/2/start/1", trigger=FINISHED)
        assert current.trigger.type == "run_finished"
    finally:
        current._set()
    assert current.trigger is None


def test_current_trigger_is_none_outside_a_step_and_for_a_run_by_hand():
    assert current.trigger is None
    current._set(flow_name="F", run_id="1", pathspec="F/1/start/1", trigger=None)
    try:
        assert current.trigger is None
    finally:
        current._set()


def test_run_trigger_comes_from_the_api_answer():
    base = {"pathspec": "F/1", "id": "1", "status": "succeeded", "steps": [], "created_at": None}
    assert Run(_data=dict(base, trigger=FINISHED)).trigger.events[1].run_id == "9"
    assert Run(_data=dict(base, trigger=None)).trigger is None
    assert Run(_data=base).trigger is None
