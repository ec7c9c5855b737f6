"""Artifact values ↔ files: every kind round trips, files are valid Arrow, errors name the artifact."""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
import zoneinfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc
import pytest

from braid import ArtifactReadError, ArtifactWriteError
from braid._artifacts import fingerprint, load_artifact, read_artifact, write_artifact

PARIS = zoneinfo.ZoneInfo("Europe/Paris")

SCALARS = [
    None, True, False, 0, 5, -(2 ** 63), 2 ** 63 - 1, 1.5, -0.0, float("inf"), "", "héllo ✓",
    dt.date(2024, 2, 29), dt.date(1, 1, 1), dt.datetime(2024, 1, 1, 12, 0, 0, 500),
    dt.datetime(2024, 7, 1, 12, tzinfo=PARIS), dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
    dt.datetime(2024, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=-3, minutes=-30))),
    np.float64(2.5), np.float32(1.25), np.int64(-3), np.int32(7), np.int8(-1), np.uint16(9), np.bool_(True),
]
JSONS = [[], {}, [1, 2.5, "x", None, True], {"a": {"b": [1, {"c": None}]}, "é": "ü"}]
PICKLES = [(1, 2), {1: 2}, {1, 2}, 2 ** 70, b"bytes", [float("nan")], [(1, 2)], dt.time(12, 30),
           dt.datetime(2024, 1, 1, tzinfo=dt.timezone(dt.timedelta(seconds=30))), np.zeros((2, 2)),
           np.array([1, None], dtype=object), np.timedelta64(3, "D"), pd.Series([1, 2], name="s"), "\ud800"]
VECTORS = [
    np.arange(5, dtype=np.int32), np.array([1, 2, 3], dtype=np.uint64), np.array([-1, 0], dtype=np.int8),
    np.array([1.5, np.nan, -np.inf]), np.array([1, 2], dtype=np.float16), np.array([True, False, True]),
    np.array(["a", "bcd", ""]), np.array([b"ab", b"c"]), np.array(["2024-01-01", "NaT"], dtype="M8[D]"),
    np.array(["2024-01-01T00:00:01.5", "NaT"], dtype="M8[ms]"), np.array([1, 2], dtype="M8[ns]"),
    np.array([], dtype=np.float64), np.arange(10)[::3],
]


def validated(path) -> pa.Table:
    """Reads a file with pyarrow's strictest checks."""
    reader = ipc.open_file(str(path))
    for index in range(reader.num_record_batches):
        reader.get_batch(index).validate(full=True)
    table = reader.read_all()
    table.validate(full=True)
    return table


def same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        if a.dtype.kind == "M":
            return a.dtype == b.dtype and str(a.tolist()) == str(b.tolist())
        return a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, pd.Series):
        return a.equals(b)
    if isinstance(a, list) and a and isinstance(a[0], float) and math.isnan(a[0]):
        return math.isnan(b[0])
    return type(a) is type(b) and a == b and (not isinstance(a, dt.datetime) or a.utcoffset() == b.utcoffset())


def roundtrip(value, tmp_path, kind):
    path = tmp_path / "value.arrow"
    stored = write_artifact(value, str(path), "value")
    assert stored.kind == kind
    table = validated(path)
    braid = json.loads(table.schema.metadata[b"braid"])
    assert braid == {"version": 1, "kind": kind, "language": "python", "type_name": stored.type_name}
    back = read_artifact(str(path), "value")
    assert same(value, back), (value, back)
    return table


@pytest.mark.parametrize("value", SCALARS, ids=repr)
def test_scalars_round_trip(value, tmp_path):
    table = roundtrip(value, tmp_path, "scalar")
    assert table.num_rows == 1 and table.column_names == ["value"]


def test_nan_and_none_stay_apart(tmp_path):
    nan = roundtrip(float("nan"), tmp_path, "scalar")
    assert nan.column(0).null_count == 0 and math.isnan(nan.column(0)[0].as_py())
    none = roundtrip(None, tmp_path, "scalar")
    assert none.column(0).null_count == 1


