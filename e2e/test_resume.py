"""`resume`: succeeded tasks are cloned from the origin run, the rest reruns."""
import json
import shutil
import signal
import subprocess
import sys
import time

from conftest import FLOWS


def _tasks(braid, run, step):
    found = json.loads(braid.cli("api", "get", f"ResumableFlow/{run}/{step}", "--all").stdout)
    return [json.loads(braid.cli("api", "get", t["pathspec"], "--all").stdout) for t in found["tasks"]]


def test_resume_reruns_only_the_failed_foreach_item_with_the_origin_parameters(braid):
    (braid.workdir / "FAIL").touch()
    failed = braid.flow("resumable.py", "run", "--scale", "10")
    assert failed.returncode == 1 and "item 2 is broken" in failed.stderr

    # Once item 2 failed nothing new started: items that had not started yet did not run.
    ran = {t["foreach_stack"][-1]["index"] for t in _tasks(braid, 1, "work") if t["status"] == "succeeded"}
    assert 2 not in ran and 0 in ran

    (braid.workdir / "FAIL").unlink()
    resumed = braid.flow("resumable.py", "resume", check=True)
    assert "Resuming ResumableFlow/1 (failed)" in resumed.stderr
    assert f"Run ResumableFlow/2 succeeded: 7 tasks ({1 + len(ran)} cloned from run 1)." in resumed.stderr
    assert "total 60" in resumed.stderr, "the origin's --scale 10 applies"

    work = _tasks(braid, 2, "work")
    cloned = {t["foreach_stack"][-1]["index"] for t in work if t["origin_task_id"] is not None}
    assert cloned == ran, "exactly the items that succeeded are reused; the failed one and those never started run"
    # A clone shows its origin's logs.
    first_item = next(t for t in work if t["foreach_stack"][-1]["index"] == 0)
    logs = braid.cli("logs", first_item["pathspec"]).stdout
    assert "work ran 0" in logs

    client = braid.python(
        "from braid import Run, namespace\n"
        "namespace(None)\n"
        "run = Run('ResumableFlow/2')\n"
        "print(run.origin_run_id, run.data.total, *sorted(t.cloned for t in run['work']))\n")
    assert client.stdout.split() == ["1", "60", *["False"] * (4 - len(ran)), *["True"] * len(ran)]


def test_resume_from_a_named_step_of_a_successful_run(braid):
    braid.flow("resumable.py", "run", check=True)
    nothing = braid.flow("resumable.py", "resume")
    assert nothing.returncode == 1
    assert "run ResumableFlow/1 succeeded, so nothing failed to resume from" in nothing.stderr

    resumed = braid.flow("resumable.py", "resume", "join", "--origin-run-id", "1", check=True)
    assert "(5 cloned from run 1)" in resumed.stderr
    assert [t["origin_task_id"] is None for t in _tasks(braid, 2, "join")] == [True]

    unknown = braid.flow("resumable.py", "resume", "fit")
    assert unknown.returncode == 1
    assert "ResumableFlow has no step 'fit' to resume from; its steps are start, work, join, end" in unknown.stderr
    missing = braid.flow("resumable.py", "resume", "--origin-run-id", "77")
    assert "there is no run ResumableFlow/77 to resume" in missing.stderr


def test_resume_with_no_earlier_run_says_so(braid):
    result = braid.flow("resumable.py", "resume")
    assert result.returncode == 1
    assert "there is no run of ResumableFlow by user" in result.stderr


def test_engine_killed_mid_run_then_resume_completes(braid):
    """kill -9 of the engine: the store stays consistent and resume finishes the run."""
    (braid.workdir / "SLOW").touch()
    flow = braid.workdir / "resumable.py"
    braid.flow("resumable.py", "check", check=True)  # copies the flow into the work directory
    # `python flow.py run` execs the engine: this pid is the engine's.
    engine = subprocess.Popen([sys.executable, str(flow), "run", "--max-workers", "2"], cwd=braid.workdir, env=braid.env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (braid.workdir / "STARTED").exists():
            assert time.monotonic() < deadline, "item 1 never started"
            assert engine.poll() is None, "the run ended before it could be killed"
            time.sleep(0.05)
        engine.send_signal(signal.SIGKILL)
        assert engine.wait(10) == -signal.SIGKILL
    finally:
        (braid.workdir / "SLOW").unlink()
        if engine.poll() is None:
            engine.kill()

    # The watchdog records the run failed once it stopped the workers; resume would do it otherwise.
    resumed = braid.flow("resumable.py", "resume", check=True)
    assert "Resuming ResumableFlow/1 (failed)" in resumed.stderr
    assert "Run ResumableFlow/2 succeeded" in resumed.stderr
    origin = json.loads(braid.cli("api", "get", "ResumableFlow/1", "--all").stdout)
    assert origin["status"] == "failed"
    start = _tasks(braid, 2, "start")
    assert start[0]["origin_task_id"] is not None, "start succeeded before the kill and is reused"
    killed_item = next(t for t in _tasks(braid, 1, "work") if t["foreach_stack"][-1]["index"] == 1)
    assert killed_item["status"] == "failed"
    assert killed_item["attempts"][-1]["failure"]["kind"] == "engine_lost"


def test_r_flow_resumes_with_rscript(braid):
    """`Rscript flow.R resume`: the same engine resume, from R, with a Python step after the rerun."""
    for name in ("resumable.R", "resumable_finish.py"):
        shutil.copy(FLOWS / name, braid.workdir / name)
    (braid.workdir / "FAIL").touch()
    failed = braid._run(["Rscript", "resumable.R", "run", "--scale", "10"], 180, False)
    assert failed.returncode == 1 and "item 2 is broken" in failed.stderr

    (braid.workdir / "FAIL").unlink()
    resumed = braid._run(["Rscript", "resumable.R", "resume"], 180, True)
    assert "Run ResumableFlowR/2 succeeded: 8 tasks (4 cloned from run 1)." in resumed.stderr
    assert "total 60 doubled 120" in resumed.stderr

    check = braid._run(["Rscript", "-e", "library(braid); namespace(NULL); r <- flow_client('ResumableFlowR')$latest_run; "
                        "cat(r$origin_run_id, r$data$total, '\\n')"], 120, True)
    assert check.stdout.split() == ["1", "60"]
