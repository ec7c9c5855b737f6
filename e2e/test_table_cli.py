"""`braid table` from the command line, against the real engine: every input format, versions and
fingerprints, schema changes, and bad input that must leave no version and no partial object."""
import concurrent.futures
import json
import os
import signal
import subprocess

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.feather as feather
import pytest

from daemon import query

TABLE = pa.table({"id": pa.array([1, 2, 3], pa.int64()), "price": [2.5, None, 4.0], "day": ["mon", "tue", "we,d"],
                  "ok": [True, False, None]})


def put(braid, *args, check=True):
    result = braid.cli("table", "put", *args, "--json", check=check)
    return json.loads(result.stdout) if result.returncode == 0 else result


def stored(braid, answer):
    with pa.memory_map(answer["path"]) as source:
        return pa.ipc.open_file(source).read_all()


def objects(braid):
    root = braid.home / "objects"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_every_input_format_lands_the_same_table(braid):
    work = braid.workdir
    with pa.OSFile(str(work / "t.arrow"), "wb") as sink, pa.ipc.new_file(sink, TABLE.schema) as writer:
        writer.write_table(TABLE)
    with pa.OSFile(str(work / "t.arrows"), "wb") as sink, pa.ipc.new_stream(sink, TABLE.schema) as writer:
        writer.write_table(TABLE)
    feather.write_feather(TABLE, str(work / "t.feather"), compression="uncompressed")
    (work / "t.csv").write_text('id,price,day,ok\n1,2.5,mon,true\n2,,tue,false\n3,4,"we,d",\n')
    for name in ["t.arrow", "t.arrows", "t.feather", "t.csv"]:
        answer = put(braid, name.replace(".", "_"), name)
        assert answer["landed"] is True and answer["version"] == 1 and answer["rows"] == 3
        assert stored(braid, answer).to_pydict() == TABLE.to_pydict(), name
    shown = braid.cli("table", "list").stdout
    assert "t_arrow" in shown and "t_csv" in shown


def test_identical_content_lands_nothing_unless_forced(braid):
    (braid.workdir / "a.csv").write_text("x\n1\n")
    first = put(braid, "sales", "a.csv")
    again = braid.cli("table", "put", "sales", "a.csv").stdout
    assert again.strip() == "sales: the content equals version 1; no new version, nothing triggered (--force lands it anyway)."
    assert put(braid, "sales", "a.csv")["landed"] is False
    forced = put(braid, "sales", "a.csv", "--force")
    assert (forced["version"], forced["fingerprint"]) == (2, first["fingerprint"])
    assert [row[0] for row in query(braid, "SELECT version FROM table_versions WHERE name = 'sales'")] == [1, 2]
    # Each landing published one event; the unchanged put published none.
    assert query(braid, "SELECT count(*) FROM events WHERE name = 'braid.table.sales'") == [(2,)]


def test_a_schema_change_is_recorded_or_refused(braid):
    (braid.workdir / "a.csv").write_text("x\n1\n")
    (braid.workdir / "b.csv").write_text("x,y\n1,a\n")
    put(braid, "sales", "a.csv")
    refused = put(braid, "sales", "b.csv", "--same-schema", check=False)
    assert refused.returncode == 1
    assert ("the schema of sales would change (version 1: x int64; new: x int64, y string); nothing was recorded"
            in refused.stderr)
    changed = put(braid, "sales", "b.csv")
    assert changed["schema_changed"] is True and changed["version"] == 2
    assert "changed: x int64, y string" in braid.cli("table", "show", "sales").stdout


def test_csv_with_a_schema_and_its_errors(braid):
    (braid.workdir / "a.csv").write_text("id,code\n1,007\n")
    answer = put(braid, "codes", "a.csv", "--schema", "id:int64,code:utf8")
    assert stored(braid, answer).column("code").to_pylist() == ["007"]
    bad = put(braid, "codes", "a.csv", "--schema", "id:int64,code:bool", check=False)
    assert bad.returncode == 1 and "a.csv:2: column 'code': '007' is not a valid bool" in bad.stderr


