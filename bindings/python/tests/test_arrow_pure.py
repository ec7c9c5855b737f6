"""The pure-Python Arrow IPC writer and reader, checked against pyarrow and the shared reference files."""

from __future__ import annotations

import datetime as dt
import struct
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc
import pytest

from braid import ArrowFormatError
from braid._arrow_format import BOOL, DATE, NULL, TIMESTAMP, UTF8, ArrowType, Column, float_type, int_type
from braid._arrow_reader import Unsupported, open_file, schema_metadata
from braid._arrow_values import to_numpy, to_pylist
from braid._arrow_writer import file_bytes
from conftest import PYTHON

REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "testdata" / "arrow"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"no reference files in {REFERENCE}")


def pyarrow_reads(data: bytes) -> pa.Table:
    reader = ipc.open_file(pa.py_buffer(data))
    for index in range(reader.num_record_batches):
        reader.get_batch(index).validate(full=True)
    table = reader.read_all()
    table.validate(full=True)
    return table


def every_type() -> list[Column]:
    return [
        Column("i64", int_type(64), 3, 1, [bytes([0b101]), struct.pack("<3q", 1, 0, -3)]),
        Column("u8", int_type(8, signed=False), 3, 0, [b"", bytes([0, 128, 255])]),
        Column("f64", float_type(8), 3, 1, [bytes([0b011]), struct.pack("<3d", 1.5, float("nan"), 0)]),
        Column("f32", float_type(4), 3, 0, [b"", struct.pack("<3f", 1, 2, 3)]),
        Column("s", ArrowType(UTF8), 3, 1, [bytes([0b101]), struct.pack("<4i", 0, 1, 1, 4), b"accc"]),
        Column("b", ArrowType(BOOL), 3, 1, [bytes([0b011]), bytes([0b001])]),
        Column("d", ArrowType(DATE, unit=0), 3, 0, [b"", struct.pack("<3i", 19723, 0, -1)]),
        Column("ts", ArrowType(TIMESTAMP, unit=2, timezone="UTC"), 3, 0, [b"", struct.pack("<3q", 0, 1, 2)]),
        Column("n", ArrowType(NULL), 3, 3, []),
    ]


def test_written_file_is_fully_valid_and_holds_the_values():
    data = file_bytes(every_type(), {"braid": '{"version": 1}', "other": "é"})
    table = pyarrow_reads(data)
    assert table.schema.metadata == {b"braid": b'{"version": 1}', b"other": "é".encode()}
    rows = table.to_pydict()
    assert rows["i64"] == [1, None, -3] and rows["u8"] == [0, 128, 255] and rows["s"] == ["a", None, "ccc"]
    assert rows["b"] == [True, False, None] and rows["n"] == [None] * 3
    assert rows["d"] == [dt.date(2024, 1, 1), dt.date(1970, 1, 1), dt.date(1969, 12, 31)]
    assert str(table.schema.field("ts").type) == "timestamp[us, tz=UTC]"


def test_reader_reads_what_the_writer_wrote():
    data = file_bytes(every_type())
    columns = open_file(data).columns()
    table = pyarrow_reads(data)
    for name, chunks in columns.items():
        ours, theirs = to_pylist(chunks), table.column(name).to_pylist()
        if name == "f64":
            assert ours[0] == 1.5 and ours[1] != ours[1] and ours[2] is None
        else:
            assert ours == theirs, name


def test_file_layout_follows_the_format():
    data = file_bytes(every_type())
    assert data[:8] == b"ARROW1\0\0" and data[-6:] == b"ARROW1"
    footer_length = struct.unpack_from("<i", data, len(data) - 10)[0]
    arrow = open_file(data)
    for offset, meta_length, body_length in arrow.batch_blocks:
        assert offset % 8 == 0 and meta_length % 8 == 0 and body_length % 8 == 0
        assert data[offset:offset + 4] == b"\xff\xff\xff\xff"
    assert data[len(data) - 10 - footer_length - 8: len(data) - 10 - footer_length] == b"\xff\xff\xff\xff\0\0\0\0"


