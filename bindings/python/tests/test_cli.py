"""The flow file's command line: arguments handed to the engine, usage errors, help, exit statuses."""

from __future__ import annotations

import json

import pytest

from braid import _cli
from braid._spec import build_spec, spec_json


@pytest.fixture
def launched(monkeypatch):
    """Replaces the engine launch; records (verb, flow, spec text, extra arguments)."""
    calls = []

    def launch(verb, flow, spec_text, extra=()):
        calls.append((verb, flow, spec_text, list(extra)))
        return 0

    monkeypatch.setattr(_cli, "launch", launch)
    return calls


@pytest.fixture
def parameter_flow(load_flow):
    return load_flow("parameters.py")


def test_run_passes_every_parameter_value_and_the_run_options(parameter_flow, launched):
    status = _cli.main(parameter_flow, ["run", "--random_seed", "3", "--rows", "5", "--flag", "--config", "[1]",
                                        "--max-workers", "2", "--tag", "a", "--tag", "b"])
    assert status == 0
    ((verb, flow, spec_text, extra),) = launched
    assert (verb, flow) == ("run", "ParameterFlow")
    assert json.loads(spec_text) == build_spec(parameter_flow)
    assert extra == ["--parameters", '{"rows":5,"rate":0.5,"label":null,"flag":true,"config":[1],"random_seed":3}',
                     "--max-workers", "2", "--tag", "a", "--tag", "b"]


def test_run_passes_with_decorators_on_in_order(parameter_flow, launched):
    _cli.main(parameter_flow, ["run", "--random_seed", "1", "--with", "retry", "--with", "timeout:seconds=30"])
    assert launched[0][3][2:] == ["--with", "retry", "--with", "timeout:seconds=30"]


def test_dashed_names_and_negated_bools_are_accepted(parameter_flow, launched):
    _cli.main(parameter_flow, ["run", "--random-seed", "1", "--no-flag", "--label", "hi"])
    values = json.loads(launched[0][3][1])
    assert (values["random_seed"], values["flag"], values["label"]) == (1, False, "hi")


@pytest.mark.parametrize("argv, expected", [
    (["run", "--random_seed", "1", "--nope", "1"], "unrecognized arguments: --nope 1"),
    (["run", "--random_seed", "1", "--rows", "many"],
     "argument --rows: 'many' is not an int (parameter rows takes int)"),
    (["run", "--random_seed", "1", "--flag", "maybe"], "argument --flag: 'maybe' is not a bool"),
    (["run", "--random_seed", "1", "--config", "{oops"], "argument --config: '{oops' is not valid JSON"),
    (["run"], "error: missing required parameter --random_seed"),
    (["run", "--random_seed", "1", "--max-workers", "0"], "argument --max-workers: must be at least 1, got 0"),
    (["run", "--ro", "1"], "unrecognized arguments: --ro 1"),
    (["fly"], "invalid choice: 'fly'"),
])
def test_usage_errors_exit_2_before_anything_runs(parameter_flow, launched, capsys, argv, expected):
    assert _cli.main(parameter_flow, argv) == 2
    assert expected in capsys.readouterr().err
    assert launched == []


