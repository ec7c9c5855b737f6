#!/usr/bin/env python3
"""Tables (issue #12): ``Table.put`` and ``Table.read`` of a 10M-row pandas frame against pyarrow alone.

    python bench/tables.py [--rows 10000000] [--reps 5] [--smoke] [--json FILE]

The frame has int64, float64, string and bool columns. Each repetition, in
alternating order:

- **put**: ``braid.Table("bench").put(df)`` (pyarrow writes the uncompressed
  Arrow IPC file into the store's spool, then ``braid table put --move``
  checks it, hashes it and lands the version) against
  ``pyarrow.feather.write_feather(df, path, compression="uncompressed")``
  (the same ``Table.from_pandas`` and the same bytes to disk, no store).
  The first value is changed every repetition, so every put lands new
  content (an unchanged put is cheaper: nothing is moved or recorded), and
  pyarrow writes a new file every repetition too, kept as the store keeps
  versions (overwriting one file reuses its cached pages, which a landing
  never can: on this 2-core VM a new 341 MB file costs ~1 s, a rewrite
  ~0.3 s).
- **read**: ``braid.Table("bench").read()`` (``braid table resolve``, then the
  stored file memory-mapped and ``to_pandas``) against pyarrow memory-mapping
  the same stored file (``pa.ipc.open_file(pa.memory_map(path)).read_all()``)
  and ``to_pandas``.

Targets (issue #12): put within 1.5x of pyarrow's write, read within 1.5x of
pyarrow's read. One untimed round of each goes first, and ``sync`` runs
before each timed operation (untimed), so none pays for the writeback of
the one before; an untimed pyarrow read goes before the timed reads of
each repetition (the first large read after the puts pays for fresh memory,
whichever side does it). The engine is ``BRAID_BIN``, else ``braid`` on PATH; the
Python client is this checkout's (``bindings/python/src``) unless
``--installed``. The store is a temporary ``BRAID_HOME`` on the same disk as
pyarrow's file.
"""
import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TARGET_RATIO = 1.5


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="rows of the frame (default 10,000,000)")
    parser.add_argument("--reps", type=int, default=5, help="repetitions; medians are reported (default 5)")
    parser.add_argument("--smoke", action="store_true", help="100,000 rows, 2 repetitions: checks the script works")
    parser.add_argument("--installed", action="store_true", help="use the installed braid package, not the checkout's")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.smoke:
        args.rows, args.reps = 100_000, 2
    return args


def make_frame(rows):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(12)
    words = np.array([f"item-{i:05d}" for i in range(50_000)], dtype=object)
    return pd.DataFrame({
        "id": np.arange(rows, dtype="int64"),
        "price": rng.random(rows) * 100,
        "name": pd.array(words[rng.integers(0, len(words), rows)], dtype="str"),
        "ok": rng.random(rows) < 0.5,
    })


def timed(function):
    # Each operation starts from a quiet disk: the dirty pages of the one before (pyarrow's write is not
    # synced; the engine syncs what it stores) would otherwise be written back during the next, on 2 cores.
    os.sync()
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


