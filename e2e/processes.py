"""Finding the processes of one run: every process the engine starts inherits
its environment, so a marker variable set for the run tags them all
(engine, watchdog, workers, and whatever a step starts)."""
import os
import subprocess
import sys
import time
import uuid


def new_marker():
    return f"braid-e2e-{uuid.uuid4().hex}"


def marked_processes(marker):
    """Pids (other than this process) whose environment holds BRAID_E2E_MARK=marker."""
    needle = f"BRAID_E2E_MARK={marker}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as handle:
                if needle in handle.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            continue  # gone, or not ours to read
    return found


def wait_until(predicate, timeout, interval=0.1):
    """Polls until predicate() is true; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def start_flow(braid, name, *args, marker, extra_env=None):
    """Starts `python NAME ARGS` without waiting; the process becomes the engine (the client execs it)."""
    import shutil
    from pathlib import Path

    shutil.copy(Path(__file__).parent / "flows" / name, braid.workdir / name)
    env = dict(braid.env, BRAID_E2E_MARK=marker, **(extra_env or {}))
    return subprocess.Popen([sys.executable, name, *args], cwd=braid.workdir, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
