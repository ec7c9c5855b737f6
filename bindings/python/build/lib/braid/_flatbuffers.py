"""The FlatBuffers subset Arrow IPC metadata needs: a front-to-back builder and a bounds-checked reader.

Builder: the recipe of arrow-ipc-notes §3.3. Each table is laid out as
vtable then table (the table 8-aligned, so every inline scalar sits at a
multiple of its size from the buffer start), then its children (strings,
vectors, sub-tables) after it, with each uoffset patched to point forward.

Reader: follows every soffset and uoffset (vtables may be shared, short, or
on either side of their table, as pyarrow writes them), substitutes the
declared default for absent fields, and raises ``ArrowFormatError`` for
anything that points outside the buffer.
"""

from __future__ import annotations

import struct

from ._errors import ArrowFormatError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any, TypeAlias

    Child: TypeAlias = "Table | String | TableVector | StructVector"

__all__ = ["Table", "String", "TableVector", "StructVector", "build", "FBTable", "root"]

_SIZES = {"b": 1, "B": 1, "?": 1, "h": 2, "H": 2, "i": 4, "I": 4, "q": 8, "Q": 8}


# --- building --------------------------------------------------------------------------------


class String:
    """A string child: UTF-8 bytes, written with its length and a NUL terminator."""

    __slots__ = ("value",)

    def __init__(self, value: bytes):
        self.value = value


class TableVector:
    """A vector of tables or strings (one uoffset per element)."""

    __slots__ = ("items",)

    def __init__(self, items: list[Any]):
        self.items = items


class StructVector:
    """A vector of fixed-size structs, given as their packed bytes (elements start 8-aligned)."""

    __slots__ = ("count", "data")

    def __init__(self, count: int, data: bytes):
        self.count = count
        self.data = data


class Table:
    """A table to build: scalars by slot (``struct`` format and value) and children by slot."""

    __slots__ = ("scalars", "children")

    def __init__(self) -> None:
        self.scalars: dict[int, tuple[str, Any]] = {}
        self.children: dict[int, Child] = {}

    def scalar(self, slot: int, fmt: str, value: Any) -> Table:
        self.scalars[slot] = (fmt, value)
        return self

    def child(self, slot: int, value: Child) -> Table:
        self.children[slot] = value
        return self


def build(root_table: Table) -> bytes:
    """The flatbuffer for ``root_table``, padded to a multiple of 8 bytes."""
    builder = _Builder()
    position = builder.table(root_table)
    struct.pack_into("<I", builder.buf, 0, position)
    builder.pad_to(8)
    return bytes(builder.buf)


class _Builder:
    def __init__(self) -> None:
        self.buf = bytearray(4)  # the root uoffset, patched last

    def pad_to(self, alignment: int, extra: int = 0) -> None:
        self.buf += bytes(-(len(self.buf) + extra) % alignment)

    def table(self, table: Table) -> int:
        # Inline layout: soffset at +0, then fields biggest first, each at a multiple of its size.
        entries = [(slot, fmt, value, _SIZES[fmt]) for slot, (fmt, value) in table.scalars.items()]
        entries += [(slot, "I", child, 4) for slot, child in table.children.items()]
        entries.sort(key=lambda entry: (-entry[3], entry[0]))
        offsets: dict[int, int] = {}
        end = 4
        for slot, _fmt, _value, size in entries:
            end += -end % size
            offsets[slot] = end
            end += size
        slots = max(offsets, default=-1) + 1
        vtable = struct.pack(f"<HH{slots}H", 4 + 2 * slots, end, *(offsets.get(s, 0) for s in range(slots)))
        self.pad_to(8, extra=len(vtable))  # the table right after the vtable starts 8-aligned
        vtable_at = len(self.buf)
        self.buf += vtable
        table_at = len(self.buf)
        self.buf += bytes(end)
        struct.pack_into("<i", self.buf, table_at, table_at - vtable_at)
        for slot, (fmt, value) in table.scalars.items():
            struct.pack_into("<" + fmt, self.buf, table_at + offsets[slot], value)
        for slot, child in sorted(table.children.items()):
            where = table_at + offsets[slot]
            struct.pack_into("<I", self.buf, where, self.child(child) - where)
        return table_at

    def child(self, child: Child) -> int:
        if isinstance(child, Table):
            return self.table(child)
        if isinstance(child, String):
            self.pad_to(4)
            at = len(self.buf)
            self.buf += struct.pack("<I", len(child.value)) + child.value + b"\0"
            return at
        if isinstance(child, StructVector):
            self.pad_to(8, extra=4)  # the elements after the length word start 8-aligned
            at = len(self.buf)
            self.buf += struct.pack("<I", child.count) + child.data
            return at
        if isinstance(child, TableVector):
            self.pad_to(4)
            at = len(self.buf)
            self.buf += struct.pack("<I", len(child.items)) + bytes(4 * len(child.items))
            for index, item in enumerate(child.items):
                where = at + 4 + 4 * index
                struct.pack_into("<I", self.buf, where, self.child(item) - where)
            return at
        raise TypeError(f"not a flatbuffer child: {type(child).__name__}")


