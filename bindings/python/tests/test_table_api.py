"""``braid.Table``: the arguments it hands ``braid table put/resolve/show``, the files it writes and reads, the
errors it raises (docs/tables.md).

The engine here is a stand-in script that keeps a copy of each put's file;
the real one is exercised end to end in e2e/test_tables_clients.py.
"""

from __future__ import annotations

import json
import os
import textwrap
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import braid
from braid import NotFoundError, Run, Table, TableError, TablePut, TableVersion, current
from braid._table_versions import consumer_pathspecs, producer_pathspec
from conftest import PYTHON


@pytest.fixture
def engine(tmp_path, monkeypatch):
    """A ``braid`` that logs its argv, keeps a copy of a put's file (removing it on ``--move``) and answers
    FAKE_ANSWER, or FAKE_ERROR on stderr with FAKE_STATUS."""
    log = tmp_path / "calls.jsonl"
    kept = tmp_path / "received.arrow"
    path = tmp_path / "braid"
    path.write_text(textwrap.dedent(f"""\
        #!{PYTHON}
        import json, os, shutil, sys
        argv = sys.argv[1:]
        with open({str(log)!r}, "a") as handle:
            handle.write(json.dumps(argv) + "\\n")
        if os.environ.get("FAKE_ERROR"):
            print(os.environ["FAKE_ERROR"], file=sys.stderr)
            sys.exit(int(os.environ.get("FAKE_STATUS", "1")))
        if argv[:2] == ["table", "put"]:
            shutil.copy(argv[3], {str(kept)!r})
            if "--move" in argv:
                os.unlink(argv[3])
            answer = {{"table": argv[2], "version": 3, "rows": 2, "fingerprint": "ab" * 32, "path": "/store/x",
                       "landed": True, "schema_changed": False, "event_id": 9}}
            print(os.environ.get("FAKE_ANSWER") or json.dumps(answer))
        else:
            print(os.environ.get("FAKE_ANSWER", "{{}}"))
        """))
    path.chmod(0o755)
    monkeypatch.setenv("BRAID_BIN", str(path))

    class Engine:
        received_path = kept

        @property
        def calls(self):
            return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

        def received(self):
            return pa.ipc.open_file(pa.memory_map(str(kept))).read_all()

        def answer(self, value):
            text = "\n".join(json.dumps(v) for v in value) if isinstance(value, list) else json.dumps(value)
            monkeypatch.setenv("FAKE_ANSWER", text)

    return Engine()


@pytest.fixture
def in_step():
    current._set(flow_name="F", run_id="1", step_name="s", task_id="2", pathspec="F/1/s/2")
    yield
    current._set()


def frame():
    return pd.DataFrame({
        "id": np.array([1, 2, 3], dtype="int64"),
        "price": [1.5, np.nan, 3.0],
        "city": pd.Categorical(["a", None, "b"], categories=["b", "a", "z"], ordered=True),
        "count": pd.array([1, None, 3], dtype="Int64"),
        "when": pd.to_datetime(["2026-01-01", None, "2026-01-03"]).tz_localize("Europe/Helsinki"),
        "ok": [True, False, True],
        "name": ["x", None, "zé"],
    }, index=pd.Index(["r1", "r2", "r3"], name="key"))


# --- names and versions ------------------------------------------------------------------------------


@pytest.mark.parametrize("name, message", [
    ("", "table name '' is empty"),
    ("a/b", "table name 'a/b' contains a slash; a table name is a name, not a path"),
    ("..", "table name '..' contains '..'"),
    ("a..b", "table name 'a..b' contains '..'"),
    ("-a", "table name '-a' must start with a letter or a digit"),
    (".hidden", "table name '.hidden' must start with a letter or a digit"),
    ("a b", "table name 'a b' contains ' '; use letters, digits, '_', '-' and '.'"),
    ("é", "table name 'é' contains 'é'; use letters, digits, '_', '-' and '.'"),
    ("a\x00", "table name 'a\\x00' contains a control character ('\\x00')"),
    ("x" * 129, f"table name {'x' * 129!r} is 129 characters long; at most 128"),
])
def test_bad_names_are_refused_before_the_engine_runs(engine, name, message):
    with pytest.raises(TableError) as caught:
        Table(name)
    assert str(caught.value) == message and caught.value.table == name
    assert engine.calls == []


