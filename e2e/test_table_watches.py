"""Watched table locations (docs/tables.md, "Watched locations") with real writers and a real trigger service:
a `deltalake` writer, a shell script dropping `_SUCCESS` per partition, a file replaced by `mv`; the service
killed with SIGKILL between and during landings, a landing while it is down, a Delta commit that is not JSON,
a watched path that vanishes; and the `braid table watch` / `unwatch` commands."""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from daemon import daemons, query, run_data, runs, wait_for  # noqa: F401 (daemons: a fixture)

FLOW = "WatchedSalesFlow"
FINAL = ("succeeded", "failed", "cancelled")
# Short, so that the fallback look (and a vanished path's log line) come within a test's patience.
CHECK = ("--check-interval", "0.3")


# --- writers: real processes ----------------------------------------------------------------------


def delta_write(path, rows, mode="append"):
    """One `deltalake` commit of `rows` rows (ids from 0), by a separate Python process."""
    code = textwrap.dedent(f"""
        import pyarrow as pa
        from deltalake import write_deltalake
        write_deltalake({str(path)!r}, pa.table({{"id": pa.array(range({rows}), pa.int64()),
                                                  "price": pa.array([1.5] * {rows})}}), mode={mode!r})
        """)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def delta_appender(path, commits, pause):
    """A `deltalake` writer appending `commits` commits (1, 2, 3 ... rows), `pause` seconds apart, in the background."""
    code = textwrap.dedent(f"""
        import time
        import pyarrow as pa
        from deltalake import write_deltalake
        for n in range(1, {commits} + 1):
            write_deltalake({str(path)!r}, pa.table({{"id": pa.array(range(n), pa.int64())}}), mode="append")
            print("committed", n, flush=True)
            time.sleep({pause})
        """)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


def feather(path, rows):
    code = (f"import pyarrow as pa, pyarrow.feather as f; "
            f"f.write_feather(pa.table({{'id': pa.array(range({rows}), pa.int64())}}), {str(path)!r})")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def parquet(path, rows):
    code = (f"import pyarrow as pa, pyarrow.parquet as pq; "
            f"pq.write_table(pa.table({{'id': pa.array(range({rows}), pa.int64())}}), {str(path)!r})")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# --- the store ------------------------------------------------------------------------------------


def versions(braid, name="sales"):
    """(version, how, commit, rows) of each version, oldest first."""
    return query(braid, "SELECT version, how, commit_ref, rows FROM table_versions WHERE name = ? ORDER BY version", name)


def landing_events(braid, name="sales"):
    return query(braid, "SELECT id FROM events WHERE name = ? ORDER BY id", f"braid.table.{name}")


def watch(braid, path, kind, name="sales"):
    return braid.cli("table", "watch", name, str(path), "--kind", kind)


def ended_runs(braid, count, timeout=90):
    def done():
        found = runs(braid, FLOW)
        return found if len(found) >= count and all(status in FINAL for _, status in found) else None
    return wait_for(done, timeout, f"{count} ended runs of {FLOW}",
                    diagnose=lambda: braid.cli("runs", "--all", check=False).stdout)


def seen_by_runs(braid, count):
    """What each run saw: (version, how, rows read), by run id; every run succeeded."""
    found = ended_runs(braid, count)
    assert [status for _, status in found] == ["succeeded"] * count, found
    assert len(runs(braid, FLOW)) == count, "no more runs than landings"
    data = [run_data(braid, f"{FLOW}/{run}") for run, _ in found]
    return [(d["version"], d["how"], d["rows_read"]) for d in data]


def wait_versions(braid, count, timeout=30, daemon=None):
    return wait_for(lambda: len(versions(braid)) >= count and versions(braid), timeout, f"{count} versions of sales",
                    diagnose=(daemon.log if daemon else None))


# --- the three kinds ------------------------------------------------------------------------------


