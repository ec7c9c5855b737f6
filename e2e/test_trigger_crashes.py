"""Exactly once under `kill -9` of the trigger service (docs/triggers.md, "Guarantees"): whatever moment the
service dies at, a restarted one starts every event's run once, and a run already going keeps going."""
import fcntl
import json
import os
import random
import re
import signal
import time

from daemon import daemons, publish, query, runs, scalar, wait_for  # noqa: F401 (daemons: a fixture)

FINAL = ("succeeded", "failed", "cancelled")


def _count(braid, flow, status):
    return scalar(braid, "SELECT count(*) FROM runs WHERE flow = ? AND status = ?", flow, status) or 0


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def test_kill_9_of_the_service_at_awkward_moments_loses_nothing_and_doubles_nothing(braid, daemons):
    braid.flow("triggered_once.py", "deploy", check=True)
    total, limit = 30, 2
    events = [publish(braid, "job", {"n": n}) for n in range(10)]
    kills = 0

    def kill(daemon):
        nonlocal kills
        daemon.kill()
        kills += 1

    # Right after it starts: before it serves, or in its first claim.
    for delay in (0.01, 0.05, 0.15):
        service = daemons(name="service", wait_serving=False)
        time.sleep(delay)
        kill(service)
    service = daemons(name="service")
    kill(service)  # it has just logged that it serves: the first pass is under way

    # Mid-burst: more events while none runs, killed as soon as it launches the first engine.
    events += [publish(braid, "job", {"n": n}) for n in range(10, 20)]
    launched = (braid.workdir.parent / "service.log").read_text().count(" starting (pid ")
    service = daemons(name="service")
    service.wait_log(" starting (pid ", count=launched + 1)
    kill(service)
    # Restarted at once, while the engines it launched may not have taken their runs yet; killed again mid-launch.
    launched = (braid.workdir.parent / "service.log").read_text().count(" starting (pid ")
    service = daemons(name="service")
    service.wait_log(" starting (pid ", count=launched + 1)
    kill(service)

    # While runs are pending and others running: killed once a few have finished.
    events += [publish(braid, "job", {"n": n}) for n in range(20, total)]
    service = daemons(name="service")
    wait_for(lambda: _count(braid, "OnceFlow", "succeeded") >= 8 and _count(braid, "OnceFlow", "pending") > 0, 60,
             "8 runs done while others wait", diagnose=service.log)
    kill(service)

    # And at random moments while the queue drains.
    rng = random.Random(11)
    while _count(braid, "OnceFlow", "pending") > 4 and kills < 12:
        service = daemons(name="service")
        time.sleep(rng.uniform(0.0, 0.6))
        kill(service)

    service = daemons(name="service")
    found = wait_for(lambda: (lambda rows: rows if len(rows) >= total and all(s in FINAL for _, s in rows) else None)(
        runs(braid, "OnceFlow")), 120, f"{total} ended runs", diagnose=service.log)
    assert kills >= 7

    assert len(found) == total, f"{len(found)} runs for {total} events"
    assert [status for _, status in found] == ["succeeded"] * total
    triggers = query(braid, "SELECT t.run, t.event FROM run_triggers t JOIN runs r ON r.id = t.run "
                            "WHERE r.flow = 'OnceFlow' ORDER BY t.run")
    assert [event for _, event in triggers] == events, "each event once, runs in event order"
    assert [run for run, _ in triggers] == [run for run, _ in found]
    # Each run was executed by one engine: one task per step, one attempt per task.
    per_run = query(braid, "SELECT r.id, count(DISTINCT t.id), count(a.task) FROM runs r JOIN tasks t ON t.run = r.id "
                           "JOIN attempts a ON a.task = t.id WHERE r.flow = 'OnceFlow' GROUP BY r.id ORDER BY r.id")
    assert per_run == [(run, 2, 2) for run, _ in found]
    seen = braid.python(
        "import json\n"
        "from braid import Flow, namespace\n"
        "namespace(None)\n"
        "print(json.dumps(sorted(run.data.event_id for run in Flow('OnceFlow').runs())))\n")
    assert json.loads(seen.stdout) == events
    # Never more than max_concurrent at once, across every restart.
    times = query(braid, "SELECT started_at, finished_at FROM runs WHERE flow = 'OnceFlow'")
    at_once = peak = 0
    for _, change in sorted([(start, 1) for start, _ in times] + [(end, -1) for _, end in times]):
        at_once += change
        peak = max(peak, at_once)
    assert peak <= limit
    # A second claim of an event would have made a second run: there is none, and no note of a failed start.
    assert query(braid, "SELECT count(*) FROM runs WHERE flow = 'OnceFlow' AND note IS NOT NULL") == [(0,)]


