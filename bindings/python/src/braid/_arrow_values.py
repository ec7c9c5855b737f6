"""Arrow column chunks (from :mod:`braid._arrow_reader`) → Python values or numpy arrays.

``to_pylist`` needs nothing but the standard library: ints, floats (NaN kept
apart from null), bools, str, bytes, ``datetime.date``, ``datetime.datetime``
(naive, or aware in the column's time zone), None. ``to_numpy`` builds one
1-D array per column; numpy has no nulls, so a column with nulls becomes
float64 with NaN (ints, floats), NaT (dates, times) or an object array with
None (bool, strings).
"""

from __future__ import annotations

import struct

from ._arrow_format import (
    BINARY,
    BOOL,
    DATE,
    DATE_DAY,
    FLOAT,
    INT,
    LARGE_BINARY,
    LARGE_UTF8,
    NULL,
    TIME_UNITS,
    TIMESTAMP,
    UTF8,
    ArrowType,
)
from ._arrow_reader import ColumnChunk, Unsupported
from ._errors import ArrowFormatError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["to_pylist", "to_numpy", "timezone_named"]

_MICROSECONDS_PER = {0: 1_000_000, 1: 1_000, 2: 1}  # SECOND, MILLISECOND, MICROSECOND


def _int_format(kind: ArrowType) -> str:
    letter = {8: "b", 16: "h", 32: "i", 64: "q"}.get(kind.bit_width)
    if letter is None:
        raise ArrowFormatError(f"an int column has bit width {kind.bit_width}")
    return letter if kind.signed else letter.upper()


def _fixed_format(kind: ArrowType) -> str:
    if kind.tag == INT:
        return _int_format(kind)
    if kind.tag == FLOAT:
        return {0: "e", 1: "f", 2: "d"}[kind.precision]
    if kind.tag == DATE:
        return "i" if kind.unit == DATE_DAY else "q"
    if kind.tag == TIMESTAMP:
        return "q"
    raise Unsupported(f"no fixed-width layout for {kind.name}")


def _validity(chunk: ColumnChunk) -> list[bool] | None:
    if chunk.null_count == 0 or (chunk.type.tag == NULL and not chunk.buffers):
        return None
    bits = chunk.buffers[0]
    if len(bits) * 8 < chunk.length:
        raise ArrowFormatError(f"a validity bitmap of {len(bits)} bytes is too short for {chunk.length} values")
    return [bool((bits[i >> 3] >> (i & 7)) & 1) for i in range(chunk.length)]


def _unpack(fmt: str, buffer: memoryview, count: int) -> tuple[Any, ...]:
    try:
        return struct.unpack_from(f"<{count}{fmt}", buffer, 0)
    except struct.error:
        raise ArrowFormatError(f"a buffer of {len(buffer)} bytes is too short for {count} values") from None


def _binary_values(chunk: ColumnChunk) -> list[bytes]:
    large = chunk.type.tag in (LARGE_UTF8, LARGE_BINARY)
    offsets = _unpack("q" if large else "i", chunk.buffers[1], chunk.length + 1) if chunk.length else (0,)
    data = chunk.buffers[2]
    if offsets[-1] > len(data):
        raise ArrowFormatError(f"string offsets run past the {len(data)}-byte data buffer")
    return [bytes(data[offsets[i]:offsets[i + 1]]) for i in range(chunk.length)]


def timezone_named(name: str) -> dt.tzinfo:
    """The tzinfo for an Arrow time zone string: ``UTC``, ``+02:00`` or an IANA name."""
    import datetime as dt  # here, not at the top: most workers never read a date

    if name.upper() in ("UTC", "Z", "ETC/UTC"):
        return dt.timezone.utc
    if name[:1] in "+-" and len(name) in (5, 6):
        sign = -1 if name[0] == "-" else 1
        hours, minutes = int(name[1:3]), int(name[-2:])
        return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ArrowFormatError(f"unknown time zone {name!r}") from None


