"""A pure-Python Arrow IPC *file* reader for flat columns (what scalar, json, vector and pickle artifacts hold).

Reads what pyarrow, R's arrow package and :mod:`braid._arrow_writer` write:
any flatbuffer layout (front to back or back to front, shared vtables),
legacy or current message framing, several record batches, dictionary
batches (R factors), int8–int64 (signed or not), float16/32/64, bool,
(large) utf8 and binary, date32/64, timestamps in any unit with or without a
time zone. Compressed bodies and nested types raise :class:`Unsupported`, so
the caller can hand the file to pyarrow instead.
"""

from __future__ import annotations

import os
import struct

from . import _flatbuffers as fb
from ._arrow_format import (
    BINARY,
    BOOL,
    CONTINUATION,
    DATE,
    FLOAT,
    HEADER_DICTIONARY,
    HEADER_RECORD_BATCH,
    INT,
    LARGE_BINARY,
    LARGE_UTF8,
    MAGIC,
    NULL,
    TIMESTAMP,
    UTF8,
    ArrowType,
)
from ._errors import ArrowFormatError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["Unsupported", "FieldInfo", "ColumnChunk", "ArrowFile", "open_file", "schema_metadata"]

_BUFFER_COUNTS = {NULL: 0, INT: 2, FLOAT: 2, BOOL: 2, DATE: 2, TIMESTAMP: 2,
                  BINARY: 3, UTF8: 3, LARGE_BINARY: 3, LARGE_UTF8: 3}


class Unsupported(ArrowFormatError):
    """A valid Arrow file that uses something this reader does not decode (compression, nested types)."""


class FieldInfo:
    """A schema field: its name, type, dictionary encoding (``(id, index type, ordered)``) and child count."""

    __slots__ = ("name", "type", "nullable", "dictionary", "children")

    def __init__(self, name: str, type: ArrowType, nullable: bool = True,
                 dictionary: tuple[int, ArrowType, bool] | None = None, children: int = 0):
        self.name = name
        self.type = type
        self.nullable = nullable
        self.dictionary = dictionary
        self.children = children


class ColumnChunk:
    """One column of one record batch: length, null count and its body buffers (memoryviews)."""

    def __init__(self, type: ArrowType, length: int, null_count: int, buffers: list[memoryview] | None = None):
        self.type = type
        self.length = length
        self.null_count = null_count
        self.buffers = buffers if buffers is not None else []


class ArrowFile:
    """An opened Arrow IPC file: its schema, schema metadata and the blocks listed in its footer."""

    def __init__(self, data: Any, fields: list[FieldInfo], metadata: dict[str, str],
                 dictionary_blocks: list[tuple[int, int, int]], batch_blocks: list[tuple[int, int, int]]):
        self.data = data
        self.fields = fields
        self.metadata = metadata
        self.dictionary_blocks = dictionary_blocks
        self.batch_blocks = batch_blocks

    def columns(self) -> dict[str, list[ColumnChunk]]:
        """Every column's chunks (one per record batch), dictionary-encoded ones already decoded to values."""
        dictionaries = self._dictionaries()
        result: dict[str, list[ColumnChunk]] = {f.name: [] for f in self.fields}
        for block in self.batch_blocks:
            length, chunks = self._batch(block, self.fields, expect=HEADER_RECORD_BATCH)
            for info, chunk in zip(self.fields, chunks, strict=True):
                if info.dictionary is not None:
                    chunk = _DictionaryChunk(chunk, dictionaries.get(info.dictionary[0], []))
                result[info.name].append(chunk)
        return result

    def _dictionaries(self) -> dict[int, list[ColumnChunk]]:
        by_id: dict[int, list[ColumnChunk]] = {}
        fields = {f.dictionary[0]: f for f in self.fields if f.dictionary is not None}
        for block in self.dictionary_blocks:
            message, body = _message(self.data, block)
            batch = message.table(2)
            if message.scalar(1, "B") != HEADER_DICTIONARY or batch is None:
                raise ArrowFormatError("a footer dictionary block does not hold a DictionaryBatch")
            dict_id = batch.scalar(0, "q", 0)
            owner = fields.get(dict_id)
            if owner is None:
                raise ArrowFormatError(f"dictionary batch {dict_id} belongs to no field")
            value_field = FieldInfo(owner.name, owner.type)
            data = batch.table(1)
            if data is None:
                raise ArrowFormatError("a DictionaryBatch has no data")
            _length, chunks = _record_batch(data, body, [value_field])
            if not batch.scalar(2, "?", False):
                by_id[dict_id] = []
            by_id.setdefault(dict_id, []).extend(chunks)
        return by_id

    def _batch(self, block: tuple[int, int, int], fields: list[FieldInfo], expect: int) -> tuple[int, list[Any]]:
        message_bytes, body = _message_bytes(self.data, block)
        header_type, layout = _memo("message", message_bytes, _decode_batch_message)
        if header_type != expect or layout is None:
            raise ArrowFormatError("a footer record-batch block does not hold a RecordBatch")
        return _chunks(layout, body, fields)


