"""``self`` inside a task: lazy artifacts, assignments, parameters, next, foreach, joins and merge_artifacts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from braid import BraidError, FlowSpec, MergeArtifactsError, Parameter, TransitionError, _artifacts, step
from braid._artifacts import write_artifact
from braid._inputs import Inputs
from braid._task import TaskState


class Flow(FlowSpec):
    rows = Parameter("rows", default=10)

    @step
    def start(self):
        self.next(self.a, self.b)

    @step
    def a(self):
        self.next(self.join)

    @step
    def b(self):
        self.next(self.join)

    @step
    def join(self, inputs):
        self.next(self.end)

    @step
    def end(self):
        pass


class Store:
    """Artifact files in a directory, described as the engine describes them in a task."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.count = 0

    def record(self, value: Any) -> dict[str, Any]:
        self.count += 1
        path = self.directory / f"object{self.count}.arrow"
        stored = write_artifact(value, str(path))
        return {"path": str(path), "kind": stored.kind, "language": "python", "type_name": stored.type_name}

    def records(self, **values: Any) -> dict[str, dict[str, Any]]:
        return {name: self.record(value) for name, value in values.items()}


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path)


def task_self(step: str = "a", flow_class: type = Flow, **task: Any) -> Any:
    message = {"flow": flow_class.__name__, "run_id": "1", "step": step, "task_id": "2", "parameters": {"rows": 3},
               "artifacts": {}, "foreach": None, "inputs": None, **task}
    owner = object.__new__(flow_class)
    object.__setattr__(owner, "_braid_task", TaskState(message))
    return owner


def state_of(owner: Any) -> TaskState:
    return owner.__dict__["_braid_task"]


def test_artifacts_are_read_only_when_used(store, monkeypatch):
    owner = task_self(artifacts=store.records(x=1, big=[1, 2, 3]))
    reads = []
    original = _artifacts.load_artifact
    monkeypatch.setattr("braid._task.load_artifact", lambda path, name: reads.append(name) or original(path, name))
    assert owner.x == 1 and owner.x == 1
    assert reads == ["x"]


def test_assignments_are_the_step_outputs_and_reads_are_not(store):
    owner = task_self(artifacts=store.records(x=1, kept="same"))
    owner.x = owner.x + 1
    owner.new = "value"
    assert owner.kept == "same"
    outputs = state_of(owner).outputs({k: v for k, v in owner.__dict__.items() if k != "_braid_task"})
    assert outputs.values == [("x", 2), ("new", "value")] and outputs.copies == []


def test_inherited_values_changed_in_place_are_outputs(store):
    owner = task_self(artifacts=store.records(items=[1, 2], settings={"a": 1}, untouched=[0]))
    owner.items.append(3)
    assert owner.settings == {"a": 1} and owner.untouched == [0]
    outputs = state_of(owner).outputs({k: v for k, v in owner.__dict__.items() if k != "_braid_task"})
    assert outputs.values == [("items", [1, 2, 3])]


def test_parameters_are_readable_and_read_only():
    owner = task_self()
    assert owner.rows == 3
    with pytest.raises(AttributeError, match="rows is a parameter of the flow: it is read-only"):
        owner.rows = 4


@pytest.mark.parametrize("name", ["next", "input", "index", "foreach_stack", "merge_artifacts", "_braid_task"])
def test_step_api_names_cannot_be_assigned(name):
    with pytest.raises(AttributeError, match=f"self.{name}"):
        setattr(task_self(), name, 1)


def test_unknown_artifact_lists_the_ones_there(store):
    owner = task_self(artifacts=store.records(x=1))
    with pytest.raises(AttributeError, match=r"step a has no artifact 'y' \(artifacts here: x\)"):
        _ = owner.y


def test_next_records_the_transition_once():
    owner = task_self(step="start")
    owner.next(owner.a, owner.b)
    assert state_of(owner).resolve_transition(owner) == {"type": "next", "steps": ["a", "b"], "foreach": None,
                                                         "foreach_count": None}
    with pytest.raises(TransitionError, match="self.next\\(\\) was called twice"):
        owner.next(owner.end)


@pytest.mark.parametrize("items, count", [([3, 1, 2], 3), ((1,), 1), (range(4), 4), ([], 0)])
def test_foreach_counts_the_items(items, count):
    owner = task_self(step="start")
    owner.items = items
    owner.next(owner.a, foreach="items")
    assert state_of(owner).resolve_transition(owner)["foreach_count"] == count


