"""End-to-end fixtures: the real `braid` binary, the real interpreter, a fresh
store per test."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FLOWS = HERE / "flows"
REPO = HERE.parent


def _engine_binary():
    candidate = os.environ.get("BRAID_BIN") or shutil.which("braid")
    if not candidate:
        release = REPO / ".build" / "release" / "braid"
        candidate = str(release) if release.exists() else None
    if not candidate:
        pytest.exit("no braid binary: run `make install` or set BRAID_BIN", returncode=2)
    return candidate


class Braid:
    """Runs flows and engine commands against one temporary store."""

    def __init__(self, home: Path, workdir: Path):
        self.home = home
        self.workdir = workdir
        self.binary = _engine_binary()
        self.env = dict(os.environ, BRAID_HOME=str(home), BRAID_BIN=self.binary, PYTHONUNBUFFERED="1")

    def flow(self, name: str, *args: str, timeout: float = 120, check: bool = False):
        """Copies flows/NAME into the work directory and runs `python NAME ARGS`."""
        source = FLOWS / name
        target = self.workdir / name
        shutil.copy(source, target)
        for extra in FLOWS.glob(Path(name).stem + "_*"):
            shutil.copy(extra, self.workdir / extra.name)
        return self._run([sys.executable, str(target), *args], timeout, check)

    def cli(self, *args: str, timeout: float = 60, check: bool = True):
        return self._run([self.binary, *args], timeout, check)

    def python(self, code: str, check: bool = True):
        """Runs Python code in a fresh interpreter against this store (the client API)."""
        return self._run([sys.executable, "-c", code], 60, check)

    def _run(self, command, timeout, check):
        result = subprocess.run(command, cwd=self.workdir, env=self.env, capture_output=True, text=True,
                                timeout=timeout, stdin=subprocess.DEVNULL)
        if check and result.returncode != 0:
            raise AssertionError(f"{command} exited {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")
        return result


@pytest.fixture
def braid(tmp_path):
    home = tmp_path / "home"
    work = tmp_path / "work"
    work.mkdir()
    return Braid(home, work)
