"""Interruptions end to end: Ctrl-C and SIGTERM to the engine, the engine killed
with SIGKILL, and several runs against one store at once.

A second Ctrl-C (kill without waiting out the grace period) is covered by
CancellationTests.cancellingTwiceKillsWithoutWaitingForTheGrace: a Python
worker exits by itself as soon as the engine closes its channel, so there
is no stubborn worker to wait for here."""
import os
import re
import signal
import subprocess
import sys

import pytest

from processes import marked_processes, new_marker, start_flow, wait_until


def started_workers(ready_dir):
    return len(os.listdir(ready_dir))


def run_until_both_steps_hang(braid, tmp_path):
    """Starts long_tree.py; returns (engine process, marker) once both branch steps started their children."""
    marker = new_marker()
    ready = tmp_path / "ready"
    ready.mkdir()
    engine = start_flow(braid, "long_tree.py", "run", marker=marker, extra_env={"BRAID_E2E_READY_DIR": str(ready)})
    assert wait_until(lambda: started_workers(ready) == 2, 60), "the steps did not start"
    # Each step: its worker, a `sleep`, a shell and its `sleep` (which ignore SIGTERM).
    assert wait_until(lambda: len(marked_processes(marker)) >= 10, 10), marked_processes(marker)
    return engine, marker


def run_status(braid, flow):
    line = braid.cli("runs", flow).stdout.splitlines()[1]
    return line.split()[1]


@pytest.mark.parametrize("signum,status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_to_the_engine_stops_every_process_of_the_run(braid, tmp_path, signum, status):
    engine, marker = run_until_both_steps_hang(braid, tmp_path)
    engine.send_signal(signum)
    out, _ = engine.communicate(timeout=30)
    assert engine.returncode == status, out
    assert re.search(r"Run LongTreeFlow/\d+ cancelled", out)
    assert wait_until(lambda: not marked_processes(marker), 5), "a process of the run survived"
    assert run_status(braid, "LongTreeFlow") == "cancelled"


def test_the_engine_killed_with_sigkill_leaves_no_worker_and_a_consistent_store(braid, tmp_path):
    engine, marker = run_until_both_steps_hang(braid, tmp_path)
    engine.kill()
    engine.wait(timeout=10)
    assert wait_until(lambda: not marked_processes(marker), 8), "the watchdog did not stop the workers"
    assert run_status(braid, "LongTreeFlow") == "failed"
    shown = braid.cli("show", "LongTreeFlow/1").stdout
    assert re.search(r"start\s+\d+\s+succeeded", shown), shown
    assert re.search(r"\ba\s+\d+\s+failed", shown) and re.search(r"\bb\s+\d+\s+failed", shown), shown


def test_concurrent_runs_against_one_store_lose_nothing(braid):
    flows = [("wide_foreach.py", ["--width", "40"]), ("wide_foreach.py", ["--width", "25"]),
             ("linear.py", []), ("branch.py", []), ("linear.py", [])]
    import shutil
    from pathlib import Path

    processes = []
    for name, args in flows:
        shutil.copy(Path(__file__).parent / "flows" / name, braid.workdir / name)
        processes.append(subprocess.Popen([sys.executable, name, "run", "--max-workers", "2", *args], cwd=braid.workdir,
                                          env=braid.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT, text=True))
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    for process, out in zip(processes, outputs):
        assert process.returncode == 0, out
        assert "database is locked" not in out
    finished = [re.search(r"Run (\w+/\d+) succeeded: (\d+) tasks", out).groups() for out in outputs]
    assert len({pathspec for pathspec, _ in finished}) == len(flows), "every run has its own id"
    for pathspec, count in finished:
        shown = braid.cli("show", pathspec).stdout.splitlines()
        rows = shown[shown.index(next(line for line in shown if line.startswith("STEP"))) + 1:]
        assert len(rows) == int(count), shown
        assert all(" succeeded " in row for row in rows), shown
    assert [int(count) for _, count in finished][:2] == [43, 28]