def _timestamps(values: tuple[int, ...], kind: ArrowType) -> list[dt.datetime]:
    import datetime as dt

    unit = TIME_UNITS[kind.unit]
    if unit == "ns":
        micros = [v // 1000 for v in values]
    else:
        scale = _MICROSECONDS_PER[kind.unit]
        micros = [v * scale for v in values]
    if kind.timezone:
        zone = timezone_named(kind.timezone)
        epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
        return [(epoch + dt.timedelta(microseconds=m)).astimezone(zone) for m in micros]
    epoch = dt.datetime(1970, 1, 1)
    return [epoch + dt.timedelta(microseconds=m) for m in micros]


def _plain_pylist(chunk: ColumnChunk) -> list[Any]:
    kind, length = chunk.type, chunk.length
    if kind.tag == NULL:
        return [None] * length
    if kind.tag == BOOL:
        bits = chunk.buffers[1]
        return [bool((bits[i >> 3] >> (i & 7)) & 1) for i in range(length)]
    if kind.tag in (UTF8, LARGE_UTF8):
        try:
            return [raw.decode("utf-8") for raw in _binary_values(chunk)]
        except UnicodeDecodeError as error:
            raise ArrowFormatError(f"a utf8 column holds invalid UTF-8: {error}") from None
    if kind.tag in (BINARY, LARGE_BINARY):
        return _binary_values(chunk)
    values = _unpack(_fixed_format(kind), chunk.buffers[1], length)
    if kind.tag == DATE:
        import datetime as dt

        epoch = dt.date(1970, 1, 1)
        if kind.unit == DATE_DAY:
            return [epoch + dt.timedelta(days=v) for v in values]
        return [epoch + dt.timedelta(days=v // 86_400_000) for v in values]
    if kind.tag == TIMESTAMP:
        return _timestamps(values, kind)
    return list(values)


def to_pylist(chunks: list[ColumnChunk]) -> list[Any]:
    """The column's values as Python objects, None for nulls (dictionary columns give their values)."""
    result: list[Any] = []
    for chunk in chunks:
        values = getattr(chunk, "values", None)
        if values is not None:
            dictionary = to_pylist(values)
            indices = _plain_pylist(chunk)
            try:
                plain = [dictionary[i] for i in indices]
            except IndexError:
                raise ArrowFormatError("a dictionary index is out of range") from None
        else:
            plain = _plain_pylist(chunk)
        valid = _validity(chunk)
        if valid is not None:
            plain = [v if ok else None for v, ok in zip(plain, valid, strict=True)]
        result.extend(plain)
    return result


def _numpy_dtype(kind: ArrowType) -> str:
    if kind.tag == INT:
        return f"{'i' if kind.signed else 'u'}{kind.bit_width // 8}"
    if kind.tag == FLOAT:
        return {0: "f2", 1: "f4", 2: "f8"}[kind.precision]
    if kind.tag == DATE:
        return "M8[D]" if kind.unit == DATE_DAY else "M8[ms]"
    if kind.tag == TIMESTAMP:
        return f"M8[{TIME_UNITS[kind.unit]}]"
    raise Unsupported(f"no numpy dtype for {kind.name}")


def _chunk_numpy(chunk: ColumnChunk) -> Any:
    import numpy as np

    kind, length = chunk.type, chunk.length
    if getattr(chunk, "values", None) is not None or kind.tag in (NULL, UTF8, LARGE_UTF8, BINARY, LARGE_BINARY):
        values = to_pylist([chunk])
        if chunk.null_count or kind.tag == NULL:
            return np.array(values, dtype=object)
        return np.array(values) if values else np.array([], dtype="U1" if kind.tag != BINARY else "S1")
    if kind.tag == BOOL:
        bits = np.frombuffer(chunk.buffers[1], dtype=np.uint8)
        array = np.unpackbits(bits, bitorder="little")[:length].astype(bool)
        if chunk.null_count:
            valid = _validity(chunk)
            return np.array([bool(v) if ok else None for v, ok in zip(array, valid, strict=True)], dtype=object)
        return array
    storage = _numpy_dtype(kind)
    if kind.tag == DATE and kind.unit == DATE_DAY:
        raw = "<i4"
    elif kind.tag in (DATE, TIMESTAMP):
        raw = "<i8"
    else:
        raw = "<" + storage
    try:
        array = np.frombuffer(chunk.buffers[1], dtype=raw, count=length)
    except ValueError:
        raise ArrowFormatError(f"a buffer of {len(chunk.buffers[1])} bytes is too short for {length} values") from None
    if kind.tag in (DATE, TIMESTAMP):
        array = array.astype("<i8").view(storage) if raw == "<i4" else array.view(storage)
    if chunk.null_count:
        mask = ~np.array(_validity(chunk), dtype=bool)
        if kind.tag in (DATE, TIMESTAMP):
            array = array.copy()
            array[mask] = np.datetime64("NaT")
        else:
            array = array.astype(np.float64)
            array[mask] = np.nan
    return array


def to_numpy(chunks: list[ColumnChunk]) -> Any:
    """The column as one 1-D numpy array (writable; it may share memory with the file's bytes)."""
    import numpy as np

    arrays = [_chunk_numpy(chunk) for chunk in chunks]
    if len(arrays) == 1:
        return arrays[0]
    if not arrays:
        return np.array([])
    return np.concatenate(arrays)
