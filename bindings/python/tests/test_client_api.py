"""The client API against a fake engine that answers as docs/client-api.md says: one engine call per collection,
finished runs cached for the session, pages of runs, tags, links between tasks, notebook display."""

import pytest

from braid import Flow, Metaflow, NotFoundError, Run, Task
from braid._client import clear_cache
from client_store import FakeStore


@pytest.fixture
def store(tmp_path, monkeypatch):
    store = FakeStore(tmp_path)
    store.save()
    monkeypatch.setenv("BRAID_BIN", str(store.engine))
    clear_cache()
    yield store
    clear_cache()


def foreach_run(store, run_id=1, width=5, status="succeeded"):
    """start -> work (width tasks, y = 2 * i) -> join -> end, with parents and children linked."""
    run = f"WideFlow/{run_id}"
    work_ids = list(range(10, 10 + width))
    steps = {
        "start": [(1, [store.artifact("items", list(range(width)))], [], [f"{run}/work/{i}" for i in work_ids])],
        "work": [(i, [store.artifact("y", 2 * (i - 10))], [f"{run}/start/1"], [f"{run}/join/99"]) for i in work_ids],
        "join": [(99, [store.artifact("total", width * (width - 1))], [f"{run}/work/{i}" for i in work_ids],
                  [f"{run}/end/100"])],
        "end": [(100, [store.artifact("total", width * (width - 1))], [f"{run}/join/99"], [])],
    }
    return store.run("WideFlow", run_id, status=status, steps=steps)


def test_iterating_a_step_is_one_engine_call_whatever_its_width(store):
    foreach_run(store, width=50)
    run = Run("WideFlow/1")
    assert sum(task.data.y for task in run["work"]) == sum(2 * i for i in range(50))
    assert [call[2] for call in store.calls()] == ["WideFlow/1", "WideFlow/1/work"]


def test_a_finished_run_is_read_once_per_session(store):
    foreach_run(store)
    for _ in range(3):
        assert sum(t.data.y for t in Run("WideFlow/1")["work"]) == 20
    Task("WideFlow/1/work/12")  # known from the step's answer
    assert len(store.calls()) == 2
    clear_cache()
    Run("WideFlow/1")
    assert len(store.calls()) == 1


def test_a_running_run_is_read_again_each_time(store):
    foreach_run(store, status="running")
    Run("WideFlow/1")["work"]
    Run("WideFlow/1")["work"]
    assert len(store.calls()) == 4


def test_runs_come_in_growing_pages_newest_first(store):
    for run_id in range(1, 251):
        store.run("ManyFlow", run_id, tags=["nightly"] if run_id % 10 == 0 else [])
    store.calls()
    flow = Flow("ManyFlow")
    ids = [run.id for run in flow.runs()]
    assert ids == [str(i) for i in range(250, 0, -1)]
    calls = store.calls()
    # The constructor's page serves the first listing; then one page of 1,000 holds the rest.
    assert calls == [["api", "get", "ManyFlow", "--limit", "100", "--namespace", "user:" + calls[0][-1].split(":")[1]],
                     ["api", "get", "ManyFlow", "--limit", "1000", "--before", "151", "--namespace",
                      calls[1][-1]]]
    assert [run.id for run in flow.runs("nightly")] == [str(i) for i in range(250, 0, -10)]
    assert list(flow.runs("nightly", "no-such-tag")) == []
    assert flow.latest_run.id == "250"


def test_runs_data_reads_the_end_tasks_of_a_page_in_one_call(store):
    for run_id in range(1, 6):
        foreach_run(store, run_id=run_id, width=run_id + 1)
    store.calls()
    totals = [run.data.total for run in Flow("WideFlow").runs()]
    assert totals == [n * (n + 1) for n in range(5, 0, -1)]
    calls = store.calls()
    assert len(calls) == 2 and "--end-tasks" in calls[1]


def test_an_unknown_flow_run_step_or_task_is_not_found(store):
    foreach_run(store)
    with pytest.raises(NotFoundError, match="NoFlow has no runs"):
        Flow("NoFlow")
    with pytest.raises(NotFoundError):
        Run("WideFlow/1")["nostep"]
    with pytest.raises(NotFoundError, match="WideFlow/1/work/999 not found"):
        Run("WideFlow/1")["work"][999]


def test_parent_and_child_tasks_cost_one_call_per_step(store):
    foreach_run(store, width=30)
    join = Task("WideFlow/1/join/99")
    store.calls()
    parents = join.parent_tasks
    assert [t.pathspec for t in parents] == [f"WideFlow/1/work/{i}" for i in range(10, 40)]
    assert [call[2] for call in store.calls()] == ["WideFlow/1/work"]
    start = parents[0].parent_tasks[0]
    assert start.pathspec == "WideFlow/1/start/1" and len(start.child_tasks) == 30
    assert [call[2] for call in store.calls()] == ["WideFlow/1/start/1"]  # its children: known already


def test_metaflow_lists_flows(store):
    store.data["flows"] = [{"name": "A", "run_count": 2, "latest_run_id": "7", "latest_created_at": None},
                           {"name": "B", "run_count": 1, "latest_run_id": "9", "latest_created_at": None}]
    store.save()
    assert [flow.id for flow in Metaflow().flows] == ["A", "B"]
    assert [flow.id for flow in Metaflow()] == ["A", "B"]
    assert len(store.calls()) == 2  # Flow objects from the list read nothing until used


def test_times_shas_and_the_any_one_task(store):
    foreach_run(store)
    run = Run("WideFlow/1")
    assert run.finished_at.isoformat() == "2026-01-02T03:05:05.500000+00:00"
    assert run.duration == 60.5
    step = run["work"]
    assert step.task.id == "10" and len(step) == 5
    task = step.task
    assert task.finished_at.isoformat() == "2026-01-02T03:04:08.500000+00:00" and task.duration == 2.5
    assert len(task["y"].sha) == 64 and task["y"].data == 0
    assert [s.id for s in run] == ["start", "work", "join", "end"] and "work" in run


def test_notebook_display_escapes_what_comes_from_the_store(store, tmp_path):
    import pandas as pd

    frame = store.artifact("frame", pd.DataFrame({"a": [1, 2]}))
    store.run("EvilFlow", 1, tags=["<b>tag</b>"], steps={"<script>": [(1, [frame, store.artifact("s", "<i>")])]})
    run = Run("EvilFlow/1")
    html = run._repr_html_()
    assert "&lt;script&gt;" in html and "<script>" not in html and "&lt;b&gt;tag&lt;/b&gt;" in html
    step = run["<script>"]
    assert "&lt;script&gt;" in step._repr_html_() and "<script>" not in step._repr_html_()
    task_html = step.task._repr_html_()
    assert "frame" in task_html and "DataFrame" in task_html and "<script>" not in task_html
    assert step.task["frame"]._repr_html_() == pd.DataFrame({"a": [1, 2]})._repr_html_()
    assert "&lt;i&gt;" not in step.task["s"]._repr_html_()  # the value is not shown, only its summary


def test_a_wide_steps_display_lists_the_first_tasks_and_a_count(store):
    foreach_run(store, width=45)
    html = Run("WideFlow/1")["work"]._repr_html_()
    assert html.count("<tr>") == 21 and "and 25 more tasks" in html
