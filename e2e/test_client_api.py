"""The client API on a real store (issue #16): both clients read a step's tasks in one engine process, see the
same answers, page through runs, follow parents and children, and show runs in a notebook."""
import hashlib
import json
import shutil
import subprocess
import sys

import pytest

WIDTH = 24
EXPECTED = sum(((i * 7) % WIDTH) * 2 for i in range(WIDTH))


@pytest.fixture
def store(braid):
    braid.flow("client_work.py", "run", check=True)
    return braid


def counting(braid):
    """A BRAID_BIN that logs each engine process it starts, and that log."""
    wrapper = braid.workdir / "counting-braid"
    log = braid.workdir / "calls.log"
    wrapper.write_text(f"#!/bin/sh\necho \"$*\" >> '{log}'\nexec '{braid.binary}' \"$@\"\n")
    wrapper.chmod(0o755)
    return str(wrapper), log


def calls(log):
    lines = log.read_text().splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return lines


def run_with(braid, command, wrapper):
    result = subprocess.run(command, cwd=braid.workdir, env=dict(braid.env, BRAID_BIN=wrapper), capture_output=True,
                            text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


def test_iterating_a_step_starts_one_engine_process_in_python_and_in_r(store):
    wrapper, log = counting(store)
    code = "from braid import Run\nprint(sum(t.data.y for t in Run('ClientWorkFlow/1')['work']))"
    assert run_with(store, [sys.executable, "-c", code], wrapper) == str(EXPECTED)
    assert [line.split()[:3] for line in calls(log)] == [["api", "get", "ClientWorkFlow/1"],
                                                        ["api", "get", "ClientWorkFlow/1/work"]]
    if not shutil.which("Rscript"):
        pytest.skip("no Rscript")
    r_code = ('library(braid); run <- run_client("ClientWorkFlow/1")\n'
              'cat(sum(vapply(run[["work"]]$tasks(), function(t) t$data$y, numeric(1))))')
    assert run_with(store, ["Rscript", "-e", r_code], wrapper) == str(EXPECTED)
    assert [line.split()[:3] for line in calls(log)] == [["api", "get", "ClientWorkFlow/1/work"]]


def test_both_clients_see_the_same_tasks_links_and_shas(store):
    code = """
import hashlib, json
from braid import Run
run = Run('ClientWorkFlow/1')
work = list(run['work'])
join = run['join'].task
start = run['start'].task
print(json.dumps({
    "ids": [t.id for t in work], "ys": [t.data.y for t in work],
    "join_parents": [t.id for t in join.parent_tasks], "start_children": [t.id for t in start.child_tasks],
    "work_parent": work[0].parent_tasks[0].pathspec, "work_child": work[0].child_tasks[0].pathspec,
    "sha_ok": all(hashlib.sha256(open(t['y'].path, 'rb').read()).hexdigest() == t['y'].sha for t in work),
    "finished": [run.finished_at is not None, work[0].finished_at is not None, run['work'].finished_at is not None],
    "any_task": run['work'].task.id == work[0].id,
}))
"""
    python = json.loads(store.python(code).stdout)
    ids = python["ids"]
    assert len(ids) == WIDTH and python["ys"] == [((i * 7) % WIDTH) * 2 for i in range(WIDTH)]
    assert python["join_parents"] == ids and python["start_children"] == ids
    assert python["work_parent"].startswith("ClientWorkFlow/1/start/")
    assert python["work_child"].startswith("ClientWorkFlow/1/join/")
    assert python["sha_ok"] and python["finished"] == [True, True, True] and python["any_task"]
    if not shutil.which("Rscript"):
        pytest.skip("no Rscript")
    r_code = """library(braid)
run <- run_client("ClientWorkFlow/1")
work <- run[["work"]]$tasks()
join <- run[["join"]]$task
cat(jsonlite::toJSON(list(
  ids = vapply(work, function(t) t$id, ""), ys = vapply(work, function(t) t$data$y, 0),
  join_parents = vapply(join$parent_tasks, function(t) t$id, ""),
  start_children = vapply(run[["start"]]$task$child_tasks, function(t) t$id, ""),
  sha = work[[1]]$artifacts$y$sha, path = work[[1]]$artifacts$y$path
)))"""
    result = subprocess.run(["Rscript", "-e", r_code], cwd=store.workdir, env=store.env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    r = json.loads(result.stdout)
    assert r["ids"] == ids and r["ys"] == python["ys"] and r["join_parents"] == ids and r["start_children"] == ids
    assert r["sha"][0] == hashlib.sha256(open(r["path"][0], "rb").read()).hexdigest()


def test_runs_are_paged_filtered_by_tags_and_listed_by_flow(store):
    store.flow("client_work.py", "run", "--width", "3", "--tag", "small", check=True)
    store.flow("client_work.py", "run", "--width", "4", "--tag", "small", "--tag", "nightly", check=True)
    page = json.loads(store.cli("api", "get", "ClientWorkFlow", "--limit", "2").stdout)
    assert [r["id"] for r in page["runs"]] == ["3", "2"] and page["has_more"]
    rest = json.loads(store.cli("api", "get", "ClientWorkFlow", "--limit", "2", "--before", "2").stdout)
    assert [r["id"] for r in rest["runs"]] == ["1"] and not rest["has_more"]
    none = json.loads(store.cli("api", "get", "ClientWorkFlow", "--tag", "no-such-tag").stdout)
    assert none["runs"] == []
    code = """
from braid import Flow, Metaflow
flow = Flow('ClientWorkFlow')
print([r.id for r in flow.runs()], [r.id for r in flow.runs('small')], [r.id for r in flow.runs('small', 'nightly')])
print([r.data.total for r in flow.runs()], [f.id for f in Metaflow()])
"""
    lines = store.python(code).stdout.splitlines()
    assert lines == ["['3', '2', '1'] ['3', '2'] ['3']", f"[12, 6, {EXPECTED}] ['ClientWorkFlow']"]
    if shutil.which("Rscript"):
        r_code = ('library(braid); f <- flow_client("ClientWorkFlow")\n'
                  'cat(vapply(f$runs("small"), function(r) r$id, ""), "|", list_flows()$name, "\\n")')
        result = subprocess.run(["Rscript", "-e", r_code], cwd=store.workdir, env=store.env, capture_output=True,
                                text=True, timeout=120)
        assert result.stdout.strip() == "3 2 | ClientWorkFlow", result.stderr


def test_text_from_the_store_survives_json_and_is_escaped_in_html(store):
    tag = 'we"ird\\tag <b>ü</b>'
    store.cli("tag", "add", "ClientWorkFlow/1", "--", tag)
    code = f"""
from braid import Run
run = Run('ClientWorkFlow/1')
assert {tag!r} in run.tags, run.tags
html = run._repr_html_()
assert '<b>ü</b>' not in html and '&lt;b&gt;ü&lt;/b&gt;' in html, html
assert 'work' in html and '{WIDTH}' in html
step_html = run['work']._repr_html_()
assert '{WIDTH} tasks' in step_html and 'and 4 more tasks' in step_html, step_html
assert 'int' in run['work'].task._repr_html_()
print('ok')
"""
    assert store.python(code).stdout.strip() == "ok"
