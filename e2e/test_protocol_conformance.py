"""The worker protocol (docs/protocol.md), checked line by line against both
clients' real workers: the same scenarios, the same expectations, one
parametrized test per scenario and language. No engine: the test is the engine."""
import fcntl
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from braid._artifacts import read_artifact
from forkservers import ForkedProcess, ForkServer

# The same step bodies in both languages, as plain functions (`py_step` / `r_step` files).
STEPS = {
    "python": ("steps.py", textwrap.dedent('''\
        def produce(self):
            print('{"type": "done"}')  # user output that looks like protocol must stay on stdout
            self.x = 3
            self.label = "\\u00e9t\\u00e9"
            self.values = [1.5, 2.5]

        def consume(self):
            self.y = self.x * 2
            self.total = sum(self.values)

        def fails(self):
            raise ValueError("boom in fails")

        def fan(self):
            self.items = ["a", "b", "c"]

        def join_step(self, inputs):
            self.seen = [i.x for i in inputs]
        ''')),
    "r": ("steps.R", textwrap.dedent('''\
        produce <- function(self) {
          cat('{"type": "done"}\\n')  # user output that looks like protocol must stay on stdout
          self$x <- 3L
          self$label <- "\\u00e9t\\u00e9"
          self$values <- c(1.5, 2.5)
        }
        consume <- function(self) {
          self$y <- self$x * 2L
          self$total <- sum(self$values)
        }
        fails <- function(self) stop("boom in fails")
        fan <- function(self) self$items <- c("a", "b", "c")
        join_step <- function(self, inputs) self$seen <- vapply(inputs, function(i) i$x, integer(1))
        ''')),
}


def _worker_command(language):
    if language == "python":
        return [sys.executable, "-u", "-m", "braid._worker"]
    rscript = shutil.which("Rscript")
    if not rscript:
        pytest.skip("Rscript is not installed")
    return [rscript, "--vanilla", "-e", "braid:::worker_main()"]


class Worker:
    """A real worker on fds 3 (to it) and 4 (from it), its stdout and stderr captured: spawned,
    or forked by the language's fork server (which loaded the steps file first)."""

    def __init__(self, language, tmp_path, forked=False):
        self.language = language
        self.dir = tmp_path
        name, text = STEPS[language]
        self.file = str(tmp_path / name)
        with open(self.file, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.server = None
        if forked:
            self._fork(tmp_path)
            return
        to_worker_r, self._to_worker = os.pipe()
        self._from_worker, from_worker_w = os.pipe()
        # Above 10 first, so that placing them on 3 and 4 in the child cannot clobber one with the other.
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_worker_r, from_worker_w)]
        for fd in (to_worker_r, from_worker_w):
            os.close(fd)
        to_worker_r, from_worker_w = high

        def wire():
            os.dup2(to_worker_r, 3)
            os.dup2(from_worker_w, 4)
        env = dict(os.environ, BRAID_WORKER="1", BRAID_PROTOCOL_FDS="3,4", BRAID_HOME=str(tmp_path / "home"))
        self.process = subprocess.Popen(_worker_command(language), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=env, cwd=tmp_path, preexec_fn=wire,
                                        pass_fds=(3, 4))
        os.close(to_worker_r)
        os.close(from_worker_w)
        self.lines = os.fdopen(self._from_worker, "rb")
        self.tasks = 0

    def _fork(self, tmp_path):
        _worker_command(self.language)  # skips without Rscript
        env = dict(os.environ, BRAID_WORKER="1", BRAID_PROTOCOL_FDS="3,4", BRAID_HOME=str(tmp_path / "home"))
        self.server = ForkServer(self.language, env, tmp_path, preload=self.file)
        answer, ends = self.server.fork(env)
        assert "pid" in answer, answer
        self.process = ForkedProcess(answer["pid"], ends["stdout"], ends["stderr"])
        self._to_worker, self._from_worker = ends["to"], ends["from"]
        self.lines = os.fdopen(self._from_worker, "rb")
        self.tasks = 0

    def send(self, message):
        os.write(self._to_worker, (json.dumps(message) + "\n").encode())

    def receive(self):
        line = self.lines.readline()
        assert line, f"the {self.language} worker closed fd 4; stderr:\n{self.finish()[1]}"
        assert line.endswith(b"\n")
        message = json.loads(line)
        assert isinstance(message, dict) and "type" in message
        return message

    def run(self, function, *, step=None, artifacts=None, inputs=None, next_steps=("end",), foreach=None):
        """Sends one task and returns every line up to its done or error."""
        self.tasks += 1
        spool = self.dir / f"spool-{self.tasks}"
        spool.mkdir()
        step = step or function
        self.send({"type": "task", "flow": "ConformanceFlow", "run_id": "1", "step": step, "task_id": str(self.tasks),
                   "attempt": 0, "pathspec": f"ConformanceFlow/1/{step}/{self.tasks}", "file": self.file,
                   "function": function, "join": inputs is not None, "parameters": {}, "artifacts": artifacts or {},
                   "foreach": None, "inputs": inputs, "next": {"steps": list(next_steps), "foreach": foreach},
                   "spool": str(spool), "username": "tester", "retry_count": 0})
        messages = []
        while not messages or messages[-1]["type"] not in ("done", "error"):
            messages.append(self.receive())
        return messages

    def finish(self):
        os.close(self._to_worker)
        out, err = self.process.communicate(timeout=60)
        return out.decode(), err.decode()