def test_kill_9_of_the_service_while_a_run_goes_leaves_the_run_going_and_a_restart_does_not_start_it_again(
        braid, daemons):
    braid.flow("triggered_gate.py", "deploy", check=True)
    gate = braid.workdir / "open"
    first = daemons(name="first")
    publish(braid, "gate", {"gate": str(gate)})
    run = wait_for(lambda: next((r for r, s in runs(braid, "GateFlow") if s == "running"), None), 30, "a running run")
    run_log = braid.home / "daemon" / "runs" / f"GateFlow-{run}.log"
    wait_for(lambda: run_log.exists() and "waiting for" in run_log.read_text(), 30, "the step to wait at its gate")
    engine = int(re.search(rf"GateFlow/{run} starting \(pid (\d+),", first.log())[1])

    first.kill()
    assert _alive(engine), "the run's engine outlives the service"
    second = daemons(name="second")
    # The restarted service's first pass is done once a new event is claimed after it.
    gate.touch()
    later = publish(braid, "gate", {"gate": str(gate)})
    found = wait_for(lambda: (lambda rows: rows if len(rows) == 2 and all(s in FINAL for _, s in rows) else None)(
        runs(braid, "GateFlow")), 60, "both runs to end", diagnose=second.log)
    assert [status for _, status in found] == ["succeeded", "succeeded"]
    assert found[0][0] == run
    assert f"GateFlow/{run} starting" not in second.log(), "the running run is not started again"
    assert f"GateFlow/{found[1][0]} queued (event #{later})" in second.log()
    assert f"GateFlow/{found[1][0]} starting" in second.log()
    wait_for(lambda: f"Run GateFlow/{run} succeeded" in run_log.read_text(), 30, "the engine's report")
    assert run_log.read_text().count(f"Run GateFlow/{run} succeeded") == 1
    assert "nothing to do" not in run_log.read_text()
    assert query(braid, "SELECT count(*) FROM tasks WHERE run = ?", run) == [(2,)]
    wait_for(lambda: not _alive(engine), 30, "the first run's engine to exit")


def _children(pid):
    """(pid, state) of the processes whose parent is `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(fields[1]) == pid:
                found.append((int(entry), fields[0]))
    return found


def test_an_engine_that_meets_another_process_checking_the_run_lock_leaves_the_run_to_be_started_again(
        braid, daemons):
    """`braid _run-queued` checks whether an engine holds a run by taking the run's lock shared for a moment; an
    engine (one a restarted service started for the same run) taking the lock at that moment must not make the run
    fail: the run stays pending and is started again. The test holds the shared lock for as long as it takes, and
    stops the service until that engine has ended, then lets go of the lock and lets the service see the end."""
    braid.flow("triggered_burst.py", "deploy", check=True)
    braid.cli("trigger", "BurstFlow")
    [(run, _)] = runs(braid, "BurstFlow")
    (braid.home / "locks").mkdir(exist_ok=True)
    checking = os.open(braid.home / "locks" / f"run-{run}.lock", os.O_RDONLY | os.O_CREAT, 0o644)
    fcntl.flock(checking, fcntl.LOCK_SH)
    service = None
    try:
        service = daemons()
        deadline = time.monotonic() + 60
        while True:  # stop the service while an engine it started is alive
            assert time.monotonic() < deadline, "no engine to catch"
            os.kill(service.pid, signal.SIGSTOP)
            engines = [pid for pid, state in _children(service.pid) if state != "Z"]
            if engines:
                break
            os.kill(service.pid, signal.SIGCONT)
            time.sleep(0.01)
        wait_for(lambda: all(state == "Z" for _, state in _children(service.pid)), 30, "the engine to end")
    finally:
        os.close(checking)  # the check is over
        if service is not None:
            os.kill(service.pid, signal.SIGCONT)
    found = wait_for(lambda: (lambda rows: rows if rows[0][1] in FINAL else None)(runs(braid, "BurstFlow")), 60,
                     "the run to end", diagnose=service.log)
    assert found == [(run, "succeeded")], service.log()
    assert "engine ended (exit 3)" in service.log()
    assert "not started" not in service.log()
