"""The two tools being compared, each run from a temporary folder of its own.

Braid: the flow file run with the interpreter that has the ``braid`` package
(the installed one, or ``bindings/python/src`` with ``--source``), the engine
from ``BRAID_BIN`` or ``PATH``, a fresh ``BRAID_HOME``.

Metaflow: the flow file run with ``bench/.venv``'s interpreter, purely local:
local datastore and metadata under the temporary folder, ``HOME`` and
``USERNAME`` pointed there too, so nothing is read from or written to the
user's own config and nothing reaches the network.
"""
import os
import shutil
import sqlite3
import subprocess
import tempfile

from measure import run

HERE = os.path.dirname(os.path.abspath(__file__))
FLOWS = os.path.join(HERE, "flows")
VENV_PYTHON = os.path.join(HERE, ".venv", "bin", "python")


class FlowFailed(RuntimeError):
    pass


class Side:
    name = ""

    def __init__(self, python):
        self.python = python
        self.root = tempfile.mkdtemp(prefix=f"bench-{self.name}-")
        self.work = os.path.join(self.root, "work")
        os.makedirs(self.work)

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def environment(self):
        raise NotImplementedError

    @staticmethod
    def _common(env):
        # A harness may run with PYTHONDONTWRITEBYTECODE (this one's shell does); a user's Python keeps its
        # bytecode cache, so both sides do here.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env

    def flow_path(self, flow):
        return os.path.join(FLOWS, self.name, f"{flow}.py")

    def run_flow(self, flow, options=()):
        command = [self.python, self.flow_path(flow), "run", *options]
        measured = run(command, env=self.environment(), cwd=self.work)
        if measured.returncode != 0:
            raise FlowFailed(f"{self.name} {flow} {' '.join(options)} exited {measured.returncode}:\n"
                             f"{measured.output[-3000:]}")
        return measured


class BraidSide(Side):
    name = "braid"

    def __init__(self, python, engine, pythonpath=None):
        super().__init__(python)
        self.engine = engine
        self.pythonpath = pythonpath
        self.home = os.path.join(self.root, "braid-home")

    def environment(self):
        env = self._common(dict(os.environ, BRAID_HOME=self.home, BRAID_BIN=self.engine))
        if self.pythonpath:
            env["PYTHONPATH"] = os.pathsep.join(p for p in [os.path.abspath(self.pythonpath),
                                                            env.get("PYTHONPATH")] if p)
        return env

    def attempt_seconds(self, flow):
        """Start-to-finish seconds of each task attempt of the flow's latest run, from the store's metadata."""
        with sqlite3.connect(f"file:{os.path.join(self.home, 'braid.db')}?mode=ro", uri=True) as db:
            rows = db.execute(
                "SELECT a.finished_at - a.started_at FROM attempts a JOIN tasks t ON a.task = t.id "
                "WHERE t.run = (SELECT max(id) FROM runs WHERE flow = ?)", (flow,)).fetchall()
        return [row[0] / 1000 for row in rows]


class MetaflowSide(Side):
    name = "metaflow"

    def __init__(self, python=VENV_PYTHON):
        super().__init__(python)

    def environment(self):
        env = {key: value for key, value in os.environ.items() if not key.startswith("METAFLOW_")}
        env.update(HOME=self.root, USERNAME="bench", USER="bench",
                   METAFLOW_DEFAULT_DATASTORE="local", METAFLOW_DEFAULT_METADATA="local",
                   METAFLOW_DEFAULT_ENVIRONMENT="local",
                   METAFLOW_DATASTORE_SYSROOT_LOCAL=os.path.join(self.root, "metaflow-store"))
        env.pop("PYTHONPATH", None)
        return self._common(env)


def metaflow_available(python=VENV_PYTHON):
    """Whether ``python`` exists and can import metaflow, pandas and pyarrow."""
    if not os.path.exists(python):
        return False
    result = subprocess.run([python, "-c", "import metaflow, pandas, pyarrow"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    return result.returncode == 0


def versions(python, modules, pythonpath=None):
    """``{module: version}`` as ``python`` sees them (``None`` for one it cannot import)."""
    code = ("import importlib, json, sys\nout = {'python': sys.version.split()[0]}\n"
            f"for name in {list(modules)!r}:\n"
            "    try:\n        out[name] = importlib.import_module(name).__version__\n"
            "    except Exception:\n        out[name] = None\nprint(json.dumps(out))")
    env = dict(os.environ, PYTHONPATH=pythonpath) if pythonpath else None
    result = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env)
    import json

    return json.loads(result.stdout) if result.returncode == 0 else {}