class EngineClock:
    """Adds up the time the client spends waiting for ``braid table ...`` (the engine's share of a call)."""

    def __init__(self):
        from braid import _table_api

        self.module = _table_api
        self.original = _table_api._engine_output
        self.seconds = 0.0
        _table_api._engine_output = self._timed

    def _timed(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return self.original(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start

    def take(self):
        seconds, self.seconds = self.seconds, 0.0
        return seconds


def run(args):
    if not args.installed:
        sys.path.insert(0, os.path.join(REPO, "bindings", "python", "src"))
    import pyarrow as pa
    import pyarrow.feather as feather

    import braid

    engine = os.environ.get("BRAID_BIN") or shutil.which("braid")
    if not engine:
        sys.exit("bench: no braid engine: set BRAID_BIN or put braid on PATH (make install)")
    os.environ["BRAID_BIN"] = os.path.abspath(engine)
    work = tempfile.mkdtemp(prefix="braid-bench-tables-")
    os.environ["BRAID_HOME"] = os.path.join(work, "home")
    print(f"tables: {args.rows:,} rows (int64, float64, string, bool), {args.reps} repetitions, "
          f"engine {os.environ['BRAID_BIN']}, client {os.path.dirname(braid.__file__)}", flush=True)
    try:
        frame = make_frame(args.rows)
        table = braid.Table("bench")
        clock = EngineClock()
        samples = {"put": [], "put_engine": [], "write_feather": [], "read": [], "read_engine": [], "pyarrow_read": []}
        for rep in range(-1, args.reps):  # -1: the warm-up round, not counted
            frame.iat[0, 0] = -rep - 2  # new content every time: each put lands a version
            feather_path = os.path.join(work, f"peer-{rep + 1}.feather")
            for side in (("braid", "peer") if rep % 2 == 0 else ("peer", "braid")):
                if side == "braid":
                    seconds, answer = timed(lambda: table.put(frame))
                    assert answer.landed, answer
                    samples["put"].append(seconds)
                    samples["put_engine"].append(clock.take())
                else:
                    seconds, _ = timed(lambda: feather.write_feather(frame, feather_path, compression="uncompressed"))
                    samples["write_feather"].append(seconds)
            stored = table.resolve()["path"]
            # Untimed: the first big read after the puts pays for fresh memory (page faults on a VM), whoever does it.
            pa.ipc.open_file(pa.memory_map(stored)).read_all().to_pandas()
            clock.take()
            for side in (("braid", "peer") if rep % 2 == 0 else ("peer", "braid")):
                if side == "braid":
                    seconds, back = timed(lambda: table.read())
                    samples["read"].append(seconds)
                    samples["read_engine"].append(clock.take())
                else:
                    seconds, back = timed(lambda: pa.ipc.open_file(pa.memory_map(stored)).read_all().to_pandas())
                    samples["pyarrow_read"].append(seconds)
                assert len(back) == args.rows
                del back
            if rep < 0:
                samples = {name: [] for name in samples}
                continue
            print(f"  rep {rep + 1}: put {samples['put'][-1]:.3f} s (engine {samples['put_engine'][-1]:.3f}), "
                  f"write_feather {samples['write_feather'][-1]:.3f} s; read {samples['read'][-1]:.3f} s "
                  f"(engine {samples['read_engine'][-1]:.3f}), pyarrow {samples['pyarrow_read'][-1]:.3f} s", flush=True)
        size = os.path.getsize(stored)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report(args, samples, size)


def report(args, samples, size):
    median = {name: statistics.median(values) for name, values in samples.items()}
    rows = [("put", "Table.put(df)", median["put"], "write_feather(df, uncompressed)", median["write_feather"],
             median["put_engine"]),
            ("read", "Table.read()", median["read"], "pyarrow mmap read + to_pandas", median["pyarrow_read"],
             median["read_engine"])]
    print(f"\n{args.rows:,} rows, stored file {size / 1e6:.0f} MB, medians of {args.reps}:\n")
    print("| what | Braid | s | of which `braid table` | pyarrow | s | ratio | target |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    figures = {"rows": args.rows, "reps": args.reps, "file_bytes": size, "samples": samples, "medians": median,
               "targets": {}}
    for key, ours, ours_s, peer, peer_s, engine_s in rows:
        ratio = ours_s / peer_s
        met = ratio <= TARGET_RATIO
        figures["targets"][key] = {"ratio": ratio, "target": TARGET_RATIO, "met": met}
        print(f"| {key} | {ours} | {ours_s:.3f} | {engine_s:.3f} | {peer} | {peer_s:.3f} | {ratio:.2f}x | "
              f"<= {TARGET_RATIO}x: {'met' if met else 'NOT met'} |")
    if args.smoke:
        print("\n(smoke run: the sizes are too small for the targets to mean anything)")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(figures, handle, indent=2)
    return figures


if __name__ == "__main__":
    run(parse_args(sys.argv[1:]))
