"""Tables through the clients (docs/tables.md), with real processes: pandas and R writers and readers, puts from
steps (producer, tables_written), reads pinned across tasks and resume, --same-schema, unchanged content, and an
R step's put that starts a deployed Python flow through a real `braid daemon`."""
import json
import shutil
import subprocess
import textwrap

import pytest

from conftest import FLOWS
from daemon import daemons, query, run_data, wait_for  # noqa: F401 (daemons is a fixture)

R_AVAILABLE = shutil.which("Rscript") is not None
needs_r = pytest.mark.skipif(not R_AVAILABLE, reason="Rscript is not installed")


def python(braid, *code):
    """Runs Python code (pieces, each dedented) against the test's store; returns its last line as JSON."""
    return json.loads(braid.python("\n".join(textwrap.dedent(c) for c in code)).stdout.strip().splitlines()[-1])


def rscript(braid, code, check=True):
    return braid._run(["Rscript", "-e", textwrap.dedent(code)], 180, check)


def rscript_flow(braid, name, *args):
    shutil.copy(FLOWS / name, braid.workdir / name)
    return braid._run(["Rscript", name, *args], 180, True)


def run_id(braid, flow):
    (found,), = query(braid, "SELECT id FROM runs WHERE flow = ? ORDER BY id DESC LIMIT 1", flow)
    return found


FRAME = """
    import numpy as np
    import pandas as pd

    def frame():
        return pd.DataFrame({
            "id": np.array([3, 1, 2], dtype="int64"),
            "price": [1.5, np.nan, -0.0],
            "city": pd.Categorical(["b", None, "a"], categories=["b", "a", "z"], ordered=True),
            "count": pd.array([1, None, 3], dtype="Int64"),
            "when": pd.to_datetime(["2026-01-01 10:00", None, "2026-01-03 00:00"]).tz_localize("Europe/Helsinki"),
            "ok": pd.array([True, None, False], dtype="boolean"),
            "name": ["x", None, "zé"],
        }, index=pd.Index(["r1", "r2", "r3"], name="key"))
    """


def test_a_pandas_frame_put_and_read_back_equal(braid):
    answer = python(braid, FRAME, """
        import json
        from braid import Table
        put = Table("sales").put(frame())
        back = Table("sales").read()
        pd.testing.assert_frame_equal(back, frame())
        again = Table("sales", version=put.version).read(as_="arrow")
        print(json.dumps({"version": put.version, "landed": put.landed, "rows": put.rows,
                          "dtypes": [str(t) for t in back.dtypes], "arrow_rows": again.num_rows}))
        """)
    dtypes = answer.pop("dtypes")  # equal to the frame's (assert_frame_equal above); pandas picks the time unit
    assert dtypes[:4] + dtypes[5:6] == ["int64", "float64", "category", "Int64", "boolean"]
    assert dtypes[4].startswith("datetime64[") and dtypes[4].endswith(", Europe/Helsinki]")
    assert answer == {"version": 1, "landed": True, "rows": 3, "arrow_rows": 3}
    listed = braid.cli("table", "list", "--json").stdout
    assert json.loads(listed.splitlines()[0])["versions"] == 1


def test_identical_content_makes_no_new_version_and_no_event(braid):
    answer = python(braid, FRAME, """
        import json
        from braid import Table
        first = Table("sales").put(frame())
        second = Table("sales").put(frame())
        forced = Table("sales").put(frame(), force=True)
        print(json.dumps([[p.version, p.landed] for p in (first, second, forced)]
                         + [[v.version for v in Table("sales").versions]]))
        """)
    assert answer == [[1, True], [1, False], [2, True], [1, 2]]
    events = query(braid, "SELECT name FROM events WHERE name = 'braid.table.sales'")
    assert len(events) == 2  # the unchanged put published nothing


def test_same_schema_refuses_a_changed_schema_in_both_languages(braid):
    answer = python(braid, """
        import json
        import pandas as pd
        from braid import Table, TableError
        Table("sales").put(pd.DataFrame({"x": [1, 2]}))
        try:
            Table("sales").put(pd.DataFrame({"x": ["a", "b"]}), same_schema=True)
            refused = None
        except TableError as error:
            refused = str(error)
        changed = Table("sales").put(pd.DataFrame({"x": ["a", "b"]}))
        print(json.dumps({"refused": refused, "versions": len(Table("sales").versions),
                          "changed": changed.schema_changed}))
        """)
    assert answer["refused"] and "schema" in answer["refused"]
    assert answer["versions"] == 2 and answer["changed"] is True
    if R_AVAILABLE:
        out = rscript(braid, """
            e <- tryCatch(braid::table_put("sales", data.frame(x = c(TRUE, FALSE)), same_schema = TRUE),
                          braid_error_table = function(e) e)
            cat(class(e)[[1]], nrow(braid::table_versions("sales")), "\\n")
            """).stdout
        assert out.split() == ["braid_error_table", "2"]


