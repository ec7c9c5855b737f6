"""The rule for table names (docs/tables.md), checked by ``Table(...)`` and ``@trigger(table=...)``.

A name is 1-128 characters of ASCII letters, digits, ``_``, ``-`` and ``.``,
starting with a letter or a digit, with no ``..``: so it is never a path, an
option or a hidden file. The engine checks again; this only makes the common
mistakes fail with a Python message, with no process started. Pure Python:
every worker imports it (through the flow decorators).
"""

from __future__ import annotations

__all__ = ["table_name_problem", "MAX_TABLE_NAME"]

MAX_TABLE_NAME = 128
_ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")


def table_name_problem(name: str) -> str | None:
    """What is wrong with a table name, as the end of a sentence (``table name 'a/b' ...``); None if fine."""
    if not name:
        return "is empty"
    if len(name) > MAX_TABLE_NAME:
        return f"is {len(name)} characters long; at most {MAX_TABLE_NAME}"
    control = next((c for c in name if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F), None)
    if control is not None:
        return f"contains a control character ({control!r})"
    if "/" in name or "\\" in name:
        return "contains a slash; a table name is a name, not a path"
    if ".." in name:
        return "contains '..'"
    other = next((c for c in name if c not in _ALLOWED), None)
    if other is not None:
        return f"contains {other!r}; use letters, digits, '_', '-' and '.'"
    if not name[0].isalnum():
        return "must start with a letter or a digit"
    return None