@pytest.fixture(params=["python", "r", "python-forked", "r-forked"])
def worker(request, tmp_path):
    language, _, forked = request.param.partition("-")
    w = Worker(language, tmp_path, forked=bool(forked))
    yield w
    if w.process.poll() is None:
        w.process.kill()
        w.process.wait(60)
    if w.server:
        assert w.server.close()[0] == 0, "the fork server exits 0 when the engine closes its socket"


def _artifacts(messages):
    return {m["name"]: m for m in messages if m["type"] == "artifact"}


def _value(message):
    """The artifact's value as the Python client reads it (any kind, either language's writing)."""
    value = read_artifact(message["path"], message["name"])
    return list(value) if hasattr(value, "__len__") and not isinstance(value, str) else value


def test_hello_comes_first_and_names_protocol_1(worker):
    worker.send({"type": "shutdown"})
    hello = worker.receive()
    assert hello["type"] == "hello" and hello["protocol"] == 1
    assert hello["language"] == worker.language and hello["pid"] == worker.process.pid
    assert hello["language_version"]
    assert worker.process.wait(60) == 0, "shutdown ends the worker with status 0"


def test_a_step_reports_each_artifact_then_next_then_done(worker):
    assert worker.receive()["type"] == "hello"
    messages = worker.run("produce", next_steps=["consume"])
    assert [m["type"] for m in messages] == ["artifact"] * 3 + ["next", "done"]
    artifacts = _artifacts(messages)
    assert set(artifacts) == {"x", "label", "values"}
    for message in artifacts.values():
        assert message["language"] == worker.language and message["kind"] and message["type_name"]
        assert message["path"].startswith(str(worker.dir / "spool-1") + "/") and os.path.isfile(message["path"])
    assert _value(artifacts["x"]) == 3
    assert _value(artifacts["label"]) == "\u00e9t\u00e9"
    assert _value(artifacts["values"]) == [1.5, 2.5]
    transition = messages[-2]
    assert transition["steps"] == ["consume"]
    assert transition.get("foreach") is None and transition.get("foreach_count") is None
    out, _ = worker.finish()
    assert '{"type": "done"}' in out, "what the step printed went to stdout, not the protocol"


def test_inputs_are_read_from_the_artifact_files_the_engine_names(worker):
    assert worker.receive()["type"] == "hello"
    produced = _artifacts(worker.run("produce", next_steps=["consume"]))
    references = {name: {"path": m["path"], "kind": m["kind"], "language": m["language"]} for name, m in produced.items()}
    messages = worker.run("consume", artifacts=references)
    assert messages[-1]["type"] == "done"
    artifacts = _artifacts(messages)
    assert _value(artifacts["y"]) == 6 and _value(artifacts["total"]) == 4.0
    worker.finish()
    assert worker.process.returncode == 0, "end of input on fd 3 between tasks ends the worker with status 0"


def test_a_foreach_step_counts_its_items(worker):
    assert worker.receive()["type"] == "hello"
    messages = worker.run("fan", next_steps=["work"], foreach="items")
    transition = next(m for m in messages if m["type"] == "next")
    assert transition["steps"] == ["work"] and transition["foreach"] == "items" and transition["foreach_count"] == 3


def test_a_join_gets_its_inputs_in_order(worker):
    assert worker.receive()["type"] == "hello"
    refs = []
    for _ in range(2):
        produced = _artifacts(worker.run("produce", next_steps=["join"]))
        refs.append({name: {"path": m["path"], "kind": m["kind"], "language": m["language"]} for name, m in produced.items()})
    inputs = [{"step": "produce", "task_id": str(i + 1), "pathspec": f"ConformanceFlow/1/produce/{i + 1}", "index": i,
               "artifacts": refs[i]} for i in range(2)]
    messages = worker.run("join_step", step="join", inputs=inputs)
    assert messages[-1]["type"] == "done", messages
    assert _value(_artifacts(messages)["seen"]) == [3, 3]


def test_a_step_that_raises_reports_an_error_and_nothing_else(worker):
    assert worker.receive()["type"] == "hello"
    messages = worker.run("fails")
    assert [m["type"] for m in messages] == ["error"], "a failed step stores nothing and takes no transition"
    error = messages[0]
    assert error["phase"] == "step" and "boom in fails" in error["message"]
    assert error["error_type"] and "steps." in error["traceback"], "the traceback names the step's file"


def test_a_missing_function_fails_in_the_load_phase(worker):
    assert worker.receive()["type"] == "hello"
    error = worker.run("no_such_function")[-1]
    assert error["type"] == "error" and error["phase"] == "load"
    assert "no_such_function" in error["message"] and os.path.basename(worker.file) in error["message"]


def test_one_worker_runs_tasks_one_after_another_and_exits_0_at_end_of_input(worker):
    assert worker.receive()["type"] == "hello"
    assert worker.run("produce", next_steps=["consume"])[-1]["type"] == "done"
    assert worker.run("fails")[-1]["type"] == "error"
    assert worker.run("produce", next_steps=["consume"])[-1]["type"] == "done", "a failed task leaves the worker usable"
    worker.finish()
    assert worker.process.returncode == 0
