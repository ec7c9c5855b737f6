"""Step decorators end to end, in Python and R: retry, catch, timeout, resources, environment, --with."""
import json
import re
import shutil
from pathlib import Path

from processes import marked_processes, new_marker, wait_until

FLOWS = Path(__file__).parent / "flows"


def output(result):
    return result.stdout + result.stderr


def rscript(braid, name, *args):
    shutil.copy(FLOWS / name, braid.workdir / name)
    return braid._run(["Rscript", name, *args], 180, False)


def api(braid, pathspec):
    return json.loads(braid.cli("api", "get", pathspec).stdout)


def test_retry_runs_until_the_third_attempt_and_keeps_every_attempts_logs(braid):
    result = braid.flow("flaky.py", "run")
    assert result.returncode == 0, output(result)
    assert "succeeded at attempt 2" in output(result)
    task = api(braid, "FlakyFlow/1/flaky")["tasks"][0]
    attempts = api(braid, task["pathspec"])["attempts"]
    assert [a["status"] for a in attempts] == ["failed", "failed", "succeeded"]
    assert "RuntimeError" in attempts[0]["failure"]["type"]
    logs = braid.cli("logs", "FlakyFlow/1/flaky").stdout
    for n in range(3):
        assert f"attempt {n} stdout" in logs and f"flaky attempt {n}" in logs
    assert "failing on purpose at attempt 1" in logs
    one = braid.cli("logs", "FlakyFlow/1/flaky", "--attempt", "1", "--stderr").stdout
    assert "failing on purpose at attempt 1" in one and "attempt 0" not in one
    missing = braid.cli("logs", "FlakyFlow/1/flaky", "--attempt", "7", check=False)
    assert missing.returncode != 0 and "has no attempt 7; it has attempts 0 to 2" in missing.stderr


def test_retry_and_catch_in_r(braid):
    result = rscript(braid, "flaky.R", "run")
    assert result.returncode == 0, output(result)
    assert "succeeded at attempt 2 caught simpleError bad value in boom" in output(result)
    flaky = api(braid, api(braid, "FlakyFlowR/1/flaky")["tasks"][0]["pathspec"])
    assert [a["status"] for a in flaky["attempts"]] == ["failed", "failed", "succeeded"]
    assert "failing on purpose at attempt 0" in braid.cli("logs", "FlakyFlowR/1/flaky", "--attempt", "0").stdout
    boom = api(braid, api(braid, "FlakyFlowR/1/boom")["tasks"][0]["pathspec"])
    assert boom["status"] == "succeeded" and boom["caught"] is True
    # The engine-written artifact reads in Python too.
    code = ("from braid import Flow\nerr = Flow('FlakyFlowR').latest_run['end'].task.data.err\n"
            "print(err['type'], err['language'], err['step'], err['message'])")
    assert braid.python(code).stdout.strip() == "simpleError r boom bad value in boom"


def test_catch_records_the_failure_and_the_run_goes_on(braid):
    result = braid.flow("caught.py", "run")
    assert result.returncode == 0, output(result)
    text = output(result)
    assert "caught ValueError bad value in boom before 41" in text
    assert "Step 'boom' failed and @catch let the run go on" in text
    summary = json.loads(braid.python(
        "import json\nfrom braid import Flow\nprint(json.dumps(Flow('CaughtFlow').latest_run['end'].task.data.summary))"
    ).stdout)
    assert summary == ["ValueError", 42, False], "the failed attempt's own artifacts are not kept"
    code = ("from braid import Flow\nt = Flow('CaughtFlow').latest_run['boom'].task\n"
            "print(t.caught, t.successful, t.exception.type, len(t.attempts))")
    assert braid.python(code).stdout.strip() == "True True ValueError 2"
    boom = api(braid, api(braid, "CaughtFlow/1/boom")["tasks"][0]["pathspec"])
    assert boom["caught"] is True and [a["status"] for a in boom["attempts"]] == ["failed", "failed"]
    err = next(a for a in boom["artifacts"] if a["name"] == "err")
    assert (err["kind"], err["language"]) == ("json", "braid")
    assert "caught" in braid.cli("show", "CaughtFlow/1").stdout
    # R reads it as a named list.
    check = braid._run(["Rscript", "-e", "library(braid); r <- flow_client('CaughtFlow')$latest_run; "
                        "e <- r[['end']]$task$data$err; "
                        "cat(e$type, e$attempt, grepl('raise ValueError', e$traceback), r[['boom']]$task$caught, '\\n')"], 60, False)
    assert check.stdout.strip() == "ValueError 1 TRUE TRUE", output(check)


