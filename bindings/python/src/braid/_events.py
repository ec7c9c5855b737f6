"""``braid.publish_event``: puts an event in the store, through ``braid event publish`` (docs/triggers.md).

The engine owns the store, so the event is written by it, not here; the
checks below only make the common mistakes fail with a Python message before
a process starts. The engine checks everything again.
"""

from __future__ import annotations

import json
import subprocess

from ._errors import EventError
from ._flow_decorators import event_name_problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["publish_event", "publish_command", "MAX_PAYLOAD_BYTES"]

MAX_PAYLOAD_BYTES = 1_048_576
#: Payloads up to this size go on the command line; larger ones through stdin (``--payload -``), since Linux
#: limits one command-line argument to 128 KiB (MAX_ARG_STRLEN).
_ARGUMENT_BYTES = 65_536


def publish_event(name: str, payload: dict[str, Any] | None = None) -> int:
    """Publishes event ``name`` with ``payload`` (a dict that is valid JSON, default ``{}``); returns its id.

    The event is committed when this returns, whether or not the trigger
    service (``braid daemon``) runs; deployed flows waiting for ``name``
    then start. Inside a step, the event records the task that published it.

    Raises:
        TypeError: ``name`` is not a string or ``payload`` not a dict.
        EventError: a name or payload the rules refuse (empty, control characters, ``braid.`` prefix,
            not JSON, over 1 MB), or the engine's refusal with its message. Nothing was written.
        EngineNotFoundError: no ``braid`` executable.
    """
    from ._current import current
    from ._engine import find_engine

    args = publish_command(name, payload, current.pathspec)
    stdin = None
    if "-" in args and args[args.index("-") - 1] == "--payload":
        stdin = _payload_text(payload)
    result = subprocess.run([find_engine(), *args], capture_output=True, text=True,
                            input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL)
    if result.returncode != 0:
        message = result.stderr.strip()
        for prefix in ("Error: ", "error: "):  # the engine's own prefix; the exception's type says it already
            message = message[len(prefix):] if message.startswith(prefix) else message
        raise EventError(message or f"`braid event publish {name}` failed with exit status {result.returncode}")
    answer = result.stdout.strip()
    try:
        return int(answer)
    except ValueError:
        raise EventError(f"`braid event publish {name}` answered {answer[:200]!r}, not an event id") from None


def publish_command(name: Any, payload: Any, task: str | None = None) -> list[str]:
    """The engine arguments that publish the event (after the executable); checks name and payload first."""
    if not isinstance(name, str):
        raise TypeError(f"publish_event() takes the event name as a string, got {type(name).__name__}")
    problem = event_name_problem(name)
    if problem:
        raise EventError(f"event name {name!r} {problem}")
    if payload is None:
        payload = {}
    elif not isinstance(payload, dict):
        raise TypeError(f"publish_event() takes the payload as a dict (a JSON object), got {type(payload).__name__}")
    try:
        text = _payload_text(payload)
    except (TypeError, ValueError) as error:
        raise EventError(f"event {name}: the payload is not valid JSON: {error}") from None
    size = len(text.encode("utf-8"))
    if size > MAX_PAYLOAD_BYTES:
        raise EventError(f"event {name}: the payload is {size} bytes as JSON; at most {MAX_PAYLOAD_BYTES} (1 MB)")
    if size > _ARGUMENT_BYTES:
        text = "-"  # read by the engine from stdin
    # A name that starts with "-" would read as an option: `--` ends the options before it.
    args = ["event", "publish", name] if not name.startswith("-") else ["event", "publish"]
    args += ["--payload", text]
    if task:
        args += ["--from", task]
    if name.startswith("-"):
        args += ["--", name]
    return args


def _payload_text(payload: Any) -> str:
    return json.dumps(payload if payload is not None else {}, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