def test_foreach_over_numpy_and_frames():
    import numpy as np

    owner = task_self(step="start")
    owner.vector, owner.frame = np.arange(5), pd.DataFrame({"x": [1, 2]})
    owner.next(owner.a, foreach="frame")
    assert state_of(owner).resolve_transition(owner)["foreach_count"] == 2


@pytest.mark.parametrize("value, problem", [
    (42, "but self.items is an int: 42"),
    ("abc", "but self.items is a str: 'abc'"),
    ({"a": 1}, "but self.items is a dict (use list(self.items.items()) to fan out over a dict's items)"),
    ({1, 2}, "but self.items is a set: {1, 2}"),
    (iter([1]), "but self.items is a list_iterator"),
])
def test_foreach_over_something_that_is_not_a_sequence(value, problem):
    owner = task_self(step="start")
    owner.items = value
    owner.next(owner.a, foreach="items")
    with pytest.raises(TransitionError) as caught:
        state_of(owner).resolve_transition(owner)
    assert str(caught.value).startswith("step start: foreach='items' needs a sequence to fan out over (a list, "
                                        "tuple, range, 1-D numpy array or DataFrame), ")
    assert problem in str(caught.value)


def test_foreach_artifact_must_exist():
    owner = task_self(step="start")
    owner.next(owner.a, foreach="missing")
    with pytest.raises(TransitionError, match="foreach='missing' names no artifact; set self.missing"):
        state_of(owner).resolve_transition(owner)


def test_a_step_that_ends_without_next():
    with pytest.raises(TransitionError, match="step a finished without calling self.next"):
        state_of(task_self()).resolve_transition(None)
    assert state_of(task_self(step="end")).resolve_transition(None) is None


def test_plain_function_steps_take_the_transition_the_engine_sends(store):
    owner = task_self(step="fit", flow_class=FlowSpec, artifacts=store.records(grid=[1, 2]),
                      next={"steps": ["train"], "foreach": "grid"})
    state_of(owner).is_plain_function = True
    assert state_of(owner).resolve_transition(owner) == {"type": "next", "steps": ["train"], "foreach": "grid",
                                                         "foreach_count": 2}


def test_flow_methods_must_call_next_even_when_the_engine_sends_it():
    owner = task_self(next={"steps": ["join"], "foreach": None})
    with pytest.raises(TransitionError, match="step a finished without calling self.next"):
        state_of(owner).resolve_transition(owner)


def test_next_refuses_targets_that_are_not_steps():
    with pytest.raises(TransitionError, match="self.next\\(\\) takes steps written as self.<step>, got 'end'"):
        task_self().next("end")


def test_input_index_and_foreach_stack(store):
    artifacts = store.records(outer=["x", "y"], inner=[10, 20, 30])
    foreach = {"artifact": "inner", "index": 2, "stack": [
        {"step": "start", "artifact": "outer", "index": 1, "count": 2},
        {"step": "mid", "artifact": "inner", "index": 2, "count": 3}]}
    owner = task_self(artifacts=artifacts, foreach=foreach)
    assert (owner.input, owner.index) == (30, 2)
    assert owner.foreach_stack() == [(1, 2, "y"), (2, 3, 30)]
    owner.inner = "replaced"
    assert owner.input == 30  # the item comes from the stored artifact


def test_input_of_a_table_is_a_row(store):
    owner = task_self(artifacts=store.records(frame=pd.DataFrame({"x": [5, 6]})),
                      foreach={"artifact": "frame", "index": 1, "stack": []})
    assert owner.input["x"] == 6


def test_outside_a_foreach_input_and_index_are_none():
    owner = task_self()
    assert owner.input is None and owner.index is None and owner.foreach_stack() == []


def join_self(store: Store, branches: dict[str, dict[str, Any]], **task: Any) -> tuple[Any, Inputs]:
    entries = [{"step": step, "task_id": str(n), "pathspec": f"Flow/1/{step}/{n}", "index": None,
                "artifacts": records} for n, (step, records) in enumerate(branches.items())]
    owner = task_self(step="join", join=True, inputs=entries, **task)
    return owner, Inputs(entries, {"rows": 3})


def test_inputs_iterate_index_measure_and_name(store):
    owner, inputs = join_self(store, {"a": store.records(x=1), "b": store.records(x=2)})
    assert len(inputs) == 2 and [i.x for i in inputs] == [1, 2]
    assert inputs[1].x == 2 and inputs.a.x == 1 and inputs.b.x == 2 and inputs[0].rows == 3
    with pytest.raises(AttributeError, match="no input comes from step 'c'; the inputs come from: a, b"):
        _ = inputs.c
    with pytest.raises(AttributeError, match=r"input Flow/1/a/0 \(step a\) has no artifact 'y' \(its artifacts: x\)"):
        _ = inputs.a.y
    with pytest.raises(AttributeError, match="inputs are read-only"):
        inputs.a.x = 3


