#!/usr/bin/env python3
"""Watched table locations (issue #12): landing-to-run-started latency for each kind.

    python bench/table_landing.py [--landings 50] [--smoke]

A real ``braid daemon`` serves a temporary store with one deployed flow (``flows/triggers/on_landing.py``,
two trivial steps) that starts on a new version of any of three watched tables:

- ``delta``: a Delta Lake table that ``deltalake`` (``write_deltalake``, mode append) commits to;
- ``marker``: a directory where a partition's ``_SUCCESS`` is created (as ``touch`` does);
- ``file``: a Feather file replaced by ``os.rename`` of a finished one (as ``mv`` does).

Each landing is timed from its commit to the run's ``started_at`` in the store (the engine's own clock, the
same machine): for ``delta`` the commit file's ctime (delta-rs links the finished ``N.json`` into place; the
kernel's coarse clock, up to one tick early, so the figure errs high), for ``marker`` and ``file`` the
moment just before the bench creates the marker or renames the file. The next landing waits for the run
to end. Landings are found through inotify; the fallback check is left at its default (5 s), so a
landing missed by inotify would show in the p99.

No peer runs locally. Dagster's sensors poll every 30 s by default, and Iceberg's Flink streaming source
looks for new snapshots every 60 s (its default `monitor-interval`), so a landing waits 15 s or 30 s on
average for the next poll; those intervals are the anchors the ratios name.
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from service_bench import StoreReader, find_engine, percentile, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
ANCHORS_S = {"Dagster's 30 s sensor": 30.0, "Iceberg's 60 s polling": 60.0}
TARGETS = {"median_ms": 100, "p99_ms": 300}
KINDS = ("delta", "marker", "file")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--landings", type=int, default=50, help="landings to time per kind (default 50)")
    parser.add_argument("--smoke", action="store_true", help="5 landings per kind: checks the script works")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.smoke:
        args.landings = 5
    return args


class Store(StoreReader):
    def version_count(self, table):
        return self.query("SELECT count(*) FROM table_versions WHERE name = ?", table)[0][0]

    def run_of_version(self, table, version):
        """(status, started_at) of the run the version's landing started, once there is one."""
        rows = self.query("SELECT r.status, r.started_at FROM table_versions v JOIN run_triggers t ON t.event = v.event "
                          "JOIN runs r ON r.id = t.run WHERE v.name = ? AND v.version = ?", table, version)
        return rows[0] if rows else None


class Landings:
    """Makes one landing of each kind; each returns the landing's time (seconds since the epoch)."""

    def __init__(self, root):
        import pyarrow as pa
        import pyarrow.feather as feather
        from deltalake import write_deltalake

        self.pa, self.feather, self.write_deltalake = pa, feather, write_deltalake
        self.delta = os.path.join(root, "delta")
        self.marker = os.path.join(root, "marker")
        self.file = os.path.join(root, "sales.arrow")
        os.makedirs(self.delta)
        os.makedirs(self.marker)
        self.count = {kind: 0 for kind in KINDS}
        self.frame = pa.table({"id": pa.array(range(1000), pa.int64()), "price": pa.array([1.5] * 1000)})
        self.land("file")  # the file must exist to be watched

    def location(self, kind):
        return getattr(self, kind)

    def land(self, kind):
        self.count[kind] += 1
        n = self.count[kind]
        if kind == "delta":
            self.write_deltalake(self.delta, self.frame, mode="append")
            commit = os.path.join(self.delta, "_delta_log", f"{n - 1:020d}.json")
            return os.stat(commit).st_ctime_ns / 1e9
        if kind == "marker":
            partition = os.path.join(self.marker, f"batch={n}")
            os.makedirs(partition)
            self.feather.write_feather(self.frame, os.path.join(partition, "part-0.arrow"))
            landed = time.time()
            open(os.path.join(partition, "_SUCCESS"), "w").close()
            return landed
        staged = self.file + ".tmp"
        self.feather.write_feather(self.frame.slice(0, 1000 - n % 1000), staged)
        landed = time.time()
        os.rename(staged, self.file)
        return landed


def measure(args, engine, home, env):
    store = Store(home)
    landings = Landings(os.path.join(home, "locations"))
    for kind in KINDS:
        subprocess.run([engine, "table", "watch", f"landing_{kind}", landings.location(kind), "--kind", kind], env=env,
                       check=True, stdout=subprocess.DEVNULL)
    flow = os.path.join(HERE, "flows", "triggers", "on_landing.py")
    subprocess.run([sys.executable, flow, "deploy"], env=env, check=True, stdout=subprocess.DEVNULL)
    log = open(os.path.join(home, "daemon.log"), "w")
    daemon = subprocess.Popen([engine, "daemon"], env=env, stderr=log, stdin=subprocess.DEVNULL)
    latencies = {kind: [] for kind in KINDS}
    try:
        wait_for(lambda: os.path.exists(os.path.join(home, "daemon", "wake")), 10, "the daemon to start")
        time.sleep(0.3)
        for n in range(args.landings):
            for kind in KINDS:
                table = f"landing_{kind}"
                before = store.version_count(table)
                landed = landings.land(kind)
                version = before + 1
                run = wait_for(lambda: (r := store.run_of_version(table, version)) and r[1] is not None and r, 30,
                               f"the run of {table} version {version} to start")
                latencies[kind].append(run[1] - landed * 1000)
                wait_for(lambda: store.run_of_version(table, version)[0] not in ("pending", "running"), 60,
                         f"the run of {table} version {version} to end")
        statuses = dict(store.query("SELECT status, count(*) FROM runs GROUP BY status"))
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=10)
        log.close()
    return latencies, statuses


def main(argv=None):
    args = parse_args(argv or sys.argv[1:])
    engine = find_engine()
    home = tempfile.mkdtemp(prefix="bench-landing-")
    env = dict(os.environ, BRAID_HOME=home, BRAID_BIN=engine, BRAID_PROGRESS="0")
    src = os.path.join(REPO, "bindings", "python", "src")
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    try:
        latencies, statuses = measure(args, engine, home, env)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"Watched table locations, {args.landings} landings per kind; runs: {statuses}")
    print("| kind | median | p99 | min / max | target | verdict | against the anchors |")
    print("| --- | ---: | ---: | ---: | --- | --- | --- |")
    figures = {}
    all_met = True
    for kind in KINDS:
        values = latencies[kind]
        median, p99 = statistics.median(values), percentile(values, 0.99)
        met = median < TARGETS["median_ms"] and p99 < TARGETS["p99_ms"]
        all_met &= met
        anchors = "; ".join(f"{name}: {seconds / 2 * 1000 / median:,.0f}x sooner on average"
                            for name, seconds in ANCHORS_S.items())
        print(f"| {kind} | {median:.1f} ms | {p99:.1f} ms | {min(values):.1f} / {max(values):.1f} ms "
              f"| median < {TARGETS['median_ms']} ms, p99 < {TARGETS['p99_ms']} ms | {'met' if met else 'NOT met'} | {anchors} |")
        figures[kind] = {"latencies_ms": values, "median_ms": median, "p99_ms": p99, "met": met}
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(figures, handle)
    expected = args.landings * len(KINDS)  # the file's first version, landed by `braid table watch`, came before the deploy
    if statuses.get("succeeded") != expected:
        sys.exit(f"bench: expected {expected} succeeded runs, found {statuses}")


if __name__ == "__main__":
    main()
