#!/usr/bin/env python3
"""Writes the reader's own test fixtures next to this script (pyarrow 26.0.1).

The shared reference files (../../../../shared/testdata/arrow) cover the
common cases; these add what they do not: footer metadata, dictionaries
nested in a struct and a list, dictionary replacement in a stream, deltas in
a file, more types and units, several batches, and types the reader refuses.
Each file is read back with pyarrow's strict checks before it is kept.

Run: python3 gen_fixtures.py
"""
import datetime
import os

import numpy as np
import pyarrow as pa
import pyarrow.ipc as ipc

HERE = os.path.dirname(os.path.abspath(__file__))


def write_file(name, table, metadata=None, options=None, batches=None):
    path = os.path.join(HERE, name)
    with pa.OSFile(path, "wb") as sink:
        with ipc.new_file(sink, table.schema, metadata=metadata, options=options) as writer:
            for batch in batches if batches is not None else table.to_batches():
                writer.write_batch(batch)
    reader = ipc.open_file(path)
    for i in range(reader.num_record_batches):
        reader.get_batch(i).validate(full=True)
    reader.read_all().validate(full=True)


def write_stream(name, schema, batches, options=None):
    path = os.path.join(HERE, name)
    with pa.OSFile(path, "wb") as sink:
        with ipc.new_stream(sink, schema, options=options) as writer:
            for batch in batches:
                writer.write_batch(batch)
    ipc.open_stream(path).read_all().validate(full=True)


def footer_metadata():
    schema = pa.schema(
        [pa.field("x", pa.int64(), metadata={"unit": "m", "ARROW:extension:name": "none"})],
        metadata={"b": "2", "a": "1", "b ": "dup-ish", "ключ": "значение"},
    )
    table = pa.table({"x": [1, 2]}, schema=schema)
    write_file("footer_metadata.arrow", table, metadata={"origin": "braid-tests", "empty": ""})


def nested_dictionary():
    words = pa.array(["x", "y", "x", None]).dictionary_encode()
    idx16 = pa.DictionaryArray.from_arrays(pa.array([1, 0, None, 1], pa.int16()), pa.array(["lo", "hi"]))
    st = pa.StructArray.from_arrays([idx16, pa.array([1, 2, 3, 4], pa.int32())], names=["d", "n"])
    inner = pa.DictionaryArray.from_arrays(pa.array([0, 1, 1, 0, 2], pa.int8()), pa.array(["p", "q", "r"]))
    lst = pa.ListArray.from_arrays(pa.array([0, 2, 2, 3, 5], pa.int32()), inner)
    batch = pa.record_batch([words, st, lst], names=["words", "st", "lst"])
    write_stream("nested_dictionary.arrows", batch.schema, [batch])
    write_file("nested_dictionary.arrow", pa.Table.from_batches([batch]))


def dictionary_replacement():
    b1 = pa.record_batch([pa.array(["a", "b", "a"]).dictionary_encode()], names=["d"])
    b2 = pa.record_batch([pa.array(["z", "y"]).dictionary_encode()], names=["d"])
    write_stream("dictionary_replacement.arrows", b1.schema, [b1, b2])


def file_with_deltas():
    b1 = pa.record_batch([pa.DictionaryArray.from_arrays(pa.array([0, 1], pa.int32()), pa.array(["a", "b"]))], names=["d"])
    b2 = pa.record_batch([pa.DictionaryArray.from_arrays(pa.array([2, 0, None], pa.int32()), pa.array(["a", "b", "c"]))], names=["d"])
    options = ipc.IpcWriteOptions(emit_dictionary_deltas=True)
    write_file("file_deltas.arrow", pa.Table.from_batches([b1, b2]), options=options, batches=[b1, b2])


def more_types():
    utc = datetime.timezone.utc
    columns = {
        "f16": pa.array(np.array([1.5, -2.0, 0.0], dtype=np.float16)),
        "f64": pa.array([float("inf"), -0.0, None]),
        "u8": pa.array([255, None, 0], pa.uint8()),
        "i16": pa.array([-32768, 32767, None], pa.int16()),
        "u32": pa.array([4294967295, None, 1], pa.uint32()),
        "i32": pa.array([None, -7, 2147483647], pa.int32()),
        "d32": pa.array([datetime.date(2000, 2, 29), None, datetime.date(1969, 12, 31)]),
        "t32s": pa.array([3600, None, 86399], pa.time32("s")),
        "t64ns": pa.array([1, None, 86399999999999], pa.time64("ns")),
        "tss": pa.array([0, None, -1], pa.timestamp("s", tz="Europe/Paris")),
        "tsms": pa.array([1704110400000, None, 5], pa.timestamp("ms")),
        "durms": pa.array([1500, None, -1], pa.duration("ms")),
        "durus": pa.array([None, 2, 3], pa.duration("us")),
        "durns": pa.array([7, 8, None], pa.duration("ns")),
        "s": pa.array(["", None, "日本"]),
        "bools": pa.array([False, True, True]),
    }
    table = pa.table(columns)
    write_file("more_types.arrow", table)


def multi_batch():
    batches = [pa.record_batch([pa.array([i * 10 + k for k in range(i + 1)], pa.int64())], names=["v"]) for i in range(3)]
    write_file("multi_batch.arrow", pa.Table.from_batches(batches), batches=batches)
    write_stream("multi_batch_lz4.arrows", batches[0].schema, batches,
                 options=ipc.IpcWriteOptions(compression="lz4"))


def unsupported():
    write_file("decimal.arrow", pa.table({"amount": pa.array([1, 2], pa.decimal128(10, 2))}))
    write_file("map.arrow", pa.table({"m": pa.array([[("k", 1)]], pa.map_(pa.utf8(), pa.int32()))}))
    write_file("fixed_binary.arrow", pa.table({"fb": pa.array([b"ab"], pa.binary(2))}))


if __name__ == "__main__":
    footer_metadata()
    nested_dictionary()
    dictionary_replacement()
    file_with_deltas()
    more_types()
    multi_batch()
    unsupported()
