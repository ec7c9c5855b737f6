"""The Python fork server: ``python -u -m braid._forkserver [FLOW_FILE]``, started by the engine.

Starting a Python worker costs an interpreter start plus the imports of
``braid`` and of the flow file (pandas, numpy ...): tens to hundreds of
milliseconds per task. The fork server pays that once per run and forks a
fresh worker for every task, so tasks stay as isolated as separate processes
(each has its own copy of every module; nothing one task does reaches
another) but start in about a millisecond.

While no request waits, it also imports the heavy modules the flow file names
but imports only inside its steps (numpy; pandas and pyarrow, which braid's
tables need), so that later workers find them loaded. Started with no flow
file, it serves the Python steps of a flow declared in another language (R),
which hand their tables over as Arrow files: it then warms pandas and pyarrow.

The engine talks to it over a Unix socket on fd 3. Each request is one
datagram: a JSON object ``{"env": {...}}`` carrying, as SCM_RIGHTS, the four
descriptors of the new worker (its stdout, stderr, engine -> worker and
worker -> engine pipes). The server forks twice: the worker's parent exits at
once, so the worker is re-parented to the engine (a child subreaper) and the
engine waits for it, signals its process group and reads its exit status
exactly as for a worker it spawned itself. The answer is ``{"pid": N}`` or
``{"error": "..."}``. The server exits when the engine closes the socket.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys

__all__ = ["main"]

_MAX_REQUEST = 1 << 20  # a whole environment fits


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        server = socket.socket(fileno=3)
    except OSError as error:
        print(f"braid fork server: fd 3 is not the engine's socket ({error}); this module is started by the engine",
              file=sys.stderr)
        return 2
    os.set_inheritable(server.fileno(), False)
    from . import _worker  # noqa: F401  (imported here, once, for every worker forked later)

    preloaded_env = _preload(args[0]) if args else None
    warm = _modules_to_warm(args[0]) if args else _table_modules()
    while True:
        if warm and not _request_waiting(server):
            _import_quietly(warm.pop(0))  # while no task waits: later workers start with it loaded
            continue
        try:
            message, fds, _, _ = socket.recv_fds(server, _MAX_REQUEST, 4)
        except InterruptedError:
            continue
        if not message:
            return 0  # the engine closed its end
        try:
            request = json.loads(message)
            if len(fds) != 4:
                raise ValueError(f"expected 4 descriptors, got {len(fds)}")
            answer = {"pid": _fork_worker(server, fds, request["env"], preloaded_env)}
        except Exception as error:  # a bad request must not end the server
            answer = {"error": f"{type(error).__name__}: {error}"}
        finally:
            for fd in fds:
                os.close(fd)
        server.send(json.dumps(answer).encode())


def _preload(flow_file: str) -> dict[str, str] | None:
    """Runs the flow file once (as every worker would), so forked workers find it loaded.

    A file that fails to load is left to each worker, which reports the error in its task.
    Returns the environment it was loaded under, or None when it was not loaded.
    """
    from . import _loader

    try:
        _loader.load_module(flow_file)
    except BaseException:  # the user's module: SystemExit and all
        _loader._cache.clear()
        return None
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return dict(os.environ)


def _modules_to_warm(flow_file: str) -> list[str]:
    """Heavy modules the flow's steps will likely import (named in its file but imported inside
    steps, as Metaflow flows do): braid reads and writes tables with pyarrow and pandas."""
    try:
        with open(flow_file, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return []
    wanted = ["numpy", "pyarrow", "pandas"] if "pandas" in text or "pyarrow" in text else ["numpy"] if "numpy" in text else []
    return [name for name in wanted if name not in sys.modules]


def _table_modules() -> list[str]:
    """What braid reads and writes tables with, for the Python steps of another language's flow:
    a table reaches them from the other language (an R data.frame, a pandas DataFrame back)."""
    return [name for name in ("numpy", "pyarrow", "pandas") if name not in sys.modules]


def _request_waiting(server: socket.socket) -> bool:
    import select

    ready, _, _ = select.select([server], [], [], 0.02)
    return bool(ready)


def _import_quietly(name: str) -> None:
    """Imports a module the flow may use; one that is missing or fails is the step's business."""
    from importlib import import_module

    try:
        import_module(name)
    except BaseException:
        pass
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def _fork_worker(server: socket.socket, fds: list[int], env: dict[str, str],
                 preloaded_env: dict[str, str] | None) -> int:
    """Forks twice and returns the worker's pid once its first parent has exited."""
    read_pid, write_pid = os.pipe()
    middle = os.fork()
    if middle == 0:
        try:
            worker = os.fork()
            if worker == 0:
                os.close(read_pid)
                os.close(write_pid)
                _become_worker(server, fds, env, preloaded_env)  # never returns
            # Both sides set the group, so it exists before the engine hears the pid (and may signal it).
            try:
                os.setpgid(worker, worker)
            except OSError:  # it already did (and may even have exited)
                pass
            os.write(write_pid, str(worker).encode())
        finally:
            os._exit(0)
    os.close(write_pid)
    with os.fdopen(read_pid, "rb") as pipe:
        text = pipe.read()
    os.waitpid(middle, 0)  # from here on the worker is the engine's child
    if not text:
        raise OSError("the fork server could not fork a worker")
    return int(text)


def _become_worker(server: socket.socket, fds: list[int], env: dict[str, str],
                   preloaded_env: dict[str, str] | None) -> None:
    status = 1
    try:
        os.setpgid(0, 0)  # its own process group, as a spawned worker has
        server.close()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        for target, fd in enumerate(fds, start=1):
            os.dup2(fd, target)  # stdout, stderr, fd 3, fd 4 (dup2 clears close-on-exec)
        for fd in {null, *fds}:
            if fd > 4:
                os.close(fd)
        os.environ.clear()
        os.environ.update(env)
        if env != preloaded_env:
            # Module-level code must see this task's environment (e.g. @environment): load the file afresh.
            from . import _loader

            _loader._cache.clear()
        _reseed()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        from . import _worker

        status = _worker.main()
    except SystemExit as exit:
        status = exit.code if isinstance(exit.code, int) else 1
    except BaseException as error:
        print(f"braid fork server: the worker could not start: {error}", file=sys.stderr)
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(status)


def _reseed() -> None:
    """Forked workers must not share random streams. ``random`` reseeds itself after a fork;
    numpy's global generator does not, so it is reseeded here when the flow file imported it."""
    numpy_random = sys.modules.get("numpy.random")
    if numpy_random is not None:
        numpy_random.seed()


if __name__ == "__main__":
    sys.exit(main())