class _DictionaryChunk(ColumnChunk):
    """A dictionary-encoded column chunk: ``type``/``buffers`` are the indices; ``values`` the dictionary."""

    def __init__(self, indices: ColumnChunk, values: list[ColumnChunk]):
        super().__init__(indices.type, indices.length, indices.null_count, indices.buffers)
        self.values = values


def _i32(data: Any, at: int) -> int:
    try:
        return struct.unpack_from("<i", data, at)[0]
    except struct.error:
        raise ArrowFormatError(f"the file ends before offset {at + 4}") from None


def open_file(data: Any) -> ArrowFile:
    """Parses the footer of an Arrow IPC file held in ``data`` (bytes, bytearray or mmap)."""
    size = len(data)
    if size < 18 or bytes(data[:6]) != MAGIC or bytes(data[size - 6:]) != MAGIC:
        raise ArrowFormatError("not an Arrow IPC file (it must start and end with ARROW1)")
    footer_length = _i32(data, size - 10)
    if footer_length <= 0 or footer_length > size - 18:
        raise ArrowFormatError(f"footer length {footer_length} does not fit a {size}-byte file")
    footer_bytes = bytes(data[size - 10 - footer_length: size - 10])
    fields, metadata, dictionary_blocks, batch_blocks = _memo("footer", footer_bytes, _decode_footer)
    return ArrowFile(data=data, fields=fields, metadata=dict(metadata), dictionary_blocks=dictionary_blocks,
                     batch_blocks=batch_blocks)


def _decode_footer(footer_bytes: bytes) -> tuple:
    footer = fb.root(footer_bytes)
    schema = footer.table(1)
    if schema is None:
        raise ArrowFormatError("the footer has no schema")
    return ([_field(f) for f in schema.tables(1)], _key_values(schema),
            [(o, m, b) for o, m, b in footer.structs(2, "qi4xq")], [(o, m, b) for o, m, b in footer.structs(3, "qi4xq")])


# Decoded metadata (footers, record-batch headers) by their bytes. The client reads thousands of small artifact
# files whose metadata bytes are the same (one scalar per task of a foreach): each distinct one is decoded once.
# The result is shared, so nothing downstream may change it; only small metadata is kept, and only so many.
_MEMO: dict[tuple[str, bytes], Any] = {}
_MEMO_LIMIT, _MEMO_BYTES = 256, 4096


def _memo(kind: str, key: bytes, decode: Any) -> Any:
    if len(key) > _MEMO_BYTES:
        return decode(key)
    found = _MEMO.get((kind, key))
    if found is None:
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        found = _MEMO[(kind, key)] = decode(key)
    return found