@needs_r
def test_r_puts_a_data_frame_that_python_reads_and_python_puts_one_r_reads(braid):
    rscript(braid, """
        df <- data.frame(
          day = as.Date("2026-12-07") + 0:2, amount = c(10.5, NA, NaN), n = c(1L, NA, 3L),
          city = factor(c("b", NA, "a"), levels = c("b", "a", "z")),
          when = as.POSIXct(c("2026-12-07 10:00:00", NA, "2026-12-07 12:30:00"), tz = "Europe/Helsinki"),
          ok = c(TRUE, NA, FALSE), name = c("x", NA, "z\\u00e9"), stringsAsFactors = FALSE)
        put <- braid::table_put("from_r", df)
        stopifnot(put$version == 1, isTRUE(put$landed))
        stopifnot(identical(braid::table_read("from_r"), df))
        """)
    answer = python(braid, """
        import json
        import pandas as pd
        from braid import Table
        df = Table("from_r").read()
        arrow = Table("from_r").read(as_="arrow")
        def values(column, convert=lambda v: v):
            return [None if pd.isna(v) else convert(v) for v in df[column].astype(object)]
        print(json.dumps({
            "columns": list(df.columns), "day": values("day", str), "amount": values("amount", float),
            "amount_nan": [arrow.column("amount")[i].is_valid for i in range(3)], "n": values("n", int),
            "categories": list(df["city"].cat.categories), "city": values("city"),
            "when": values("when", lambda w: w.isoformat()), "ok": values("ok", bool), "name": values("name")}))
        """)
    assert answer["columns"] == ["day", "amount", "n", "city", "when", "ok", "name"]
    assert answer["day"] == ["2026-12-07", "2026-12-08", "2026-12-09"]
    assert answer["amount"] == [10.5, None, None]
    assert answer["amount_nan"] == [True, False, True]  # NA is a null, NaN a value
    assert answer["n"] == [1, None, 3] and answer["ok"] == [True, None, False]
    assert answer["categories"] == ["b", "a", "z"] and answer["city"] == ["b", None, "a"]
    assert answer["when"] == ["2026-12-07T10:00:00+02:00", None, "2026-12-07T12:30:00+02:00"]
    assert answer["name"] == ["x", None, "zé"]

    python(braid, FRAME, """
        from braid import Table
        Table("from_python").put(frame())
        print("{}")
        """)
    out = rscript(braid, """
        df <- braid::table_read("from_python")
        stopifnot(identical(rownames(df), c("r1", "r2", "r3")))
        stopifnot(identical(df$id, c(3, 1, 2)), identical(df$price, c(1.5, NA, -0)))
        stopifnot(identical(levels(df$city), c("b", "a", "z")), is.ordered(df$city))
        stopifnot(identical(as.character(df$city), c("b", NA, "a")), identical(df$count, c(1, NA, 3)))
        stopifnot(identical(df$ok, c(TRUE, NA, FALSE)), identical(df$name, c("x", NA, "z\\u00e9")))
        stopifnot(identical(attr(df$when, "tzone"), "Europe/Helsinki"), is.na(df$when[[2]]))
        stopifnot(identical(format(df$when[[1]], "%Y-%m-%d %H:%M"), "2026-01-01 10:00"))
        versions <- braid::table_versions("from_python")
        cat(nrow(versions), versions$how, "\\n")
        """).stdout
    assert out.split() == ["1", "put"]


def test_a_put_from_a_step_records_its_task_and_the_runs_tables_written(braid):
    braid.flow("tables_writer.py", "run", check=True)
    run = run_id(braid, "TablesWriter")
    answer = python(braid, f"""
        import json
        from braid import Run, Table, namespace
        namespace(None)
        (version,) = Table("daily").versions
        run = Run("TablesWriter/{run}")
        print(json.dumps({{"how": version.how, "producer": version.producer.pathspec, "task": run.data.task,
                          "written": [[t.name, t.version] for t in run.tables_written],
                          "read": [[t.name, t.version] for t in run.tables_read]}}))
        """)
    assert answer["how"] == "flow"
    assert answer["producer"] == answer["task"] and answer["task"].startswith(f"TablesWriter/{run}/start/")
    assert answer["written"] == [["daily", 1]] and answer["read"] == []
    shown = braid.cli("table", "show", "daily").stdout
    assert f"TablesWriter/{run}/start/" in shown


