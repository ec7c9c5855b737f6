"""The R fork server (braid:::fork_server_main) driven as the engine drives it (forkservers.py):
what a forked R worker finds (the preloaded flow file, its own state, seed, tempdir and
environment) and how the server answers bad requests."""
import json
import os
import shutil
import socket
import subprocess
import textwrap

import pytest

from braid._artifacts import read_artifact
from forkservers import ForkServer

RSCRIPT = shutil.which("Rscript")
pytestmark = pytest.mark.skipif(RSCRIPT is None, reason="Rscript is not installed")

STEPS = textwrap.dedent("""\
    library(braid)
    LOADED_IN <- Sys.getpid()
    SERVER_TMP <- tempdir()
    SEEN <- 0
    cat("the flow file loads\\n")

    touch <- function(self) {
      SEEN <<- SEEN + 1 # the file's state: a second task must not see the first one's
      self$seen <- SEEN
      self$global_before <- exists("ASSIGNED_BY_A_TASK", envir = globalenv())
      assign("ASSIGNED_BY_A_TASK", TRUE, envir = globalenv())
      self$loaded_in_worker <- LOADED_IN == Sys.getpid()
      self$number <- runif(1)
      self$task_var <- Sys.getenv("TASK_VAR")
      self$tmp <- tempdir()
      self$server_tmp_exists <- dir.exists(SERVER_TMP)
      self$r_home <- Sys.getenv("R_HOME")
      cat("cat to stdout\\n")
      print(c(7, 8, 9))
      message("message to stderr")
      warning("a warning")
    }
    """)

SEEDED = "set.seed(42)\ntouch <- function(self) self$number <- runif(1)\n"


def worker_env(tmp_path, **extra):
    return dict(os.environ, BRAID_WORKER="1", BRAID_PROTOCOL_FDS="3,4", BRAID_HOME=str(tmp_path / "home"), **extra)


class Server(ForkServer):
    def __init__(self, tmp_path, steps=STEPS, preload=True):
        self.dir = tmp_path
        self.file = tmp_path / "steps.R"
        self.file.write_text(steps)
        super().__init__("r", worker_env(tmp_path), tmp_path, preload=self.file if preload else None)
        self.tasks = 0

    def run(self, env):
        """Forks a worker, runs one `touch` task in it and lets it exit: (pid, lines, values, stdout, stderr, status)."""
        answer, ends = self.fork(env)
        assert "pid" in answer, answer
        assert os.getpgid(answer["pid"]) == answer["pid"], "each worker leads its own process group"
        self.tasks += 1
        spool = self.dir / f"spool-{self.tasks}"
        spool.mkdir()
        task = {"type": "task", "flow": "F", "run_id": "1", "step": "touch", "task_id": str(self.tasks), "attempt": 0,
                "pathspec": f"F/1/touch/{self.tasks}", "file": str(self.file), "function": "touch", "join": False,
                "parameters": {}, "artifacts": {}, "foreach": None, "inputs": None,
                "next": {"steps": ["end"], "foreach": None}, "spool": str(spool), "username": "u", "retry_count": 0}
        os.write(ends["to"], (json.dumps(task) + "\n").encode())
        lines = []
        with os.fdopen(ends["from"], "rb") as from_worker:
            while not lines or lines[-1]["type"] not in ("done", "error"):
                line = from_worker.readline()
                assert line, "the worker closed fd 4"
                lines.append(json.loads(line))
        os.close(ends["to"])  # between tasks: the worker exits 0
        with os.fdopen(ends["stdout"]) as out, os.fdopen(ends["stderr"]) as err:
            stdout, stderr = out.read(), err.read()
        _, status = os.waitpid(answer["pid"], 0)  # the worker is this process's child
        values = {m["name"]: read_artifact(m["path"], m["name"]) for m in lines if m["type"] == "artifact"}
        return answer["pid"], lines, values, stdout, stderr, os.waitstatus_to_exitcode(status)


def test_forked_workers_are_isolated_children_of_the_engine(tmp_path):
    server = Server(tmp_path)
    results = []
    for _ in range(2):
        pid, lines, values, stdout, stderr, status = server.run(worker_env(tmp_path))
        assert lines[0]["type"] == "hello" and lines[0]["pid"] == pid
        assert lines[-1] == {"type": "done"}, (lines, stderr)
        assert status == 0, stderr
        assert "cat to stdout" in stdout and "[1] 7 8 9" in stdout
        assert "message to stderr" in stderr and "a warning" in stderr
        assert "the flow file loads" not in stdout + stderr, "the flow file was loaded in the server"
        results.append(values)
    assert [r["seen"] for r in results] == [1, 1], "the flow file's state does not pass from one task to the next"
    assert [r["global_before"] for r in results] == [False, False], "globals do not pass either"
    assert not any(r["loaded_in_worker"] for r in results), "the flow file was sourced once, in the server"
    assert results[0]["number"] != results[1]["number"], "each worker seeds its own random stream"
    assert results[0]["tmp"] != results[1]["tmp"], "each worker has its own tempdir()"
    assert results[0]["r_home"], "R's own variables are kept"
    assert not os.path.exists(results[0]["tmp"]), "a worker removes its tempdir() when it exits"
    assert results[1]["server_tmp_exists"], "and leaves the server's alone"
    status, output = server.close()
    assert status == 0, output
    assert "the flow file loads" in output, "what the file prints while it is preloaded goes to the server's output"


def test_a_task_with_its_own_environment_sources_the_flow_file_afresh(tmp_path):
    server = Server(tmp_path)
    _, lines, values, stdout, _, _ = server.run(worker_env(tmp_path, TASK_VAR="from @environment"))
    assert lines[-1] == {"type": "done"}, lines
    assert values["task_var"] == "from @environment"
    assert values["loaded_in_worker"], "top-level code ran with the task's environment"
    assert "the flow file loads" in stdout
    assert server.close()[0] == 0


def test_a_file_that_seeds_the_generator_is_sourced_by_each_worker(tmp_path):
    """set.seed(42) at the top of the file: every spawned worker starts from that seed, and so does every forked one."""
    server = Server(tmp_path, steps=SEEDED)
    numbers = [server.run(worker_env(tmp_path))[2]["number"] for _ in range(2)]
    assert server.close()[0] == 0
    spawned = subprocess.run([RSCRIPT, "--vanilla", "-e", "set.seed(42); cat(format(runif(1), digits = 17))"],
                             capture_output=True, text=True, check=True).stdout
    assert numbers == [pytest.approx(float(spawned), abs=0, rel=1e-15)] * 2


def test_a_bad_request_is_answered_with_an_error_and_the_server_goes_on(tmp_path):
    server = Server(tmp_path, preload=False)
    read, write = os.pipe()
    socket.send_fds(server.engine, [b'{"env": {}}'], [write])
    os.close(write)
    os.close(read)
    assert "expected 4 descriptors, got 1" in json.loads(server.engine.recv(4096))["error"]
    answer, ends = server.fork({"not": "a string", "X": 1})
    for fd in ends.values():
        os.close(fd)
    assert "the value of X in \"env\" is not a string" in answer["error"]
    _, lines, values, _, _, status = server.run(worker_env(tmp_path))
    assert lines[-1] == {"type": "done"} and values["seen"] == 1 and status == 0
    assert server.close()[0] == 0


def test_without_the_engines_socket_it_explains_itself():
    result = subprocess.run([RSCRIPT, "--vanilla", "-e", "braid:::fork_server_main()"], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "fd 3 is not the engine's socket" in result.stderr