def test_good_names_and_versions():
    assert Table("sales").name == "sales" and Table("sales").version is None
    assert repr(Table("Sales_2026-01.eu", version=7)) == "Table('Sales_2026-01.eu', version=7)"
    assert Table("a", version=2) == Table("a", version=2) != Table("a")
    assert len({Table("a"), Table("a"), Table("a", version=1)}) == 2
    assert Table("x" * 128).name == "x" * 128


@pytest.mark.parametrize("args, error, message", [
    ((3,), TypeError, "Table() takes the table name as a string, got int"),
    (("a", "1"), TypeError, "Table('a') takes version as an int (1, 2, ...) or None, got str"),
    (("a", True), TypeError, "Table('a') takes version as an int (1, 2, ...) or None, got bool"),
    (("a", 0), TableError, "table a: versions are numbered from 1, got version=0"),
])
def test_bad_arguments(args, error, message):
    with pytest.raises(error) as caught:
        Table(*args)
    assert str(caught.value) == message


# --- put -------------------------------------------------------------------------------------------


def test_a_pandas_frame_is_written_into_the_spool_and_moved(engine, braid_home):
    answer = Table("sales").put(frame())
    (call,) = engine.calls
    assert call[:3] == ["table", "put", "sales"] and call[4:] == ["--json", "--move"]
    spool = str(braid_home) + "/spool/"
    assert call[3].startswith(spool + "table-sales-") and call[3].endswith(".arrow")
    assert os.listdir(spool) == []  # the engine took it
    back = engine.received().to_pandas()
    pd.testing.assert_frame_equal(back, frame())
    assert isinstance(answer, TablePut)
    assert (answer.table, answer.version, answer.rows, answer.landed, answer.event_id) == ("sales", 3, 2, True, 9)
    assert repr(answer) == "TablePut(sales version 3, 2 rows, landed)"


def test_the_file_is_an_uncompressed_arrow_ipc_file(engine):
    Table("sales").put(pa.table({"x": list(range(1000))}))
    with open(engine.received_path, "rb") as handle:
        assert handle.read(6) == b"ARROW1"
    reader = pa.ipc.open_file(str(engine.received_path))
    assert reader.num_record_batches == 1
    assert reader.get_batch(0).column(0).to_pylist() == list(range(1000))


def test_inside_a_step_the_put_names_the_task_and_passes_the_flags(engine, in_step):
    Table("sales").put(pa.table({"x": [1]}), force=True, same_schema=True)
    assert engine.calls[0][4:] == ["--json", "--move", "--force", "--same-schema", "--from", "F/1/s/2"]


def test_arrow_tables_record_batches_and_parquet_files(engine, tmp_path):
    table = pa.table({"x": [1, 2], "y": ["a", None]})
    Table("t").put(table)
    assert engine.received().equals(table)
    Table("t").put(table.to_batches()[0])
    assert engine.received().equals(table)
    parquet = tmp_path / "t.parquet"
    pq.write_table(table, parquet)
    Table("t").put(str(parquet))
    assert engine.received().equals(table)
    assert engine.calls[-1][5:] == ["--move"] and parquet.exists()  # the Parquet file is the caller's


def test_a_polars_frame(engine):
    pl = pytest.importorskip("polars")
    Table("t").put(pl.DataFrame({"x": [1, None], "s": ["a", "b"]}))
    received = engine.received()
    assert received.column("x").to_pylist() == [1, None] and received.column("s").to_pylist() == ["a", "b"]
    assert received.schema.field("s").type in (pa.large_string(), pa.string())  # never string_view


def test_arrow_and_csv_files_go_to_the_engine_as_they_are(engine, tmp_path):
    csv = tmp_path / "sales.csv"
    csv.write_text("id,price\n1,2.5\n")
    Table("sales").put(csv)
    assert engine.calls[-1] == ["table", "put", "sales", str(csv), "--json"]
    assert csv.exists()


def test_an_empty_frame_keeps_its_categories(engine):
    empty = pd.DataFrame({"c": pd.Categorical([], categories=["x", "y"])})
    Table("t").put(empty)
    back = engine.received().to_pandas()
    assert list(back["c"].cat.categories) == ["x", "y"] and len(back) == 0


