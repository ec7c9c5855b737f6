"""Bad input: each gets a clear message, a failing exit status, and loses nothing stored."""


def output(result):
    return result.stdout + result.stderr


def test_step_that_raises_fails_the_run_with_traceback(braid):
    result = braid.flow("failing.py", "run")
    assert result.returncode != 0
    text = output(result)
    assert "ZeroDivisionError" in text and "boom" in text and "failing.py" in text
    assert "line 13" in text
    # What finished before the failure stays readable.
    code = "from braid import Flow\nprint(Flow('FailingFlow').latest_run['start'].task.data.kept)"
    assert braid.python(code).stdout.strip() == "stored before the failure"
    code = "from braid import Flow\nr = Flow('FailingFlow').latest_run\nprint(r.successful, r.finished)"
    assert braid.python(code).stdout.strip() == "False True"


def test_next_to_unknown_step_is_reported_with_line(braid):
    result = braid.flow("unknown_next.py", "run")
    assert result.returncode != 0
    text = output(result)
    assert "nowhere" in text and "unknown_next.py:7" in text


def test_unjoined_branch_is_reported(braid):
    result = braid.flow("unjoined.py", "run")
    assert result.returncode != 0
    assert "join" in output(result)


def test_foreach_over_non_list_names_the_artifact(braid):
    result = braid.flow("foreach_not_list.py", "run")
    assert result.returncode != 0
    text = output(result)
    assert "items" in text and "int" in text


def test_worker_killed_by_signal_is_reported(braid):
    result = braid.flow("killed.py", "run")
    assert result.returncode != 0
    assert "SIGKILL" in output(result) and "die" in output(result)


def test_unpicklable_artifact_is_named(braid):
    result = braid.flow("unpicklable.py", "run")
    assert result.returncode != 0
    assert "lock" in output(result)


def test_syntax_error_in_flow_file_names_file_and_line(braid):
    result = braid.flow("syntax_error.py", "run")
    assert result.returncode != 0
    text = output(result)
    assert "SyntaxError" in text and "syntax_error.py" in text


def test_unknown_parameter_and_wrong_type_are_usage_errors(braid):
    unknown = braid.flow("params.py", "run", "--nope", "1")
    assert unknown.returncode == 2 and "--nope" in output(unknown)
    wrong = braid.flow("params.py", "run", "--rows", "many")
    assert wrong.returncode == 2 and "rows" in output(wrong) and "many" in output(wrong)
    assert "ParamsFlow" not in braid.cli("runs", check=False).stdout


def test_missing_engine_gives_a_clear_error(braid):
    braid.env["BRAID_BIN"] = "/nonexistent/braid"
    braid.env["PATH"] = "/usr/bin:/bin"
    result = braid.flow("linear.py", "run")
    assert result.returncode != 0
    assert "braid" in output(result) and "make install" in output(result)


def test_unknown_flow_run_and_step_are_clear_errors(braid):
    braid.flow("linear.py", "run", check=True)
    code = ("from braid import Flow, NotFoundError\n"
            "try:\n    Flow('NoSuchFlow')\nexcept NotFoundError as e:\n    print('not found:', e)\n")
    assert braid.python(code).stdout.strip() == "not found: flow NoSuchFlow has no runs in namespace user:" + \
        braid.python("from braid import get_namespace; print(get_namespace()[5:])").stdout.strip()
    missing_run = braid.cli("show", "LinearFlow/999", check=False)
    assert missing_run.returncode == 1 and "run LinearFlow/999 not found" in missing_run.stderr
    missing_step = braid.cli("api", "get", "LinearFlow/1/nowhere", check=False)
    assert missing_step.returncode == 1 and "nowhere" in missing_step.stdout
    bad_pathspec = braid.cli("logs", "a/b/c/d/e", check=False)
    assert bad_pathspec.returncode != 0 and "not a pathspec" in bad_pathspec.stderr