def test_scalar_arrow_types(tmp_path):
    types = {}
    for value in (5, 1.5, "s", True, None, dt.date(2024, 1, 1), dt.datetime(2024, 1, 1, tzinfo=PARIS),
                  np.int32(1)):
        path = tmp_path / "v.arrow"
        write_artifact(value, str(path))
        types[type(value).__name__] = str(validated(path).schema.field("value").type)
    assert types == {"int": "int64", "float": "double", "str": "string", "bool": "bool", "NoneType": "null",
                     "date": "date32[day]", "datetime": "timestamp[us, tz=Europe/Paris]", "int32": "int32"}


@pytest.mark.parametrize("value", JSONS, ids=repr)
def test_json_round_trips_as_one_utf8_row(value, tmp_path):
    table = roundtrip(value, tmp_path, "json")
    assert table.schema.field("value").type == pa.string()
    assert json.loads(table.column(0)[0].as_py()) == value


@pytest.mark.parametrize("value", VECTORS, ids=lambda v: str(v.dtype))
def test_vectors_round_trip_with_their_dtype(value, tmp_path):
    table = roundtrip(value, tmp_path, "vector")
    assert table.num_rows == len(value)


def test_not_a_time_is_a_null(tmp_path):
    table = roundtrip(np.array(["2024-01-01", "NaT"], dtype="M8[D]"), tmp_path, "vector")
    assert table.column(0).to_pylist() == [dt.date(2024, 1, 1), None]


@pytest.mark.parametrize("value", PICKLES, ids=lambda v: type(v).__name__)
def test_everything_else_is_pickled(value, tmp_path):
    table = roundtrip(value, tmp_path, "pickle")
    assert table.schema.field("value").type == pa.binary()


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "i": pd.array([1, None, 3], dtype="Int64"),
            "f": [1.5, float("nan"), None],
            "s": ["a", None, "ccc"],
            "b": [True, False, True],
            "cat": pd.Categorical(["lo", "hi", "lo"], categories=["lo", "hi"], ordered=True),
            "ts": pd.to_datetime(["2024-01-01 12:00", None, "1970-01-01 00:00"]).tz_localize("Europe/Paris"),
        },
        index=pd.Index(["r1", "r2", "r3"], name="row"),
    )


def test_dataframe_round_trips_with_dtypes_and_index(tmp_path):
    original = frame()
    path = tmp_path / "frame.arrow"
    assert write_artifact(original, str(path), "frame").kind == "table"
    table = validated(path)
    assert b"pandas" in table.schema.metadata and b"braid" in table.schema.metadata
    back = read_artifact(str(path), "frame")
    pd.testing.assert_frame_equal(back, original)
    assert str(back["i"].dtype) == "Int64" and back["cat"].cat.ordered and str(back["ts"].dt.tz) == "Europe/Paris"


@pytest.mark.parametrize("original", [
    pd.DataFrame({"x": range(5)}),
    pd.DataFrame({"x": [1.0, 2.0]}, index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["k", "n"])),
    pd.DataFrame({"d": pd.to_datetime(["2024-01-01", "2024-01-02"]), "u": pd.array([1, None], dtype="UInt8")}),
    pd.DataFrame(),
], ids=["range-index", "multi-index", "naive-times", "empty"])
def test_other_frames_round_trip(original, tmp_path):
    path = tmp_path / "frame.arrow"
    write_artifact(original, str(path), "frame")
    pd.testing.assert_frame_equal(read_artifact(str(path), "frame"), original)


def test_pyarrow_table_round_trips_as_a_table(tmp_path):
    original = pa.table({"a": [1, 2], "b": ["x", None]})
    path = tmp_path / "t.arrow"
    assert write_artifact(original, str(path), "t").kind == "table"
    back = read_artifact(str(path), "t")
    assert isinstance(back, pa.Table) and back.select(["a", "b"]).equals(original)


def test_frame_arrow_cannot_hold_is_pickled_with_a_note(tmp_path, capsys):
    mixed = pd.DataFrame({"mixed": [1, "a", 2.5]})
    path = tmp_path / "m.arrow"
    assert write_artifact(mixed, str(path), "mixed").kind == "pickle"
    assert "artifact 'mixed' (pandas.DataFrame) has columns Arrow cannot store" in capsys.readouterr().err
    pd.testing.assert_frame_equal(read_artifact(str(path)), mixed)