def test_timeout_kills_the_whole_tree_and_retries(braid):
    marker = new_marker()
    braid.env["BRAID_E2E_MARK"] = marker
    result = braid.flow("timeout_tree.py", "run", timeout=60)
    assert result.returncode == 1
    text = output(result)
    assert "attempt 0 starts its children" in text and "attempt 1 starts its children" in text
    assert "the task timed out after 2 s and was stopped" in text
    assert wait_until(lambda: not marked_processes(marker), 5), "no sleep child or grandchild survives"


def test_environment_sets_variables_for_the_step_only(braid):
    result = braid.flow("environment.py", "run")
    assert result.returncode == 0, output(result)
    code = "from braid import Flow\nr = Flow('EnvironmentFlow').latest_run\nprint(r['start'].task.data.greeting, '|', r.data.unset)"
    assert braid.python(code).stdout.strip() == "hello from the decorator | None"


def test_a_step_asking_for_more_than_the_machine_stops_the_run_before_it_starts(braid):
    result = braid.flow("too_big.py", "run")
    assert result.returncode == 1
    text = output(result)
    assert "step 'train'" in text and "too_big.py:9" in text and "cpu=100000" in text and "memory=2000000000 MB" in text
    assert "No runs" in braid.cli("runs").stdout


def test_with_injects_a_decorator_from_the_command_line(braid):
    plain = braid.flow("flaky_plain.py", "run")
    assert plain.returncode == 1
    result = braid.flow("flaky_plain.py", "run", "--with", "retry:times=2,minutes_between_retries=0")
    assert result.returncode == 0, output(result)
    assert "done after 3 attempts" in output(result)
    bad = braid.flow("flaky_plain.py", "run", "--with", "retry:tims=2")
    assert bad.returncode == 1 and "--with retry:tims=2: @retry has no argument 'tims' (did you mean 'times'?)" in output(bad)


def test_with_passes_through_from_r(braid):
    result = rscript(braid, "flaky_plain.R", "run", "--with", "retry:times=1,minutes_between_retries=0")
    assert result.returncode == 0, output(result)
    assert "done after 2 attempts" in output(result)


def test_a_worker_killed_by_sigkill_is_reported_with_an_oom_hint(braid):
    result = braid.flow("killed.py", "run")
    assert result.returncode == 1
    text = output(result)
    assert "killed by signal 9 (SIGKILL; a shell would report exit status 137)" in text
    assert "which Braid did not send: the kernel's out-of-memory killer may have ended it" in text
    assert "The step declares no memory" in text
    attempt = api(braid, api(braid, "KilledFlow/1/die")["tasks"][0]["pathspec"])["attempts"][0]
    assert attempt["signal"] == 9 and attempt["failure"]["kind"] == "crashed"


def test_declared_memory_keeps_tasks_that_do_not_fit_together_apart(braid):
    result = braid.flow("memory_hungry.py", "run", "--max-workers", "3")
    assert result.returncode == 0, output(result)
    tasks = [api(braid, t["pathspec"]) for t in api(braid, "MemoryHungryFlow/1/work")["tasks"]]
    spans = sorted((t["started_at"], t["finished_at"]) for t in tasks)
    assert len(spans) == 3
    for (_, finished), (started, _) in zip(spans, spans[1:]):
        assert finished <= started, f"two tasks of 60% of the memory ran at once: {spans}"


def test_a_killed_task_is_reported_with_the_memory_it_held_and_declared(braid):
    result = braid.flow("memory_killed.py", "run")
    assert result.returncode == 1
    text = output(result)
    assert "killed by signal 9 (SIGKILL" in text and "out-of-memory killer" in text
    held = int(re.search(r"Its processes held up to (\d+) MB \(sampled each second\)", text).group(1))
    assert 300 <= held < 1000, text
    assert "The step declared @resources(memory=64) (MB); if it needs more, declare more." in text