def test_a_frame_pyarrow_cannot_convert_is_a_table_error(engine):
    with pytest.raises(TableError, match=r"^table t: pyarrow cannot store this DataFrame as Arrow columns: "):
        Table("t").put(pd.DataFrame({"mixed": [1, "a", 2.5]}))
    assert engine.calls == []


@pytest.mark.parametrize("data, message", [
    ([1, 2], "Table('t').put() takes a pandas or polars DataFrame, a pyarrow Table or RecordBatch, or the path of a "
             "Parquet, Arrow or CSV file; got builtins.list"),
    ({"x": [1]}, "Table('t').put() takes a pandas or polars DataFrame, a pyarrow Table or RecordBatch, or the path of "
                 "a Parquet, Arrow or CSV file; got builtins.dict"),
])
def test_other_data_is_refused(engine, data, message):
    with pytest.raises(TypeError) as caught:
        Table("t").put(data)
    assert str(caught.value) == message and engine.calls == []


def test_a_missing_file_is_a_table_error(engine, tmp_path):
    with pytest.raises(TableError, match=r"^table t: cannot read .*nope.parquet: No such file or directory$"):
        Table("t").put(tmp_path / "nope.parquet")


def test_a_version_is_never_put_and_flags_are_bools(engine):
    with pytest.raises(TableError, match=r"^Table\('t', version=2\) names a version to read; versions never change. "
                                         r"Put to Table\('t'\) to land a new one$"):
        Table("t", version=2).put(pa.table({"x": [1]}))
    with pytest.raises(TypeError, match=r"^Table.put\(\) takes force as True or False, got 'yes'$"):
        Table("t").put(pa.table({"x": [1]}), force="yes")
    assert engine.calls == []


def test_the_engines_refusal_is_a_table_error_and_the_spool_file_is_removed(engine, monkeypatch, braid_home):
    monkeypatch.setenv("FAKE_ERROR", "Error: cannot put sales: the schema changed (--same-schema): x: int64 -> utf8")
    with pytest.raises(TableError) as caught:
        Table("sales").put(pa.table({"x": ["a"]}), same_schema=True)
    assert str(caught.value) == "cannot put sales: the schema changed (--same-schema): x: int64 -> utf8"
    assert caught.value.table == "sales"
    assert os.listdir(braid_home / "spool") == []
    monkeypatch.setenv("FAKE_ERROR", "")
    monkeypatch.setenv("FAKE_STATUS", "3")
    monkeypatch.setenv("FAKE_ERROR", " ")
    with pytest.raises(TableError, match=r"^`braid table put sales` failed with exit status 3$"):
        Table("sales").put(pa.table({"x": ["a"]}))


def test_an_unchanged_put_says_so(engine):
    engine.answer({"table": "t", "version": 4, "rows": 1, "fingerprint": "f", "path": "/p", "landed": False,
                   "schema_changed": False, "event_id": None})
    answer = Table("t").put(pa.table({"x": [1]}))
    assert not answer.landed and answer.version == 4 and answer.event_id is None
    assert repr(answer) == "TablePut(t version 4, 1 rows, unchanged: no new version)"


def test_an_answer_that_is_not_json_is_an_error(engine):
    engine.answer("not json")  # a JSON string, not an object
    with pytest.raises(TableError, match="the engine answered `braid table put t` with something that is not JSON"):
        Table("t").put(pa.table({"x": [1]}))


# --- read ------------------------------------------------------------------------------------------


def resolved(path, how="put", **extra):
    return dict({"table": "sales", "version": 3, "rows": 3, "schema": [], "how": how, "path": path and str(path),
                 "location": None, "commit": None, "fingerprint": "f"}, **extra)


def test_read_resolves_and_memory_maps_the_stored_file(engine, tmp_path):
    stored = tmp_path / "object.arrow"
    table = pa.Table.from_pandas(frame())
    with pa.ipc.new_file(str(stored), table.schema) as writer:
        writer.write_table(table)
    engine.answer(resolved(stored))
    pd.testing.assert_frame_equal(Table("sales").read(), frame())
    assert engine.calls == [["table", "resolve", "sales", "--json"]]
    assert Table("sales", version=3).read(as_="arrow").equals(table)
    assert engine.calls[-1] == ["table", "resolve", "sales", "--json", "--version", "3"]


