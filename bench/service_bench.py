"""What the trigger-service benchmarks share (triggers.py, table_landing.py): the engine to run, a
read-only view of the store, waiting with a deadline, and the percentile they report."""
import os
import shutil
import sqlite3
import sys
import time


def find_engine():
    engine = os.environ.get("BRAID_BIN") or shutil.which("braid")
    if not engine:
        sys.exit("bench: no braid engine: set BRAID_BIN or put braid on PATH (make install)")
    return os.path.abspath(engine)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def wait_for(condition, timeout, what):
    """Polls condition() every 2 ms until it is true; ends the benchmark naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.002)
    sys.exit(f"bench: timed out after {timeout} s waiting for {what}")


class StoreReader:
    """The temporary store, read with sqlite3 (read-only queries)."""

    def __init__(self, home):
        self.path = os.path.join(home, "braid.db")

    def query(self, sql, *args):
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5) as db:
            return db.execute(sql, args).fetchall()
