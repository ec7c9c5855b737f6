"""The worker side of the worker protocol (docs/protocol.md): JSON lines on two file descriptors.

One JSON object per line, UTF-8, ``\\n``-terminated, each with a ``type``.
Engine → worker lines are at most 16 MiB, worker → engine lines at most
1 MiB: an ``error`` line that would be longer is shortened (the traceback's
middle, then the message) rather than broken.
"""

from __future__ import annotations

import os
import sys
from _thread import allocate_lock

from . import _jsontext
from ._errors import ProtocolError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["PROTOCOL_VERSION", "MAX_INCOMING", "MAX_OUTGOING", "LineReader", "LineWriter", "decode",
           "hello", "error", "artifact", "done"]

PROTOCOL_VERSION = 1
MAX_INCOMING = 16 * 1024 * 1024
MAX_OUTGOING = 1024 * 1024
PHASES = ("load", "input", "step", "persist", "transition")


class LineReader:
    """Reads ``\\n``-terminated lines from a file descriptor; ``None`` at end of file."""

    def __init__(self, fd: int, limit: int = MAX_INCOMING):
        self.fd = fd
        self.limit = limit
        self._buffer = bytearray()

    def read_line(self) -> bytes | None:
        while True:
            end = self._buffer.find(b"\n")
            if end >= 0:
                line = bytes(self._buffer[:end])
                del self._buffer[: end + 1]
                return line
            if len(self._buffer) > self.limit:
                raise ProtocolError(f"a line from the engine is longer than {self.limit} bytes")
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                if self._buffer:
                    raise ProtocolError("the engine closed the connection in the middle of a line")
                return None
            self._buffer += chunk


class LineWriter:
    """Writes one JSON object per line to a file descriptor (whole lines, from any thread)."""

    def __init__(self, fd: int, limit: int = MAX_OUTGOING):
        self.fd = fd
        self.limit = limit
        self._lock = allocate_lock()

    def send(self, message: dict[str, Any]) -> None:
        data = encode(message)
        if len(data) > self.limit:
            raise ProtocolError(f"a {message.get('type')} line would be {len(data)} bytes, over the {self.limit} limit")
        with self._lock:
            view = memoryview(data)
            while view:
                written = os.write(self.fd, view)
                view = view[written:]


def encode(message: dict[str, Any]) -> bytes:
    """One protocol line for ``message``."""
    return (_jsontext.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")


def decode(line: bytes) -> dict[str, Any]:
    """The JSON object on a line; ``ProtocolError`` if it is not one with a string ``type``."""
    try:
        message = _jsontext.loads(line)
    except ValueError as error:
        raise ProtocolError(f"a line from the engine is not JSON ({error}): {line[:200]!r}") from None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise ProtocolError(f"a line from the engine is not a JSON object with a type: {line[:200]!r}")
    return message


def hello() -> dict[str, Any]:
    """The first line a worker sends."""
    version = sys.version_info
    return {"type": "hello", "protocol": PROTOCOL_VERSION, "language": "python",
            "language_version": f"{version.major}.{version.minor}.{version.micro}", "pid": os.getpid()}


def artifact(name: str, path: str, kind: str, type_name: str) -> dict[str, Any]:
    """An ``artifact`` line: one stored artifact file."""
    return {"type": "artifact", "name": name, "path": path, "kind": kind, "language": "python",
            "type_name": type_name}


def done() -> dict[str, Any]:
    return {"type": "done"}


def error(error_type: str, message: str, traceback: str, phase: str) -> dict[str, Any]:
    """An ``error`` line, shortened to fit the line limit (the traceback keeps its start and its end)."""
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}")
    line = {"type": "error", "error_type": error_type, "message": message, "traceback": traceback, "phase": phase}
    budget = MAX_OUTGOING - 4096
    if len(encode(line)) <= budget:
        return line
    line["message"] = _shorten(message, budget // 4)
    room = max(budget - len(encode({**line, "traceback": ""})), 1024)
    line["traceback"] = _shorten(traceback, room // 4)  # a character can take 4 bytes in UTF-8
    return line


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    keep = max(limit // 2 - 40, 0)
    return f"{text[:keep]}\n... ({len(text) - 2 * keep} characters left out) ...\n{text[-keep:] if keep else ''}"
