"""Runs that start themselves (docs/triggers.md, issue #11), for Python flows: deploying, events through a real
`braid daemon`, current.trigger inside the steps, AND sets, @trigger_on_finish, `braid trigger`,
`run --trigger-event`, and publishing input that is refused."""
import json
import re
import subprocess
import sys

from daemon import api, daemons, publish, query, run_data, runs, scalar, wait_for  # noqa: F401 (daemons: a fixture)

FINAL = ("succeeded", "failed", "cancelled")


def _deployments(braid):
    return [json.loads(line) for line in braid.cli("deployments", "--json").stdout.splitlines()]


def _events(braid):
    return [json.loads(line) for line in braid.cli("event", "list", "--json", "--limit", "1000").stdout.splitlines()]


def _finished(braid, flow, count, timeout=60):
    """Waits until the flow has `count` runs, all ended; returns their (id, status)."""
    def done():
        found = runs(braid, flow)
        return found if len(found) >= count and all(status in FINAL for _, status in found) else None
    return wait_for(done, timeout, f"{count} ended runs of {flow}",
                    diagnose=lambda: braid.cli("runs", "--all", check=False).stdout)


def _claimed_through(braid, flow, event_id, timeout=30):
    """Waits until the service has matched the flow's deployment against every event up to event_id."""
    wait_for(lambda: (scalar(braid, "SELECT event_cursor FROM deployments WHERE flow = ?", flow) or 0) >= event_id,
             timeout, f"the service to read {flow}'s events through #{event_id}")


# --- deploying ----------------------------------------------------------------------------------------------


def test_deploy_prints_what_starts_it_and_a_redeploy_is_version_two(braid):
    first = braid.flow("triggered_event.py", "deploy", check=True)
    lines = first.stdout.splitlines()
    match = re.fullmatch(r"Deployed TriggeredEventFlow version 1 \(code ([0-9a-f]{12}), 2 steps\)\.", lines[0])
    assert match, first.stdout
    assert lines[1:] == [
        "It starts when:",
        "  - event sales_updated arrives",
        "  - event model_request (alpha <- alpha_field) arrives",
        "At most 4 runs at once. The trigger service (braid daemon) starts them.",
    ]
    second = braid.flow("triggered_event.py", "deploy", check=True)
    assert second.stdout.splitlines()[0] == f"Deployed TriggeredEventFlow version 2 (code {match[1]}, 2 steps)."

    table = braid.cli("deployments").stdout.splitlines()
    assert re.split(r"\s{2,}", table[0].strip()) == ["FLOW", "VERSION", "STATUS", "TRIGGERS", "LAST RUN", "QUEUE"]
    assert re.split(r"\s{2,}", table[1].strip()) == [
        "TriggeredEventFlow", "2", "active",
        "event sales_updated arrives; event model_request (alpha <- alpha_field) arrives", "-", "0 running, 0 waiting"]
    assert len(table) == 2

    [listed] = _deployments(braid)
    assert listed["flow"] == "TriggeredEventFlow" and listed["version"] == 2 and listed["active"] is True
    assert listed["code_hash"].startswith(match[1]) and len(listed["code_hash"]) == 64
    assert listed["max_concurrent"] == 4 and listed["running"] == 0 and listed["waiting"] == 0
    assert listed["triggers"] == ["event sales_updated arrives", "event model_request (alpha <- alpha_field) arrives"]
    assert listed["last_run"] is None and listed["last_run_status"] is None
    assert query(braid, "SELECT version FROM deployment_versions WHERE flow = 'TriggeredEventFlow' ORDER BY version") \
        == [(1,), (2,)]

    gone = braid.flow("triggered_event.py", "undeploy", check=True)
    assert gone.stdout.strip() == "Undeployed TriggeredEventFlow: nothing triggers it any more."
    assert _deployments(braid)[0]["active"] is False
    again = braid.flow("triggered_event.py", "undeploy")
    assert again.returncode == 1 and "there is no deployment named TriggeredEventFlow" in again.stderr


