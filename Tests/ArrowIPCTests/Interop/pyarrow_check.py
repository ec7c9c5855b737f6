#!/usr/bin/env python3
"""Checks Arrow IPC files written by the Swift writer against pyarrow.

Usage:  pyarrow_check.py DIR

For every DIR/<case>.expected.json (written by PyArrowInteropTests.swift)
this opens the file it names with the strict calls of the notes' §7.1,
compares schema, metadata, read statistics and every value with the
expectation, and prints one line per case:

    OK <case>
    FAIL <case>: <what differs>

Exit status: 0 when every case is OK, 1 when one failed, 3 when pyarrow
cannot be imported (the Swift test records that as an issue, never a skip).

Values are compared in a canonical JSON form that both sides produce:
temporal values as their integer storage, floats as numbers with "NaN",
"Infinity" and "-Infinity" as strings, binary as hex, structs as lists of
their field values, dictionary columns resolved to their values.
"""
import glob
import json
import math
import os
import sys

try:
    import pyarrow as pa
    import pyarrow.ipc as ipc
except Exception as error:  # noqa: BLE001 - any import failure is reported
    print(f"NO-PYARROW: {sys.executable}: {error!r}")
    sys.exit(3)


def canon_float(x):
    if x is None:
        return None
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def canon(arr):
    """One column (a pyarrow Array) in the canonical JSON form."""
    t = arr.type
    valid = arr.is_valid().to_pylist()
    if pa.types.is_dictionary(t):
        values = canon(arr.dictionary)
        return [None if i is None else values[i] for i in arr.indices.to_pylist()]
    if pa.types.is_struct(t):
        kids = [canon(arr.field(k)) for k in range(t.num_fields)]
        return [[kid[j] for kid in kids] if valid[j] else None for j in range(len(arr))]
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        offsets = arr.offsets.to_pylist()
        values = canon(arr.values)
        return [values[offsets[j]:offsets[j + 1]] if valid[j] else None for j in range(len(arr))]
    if pa.types.is_fixed_size_list(t):
        size = t.list_size
        values = canon(arr.values)
        first = arr.offset
        return [values[(first + j) * size:(first + j + 1) * size] if valid[j] else None
                for j in range(len(arr))]
    if pa.types.is_date32(t) or pa.types.is_time32(t):
        return arr.view(pa.int32()).to_pylist()
    if (pa.types.is_date64(t) or pa.types.is_time64(t) or pa.types.is_timestamp(t)
            or pa.types.is_duration(t)):
        return arr.view(pa.int64()).to_pylist()
    if pa.types.is_floating(t):
        return [canon_float(x) for x in arr.cast(pa.float64()).to_pylist()]
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return [None if v is None else v.hex() for v in arr.to_pylist()]
    if pa.types.is_null(t):
        return [None] * len(arr)
    return arr.to_pylist()


def pairs(metadata):
    return [[k.decode(), v.decode()] for k, v in (metadata or {}).items()]


def describe_schema(schema):
    return {
        "fields": [{"name": f.name, "type": str(f.type), "nullable": f.nullable,
                    "metadata": pairs(f.metadata)} for f in schema],
        "metadata": pairs(schema.metadata),
    }


def compare(what, actual, expected):
    if actual != expected:
        raise AssertionError(f"{what}: pyarrow read {json.dumps(actual)[:600]}, "
                             f"expected {json.dumps(expected)[:600]}")


def compare_batches(batches, expected):
    compare("number of record batches", len(batches), len(expected))
    for b, (batch, want) in enumerate(zip(batches, expected)):
        compare(f"batch {b} length", batch.num_rows, want["length"])
        for c, (column, values) in enumerate(zip(batch.columns, want["columns"])):
            compare(f"batch {b} column {c} ('{batch.schema[c].name}')", canon(column), values)


def check_stats(stats, expected):
    for key, value in (expected or {}).items():
        compare(f"read statistics {key}", getattr(stats, key), value)


def check_compression(data, codec):
    # The frame magic proves the codec was used (pyarrow exposes no flag).
    magic = {"zstd": b"\x28\xb5\x2f\xfd", "lz4": b"\x04\x22\x4d\x18"}
    if codec is not None and magic[codec] not in data:
        raise AssertionError(f"no {codec} frame found in the file")


def check_file(path, expected):
    reader = ipc.open_file(path)                      # trailing magic, footer, blocks
    table = reader.read_all()                         # every message and buffer
    check_stats(reader.stats, expected.get("stats"))  # before get_batch adds to them
    batches = [reader.get_batch(i) for i in range(reader.num_record_batches)]
    for batch in batches:
        batch.validate(full=True)                     # random access via the Blocks
    table.validate(full=True)
    compare("schema", describe_schema(reader.schema), expected["schema"])
    compare("footer metadata", pairs(reader.metadata), expected.get("footer_metadata", []))
    compare_batches(batches, expected["batches"])
    # The stream inside the file must read on its own as well (notes §2).
    with open(path, "rb") as f:
        data = f.read()
    inner = ipc.open_stream(pa.py_buffer(data[8:]))
    compare_batches(list(inner), expected["batches"])
    check_compression(data, expected.get("compression"))


def check_stream(path, expected):
    reader = ipc.open_stream(path)
    batches = list(reader)
    pa.Table.from_batches(batches, schema=reader.schema).validate(full=True)
    for batch in batches:
        batch.validate(full=True)
    compare("schema", describe_schema(reader.schema), expected["schema"])
    check_stats(reader.stats, expected.get("stats"))
    compare_batches(batches, expected["batches"])
    with open(path, "rb") as f:
        data = f.read()
    if not data.endswith(b"\xff\xff\xff\xff\x00\x00\x00\x00"):
        raise AssertionError("the stream does not end with the end-of-stream marker")
    check_compression(data, expected.get("compression"))


def main(directory):
    failures = 0
    cases = sorted(glob.glob(os.path.join(directory, "*.expected.json")))
    if not cases:
        print(f"FAIL (none): no *.expected.json in {directory}")
        return 1
    for expected_path in cases:
        with open(expected_path) as f:
            expected = json.load(f)
        name = expected["case"]
        path = os.path.join(directory, expected["file"])
        try:
            (check_file if expected["format"] == "file" else check_stream)(path, expected)
            print(f"OK {name}")
        except Exception as error:  # noqa: BLE001 - report every case
            failures += 1
            message = str(error).replace("\n", " ")
            print(f"FAIL {name}: {type(error).__name__}: {message}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
