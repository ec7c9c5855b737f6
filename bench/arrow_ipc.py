#!/usr/bin/env python3
"""Arrow IPC benchmark: Braid's Swift library against pyarrow, same run, same table.

Writes and reads a table of int64, float64, utf8 ("item-<i mod 1000>") and
bool columns (10,000,000 rows by default) as an uncompressed Arrow IPC file,
alternating the two implementations, each in a fresh process per round, and
prints medians and the ratio swift / pyarrow. Issue #2's targets: within 1.5x
of pyarrow for writing and for reading, and a writer whose peak memory is the
data's size plus a small constant.

    python3 bench/arrow_ipc.py [--rows N] [--rounds R] [--smoke]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TARGET_RATIO = 1.5


def build_swift():
    subprocess.run(["swift", "build", "-c", "release", "--product", "arrow-bench"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    out = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "arrow-bench")


def run_json(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"benchmark step failed: {' '.join(command)}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="a tiny run that only checks the benchmark works")
    args = parser.parse_args()
    if args.smoke:
        args.rows, args.rounds = 10_000, 1

    swift_bench = build_swift()
    python = sys.executable
    pyarrow_side = os.path.join(HERE, "pyarrow_side.py")
    samples = {key: [] for key in ("swift_write", "py_write", "swift_read", "py_read",
                                   "swift_scan", "py_scan", "swift_write_rss")}
    with tempfile.TemporaryDirectory(prefix="braid-bench-") as tmp:
        swift_file, py_file = os.path.join(tmp, "swift.arrow"), os.path.join(tmp, "pyarrow.arrow")
        data_bytes = 0
        for _ in range(args.rounds):
            # Overwriting a 280 MB file first truncates it, which on this kind of
            # disk costs a random 15-160 ms: start both writers from no file.
            for stale in (swift_file, py_file):
                if os.path.exists(stale):
                    os.remove(stale)
            w = run_json([swift_bench, "write", swift_file, str(args.rows)])
            samples["swift_write"].append(w["write_s"])
            samples["swift_write_rss"].append(w["peak_rss"])
            samples["py_write"].append(run_json([python, pyarrow_side, "write", py_file, str(args.rows)])["write_s"])
            data_bytes = os.path.getsize(py_file)
            # Both readers read the same bytes: the file pyarrow wrote.
            s = run_json([swift_bench, "read", py_file])
            p = run_json([python, pyarrow_side, "read", py_file])
            if abs(s["checksum"] - p["checksum"]) > 1e-6 * abs(p["checksum"]):
                sys.exit(f"checksums differ: swift {s['checksum']} pyarrow {p['checksum']}")
            samples["swift_read"].append(s["read_s"])
            samples["py_read"].append(p["read_s"])
            samples["swift_scan"].append(s["read_s"] + s["scan_s"])
            samples["py_scan"].append(p["read_s"] + p["scan_s"])
        # The Swift-written file must read back in pyarrow identically.
        check = run_json([python, pyarrow_side, "read", swift_file])
        if abs(check["checksum"] - p["checksum"]) > 1e-6 * abs(p["checksum"]):
            sys.exit("pyarrow reads different values from the Swift-written file")

    median = {key: statistics.median(values) for key, values in samples.items()}
    print(f"Arrow IPC file, {args.rows:,} rows (int64, float64, utf8, bool), "
          f"{data_bytes / 1e6:.0f} MB, {args.rounds} rounds, medians")
    print(f"{'':12}{'swift':>10}{'pyarrow':>10}{'ratio':>8}  target (ratio = swift / pyarrow)")
    for label, s_key, p_key, is_target in (("write", "swift_write", "py_write", True),
                                           ("read", "swift_read", "py_read", True),
                                           ("read+scan", "swift_scan", "py_scan", False)):
        ratio = median[s_key] / median[p_key]
        verdict = ("met" if ratio <= TARGET_RATIO else "NOT met") if is_target else \
            "(no target: a per-value Swift loop against pyarrow's compute kernels)"
        target = f"<= {TARGET_RATIO}x " if is_target else ""
        print(f"{label:12}{median[s_key]:>9.3f}s{median[p_key]:>9.3f}s{ratio:>7.2f}x  {target}{verdict}")
    overhead = median["swift_write_rss"] - data_bytes
    print(f"swift writer peak RSS {median['swift_write_rss'] / 1e6:.0f} MB = data {data_bytes / 1e6:.0f} MB "
          f"+ {overhead / 1e6:.0f} MB (the table is built in memory first, then written)")


if __name__ == "__main__":
    main()
