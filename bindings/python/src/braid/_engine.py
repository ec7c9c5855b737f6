"""Finding the ``braid`` engine and handing it a flow spec.

The engine reads the spec from a file, or from stdin when the file is
``-``. ``check``, ``show`` and ``deploy`` pipe the spec to a child engine. ``run`` and
``resume`` *replace* this Python process with the engine (``os.execv``) after
writing the spec under ``$BRAID_HOME/spool``: Ctrl-C then goes straight to
the engine, no idle Python process sits in the middle, and the exit status
is the engine's. To run those as children instead, take them out of
``REPLACE_PROCESS_FOR``.
"""

from __future__ import annotations

import os
import shutil
import sys
import time

from ._errors import EngineNotFoundError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from collections.abc import Sequence

__all__ = ["find_engine", "braid_home", "flow_command", "launch", "call", "write_spool_spec", "REPLACE_PROCESS_FOR"]

#: Engine verbs for which this process becomes the engine instead of waiting for it.
REPLACE_PROCESS_FOR = frozenset({"run", "resume"})

_INSTALL_HINT = ("Install it with `make install` from the Braid repository (it puts `braid` in "
                 "/usr/local/bin), or set BRAID_BIN to the path of the braid executable.")

#: Spec files older than this in the spool are left over from earlier runs and removed.
_STALE_SPEC_SECONDS = 24 * 3600


def find_engine() -> str:
    """The engine executable: ``$BRAID_BIN``, else ``braid`` on ``PATH``.

    Raises:
        EngineNotFoundError: with how to install the engine.
    """
    configured = os.environ.get("BRAID_BIN")
    if configured:
        if os.path.isfile(configured) and os.access(configured, os.X_OK):
            return os.path.abspath(configured)
        raise EngineNotFoundError(f"BRAID_BIN is {configured}, which is not an executable file. {_INSTALL_HINT}")
    found = shutil.which("braid")
    if found:
        return os.path.abspath(found)
    raise EngineNotFoundError(f"the braid engine was not found: BRAID_BIN is not set and there is no `braid` "
                              f"on PATH. {_INSTALL_HINT}")


def braid_home() -> str:
    """The store: ``$BRAID_HOME``, else ``~/.braid``."""
    return os.environ.get("BRAID_HOME") or os.path.join(os.path.expanduser("~"), ".braid")


def flow_command(verb: str, spec_path: str, extra: Sequence[str] = ()) -> list[str]:
    """The engine arguments (after the executable) for ``braid flow VERB --spec FILE ...``."""
    return ["flow", verb, "--spec", spec_path, *extra]


def write_spool_spec(flow: str, spec_text: str) -> str:
    """Writes the spec to a new file under ``$BRAID_HOME/spool`` and returns its path."""
    spool = os.path.join(braid_home(), "spool")
    os.makedirs(spool, exist_ok=True)
    _remove_stale_specs(spool)
    # A new name made here rather than by tempfile, whose import (random, hashlib, shutil) costs a run ~5 ms.
    for attempt in range(100):
        path = os.path.join(spool, f"spec-{flow}-{os.getpid()}-{time.time_ns()}-{attempt}.json")
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(spec_text)
        return path
    raise FileExistsError(f"could not make a new spec file in {spool}")


def _remove_stale_specs(spool: str) -> None:
    cutoff = time.time() - _STALE_SPEC_SECONDS
    try:
        with os.scandir(spool) as entries:
            for entry in entries:
                if entry.name.startswith("spec-") and entry.name.endswith(".json"):
                    try:
                        if entry.stat().st_mtime < cutoff:
                            os.unlink(entry.path)
                    except OSError:
                        pass
    except OSError:
        pass


def engine_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The engine's environment: this one, plus this ``braid`` package on ``PYTHONPATH`` when it is not
    installed in site-packages, so that workers import the same package as the client."""
    env = dict(os.environ if environ is None else environ)
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    import site

    installed = {os.path.abspath(p) for p in [*site.getsitepackages(), site.getusersitepackages()]}
    current = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if package_parent not in installed and package_parent not in map(os.path.abspath, current):
        env["PYTHONPATH"] = os.pathsep.join([package_parent, *current])
    return env


def launch(verb: str, flow: str, spec_text: str, extra: Sequence[str] = ()) -> int:
    """Runs ``braid flow VERB`` on this spec and returns its exit status.

    For verbs in ``REPLACE_PROCESS_FOR`` this process becomes the engine and
    the call never returns.
    """
    engine = find_engine()
    env = engine_environment()
    if verb in REPLACE_PROCESS_FOR:
        path = write_spool_spec(flow, spec_text)
        argv = [engine, *flow_command(verb, path, extra)]
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(engine, argv, env)
    return _child([engine, *flow_command(verb, "-", extra)], env, spec_text.encode("utf-8"))


def call(args: Sequence[str]) -> int:
    """Runs ``braid ARGS`` (no spec: ``undeploy FLOW``), its output on this terminal; returns its exit status."""
    return _child([find_engine(), *args], engine_environment(), None)


def _child(argv: list[str], env: dict[str, str], stdin: bytes | None) -> int:
    import subprocess

    with subprocess.Popen(argv, stdin=subprocess.PIPE if stdin is not None else None, env=env) as child:
        try:
            child.communicate(stdin)
        except KeyboardInterrupt:
            child.wait()
    status = child.returncode
    return 128 - status if status < 0 else status
