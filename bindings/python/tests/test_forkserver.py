"""The fork server (braid._forkserver) driven as the engine drives it: a SOCK_SEQPACKET socket
on its fd 3, one request per worker with the worker's four pipe ends attached."""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import pathlib
import socket
import subprocess
import textwrap
import time

import pytest

from conftest import PYTHON, subprocess_env

STEPS = textwrap.dedent("""\
    import os
    import random

    import numpy

    LOADED_IN = os.getpid()
    SEEN = []

    def touch(self):
        SEEN.append(1)  # module state: a second task must not see the first one's
        self.seen = len(SEEN)
        self.loaded_in_worker = LOADED_IN == os.getpid()
        self.numbers = [random.random(), float(numpy.random.random())]
        self.task_var = os.environ.get("TASK_VAR")
    """)


@pytest.fixture(scope="module", autouse=True)
def subreaper():
    """Workers are forked twice and re-parented to the nearest subreaper: this test process, as the engine."""
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER


#: What the engine gives the server and, for a step without @environment, every worker.
WORKER_ENV = dict(subprocess_env(), BRAID_WORKER="1", BRAID_PROTOCOL_FDS="3,4")


class Server:
    def __init__(self, tmp_path, preload=True):
        self.dir = tmp_path
        self.file = tmp_path / "steps.py"
        self.file.write_text(STEPS)
        self.engine, server_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        fd = fcntl.fcntl(server_end.fileno(), fcntl.F_DUPFD, 10)  # placed on 3 in the child
        server_end.close()
        self.process = subprocess.Popen(
            [PYTHON, "-u", "-m", "braid._forkserver", *([str(self.file)] if preload else [])],
            env=WORKER_ENV, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            pass_fds=(3,), preexec_fn=lambda: os.dup2(fd, 3))
        os.close(fd)

    def fork(self, env):
        """Asks for a worker; returns its pid, and the engine's ends of its protocol pipes."""
        ends = [os.pipe() for _ in range(4)]  # stdout, stderr, engine -> worker, worker -> engine
        child = [ends[0][1], ends[1][1], ends[2][0], ends[3][1]]
        socket.send_fds(self.engine, [json.dumps({"env": env}).encode()], child)
        for fd in child:
            os.close(fd)
        answer = json.loads(self.engine.recv(4096))
        return answer, {"stdout": ends[0][0], "stderr": ends[1][0], "to": ends[2][1], "from": ends[3][0]}

    def close(self):
        self.engine.close()
        status = self.process.wait(30)
        self.process.stdout.close()
        self.process.stderr.close()
        return status


def _run_task(ends, tmp_path, file, name):
    spool = tmp_path / name
    spool.mkdir()
    task = {"type": "task", "flow": "F", "run_id": "1", "step": "touch", "task_id": name, "attempt": 0,
            "pathspec": f"F/1/touch/{name}", "file": str(file), "function": "touch", "join": False,
            "parameters": {}, "artifacts": {}, "foreach": None, "inputs": None,
            "next": {"steps": ["end"], "foreach": None}, "spool": str(spool), "username": "u", "retry_count": 0}
    os.write(ends["to"], (json.dumps(task) + "\n").encode())
    lines = []
    with os.fdopen(ends["from"], "rb") as lines_from_worker:
        while not lines or lines[-1]["type"] not in ("done", "error"):
            lines.append(json.loads(lines_from_worker.readline()))
    os.close(ends["to"])  # between tasks: the worker exits 0
    os.close(ends["stdout"])
    os.close(ends["stderr"])
    from braid._artifacts import read_artifact

    values = {m["name"]: read_artifact(m["path"], m["name"]) for m in lines if m["type"] == "artifact"}
    return lines, values