def test_undeploy_of_an_unknown_flow_fails_naming_it(braid):
    result = braid.cli("undeploy", "NoSuchFlow", check=False)
    assert result.returncode == 1
    assert "cannot undeploy: there is no deployment named NoSuchFlow" in result.stderr
    assert result.stdout == ""


def test_deploy_of_a_flow_with_graph_errors_lists_every_problem(braid):
    result = braid.flow("triggered_broken.py", "deploy")
    assert result.returncode == 1
    assert "flow 'TriggeredBrokenFlow' has 3 problems:" in result.stderr
    assert "triggered_broken.py:8: step 'start': transitions to 'nowhere', which is not a step of this flow" in result.stderr
    assert "triggered_broken.py:11: step 'orphan': can't be reached from 'start'" in result.stderr
    assert "triggered_broken.py:15: step 'end': can't be reached from 'start'" in result.stderr
    assert "Deployed" not in result.stdout
    assert _deployments(braid) == []


def test_deploy_refuses_a_bad_cron_naming_the_field_and_an_unknown_timezone_naming_it(braid):
    cron = braid.flow("triggered_bad_cron.py", "deploy")
    assert cron.returncode == 1
    assert "triggered_bad_cron.py:4: flow 'TriggeredBadCronFlow': @schedule: the cron hour field '25' has 25, " \
           "outside 0-23" in cron.stderr
    zone = braid.flow("triggered_bad_zone.py", "deploy")
    assert zone.returncode == 1
    assert "triggered_bad_zone.py:4: flow 'TriggeredBadZoneFlow': @schedule: the time zone 'Mars/Olympus_Mons' " \
           "does not exist" in zone.stderr
    assert _deployments(braid) == []


def test_an_upstream_flow_that_does_not_exist_is_accepted_with_a_note(braid):
    result = braid.flow("triggered_upstream_missing.py", "deploy", check=True)
    assert result.stdout.splitlines()[1:] == [
        "It starts when:",
        "  - a run of NotYetFlow succeeds; note: NotYetFlow has no runs and no deployment yet (it may be deployed later)",
        "At most 4 runs at once. The trigger service (braid daemon) starts them.",
    ]
    assert [d["flow"] for d in _deployments(braid)] == ["WaitsForLaterFlow"]


def test_a_loop_of_trigger_on_finish_is_refused_naming_both_flows(braid):
    braid.flow("triggered_loop_a.py", "deploy", check=True)
    loop = braid.flow("triggered_loop_b.py", "deploy")
    assert loop.returncode == 1
    assert ("cannot deploy LoopBFlow: its @trigger_on_finish makes a loop (LoopBFlow starts when LoopAFlow succeeds, "
            "and LoopAFlow starts when LoopBFlow succeeds)") in loop.stderr
    assert "undeploy LoopAFlow first" in loop.stderr
    assert [(d["flow"], d["version"]) for d in _deployments(braid)] == [("LoopAFlow", 1)]


# --- events start runs --------------------------------------------------------------------------------------


