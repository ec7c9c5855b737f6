"""The Braid-only R rows, each against its floor measured in the same repetition:

- the linear flow in R (``Rscript flows/r/linear.R run``: five R tasks) against five bare
  ``Rscript -e 0`` run one after another;
- a frame made in R, read and stored again by a Python step, read back in R (``flows/r/frame_roundtrip.R``):
  the two hand-overs (R start's end to Python holding the frame, Python's end to R holding it again)
  against pyarrow doing the same two hand-overs of the same table (``frame_floor.py --hops 2 --int32``).
"""
import os
import shutil
import subprocess
import time

from compare import frame_floor, stamps
from measure import run
from sides import FLOWS, FlowFailed


def rscript():
    return shutil.which("Rscript")


def r_braid_available():
    """Whether Rscript exists and can load the braid R package."""
    found = rscript()
    return bool(found) and subprocess.run([found, "-e", "library(braid)"], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL).returncode == 0


def _bare_rscript(times):
    started = time.perf_counter()
    for _ in range(times):
        subprocess.run([rscript(), "-e", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def _run_r_flow(braid, name, options):
    env = dict(braid.environment(), BRAID_PYTHON=braid.python)
    measured = run([rscript(), os.path.join(FLOWS, "r", name), "run", *options], env=env, cwd=braid.work)
    if measured.returncode != 0:
        raise FlowFailed(f"Rscript {name} {' '.join(options)} exited {measured.returncode}:\n{measured.output[-3000:]}")
    return measured


def run_linear(braid, reps, log=print):
    samples = {"wall_s": [], "floor_s": [], "peak_tree_rss": [], "attempt_s": [], "bare_s": []}
    for rep in range(reps):
        measured = _run_r_flow(braid, "linear.R", [])
        samples["wall_s"].append(measured.wall_s)
        samples["peak_tree_rss"].append(measured.peak_tree_rss)
        samples["attempt_s"].extend(braid.attempt_seconds("LinearFlowR"))
        floor = _bare_rscript(5)
        samples["floor_s"].append(floor)
        samples["bare_s"].append(floor / 5)
        log(f"  r_linear rep {rep + 1}/{reps}: braid {measured.wall_s:.2f}s, 5 x Rscript -e 0 {floor:.2f}s")
    return samples


def run_frame(braid, rows, reps, log=print):
    samples = {"wall_s": [], "handover_s": [], "r_to_py_s": [], "py_to_r_s": [], "floor_s": [], "peak_tree_rss": []}
    for rep in range(reps):
        measured = _run_r_flow(braid, "frame_roundtrip.R", ["--rows", str(rows), "--salt", str(rep)])
        values = stamps(measured.output)
        there = values["py_loaded_at"] - values["made_at"]
        back = values["loaded_at"] - values["py_done_at"]
        samples["wall_s"].append(measured.wall_s)
        samples["peak_tree_rss"].append(measured.peak_tree_rss)
        samples["r_to_py_s"].append(there)
        samples["py_to_r_s"].append(back)
        samples["handover_s"].append(there + back)
        samples["floor_s"].append(frame_floor(braid.python, rows, hops=2, int32=True)["total_s"])
        log(f"  r_frame rep {rep + 1}/{reps}: R->Py {there:.2f}s, Py->R {back:.2f}s, "
            f"pyarrow floor {samples['floor_s'][-1]:.2f}s")
    return samples
