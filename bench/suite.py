#!/usr/bin/env python3
"""Braid against Metaflow on the same flows, and Braid's own rows against their floors (issue #6).

    python bench/suite.py [--reps 5] [--big-reps 3] [--only linear,branch,...] [--smoke] [--no-metaflow]

Rows: linear, branch, foreach_100, foreach_1000, frame_1m, frame_10m (side by side), r_linear, r_frame
(Braid only). Metaflow runs from ``bench/.venv`` (``make bench`` makes it); without it the side-by-side
rows run Braid alone. Prints the table, writes ``bench/results/<stem>.md`` and ``.json``, and marks
every target met or not met. ``--smoke``: tiny sizes, one repetition, stem ``smoke``.
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import compare
import r_rows
import report
import targets
from measure import become_subreaper
from sides import VENV_PYTHON, BraidSide, MetaflowSide, metaflow_available, versions

HERE = os.path.dirname(os.path.abspath(__file__))
SIDE_BY_SIDE = ("linear", "branch", "foreach_100", "foreach_1000", "frame_1m", "frame_10m")
BRAID_ONLY = ("r_linear", "r_frame")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions of each row (default 5)")
    parser.add_argument("--big-reps", type=int, default=3,
                        help="repetitions of foreach_1000, frame_10m and r_frame (default 3)")
    parser.add_argument("--only", help="comma-separated rows to run (default: all)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one repetition (checks the suite works)")
    parser.add_argument("--no-metaflow", action="store_true", help="run the Braid side only")
    parser.add_argument("--results", default=os.path.join(HERE, "results"), help="where to write the table")
    parser.add_argument("--python", default=None,
                        help="the interpreter both tools run with (default: bench/.venv's when Metaflow runs, "
                             "else this one)")
    parser.add_argument("--braid-src", help="run this checkout's Python client (e.g. bindings/python/src) instead "
                                            "of the installed one (put first on PYTHONPATH)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.reps = args.big_reps = 1
    rows = SIDE_BY_SIDE + BRAID_ONLY
    args.rows = rows if not args.only else tuple(args.only.split(","))
    unknown = [row for row in args.rows if row not in rows]
    if unknown:
        parser.error(f"unknown row(s) {', '.join(unknown)}; the rows are {', '.join(rows)}")
    return args


def installed_braid(python):
    """A folder that holds only the braid package ``python`` imports (to put on another interpreter's path)."""
    result = subprocess.run([python, "-c", "import braid, os; print(os.path.dirname(braid.__file__))"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"bench: {python} cannot import braid (make install, or --braid-src bindings/python/src)")
    folder = tempfile.mkdtemp(prefix="bench-braid-client-")
    os.symlink(result.stdout.strip(), os.path.join(folder, "braid"))
    return folder


def find_engine():
    engine = os.environ.get("BRAID_BIN") or shutil.which("braid")
    if not engine or not os.access(engine, os.X_OK):
        sys.exit("bench: no braid engine: set BRAID_BIN or put braid on PATH (make install)")
    return os.path.abspath(engine)


def bare_python(python, times=10):
    """Median seconds of ``python -c pass``: what every Python process pays before any code of its own."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        subprocess.run([python, "-c", "pass"], check=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _stop_on_sigterm():
    """``kill`` of the suite unwinds like Ctrl-C, so the flow it is running is stopped and its folder removed."""
    import signal

    def handler(number, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def main(argv=None):
    args = parse_args(argv)
    become_subreaper()
    _stop_on_sigterm()
    engine = find_engine()
    use_metaflow = not args.no_metaflow and metaflow_available()
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    if not use_metaflow and not args.no_metaflow:
        log(f"bench: Metaflow not found in {VENV_PYTHON} (`make bench` installs it); running Braid alone")
    # Both tools run with the same interpreter, pandas and pyarrow: the venv's. (A venv also skips the .pth
    # files of the base interpreter's site-packages, which on some machines cost every process tens of ms.)
    client_folder = None
    if args.python is None:
        args.python = VENV_PYTHON if use_metaflow else sys.executable
        if use_metaflow and not args.braid_src:
            args.braid_src = client_folder = installed_braid(sys.executable)
    try:
        return measure_all(args, engine, use_metaflow, log)
    finally:
        if client_folder:
            shutil.rmtree(client_folder, ignore_errors=True)


def measure_all(args, engine, use_metaflow, log):
    info = {"mode": "smoke" if args.smoke else "full", "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": f"{platform.node()} ({os.cpu_count()} cores, {platform.machine()})", "reps": args.reps,
            "big_reps": args.big_reps, "engine": engine, "python": args.python,
            "braid_client": os.path.realpath(os.path.join(args.braid_src, "braid")) if args.braid_src
            else "installed package",
            "braid_versions": versions(args.python, ["braid", "pandas", "pyarrow"], args.braid_src),
            "metaflow_versions": versions(VENV_PYTHON, ["metaflow", "pandas", "pyarrow"]) if use_metaflow else None}
    samples, medians, labels, tasks = {}, {"python_bare_s": bare_python(args.python)}, {}, {}
    stem = "smoke" if args.smoke else "bench-" + time.strftime("%Y%m%d-%H%M%S", time.gmtime())

    def save(partial):
        """Writes the table of the rows done so far (a long run that is stopped still leaves its figures)."""
        verdicts = targets.judge(medians, tasks)
        text = report.markdown(dict(info, partial=partial), medians, labels, tasks, verdicts)
        data = {"info": info, "medians": medians, "samples": samples, "tasks": tasks, "verdicts": verdicts}
        return text, report.write(args.results, stem, text, data)
    def side_by_side(case):
        braid, metaflow = BraidSide(args.python, engine, args.braid_src), MetaflowSide() if use_metaflow else None
        try:
            log(f"bench: {case.label}")
            samples[case.key] = compare.run_case(case, braid, metaflow, args.big_reps if case.big else args.reps, log)
        finally:
            braid.close()
            if metaflow:
                metaflow.close()
        medians[case.key] = compare.medians(samples[case.key])
        save(partial=True)

    # The longest row last, so that a run cut short has the others.
    chosen = [case for case in compare.cases(args.smoke) if case.key in args.rows]
    for case in chosen:
        labels[case.key], tasks[case.key] = case.label, case.tasks
    for case in chosen:
        if case.key != "foreach_1000":
            side_by_side(case)
    run_r_rows(args, engine, samples, medians, log, save)
    for case in chosen:
        if case.key == "foreach_1000":
            side_by_side(case)
    text, paths = save(partial=False)
    print(text)
    log(f"bench: wrote {' and '.join(paths)}")
    return 0


def run_r_rows(args, engine, samples, medians, log, save):
    wanted = [row for row in BRAID_ONLY if row in args.rows]
    if not wanted:
        return
    if not r_rows.r_braid_available():
        log("bench: Rscript or the braid R package not found; skipping the R rows")
        return
    rows = 2000 if args.smoke else 10_000_000
    for row in wanted:
        braid = BraidSide(args.python, engine, args.braid_src)
        try:
            if row == "r_linear":
                log("bench: R linear flow")
                samples[row] = r_rows.run_linear(braid, args.reps, log)
            else:
                log(f"bench: R -> Python -> R, {rows:,} rows")
                samples[row] = r_rows.run_frame(braid, rows, args.big_reps, log)
        finally:
            braid.close()
        medians[row] = compare.medians(samples[row])
        if row == "r_frame":
            medians[row]["rows"] = rows
        save(partial=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("bench: interrupted; the flow that was running is stopped")
