"""Real flows through the real engine and real Python: the happy paths."""
import json


def client_value(braid, expression):
    """Evaluates a client-API expression in a fresh interpreter; returns its JSON value."""
    code = f"import json\nfrom braid import Flow, Run, Step, Task, namespace\nprint(json.dumps({expression}))"
    return json.loads(braid.python(code).stdout.strip().splitlines()[-1])


def test_linear_flow_runs_and_its_artifacts_are_readable(braid):
    result = braid.flow("linear.py", "run")
    assert result.returncode == 0, result.stderr
    assert "hello from start" in result.stdout + result.stderr
    assert "total 20 braid" in result.stdout + result.stderr
    assert client_value(braid, "Flow('LinearFlow').latest_run['end'].task.data.total") == 20
    assert client_value(braid, "Flow('LinearFlow').latest_run.data.name") == "braid"
    assert client_value(braid, "Flow('LinearFlow').latest_run.successful") is True
    pathspec = client_value(braid, "Flow('LinearFlow').latest_run['a'].task.data.seen_pathspec")
    assert pathspec.startswith("LinearFlow/") and "/a/" in pathspec


def test_branch_join_addresses_inputs_by_step_and_merges(braid):
    result = braid.flow("branch.py", "run")
    assert result.returncode == 0, result.stderr
    assert "joined 1112 [11, 12] 10" in result.stdout + result.stderr


def test_nested_foreach_keeps_item_order(braid):
    result = braid.flow("nested_foreach.py", "run", "--max-workers", "2")
    assert result.returncode == 0, result.stderr
    labels = client_value(braid, "Flow('NestedForeachFlow').latest_run.data.all_labels")
    assert labels == [[f"{o}{c}{i}" for i, c in enumerate("zam")] for o in (3, 1, 2)]


def test_parameters_are_typed_and_overridable(braid):
    result = braid.flow("params.py", "run", "--rows", "7", "--rate", "0.25", "--flag", "true",
                        "--config", '{"k": 3}')
    assert result.returncode == 0, result.stderr
    summary = client_value(braid, "Flow('ParamsFlow').latest_run.data.summary")
    assert summary == [7, 0.25, "x", True, {"k": 3}]


def test_run_help_lists_parameters(braid):
    result = braid.flow("params.py", "run", "--help")
    assert result.returncode == 0
    for text in ("--rows", "rows to make", "--rate", "--config"):
        assert text in result.stdout


def test_dataframe_round_trips_with_dtypes_and_index(braid):
    result = braid.flow("dataframe.py", "run")
    assert result.returncode == 0, result.stderr
    code = (
        "import pandas as pd\nfrom braid import Flow\n"
        "run = Flow('FrameFlow').latest_run\n"
        "f = run['start'].task.data.frame\n"
        "assert str(f['i'].dtype) == 'Int64', f.dtypes\n"
        "assert f['i'].isna().tolist() == [False, True, False]\n"
        "assert f['cat'].cat.categories.tolist() == ['lo', 'hi'] and f['cat'].cat.ordered\n"
        "assert str(f['ts'].dt.tz) == 'Europe/Paris'\n"
        "assert f.index.name == 'row' and f.index.tolist() == ['r1', 'r2', 'r3']\n"
        "assert f['s'].isna().tolist() == [False, True, False]\n"
        "assert run['start'].task.data.vector.tolist() == [0, 1, 2, 3, 4]\n"
        "print('ok')\n"
    )
    assert braid.python(code).stdout.strip().endswith("ok")


def test_thousand_task_foreach_completes(braid):
    result = braid.flow("wide_foreach.py", "run", timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert client_value(braid, "Flow('WideForeachFlow').latest_run.data.total") == sum(i * i for i in range(1000))


def test_check_and_show_run_nothing(braid):
    check = braid.flow("branch.py", "check")
    assert check.returncode == 0, check.stderr
    show = braid.flow("branch.py", "show")
    assert show.returncode == 0
    assert "join" in show.stdout and "start" in show.stdout
    runs = braid.cli("runs", "BranchFlow", check=False)
    assert "BranchFlow" not in runs.stdout


def test_cli_lists_shows_and_prints_logs(braid):
    braid.flow("linear.py", "run", check=True)
    runs = braid.cli("runs", "LinearFlow").stdout
    assert "LinearFlow" in runs and "succeeded" in runs
    run_id = client_value(braid, "Flow('LinearFlow').latest_run.id")
    show = braid.cli("show", f"LinearFlow/{run_id}").stdout
    for step in ("start", "a", "end"):
        assert step in show
    logs = braid.cli("logs", f"LinearFlow/{run_id}/start").stdout
    assert "hello from start" in logs
