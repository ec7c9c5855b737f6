"""Each task's attempts, as `braid show` and both clients report them:
status, duration, exit status or signal, and the error message."""
import re
import shutil
import sys
from pathlib import Path

FLOWS = Path(__file__).parent / "flows"


KILLED = ("the worker was killed by signal 9 (SIGKILL; a shell would report exit status 137), which Braid did not send: "
          "the kernel's out-of-memory killer may have ended it (`dmesg` or `journalctl -k` would say), or another process did")


def attempt_rows(show_output: str) -> list[list[str]]:
    """The `#N` rows under the flaky task in `braid show`: status, exit, and the note's start."""
    rows = []
    for line in show_output.splitlines():
        match = re.match(r"\s+#(\d)\s+(\w+)\s+([\d.]+s)\s+(exit \d+|SIG\w+|-)\s*(.*)", line)
        if match:
            rows.append([match[1], match[2], match[4], match[5]])
    return rows


def test_braid_show_lists_each_attempt_of_a_retried_python_task(braid):
    braid.flow("attempt_kinds.py", "run", check=True)
    shown = braid.cli("show", "AttemptKindsFlow/1").stdout
    assert shown.splitlines()[1].startswith("Code: sha256 ")
    assert shown.splitlines()[2].split() == ["STEP", "TASK", "STATUS", "ATTEMPTS", "DURATION", "EXIT", "NOTE"]
    flaky = next(line.split() for line in shown.splitlines() if line.startswith("flaky"))
    assert flaky[2:4] == ["succeeded", "3"] and flaky[5:7] == ["exit", "0"]
    rows = attempt_rows(shown)
    assert [row[:3] for row in rows] == [["0", "failed", "exit 0"], ["1", "failed", "SIGKILL"], ["2", "succeeded", "exit 0"]]
    assert rows[0][3] == "ValueError: first try fails" and rows[2][3] == ""
    assert rows[1][3].startswith("the worker was killed by signal 9 (SIGKILL; a shell would report exit status 137)")


def test_python_client_reports_attempts(braid):
    braid.flow("attempt_kinds.py", "run", check=True)
    code = (
        "from braid import Flow\n"
        "task = Flow('AttemptKindsFlow').latest_run['flaky'].task\n"
        "for a in task.attempts:\n"
        "    print(a.number, a.status, a.exit_status, a.signal_name, a.error, a.duration > 0, a.finished_at > a.started_at)\n"
        "print(task.attempts[0].exception.type, task.attempts[0].exception.traceback.splitlines()[-2])\n"
        "print(task.exception, task.attempts[1]['signal'])\n"
    )
    assert braid.python(code).stdout.splitlines() == [
        "0 failed 0 None ValueError: first try fails",  # the message has two lines
        "second line of the message True True",
        f"1 failed None SIGKILL {KILLED} True True",
        "2 succeeded 0 None None True True",
        "ValueError ValueError: first try fails",
        "None 9",
    ]


def test_r_client_reports_attempts_and_show_lists_them(braid):
    shutil.copy(FLOWS / "attempt_kinds.R", braid.workdir / "attempt_kinds.R")
    run = braid._run(["Rscript", "attempt_kinds.R", "run"], 180, False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert [row[:3] for row in attempt_rows(braid.cli("show", "AttemptKindsFlowR/1").stdout)] == [
        ["0", "failed", "exit 0"], ["1", "failed", "SIGKILL"], ["2", "succeeded", "exit 0"],
    ]
    script = (
        "library(braid); a <- flow_client('AttemptKindsFlowR')$latest_run$step('flaky')$task$attempts; "
        "cat(a$attempt, '|', a$status, '|', a$exit_status, '|', a$signal_name, '|', all(a$duration > 0), '\\n'); "
        "cat(a$error[1], '|', a$error[2], '|', is.na(a$error[3]), '\\n')"
    )
    check = braid._run(["Rscript", "-e", script], 60, False)
    assert check.returncode == 0, check.stderr
    lines = check.stdout.splitlines()
    assert lines[0] == "0 1 2 | failed failed succeeded | 0 NA 0 | NA SIGKILL NA | TRUE "
    assert lines[1].startswith("first try fails")
    assert lines[1].endswith(f"| {KILLED} | TRUE ")


def test_a_task_that_never_retries_shows_one_row(braid):
    braid.flow("failing.py", "run")
    shown = braid.cli("show", "FailingFlow/1").stdout
    boom = next(line for line in shown.splitlines() if line.startswith("boom"))
    assert re.search(r"failed\s+1\s+[\d.]+s\s+exit 0\s+ZeroDivisionError: division by zero", boom), boom
    assert attempt_rows(shown) == []
