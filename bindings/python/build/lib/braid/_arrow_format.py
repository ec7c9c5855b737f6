"""The Arrow IPC vocabulary shared by the pure-Python writer and reader: types, columns, constants.

Only flat (non-nested) types: what scalar, json, vector and pickle artifacts
use, plus what R writes for them (int32, large strings, dictionaries for
factors). Numbers are those of Arrow's ``Schema.fbs`` / ``Message.fbs``.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["ArrowType", "Column", "MAGIC", "CONTINUATION", "METADATA_V5"]

MAGIC = b"ARROW1"
CONTINUATION = b"\xff\xff\xff\xff"
METADATA_V5 = 4  # MetadataVersion.V5

# Type union tags (Schema.fbs, union Type).
NULL, INT, FLOAT, BINARY, UTF8, BOOL, DATE, TIMESTAMP = 1, 2, 3, 4, 5, 6, 8, 10
LARGE_BINARY, LARGE_UTF8 = 19, 20
# Message header tags.
HEADER_SCHEMA, HEADER_DICTIONARY, HEADER_RECORD_BATCH = 1, 2, 3
# Units.
DATE_DAY, DATE_MILLISECOND = 0, 1
TIME_UNITS = ("s", "ms", "us", "ns")  # TimeUnit: SECOND, MILLISECOND, MICROSECOND, NANOSECOND
FLOAT_PRECISIONS = {0: 2, 1: 4, 2: 8}  # Precision → byte width: HALF, SINGLE, DOUBLE

TYPE_NAMES = {NULL: "null", INT: "int", FLOAT: "float", BINARY: "binary", UTF8: "utf8", BOOL: "bool", 7: "decimal",
              DATE: "date", 9: "time", TIMESTAMP: "timestamp", 11: "interval", 12: "list", 13: "struct",
              14: "union", 15: "fixed_size_binary", 16: "fixed_size_list", 17: "map", 18: "duration",
              LARGE_BINARY: "large_binary", LARGE_UTF8: "large_utf8", 21: "large_list", 22: "run_end_encoded",
              23: "binary_view", 24: "utf8_view", 25: "list_view", 26: "large_list_view"}


class ArrowType:
    """One Arrow type: its union tag and its parameters.

    ``bit_width``/``signed`` for Int; ``precision`` (0 half, 1 single, 2 double) for FloatingPoint;
    ``unit`` for Date (0 day, 1 ms) and Timestamp (index into TIME_UNITS); ``timezone`` for Timestamp.
    """

    __slots__ = ("tag", "bit_width", "signed", "precision", "unit", "timezone")

    def __init__(self, tag: int, bit_width: int = 0, signed: bool = False, precision: int = 0, unit: int = 0,
                 timezone: str | None = None):
        self.tag = tag
        self.bit_width = bit_width
        self.signed = signed
        self.precision = precision
        self.unit = unit
        self.timezone = timezone

    def _key(self) -> tuple[Any, ...]:
        return (self.tag, self.bit_width, self.signed, self.precision, self.unit, self.timezone)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ArrowType) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"ArrowType({self.name})"

    @property
    def name(self) -> str:
        if self.tag == INT:
            return f"{'' if self.signed else 'u'}int{self.bit_width}"
        if self.tag == FLOAT:
            return f"float{8 * FLOAT_PRECISIONS.get(self.precision, 0)}"
        if self.tag == DATE:
            return "date32" if self.unit == DATE_DAY else "date64"
        if self.tag == TIMESTAMP:
            unit = TIME_UNITS[self.unit] if self.unit < len(TIME_UNITS) else "?"
            return f"timestamp[{unit}{', ' + self.timezone if self.timezone else ''}]"
        return TYPE_NAMES.get(self.tag, f"type#{self.tag}")


def int_type(bits: int, signed: bool = True) -> ArrowType:
    return ArrowType(INT, bit_width=bits, signed=signed)


def float_type(width: int) -> ArrowType:
    return ArrowType(FLOAT, precision={2: 0, 4: 1, 8: 2}[width])


class Column:
    """One column to write: its type, length, null count and buffers in Arrow layout order.

    ``buffers`` are bytes-like objects: for a null column none; for fixed-width
    types ``[validity, values]``; for binary/utf8 ``[validity, offsets, data]``.
    An empty validity buffer means "no nulls".
    """

    __slots__ = ("name", "type", "length", "null_count", "buffers")

    def __init__(self, name: str, type: ArrowType, length: int, null_count: int = 0,
                 buffers: list[Any] | None = None):
        self.name = name
        self.type = type
        self.length = length
        self.null_count = null_count
        self.buffers = buffers if buffers is not None else []