def test_each_deltalake_commit_is_one_version_and_starts_one_run(braid, daemons, tmp_path):
    table = tmp_path / "sales"
    table.mkdir()
    braid.flow("tables_watched.py", "deploy", check=True)
    watched = watch(braid, table, "delta")
    assert watched.stdout.splitlines()[:2] == [
        f"Table sales now watches {table} (delta).", "Nothing has landed there yet; the first commit lands as a version."]
    daemon = daemons(*CHECK)
    for rows in (3, 2, 4):
        delta_write(table, rows)
    assert wait_versions(braid, 3, daemon=daemon) == [(1, "delta", "0", 3), (2, "delta", "1", 2), (3, "delta", "2", 4)]
    # Each run reads the version that started it, through deltalake at that Delta version (3, 3+2, 3+2+4 rows).
    assert seen_by_runs(braid, 3) == [(1, "delta", 3), (2, "delta", 5), (3, "delta", 9)]
    schema = json.loads(query(braid, "SELECT schema_json FROM table_versions WHERE name = 'sales' AND version = 3")[0][0])
    assert schema == [{"name": "id", "type": "long", "nullable": True}, {"name": "price", "type": "double", "nullable": True}]
    log = daemon.log()
    assert f"table sales version 1 landed: Delta commit 0 of {table}, 3 rows" in log
    assert f"table sales version 3 landed: Delta commit 2 of {table}, 4 rows" in log
    shown = braid.cli("table", "show", "sales").stdout
    assert "delta 2" in shown and "id long, price double" in shown


