#!/usr/bin/env python3
"""The client API at notebook speed (issue #16): Braid's Python and R clients, and Metaflow's client.

    python bench/client_api.py [--reps 5] [--tasks 4000] [--metaflow-tasks 1000] [--runs 10000] [--smoke]

Rows, each a fresh interpreter per repetition, timed inside it from after the imports:

- ``sum(t.data.y for t in run['work'])`` over a foreach of ``--tasks`` tasks (Braid), and over
  ``--metaflow-tasks`` tasks in both Braid and Metaflow (the same flow shape, ``flows/*/client_work.py``).
  Metaflow takes ~0.2 s per task to *produce* such a run here (3-4 minutes for 1,000, a quarter of an hour for
  4,000), so by default it is compared at 1,000 tasks, the Braid side measured at both sizes;
- ``list(Flow('LinearFlow').runs())`` with ``--runs`` runs in the store (one real run, then copies of its rows
  written as the engine writes them: ``client_store.py``), and the same filtered by a tag one run in ten has;
- ``r.data.x`` over the newest 1,000 of those runs (one engine call per page of runs);
- R's client on the same queries (``run_client(...)[["work"]]$tasks()``, ``flow_client(...)$runs()``);
- what a loop over the tasks keeps (``tracemalloc``) and how many engine processes each query starts.

Prints medians, ratios and whether each target is met; writes ``bench/results/client-<time>.md`` and ``.json``.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time

import client_queries as q
import r_rows
import report
from client_store import clone_runs
from measure import become_subreaper
from sides import VENV_PYTHON, BraidSide, MetaflowSide, metaflow_available
from suite import find_engine, installed_braid

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions of each query (default 5)")
    parser.add_argument("--tasks", type=int, default=4000, help="foreach width of the Braid run (default 4000)")
    parser.add_argument("--metaflow-tasks", type=int, default=1000,
                        help="foreach width of the side-by-side run (default 1000)")
    parser.add_argument("--runs", type=int, default=10_000, help="runs in the store for the listing (default 10000)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one repetition (checks the bench works)")
    parser.add_argument("--no-metaflow", action="store_true", help="Braid only")
    parser.add_argument("--braid-src", help="this checkout's Python client (e.g. bindings/python/src) instead of "
                                            "the installed one")
    parser.add_argument("--results", default=os.path.join(HERE, "results"))
    args = parser.parse_args(argv)
    if args.smoke:
        args.reps, args.tasks, args.metaflow_tasks, args.runs = 1, 40, 10, 200
    return args


class Bench:
    def __init__(self, args, log):
        self.args, self.log = args, log
        self.samples, self.calls, self.values, self.memory = {}, {}, {}, {}

    def time(self, key, command, env, cwd, count_with=None):
        """One timed sample of ``key``; the first time, also how many engine calls it makes."""
        answer = q.timed(command, env, cwd)
        self.samples.setdefault(key, []).append(answer["s"])
        self.values[key] = answer["value"]
        if count_with and key not in self.calls:
            self.calls[key] = q.engine_calls(command, env, cwd, *count_with)
        return answer


def produce(args, braid, metaflow, log):
    """The runs every query reads: the wide foreach (and the side-by-side one), and many runs of LinearFlow."""
    log(f"bench: Braid runs the {args.tasks:,}-task foreach")
    braid.run_flow("client_work", ["--width", str(args.tasks)])
    paths = {"braid_wide": "ClientWorkFlow/1"}
    if metaflow:
        log(f"bench: Braid and Metaflow run the {args.metaflow_tasks:,}-task foreach")
        braid.run_flow("client_work", ["--width", str(args.metaflow_tasks)])
        paths["braid_same"] = "ClientWorkFlow/2"
        measured = metaflow.run_flow("client_work", ["--width", str(args.metaflow_tasks), "--max-num-splits",
                                                     str(args.metaflow_tasks)])
        paths["metaflow_same"] = f"ClientWorkFlow/{_metaflow_run_id(measured.output)}"
    log(f"bench: one LinearFlow run, copied to {args.runs:,} runs")
    braid.run_flow("linear")
    first = 3 if metaflow else 2
    clone_runs(os.path.join(braid.home, "braid.db"), first, args.runs - 1, tag_every=10)
    return paths


def _metaflow_run_id(output):
    import re

    found = re.search(r"\[(\d+)/start/", output) or re.search(r"ClientWorkFlow/(\d+)", output)
    if not found:
        raise RuntimeError(f"no Metaflow run id in its output:\n{output[-2000:]}")
    return found.group(1)


def measure(args, bench, braid, metaflow, paths, use_r, engine):
    py, env, cwd = braid.python, braid.environment(), braid.work
    counter = (tempfile.mkdtemp(prefix="bench-calls-"), engine)
    for rep in range(args.reps):
        bench.time("py_sum_wide", [py, "-c", q.PY_BRAID_SUM.format(pathspec=paths["braid_wide"])], env, cwd, counter)
        if metaflow:
            bench.time("py_sum_same", [py, "-c", q.PY_BRAID_SUM.format(pathspec=paths["braid_same"])], env, cwd)
            bench.time("metaflow_sum_same", [metaflow.python, "-c",
                                             q.PY_METAFLOW_SUM.format(pathspec=paths["metaflow_same"])],
                       metaflow.environment(), metaflow.work)
        bench.time("py_runs", [py, "-c", q.PY_RUNS.format(flow="LinearFlow", tags="")], env, cwd, counter)
        bench.time("py_runs_tagged", [py, "-c", q.PY_RUNS.format(flow="LinearFlow", tags="'nightly'")], env, cwd,
                   counter)
        bench.time("py_runs_data", [py, "-c", q.PY_RUNS_DATA.format(flow="LinearFlow", count=min(1000, args.runs))],
                   env, cwd, counter)
        if use_r:
            r_env = dict(env, BRAID_PYTHON=py)
            bench.time("r_sum_wide", ["Rscript", "-e", q.R_SUM.format(pathspec=q.r_string(paths["braid_wide"]))],
                       r_env, cwd, counter)
            bench.time("r_runs", ["Rscript", "-e", q.R_RUNS.format(flow=q.r_string("LinearFlow"), tags="")],
                       r_env, cwd, counter)
        bench.log(f"  rep {rep + 1}/{args.reps}: " + ", ".join(f"{k} {v[-1]:.3f}s" for k, v in bench.samples.items()))
    bench.memory = q.timed([py, "-c", q.PY_MEMORY.format(pathspec=paths["braid_wide"])], env, cwd)


def verdicts(args, medians, bench):
    out = []

    def judge(target, figure, met, note=""):
        out.append((target, figure, {True: "met", False: "NOT met", None: "not measured"}[met], note))

    wide = medians.get("py_sum_wide")
    judge(f"sum over {args.tasks:,} tasks < 1.0 s", report._s(wide), wide < 1.0 if wide else None)
    same, mf = medians.get("py_sum_same"), medians.get("metaflow_sum_same")
    judge(f"Braid >= 10x faster than Metaflow's client ({args.metaflow_tasks:,} tasks, same flow)",
          f"{mf / same:.1f}x" if same and mf else "-", (mf / same >= 10) if same and mf else None,
          "" if same and mf else "Metaflow not run")
    runs = medians.get("py_runs")
    judge(f"list(Flow.runs()) with {args.runs:,} runs < 0.5 s", report._s(runs), runs < 0.5 if runs else None)
    for py_key, r_key, label in (("py_sum_wide", "r_sum_wide", "sum over tasks"), ("py_runs", "r_runs", "runs")):
        r, p = medians.get(r_key), medians.get(py_key)
        judge(f"R within 1.5x of Python: {label}", f"{r / p:.2f}x" if r and p else "-",
              (r / p <= 1.5) if r and p else None, "" if r else "R not run")
    kept = bench.memory.get("kept")
    judge(f"iterating {args.tasks:,} tasks keeps < 1 MB once done", f"{kept / 1024:.0f} KB" if kept is not None else "-",
          kept < 1_000_000 if kept is not None else None, f"peak during the loop {bench.memory.get('peak', 0) / 1e6:.1f} MB")
    calls = bench.calls.get("py_sum_wide")
    judge("one engine process per collection (sum over a step: the run, the step)", f"{calls} calls",
          calls is not None and calls <= 2)
    return out


def markdown(args, info, medians, bench, verdict_rows):
    label = {
        "py_sum_wide": f"Braid Python: sum over {args.tasks:,} tasks",
        "py_sum_same": f"Braid Python: sum over {args.metaflow_tasks:,} tasks",
        "metaflow_sum_same": f"Metaflow: sum over {args.metaflow_tasks:,} tasks",
        "r_sum_wide": f"Braid R: sum over {args.tasks:,} tasks",
        "py_runs": f"Braid Python: list(Flow.runs()), {args.runs:,} runs",
        "py_runs_tagged": f"Braid Python: list(Flow.runs('nightly')), {args.runs // 10:,} of {args.runs:,}",
        "py_runs_data": f"Braid Python: r.data.x over the newest {min(1000, args.runs):,} runs",
        "r_runs": f"Braid R: flow_client()$runs(), {args.runs:,} runs",
    }
    lines = [f"# Client API at notebook speed ({info['mode']})", "",
             f"{info['when']} on {info['machine']}; {args.reps} repetitions, medians; each query in a fresh "
             "interpreter, timed from after its imports.", "",
             "| query | median | engine calls | value |", "| --- | ---: | ---: | ---: |"]
    for key, text in label.items():
        if key in medians:
            lines.append(f"| {text} | {report._s(medians[key])} | {bench.calls.get(key, '-')} | {bench.values[key]} |")
    lines += ["", "| target | measured | verdict | note |", "| --- | ---: | --- | --- |"]
    lines += [f"| {t} | {f} | **{v}** | {n} |" for t, f, v, n in verdict_rows]
    if info["mode"] == "smoke":
        lines += ["", "Smoke run: tiny sizes and one repetition; its verdicts mean nothing."]
    return "\n".join(lines) + "\n"


def main(argv=None):
    args = parse_args(argv)
    become_subreaper()
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    engine = find_engine()
    use_metaflow = not args.no_metaflow and metaflow_available()
    if not use_metaflow and not args.no_metaflow:
        log(f"bench: Metaflow not found in {VENV_PYTHON} (`make bench` installs it); running Braid alone")
    python = VENV_PYTHON if use_metaflow else sys.executable
    client = args.braid_src or (installed_braid(sys.executable) if use_metaflow else None)
    use_r = r_rows.r_braid_available()
    braid = BraidSide(python, engine, client)
    metaflow = MetaflowSide() if use_metaflow else None
    bench = Bench(args, log)
    try:
        paths = produce(args, braid, metaflow, log)
        measure(args, bench, braid, metaflow, paths, use_r, engine)
    finally:
        braid.close()
        if metaflow:
            metaflow.close()
    medians = {key: statistics.median(values) for key, values in bench.samples.items()}
    info = {"mode": "smoke" if args.smoke else "full", "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": f"{platform.node()} ({os.cpu_count()} cores)"}
    rows = verdicts(args, medians, bench)
    text = markdown(args, info, medians, bench, rows)
    stem = "client-smoke" if args.smoke else "client-" + time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    data = {"info": info, "args": vars(args), "medians": medians, "samples": bench.samples, "calls": bench.calls,
            "values": bench.values, "memory": bench.memory, "verdicts": rows}
    paths_written = report.write(args.results, stem, text, data)
    print(text)
    log(f"bench: wrote {' and '.join(paths_written)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("bench: interrupted")