def test_a_run_reads_one_version_across_tasks_and_resume(braid, tmp_path):
    flag = tmp_path / "fail-end"
    flag.write_text("")
    braid.env["PINNED_FAIL"] = str(flag)
    python(braid, """
        import pandas as pd
        from braid import Table
        Table("sales").put(pd.DataFrame({"x": [1]}))
        print("{}")
        """)
    failed = braid.flow("tables_pinned.py", "run")
    assert failed.returncode != 0
    origin = run_id(braid, "TablesPinned")
    python(braid, """
        import pandas as pd
        from braid import Table
        Table("sales").put(pd.DataFrame({"x": [30]}))   # version 3 lands between the run and its resume
        print("{}")
        """)
    flag.unlink()
    braid.flow("tables_pinned.py", "resume", check=True)
    resumed = run_id(braid, "TablesPinned")
    assert resumed != origin
    data = run_data(braid, f"TablesPinned/{resumed}")
    assert data["first"] == data["second"] == data["third"] == [1]
    assert data["put"] == 2
    answer = python(braid, f"""
        import json
        from braid import Run, Table, namespace
        namespace(None)
        origin, resumed = Run("TablesPinned/{origin}"), Run("TablesPinned/{resumed}")
        versions = Table("sales").versions
        print(json.dumps({{"origin_read": [[t.name, t.version] for t in origin.tables_read],
                          "origin_written": [[t.name, t.version] for t in origin.tables_written],
                          "resumed_read": [[t.name, t.version] for t in resumed.tables_read],
                          "consumers": [r.pathspec for r in versions[0].consumers],
                          "latest": Table("sales").read()["x"].tolist()}}))
        """)
    assert answer["origin_read"] == [["sales", 1]] and answer["origin_written"] == [["sales", 2]]
    assert answer["resumed_read"] == [["sales", 1]]
    assert f"TablesPinned/{origin}" in answer["consumers"] and f"TablesPinned/{resumed}" in answer["consumers"]
    assert answer["latest"] == [30]  # outside the run, the latest version


@needs_r
def test_an_r_step_put_starts_a_deployed_python_flow(braid, daemons):
    deployed = braid.flow("tables_on_landing.py", "deploy", check=True)
    assert "table landed" in deployed.stdout
    daemon = daemons()
    rscript_flow(braid, "tables_r_writer.R", "run")
    writer = run_id(braid, "TablesRWriter")

    def ended():
        rows = query(braid, "SELECT id, status FROM runs WHERE flow = 'TablesOnLanding' "
                            "AND status IN ('succeeded', 'failed', 'cancelled')")
        return rows or None

    (landing, status), = wait_for(ended, 120, "the Python flow's run", diagnose=daemon.log)
    assert status == "succeeded", braid.cli("show", f"TablesOnLanding/{landing}", "--all").stdout
    data = run_data(braid, f"TablesOnLanding/{landing}")
    assert (data["trigger_version"], data["trigger_rows"], data["trigger_how"]) == (1, 3, "flow")
    assert data["cities"] == ["oslo", "rome", None] and data["categories"] == ["rome", "oslo"]
    assert data["amount_na"] == ["1.5", "nan", "nan"]
    writer_data = run_data(braid, f"TablesRWriter/{writer}")
    answer = python(braid, f"""
        import json
        from braid import Run, Table, namespace
        namespace(None)
        (version,) = Table("landed").versions
        print(json.dumps({{"producer": version.producer.pathspec,
                          "read": [[t.name, t.version] for t in Run("TablesOnLanding/{landing}").tables_read],
                          "written": [[t.name, t.version] for t in Run("TablesRWriter/{writer}").tables_written]}}))
        """)
    assert answer["producer"] == writer_data["task"]
    assert answer["read"] == [["landed", 1]] and answer["written"] == [["landed", 1]]
    assert daemon.terminate() == 0


@needs_r
def test_each_landing_starts_one_run_of_a_deployed_r_flow_that_reads_its_own_version(braid, daemons):
    deployed = rscript_flow(braid, "tables_r_reader.R", "deploy")
    assert "table sales" in deployed.stdout
    daemon = daemons()
    python(braid, """
        import pandas as pd
        from braid import Table
        Table("sales").put(pd.DataFrame({"x": [1, 2]}))
        Table("sales").put(pd.DataFrame({"x": [3]}))   # lands before the first run has read anything
        print("{}")
        """)

    def ended():
        rows = query(braid, "SELECT id, status FROM runs WHERE flow = 'TablesRReader' "
                            "AND status IN ('succeeded', 'failed', 'cancelled') ORDER BY id")
        return rows if len(rows) >= 2 else None

    runs = wait_for(ended, 180, "two runs of the R flow", diagnose=daemon.log)
    assert [status for _, status in runs] == ["succeeded", "succeeded"], daemon.log()
    seen = sorted((d["trigger_version"], d["trigger_how"], d["x"])
                  for d in (run_data(braid, f"TablesRReader/{run}") for run, _ in runs))
    assert seen == [(1, "put", "1,2"), (2, "put", "3")]
    assert daemon.terminate() == 0
    assert len(query(braid, "SELECT id FROM runs WHERE flow = 'TablesRReader'")) == 2  # exactly one run each


def test_bad_names_fail_in_the_client_before_the_engine(braid):
    result = braid.python("from braid import Table\nTable('a/b')\n", check=False)
    assert result.returncode != 0 and "table name 'a/b' contains a slash" in result.stderr
    listed = subprocess.run([braid.binary, "table", "list", "--json"], env=braid.env, capture_output=True, text=True)
    assert listed.stdout.strip() == ""