def test_foreach_inputs_cannot_be_named(store):
    entries = [{"step": "train", "task_id": str(n), "index": n, "artifacts": store.records(score=n)} for n in range(3)]
    inputs = Inputs(entries)
    assert [i.index for i in inputs] == [0, 1, 2]
    with pytest.raises(AttributeError, match="3 inputs come from step 'train' \\(a foreach\\)"):
        _ = inputs.train


def test_a_join_starts_empty(store):
    owner, _ = join_self(store, {"a": store.records(x=1), "b": store.records(x=2)})
    with pytest.raises(AttributeError, match="a join starts with no artifacts; read it from inputs"):
        _ = owner.x
    assert owner.rows == 3


def test_merge_copies_agreeing_and_single_artifacts_without_reading_them(store):
    shared = store.record(10)
    owner, inputs = join_self(store, {"a": {"base": shared, **store.records(x=1, only_a="a")},
                                      "b": {"base": shared, **store.records(x=2)}})
    owner.merge_artifacts(inputs, exclude=["x"])
    state = state_of(owner)
    assert set(state.merged) == {"base", "only_a"} and state.loaded == {}
    assert owner.base == 10 and owner.only_a == "a"
    outputs = state.outputs({})
    assert [name for name, _ in outputs.copies] == ["base", "only_a"] and outputs.values == []


def test_merge_treats_equal_bytes_as_equal(store):
    owner, inputs = join_self(store, {"a": store.records(x=7), "b": store.records(x=7)})
    owner.merge_artifacts(inputs)
    assert owner.x == 7


def test_merge_conflicts_name_the_artifacts_and_the_inputs(store):
    owner, inputs = join_self(store, {"a": store.records(x=1, y=1), "b": store.records(x=2, y=1)})
    with pytest.raises(MergeArtifactsError) as caught:
        owner.merge_artifacts(inputs)
    assert caught.value.artifacts == ["x"]
    assert str(caught.value) == (
        "step join cannot merge 1 artifact whose values differ between its inputs:\n"
        "  x: value 1 in a (Flow/1/a/0); value 2 in b (Flow/1/b/1)\n"
        "Set each one in the join before calling merge_artifacts (e.g. self.x = max(i.x for i in inputs)), "
        "or leave it out with exclude=[...].")
    assert state_of(owner).merged == {}


def test_merge_keeps_what_the_join_set(store):
    owner, inputs = join_self(store, {"a": store.records(x=1), "b": store.records(x=2)})
    owner.x = 3
    owner.merge_artifacts(inputs)
    assert owner.x == 3 and state_of(owner).merged == {}


def test_merge_include(store):
    owner, inputs = join_self(store, {"a": store.records(x=1, y=5), "b": store.records(x=2)})
    owner.merge_artifacts(inputs, include=["y"])
    assert set(state_of(owner).merged) == {"y"}
    with pytest.raises(MergeArtifactsError, match="merge_artifacts\\(include=...\\) names z, which no input has"):
        owner.merge_artifacts(inputs, include=["z"])
    with pytest.raises(MergeArtifactsError, match="include= or exclude=, not both"):
        owner.merge_artifacts(inputs, include=["y"], exclude=["x"])


def test_merge_only_in_a_join():
    with pytest.raises(MergeArtifactsError, match="merge_artifacts can only be called in a join step; step a"):
        task_self().merge_artifacts([])


def test_outside_a_task_the_step_api_says_so():
    owner = object.__new__(Flow)
    with pytest.raises(BraidError, match="only works inside a running step"):
        owner.next(owner.end)
    assert owner.rows == 10


def test_instantiating_a_flow_runs_its_command_line(monkeypatch):
    monkeypatch.delenv("BRAID_WORKER", raising=False)
    calls = []
    monkeypatch.setattr("braid._cli.main", lambda flow_class: calls.append(flow_class) or 3)
    with pytest.raises(SystemExit) as caught:
        Flow()
    assert caught.value.code == 3 and calls == [Flow]


def test_in_a_worker_instantiating_a_flow_does_nothing(monkeypatch):
    monkeypatch.setenv("BRAID_WORKER", "1")
    Flow()
