"""The Python worker: ``python -u -m braid._worker``, started by the engine (docs/protocol.md).

It sends ``hello``, then runs each ``task`` it is given: loads the step's
file, builds ``self``, runs the step (the user's output goes to fds 1 and 2,
which the engine captures), stores what the step set as Arrow files in the
spool directory, and reports ``artifact`` lines, ``next`` and ``done`` — or
one ``error`` with the traceback and the phase that failed.

The protocol descriptors are moved to high, close-on-exec numbers and the
originals closed, so neither the step's own writes nor its child processes
can reach them. A thread watches the engine's descriptor: at end of file
(the engine closed it or died) the worker exits, even in the middle of a step.
"""

from __future__ import annotations

import os
import sys

from . import _protocol
from ._errors import ArtifactReadError, ProtocolError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["main", "run_task"]

_PROTOCOL_FD_FLOOR = 64  # moved protocol descriptors go at or above this number
_END = object()  # the engine closed its descriptor


def _error_type(error: BaseException) -> str:
    """``ZeroDivisionError`` for builtins, else the qualified name (``braid.TransitionError``, ``pandas.errors.X``)."""
    kind = type(error)
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def _user_traceback(error: BaseException) -> str:
    """The traceback without the worker's own frames in front of the user's code."""
    import traceback

    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    from ._errors import BraidError
    from ._loader import LoadError

    frames = error.__traceback__
    while frames is not None and frames.tb_frame.f_code.co_filename.startswith(package):
        frames = frames.tb_next
    if frames is None and not isinstance(error, (SyntaxError, BraidError, LoadError)):
        frames = error.__traceback__  # a fault of the worker itself: keep its frames
    return "".join(traceback.format_exception(type(error), error, frames))


def _flush_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass


class _Phase:
    """Where a task is: load, input, step, transition, persist."""

    def __init__(self) -> None:
        self.name = "load"


def run_task(task: dict[str, Any]) -> list[dict[str, Any]]:
    """Runs one task; returns the lines to send: its ``artifact`` lines, ``next`` and ``done``, or one ``error``."""
    from ._current import current

    phase = _Phase()
    try:
        return _execute(task, phase)
    except BaseException as error:  # the step's exceptions, SystemExit and KeyboardInterrupt included
        name = "input" if isinstance(error, ArtifactReadError) and phase.name == "step" else phase.name
        return [_protocol.error(_error_type(error), str(error), _user_traceback(error), name)]
    finally:
        _flush_output()
        current._set()


def _execute(task: dict[str, Any], phase: _Phase) -> list[dict[str, Any]]:
    from ._current import current
    from ._flowspec import FlowSpec
    from ._inputs import Inputs
    from ._loader import find_step, load_module
    from ._task import TaskState

    try:
        state = TaskState(task)
        file, function = task["file"], task["function"]
        spool = task["spool"]
    except KeyError as missing:
        raise ProtocolError(f"the task message has no {missing} field") from None
    target = find_step(load_module(file), state.flow, function)
    state.is_plain_function = target.flow_class is None
    owner = object.__new__(target.flow_class or FlowSpec)
    object.__setattr__(owner, "_braid_task", state)
    current._set(flow_name=state.flow, run_id=str(task.get("run_id")), step_name=state.step,
                 task_id=str(task.get("task_id")), retry_count=task.get("retry_count", task.get("attempt", 0)),
                 username=task.get("username"), pathspec=state.pathspec,
                 parameter_names=list(state.parameters), trigger=task.get("trigger"))

    phase.name = "step"
    if state.is_join:
        target.function(owner, Inputs(state.input_entries or [], state.parameters))
    else:
        target.function(owner)

    phase.name = "transition"
    transition = state.resolve_transition(owner)

    phase.name = "persist"
    values = {name: value for name, value in owner.__dict__.items() if name != "_braid_task"}
    lines = _persist(state.outputs(values), spool)
    if transition is not None:
        lines.append(transition)
    lines.append(_protocol.done())
    return lines