def test_a_shell_script_dropping_success_per_partition_lands_each_partition_once(braid, daemons, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    sample = tmp_path / "sample.parquet"
    parquet(sample, 4)
    braid.flow("tables_watched.py", "deploy", check=True)
    watch(braid, out, "marker")
    daemon = daemons(*CHECK)
    script = tmp_path / "drop.sh"
    # A batch job's output: data files first (some in the committer's _temporary), then the marker.
    script.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        set -e
        for day in 2026-12-05 2026-12-06 2026-12-07; do
            mkdir -p "{out}/_temporary/0" "{out}/day=$day"
            touch "{out}/_temporary/0/_SUCCESS"
            cp "{sample}" "{out}/day=$day/part-00000.parquet"
            sleep 0.3
            touch "{out}/day=$day/_SUCCESS"
            sleep 0.3
        done
        """))
    script.chmod(0o755)
    subprocess.run([str(script)], check=True, timeout=60)
    found = wait_versions(braid, 3, daemon=daemon)
    assert found == [(1, "marker", "day=2026-12-05/_SUCCESS", 0), (2, "marker", "day=2026-12-06/_SUCCESS", 0),
                     (3, "marker", "day=2026-12-07/_SUCCESS", 0)]
    assert seen_by_runs(braid, 3) == [(1, "marker", 4), (2, "marker", 4), (3, "marker", 4)]
    time.sleep(1.0)  # several fallback looks: nothing lands twice
    assert len(versions(braid)) == 3
    # The writer reruns one partition and touches its marker again: a new version of it.
    (out / "day=2026-12-06" / "_SUCCESS").touch()
    os.utime(out / "day=2026-12-06" / "_SUCCESS", (time.time() + 5, time.time() + 5))
    assert wait_versions(braid, 4, daemon=daemon)[-1] == (4, "marker", "day=2026-12-06/_SUCCESS", 0)
    ended_runs(braid, 4)


def test_a_file_replaced_by_mv_lands_each_new_content_once(braid, daemons, tmp_path):
    target = tmp_path / "sales.arrow"
    feather(target, 2)
    braid.flow("tables_watched.py", "deploy", check=True)
    first = watch(braid, target, "file")
    assert "Landed sales version 1 from what is there now: file content " in first.stdout
    assert first.stdout.splitlines()[1].endswith(", 2 rows.")
    daemon = daemons(*CHECK)
    for count, rows in enumerate((5, 7), start=2):
        feather(tmp_path / "next.arrow", rows)
        subprocess.run(["mv", str(tmp_path / "next.arrow"), str(target)], check=True)
        wait_versions(braid, count, daemon=daemon)
    # The same bytes renamed in again: read, but not a new version, and no run.
    shutil.copy(target, tmp_path / "same.arrow")
    subprocess.run(["mv", str(tmp_path / "same.arrow"), str(target)], check=True)
    found = versions(braid)
    assert [(v, how, rows) for v, how, _, rows in found] == [(1, "file", 2), (2, "file", 5), (3, "file", 7)]
    # The flow was deployed before the watch: the first look's version starts a run too.
    assert seen_by_runs(braid, 3) == [(1, "file", 2), (2, "file", 5), (3, "file", 7)]
    time.sleep(1.0)
    assert len(versions(braid)) == 3 and len(runs(braid, FLOW)) == 3
    stored = query(braid, "SELECT object, fingerprint, location FROM table_versions WHERE name = 'sales' ORDER BY version")
    assert all(object_ == fingerprint and location == str(target) for object_, fingerprint, location in stored)
    assert (braid.home / "objects" / stored[2][0][:2] / f"{stored[2][0]}.arrow").exists()


def test_a_file_written_in_place_is_read_only_once_its_writer_closes_it(braid, daemons, tmp_path):
    target = tmp_path / "sales.arrow"
    feather(target, 1)
    watch(braid, target, "file")
    daemon = daemons(*CHECK)
    feather(tmp_path / "whole.arrow", 6)
    whole = (tmp_path / "whole.arrow").read_bytes()
    # Half the file, a pause of several fallback checks, the rest: never a version of the half.
    code = textwrap.dedent(f"""
        import time
        data = open({str(tmp_path / "whole.arrow")!r}, "rb").read()
        with open({str(target)!r}, "wb") as out:
            out.write(data[:len(data) // 2])
            out.flush()
            time.sleep(1.5)
            out.write(data[len(data) // 2:])
        """)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert target.read_bytes() == whole
    assert [(v, rows) for v, _, _, rows in wait_versions(braid, 2, daemon=daemon)] == [(1, 1), (2, 6)]
    time.sleep(1.0)
    assert len(versions(braid)) == 2
    assert "not a readable Arrow" not in daemon.log()


def test_a_parquet_file_lands_as_its_location(braid, tmp_path):
    target = tmp_path / "sales.parquet"
    parquet(target, 3)
    watch(braid, target, "file")
    [(version, how, commit, rows)] = versions(braid)
    assert (version, how, rows) == (1, "file", 0)
    [(object_, location)] = query(braid, "SELECT object, location FROM table_versions WHERE name = 'sales'")
    assert object_ is None and location == str(target)


# --- crashes and downtime -------------------------------------------------------------------------


def test_the_service_killed_between_landings_lands_each_exactly_once(braid, daemons, tmp_path):
    table, out = tmp_path / "sales", tmp_path / "out"
    table.mkdir()
    out.mkdir()
    braid.flow("tables_watched.py", "deploy", check=True)
    watch(braid, table, "delta")
    watch(braid, out, "marker", name="parts")
    daemon = daemons(*CHECK)
    delta_write(table, 1)
    wait_versions(braid, 1, daemon=daemon)
    ended_runs(braid, 1)
    daemon.kill()
    # While it is down: one commit and one partition.
    delta_write(table, 2)
    (out / "day=1").mkdir()
    (out / "day=1" / "_SUCCESS").touch()
    restarted = daemons(*CHECK, name="restarted")
    assert [row[:3] for row in wait_versions(braid, 2, daemon=restarted)] == [(1, "delta", "0"), (2, "delta", "1")]
    wait_for(lambda: len(versions(braid, "parts")) == 1, 20, "the partition that landed while no service ran")
    assert f"table sales version 2 landed: Delta commit 1 of {table}, 2 rows" in restarted.log()
    restarted.kill()
    third = daemons(*CHECK, name="third")
    delta_write(table, 3)
    wait_versions(braid, 3, daemon=third)
    assert seen_by_runs(braid, 3) == [(1, "delta", 1), (2, "delta", 3), (3, "delta", 6)]
    time.sleep(1.0)
    assert [v for v, *_ in versions(braid)] == [1, 2, 3]
    assert len(landing_events(braid)) == 3
    assert len(versions(braid, "parts")) == 1


def test_sigkill_at_random_moments_while_a_writer_commits_loses_and_doubles_nothing(braid, daemons, tmp_path):
    table = tmp_path / "sales"
    table.mkdir()
    braid.flow("tables_watched.py", "deploy", check=True)
    watch(braid, table, "delta")
    commits = 12
    writer = delta_appender(table, commits, pause=0.15)
    rng = random.Random(12)
    started = []
    try:
        while writer.poll() is None:
            # Half the time killed during its first look (before it says it is serving), half after.
            daemon = daemons(*CHECK, name=f"daemon-{len(started)}", wait_serving=rng.random() < 0.5)
            started.append(daemon)
            time.sleep(rng.uniform(0.02, 0.6))
            daemon.kill()
    finally:
        writer.wait(timeout=60)
    assert writer.returncode == 0
    final = daemons(*CHECK, name="final")
    found = wait_versions(braid, commits, daemon=final)
    assert [(v, commit) for v, _, commit, _ in found] == [(n + 1, str(n)) for n in range(commits)]
    assert [rows for *_, rows in found] == list(range(1, commits + 1))
    assert len(landing_events(braid)) == commits
    seen = seen_by_runs(braid, commits)
    assert sorted(version for version, _, _ in seen) == list(range(1, commits + 1))
    time.sleep(1.0)
    assert len(versions(braid)) == commits and len(runs(braid, FLOW)) == commits


def test_a_landing_while_no_service_runs_is_found_when_it_starts(braid, daemons, tmp_path):
    table = tmp_path / "sales"
    delta_write(table, 2)
    braid.flow("tables_watched.py", "deploy", check=True)
    watched = watch(braid, table, "delta")
    assert "Landed sales version 1 from what is there now: Delta commit 0, 2 rows." in watched.stdout
    delta_write(table, 3)
    delta_write(table, 4)
    assert len(versions(braid)) == 1, "no service, no new version"
    daemon = daemons(*CHECK)
    # Found by the look at start, before the service says it is serving.
    assert [row[:3] for row in versions(braid)] == [(1, "delta", "0"), (2, "delta", "1"), (3, "delta", "2")]
    log = daemon.log()
    assert log.index("version 3 landed") < log.index("braid daemon: serving")
    assert seen_by_runs(braid, 3) == [(1, "delta", 2), (2, "delta", 5), (3, "delta", 9)]


# --- bad input ------------------------------------------------------------------------------------


def test_a_delta_commit_that_is_not_json_is_logged_once_and_later_commits_wait(braid, daemons, tmp_path):
    table = tmp_path / "sales"
    delta_write(table, 2)
    braid.flow("tables_watched.py", "deploy", check=True)
    watch(braid, table, "delta")
    daemon = daemons(*CHECK)
    log_dir = table / "_delta_log"
    bad = log_dir / "00000000000000000001.json"
    # A broken writer: commit 1 is not JSON; a later commit 2 is fine.
    bad.write_text("this is not { json\n")
    (log_dir / "00000000000000000002.json").write_text(
        '{"commitInfo":{"operation":"WRITE"}}\n{"add":{"path":"x.parquet","size":1,"stats":"{\\"numRecords\\":7}"}}\n')
    message = (f"table sales: the Delta commit {bad} is not JSON: line 1 is not a JSON object ('this is not {{ json'); "
               "it is not recorded, and later commits wait until it is fixed")
    daemon.wait_log(message)
    time.sleep(1.5)  # five more fallback looks
    assert daemon.log().count(message) == 1, daemon.log()
    assert [v for v, *_ in versions(braid)] == [1]
    # Fixed (an atomic replace): commit 1, then commit 2, in order.
    fixed = log_dir / "fixed.tmp"
    fixed.write_text('{"commitInfo":{"operation":"WRITE"}}\n{"add":{"path":"y.parquet","size":1,"stats":"{\\"numRecords\\":5}"}}\n')
    os.rename(fixed, bad)
    assert [row[1:] for row in wait_versions(braid, 3, daemon=daemon)] == [("delta", "0", 2), ("delta", "1", 5), ("delta", "2", 7)]


def test_a_watched_path_that_vanishes_is_logged_once_and_watched_again_when_back(braid, daemons, tmp_path):
    out = tmp_path / "out"
    (out / "day=1").mkdir(parents=True)
    (out / "day=1" / "_SUCCESS").touch()
    watch(braid, out, "marker")
    daemon = daemons(*CHECK)
    away = tmp_path / "elsewhere"
    out.rename(away)
    gone = (f"table sales: the watched location {out} is gone; the watch stays, and landings are looked for again "
            "when it is back")
    daemon.wait_log(gone)
    time.sleep(1.5)
    assert daemon.log().count(gone) == 1, daemon.log()
    assert "delta" not in braid.cli("table", "list").stdout and f"marker {out}" in braid.cli("table", "list").stdout
    away.rename(out)
    (out / "day=2").mkdir()
    (out / "day=2" / "_SUCCESS").touch()
    daemon.wait_log(f"table sales: the watched location {out} is back")
    assert [row[2] for row in wait_versions(braid, 2, daemon=daemon)] == ["day=1/_SUCCESS", "day=2/_SUCCESS"]
    # A watched file removed: logged once too, and back with its next rename.
    target = tmp_path / "sales.arrow"
    feather(target, 1)
    watch(braid, target, "file", name="single")
    target.unlink()
    file_gone = (f"table single: the watched file {target} is gone; the watch stays, and landings are looked for again "
                 "when it is back")
    daemon.wait_log(file_gone)
    time.sleep(1.0)
    assert daemon.log().count(file_gone) == 1
    feather(tmp_path / "next.arrow", 2)
    os.rename(tmp_path / "next.arrow", target)
    wait_for(lambda: len(versions(braid, "single")) == 2, 20, "the file's next version", diagnose=daemon.log)


# --- the commands ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, make, message", [
    ("delta", None, "{path} does not exist; watch a location that is there (for a Delta table, its directory; "
                    "for markers, the output directory)"),
    ("delta", "file", "{path} is a file; --kind delta watches a directory (the Delta table's, which holds _delta_log); "
                      "--kind file watches one file"),
    ("marker", "file", "{path} is a file; --kind marker watches a directory (where the writer drops _SUCCESS); "
                       "--kind file watches one file"),
    ("file", "dir", "{path} is a directory; --kind file watches one file (--kind delta or marker watch a directory)"),
])
def test_watch_refuses_a_location_that_is_not_there_or_not_the_kind(braid, tmp_path, kind, make, message):
    path = tmp_path / "location"
    if make == "file":
        path.write_text("x")
    elif make == "dir":
        path.mkdir()
    result = braid.cli("table", "watch", "sales", str(path), "--kind", kind, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: cannot watch {path} for table sales: " + message.format(path=path)
    assert query(braid, "SELECT count(*) FROM table_watches") in ([], [(0,)])


def test_watch_takes_a_relative_path_list_shows_it_rewatching_replaces_and_unwatch_keeps_the_versions(braid, tmp_path):
    table = braid.workdir / "lake" / "sales"
    delta_write(table, 2)
    assert braid.cli("table", "watch", "sales", "lake/sales", "--kind", "delta").stdout.startswith(
        f"Table sales now watches {table} (delta).")
    listed = braid.cli("table", "list").stdout
    assert f"delta {table}" in listed
    assert json.loads(braid.cli("table", "list", "--json").stdout.splitlines()[0])["watch"] == {"path": str(table), "kind": "delta"}
    again = braid.cli("table", "watch", "sales", str(table), "--kind", "delta").stdout
    assert again == f"Table sales already watches {table} (delta); nothing changed.\n"
    out = tmp_path / "out"
    out.mkdir()
    replaced = braid.cli("table", "watch", "sales", str(out), "--kind", "marker").stdout
    assert replaced.splitlines()[0] == f"Table sales now watches {out} (marker); it replaces the watch of {table} (delta)."
    assert braid.cli("table", "unwatch", "sales").stdout == f"Table sales no longer watches {out} (marker); its version stays.\n"
    assert "-" == braid.cli("table", "list").stdout.splitlines()[1].split()[-1]
    missing = braid.cli("table", "unwatch", "sales", check=False)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "Error: table sales watches no location (braid table list shows the watches)"
    bad = braid.cli("table", "watch", "a/b", str(out), "--kind", "marker", check=False)
    assert bad.stderr.strip() == "Error: cannot watch: the table name 'a/b' has a '/'; use letters, digits, '_', '-' and '.'"
    kind = braid.cli("table", "watch", "sales", str(out), "--kind", "iceberg", check=False)
    assert kind.returncode == 64 and "iceberg" in kind.stderr