# --- reading ---------------------------------------------------------------------------------


def root(buf: bytes) -> FBTable:
    """The root table of a flatbuffer."""
    return FBTable(buf, _unpack("<I", buf, 0))


def _unpack(fmt: str, buf: bytes, at: int) -> Any:
    if at < 0:
        raise ArrowFormatError(f"flatbuffer offset {at} is negative")
    try:
        return struct.unpack_from(fmt, buf, at)[0]
    except struct.error:
        raise ArrowFormatError(f"flatbuffer offset {at} is outside the {len(buf)}-byte metadata") from None


class FBTable:
    """A table inside a flatbuffer: fields by slot number, with their declared defaults."""

    __slots__ = ("buf", "at", "vtable", "vtable_size")

    def __init__(self, buf: bytes, at: int):
        self.buf = buf
        self.at = at
        self.vtable = at - _unpack("<i", buf, at)
        self.vtable_size = _unpack("<H", buf, self.vtable)

    def _field(self, slot: int) -> int:
        entry = 4 + 2 * slot
        if entry + 2 > self.vtable_size:
            return 0
        relative = _unpack("<H", self.buf, self.vtable + entry)
        return self.at + relative if relative else 0

    def has(self, slot: int) -> bool:
        return self._field(slot) != 0

    def scalar(self, slot: int, fmt: str, default: Any = 0) -> Any:
        at = self._field(slot)
        return _unpack("<" + fmt, self.buf, at) if at else default

    def _target(self, slot: int) -> int:
        at = self._field(slot)
        return at + _unpack("<I", self.buf, at) if at else 0

    def table(self, slot: int) -> FBTable | None:
        at = self._target(slot)
        return FBTable(self.buf, at) if at else None

    def string(self, slot: int) -> str | None:
        at = self._target(slot)
        if not at:
            return None
        length = _unpack("<I", self.buf, at)
        raw = self.buf[at + 4: at + 4 + length]
        if len(raw) != length:
            raise ArrowFormatError(f"flatbuffer string at {at} runs past the metadata")
        try:
            return bytes(raw).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ArrowFormatError(f"flatbuffer string at {at} is not UTF-8: {error}") from None

    def vector(self, slot: int) -> tuple[int, int]:
        """``(first element position, element count)``; ``(0, 0)`` when absent."""
        at = self._target(slot)
        if not at:
            return 0, 0
        return at + 4, _unpack("<I", self.buf, at)

    def tables(self, slot: int) -> list[FBTable]:
        start, count = self.vector(slot)
        return [FBTable(self.buf, start + 4 * i + _unpack("<I", self.buf, start + 4 * i)) for i in range(count)]

    def structs(self, slot: int, fmt: str) -> list[tuple[Any, ...]]:
        start, count = self.vector(slot)
        size = struct.calcsize("<" + fmt)
        if start + size * count > len(self.buf):
            raise ArrowFormatError(f"flatbuffer vector at {start} runs past the metadata")
        return [struct.unpack_from("<" + fmt, self.buf, start + size * i) for i in range(count)]