def test_a_frame_read_remembers_its_arrow_types_for_the_next_put(engine, tmp_path):
    stored = tmp_path / "object.arrow"
    table = pa.table({"d": pa.array([], pa.date32()), "s": pa.array([], pa.large_string())})
    with pa.ipc.new_file(str(stored), table.schema) as writer:
        writer.write_table(table)
    engine.answer(resolved(stored))
    back = Table("sales").read()
    engine.answer({"table": "sales", "version": 4, "rows": 0, "landed": True})
    Table("sales").put(back)
    assert engine.received().schema.field("d").type == pa.date32()


def test_inside_a_step_the_read_names_the_task(engine, tmp_path, in_step):
    stored = tmp_path / "object.arrow"
    with pa.ipc.new_file(str(stored), pa.schema([("x", pa.int64())])) as writer:
        writer.write_table(pa.table({"x": [1]}))
    engine.answer(resolved(stored))
    Table("sales").read(as_="arrow")
    assert engine.calls == [["table", "resolve", "sales", "--json", "--from", "F/1/s/2"]]


def test_a_stored_stream_and_polars(engine, tmp_path):
    stored = tmp_path / "object.arrows"
    with pa.ipc.new_stream(str(stored), pa.schema([("x", pa.int64())])) as writer:
        writer.write_table(pa.table({"x": [1, 2]}))
    engine.answer(resolved(stored))
    assert Table("sales").read(as_="arrow").column("x").to_pylist() == [1, 2]
    pl = pytest.importorskip("polars")
    assert isinstance(Table("sales").read(as_="polars"), pl.DataFrame)


def test_read_as_something_else_is_refused(engine):
    with pytest.raises(ValueError, match=r"^Table.read\(\) takes as_= one of 'pandas', 'polars', 'arrow', "
                                         r"got 'numpy'$"):
        Table("sales").read(as_="numpy")
    assert engine.calls == []


def test_a_delta_version_is_read_at_its_commit(engine, tmp_path):
    deltalake = pytest.importorskip("deltalake")
    location = tmp_path / "delta"
    deltalake.write_deltalake(str(location), pa.table({"x": [1, 2]}))
    deltalake.write_deltalake(str(location), pa.table({"x": [3]}), mode="append")
    engine.answer(resolved(None, how="delta", location=str(location), commit="0"))
    assert Table("sales").read(as_="arrow").column("x").to_pylist() == [1, 2]
    engine.answer(resolved(None, how="delta", location=str(location), commit="1"))
    assert sorted(Table("sales").read()["x"]) == [1, 2, 3]


def test_a_marker_version_is_its_partition(engine, tmp_path):
    location = tmp_path / "sales"
    for day, values in (("2026-12-07", [1, 2]), ("2026-12-08", [3])):
        partition = location / f"day={day}"
        partition.mkdir(parents=True)
        pq.write_table(pa.table({"x": values}), partition / "part-0.parquet")
        (partition / "_SUCCESS").write_text("")
    engine.answer(resolved(None, how="marker", location=str(location), commit="day=2026-12-08/_SUCCESS"))
    assert Table("sales").read(as_="arrow").column("x").to_pylist() == [3]
    engine.answer(resolved(None, how="marker", location=str(location / "day=2026-12-07"), commit="_SUCCESS"))
    assert Table("sales").read()["x"].tolist() == [1, 2]


def test_a_version_with_nothing_to_read_is_a_clear_error(engine):
    engine.answer(resolved(None, how="file", location=None, commit="abc"))
    with pytest.raises(TableError, match=r"^table sales version 3 \(how: file\) has no stored file to read and no "
                                         r"reader for its location None$"):
        Table("sales").read()


def test_a_parquet_file_version_is_read_where_it_is(engine, tmp_path):
    location = tmp_path / "sales.parquet"
    pq.write_table(pa.table({"x": [4, 5]}), location)
    engine.answer(resolved(None, how="file", location=str(location), commit="abc"))
    assert Table("sales").read()["x"].tolist() == [4, 5]


def test_a_missing_stored_file_is_a_table_error(engine, tmp_path):
    engine.answer(resolved(tmp_path / "gone.arrow"))
    with pytest.raises(TableError, match=r"^table sales: cannot read its stored file .*gone.arrow"):
        Table("sales").read()


