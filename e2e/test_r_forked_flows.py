"""R flows end to end through the R fork server (and, with BRAID_FORK_SERVER=0, through spawned
workers): output in the task logs, isolation between tasks, errors, crashes, timeouts, Ctrl-C."""
import os
import re
import shutil
import signal
import subprocess

import pytest

from conftest import FLOWS
from processes import marked_processes, new_marker, wait_until

pytestmark = pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")


def rscript(braid, name, *args, env=None):
    shutil.copy(FLOWS / name, braid.workdir / name)
    return subprocess.run(["Rscript", name, *args], cwd=braid.workdir, env=dict(braid.env, **(env or {})),
                          capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)


def output(result):
    return result.stdout + result.stderr


def artifact(braid, pathspec, name):
    code = f"from braid import Task\nprint(repr(Task('{pathspec}').data.{name}))"
    return braid.python(code).stdout.strip()


@pytest.mark.parametrize("fork_server", ["1", "0"])
def test_r_tasks_are_isolated_and_their_output_lands_in_their_logs(braid, fork_server):
    result = rscript(braid, "r_forked.R", "run", env={"BRAID_FORK_SERVER": fork_server})
    assert result.returncode == 0, output(result)
    expected = "True" if fork_server == "1" else "False"
    assert artifact(braid, "RForkedFlow/1/start/1", "forked") == expected
    assert artifact(braid, "RForkedFlow/1/start/1", "preloaded") == expected, "the server sourced the flow file"
    assert "siblings seen: 0 distinct draws: 4 distinct pids: 4 greeting: hello from the decorator" in output(result)

    stdout = braid.cli("logs", "RForkedFlow/1/start", "--stdout").stdout
    stderr = braid.cli("logs", "RForkedFlow/1/start", "--stderr").stdout
    assert "cat in start" in stdout and "[1] 11 22 33" in stdout
    assert "message in start" in stderr and "warning in start" in stderr
    assert "cat in start" not in stderr and "message in start" not in stdout


def test_a_failing_r_step_in_a_forked_worker_names_its_file_and_line(braid):
    result = rscript(braid, "r_error.R", "run")
    assert result.returncode == 1
    text = output(result)
    assert "Step 'work' (r_error.R:12, an R step) failed" in text
    assert "1: work(self)  at r_error.R:12" in text and "2: compute_total(5)  at r_error.R:13" in text
    assert 'stop("the total went negative: ", -x)  at r_error.R:4' in text
    assert "fork server failed" not in text


def test_a_forked_r_worker_killed_by_a_signal_is_reported(braid):
    result = rscript(braid, "r_killed.R", "run")
    assert result.returncode == 1
    text = output(result)
    assert "Step 'start' (r_killed.R:4, an R step) failed" in text
    assert "the worker was killed by signal 9" in text
    assert "fork server failed" not in text


def test_an_r_timeout_kills_the_forked_worker_and_its_children(braid):
    marker = new_marker()
    result = rscript(braid, "r_timeout.R", "run", env={"BRAID_E2E_MARK": marker})
    assert result.returncode == 1
    text = output(result)
    assert "attempt 0 starts its children" in text and "attempt 1 starts its children" in text
    assert "the task timed out after 2 s and was stopped" in text
    assert wait_until(lambda: not marked_processes(marker), 5), "no R worker, sleep or shell survives"


@pytest.mark.parametrize("signum,status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_every_process_of_an_r_run(braid, tmp_path, signum, status):
    marker = new_marker()
    ready = tmp_path / "ready"
    ready.mkdir()
    shutil.copy(FLOWS / "r_long_tree.R", braid.workdir / "r_long_tree.R")
    env = dict(braid.env, BRAID_E2E_MARK=marker, BRAID_E2E_READY_DIR=str(ready))
    client = subprocess.Popen(["Rscript", "r_long_tree.R", "run"], cwd=braid.workdir, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_until(lambda: len(os.listdir(ready)) == 2, 60), "the steps did not start"
        engine = next(pid for pid in marked_processes(marker) if _is_engine(_argv(pid)))
        os.kill(engine, signum)  # as Ctrl-C or a kill reaches the engine
        out, _ = client.communicate(timeout=30)
    finally:
        if client.poll() is None:
            client.kill()
    assert re.search(r"Run RLongTreeFlow/\d+ cancelled", out), out
    assert wait_until(lambda: not marked_processes(marker), 5), "a process of the run survived"
    runs = braid.cli("runs", "RLongTreeFlow").stdout.splitlines()
    assert runs[1].split()[1] == "cancelled"


def _argv(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return [part.decode() for part in handle.read().split(b"\0")]
    except OSError:
        return []


def _is_engine(argv):
    """The `braid` process that runs the flow (not its `braid _watchdog`)."""
    return bool(argv) and argv[0].endswith("braid") and "_watchdog" not in argv
