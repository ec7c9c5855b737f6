#!/usr/bin/env python3
"""R -> Python -> R with a 10,000,000-row data.frame, against the pyarrow floor, same run.

A data.frame of integer, double, character, logical and factor columns (with
NA in each) is made in R and written as a braid artifact; a Python process
reads it as a pandas DataFrame, copies it and stores the copy (what a
Python step does); R reads that back and checks it is identical() to the
original. Each leg runs in a fresh process and only the artifact call is
timed. The floor: pyarrow writing the same Arrow table with its IPC file
writer and reading it back into memory. Issue #6's target: the four legs
(R write, Python read, Python write, R read) within 3x of the floor.

    python3 bench/r_python_r.py [--rows N] [--rounds R] [--smoke]

Uses the `braid` Python package and R package it finds (PYTHONPATH, R_LIBS).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_RATIO = 3.0
LEGS = ("r_write", "py_read", "py_write", "r_read")


def python_leg(source, target):
    """Reads the R artifact as pandas, copies it, stores the copy; prints the timings."""
    import pandas  # noqa: F401  (imports are a step's start-up cost, not the table's)
    import pyarrow  # noqa: F401
    from braid._artifacts import read_artifact, write_artifact

    start = time.perf_counter()
    frame = read_artifact(source, "frame")
    read = time.perf_counter() - start
    start = time.perf_counter()
    copy = frame.copy()
    copied = time.perf_counter() - start
    start = time.perf_counter()
    write_artifact(copy, target, "frame")
    write = time.perf_counter() - start
    print(json.dumps({"read": read, "copy": copied, "write": write}))


def floor_leg(source, target):
    """pyarrow alone: the same Arrow table written with the IPC file writer and read back into memory."""
    import pyarrow as pa

    table = pa.ipc.open_file(source).read_all()
    start = time.perf_counter()
    with pa.OSFile(target, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    write = time.perf_counter() - start
    start = time.perf_counter()
    with pa.OSFile(target) as handle:
        pa.ipc.open_file(handle).read_all()
    read = time.perf_counter() - start
    print(json.dumps({"write": write, "read": read}))


def run_json(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"benchmark leg failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="a tiny run that only checks the benchmark works")
    parser.add_argument("--leg", nargs=3, metavar=("LEG", "SOURCE", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.leg:
        leg, source, target = args.leg
        return python_leg(source, target) if leg == "python" else floor_leg(source, target)
    if args.smoke:
        args.rows, args.rounds = 10_000, 1

    r_script = os.path.join(HERE, "r_python_r.R")
    me = os.path.abspath(__file__)
    samples = {key: [] for key in (*LEGS, "py_copy", "floor_write", "floor_read", "total", "floor")}
    with tempfile.TemporaryDirectory(prefix="braid-bench-rpr-") as tmp:
        from_r, from_python, floor_file = (os.path.join(tmp, name) for name in ("r.arrow", "py.arrow", "pa.arrow"))
        for _ in range(args.rounds):
            for path in (from_r, from_python, floor_file):
                if os.path.exists(path):
                    os.unlink(path)  # every writer starts from no file
            r_write = run_json(["Rscript", r_script, "write", str(args.rows), from_r])["write"]
            python = run_json([sys.executable, me, "--leg", "python", from_r, from_python])
            back = run_json(["Rscript", r_script, "read", str(args.rows), from_python])
            if back["identical"] is not True:
                sys.exit("the frame read back in R is not identical() to the one R wrote")
            floor = run_json([sys.executable, me, "--leg", "floor", from_r, floor_file])
            round_ = {"r_write": r_write, "py_read": python["read"], "py_write": python["write"], "r_read": back["read"],
                      "py_copy": python["copy"], "floor_write": floor["write"], "floor_read": floor["read"]}
            round_["total"] = sum(round_[leg] for leg in LEGS)
            round_["floor"] = floor["write"] + floor["read"]
            for key, value in round_.items():
                samples[key].append(value)
        size = os.path.getsize(from_r)
    medians = {key: statistics.median(values) for key, values in samples.items()}
    ratio = medians["total"] / medians["floor"]
    print(f"R -> Python -> R, {args.rows:,} rows (int, double, character, logical, factor; {size / 1e6:.0f} MB), "
          f"medians of {args.rounds} rounds, wall seconds:")
    print(f"  R write {medians['r_write']:.2f} | Python read {medians['py_read']:.2f} | "
          f"Python write {medians['py_write']:.2f} | R read {medians['r_read']:.2f} | total {medians['total']:.2f}"
          f"  (the step's own copy: {medians['py_copy']:.2f})")
    print(f"  pyarrow floor: write {medians['floor_write']:.2f} + read {medians['floor_read']:.2f} = "
          f"{medians['floor']:.2f}")
    verdict = "met" if ratio <= TARGET_RATIO else "not met"
    print(f"  ratio total / floor: {ratio:.2f}x (target <= {TARGET_RATIO:.0f}x: {verdict}); identical() in R: yes")
    print(json.dumps({"rows": args.rows, "rounds": args.rounds, "bytes": size, "medians": medians, "ratio": ratio}))


if __name__ == "__main__":
    main()
