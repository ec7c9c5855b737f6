"""Python values → Arrow columns for the scalar, json, vector and pickle artifact kinds (docs/formats.md).

Each ``*_column`` function returns None when the value is not of its kind,
so the caller can try the next kind. Nothing here imports numpy: a numpy
value can only exist once numpy is imported, so it is taken from
``sys.modules``.
"""

from __future__ import annotations

import math
import struct
import sys

from . import _jsontext
from ._arrow_format import (
    BINARY,
    BOOL,
    DATE,
    LARGE_BINARY,
    LARGE_UTF8,
    NULL,
    TIMESTAMP,
    UTF8,
    ArrowType,
    Column,
    float_type,
    int_type,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["scalar_column", "json_text", "text_column", "binary_column", "vector_column", "type_name",
           "timezone_name"]

_INT64 = (-(2 ** 63), 2 ** 63 - 1)
_MAX_SMALL = 2 ** 31 - 1  # beyond this many bytes, strings and binaries need 64-bit offsets


def type_name(value: Any) -> str:
    """The value's Python type as shown to people: ``int``, ``pandas.DataFrame``, ``numpy.ndarray``, ``mymod.Model``."""
    kind = type(value)
    module = kind.__module__
    if module == "builtins":
        return kind.__qualname__
    top = module.split(".")[0]
    if top in ("pandas", "numpy", "pyarrow"):
        return f"{top}.{kind.__qualname__}"
    return f"{module}.{kind.__qualname__}"


def timezone_name(zone: dt.tzinfo) -> str | None:
    """The Arrow time zone string for a tzinfo (``UTC``, an IANA name or ``+HH:MM``), or None if it has none."""
    import datetime as dt

    key = getattr(zone, "key", None) or getattr(zone, "zone", None)  # zoneinfo, pytz
    if isinstance(key, str) and key:
        return key
    if isinstance(zone, dt.timezone):
        offset = zone.utcoffset(None)
        if not offset:
            return "UTC"
        minutes = int(offset.total_seconds()) // 60
        if offset.total_seconds() % 60:
            return None
        sign = "-" if minutes < 0 else "+"
        return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return None


def _one(kind: ArrowType, fmt: str, value: Any) -> Column:
    return Column("value", kind, 1, 0, [b"", struct.pack("<" + fmt, value)])


def text_column(text: str) -> Column:
    """A one-row utf8 column holding ``text``."""
    data = text.encode("utf-8")
    return _binary_like(data, UTF8, LARGE_UTF8)


def binary_column(data: bytes) -> Column:
    """A one-row binary column holding ``data``."""
    return _binary_like(data, BINARY, LARGE_BINARY)


def _binary_like(data: bytes, small: int, large: int) -> Column:
    if len(data) > _MAX_SMALL:
        return Column("value", ArrowType(large), 1, 0, [b"", struct.pack("<2q", 0, len(data)), data])
    return Column("value", ArrowType(small), 1, 0, [b"", struct.pack("<2i", 0, len(data)), data])


def scalar_column(value: Any) -> Column | None:
    """A one-row column for None, bool, int (int64), float, str, date, datetime, or a numpy number."""
    kind = type(value)
    if value is None:
        return Column("value", ArrowType(NULL), 1, 1, [])
    if kind is bool:
        return Column("value", ArrowType(BOOL), 1, 0, [b"", bytes([1 if value else 0])])
    if kind is int:
        return _one(int_type(64), "q", value) if _INT64[0] <= value <= _INT64[1] else None
    if kind is float:
        return _one(float_type(8), "d", value)
    if kind is str:
        try:
            return text_column(value)
        except UnicodeEncodeError:
            return None
    dt = sys.modules.get("datetime")  # not imported yet: the value cannot be a date (workers skip its import)
    if dt is not None and kind is dt.date:
        days = (value - dt.date(1970, 1, 1)).days
        return _one(ArrowType(DATE, unit=0), "i", days)
    if dt is not None and kind is dt.datetime:
        return _datetime_column(value)
    if kind.__module__ == "numpy":
        return _numpy_scalar_column(value)
    return None


def _datetime_column(value: dt.datetime) -> Column | None:
    import datetime as dt

    microsecond = dt.timedelta(microseconds=1)
    if value.tzinfo is None:
        micros = (value - dt.datetime(1970, 1, 1)) // microsecond
        return _one(ArrowType(TIMESTAMP, unit=2), "q", micros)
    zone = timezone_name(value.tzinfo)
    if zone is None or value.utcoffset() is None:
        return None
    micros = (value - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)) // microsecond
    return _one(ArrowType(TIMESTAMP, unit=2, timezone=zone), "q", micros)