def test_no_columns_and_zero_rows():
    pyarrow_reads(file_bytes([]))
    table = pyarrow_reads(file_bytes([Column("value", ArrowType(UTF8), 0, 0, [b"", struct.pack("<i", 0), b""])]))
    assert table.num_rows == 0 and table.schema.field("value").type == pa.string()


@pytest.mark.skipif(not (REFERENCE / "dump_ipc.py").exists(), reason="no dump_ipc.py")
def test_reference_annotator_finds_no_problem(tmp_path):
    path = tmp_path / "ours.arrow"
    path.write_bytes(file_bytes(every_type(), {"braid": "{}"}))
    result = subprocess.run([PYTHON, str(REFERENCE / "dump_ipc.py"), str(path), "--compact"], capture_output=True,
                            text=True)
    assert "PROBLEM" not in result.stdout and result.returncode == 0, result.stdout[-2000:]


@needs_reference
@pytest.mark.parametrize("name", ["basic.arrow", "handmade.arrow", "zero_rows.arrow", "pandas_range_index.arrow"])
def test_reference_files_read_like_pyarrow_reads_them(name):
    data = (REFERENCE / name).read_bytes()
    ours = {column: to_pylist(chunks) for column, chunks in open_file(data).columns().items()}
    theirs = ipc.open_file(pa.py_buffer(data)).read_all()
    for column in theirs.column_names:
        expected = theirs.column(column).to_pylist()
        got = ours[column]
        assert len(got) == len(expected)
        for a, b in zip(got, expected, strict=True):
            assert a == b or (a != a and b != b), (column, got, expected)


@needs_reference
@pytest.mark.parametrize("name, reason", [("basic_lz4.arrow", "compressed"), ("basic_zstd.arrow", "compressed"),
                                          ("types.arrow", "column t32 has type time")])
def test_reference_files_beyond_the_reader_raise_unsupported(name, reason):
    with pytest.raises(Unsupported, match=reason):
        open_file((REFERENCE / name).read_bytes()).columns()


@needs_reference
def test_schema_metadata_reads_only_the_footer():
    metadata = schema_metadata(str(REFERENCE / "pandas_named_index.arrow"))
    assert "pandas" in metadata


def test_numpy_view_of_a_fixed_width_column_is_writable():
    data = bytearray(file_bytes([Column("value", int_type(32), 3, 0, [b"", struct.pack("<3i", 1, 2, 3)])]))
    array = to_numpy(open_file(data).columns()["value"])
    array[0] = 10
    assert array.tolist() == [10, 2, 3]


@pytest.mark.parametrize("damage, message", [
    (lambda d: d[:-1] + b"X", "must start and end with ARROW1"),
    (lambda d: d[:-10] + struct.pack("<i", 10 ** 6) + d[-6:], "footer length 1000000 does not fit"),
    (lambda d: b"ARROW1\0\0" + b"\0" * 8 + struct.pack("<i", 0) + b"ARROW1", "footer length 0 does not fit"),
])
def test_damaged_files_raise_format_errors(damage, message):
    data = file_bytes([Column("value", int_type(64), 1, 0, [b"", struct.pack("<q", 5)])])
    with pytest.raises(ArrowFormatError, match=message):
        open_file(damage(data))


def test_buffers_outside_the_body_are_caught():
    data = bytearray(file_bytes([Column("value", int_type(64), 1, 0, [b"", struct.pack("<q", 5)])]))
    arrow = open_file(bytes(data))
    offset, meta_length, body_length = arrow.batch_blocks[0]
    truncated = open_file(bytes(data))
    truncated.batch_blocks = [(offset, meta_length, 0)]  # a body too short for its buffers
    with pytest.raises(ArrowFormatError, match="lies outside the message body"):
        truncated.columns()


def test_nested_columns_raise_unsupported():
    sink = pa.BufferOutputStream()
    table = pa.table({"l": [[1, 2]]})
    with ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    with pytest.raises(Unsupported, match=r"column l is nested \(list\)"):
        open_file(sink.getvalue().to_pybytes()).columns()