def test_an_event_starts_the_deployed_flow_with_its_payload_in_current_trigger_and_the_parameters(braid, daemons):
    braid.flow("triggered_event.py", "deploy", check=True)
    daemons()
    implicit = publish(braid, "sales_updated", {"alpha": "0.7", "label": "spring", "day": "2026-12-07"})
    mapped = publish(braid, "model_request", {"alpha_field": 0.9, "alpha": 5, "label": "ignored"})
    wrong = publish(braid, "model_request", {"alpha_field": "abc"})
    found = _finished(braid, "TriggeredEventFlow", 3)
    assert [status for _, status in found] == ["succeeded", "succeeded", "failed"]
    (first, _), (second, _), (third, _) = found
    published = {event["id"]: event for event in _events(braid)}

    # The payload fills Parameters of the same name, converted to the Parameter's type ("0.7" -> 0.7).
    data = run_data(braid, f"TriggeredEventFlow/{first}")
    assert data == {"trigger_type": "event", "event_name": "sales_updated", "event_id": implicit,
                    "event_timestamp": published[implicit]["timestamp"],
                    "event_payload": {"alpha": "0.7", "label": "spring", "day": "2026-12-07"},
                    "alpha_seen": 0.7, "label_seen": "spring"}
    assert isinstance(data["event_timestamp"], int) and data["event_timestamp"] > 1_700_000_000_000
    assert api(braid, f"TriggeredEventFlow/{first}")["parameters"] == {"alpha": 0.7, "label": "spring"}

    # An explicit map: alpha from alpha_field; it replaces the implicit fill for that event (label keeps its default).
    data = run_data(braid, f"TriggeredEventFlow/{second}")
    assert (data["event_name"], data["event_id"], data["alpha_seen"], data["label_seen"]) == \
           ("model_request", mapped, 0.9, "none")
    record = api(braid, f"TriggeredEventFlow/{second}")
    assert record["trigger"] == {"type": "event", "events": [
        {"name": "model_request", "id": mapped, "timestamp": published[mapped]["timestamp"],
         "payload": {"alpha_field": 0.9, "alpha": 5, "label": "ignored"}, "flow": None, "run_id": None}]}
    assert "trigger:event" in record["system_tags"]

    # A value that does not convert fails that run before any task, naming parameter, event and value.
    note = (f"not started: parameter 'alpha' (float): the event 'model_request' (id {wrong}) gives \"abc\" "
            "(from its field 'alpha_field'), which is not a valid float")
    shown = braid.cli("show", f"TriggeredEventFlow/{third}").stdout
    assert f"Run TriggeredEventFlow/{third}: failed" in shown
    assert f"Note: {note}" in shown
    assert f"Triggered by event model_request #{wrong} at " in shown
    assert query(braid, "SELECT count(*) FROM tasks WHERE run = ?", third) == [(0,)]
    assert wrong in published, "the event stays in the store"
    listed = braid.cli("event", "list", "--name", "model_request").stdout.splitlines()
    assert [line.split()[0] for line in listed[1:]] == [str(wrong), str(mapped)]


def test_triggered_runs_run_the_deployed_code_not_the_working_copy(braid, daemons):
    braid.flow("triggered_event.py", "deploy", check=True)
    flow_file = braid.workdir / "triggered_event.py"
    flow_file.write_text(flow_file.read_text().replace("code version 1", "code version 2"))
    daemons()
    publish(braid, "sales_updated")
    [(run, status)] = _finished(braid, "TriggeredEventFlow", 1)
    assert status == "succeeded"
    logs = braid.cli("logs", f"TriggeredEventFlow/{run}/start").stdout
    assert "code version 1: alpha 0.5" in logs and "code version 2" not in logs
    deployed = _deployments(braid)[0]["code_directory"]
    assert api(braid, f"TriggeredEventFlow/{run}")["code_hash"] == _deployments(braid)[0]["code_hash"]
    assert deployed.startswith(str(braid.home / "deployments" / "TriggeredEventFlow"))


def test_an_and_condition_waits_for_every_event_and_sees_the_latest_of_each(braid, daemons):
    braid.flow("triggered_and.py", "deploy", check=True)
    daemons()
    lone = publish(braid, "prices_ready", {"n": 1})
    _claimed_through(braid, "TriggeredAndFlow", lone)
    assert runs(braid, "TriggeredAndFlow") == [], "one of the two events starts nothing"
    assert query(braid, "SELECT name, event FROM trigger_progress WHERE flow = 'TriggeredAndFlow'") == [("prices_ready", lone)]
    # A new version that keeps the condition keeps its half-complete set.
    assert braid.flow("triggered_and.py", "deploy", check=True).stdout.startswith("Deployed TriggeredAndFlow version 2 ")
    assert query(braid, "SELECT name, event FROM trigger_progress WHERE flow = 'TriggeredAndFlow'") == [("prices_ready", lone)]

    later = publish(braid, "prices_ready", {"n": 2})
    stock = publish(braid, "stock_ready", {"n": 3})
    [(run, status)] = _finished(braid, "TriggeredAndFlow", 1)
    _claimed_through(braid, "TriggeredAndFlow", stock)
    assert status == "succeeded"
    assert len(runs(braid, "TriggeredAndFlow")) == 1, "a, a, b is one run"
    assert run_data(braid, f"TriggeredAndFlow/{run}")["seen"] == [
        ["prices_ready", later, {"n": 2}], ["stock_ready", stock, {"n": 3}]]
    assert query(braid, "SELECT event FROM run_triggers WHERE run = ? ORDER BY position", run) == [(later,), (stock,)]
    assert query(braid, "SELECT count(*) FROM trigger_progress WHERE flow = 'TriggeredAndFlow'") == [(0,)]
    assert "(deployment version 2)" in braid.cli("show", f"TriggeredAndFlow/{run}").stdout