def test_run_help_lists_parameters_with_help_types_and_defaults(parameter_flow, capsys):
    assert _cli.main(parameter_flow, ["run", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # help text is wrapped to the terminal
    for text in ("--rows INT", "rows to make (type int; default 10)", "--rate FLOAT", "(type float; default 0.5)",
                 "--config JSON", 'JSON settings (100% optional) (type json; default {"k": [1, 2]})',
                 "--random_seed INT, --random-seed INT", "(type int; required)", "--no-flag", "--max-workers N",
                 "--tag TAG"):
        assert text in out, text


def test_top_level_help_lists_commands_and_parameters(parameter_flow, capsys):
    assert _cli.main(parameter_flow, ["--help"]) == 0
    out = capsys.readouterr().out
    for text in ("run", "resume", "check", "show", "parameters (give them to run as --name VALUE):",
                 "--rows INT  rows to make (type int; default 10)"):
        assert text in out, text


def test_no_command_prints_help_and_exits_2(parameter_flow, capsys):
    assert _cli.main(parameter_flow, []) == 2
    assert "COMMAND" in capsys.readouterr().out


def test_flow_docstring_is_the_description(load_flow, capsys):
    _cli.main(load_flow("linear.py"), ["--help"])
    assert "LinearFlow: A start, one step, an end." in capsys.readouterr().out


def test_resume_passes_step_and_origin(load_flow, launched):
    assert _cli.main(load_flow("linear.py"), ["resume", "middle", "--origin-run-id", "7", "--tag", "again"]) == 0
    assert launched[0][0] == "resume"
    assert launched[0][3] == ["middle", "--origin-run-id", "7", "--tag", "again"]


@pytest.mark.parametrize("verb", ["check", "show"])
def test_check_and_show_send_the_spec_only(load_flow, launched, verb):
    flow = load_flow("branch.py")
    assert _cli.main(flow, [verb]) == 0
    assert launched == [(verb, "BranchFlow", spec_json(build_spec(flow)), [])]


def test_a_flow_the_spec_cannot_express_exits_1_with_every_problem(load_flow, launched, capsys):
    assert _cli.main(load_flow("bad_transitions.py"), ["check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: flow BadTransitionsFlow has 8 problems:")
    assert "bad_transitions.py:14: step a: foreach=" in err
    assert launched == []


def test_missing_engine_exits_1_and_says_how_to_install(load_flow, monkeypatch, capsys):
    monkeypatch.setenv("BRAID_BIN", "/nonexistent/braid")
    assert _cli.main(load_flow("linear.py"), ["check"]) == 1
    err = capsys.readouterr().err
    assert "BRAID_BIN is /nonexistent/braid, which is not an executable file" in err and "make install" in err


# --- deploy, undeploy, run as if triggered (docs/triggers.md) -----------------------------------


@pytest.fixture
def called(monkeypatch):
    """Replaces the spec-less engine call (undeploy); records its arguments."""
    calls = []

    def call(args):
        calls.append(list(args))
        return 3

    monkeypatch.setattr(_cli, "call", call)
    return calls


def test_deploy_sends_the_spec_with_its_triggers(load_flow, launched):
    flow = load_flow("triggered.py")
    assert _cli.main(flow, ["deploy"]) == 0
    assert launched == [("deploy", "TriggeredFlow", spec_json(build_spec(flow)), [])]
    assert json.loads(launched[0][2])["triggers"][0]["events"] == [{"name": "sales_updated", "parameters": None}]


def test_undeploy_names_the_flow_and_passes_the_exit_status_through(load_flow, launched, called):
    assert _cli.main(load_flow("triggered.py"), ["undeploy"]) == 3
    assert called == [["undeploy", "TriggeredFlow"]] and launched == []


def test_a_flow_that_no_longer_builds_can_still_be_undeployed(load_flow, launched, called):
    assert _cli.main(load_flow("bad_transitions.py"), ["undeploy"]) == 3
    assert called == [["undeploy", "BadTransitionsFlow"]]


def test_deploy_of_a_flow_with_bad_triggers_exits_1_before_the_engine(tmp_path, load_flow, launched, capsys):
    path = tmp_path / "flow.py"
    path.write_text("from braid import FlowSpec, schedule, step\n"
                    "@schedule(cron='* * * * *', daily=True)\n"
                    "class BadSchedule(FlowSpec):\n"
                    "    @step\n"
                    "    def start(self):\n"
                    "        self.next(self.end)\n"
                    "    @step\n"
                    "    def end(self):\n"
                    "        pass\n")
    assert _cli.main(load_flow(path), ["deploy"]) == 1
    assert f"{path}:2: @schedule takes cron= or daily=True, not both" in capsys.readouterr().err
    assert launched == []


def test_run_as_if_triggered_passes_only_the_parameters_typed(parameter_flow, launched):
    assert _cli.main(parameter_flow, ["run", "--rows", "5", "--trigger-event", "sales_updated",
                                      "--payload", '{"rate": 0.7, "n": [1, "é"]}', "--tag", "t"]) == 0
    assert launched[0][3] == ["--parameters", '{"rows":5}', "--trigger-event", "sales_updated",
                              "--payload", '{"rate":0.7,"n":[1,"\\u00e9"]}', "--tag", "t"]


def test_run_as_if_triggered_without_a_payload_sends_an_empty_one(parameter_flow, launched):
    # random_seed is required, but the payload may fill it: the engine decides.
    assert _cli.main(parameter_flow, ["run", "--trigger-event", "braid.run.IngestFlow.succeeded"]) == 0
    assert launched[0][3] == ["--parameters", "{}", "--trigger-event", "braid.run.IngestFlow.succeeded",
                              "--payload", "{}"]


@pytest.mark.parametrize("argv, expected", [
    (["run", "--random_seed", "1", "--payload", "{}"],
     "error: --payload goes with --trigger-event NAME (the event the payload belongs to)"),
    (["run", "--trigger-event", "a", "--payload", "[1]"],
     "argument --payload: '[1]' is not a JSON object; a payload is {\"key\": value, ...}"),
    (["run", "--trigger-event", "a", "--payload", "{oops"], "argument --payload: '{oops' is not valid JSON"),
    (["run", "--trigger-event", "a", "--payload", '{"x": NaN}'], "argument --payload: '{\"x\": NaN}' is not valid JSON"),
    (["run", "--trigger-event", ""], "argument --trigger-event: event name '' is empty"),
    (["run", "--trigger-event", "a\tb"], "argument --trigger-event: event name 'a\\tb' contains a control character"),
    (["deploy", "--rows", "1"], "unrecognized arguments: --rows 1"),
    (["undeploy", "x"], "unrecognized arguments: x"),
])
def test_trigger_usage_errors_exit_2(parameter_flow, launched, called, capsys, argv, expected):
    assert _cli.main(parameter_flow, argv) == 2
    assert expected in capsys.readouterr().err
    assert launched == [] and called == []


def test_help_lists_deploy_undeploy_and_the_trigger_options(parameter_flow, capsys):
    assert _cli.main(parameter_flow, ["--help"]) == 0
    out = capsys.readouterr().out
    assert "deploy" in out and "undeploy" in out and "stop triggered runs of the flow" in out
    assert _cli.main(parameter_flow, ["run", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "--trigger-event NAME run now as if event NAME had arrived" in out
    assert "--payload JSON the event's payload, a JSON object (default {})" in out


@pytest.mark.parametrize("name", ["payload", "trigger_event", "tag"])
def test_a_parameter_named_like_a_run_option_is_a_problem_not_a_crash(tmp_path, load_flow, launched, capsys, name):
    path = tmp_path / "flow.py"
    path.write_text("from braid import FlowSpec, Parameter, step\n"
                    "class Clash(FlowSpec):\n"
                    f"    value = Parameter({name!r}, default='x')\n"
                    "    @step\n"
                    "    def start(self):\n"
                    "        self.next(self.end)\n"
                    "    @step\n"
                    "    def end(self):\n"
                    "        pass\n")
    assert _cli.main(load_flow(path), ["check"]) == 1
    option = name.replace("_", "-")
    assert f"{path}:3: parameter {name} would clash with the command-line option --{option}; rename it" in (
        capsys.readouterr().err)
    assert launched == []
