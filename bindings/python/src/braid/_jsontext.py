"""``dumps`` and ``loads`` as the ``json`` package does them, without importing it.

Importing ``json`` compiles its regular expressions (and imports ``re``,
``enum`` and friends): about a third of what a worker costs to start before
it runs a step. The package's own C accelerator, ``_json``, does the work
for ``json.dumps`` and ``json.loads`` anyway; this module calls it directly,
with the arguments ``json`` would pass, so the text is byte for byte what
``json`` writes. Where ``_json`` is missing (another Python implementation)
it falls back to ``json``. A malformed document still raises
``json.JSONDecodeError`` (the accelerator imports ``json`` to raise it).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

try:
    import _json
except ImportError:  # pragma: no cover - CPython always has it
    _json = None

__all__ = ["dumps", "loads"]

_WHITESPACE = " \t\n\r"


def _constant(name: str) -> float:
    return {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}[name]


class _DecoderSettings:
    """The attributes ``_json.make_scanner`` reads: those of a default ``json.JSONDecoder``."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = staticmethod(_constant)


_scan = _json.make_scanner(_DecoderSettings()) if _json is not None else None


def _not_serializable(value: Any) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def dumps(value: Any, *, ensure_ascii: bool = True, separators: tuple[str, str] = (", ", ": "),
          allow_nan: bool = True) -> str:
    """``json.dumps(value, ensure_ascii=..., separators=..., allow_nan=...)``."""
    if _json is None:
        import json

        return json.dumps(value, ensure_ascii=ensure_ascii, separators=separators, allow_nan=allow_nan)
    encode_text = _json.encode_basestring_ascii if ensure_ascii else _json.encode_basestring
    if isinstance(value, str):
        return encode_text(value)
    item_separator, key_separator = separators
    encoder = _json.make_encoder({}, _not_serializable, encode_text, None, key_separator, item_separator,
                                 False, False, allow_nan)
    return "".join(encoder(value, 0))


def loads(text: str | bytes | bytearray) -> Any:
    """``json.loads(text)``: raises ``ValueError`` (``json.JSONDecodeError``) for a malformed document."""
    if isinstance(text, (bytes, bytearray)):
        text = text.decode("utf-8")  # what json.loads does for UTF-8, the only encoding braid writes
    if _scan is None:
        import json

        return json.loads(text)
    start = len(text) - len(text.lstrip(_WHITESPACE))
    try:
        value, end = _scan(text, start)
    except StopIteration as stop:
        import json

        raise json.JSONDecodeError("Expecting value", text, stop.value) from None
    end = len(text) - len(text[end:].lstrip(_WHITESPACE)) if end < len(text) else end
    if end != len(text):
        import json

        raise json.JSONDecodeError("Extra data", text, end)
    return value
