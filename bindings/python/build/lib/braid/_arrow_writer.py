"""A pure-Python Arrow IPC *file* writer (Feather v2) for flat columns: one schema, one record batch.

Follows arrow-ipc-notes §2–§4: ``ARROW1`` + padding, the Schema message, one
RecordBatch message, the end-of-stream marker, the Footer and its length,
``ARROW1``. Every message is ``ff ff ff ff``, i32 M, the flatbuffer padded so
8 + M is a multiple of 8, then the body; every body buffer starts 8-aligned.
MetadataVersion V5 everywhere; ``Date.unit`` written explicitly; strings
NUL-terminated (the flatbuffer builder does it). The body goes straight to
the file, so large vectors are never copied into one big ``bytes``.
"""

from __future__ import annotations

import struct

from . import _flatbuffers as fb
from ._arrow_format import (
    BINARY,
    BOOL,
    CONTINUATION,
    DATE,
    FLOAT,
    HEADER_RECORD_BATCH,
    HEADER_SCHEMA,
    INT,
    LARGE_BINARY,
    LARGE_UTF8,
    MAGIC,
    METADATA_V5,
    NULL,
    TIMESTAMP,
    UTF8,
    ArrowType,
    Column,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import BinaryIO

__all__ = ["write_file", "file_bytes"]

_EOS = CONTINUATION + b"\0\0\0\0"


def _type_table(kind: ArrowType) -> fb.Table:
    table = fb.Table()
    if kind.tag == INT:
        table.scalar(0, "i", kind.bit_width).scalar(1, "?", kind.signed)
    elif kind.tag == FLOAT:
        table.scalar(0, "h", kind.precision)
    elif kind.tag == DATE:
        table.scalar(0, "h", kind.unit)  # explicit: the schema's default is MILLISECOND
    elif kind.tag == TIMESTAMP:
        table.scalar(0, "h", kind.unit)
        if kind.timezone:
            table.child(1, fb.String(kind.timezone.encode("utf-8")))
    elif kind.tag not in (NULL, BINARY, UTF8, BOOL, LARGE_BINARY, LARGE_UTF8):
        raise ValueError(f"the pure-Python Arrow writer does not write {kind.name}")
    return table


def _key_values(metadata: dict[str, str]) -> fb.TableVector:
    return fb.TableVector([
        fb.Table().child(0, fb.String(key.encode("utf-8"))).child(1, fb.String(value.encode("utf-8")))
        for key, value in metadata.items()
    ])


def _schema(columns: list[Column], metadata: dict[str, str]) -> fb.Table:
    fields = []
    for column in columns:
        fields.append(fb.Table()
                      .child(0, fb.String(column.name.encode("utf-8")))
                      .scalar(1, "?", True)
                      .scalar(2, "B", column.type.tag)
                      .child(3, _type_table(column.type))
                      .child(5, fb.TableVector([])))
    schema = fb.Table().child(1, fb.TableVector(fields))
    if metadata:
        schema.child(2, _key_values(metadata))
    return schema


def _message(header_type: int, header: fb.Table, body_length: int) -> bytes:
    message = fb.Table().scalar(0, "h", METADATA_V5).scalar(1, "B", header_type).child(2, header)
    if body_length:
        message.scalar(3, "q", body_length)
    flatbuffer = fb.build(message)  # already a multiple of 8 long
    return CONTINUATION + struct.pack("<i", len(flatbuffer)) + flatbuffer


def _body_layout(columns: list[Column]) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int]:
    """FieldNodes, Buffers (offset, length) and the body length, every buffer 8-aligned."""
    nodes, buffers = [], []
    offset = 0
    for column in columns:
        nodes.append((column.length, column.null_count))
        for data in column.buffers:
            size = memoryview(data).nbytes
            buffers.append((offset, size))
            offset += size + (-size % 8)
    return nodes, buffers, offset


def write_file(sink: BinaryIO, columns: list[Column], metadata: dict[str, str] | None = None) -> None:
    """Writes an Arrow IPC file holding ``columns`` as one record batch, with schema ``metadata``."""
    metadata = metadata or {}
    length = columns[0].length if columns else 0
    if any(column.length != length for column in columns):
        raise ValueError("all columns of a record batch have the same length")
    nodes, buffers, body_length = _body_layout(columns)

    schema_message = _message(HEADER_SCHEMA, _schema(columns, metadata), 0)
    batch = (fb.Table()
             .scalar(0, "q", length)
             .child(1, fb.StructVector(len(nodes), b"".join(struct.pack("<qq", *n) for n in nodes)))
             .child(2, fb.StructVector(len(buffers), b"".join(struct.pack("<qq", *b) for b in buffers))))
    batch_message = _message(HEADER_RECORD_BATCH, batch, body_length)

    sink.write(MAGIC + b"\0\0")
    sink.write(schema_message)
    batch_offset = 8 + len(schema_message)
    sink.write(batch_message)
    for column in columns:
        for data in column.buffers:
            view = memoryview(data).cast("B")
            sink.write(view)
            sink.write(bytes(-view.nbytes % 8))
    sink.write(_EOS)

    block = struct.pack("<qi4xq", batch_offset, len(batch_message), body_length)
    footer = fb.build(fb.Table()
                      .scalar(0, "h", METADATA_V5)
                      .child(1, _schema(columns, metadata))
                      .child(2, fb.StructVector(0, b""))
                      .child(3, fb.StructVector(1, block)))
    sink.write(footer)
    sink.write(struct.pack("<i", len(footer)))
    sink.write(MAGIC)


def file_bytes(columns: list[Column], metadata: dict[str, str] | None = None) -> bytes:
    """The bytes of the Arrow IPC file that :func:`write_file` would write."""
    import io

    sink = io.BytesIO()
    write_file(sink, columns, metadata)
    return sink.getvalue()

