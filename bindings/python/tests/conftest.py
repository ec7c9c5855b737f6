"""Shared fixtures: loading example flows, a fake engine, a temporary BRAID_HOME, subprocess helpers."""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
FLOWS = HERE / "flows"
EXPECTED = HERE / "expected"
SRC = HERE.parent / "src"
PYTHON = sys.executable

_module_numbers = itertools.count()


def subprocess_env(**extra: str) -> dict[str, str]:
    """This environment, with the package under test importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("BRAID_WORKER", None)
    env.update(extra)
    return env


@pytest.fixture(autouse=True)
def braid_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh store for every test."""
    home = tmp_path / "braid-home"
    monkeypatch.setenv("BRAID_HOME", str(home))
    return home


@pytest.fixture
def load_flow(monkeypatch: pytest.MonkeyPatch):
    """Imports a flow file (as a worker would, so ``MyFlow()`` at module level returns) and returns its class."""
    from braid import FlowSpec

    monkeypatch.setenv("BRAID_WORKER", "1")

    def load(path: str | Path) -> type:
        path = Path(path) if Path(path).is_absolute() else FLOWS / path
        name = f"braid_test_flow_{next(_module_numbers)}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        classes = [value for value in vars(module).values() if isinstance(value, type)
                   and issubclass(value, FlowSpec) and value.__module__ == name]
        assert len(classes) == 1, f"{path} should define one flow class"
        return classes[0]

    return load


def expected_spec(name: str) -> dict[str, Any]:
    """An expected spec from tests/expected, with ``{flows}`` and ``{python}`` filled in."""
    from braid._spec import python_interpreter

    text = (EXPECTED / f"{name}.json").read_text()
    text = text.replace("{flows}", str(FLOWS)).replace("{python}", python_interpreter())
    return json.loads(text)


class FakeEngine:
    """A ``braid`` executable that records how it was called (argv, pid, the spec it read) and exits."""

    def __init__(self, directory: Path):
        self.path = directory / "braid"
        self.log_path = directory / "engine-log.json"
        self.path.write_text(textwrap.dedent(f"""\
            #!{PYTHON}
            import json, os, sys
            args = sys.argv[1:]
            spec_arg = args[args.index("--spec") + 1] if "--spec" in args else None
            if spec_arg == "-":
                spec = sys.stdin.read()
            elif spec_arg:
                with open(spec_arg) as handle:
                    spec = handle.read()
            else:
                spec = None
            with open({str(self.log_path)!r}, "w") as log:
                json.dump({{"argv": sys.argv, "pid": os.getpid(), "spec": spec, "spec_arg": spec_arg,
                           "pythonpath": os.environ.get("PYTHONPATH", "")}}, log)
            print("fake engine:", " ".join(args[:2]))
            sys.exit(int(os.environ.get("FAKE_ENGINE_STATUS", "0")))
            """))
        self.path.chmod(0o755)

    def log(self) -> dict[str, Any]:
        return json.loads(self.log_path.read_text())

    @property
    def ran(self) -> bool:
        return self.log_path.exists()


@pytest.fixture
def fake_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    directory = tmp_path / "engine"
    directory.mkdir()
    engine = FakeEngine(directory)
    monkeypatch.setenv("BRAID_BIN", str(engine.path))
    return engine


def run_flow_file(path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Runs ``python FLOW ARGS`` as a user would; returns the finished process (text output)."""
    return subprocess.run([PYTHON, str(path), *args], capture_output=True, text=True, timeout=60,
                          env=env or subprocess_env(), stdin=subprocess.DEVNULL)