def test_a_successful_upstream_run_starts_the_trigger_on_finish_flow_and_a_failed_one_does_not(braid, daemons):
    braid.flow("triggered_after_ingest.py", "deploy", check=True)
    daemon = daemons()
    braid.flow("triggered_ingest.py", "run", check=True)
    [(upstream, _)] = runs(braid, "IngestFlow")
    [(downstream, status)] = _finished(braid, "AfterIngestFlow", 1)
    assert status == "succeeded"
    data = run_data(braid, f"AfterIngestFlow/{downstream}")
    assert data == {"trigger_type": "run_finished", "event_name": "braid.run.IngestFlow.succeeded",
                    "upstream_flow": "IngestFlow", "upstream_run_id": str(upstream),
                    "upstream_pathspec": f"IngestFlow/{upstream}", "upstream_rows": 42,
                    "upstream_runs": [f"IngestFlow/{upstream}"]}
    shown = braid.cli("show", f"AfterIngestFlow/{downstream}").stdout
    assert f"Triggered by run IngestFlow/{upstream} succeeding (event #" in shown

    failed = braid.flow("triggered_ingest.py", "run", "--fail")
    assert failed.returncode == 1 and "ingest failed on purpose" in failed.stderr
    # A success after the failure: its downstream run proves the service read past the failure, which started nothing.
    braid.flow("triggered_ingest.py", "run", check=True)
    ingest = runs(braid, "IngestFlow")
    assert [status for _, status in ingest] == ["succeeded", "failed", "succeeded"]
    after = _finished(braid, "AfterIngestFlow", 2)
    assert len(after) == 2
    assert run_data(braid, f"AfterIngestFlow/{after[1][0]}")["upstream_pathspec"] == f"IngestFlow/{ingest[2][0]}"
    assert query(braid, "SELECT count(*) FROM events WHERE name = 'braid.run.IngestFlow.succeeded'") == [(2,)]
    assert f"AfterIngestFlow/{after[1][0]} queued (run_finished #" in daemon.log()


def test_braid_trigger_queues_a_run_that_the_service_starts(braid, daemons):
    braid.flow("triggered_event.py", "deploy", check=True)
    queued = braid.cli("trigger", "TriggeredEventFlow", "--payload", '{"alpha": "1.5"}', "label=manual")
    [(run, status)] = runs(braid, "TriggeredEventFlow")
    assert queued.stdout.strip() == f"Queued TriggeredEventFlow/{run}; the trigger service (braid daemon) starts it."
    assert status == "pending", "nothing runs it before a service does"
    daemons()
    [(_, status)] = _finished(braid, "TriggeredEventFlow", 1)
    assert status == "succeeded"
    data = run_data(braid, f"TriggeredEventFlow/{run}")
    assert (data["trigger_type"], data["event_name"], data["alpha_seen"], data["label_seen"]) == \
           ("manual", "braid.manual.TriggeredEventFlow", 1.5, "manual")
    assert data["event_payload"] == {"alpha": "1.5", "label": "manual"}

    unknown = braid.cli("trigger", "NoSuchFlow", check=False)
    assert unknown.returncode == 1 and "cannot trigger: there is no deployment named NoSuchFlow" in unknown.stderr


