"""Flow classes → flow specs (docs/flow-spec.md), compared with the exact JSON in tests/expected/."""

from __future__ import annotations

import json

import pytest

from braid._spec import build_spec, python_interpreter, spec_json
from conftest import FLOWS, expected_spec

EXAMPLES = ["linear", "branch", "foreach", "nested_foreach", "mixed", "decorated", "parameters"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_spec_matches_expected_json(load_flow, name):
    flow = load_flow(f"{name}.py")
    assert build_spec(flow) == expected_spec(name)


@pytest.mark.parametrize("name", EXAMPLES)
def test_spec_json_keeps_the_documented_key_order(load_flow, name):
    spec = json.loads(spec_json(build_spec(load_flow(f"{name}.py"))))
    assert list(spec) == ["spec_version", "flow", "language", "file", "interpreters", "parameters", "steps"]
    for step in spec["steps"]:
        assert list(step) == ["name", "language", "file", "function", "line", "next", "next_line", "foreach",
                              "join", "decorators"]


def test_branch_lists_every_target_in_order(load_flow):
    steps = {s["name"]: s for s in build_spec(load_flow("branch.py"))["steps"]}
    assert steps["start"]["next"] == ["a", "b"]
    assert steps["join"]["join"] is True and steps["a"]["join"] is False


def test_multiline_next_call_is_located_at_its_first_line(load_flow):
    start = build_spec(load_flow("foreach.py"))["steps"][0]
    assert (start["next_line"], start["foreach"]) == (8, "items")


def test_decorators_keep_written_order_and_lines_in_either_position(load_flow):
    steps = {s["name"]: s for s in build_spec(load_flow("decorated.py"))["steps"]}
    assert [(d["name"], d["line"]) for d in steps["start"]["decorators"]] == [("retry", 6)]
    assert [(d["name"], d["line"]) for d in steps["work"]["decorators"]] == [
        ("retry", 12), ("timeout", 13), ("resources", 14)]
    assert [(d["name"], d["line"]) for d in steps["end"]["decorators"]] == [("catch", 18), ("environment", 19)]


def test_r_step_path_is_resolved_next_to_the_flow_file(load_flow):
    clean = build_spec(load_flow("mixed.py"))["steps"][1]
    assert clean["file"] == str(FLOWS / "clean.R")
    assert (clean["language"], clean["function"], clean["line"], clean["next_line"]) == ("r", "clean_sales", 11, 11)


def test_python_interpreter_is_absolute_and_real():
    path = python_interpreter()
    assert path.startswith("/") and "shims" not in path


def test_steps_can_be_inherited_from_a_base_flow(tmp_path, load_flow):
    (tmp_path / "inherited.py").write_text(
        "from braid import FlowSpec, step\n"
        "\n"
        "class Base(FlowSpec):\n"
        "    @step\n"
        "    def start(self):\n"
        "        self.next(self.end)\n"
        "\n"
        "class Child(Base):\n"
        "    @step\n"
        "    def end(self):\n"
        "        pass\n"
        "\n"
        "del Base\n")
    spec = build_spec(load_flow(tmp_path / "inherited.py"))
    assert spec["flow"] == "Child"
    assert [(s["name"], s["line"], s["next"]) for s in spec["steps"]] == [("start", 5, ["end"]), ("end", 10, [])]


def test_a_step_without_next_has_no_transition_and_is_left_to_the_engine(tmp_path, load_flow):
    (tmp_path / "no_next.py").write_text(
        "from braid import FlowSpec, step\n"
        "class NoNext(FlowSpec):\n"
        "    @step\n"
        "    def start(self):\n"
        "        pass\n")
    start = build_spec(load_flow(tmp_path / "no_next.py"))["steps"][0]
    assert (start["next"], start["next_line"]) == ([], None)


def test_steps_wrapped_by_user_decorators_are_read_from_the_original(tmp_path, load_flow):
    (tmp_path / "wrapped.py").write_text(
        "import functools\n"
        "from braid import FlowSpec, step\n"
        "\n"
        "def timed(function):\n"
        "    @functools.wraps(function)\n"
        "    def wrapper(*args):\n"
        "        return function(*args)\n"
        "    return wrapper\n"
        "\n"
        "class Wrapped(FlowSpec):\n"
        "    @timed\n"
        "    @step\n"
        "    def start(self):\n"
        "        self.next(self.join)\n"
        "\n"
        "    @timed\n"
        "    @step\n"
        "    def join(self, inputs):\n"
        "        self.next(self.end)\n")
    steps = build_spec(load_flow(tmp_path / "wrapped.py"))["steps"]
    assert [(s["name"], s["line"], s["next"], s["next_line"], s["join"]) for s in steps] == [
        ("start", 13, ["join"], 14, False), ("join", 18, ["end"], 19, True)]
