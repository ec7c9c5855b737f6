#!/usr/bin/env python3
"""The trigger service's speed (issue #11): publish-to-run-started latency, and the idle service's cost.

    python bench/triggers.py [--events 200] [--idle-seconds 30] [--smoke]

A real ``braid daemon`` serves a temporary store with one deployed flow (``flows/triggers/on_event.py``,
one event, two trivial steps). Each event is published with ``braid event publish`` once the previous
event's run has ended, and timed from just before that command starts to the run's ``started_at`` in the
store (the engine's own clock, the same machine). Then the service idles and its CPU (``utime + stime``
from ``/proc``) and RSS are read.

No peer runs locally: Metaflow's ``@trigger`` needs Argo Events on Kubernetes, and Dagster's sensors poll
every 30 s by default, so an event waits 15 s on average for the next poll. That interval is the anchor
the ratios are printed against.
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
ANCHOR_POLL_S = 30.0  # Dagster's default sensor interval
TARGETS = {"median_ms": 50, "p99_ms": 250, "idle_cpu_percent": 0.5, "idle_rss_mb": 30}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200, help="events to time (default 200)")
    parser.add_argument("--idle-seconds", type=float, default=30, help="how long to watch the idle service (default 30)")
    parser.add_argument("--smoke", action="store_true", help="10 events, 3 s idle: checks the script works")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.smoke:
        args.events, args.idle_seconds = 10, 3
    return args


def process_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_rss_mb(pid):
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Store(StoreReader):
    def run_for_event(self, event_id):
        rows = self.query("SELECT r.id, r.status, r.started_at FROM run_triggers t JOIN runs r ON r.id = t.run "
                          "WHERE t.event = ?", event_id)
        return rows[0] if rows else None


def measure(args, engine, home, env):
    python = sys.executable
    flow = os.path.join(HERE, "flows", "triggers", "on_event.py")
    subprocess.run([python, flow, "deploy"], env=env, check=True, stdout=subprocess.DEVNULL)
    log = open(os.path.join(home, "daemon.log"), "w")
    daemon = subprocess.Popen([engine, "daemon"], env=env, stderr=log, stdin=subprocess.DEVNULL)
    store = Store(home)
    try:
        wait_for(lambda: os.path.exists(os.path.join(home, "daemon", "wake")), 10, "the daemon to start")
        time.sleep(0.3)
        latencies = []
        for n in range(args.events):
            started = time.time()
            result = subprocess.run([engine, "event", "publish", "bench_tick", f"n={n}"], env=env,
                                    capture_output=True, text=True, check=True)
            event_id = int(result.stdout)
            run = wait_for(lambda: (r := store.run_for_event(event_id)) and r[2] is not None and r, 30,
                           f"the run of event {event_id} to start")
            latencies.append(run[2] - started * 1000)
            wait_for(lambda: store.run_for_event(event_id)[1] not in ("pending", "running"), 60,
                     f"the run of event {event_id} to end")
        statuses = store.query("SELECT status, count(*) FROM runs GROUP BY status")
        time.sleep(1.0)  # the last run's engine is reaped and the service is idle
        cpu_before, wall_before = process_cpu_seconds(daemon.pid), time.monotonic()
        time.sleep(args.idle_seconds)
        idle_cpu = (process_cpu_seconds(daemon.pid) - cpu_before) / (time.monotonic() - wall_before) * 100
        rss = process_rss_mb(daemon.pid)
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=10)
        log.close()
    return latencies, idle_cpu, rss, dict(statuses)


def main(argv=None):
    args = parse_args(argv or sys.argv[1:])
    engine = find_engine()
    home = tempfile.mkdtemp(prefix="bench-triggers-")
    env = dict(os.environ, BRAID_HOME=home, BRAID_BIN=engine, BRAID_PROGRESS="0")
    src = os.path.join(REPO, "bindings", "python", "src")
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    try:
        latencies, idle_cpu, rss, statuses = measure(args, engine, home, env)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    median, p99 = statistics.median(latencies), percentile(latencies, 0.99)
    anchor_median_ms = ANCHOR_POLL_S / 2 * 1000
    rows = [
        ("publish -> run started, median", f"{median:.1f} ms", f"< {TARGETS['median_ms']} ms", median < TARGETS["median_ms"],
         f"{anchor_median_ms / median:,.0f}x sooner than a 30 s poll's 15 s"),
        ("publish -> run started, p99", f"{p99:.1f} ms", f"< {TARGETS['p99_ms']} ms", p99 < TARGETS["p99_ms"],
         f"{ANCHOR_POLL_S * 1000 * 0.99 / p99:,.0f}x sooner than a 30 s poll's p99"),
        ("idle service CPU", f"{idle_cpu:.3f} % of a core", f"< {TARGETS['idle_cpu_percent']} %",
         idle_cpu < TARGETS["idle_cpu_percent"], ""),
        ("idle service RSS", f"{rss:.1f} MB", f"< {TARGETS['idle_rss_mb']} MB", rss < TARGETS["idle_rss_mb"], ""),
    ]
    print(f"Trigger service, {len(latencies)} events (min {min(latencies):.1f} ms, max {max(latencies):.1f} ms), "
          f"idle {args.idle_seconds:g} s; runs: {statuses}")
    print("| row | Braid | target | verdict | against the anchor |")
    print("| --- | ---: | --- | --- | --- |")
    for name, figure, target, met, anchor in rows:
        print(f"| {name} | {figure} | {target} | {'met' if met else 'NOT met'} | {anchor} |")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"latencies_ms": latencies, "median_ms": median, "p99_ms": p99, "idle_cpu_percent": idle_cpu,
                       "idle_rss_mb": rss}, handle)
    if statuses.get("succeeded") != len(latencies):
        sys.exit(f"bench: expected {len(latencies)} succeeded runs, found {statuses}")


if __name__ == "__main__":
    main()