def test_tables_without_pyarrow_are_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "frame.arrow"
    write_artifact(frame(), str(path), "frame")
    monkeypatch.setenv("BRAID_NO_PYARROW", "1")
    with pytest.raises(ArtifactWriteError) as caught:
        write_artifact(frame(), str(tmp_path / "other.arrow"), "sales")
    assert str(caught.value) == ("artifact 'sales' is a pandas table; storing a table needs pyarrow: install pyarrow "
                                 "(pip install pyarrow, or pip install 'braid[pandas]')")
    assert caught.value.artifact == "sales"
    with pytest.raises(ArtifactReadError, match="artifact 'frame' is a table; reading it needs pyarrow"):
        read_artifact(str(path), "frame")
    assert not (tmp_path / "other.arrow").exists()


@pytest.mark.parametrize("value", [5, [1, {"a": 2}], np.arange(3), (1, 2)], ids=repr)
def test_pure_python_path_is_used_without_pyarrow(value, tmp_path, monkeypatch):
    monkeypatch.setenv("BRAID_NO_PYARROW", "1")
    path = tmp_path / "v.arrow"
    write_artifact(value, str(path), "v")
    back = read_artifact(str(path), "v")
    monkeypatch.delenv("BRAID_NO_PYARROW")
    validated(path)
    assert same(value, back)


def test_unpicklable_value_names_the_artifact_and_its_type(tmp_path):
    path = tmp_path / "lock.arrow"
    with pytest.raises(ArtifactWriteError) as caught:
        write_artifact(threading.Lock(), str(path), "lock")
    assert str(caught.value).startswith("artifact 'lock' (a _thread.lock) cannot be stored: it cannot be pickled "
                                        "(TypeError: cannot pickle '_thread.lock' object).")
    assert not path.exists() and list(tmp_path.iterdir()) == []


def with_braid_metadata(table: pa.Table, path, **braid) -> str:
    braid = {"version": 1, "language": "r", **braid}
    table = table.replace_schema_metadata({"braid": json.dumps(braid)})
    with ipc.new_file(str(path), table.schema) as writer:
        writer.write_table(table)
    return str(path)


def test_rds_artifact_is_an_error_naming_it_and_r(tmp_path):
    path = with_braid_metadata(pa.table({"value": pa.array([b"X\n"], pa.binary())}), tmp_path / "m.arrow",
                               kind="rds", type_name="lm")
    with pytest.raises(ArtifactReadError) as caught:
        read_artifact(path, "model")
    assert str(caught.value) == ("artifact 'model' is an R object (lm) stored with R's serialize(); only R can "
                                 "read it. To share it with Python, make it a data.frame, vector or list in R.")


@pytest.mark.parametrize("column, kind, expected", [
    (pa.array([7], pa.int32()), "scalar", 7),
    (pa.array(["text"], pa.large_string()), "scalar", "text"),
    (pa.array([1704110400000500000], pa.timestamp("ns", tz="UTC")), "scalar",
     dt.datetime(2024, 1, 1, 12, 0, 0, 500, tzinfo=dt.timezone.utc)),
    (pa.array([None], pa.float64()), "scalar", None),
    (pa.array(["lo"]).dictionary_encode(), "scalar", "lo"),
    (pa.array(['{"a": [1]}'], pa.large_string()), "json", {"a": [1]}),
])
def test_values_written_by_other_arrow_writers_are_read(tmp_path, monkeypatch, column, kind, expected):
    path = with_braid_metadata(pa.table({"value": column}), tmp_path / "v.arrow", kind=kind, type_name="x")
    monkeypatch.setenv("BRAID_NO_PYARROW", "1")  # the built-in reader, not pyarrow
    assert read_artifact(path, "v") == expected


