"""The trigger service itself (docs/triggers.md, "The trigger service"): catching up after downtime, missed
schedule ticks, one service per store, stopping on SIGTERM, a store it cannot write, and a burst of 1,000 events."""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from daemon import daemons, publish, query, run_data, runs, scalar, wait_for  # noqa: F401 (daemons: a fixture)

FINAL = ("succeeded", "failed", "cancelled")


def _finished(braid, flow, count, timeout=60):
    def done():
        found = runs(braid, flow)
        return found if len(found) >= count and all(status in FINAL for _, status in found) else None
    return wait_for(done, timeout, f"{count} ended runs of {flow}",
                    diagnose=lambda: braid.cli("runs", "--all", check=False).stdout)


def _status(braid, run):
    return scalar(braid, "SELECT status FROM runs WHERE id = ?", run)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ended, not yet reaped by whoever adopted it) is not alive either.
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0] != "Z"


def test_events_published_while_no_service_runs_are_acted_on_when_it_starts(braid, daemons):
    publish(braid, "sales_updated", {"label": "before the deployment"})
    braid.flow("triggered_event.py", "deploy", check=True)
    ids = [publish(braid, "sales_updated", {"label": label}) for label in ("a", "b", "c")]
    assert runs(braid, "TriggeredEventFlow") == [], "no service, no run"
    daemon = daemons()
    found = _finished(braid, "TriggeredEventFlow", 3)
    assert [status for _, status in found] == ["succeeded"] * 3
    assert [run_data(braid, f"TriggeredEventFlow/{run}")["label_seen"] for run, _ in found] == ["a", "b", "c"]
    assert [row[0] for row in query(braid, "SELECT t.event FROM run_triggers t JOIN runs r ON r.id = t.run "
                                           "WHERE r.flow = 'TriggeredEventFlow' ORDER BY r.id")] == ids
    for (run, _), event in zip(found, ids):
        assert f"TriggeredEventFlow/{run} queued (event #{event})" in daemon.log()
    assert len(runs(braid, "TriggeredEventFlow")) == 3, "the event from before the deployment never triggers it"