def test_unknown_tables_are_the_engines_message(engine, monkeypatch):
    monkeypatch.setenv("FAKE_ERROR", "Error: there is no table named nope (braid table list shows the tables)")
    with pytest.raises(TableError, match=r"^there is no table named nope \(braid table list shows the tables\)$"):
        Table("nope").read()
    monkeypatch.delenv("FAKE_ERROR")
    monkeypatch.setenv("FAKE_STATUS", "1")
    engine.answer({"error": "no table nope", "kind": "not_found"})
    with pytest.raises(NotFoundError, match="^no table nope$"):
        Table("nope").versions


# --- versions and lineage ---------------------------------------------------------------------------


SHOWN = [
    {"table": "sales", "version": 2, "rows": 5, "schema": [{"name": "x", "type": "int64", "nullable": True}],
     "fingerprint": "f2", "landed_at": "2026-12-07T10:00:01.500Z", "how": "flow", "path": "/s/2", "location": None,
     "commit": None, "schema_changed": True, "event_id": 8, "producer": {"run": 7, "task": 3},
     "producer_pathspec": "F/7/start/3", "consumers": ["G/9", "H/10"]},
    {"table": "sales", "version": 1, "rows": 4, "schema": [], "fingerprint": "f1", "landed_at": "2026-12-07T10:00:00Z",
     "how": "put", "path": "/s/1", "location": None, "commit": None, "schema_changed": False, "event_id": 7,
     "producer": None, "producer_pathspec": None, "consumers": []},
]


def test_versions_are_read_from_table_show_oldest_first(engine):
    engine.answer(SHOWN)
    versions = Table("sales").versions
    assert engine.calls == [["table", "show", "sales", "--json"]]
    assert all(isinstance(v, TableVersion) for v in versions)
    first, second = versions
    assert (first.version, first.rows, first.how, first.producer) == (1, 4, "put", None)
    assert first.landed_at == datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc)
    assert first.consumers == []
    assert (second.version, second.schema_changed, second.fingerprint) == (2, True, "f2")
    assert second.schema == [{"name": "x", "type": "int64", "nullable": True}]
    assert second["event_id"] == 8
    assert repr(second) == "TableVersion(sales version 2, 5 rows, flow)"


@pytest.mark.parametrize("record, pathspec", [
    ({"producer_pathspec": "F/7/start/3"}, "F/7/start/3"),
    ({"producer": "F/7/start/3"}, "F/7/start/3"),
    ({"producer": {"pathspec": "F/7/start/3"}}, "F/7/start/3"),
    ({"task": "F/7/start/3"}, "F/7/start/3"),
    ({"run": "F/7", "task": "start/3"}, "F/7/start/3"),
    ({"producer": {"run": 7, "task": 3}}, None),
    ({"producer": None}, None),
    ({}, None),
])
def test_the_producer_is_a_task_pathspec(record, pathspec):
    assert producer_pathspec(record) == pathspec


def test_consumers_are_run_pathspecs():
    record = {"consumer_pathspecs": ["A/1"], "consumers": ["G/9", {"pathspec": "H/10"}, {"flow": "I", "run_id": 11},
                                                            {"run": "G/9"}, 12]}
    assert consumer_pathspecs(record) == ["A/1", "G/9", "H/10", "I/11"]


def test_a_task_and_runs_are_made_on_use_whoever_made_them(engine, monkeypatch):
    engine.answer(SHOWN)
    second = Table("sales").versions[1]
    engine.answer({"pathspec": "F/7/start/3", "id": "3", "status": "succeeded", "artifacts": []})
    task = second.producer
    assert task.pathspec == "F/7/start/3"
    assert engine.calls[-1] == ["api", "get", "F/7/start/3", "--all"]


def test_run_tables_read_and_written_come_from_the_api_answer():
    base = {"pathspec": "F/1", "id": "1", "status": "succeeded", "steps": [], "created_at": None}
    run = Run(_data=dict(base, tables_read=[{"table": "sales", "version": 3}, {"table": "stock", "version": 1}],
                         tables_written=[{"table": "report", "version": 12}]))
    assert run.tables_read == [Table("sales", version=3), Table("stock", version=1)]
    assert run.tables_written == [Table("report", version=12)]
    assert Run(_data=base).tables_read == [] and Run(_data=base).tables_written == []


def test_tables_are_public():
    assert braid.Table is Table and braid.TableVersion is TableVersion and braid.TablePut is TablePut
