"""The side-by-side rows: the same flow in Braid and in Metaflow, alternating, ``reps`` times each.

Every repetition runs Braid, then Metaflow (when it is there), then the
row's floor (when it has one), so that a slow patch of a shared machine
hits all of them alike. Each run gets a fresh store.
"""
import ast
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

from sides import FlowFailed

_STAMPS = re.compile(r"BENCH (\{.*\})")


@dataclass
class Case:
    key: str
    label: str
    flow: str
    options: list
    metaflow_options: list = field(default_factory=list)
    big: bool = False  # fewer repetitions
    frame_rows: int | None = None  # a frame row: also time the hand-over and its pyarrow floor
    tasks: int = 0


def cases(smoke):
    """The rows of the issue, or tiny versions of them for the smoke run."""
    width_small, width_big = (3, 5) if smoke else (100, 1000)
    rows_small, rows_big = (1000, 2000) if smoke else (1_000_000, 10_000_000)
    return [
        Case("linear", "linear: start, a, b, c, end", "linear", [], tasks=5),
        Case("branch", "branch: start, (a, b), join, end", "branch", [], tasks=5),
        Case("foreach_100", f"foreach over {width_small} items + join", "foreach", ["--width", str(width_small)],
             ["--max-num-splits", str(width_small)], tasks=width_small + 3),
        Case("foreach_1000", f"foreach over {width_big:,} items + join", "foreach", ["--width", str(width_big)],
             ["--max-num-splits", str(width_big)], big=True, tasks=width_big + 3),
        Case("frame_1m", f"DataFrame of {rows_small:,} rows, start -> next step", "frame", ["--rows", str(rows_small)],
             frame_rows=rows_small, tasks=3),
        Case("frame_10m", f"DataFrame of {rows_big:,} rows, start -> next step", "frame", ["--rows", str(rows_big)],
             big=True, frame_rows=rows_big, tasks=3),
    ]


def stamps(output):
    """The hand-over seconds a frame flow printed: next step holding the frame minus start's end."""
    found = _STAMPS.search(output)
    if not found:
        raise FlowFailed(f"no BENCH line in the flow's output:\n{output[-2000:]}")
    values = ast.literal_eval(found.group(1))
    return values


def frame_floor(python, rows, hops=1, int32=False):
    """pyarrow's own write + read of the same frame (``frame_floor.py``), in seconds."""
    import json
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as directory:
        command = [python, os.path.join(here, "frame_floor.py"), str(rows), directory, "--hops", str(hops)]
        if int32:
            command.append("--int32")
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise FlowFailed(f"frame_floor.py failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_case(case, braid, metaflow, reps, log=print):
    """Samples of every figure of one row: ``{"braid": {...: [..]}, "metaflow": {...}, "floor": [...]}``."""
    samples = {"braid": _empty(), "metaflow": _empty() if metaflow else None, "floor_s": []}
    for rep in range(reps):
        # A new frame every repetition: the same bytes again would measure each tool's deduplication.
        salt = ["--salt", str(rep)] if case.frame_rows else []
        measured = braid.run_flow(case.flow, case.options + salt)
        _keep(samples["braid"], measured, case)
        samples["braid"].setdefault("attempt_s", []).extend(braid.attempt_seconds(_flow_class(case.flow)))
        if metaflow:
            _keep(samples["metaflow"], metaflow.run_flow(case.flow, case.options + salt + case.metaflow_options), case)
        if case.frame_rows:
            samples["floor_s"].append(frame_floor(braid.python, case.frame_rows)["total_s"])
        log(f"  {case.key} rep {rep + 1}/{reps}: braid {measured.wall_s:.2f}s"
            + (f", metaflow {samples['metaflow']['wall_s'][-1]:.2f}s" if metaflow else ""))
    return samples


def _flow_class(flow):
    return {"linear": "LinearFlow", "branch": "BranchFlow", "foreach": "ForeachFlow", "frame": "FrameFlow"}[flow]


def _empty():
    return {"wall_s": [], "peak_tree_rss": [], "engine_peak_rss": [], "engine_cpu_s": [], "handover_s": []}


def _keep(into, measured, case):
    into["wall_s"].append(measured.wall_s)
    into["peak_tree_rss"].append(measured.peak_tree_rss)
    if measured.engine_peak_rss is not None:
        into["engine_peak_rss"].append(measured.engine_peak_rss)
        into["engine_cpu_s"].append(measured.engine_cpu_s)
    if case.frame_rows:
        values = stamps(measured.output)
        into["handover_s"].append(values["loaded_at"] - values["made_at"])


def medians(samples):
    """The median of every non-empty list of figures in a ``run_case`` result (same shape, numbers)."""
    def reduce(value):
        if isinstance(value, dict):
            return {key: reduce(item) for key, item in value.items()}
        if isinstance(value, list):
            return statistics.median(value) if value else None
        return value

    return reduce(samples)


if __name__ == "__main__":
    sys.exit("run bench/suite.py")