def test_undeploy_cancels_the_runs_still_waiting_and_a_new_deploy_ignores_earlier_events(braid, daemons):
    braid.flow("triggered_event.py", "deploy", check=True)
    braid.cli("trigger", "TriggeredEventFlow")
    braid.cli("trigger", "TriggeredEventFlow")
    publish(braid, "sales_updated")  # no service yet: nothing claims it
    gone = braid.flow("triggered_event.py", "undeploy", check=True)
    assert gone.stdout.strip() == ("Undeployed TriggeredEventFlow: nothing triggers it any more. "
                                   "2 runs waiting to start cancelled.")
    assert [status for _, status in runs(braid, "TriggeredEventFlow")] == ["cancelled", "cancelled"]
    assert query(braid, "SELECT DISTINCT note FROM runs WHERE flow = 'TriggeredEventFlow'") == \
        [("cancelled before it started: the flow was undeployed",)]

    braid.flow("triggered_event.py", "deploy", check=True)
    daemons()
    after = publish(braid, "sales_updated", {"label": "after"})
    found = _finished(braid, "TriggeredEventFlow", 3)
    _claimed_through(braid, "TriggeredEventFlow", after)
    assert [status for _, status in runs(braid, "TriggeredEventFlow")] == ["cancelled", "cancelled", "succeeded"]
    assert run_data(braid, f"TriggeredEventFlow/{found[2][0]}")["event_id"] == after


def test_run_with_trigger_event_runs_in_the_foreground_as_if_triggered_and_triggers_no_deployment(braid, daemons):
    braid.flow("triggered_event.py", "deploy", check=True)
    daemons()
    local = braid.flow("triggered_event.py", "run", "--trigger-event", "model_request",
                       "--payload", '{"alpha_field": "0.25", "label": "local"}', check=True)
    [(run, status)] = runs(braid, "TriggeredEventFlow")
    assert status == "succeeded"
    assert f"Run TriggeredEventFlow/{run} succeeded" in local.stderr
    data = run_data(braid, f"TriggeredEventFlow/{run}")
    # The flow's mapping for model_request applies: alpha from alpha_field, and no implicit fill of label.
    assert (data["trigger_type"], data["event_name"], data["alpha_seen"], data["label_seen"]) == \
           ("local", "model_request", 0.25, "none")
    assert data["event_payload"] == {"alpha_field": "0.25", "label": "local"}
    shown = braid.cli("show", f"TriggeredEventFlow/{run}").stdout
    assert f"Run as if triggered (run --trigger-event): event model_request #{data['event_id']}" in shown

    # A command-line value wins over the payload.
    given = braid.flow("triggered_event.py", "run", "--trigger-event", "sales_updated",
                       "--payload", '{"alpha": 3, "label": "payload"}', "--alpha", "4.5", check=True)
    assert "code version 1: alpha 4.5" in given.stdout + given.stderr

    # Neither event reached the deployment: a real event after them is the only triggered run.
    sentinel = publish(braid, "sales_updated", {"label": "real"})
    found = _finished(braid, "TriggeredEventFlow", 3)
    _claimed_through(braid, "TriggeredEventFlow", sentinel)
    assert len(runs(braid, "TriggeredEventFlow")) == 3
    triggered = query(braid, "SELECT id, trigger_type FROM runs WHERE flow = 'TriggeredEventFlow' ORDER BY id")
    assert [kind for _, kind in triggered] == ["local", "local", "event"]
    assert run_data(braid, f"TriggeredEventFlow/{found[2][0]}")["event_id"] == sentinel


# --- publishing input that is refused -----------------------------------------------------------------------


def _publish_cli(braid, *args, stdin=None):
    return subprocess.run([braid.binary, "event", "publish", *args], env=braid.env, cwd=braid.workdir, text=True,
                          capture_output=True, input=stdin, timeout=60)


