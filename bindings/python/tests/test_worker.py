"""``python -m braid._worker`` driven end to end: real pipes on fds 3 and 4, this test playing the engine."""

from __future__ import annotations

import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from braid._artifacts import read_artifact, write_artifact
from conftest import FLOWS, PYTHON, subprocess_env


def _high(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 20)
    os.close(fd)
    return moved


class Worker:
    """A worker process and the engine's ends of its two protocol pipes."""

    def __init__(self, **env: str):
        to_worker_read, self.to_worker = (_high(fd) for fd in os.pipe())
        self.from_worker, from_worker_write = (_high(fd) for fd in os.pipe())

        def wire() -> None:  # in the child: the protocol pipes become fds 3 and 4
            os.dup2(to_worker_read, 3)
            os.dup2(from_worker_write, 4)

        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [PYTHON, "-u", "-m", "braid._worker"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, close_fds=False, preexec_fn=wire, start_new_session=True,
            env=subprocess_env(BRAID_WORKER="1", BRAID_PROTOCOL_FDS="3,4", **env))
        os.close(to_worker_read)
        os.close(from_worker_write)
        self._buffer = b""
        self.lines: list[dict[str, Any]] = []

    def send(self, message: dict[str, Any]) -> None:
        os.write(self.to_worker, (json.dumps(message) + "\n").encode())

    def read(self, timeout: float = 30) -> dict[str, Any] | None:
        """The next line from the worker (None at end of file)."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([self.from_worker], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                raise TimeoutError(f"no line from the worker in {timeout}s")
            chunk = os.read(self.from_worker, 65536)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        message = json.loads(line)
        self.lines.append(message)
        return message

    def run(self, task: dict[str, Any]) -> list[dict[str, Any]]:
        """Sends a task and returns the lines up to its done or error."""
        self.send(task)
        lines = []
        while True:
            message = self.read()
            assert message is not None, "the worker closed fd 4 during a task"
            lines.append(message)
            if message["type"] in ("done", "error"):
                return lines

    def close(self, timeout: float = 10) -> tuple[int, str, str]:
        """Closes the engine's end of fd 3 and waits; returns (exit status, stdout, stderr)."""
        self._close_fd("to_worker")
        out, err = self.process.communicate(timeout=timeout)
        self._close_fd("from_worker")
        return self.process.returncode, out.decode(), err.decode()

    def stop(self) -> None:
        """Kills the worker if it still runs and releases every pipe."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
        self._close_fd("to_worker")
        self._close_fd("from_worker")

    def _close_fd(self, name: str) -> None:
        fd = getattr(self, name)
        if fd is not None:
            os.close(fd)
            setattr(self, name, None)


@pytest.fixture
def worker():
    started = []

    def start(**env: str) -> Worker:
        process = Worker(**env)
        started.append(process)
        hello = process.read()
        assert hello["type"] == "hello"
        return process

    yield start
    for process in started:
        process.stop()


def task(spool: Path, function: str, flow: str = "TasksFlow", file: Path = FLOWS / "tasks.py", **fields: Any):
    spool.mkdir(parents=True, exist_ok=True)
    message = {"type": "task", "flow": flow, "run_id": "7", "step": function, "task_id": "12", "attempt": 0,
               "pathspec": f"{flow}/7/{function}/12", "file": str(file), "function": function, "join": False,
               "parameters": {}, "artifacts": {}, "foreach": None, "inputs": None, "spool": str(spool),
               "username": "ana", "retry_count": 0}
    message.update(fields)
    return message


def stored(line: dict[str, Any]) -> dict[str, Any]:
    """The artifact line as the engine would describe the stored object in a later task."""
    return {"path": line["path"], "kind": line["kind"], "language": line["language"], "type_name": line["type_name"]}


def test_hello_comes_first(worker):
    process = worker()
    hello = process.lines[0]
    assert hello == {"type": "hello", "protocol": 1, "language": "python",
                     "language_version": hello["language_version"], "pid": process.process.pid}
    assert hello["language_version"].count(".") == 2
    assert process.close()[0] == 0


def test_linear_tasks_one_after_another_in_one_worker(worker, tmp_path):
    process = worker()
    start = process.run(task(tmp_path / "s1", "start", flow="LinearFlow", file=FLOWS / "linear.py"))
    assert [line["type"] for line in start] == ["artifact", "next", "done"]
    assert start[0] == {"type": "artifact", "name": "x", "path": str(tmp_path / "s1" / "x.arrow"), "kind": "scalar",
                        "language": "python", "type_name": "int"}
    assert start[1] == {"type": "next", "steps": ["middle"], "foreach": None, "foreach_count": None}
    middle = process.run(task(tmp_path / "s2", "middle", flow="LinearFlow", file=FLOWS / "linear.py",
                              artifacts={"x": stored(start[0])}))
    assert read_artifact(middle[0]["path"]) == 2
    end = process.run(task(tmp_path / "s3", "end", flow="LinearFlow", file=FLOWS / "linear.py",
                           artifacts={"x": stored(middle[0])}))
    assert end == [{"type": "done"}]
    status, out, _ = process.close()
    assert status == 0 and out == "x is 2\n"


def test_foreach_fan_out_items_and_join(worker, tmp_path):
    process = worker()
    file, flow = FLOWS / "foreach.py", "ForeachFlow"
    start = process.run(task(tmp_path / "start", "start", flow=flow, file=file))
    assert start[0]["name"] == "items" and start[0]["kind"] == "json"
    assert start[1] == {"type": "next", "steps": ["square"], "foreach": "items", "foreach_count": 3}
    items = {"items": stored(start[0])}
    inputs = []
    for index in range(3):
        lines = process.run(task(tmp_path / f"sq{index}", "square", flow=flow, file=file, artifacts=items,
                                 foreach={"artifact": "items", "index": index,
                                          "stack": [{"step": "start", "artifact": "items", "index": index,
                                                     "count": 3}]}))
        assert lines[0]["name"] == "value" and lines[1]["steps"] == ["join"]
        inputs.append({"step": "square", "task_id": str(index), "pathspec": f"{flow}/7/square/{index}",
                       "index": index, "artifacts": {**items, "value": stored(lines[0])}})
    join = process.run(task(tmp_path / "join", "join", flow=flow, file=file, join=True, inputs=inputs))
    assert join[0]["name"] == "values" and read_artifact(join[0]["path"]) == [9, 1, 4]


def test_branch_join_merges_stored_artifacts_into_the_spool(worker, tmp_path):
    process = worker()
    file, flow = FLOWS / "branch.py", "BranchFlow"  # ends with a bare BranchFlow(): must not start a run
    start = process.run(task(tmp_path / "start", "start", flow=flow, file=file))
    assert start[1]["steps"] == ["a", "b"]
    base = {"base": stored(start[0])}
    inputs = []
    for branch in ("a", "b"):
        lines = process.run(task(tmp_path / branch, branch, flow=flow, file=file, artifacts=base))
        inputs.append({"step": branch, "task_id": branch, "pathspec": f"{flow}/7/{branch}/1", "index": None,
                       "artifacts": {**base, "x": stored(lines[0])}})
    join = process.run(task(tmp_path / "join", "join", flow=flow, file=file, join=True, inputs=inputs))
    artifacts = {line["name"]: line for line in join if line["type"] == "artifact"}
    assert set(artifacts) == {"total", "base"}
    assert read_artifact(artifacts["total"]["path"]) == 23 and read_artifact(artifacts["base"]["path"]) == 10
    assert artifacts["base"]["kind"] == "scalar" and artifacts["base"]["path"] == str(tmp_path / "join" / "base.arrow")


def test_a_raising_step_reports_its_traceback_and_stores_nothing(worker, tmp_path):
    process = worker()
    lines = process.run(task(tmp_path / "spool", "raises"))
    assert len(lines) == 1
    error = lines[0]
    assert (error["type"], error["error_type"], error["message"], error["phase"]) == (
        "error", "ZeroDivisionError", "division by zero", "step")
    source = FLOWS / "tasks.py"
    line = source.read_text().splitlines().index("        1 / 0") + 1
    assert error["traceback"].startswith("Traceback (most recent call last):\n")
    assert f'File "{source}", line {line}, in raises' in error["traceback"]
    assert "_worker.py" not in error["traceback"]
    assert list((tmp_path / "spool").iterdir()) == []
    assert process.run(task(tmp_path / "again", "end")) == [{"type": "done"}]  # the worker goes on
    assert "about to fail" in process.close()[1]


def test_what_the_step_prints_never_reaches_the_protocol(worker, tmp_path):
    process = worker()
    lines = process.run(task(tmp_path / "spool", "noisy"))
    assert [line["type"] for line in lines] == ["artifact", "artifact", "next", "done"]
    values = {line["name"]: read_artifact(line["path"]) for line in lines if line["type"] == "artifact"}
    assert values["fd4"] == "OSError"  # fd 4 is closed in the worker: the protocol moved elsewhere
    assert not [fd for fd in values["child_fds"] if fd >= 64]  # child processes inherit no protocol fd
    status, out, err = process.close()
    assert status == 0
    assert out == '{"type": "done"}\nraw bytes on fd 1\n' and err == "to stderr\n"


def test_engine_gone_while_idle_the_worker_exits(worker):
    process = worker()
    started = time.monotonic()
    assert process.close()[0] == 0 and time.monotonic() - started < 5


def test_engine_gone_during_a_step_the_worker_exits(worker, tmp_path):
    process = worker()
    process.send(task(tmp_path / "spool", "sleeps"))
    time.sleep(0.3)
    started = time.monotonic()
    status, _, err = process.close(timeout=10)
    assert time.monotonic() - started < 5
    assert status == 1 and "the engine closed the connection during a task" in err


def test_shutdown_message_ends_the_worker(worker):
    process = worker()
    process.send({"type": "shutdown"})
    assert process.process.wait(timeout=10) == 0


@pytest.mark.parametrize("thread", [False, True])
def test_the_worker_exits_without_teardown_yet_runs_atexit_and_waits_for_threads(worker, tmp_path, thread):
    # The worker ends with os._exit (no interpreter teardown); what a normal exit does for the user still happens.
    process = worker()
    lines = process.run(task(tmp_path / "spool", "leaves_exit_work", parameters={"thread": thread}))
    assert lines[-1] == {"type": "done"}
    status, out, err = process.close()
    assert status == 0
    assert out == "atexit callback ran\n"
    assert err == ("non-daemon thread finished\n" if thread else "")


def test_syntax_error_is_a_load_error_with_file_and_line(worker, tmp_path):
    process = worker()
    (error,) = process.run(task(tmp_path / "spool", "start", flow="SyntaxErrorFlow", file=FLOWS / "syntax_error.py"))
    assert (error["error_type"], error["phase"]) == ("SyntaxError", "load")
    assert "syntax_error.py, line 7" in error["message"]
    assert f'File "{FLOWS / "syntax_error.py"}", line 7' in error["traceback"]


def test_missing_step_is_a_load_error(worker, tmp_path):
    process = worker()
    (error,) = process.run(task(tmp_path / "spool", "nowhere"))
    assert error["phase"] == "load" and "flow TasksFlow has no step method nowhere" in error["message"]


def test_unpicklable_artifact_is_a_persist_error_naming_it(worker, tmp_path):
    process = worker()
    (error,) = process.run(task(tmp_path / "spool", "unpicklable"))
    assert (error["error_type"], error["phase"]) == ("braid.ArtifactWriteError", "persist")
    assert error["message"].startswith("artifact 'lock' (a _thread.lock) cannot be stored")


def test_foreach_over_an_int_is_a_transition_error(worker, tmp_path):
    process = worker()
    (error,) = process.run(task(tmp_path / "spool", "bad_foreach"))
    assert (error["error_type"], error["phase"]) == ("braid.TransitionError", "transition")
    assert "foreach='items' needs a sequence" in error["message"] and "self.items is an int: 42" in error["message"]


def test_reading_an_r_object_is_an_input_error(worker, tmp_path):
    import pyarrow as pa
    import pyarrow.ipc as ipc

    path = str(tmp_path / "model.arrow")
    table = pa.table({"value": pa.array([b"X"], pa.binary())}).replace_schema_metadata(
        {"braid": json.dumps({"version": 1, "kind": "rds", "language": "r", "type_name": "lm"})})
    with ipc.new_file(path, table.schema) as writer:
        writer.write_table(table)
    process = worker()
    (error,) = process.run(task(tmp_path / "spool", "reads", artifacts={
        "model": {"path": path, "kind": "rds", "language": "r", "type_name": "lm"}}))
    assert (error["error_type"], error["phase"]) == ("braid.ArtifactReadError", "input")
    assert error["message"].startswith("artifact 'model' is an R object (lm)")


def test_spawned_processes_find_functions_of_the_flow_file(worker, tmp_path):
    process = worker()
    lines = process.run(task(tmp_path / "spool", "pool"))
    assert lines[-1] == {"type": "done"}, lines
    assert read_artifact(lines[0]["path"]) == [1, 4, 9]


def test_current_describes_the_task(worker, tmp_path):
    process = worker()
    lines = process.run(task(tmp_path / "spool", "where", parameters={"rows": 5}, retry_count=2))
    assert read_artifact(lines[0]["path"]) == ["TasksFlow", "7", "where", "12", 2, "ana", "TasksFlow/7/where/12",
                                               ["rows"], 5]


def test_current_trigger_is_the_task_messages_trigger(worker, tmp_path):
    process = worker()
    record = {"type": "event", "events": [
        {"name": "sales_updated", "id": 17, "timestamp": 1765190400123, "payload": {"day": "2026-12-07"},
         "flow": None, "run_id": None},
        {"name": "braid.run.IngestFlow.succeeded", "id": 18, "timestamp": 1765190400200,
         "payload": {"flow": "IngestFlow", "run_id": "4", "user": "ana"}, "flow": "IngestFlow", "run_id": "4"}]}
    lines = process.run(task(tmp_path / "a", "triggered", trigger=record))
    assert read_artifact(lines[0]["path"]) == [
        True, "event", [("sales_updated", 17, 1765190400123, {"day": "2026-12-07"}, None, None),
                        ("braid.run.IngestFlow.succeeded", 18, 1765190400200,
                         {"flow": "IngestFlow", "run_id": "4", "user": "ana"}, "IngestFlow", "4")],
        "sales_updated", True]
    # The next task of the same worker, started by hand (null or no key at all): None.
    for fields in ({"trigger": None}, {}):
        lines = process.run(task(tmp_path / "b", "triggered", **fields))
        assert read_artifact(lines[0]["path"]) is None


def test_plain_function_steps_use_the_transition_the_engine_sends(worker, tmp_path):
    process = worker()
    file = FLOWS / "functions.py"
    fit = process.run(task(tmp_path / "fit", "fit", flow="RFlow", file=file,
                           next={"steps": ["train"], "foreach": "grid"}))
    assert fit[1] == {"type": "next", "steps": ["train"], "foreach": "grid", "foreach_count": 3}
    grid = {"grid": stored(fit[0])}
    train = process.run(task(tmp_path / "train", "train", flow="RFlow", file=file, artifacts=grid,
                             foreach={"artifact": "grid", "index": 1, "stack": []}, next={"steps": ["join"]}))
    assert read_artifact(train[0]["path"]) == 0.5 and train[1]["steps"] == ["join"]


def test_dataframes_need_pyarrow(worker, tmp_path):
    process = worker(BRAID_NO_PYARROW="1")
    (error,) = process.run(task(tmp_path / "spool", "frame"))
    assert error["phase"] == "persist" and "storing a table needs pyarrow" in error["message"]
    with_pyarrow = worker()
    lines = with_pyarrow.run(task(tmp_path / "spool2", "frame"))
    assert lines[0]["kind"] == "table" and lines[0]["type_name"] == "pandas.DataFrame"


def test_bad_protocol_setting_exits_2(tmp_path):
    result = subprocess.run([PYTHON, "-m", "braid._worker"], capture_output=True, text=True, timeout=30,
                            env=subprocess_env(BRAID_WORKER="1", BRAID_PROTOCOL_FDS="oops"))
    assert result.returncode == 2 and "BRAID_PROTOCOL_FDS must name two descriptors" in result.stderr


def test_a_garbage_line_from_the_engine_stops_the_worker(worker):
    process = worker()
    os.write(process.to_worker, b"not json\n")
    status, _, err = process.close()
    assert status == 2 and "a line from the engine is not JSON" in err


def test_worker_startup_is_fast():
    """Time to hello (the figure is printed with -s; the bound only catches gross regressions)."""
    times = []
    for _ in range(5):
        process = Worker()
        try:
            assert process.read()["type"] == "hello"
            times.append(time.perf_counter() - process.started)
        finally:
            process.stop()
    print(f"\nworker time to hello: best {min(times) * 1000:.0f} ms, median {sorted(times)[2] * 1000:.0f} ms")
    assert min(times) < 1.0


def test_written_artifacts_are_replaced_atomically(tmp_path):
    path = tmp_path / "x.arrow"
    write_artifact(1, str(path))
    write_artifact(2, str(path))
    assert read_artifact(str(path)) == 2 and sorted(p.name for p in tmp_path.iterdir()) == ["x.arrow"]