def test_r_vectors_with_nulls_and_factors_become_numpy_arrays(tmp_path, monkeypatch):
    monkeypatch.setenv("BRAID_NO_PYARROW", "1")
    ints = with_braid_metadata(pa.table({"value": pa.array([1, None, 3], pa.int32())}), tmp_path / "i.arrow",
                               kind="vector", type_name="integer")
    assert np.array_equal(read_artifact(ints), np.array([1.0, np.nan, 3.0]), equal_nan=True)
    factor = with_braid_metadata(pa.table({"value": pa.array(["b", "a", "b"]).dictionary_encode()}),
                                 tmp_path / "f.arrow", kind="vector", type_name="factor")
    assert read_artifact(factor).tolist() == ["b", "a", "b"]
    batches = pa.Table.from_batches([pa.record_batch({"value": pa.array([1.5])}),
                                     pa.record_batch({"value": pa.array([2.5, None])})])
    chunked = with_braid_metadata(batches, tmp_path / "c.arrow", kind="vector", type_name="numeric")
    assert np.array_equal(read_artifact(chunked), np.array([1.5, 2.5, np.nan]), equal_nan=True)


def test_compressed_files_fall_back_to_pyarrow_or_say_to_install_it(tmp_path, monkeypatch):
    table = pa.table({"value": pa.array([42], pa.int64())}).replace_schema_metadata(
        {"braid": json.dumps({"version": 1, "kind": "scalar", "language": "r", "type_name": "integer"})})
    path = str(tmp_path / "lz4.arrow")
    with ipc.new_file(path, table.schema, options=ipc.IpcWriteOptions(compression="lz4")) as writer:
        writer.write_table(table)
    assert read_artifact(path, "n") == 42
    monkeypatch.setenv("BRAID_NO_PYARROW", "1")
    with pytest.raises(ArtifactReadError, match=r"artifact 'n' uses an Arrow feature the built-in reader lacks "
                                                r"\(the record batch body is compressed"):
        read_artifact(path, "n")


def test_unreadable_files_are_errors_naming_the_artifact(tmp_path):
    junk = tmp_path / "junk.arrow"
    junk.write_bytes(b"not arrow at all, not at all")
    with pytest.raises(ArtifactReadError, match="artifact 'junk' cannot be read: .* is not an Arrow IPC file"):
        read_artifact(str(junk), "junk")
    with pytest.raises(ArtifactReadError, match="artifact 'gone': its file .* does not exist"):
        read_artifact(str(tmp_path / "gone.arrow"), "gone")


def test_unpickling_failure_names_the_artifact(tmp_path):
    path = with_braid_metadata(pa.table({"value": pa.array([b"\x80\x05garbage"], pa.binary())}),
                               tmp_path / "p.arrow", kind="pickle", type_name="mymod.Thing")
    with pytest.raises(ArtifactReadError, match=r"artifact 'thing' \(a mymod.Thing\) cannot be unpickled"):
        read_artifact(path, "thing")


def test_plain_arrow_files_read_as_tables(tmp_path):
    path = str(tmp_path / "plain.arrow")
    with ipc.new_file(path, pa.schema([("a", pa.int64())])) as writer:
        writer.write_table(pa.table({"a": [1, 2]}))
    assert read_artifact(path).to_dict("list") == {"a": [1, 2]}


@pytest.mark.parametrize("value, change", [
    ([1, 2], lambda v: v.append(3)),
    ({"a": 1}, lambda v: v.update(b=2)),
    (np.arange(4), lambda v: v.__setitem__(0, 9)),
    ({1, 2}, lambda v: v.add(3)),
], ids=["json-list", "json-dict", "vector", "pickle"])
def test_fingerprints_tell_in_place_changes(tmp_path, value, change):
    path = tmp_path / "v.arrow"
    write_artifact(value, str(path), "v")
    loaded = load_artifact(str(path), "v")
    assert fingerprint(loaded.value, loaded.kind) == loaded.fingerprint
    change(loaded.value)
    assert fingerprint(loaded.value, loaded.kind) != loaded.fingerprint


def test_scalars_and_tables_are_not_fingerprinted(tmp_path):
    assert fingerprint(5, "scalar") is None and fingerprint(frame(), "table") is None