def _persist(outputs: Any, spool: str) -> list[dict[str, Any]]:
    from ._artifacts import write_artifact
    from ._errors import ArtifactWriteError

    lines = []
    for name, value in outputs.values:
        if not name.isidentifier():
            raise ArtifactWriteError(f"artifact name {name!r} is not an identifier; use letters, digits and _", name)
        path = os.path.join(spool, f"{name}.arrow")
        stored = write_artifact(value, path, name)
        lines.append(_protocol.artifact(name, path, stored.kind, stored.type_name))
    for name, record in outputs.copies:
        path = os.path.join(spool, f"{name}.arrow")
        _copy(record["path"], path)
        lines.append(_protocol.artifact(name, path, record.get("kind", "pickle"),
                                        record.get("type_name") or "unknown"))
    return lines


def _copy(source: str, target: str) -> None:
    """Puts a stored artifact file into the spool: a hard link when possible (same filesystem), else a copy."""
    if os.path.lexists(target):
        os.unlink(target)
    try:
        os.link(source, target)
    except OSError:
        import shutil

        shutil.copyfile(source, target)


def _move_high(fd: int) -> int:
    import fcntl

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, _PROTOCOL_FD_FLOOR)
    os.close(fd)
    return moved


class _Busy:
    """Whether a task is running (set by the main thread, read by the watcher; a bool is atomic under the GIL)."""

    def __init__(self) -> None:
        self.running = False


def _watch(reader: _protocol.LineReader, inbox: Any, busy: _Busy) -> None:
    """Reads engine lines into ``inbox``; at end of file, exits the process if a task is running."""
    try:
        while True:
            line = reader.read_line()
            if line is None:
                break
            inbox.put(_protocol.decode(line))
    except (ProtocolError, OSError) as error:
        inbox.put(error)
        return
    if busy.running:
        print("braid worker: the engine closed the connection during a task; stopping", file=sys.stderr)
        _flush_output()
        os._exit(1)
    inbox.put(_END)


def main() -> int:
    """Serves tasks until the engine closes fd 3 or says ``shutdown``; returns the exit status."""
    setting = os.environ.get("BRAID_PROTOCOL_FDS", "")
    try:
        read_fd, write_fd = (int(part) for part in setting.split(","))
    except ValueError:
        print("braid worker: BRAID_PROTOCOL_FDS must name two descriptors (e.g. 3,4); this module is started "
              "by the braid engine", file=sys.stderr)
        return 2
    from _queue import SimpleQueue
    from _thread import start_new_thread

    read_fd, write_fd = _move_high(read_fd), _move_high(write_fd)
    writer = _protocol.LineWriter(write_fd)
    inbox: Any = SimpleQueue()
    busy = _Busy()
    try:
        writer.send(_protocol.hello())
        # A bare thread (no threading module: its import is a tenth of a worker's start); like a daemon
        # thread, it never keeps the worker alive.
        start_new_thread(_watch, (_protocol.LineReader(read_fd), inbox, busy))
        while True:
            message = inbox.get()
            if message is _END or (isinstance(message, dict) and message["type"] == "shutdown"):
                return 0
            if isinstance(message, BaseException):
                print(f"braid worker: {message}", file=sys.stderr)
                return 2
            if message["type"] != "task":
                print(f"braid worker: unexpected {message['type']!r} message from the engine", file=sys.stderr)
                return 2
            busy.running = True
            try:
                lines = run_task(message)
            finally:
                busy.running = False  # from here on, the engine closing fd 3 is an ordinary end
            for line in lines:
                writer.send(line)
    except BrokenPipeError:
        return 1  # the engine stopped reading: it is gone


def exit_now(status: int) -> None:
    """Ends the worker without the interpreter's teardown, which frees every object one by one and unloads
    every module: ~5 ms for a small task, and 0.3 s after a step that held a 10-million-row frame, time
    the engine waits before it starts the next task. ``atexit`` callbacks (the user's, logging's,
    multiprocessing's) still run and the standard streams are flushed, as at a normal exit. A step that
    left a non-daemon thread running gets the normal exit, which waits for the thread."""
    import atexit

    threading = sys.modules.get("threading")  # no step imported it: no thread of its kind to wait for
    if threading and any(not thread.daemon for thread in threading.enumerate()
                         if thread is not threading.main_thread()):
        sys.exit(status)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(status)


if __name__ == "__main__":
    exit_now(main())