def test_missed_schedule_ticks_run_once_for_the_latest_and_the_log_says_how_many(braid, daemons):
    deployed = braid.flow("triggered_every_minute.py", "deploy", check=True)
    assert re.fullmatch(r"  - the schedule \* \* \* \* \* \(UTC\) ticks; next at \d{4}-\d\d-\d\d \d\d:\d\d:00 \+00:00",
                        deployed.stdout.splitlines()[2]), deployed.stdout
    # Far enough from the next tick that only the missed ones are due while the test looks.
    if datetime.now(timezone.utc).second >= 45:
        time.sleep(61 - datetime.now(timezone.utc).second)
    now_ms = int(time.time() * 1000)
    latest_tick = now_ms - now_ms % 60_000
    # Three hours of downtime: the service last saw the tick three hours before the latest.
    store = sqlite3.connect(braid.home / "braid.db", timeout=10)
    with store:
        store.execute("UPDATE deployments SET schedule_cursor = ? WHERE flow = 'EveryMinuteFlow'",
                      (latest_tick - 3 * 3_600_000,))
    store.close()

    daemon = daemons()
    [(run, status)] = _finished(braid, "EveryMinuteFlow", 1)
    assert status == "succeeded"
    tick = datetime.fromtimestamp(latest_tick / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert (f"EveryMinuteFlow: 179 schedule ticks of '* * * * *' passed while no service ran; "
            f"run {run} is for the latest, {tick}") in daemon.log()
    assert run_data(braid, f"EveryMinuteFlow/{run}")["tick"] == {"tick": tick, "cron": "* * * * *", "timezone": "UTC",
                                                                 "missed": 179}
    assert scalar(braid, "SELECT schedule_cursor FROM deployments WHERE flow = 'EveryMinuteFlow'") == latest_tick
    shown = braid.cli("show", f"EveryMinuteFlow/{run}").stdout
    assert f"Triggered by the schedule: tick {tick} (event #" in shown and "179 earlier ticks missed" in shown
    assert datetime.now(timezone.utc).timestamp() * 1000 < latest_tick + 60_000, "no later tick came meanwhile"
    assert len(runs(braid, "EveryMinuteFlow")) == 1


def test_a_second_service_on_the_store_refuses_naming_the_first_and_a_standby_takes_over(braid, daemons):
    braid.flow("triggered_event.py", "deploy", check=True)
    first = daemons()
    second = subprocess.run([braid.binary, "daemon"], env=braid.env, capture_output=True, text=True, timeout=30,
                            stdin=subprocess.DEVNULL)
    assert second.returncode == 1
    assert (f"another braid daemon (pid {first.pid}) is serving this store; one is enough (stop it first, "
            "or start this one with --standby to take over when it stops)") in second.stderr

    standby = daemons("--standby", wait_serving=False)
    standby.wait_log(f"another braid daemon (pid {first.pid}) serves this store; standing by to take over")
    publish(braid, "sales_updated", {"label": "first"})
    [(run, _)] = _finished(braid, "TriggeredEventFlow", 1)
    assert f"TriggeredEventFlow/{run} starting" in first.log()
    assert "serving" not in standby.log()

    assert first.terminate() == 0
    standby.wait_log(f"braid daemon: serving {braid.home} (pid {standby.pid})")
    assert (braid.home / "daemon" / "lock").read_text().strip() == str(standby.pid)
    publish(braid, "sales_updated", {"label": "second"})
    found = _finished(braid, "TriggeredEventFlow", 2)
    assert [status for _, status in found] == ["succeeded", "succeeded"]
    assert f"TriggeredEventFlow/{found[1][0]} starting" in standby.log()
    assert run_data(braid, f"TriggeredEventFlow/{found[1][0]}")["label_seen"] == "second"


def test_sigterm_stops_the_service_with_status_0_and_the_run_it_started_finishes(braid, daemons):
    braid.flow("triggered_gate.py", "deploy", check=True)
    gate = braid.workdir / "open"
    daemon = daemons()
    publish(braid, "gate", {"gate": str(gate)})
    run = wait_for(lambda: next((r for r, s in runs(braid, "GateFlow") if s == "running"), None), 30, "a running run")
    run_log = braid.home / "daemon" / "runs" / f"GateFlow-{run}.log"
    wait_for(lambda: run_log.exists() and "waiting for" in run_log.read_text(), 30, "the step to wait at its gate")
    engine = int(re.search(rf"GateFlow/{run} starting \(pid (\d+),", daemon.log())[1])

    assert daemon.terminate() == 0
    assert daemon.log().rstrip().endswith("braid daemon: stopping on SIGTERM; 1 run it started keeps going")
    assert _alive(engine), "the run's engine outlives the service"
    assert _status(braid, run) == "running"
    gate.touch()
    wait_for(lambda: _status(braid, run) in FINAL, 60, f"run {run} to end")
    assert _status(braid, run) == "succeeded"
    assert "gate passed" in braid.cli("logs", f"GateFlow/{run}/end").stdout
    # The engine reports how the run ended once the store says so.
    wait_for(lambda: f"Run GateFlow/{run} succeeded" in run_log.read_text(), 30, "the engine's report")
    assert "gate passed" in run_log.read_text()


def test_a_store_the_service_cannot_write_makes_it_exit_1_naming_the_path(braid):
    braid.flow("triggered_event.py", "deploy", check=True)
    if os.geteuid() == 0:
        # root writes through permission bits: serve a read-only copy of the store as an unprivileged user.
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot make the store unwritable")
        home = Path(tempfile.mkdtemp(prefix="braid-readonly-"))
        try:
            os.chmod(home, 0o755)
            store = home / "store"
            shutil.copytree(braid.home, store)
            for path in [store, *store.rglob("*")]:
                os.chmod(path, 0o755 if path.is_dir() else 0o644)
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", braid.binary, "daemon"]
            result = subprocess.run(command, env=dict(braid.env, BRAID_HOME=str(store)), capture_output=True, text=True,
                                    timeout=30, stdin=subprocess.DEVNULL, cwd="/")
        finally:
            shutil.rmtree(home)
    else:
        store = braid.home
        modes = {path: path.stat().st_mode for path in [store, *store.rglob("*")]}
        try:
            for path in modes:
                os.chmod(path, 0o555 if path.is_dir() else 0o444)
            result = subprocess.run([braid.binary, "daemon"], env=braid.env, capture_output=True, text=True,
                                    timeout=30, stdin=subprocess.DEVNULL)
        finally:
            for path, mode in reversed(list(modes.items())):
                os.chmod(path, mode)
    assert result.returncode == 1, result.stderr
    assert str(store) in result.stderr
    assert re.search(r"the trigger service cannot (open|write) the store at " + re.escape(str(store)), result.stderr), \
        result.stderr
    assert "readonly" in result.stderr or "Permission denied" in result.stderr or "read-only" in result.stderr
    assert "serving" not in result.stderr


def test_a_service_directory_that_cannot_be_made_makes_it_exit_1_naming_the_path(braid):
    """The service's own directory is not a directory: it exits 1 naming the path it cannot write."""
    braid.flow("triggered_event.py", "deploy", check=True)
    shutil.rmtree(braid.home / "daemon", ignore_errors=True)
    (braid.home / "daemon").write_text("not a directory")
    result = subprocess.run([braid.binary, "daemon"], env=braid.env, capture_output=True, text=True, timeout=30,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert f"the trigger service cannot write the store at {braid.home}/daemon" in result.stderr
    assert "it needs write access to BRAID_HOME" in result.stderr


# --- the long one ----------------------------------------------------------------------------------------------


def test_burst_of_1000_events_gives_1000_runs_at_most_4_at_once_started_in_event_order(braid, daemons):
    """THE LONG ONE (about a minute on 2 cores): 1,000 events published from 4 processes at once while the service
    runs."""
    braid.flow("triggered_burst.py", "deploy", check=True)
    daemon = daemons()
    total, limit = 1000, 4
    publisher = ("import braid, sys\n"
                 "first, count = int(sys.argv[1]), int(sys.argv[2])\n"
                 "for n in range(first, first + count):\n"
                 "    braid.publish_event('burst', {'n': n})\n")
    # Four publishers at once, each its own process; a publish is one `braid event publish`.
    publishers = [subprocess.Popen([sys.executable, "-c", publisher, str(i * 250), "250"], env=braid.env,
                                   cwd=braid.workdir, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                  for i in range(4)]

    samples, most = [], [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            try:
                running = scalar(braid, "SELECT count(*) FROM runs WHERE flow = 'BurstFlow' AND status = 'running'")
            except sqlite3.OperationalError:
                continue  # busy: sample again
            samples.append(running)
            most[0] = max(most[0], running)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        for process in publishers:
            _, errors = process.communicate(timeout=240)
            assert process.returncode == 0, errors
        assert scalar(braid, "SELECT count(*) FROM events WHERE name = 'burst'") == total
        found = wait_for(
            lambda: (lambda rows: rows if len(rows) == total and all(s in FINAL for _, s in rows) else None)(
                runs(braid, "BurstFlow")),
            300, f"{total} ended runs", interval=0.5,
            diagnose=lambda: f"{len(runs(braid, 'BurstFlow'))} runs; daemon log tail:\n{daemon.log()[-2000:]}")
    finally:
        stop.set()
        sampler.join(5)

    assert [status for _, status in found] == ["succeeded"] * total
    # Exactly one run per event, in event order.
    pairs = query(braid, "SELECT r.id, t.event FROM runs r JOIN run_triggers t ON t.run = r.id "
                         "WHERE r.flow = 'BurstFlow' ORDER BY r.id")
    assert len(pairs) == total and len({event for _, event in pairs}) == total
    assert [event for _, event in pairs] == sorted(event for _, event in pairs), "run ids increase with event ids"
    assert {event for _, event in pairs} == {row[0] for row in query(braid, "SELECT id FROM events WHERE name = 'burst'")}

    # Never more than 4 at once: sampled while it went, and from the recorded times afterwards.
    assert len(samples) > 50 and most[0] <= limit, (len(samples), most[0])
    assert most[0] == limit, "the burst filled every place"
    times = query(braid, "SELECT id, started_at, finished_at FROM runs WHERE flow = 'BurstFlow' ORDER BY id")
    edges = sorted([(start, 1) for _, start, _ in times] + [(end, -1) for _, _, end in times])
    at_once = peak = 0
    for _, change in edges:  # at equal times, an end (-1) sorts before a start
        at_once += change
        peak = max(peak, at_once)
    assert peak <= limit

    # Started in event order: the service launched them in run-id order ...
    launched = [int(n) for n in re.findall(r"BurstFlow/(\d+) starting", daemon.log())]
    assert launched == [run for run, _ in found]
    # ... and each engine records its start as it gets going, so only runs launched together (fewer than
    # max_concurrent apart) can record theirs a few milliseconds out of order.
    latest = 0  # the latest start among runs at least max_concurrent ids earlier
    for j in range(limit, total):
        latest = max(latest, times[j - limit][1])
        assert times[j][1] >= latest, (j, times[j], latest)