@pytest.mark.parametrize("content, message", [
    ("a,b\n1,2\n3\n", "ragged.csv:3: 1 field, the header has 2"),
    ('a\n"open\n', "ragged.csv:2: the quoted field that starts here has no closing quote"),
    ("", "ragged.csv: the file is empty; a CSV needs a header row naming its columns"),
])
def test_bad_csv_names_the_line_and_records_nothing(braid, content, message):
    (braid.workdir / "ragged.csv").write_text(content)
    result = put(braid, "sales", "ragged.csv", check=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert query(braid, "SELECT count(*) FROM table_versions") == [(0,)]
    assert objects(braid) == []


def test_a_corrupt_arrow_file_is_refused_before_anything_is_recorded(braid):
    with pa.OSFile(str(braid.workdir / "t.arrow"), "wb") as sink, pa.ipc.new_file(sink, TABLE.schema) as writer:
        writer.write_table(TABLE)
    data = bytearray((braid.workdir / "t.arrow").read_bytes())
    (braid.workdir / "cut.arrow").write_bytes(bytes(data[: len(data) // 2]))
    result = put(braid, "sales", "cut.arrow", check=False)
    assert result.returncode == 1
    assert "cut.arrow is not a readable Arrow IPC file or stream" in result.stderr
    assert query(braid, "SELECT count(*) FROM table_versions") == [(0,)]
    assert objects(braid) == [] and list((braid.home / "spool").glob("table-*")) == []


@pytest.mark.parametrize("name", ["a/b", "..", "x..y", "bad\tname", "-lead", ""])
def test_bad_table_names_are_refused(braid, name):
    (braid.workdir / "a.csv").write_text("x\n1\n")
    result = braid.cli("table", "put", "--", name, "a.csv", check=False)
    assert result.returncode == 1 and "cannot put: " in result.stderr and "table name" in result.stderr


def test_two_puts_at_once_keep_both_versions_in_order(braid):
    for i in range(8):
        (braid.workdir / f"p{i}.csv").write_text(f"x\n{i}\n")
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda i: put(braid, "sales", f"p{i}.csv"), range(8)))
    assert sorted(a["version"] for a in answers) == list(range(1, 9))
    rows = query(braid, "SELECT version, event FROM table_versions WHERE name = 'sales' ORDER BY version")
    assert [event for _, event in rows] == sorted(event for _, event in rows)  # events in version order


def test_a_write_that_fails_midway_leaves_no_version_and_no_partial_file(braid):
    """A file-size limit stands in for a full disk: the staged write fails with EFBIG."""
    (braid.workdir / "big.csv").write_text("x,y\n" + "".join(f"{i},{'v' * 50}\n" for i in range(20_000)))
    result = subprocess.run(["prlimit", "--fsize=200000", braid.binary, "table", "put", "sales", "big.csv"],
                            cwd=braid.workdir, env=braid.env, capture_output=True, text=True, timeout=60,
                            preexec_fn=lambda: signal.signal(signal.SIGXFSZ, signal.SIG_IGN))
    assert result.returncode == 1, result.stderr
    assert "cannot stage the table" in result.stderr
    assert query(braid, "SELECT count(*) FROM table_versions") == [(0,)]
    assert objects(braid) == [] and list((braid.home / "spool").glob("table-*")) == []


def test_head_and_show_and_resolve(braid):
    (braid.workdir / "a.csv").write_text("x\n1\n2\n")
    put(braid, "sales", "a.csv")
    head = braid.cli("table", "head", "sales", "-n", "1").stdout
    assert head.splitlines()[0].startswith("Table sales version 1 (put, landed ")
    assert "x: int64" in head
    resolved = json.loads(braid.cli("table", "resolve", "sales", "--json").stdout)
    assert resolved["version"] == 1 and os.path.exists(resolved["path"])
    missing = braid.cli("table", "resolve", "sales", "--version", "4", check=False)
    assert missing.returncode == 1 and "table sales has versions 1 to 1; there is no version 4" in missing.stderr
