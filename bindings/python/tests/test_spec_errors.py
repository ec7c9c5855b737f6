"""What the spec cannot express: every problem reported at once, each with its file:line."""

from __future__ import annotations

import pytest

from braid import FlowDefinitionError
from braid._spec import build_spec
from conftest import FLOWS

NOT_LAST = ("self.next(...) must be the last statement of the step, not inside a block or followed by other "
            "code: the transition is read from the source before the flow runs, so it cannot depend on what "
            "happens in the step")


def problems_of(flow) -> list[str]:
    with pytest.raises(FlowDefinitionError) as caught:
        build_spec(flow)
    return caught.value.problems


def test_bad_transitions_are_all_reported_in_line_order(load_flow):
    file = FLOWS / "bad_transitions.py"
    assert problems_of(load_flow(file)) == [
        f"{file}:8: step start: {NOT_LAST}",
        f"{file}:14: step a: foreach= must be a string literal naming an artifact, e.g. foreach=\"items\"; "
        "got `name`",
        f"{file}:18: step b: self.next() target `b_step` must be written as self.<step name>, "
        "e.g. self.next(self.end)",
        f"{file}:18: step b: self.next() takes no `condition=` argument; only foreach=\"<artifact>\"",
        f"{file}:21: step c takes 3 arguments; a step takes self (or self and inputs, for a join)",
        f"{file}:22: step c: {NOT_LAST}",
        f"{file}:26: step name next is reserved (self.next is part of the step API); rename it",
        f"{file}:27: step next: self.next() needs the step to go to, e.g. self.next(self.end)",
    ]


def test_bad_declarations_are_all_reported(load_flow):
    file = FLOWS / "bad_declarations.py"
    assert problems_of(load_flow(file)) == [
        f"{file}:5: parameter tag would clash with the command-line option --tag; rename it",
        f"{file}:6: parameter count default 'many' is not an int",
        f"{file}:7: parameter weird has a default of type object; give type= (int, float, str, bool or JSONType)",
        f"{file}:9: step start: @retry times must be a whole number >= 0, got -1",
        f"{file}:10: step start: @timeout needs a limit: seconds=, minutes= or hours= greater than 0",
        f"{file}:15: @retry on helper, which is not a step; add @step",
        f"{file}:19: step clean: R file missing.R not found (looked for {FLOWS / 'missing.R'}; a relative path "
        "counts from the flow file's directory)",
    ]


def test_error_message_lists_the_problems_under_a_header(load_flow):
    with pytest.raises(FlowDefinitionError) as caught:
        build_spec(load_flow("bad_transitions.py"))
    text = str(caught.value)
    assert text.startswith("flow BadTransitionsFlow has 8 problems:\n  ")
    assert f"{FLOWS / 'bad_transitions.py'}:14: step a: foreach=" in text


@pytest.mark.parametrize("body, problem", [
    ("self.next(*self.targets)", "self.next() target `*self.targets` must be written as self.<step name>"),
    ("self.next(self.end, **options)", "self.next(**options) cannot be read before the flow runs"),
    ("self.next(self.end, foreach=3)", "foreach= must be a string literal naming an artifact"),
    ("for i in range(2):\n            self.next(self.end)", "must be the last statement of the step"),
    ("try:\n            pass\n        finally:\n            self.next(self.end)", "must be the last statement"),
])
def test_unreadable_transitions(tmp_path, load_flow, body, problem):
    path = tmp_path / "flow.py"
    path.write_text(
        "from braid import FlowSpec, step\n"
        "class OneFlow(FlowSpec):\n"
        "    @step\n"
        "    def start(self):\n"
        f"        {body}\n"
        "    @step\n"
        "    def end(self):\n"
        "        pass\n")
    (found,) = problems_of(load_flow(path))
    line = 5 + body.count("\n")  # the line of the self.next(...) call
    assert found.startswith(f"{path}:{line}: step start: ") and problem in found


def test_self_may_have_another_name(tmp_path, load_flow):
    path = tmp_path / "flow.py"
    path.write_text(
        "from braid import FlowSpec, step\n"
        "class OtherSelf(FlowSpec):\n"
        "    @step\n"
        "    def start(me):\n"
        "        me.next(me.end)\n"
        "    @step\n"
        "    def end(me):\n"
        "        pass\n")
    assert build_spec(load_flow(path))["steps"][0]["next"] == ["end"]


def test_flow_defined_without_a_file_is_an_error():
    from braid import FlowSpec

    namespace: dict = {"__name__": "nowhere_module"}
    exec("from braid import FlowSpec, step\nclass Nowhere(FlowSpec):\n    pass\n", namespace)
    with pytest.raises(FlowDefinitionError, match="not defined in a file"):
        build_spec(namespace["Nowhere"])
    assert FlowSpec  # imported for the exec'd code's base class