def _numpy_scalar_column(value: Any) -> Column | None:
    np = sys.modules["numpy"]
    if isinstance(value, np.bool_):
        return Column("value", ArrowType(BOOL), 1, 0, [b"", bytes([1 if value else 0])])
    if isinstance(value, np.integer) and value.dtype.kind in "iu":  # not timedelta64, which is one too
        width, signed = value.dtype.itemsize, value.dtype.kind == "i"
        fmt = {1: "b", 2: "h", 4: "i", 8: "q"}[width]
        return _one(int_type(8 * width, signed), fmt if signed else fmt.upper(), value.item())
    if isinstance(value, np.floating) and value.dtype.itemsize in (2, 4, 8):
        fmt = {2: "e", 4: "f", 8: "d"}[value.dtype.itemsize]
        return _one(float_type(value.dtype.itemsize), fmt, float(value))
    return None


def json_text(value: Any) -> str | None:
    """``value`` as JSON text when it is a list or dict of JSON-safe values (str keys, finite floats), else None.

    Tuples, sets, non-str keys, NaN and subclasses of the JSON types are not
    JSON-safe: they would not come back as they were.
    """
    if type(value) not in (list, dict) or not _json_safe(value):
        return None
    try:
        return _jsontext.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (ValueError, RecursionError):
        return None


def _json_safe(value: Any) -> bool:
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict or kind is list:
            if id(item) in seen:
                return False
            seen.add(id(item))
            if kind is dict:
                for key, inner in item.items():
                    if type(key) is not str:
                        return False
                    stack.append(inner)
            else:
                stack.extend(item)
        elif kind is float:
            if not math.isfinite(item):
                return False
        elif not (item is None or kind is str or kind is int or kind is bool):
            return False
    return True


def vector_column(array: Any) -> Column | None:
    """A column for a 1-D numpy array of bool, int, uint, float, datetime64, str or bytes; else None."""
    np = sys.modules.get("numpy")
    if np is None or type(array) is not np.ndarray or array.ndim != 1:
        return None
    dtype, length = array.dtype, len(array)
    if dtype.kind == "b":
        return Column("value", ArrowType(BOOL), length, 0, [b"", np.packbits(array, bitorder="little")])
    if dtype.kind in "iu" and dtype.itemsize in (1, 2, 4, 8):
        data = np.ascontiguousarray(array, dtype=dtype.newbyteorder("<"))
        return Column("value", int_type(8 * dtype.itemsize, dtype.kind == "i"), length, 0, [b"", data])
    if dtype.kind == "f" and dtype.itemsize in (2, 4, 8):
        data = np.ascontiguousarray(array, dtype=dtype.newbyteorder("<"))
        return Column("value", float_type(dtype.itemsize), length, 0, [b"", data])
    if dtype.kind == "M":
        return _datetime_vector(np, array)
    if dtype.kind in "US":
        return _string_vector(np, array)
    return None


def _validity(np: Any, missing: Any) -> tuple[int, Any]:
    nulls = int(missing.sum())
    return nulls, (np.packbits(~missing, bitorder="little") if nulls else b"")


def _datetime_vector(np: Any, array: Any) -> Column | None:
    unit, count = np.datetime_data(array.dtype)
    if count != 1 or unit not in ("D", "s", "ms", "us", "ns"):
        return None
    missing = np.isnat(array)
    nulls, validity = _validity(np, missing)
    ticks = np.ascontiguousarray(array.view("<i8") if array.dtype.byteorder != ">" else array.astype("<i8"))
    if unit == "D":
        valid = ticks[~missing]
        if len(valid) and (valid.min() < -(2 ** 31) or valid.max() >= 2 ** 31):
            return None
        days = np.where(missing, 0, ticks).astype("<i4")
        return Column("value", ArrowType(DATE, unit=0), len(array), nulls, [validity, days])
    values = np.where(missing, 0, ticks).astype("<i8") if nulls else ticks
    index = ("s", "ms", "us", "ns").index(unit)
    return Column("value", ArrowType(TIMESTAMP, unit=index), len(array), nulls, [validity, values])


def _string_vector(np: Any, array: Any) -> Column | None:
    try:
        items = [s.encode("utf-8") for s in array.tolist()] if array.dtype.kind == "U" else array.tolist()
    except UnicodeEncodeError:
        return None
    total = sum(len(item) for item in items)
    large = total > _MAX_SMALL
    offsets = np.zeros(len(items) + 1, dtype="<i8" if large else "<i4")
    np.cumsum([len(item) for item in items], out=offsets[1:])
    if array.dtype.kind == "U":
        tag = LARGE_UTF8 if large else UTF8
    else:
        tag = LARGE_BINARY if large else BINARY
    return Column("value", ArrowType(tag), len(items), 0, [b"", offsets, b"".join(items)])