def test_forked_workers_are_isolated_children_of_the_engine(tmp_path):
    server = Server(tmp_path)
    results = []
    for name in ("1", "2"):
        answer, ends = server.fork(WORKER_ENV)
        pid = answer["pid"]
        assert os.getpgid(pid) == pid, "each worker leads its own process group"
        lines, values = _run_task(ends, tmp_path, server.file, name)
        assert [m["type"] for m in lines][0] == "hello" and lines[0]["pid"] == pid
        assert lines[-1] == {"type": "done"}, lines
        _, status = os.waitpid(pid, 0)  # the worker is this process's child: its status is ours to read
        assert os.waitstatus_to_exitcode(status) == 0
        results.append(values)
    assert [r["seen"] for r in results] == [1, 1], "module state does not pass from one task to the next"
    assert all(not r["loaded_in_worker"] for r in results), "the flow file was loaded once, in the server"
    assert results[0]["numbers"][0] != results[1]["numbers"][0], "random streams differ"
    assert results[0]["numbers"][1] != results[1]["numbers"][1], "numpy's global generator is reseeded"
    assert server.close() == 0


def test_a_task_with_its_own_environment_loads_the_flow_file_afresh(tmp_path):
    server = Server(tmp_path)
    answer, ends = server.fork(dict(WORKER_ENV, TASK_VAR="from @environment"))
    _, values = _run_task(ends, tmp_path, server.file, "1")
    os.waitpid(answer["pid"], 0)
    assert values["task_var"] == "from @environment"
    assert values["loaded_in_worker"], "module-level code ran with the task's environment"
    assert server.close() == 0


def test_a_bad_request_is_answered_with_an_error_and_the_server_goes_on(tmp_path):
    server = Server(tmp_path, preload=False)
    read, write = os.pipe()
    socket.send_fds(server.engine, [b'{"env": {}}'], [write])
    os.close(write)
    os.close(read)
    answer = json.loads(server.engine.recv(4096))
    assert "expected 4 descriptors, got 1" in answer["error"]
    answer, ends = server.fork(WORKER_ENV)
    lines, values = _run_task(ends, tmp_path, server.file, "1")
    os.waitpid(answer["pid"], 0)
    assert values["seen"] == 1
    assert server.close() == 0


def test_without_the_engines_socket_it_explains_itself():
    result = subprocess.run([PYTHON, "-m", "braid._forkserver"], env=subprocess_env(), capture_output=True, text=True,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "fd 3 is not the engine's socket" in result.stderr


def test_heavy_modules_the_flow_names_are_imported_while_the_server_waits(tmp_path):
    server = Server(tmp_path)  # the steps file imports numpy at the top and names nothing else
    (tmp_path / "frames.py").write_text("def make(self):\n    import pandas as pd\n    self.n = len(pd.DataFrame({'a': [1]}))\n")
    from braid import _forkserver

    assert _forkserver._modules_to_warm(str(tmp_path / "frames.py")) == [
        name for name in ("numpy", "pyarrow", "pandas") if name not in __import__("sys").modules]
    assert _forkserver._modules_to_warm(str(tmp_path / "missing.py")) == []
    server.close()


def test_a_server_for_another_languages_flow_warms_what_tables_need(tmp_path):
    """No flow file: the server runs the Python steps of an R flow, which receive tables as Arrow files."""
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from braid import _forkserver

    assert _forkserver._table_modules() == [
        name for name in ("numpy", "pyarrow", "pandas") if name not in __import__("sys").modules]
    server = Server(tmp_path, preload=False)
    maps = pathlib.Path(f"/proc/{server.process.pid}/maps")
    deadline = time.monotonic() + 60
    while "pandas/_libs" not in maps.read_text():  # imported while no request waits
        assert time.monotonic() < deadline, "the server never imported pandas"
        time.sleep(0.05)
    step_file = tmp_path / "py_step.py"
    step_file.write_text("import sys\nWARM = 'pandas' in sys.modules and 'pyarrow' in sys.modules\n\n"
                         "def touch(self):\n    self.warm = WARM\n")
    answer, ends = server.fork(WORKER_ENV)
    assert "pid" in answer, answer
    lines, values = _run_task(ends, tmp_path, step_file, "t1")
    assert lines[-1]["type"] == "done", lines
    assert values["warm"] is True
    assert server.close() == 0
