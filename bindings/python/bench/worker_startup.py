"""How fast a Python worker is ready: prints medians over N runs (default 20).

    python bench/worker_startup.py [N]

- bare interpreter: ``python -c pass`` (the floor: what any worker pays)
- import braid: ``python -c "import braid._worker"``
- time to hello: spawn ``python -u -m braid._worker`` as the engine does (pipes on fds 3 and 4) until its
  ``hello`` line arrives
- first task: hello, then one trivial task of a small flow until ``done`` (loads the flow file, runs the
  step, writes one scalar artifact)
- next task, reused worker: the same task again in the same worker (the flow file is already loaded)
"""

from __future__ import annotations

import fcntl
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
PYTHON = sys.executable
FLOW = '''from braid import FlowSpec, step


class BenchFlow(FlowSpec):
    @step
    def start(self):
        self.x = 1
        self.next(self.end)

    @step
    def end(self):
        pass


BenchFlow()
'''


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(SRC), BRAID_WORKER="1", BRAID_PROTOCOL_FDS="3,4")


def _high(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 20)
    os.close(fd)
    return moved


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=_env())
    return time.perf_counter() - started


def _read_line(fd: int) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 65536)
        if not chunk:
            raise RuntimeError("worker closed fd 4")
        data += chunk
    return data


def _worker(task: dict | None, again: int = 0) -> tuple[float, float | None, list[float]]:
    to_read, to_write = (_high(fd) for fd in os.pipe())
    from_read, from_write = (_high(fd) for fd in os.pipe())

    def wire() -> None:
        os.dup2(to_read, 3)
        os.dup2(from_write, 4)

    started = time.perf_counter()
    process = subprocess.Popen([PYTHON, "-u", "-m", "braid._worker"], close_fds=False, preexec_fn=wire,
                               env=_env(), stdin=subprocess.DEVNULL)
    os.close(to_read)
    os.close(from_write)
    _read_line(from_read)
    hello = time.perf_counter() - started
    done, repeats = None, []
    if task is not None:
        _run(task, to_write, from_read)
        done = time.perf_counter() - started
        for _ in range(again):
            begun = time.perf_counter()
            _run(task, to_write, from_read)
            repeats.append(time.perf_counter() - begun)
    os.close(to_write)
    process.wait()
    os.close(from_read)
    return hello, done, repeats


def _run(task: dict, to_write: int, from_read: int) -> None:
    os.write(to_write, (json.dumps(task) + "\n").encode())
    while True:
        lines = _read_line(from_read).splitlines()
        if json.loads(lines[-1])["type"] in ("done", "error"):
            return


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as directory:
        flow = Path(directory) / "bench_flow.py"
        flow.write_text(FLOW)
        task = {"type": "task", "flow": "BenchFlow", "run_id": "1", "step": "start", "task_id": "1", "attempt": 0,
                "file": str(flow), "function": "start", "join": False, "parameters": {}, "artifacts": {},
                "foreach": None, "inputs": None, "spool": directory, "username": "bench", "retry_count": 0}
        results = {
            "bare interpreter": [_timed([PYTHON, "-c", "pass"]) for _ in range(runs)],
            "import braid._worker": [_timed([PYTHON, "-c", "import braid._worker"]) for _ in range(runs)],
        }
        workers = [_worker(task) for _ in range(runs)]
        results["time to hello"] = [hello for hello, _, _ in workers]
        results["hello + first task done"] = [done for _, done, _ in workers]
        results["next task, reused worker"] = _worker(task, again=runs)[2]
    print(f"python {sys.version.split()[0]}, {runs} runs, medians:")
    for name, times in results.items():
        print(f"  {name:26s} {statistics.median(times) * 1000:6.1f} ms   (best {min(times) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
