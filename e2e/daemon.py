"""A real `braid daemon` on a test's store, and ways to watch the store it serves.

The service logs to stderr: each `Daemon` writes it to a file (`log()` reads
it back). Everything it starts inherits a marker variable
(processes.marked_processes), so a test leaves no engine behind. Waiting is
always by polling with a deadline: the store read-only with sqlite3, or the
CLI (`braid runs --all`, `braid api get`).
"""
import json
import os
import signal
import sqlite3
import subprocess
import time

import pytest

from processes import marked_processes, new_marker


class Timeout(AssertionError):
    pass


def wait_for(predicate, timeout, what, interval=0.05, diagnose=None):
    """Polls predicate() until it is true; fails naming `what` (and diagnose()'s text) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            extra = f"\n{diagnose()}" if diagnose else ""
            raise Timeout(f"timed out after {timeout} s waiting for {what}{extra}")
        time.sleep(interval)


def query(braid, sql, *args):
    """Rows of a read-only query on the store's SQLite file (no write, no lock held past the call)."""
    path = braid.home / "braid.db"
    if not path.exists():
        return []
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def scalar(braid, sql, *args):
    rows = query(braid, sql, *args)
    return rows[0][0] if rows else None


def runs(braid, flow):
    """(id, status) of the flow's runs, oldest first."""
    return query(braid, "SELECT id, status FROM runs WHERE flow = ? ORDER BY id", flow)


def statuses(braid, flow):
    return [status for _, status in runs(braid, flow)]


def publish(braid, name, payload=None):
    """`braid event publish NAME --payload JSON`; returns the event id it printed."""
    result = braid.cli("event", "publish", name, "--payload", json.dumps(payload or {}))
    return int(result.stdout.strip())


def api(braid, pathspec):
    return json.loads(braid.cli("api", "get", pathspec, "--all").stdout)


def run_data(braid, pathspec):
    """The run's end-task artifacts through the Python client, as JSON."""
    result = braid.python(
        "import json\n"
        "from braid import Run, namespace\n"
        "namespace(None)\n"
        f"run = Run({pathspec!r})\n"
        "print(json.dumps({name: getattr(run.data, name) for name in run.end_task.artifacts}))\n")
    return json.loads(result.stdout)


class Daemon:
    """One `braid daemon` process on the test's store."""

    def __init__(self, braid, *args, name="daemon", marker=None):
        self.braid = braid
        self.args = list(args)
        self.marker = marker or new_marker()
        self.log_path = braid.workdir.parent / f"{name}.log"
        self.process = None

    def start(self, wait_serving=True):
        self._log = open(self.log_path, "ab")
        env = dict(self.braid.env, BRAID_E2E_MARK=self.marker)
        self.process = subprocess.Popen([self.braid.binary, "daemon", *self.args], cwd=self.braid.workdir, env=env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log)
        if wait_serving:
            self.wait_log("braid daemon: serving ", timeout=20)
        return self

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_log(self, text, timeout=30, count=1):
        """Waits until the log holds `text` `count` times; fails early if the service ended."""
        def seen():
            if self.log().count(text) >= count:
                return True
            if self.process.poll() is not None:
                raise AssertionError(f"braid daemon exited {self.process.returncode} before logging {text!r}:\n{self.log()}")
            return False
        wait_for(seen, timeout, f"{text!r} in the daemon log", diagnose=self.log)

    def wait_exit(self, timeout=20):
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self._log.close()

    def terminate(self, timeout=20):
        """SIGTERM; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.wait_exit(timeout)

    def kill(self):
        """SIGKILL, as a crash: nothing of the service runs after it."""
        if self.process.poll() is None:
            self.process.kill()
        return self.wait_exit(10)

    @property
    def pid(self):
        return self.process.pid

    def cleanup(self):
        """Stops the service if it still runs, then every process it started (engines, workers)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.wait_exit(10)
        for _ in range(3):
            pids = marked_processes(self.marker)
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.2)


@pytest.fixture
def daemons(braid):
    """daemons() starts a `braid daemon` on the test's store (arguments as on the command line); every one, and
    everything each started, is stopped when the test ends."""
    started = []

    def start(*args, name=None, wait_serving=True):
        daemon = Daemon(braid, *args, name=name or f"daemon-{len(started) + 1}")
        started.append(daemon)
        return daemon.start(wait_serving=wait_serving)

    yield start
    for daemon in started:
        daemon.cleanup()
