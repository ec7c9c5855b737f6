"""Client objects built from the engine's records (docs/client-api.md), without an engine."""

import pytest

from braid import Attempt, Run
from braid._client import _tag_list

FAILED = {
    "attempt": 1, "status": "failed", "started_at": "2026-01-02T03:04:05.000Z", "finished_at": "2026-01-02T03:04:06.250Z",
    "duration": 1.25, "exit_status": None, "signal": 9, "signal_name": "SIGKILL", "pid": 42,
    "failure": {"kind": "crashed", "message": "the worker was killed by signal 9 (SIGKILL)", "type": None, "traceback": None},
    "stdout_path": "/nonexistent/1.stdout", "stderr_path": "/nonexistent/1.stderr",
}


def test_an_attempt_reads_its_record():
    attempt = Attempt("F/1/s/2", FAILED)
    assert (attempt.number, attempt.status, attempt.duration) == (1, "failed", 1.25)
    assert (attempt.exit_status, attempt.signal, attempt.signal_name, attempt.pid) == (None, 9, "SIGKILL", 42)
    assert attempt.error == "the worker was killed by signal 9 (SIGKILL)"
    assert attempt.exception.kind == "crashed"
    assert (attempt.finished_at - attempt.started_at).total_seconds() == 1.25
    assert attempt.stdout == "" and attempt.stderr == ""  # no log file: empty, not an error
    assert attempt["signal"] == 9
    assert repr(attempt) == "Attempt(F/1/s/2 #1: failed, SIGKILL)"
    assert not attempt.successful


def test_a_raised_error_reads_as_type_and_message():
    record = dict(FAILED, signal=None, signal_name=None, exit_status=0,
                  failure={"kind": "step_raised", "message": "boom", "type": "ValueError", "traceback": "Traceback ..."})
    attempt = Attempt("F/1/s/2", record)
    assert attempt.error == "ValueError: boom"
    assert repr(attempt) == "Attempt(F/1/s/2 #1: failed, exit 0)"


def test_user_and_system_tags_are_kept_apart():
    run = Run(_data={"pathspec": "F/1", "id": "1", "status": "succeeded", "steps": [], "created_at": None,
                     "user_tags": ["nightly"], "system_tags": ["user:ana", "language:python"], "code_hash": None})
    assert run.tags == run.user_tags == frozenset({"nightly"})
    assert run.system_tags == frozenset({"user:ana", "language:python"})
    assert run.code is None


@pytest.mark.parametrize("tags", ["abc", ["ok", 3], [None]])
def test_tag_lists_must_be_lists_of_strings(tags):
    with pytest.raises(TypeError, match=r"add_tags\(\) takes a list of strings"):
        _tag_list(tags, "add_tags")