def test_bad_publish_input_is_refused_with_a_clear_error_and_nothing_written(braid):
    first = publish(braid, "fine", {"ok": True})
    before = _events(braid)
    big = json.dumps({"blob": "x" * (1 << 20)})
    cases = [
        (["sales_updated", "--payload", "{not json"], None, "the payload is not valid JSON: {not json"),
        (["sales_updated", "--payload", "[1, 2]"], None, "the payload must be a JSON object"),
        (["sales_updated", "--payload", '"text"'], None, "the payload must be a JSON object"),
        (["sales_updated", "--payload", "-"], big, f"the payload is {len(big)} bytes; at most 1048576 (1 MB) are allowed"),
        (["", "--payload", "{}"], None, "an event name cannot be empty"),
        (["bad\x01name"], None, "has a control character (U+0001)"),
        (["tab\tname"], None, "has a control character (U+0009)"),
        (["braid.run.X.succeeded"], None, "event names starting with 'braid.' are Braid's own"),
        ([" padded"], None, "starts or ends with white space"),
        (["sales_updated", "novalue"], None, "'novalue' is not KEY=VALUE"),
    ]
    for args, stdin, message in cases:
        result = _publish_cli(braid, *args, stdin=stdin)
        assert result.returncode == 1, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert result.stdout == "", args
    assert _events(braid) == before
    assert scalar(braid, "SELECT max(id) FROM events") == first

    # The same through braid.publish_event: the error type and message, exit status 1 for an uncaught one.
    script = (
        "import braid, json, sys\n"
        "cases = [('', {}), ('bad\\x01name', {}), ('braid.x', {}), ('ok', {'x': float('nan')}), ('ok', {'x': object()}),\n"
        "         ('ok', {'blob': 'x' * (1 << 20)}), ('ok', [1, 2]), ('ok', 'text')]\n"
        "for name, payload in cases:\n"
        "    try:\n"
        "        braid.publish_event(name, payload)\n"
        "        print('published', repr(name))\n"
        "    except (braid.EventError, TypeError) as error:\n"
        "        print(type(error).__name__, error)\n"
        "braid.publish_event('braid.mine', {})\n")
    result = subprocess.run([sys.executable, "-c", script], env=braid.env, cwd=braid.workdir, text=True,
                            capture_output=True, timeout=60)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    big_python = (1 << 20) + len('{"blob":""}')
    assert lines == [
        "EventError event name '' is empty",
        "EventError event name 'bad\\x01name' contains a control character ('\\x01')",
        "EventError event name 'braid.x' starts with `braid.`, which Braid keeps for its own events",
        "EventError event ok: the payload is not valid JSON: Out of range float values are not JSON compliant",
        "EventError event ok: the payload is not valid JSON: Object of type object is not JSON serializable",
        f"EventError event ok: the payload is {big_python} bytes as JSON; at most 1048576 (1 MB)",
        "TypeError publish_event() takes the payload as a dict (a JSON object), got list",
        "TypeError publish_event() takes the payload as a dict (a JSON object), got str",
    ]
    assert "braid.EventError: event name 'braid.mine' starts with `braid.`" in result.stderr
    assert _events(braid) == before


def test_publish_event_returns_the_committed_id_and_records_the_publishing_task(braid):
    result = braid.python("import braid\nprint(braid.publish_event('sales_updated', {'day': '2026-12-07'}))\n")
    event_id = int(result.stdout.strip())
    [event] = _events(braid)
    assert (event["id"], event["name"], event["payload"], event["source"]) == \
           (event_id, "sales_updated", {"day": "2026-12-07"}, None)
    # Payloads over the command line's limit for one argument go through stdin.
    large = braid.python("import braid\nprint(braid.publish_event('large', {'blob': 'y' * 500_000}))\n")
    assert int(large.stdout.strip()) == event_id + 1
    assert scalar(braid, "SELECT length(payload_json) FROM events WHERE id = ?", event_id + 1) == 500_000 + len('{"blob":""}')