def schema_metadata(path: str) -> dict[str, str]:
    """The schema's custom metadata, reading only the footer of the file at ``path``."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size < 18:
            raise ArrowFormatError(f"{path} is not an Arrow IPC file ({size} bytes)")
        handle.seek(size - 10)
        tail = handle.read(10)
        if tail[4:] != MAGIC:
            raise ArrowFormatError(f"{path} is not an Arrow IPC file (it must end with ARROW1)")
        footer_length = struct.unpack_from("<i", tail, 0)[0]
        if footer_length <= 0 or footer_length > size - 18:
            raise ArrowFormatError(f"{path}: footer length {footer_length} does not fit a {size}-byte file")
        handle.seek(size - 10 - footer_length)
        footer = fb.root(handle.read(footer_length))
    schema = footer.table(1)
    if schema is None:
        raise ArrowFormatError(f"{path}: the footer has no schema")
    return _key_values(schema)


def _key_values(table: fb.FBTable, slot: int = 2) -> dict[str, str]:
    return {kv.string(0) or "": kv.string(1) or "" for kv in table.tables(slot)}


def _type(tag: int, table: fb.FBTable | None) -> ArrowType:
    if table is None:
        return ArrowType(tag)
    if tag == INT:
        return ArrowType(INT, bit_width=table.scalar(0, "i", 0), signed=table.scalar(1, "?", False))
    if tag == FLOAT:
        return ArrowType(FLOAT, precision=table.scalar(0, "h", 0))
    if tag == DATE:
        return ArrowType(DATE, unit=table.scalar(0, "h", 1))  # default MILLISECOND
    if tag == TIMESTAMP:
        return ArrowType(TIMESTAMP, unit=table.scalar(0, "h", 0), timezone=table.string(1) or None)
    return ArrowType(tag)


def _field(table: fb.FBTable) -> FieldInfo:
    tag = table.scalar(2, "B", 0)
    info = FieldInfo(name=table.string(0) or "", type=_type(tag, table.table(3)),
                     nullable=table.scalar(1, "?", False), children=table.vector(5)[1])
    encoding = table.table(4)
    if encoding is not None:
        index = encoding.table(1)
        index_type = _type(INT, index) if index is not None else ArrowType(INT, bit_width=32, signed=True)
        info.dictionary = (encoding.scalar(0, "q", 0), index_type, encoding.scalar(2, "?", False))
    return info


def _message(data: Any, block: tuple[int, int, int]) -> tuple[fb.FBTable, memoryview]:
    message_bytes, body = _message_bytes(data, block)
    return fb.root(message_bytes), body


def _decode_batch_message(message_bytes: bytes) -> tuple[int, tuple | None]:
    """A message's header type and, for a record batch, its layout (see ``_layout``)."""
    message = fb.root(message_bytes)
    header = message.table(2)
    return message.scalar(1, "B"), (_layout(header) if header is not None else None)


def _message_bytes(data: Any, block: tuple[int, int, int]) -> tuple[bytes, memoryview]:
    offset, meta_length, body_length = block
    if offset < 8 or meta_length < 8 or body_length < 0 or offset + meta_length + body_length > len(data):
        raise ArrowFormatError(f"block at {offset} ({meta_length} + {body_length} bytes) lies outside the file")
    if bytes(data[offset:offset + 4]) == CONTINUATION:
        start, length = offset + 8, _i32(data, offset + 4)
    else:  # legacy framing: no continuation marker
        start, length = offset + 4, _i32(data, offset)
    if length <= 0 or start + length > offset + meta_length:
        raise ArrowFormatError(f"message at {offset} has metadata length {length}, not within its block")
    body_start = offset + meta_length
    return bytes(data[start:start + length]), memoryview(data)[body_start: body_start + body_length]


def _layout(batch: fb.FBTable) -> tuple[bool, int, list, list]:
    """A record batch header as data: compressed or not, its length, field nodes and buffers."""
    return batch.has(3), batch.scalar(0, "q", 0), batch.structs(1, "qq"), batch.structs(2, "qq")


def _record_batch(batch: fb.FBTable, body: memoryview, fields: list[FieldInfo]) -> tuple[int, list[ColumnChunk]]:
    return _chunks(_layout(batch), body, fields)


def _chunks(layout: tuple, body: memoryview, fields: list[FieldInfo]) -> tuple[int, list[ColumnChunk]]:
    compressed, length, nodes, buffers = layout
    if compressed:
        raise Unsupported("the record batch body is compressed (LZ4 or ZSTD)")
    chunks, node_at, buffer_at = [], 0, 0
    for info in fields:
        if info.children:
            raise Unsupported(f"column {info.name} is nested ({info.type.name})")
        kind = info.dictionary[1] if info.dictionary is not None else info.type
        if info.dictionary is None and kind.tag not in _BUFFER_COUNTS:
            raise Unsupported(f"column {info.name} has type {kind.name}")
        count = 2 if info.dictionary is not None else _BUFFER_COUNTS[kind.tag]
        if node_at >= len(nodes) or buffer_at + count > len(buffers):
            raise ArrowFormatError(f"the record batch has too few nodes or buffers for column {info.name}")
        node_length, null_count = nodes[node_at]
        views = []
        for offset, size in buffers[buffer_at: buffer_at + count]:
            if offset < 0 or size < 0 or offset + size > len(body):
                raise ArrowFormatError(f"a buffer of column {info.name} lies outside the message body")
            views.append(body[offset: offset + size])
        chunks.append(ColumnChunk(kind, node_length, null_count, views))
        node_at += 1
        buffer_at += count
    return length, chunks
