"""A DataFrame read from a table artifact, stored again, keeps the Arrow types pandas cannot say."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc
import pytest

from braid._artifacts import read_artifact, write_artifact
from braid._table_schema import ATTRS_KEY

SCHEMA = pa.schema([
    ("chr", pa.string()),
    ("fct", pa.dictionary(pa.int32(), pa.string())),
    ("ord", pa.dictionary(pa.int32(), pa.string(), ordered=True)),
    ("day", pa.date32()),
    ("n", pa.int32()),
])


def written_by_r(path, rows: int) -> None:
    """A file shaped like the R client's (string, int32 dictionaries, date32), with `rows` rows."""
    arrays = [
        pa.array(["a", None][:rows], pa.string()),
        pa.DictionaryArray.from_arrays(pa.array([0, None][:rows], pa.int32()), ["lo", "hi", "unused"]),
        pa.DictionaryArray.from_arrays(pa.array([1, 0][:rows], pa.int32()), ["s", "m", "l"], ordered=True),
        pa.array([dt.date(2024, 1, 1), None][:rows], pa.date32()),
        pa.array([1, 2][:rows], pa.int32()),
    ]
    batch = pa.RecordBatch.from_arrays(arrays, schema=SCHEMA)
    with ipc.new_file(str(path), SCHEMA) as writer:
        writer.write_batch(batch)


def arrow_of(path) -> pa.Table:
    reader = ipc.open_file(str(path))
    assert reader.num_record_batches == 1  # even for zero rows: the batch carries the dictionaries
    return reader.read_all()


@pytest.mark.parametrize("rows", [0, 1, 2])
def test_a_copied_frame_is_stored_with_the_types_it_was_read_with(tmp_path, rows):
    source = tmp_path / "in.arrow"
    written_by_r(source, rows)
    frame = read_artifact(str(source), "frame")
    write_artifact(frame.copy(), str(tmp_path / "out.arrow"), "frame")
    back = arrow_of(tmp_path / "out.arrow")
    assert back.schema.remove_metadata() == SCHEMA
    assert back.column("fct").chunk(0).dictionary.to_pylist() == ["lo", "hi", "unused"]
    assert back.column("ord").chunk(0).dictionary.to_pylist() == ["s", "m", "l"]
    assert back.select(SCHEMA.names).equals(arrow_of(source).select(SCHEMA.names))


def test_an_all_missing_column_keeps_its_type(tmp_path):
    source = tmp_path / "in.arrow"
    written_by_r(source, 2)
    frame = read_artifact(str(source), "frame").iloc[[1]]  # the row of missing values only
    write_artifact(frame, str(tmp_path / "out.arrow"), "frame")
    assert arrow_of(tmp_path / "out.arrow").schema.field("day").type == pa.date32()


def test_a_column_whose_meaning_changed_keeps_the_type_pandas_gives(tmp_path):
    source = tmp_path / "in.arrow"
    written_by_r(source, 2)
    frame = read_artifact(str(source), "frame")
    frame["fct"] = frame["fct"].astype(str)  # categorical -> text
    frame["n"] = [1.5, 2.5]  # int -> float
    frame["new"] = [None, None]  # not in the schema
    write_artifact(frame, str(tmp_path / "out.arrow"), "frame")
    schema = arrow_of(tmp_path / "out.arrow").schema
    assert pa.types.is_large_string(schema.field("fct").type) or pa.types.is_string(schema.field("fct").type)
    assert schema.field("n").type == pa.float64()
    assert schema.field("new").type == pa.null()


def test_the_schema_is_kept_out_of_the_stored_pandas_attributes(tmp_path):
    source = tmp_path / "in.arrow"
    written_by_r(source, 1)
    frame = read_artifact(str(source), "frame")
    assert isinstance(frame.attrs[ATTRS_KEY], str)
    frame.attrs["mine"] = 1
    write_artifact(frame, str(tmp_path / "out.arrow"), "frame")
    pandas = json.loads(arrow_of(tmp_path / "out.arrow").schema.metadata[b"pandas"])
    assert pandas["attributes"] == {"mine": 1}
    assert ATTRS_KEY in frame.attrs  # put back on the caller's frame


def test_a_damaged_schema_in_attrs_falls_back_to_inferred_types(tmp_path):
    source = tmp_path / "in.arrow"
    written_by_r(source, 0)
    frame = read_artifact(str(source), "frame")
    frame.attrs[ATTRS_KEY] = "not base64 of a schema"
    write_artifact(frame, str(tmp_path / "out.arrow"), "frame")
    assert arrow_of(tmp_path / "out.arrow").schema.field("day").type == pa.null()


def test_empty_categorical_frames_keep_their_categories_without_a_read_schema(tmp_path):
    frame = pd.DataFrame({"c": pd.Categorical([], categories=["x", "y"], ordered=True)})
    write_artifact(frame, str(tmp_path / "out.arrow"), "frame")
    back = read_artifact(str(tmp_path / "out.arrow"), "frame")
    assert list(back["c"].cat.categories) == ["x", "y"] and back["c"].cat.ordered
