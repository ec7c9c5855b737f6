"""Issue #6's targets, each judged on the medians of one run: met, not met, or not measured (and why)."""
from dataclasses import dataclass

MB = 1e6


@dataclass
class Verdict:
    target: str
    figure: str
    met: bool | None  # None: not measured in this run
    note: str = ""

    @property
    def word(self):
        return {True: "met", False: "NOT met", None: "not measured"}[self.met]


def _ratio(medians, key, figure="wall_s"):
    row = medians.get(key)
    if not row or not row.get("metaflow") or not row["braid"].get(figure) or not row["metaflow"].get(figure):
        return None
    return row["metaflow"][figure] / row["braid"][figure]


def _faster(medians, key, label, figure="wall_s", times=10):
    ratio = _ratio(medians, key, figure)
    if ratio is None:
        why = "Metaflow not run" if key in medians else "row not run"
        return Verdict(f"{label}: Braid >= {times}x faster than Metaflow", "-", None, why)
    return Verdict(f"{label}: Braid >= {times}x faster than Metaflow", f"{ratio:.1f}x", ratio >= times)


def judge(medians, tasks):
    """``medians``: the suite's medians by row key; ``tasks``: task count by row key."""
    verdicts = [
        _faster(medians, "linear", "linear flow"),
        _faster(medians, "branch", "branch flow"),
        _faster(medians, "foreach_1000", "foreach 1,000"),
    ]
    big = medians.get("foreach_1000")
    if big and big["braid"].get("engine_cpu_s") is not None:
        per_task = big["braid"]["engine_cpu_s"] / tasks["foreach_1000"] * 1000
        verdicts.append(Verdict("foreach 1,000: engine CPU < 5 ms per task", f"{per_task:.2f} ms", per_task < 5,
                                "includes the client's start before it execs the engine"))
        peak = big["braid"]["engine_peak_rss"] / MB
        verdicts.append(Verdict("foreach 1,000: engine peak memory < 100 MB", f"{peak:.0f} MB", peak < 100))
    else:
        verdicts.append(Verdict("foreach 1,000: engine CPU < 5 ms per task", "-", None, "row not run"))
        verdicts.append(Verdict("foreach 1,000: engine peak memory < 100 MB", "-", None, "row not run"))
    verdicts.append(_faster(medians, "frame_10m", "10M-row frame, step to step", figure="handover_s"))
    frame = medians.get("frame_10m")
    if frame and frame.get("floor_s"):
        ratio = frame["braid"]["handover_s"] / frame["floor_s"]
        verdicts.append(Verdict("10M-row frame, step to step: within 2x of pyarrow write + read",
                                f"{ratio:.1f}x", ratio <= 2))
    else:
        verdicts.append(Verdict("10M-row frame, step to step: within 2x of pyarrow write + read", "-", None,
                                "row not run"))
    r_frame = medians.get("r_frame")
    if r_frame:
        ratio = r_frame["handover_s"] / r_frame["floor_s"]
        verdicts.append(Verdict("R -> Python -> R frame: within 3x of the pyarrow floor", f"{ratio:.1f}x", ratio <= 3))
    else:
        verdicts.append(Verdict("R -> Python -> R frame: within 3x of the pyarrow floor", "-", None,
                                "row not run (or no R with the braid package)"))
    r_linear = medians.get("r_linear")
    if r_linear:
        ratio = r_linear["wall_s"] / r_linear["floor_s"]
        verdicts.append(Verdict("R linear flow: <= 1.5x five bare `Rscript -e 0`", f"{ratio:.2f}x", ratio <= 1.5))
    else:
        verdicts.append(Verdict("R linear flow: <= 1.5x five bare `Rscript -e 0`", "-", None,
                                "row not run (or no R with the braid package)"))
    return verdicts
