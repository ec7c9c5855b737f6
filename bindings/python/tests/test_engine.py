"""Finding the engine and handing it the spec: the real ``python flow.py ...`` against a fake ``braid``."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from braid import EngineNotFoundError
from braid._engine import engine_environment, find_engine, flow_command
from conftest import FLOWS, PYTHON, SRC, run_flow_file, subprocess_env


def test_find_engine_prefers_braid_bin(fake_engine):
    assert find_engine() == str(fake_engine.path)


def test_find_engine_falls_back_to_path(fake_engine, monkeypatch):
    monkeypatch.delenv("BRAID_BIN")
    monkeypatch.setenv("PATH", str(fake_engine.path.parent))
    assert find_engine() == str(fake_engine.path)


def test_no_engine_anywhere_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.delenv("BRAID_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EngineNotFoundError) as caught:
        find_engine()
    assert str(caught.value) == ("the braid engine was not found: BRAID_BIN is not set and there is no `braid` on "
                                 "PATH. Install it with `make install` from the Braid repository (it puts `braid` "
                                 "in /usr/local/bin), or set BRAID_BIN to the path of the braid executable.")


def test_flow_commands():
    assert flow_command("check", "-") == ["flow", "check", "--spec", "-"]
    assert flow_command("run", "/s.json", ["--parameters", "{}"]) == ["flow", "run", "--spec", "/s.json",
                                                                      "--parameters", "{}"]


def test_engine_environment_makes_this_package_importable_by_workers():
    env = engine_environment({"PYTHONPATH": "/elsewhere"})
    assert env["PYTHONPATH"].split(os.pathsep) == [str(SRC), "/elsewhere"]
    assert engine_environment({"PYTHONPATH": str(SRC)})["PYTHONPATH"] == str(SRC)


def test_run_replaces_the_python_process_with_the_engine(fake_engine, braid_home):
    process = subprocess.Popen([PYTHON, str(FLOWS / "linear.py"), "run", "--tag", "x"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=subprocess_env(), stdin=subprocess.DEVNULL)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    log = fake_engine.log()
    assert log["pid"] == process.pid  # the same process: exec, not a child
    assert log["argv"][1:5] == ["flow", "run", "--spec", log["spec_arg"]]
    assert log["argv"][5:] == ["--parameters", "{}", "--tag", "x"]
    assert Path(log["spec_arg"]).parent == braid_home / "spool"
    spec = json.loads(log["spec"])
    assert spec["flow"] == "LinearFlow" and spec["file"] == str(FLOWS / "linear.py")
    assert out == "fake engine: flow run\n"


def test_the_engine_exit_status_is_the_flow_exit_status(fake_engine):
    env = subprocess_env(FAKE_ENGINE_STATUS="1")
    assert run_flow_file(FLOWS / "linear.py", "run", env=env).returncode == 1
    assert run_flow_file(FLOWS / "linear.py", "check", env=env).returncode == 1


def test_check_pipes_the_spec_to_a_child_engine(fake_engine):
    result = run_flow_file(FLOWS / "branch.py", "check")
    assert result.returncode == 0, result.stderr
    log = fake_engine.log()
    assert log["argv"][1:] == ["flow", "check", "--spec", "-"]
    assert json.loads(log["spec"])["flow"] == "BranchFlow"
    assert str(SRC) in log["pythonpath"].split(os.pathsep)


def test_bad_parameters_never_start_the_engine(fake_engine):
    result = run_flow_file(FLOWS / "parameters.py", "run", "--random_seed", "x")
    assert result.returncode == 2
    assert "argument --random_seed/--random-seed: 'x' is not an int" in result.stderr
    assert not fake_engine.ran


def test_missing_engine_from_the_command_line(monkeypatch, tmp_path):
    env = subprocess_env(BRAID_BIN="/nonexistent/braid", PATH="/usr/bin:/bin")
    result = run_flow_file(FLOWS / "linear.py", "run", env=env)
    assert result.returncode == 1
    assert "make install" in result.stderr and "braid" in result.stderr


def test_deploy_pipes_the_spec_and_passes_the_exit_status(fake_engine):
    result = run_flow_file(FLOWS / "triggered.py", "deploy", env=subprocess_env(FAKE_ENGINE_STATUS="1"))
    assert result.returncode == 1
    log = fake_engine.log()
    assert log["argv"][1:] == ["flow", "deploy", "--spec", "-"]
    spec = json.loads(log["spec"])
    assert [t["kind"] for t in spec["triggers"]] == ["event", "event", "event", "run_finished", "schedule"]
    assert result.stdout == "fake engine: flow deploy\n"


def test_undeploy_calls_the_engine_with_the_flow_name(fake_engine):
    result = run_flow_file(FLOWS / "triggered.py", "undeploy")
    assert result.returncode == 0, result.stderr
    assert fake_engine.log()["argv"][1:] == ["undeploy", "TriggeredFlow"]
    assert fake_engine.log()["spec"] is None
    assert result.stdout == "fake engine: undeploy TriggeredFlow\n"


def test_run_as_if_triggered_reaches_the_engine(fake_engine):
    result = run_flow_file(FLOWS / "triggered.py", "run", "--alpha", "0.25", "--trigger-event", "model_request",
                           "--payload", '{"alpha_field": 0.7}')
    assert result.returncode == 0, result.stderr
    assert fake_engine.log()["argv"][5:] == ["--parameters", '{"alpha":0.25}', "--trigger-event", "model_request",
                                             "--payload", '{"alpha_field":0.7}']
