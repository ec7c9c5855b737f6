"""The suite's results as a Markdown table (printed and written) and as JSON (every sample kept)."""
import json
import os

MB = 1e6


def _s(value):
    return "-" if value is None else (f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s")


def _mb(value):
    return "-" if not value else f"{value / MB:.0f} MB"


def _x(numerator, denominator):
    return "-" if not numerator or not denominator else f"{numerator / denominator:.1f}x"


def markdown(info, medians, labels, tasks, verdicts):
    lines = [f"# Braid vs Metaflow ({info['mode']}{', partial: still running or stopped' if info.get('partial') else ''})",
             "",
             f"{info['when']} on {info['machine']}; {info['reps']} repetitions ({info['big_reps']} for the "
             f"large rows), medians; tools alternate within each repetition.", "",
             f"Both run `{info['python']}` (Python {info['braid_versions'].get('python')}, "
             f"pandas {info['braid_versions'].get('pandas')}, pyarrow {info['braid_versions'].get('pyarrow')}). "
             f"Braid: engine `{info['engine']}`, client `{info['braid_client']}`. "
             + (f"Metaflow {info['metaflow_versions'].get('metaflow')} (pandas "
                f"{info['metaflow_versions'].get('pandas')}), local datastore and metadata."
                if info.get("metaflow_versions") else "Metaflow: not run (no bench/.venv)."), ""]
    lines += ["| flow | tasks | Braid | Metaflow | Metaflow / Braid | Braid peak mem | Metaflow peak mem |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key in labels:  # the rows in the order of compare.cases, whatever order they ran in
        row = medians.get(key)
        if not isinstance(row, dict) or "braid" not in row:
            continue
        braid, metaflow = row["braid"], row.get("metaflow") or {}
        lines.append(f"| {labels[key]} | {tasks[key]:,} | {_s(braid['wall_s'])} | {_s(metaflow.get('wall_s'))} | "
                     f"{_x(metaflow.get('wall_s'), braid['wall_s'])} | {_mb(braid['peak_tree_rss'])} | "
                     f"{_mb(metaflow.get('peak_tree_rss'))} |")
        if braid.get("handover_s"):
            lines.append(f"| ↳ hand-over, start's end to next step holding the frame | | {_s(braid['handover_s'])} | "
                         f"{_s(metaflow.get('handover_s'))} | {_x(metaflow.get('handover_s'), braid['handover_s'])} "
                         f"| pyarrow floor {_s(row.get('floor_s'))} | Braid / floor "
                         f"{_x(braid['handover_s'], row.get('floor_s'))} |")
    lines += ["", "Wall time: the whole `python flow.py run`, interpreter start to exit. Peak memory: the largest sum "
              "of RSS over the command's process tree, sampled every 30 ms (shared pages count once per process).",
              ""]
    extra = braid_only_rows(medians, tasks)
    if extra:
        lines += ["| Braid only | Braid | floor | Braid / floor |", "| --- | ---: | ---: | ---: |"]
        lines += [f"| {name} | {value} | {floor} | {ratio} |" for name, value, floor, ratio in extra]
        lines.append("")
    lines += ["| target | measured | verdict | note |", "| --- | ---: | --- | --- |"]
    lines += [f"| {v.target} | {v.figure} | **{v.word}** | {v.note} |" for v in verdicts]
    if info["mode"] == "smoke":
        lines += ["", "Smoke run: tiny sizes and one repetition, to keep the suite working; its verdicts mean nothing."]
    return "\n".join(lines) + "\n"


def braid_only_rows(medians, tasks):
    rows = []
    r_linear = medians.get("r_linear")
    if r_linear:
        rows.append(("R linear flow (5 R tasks), `Rscript linear.R run`", _s(r_linear["wall_s"]),
                     f"5 x `Rscript -e 0` {_s(r_linear['floor_s'])}", _x(r_linear["wall_s"], r_linear["floor_s"])))
        rows.append(("↳ one R task, spawn to done (engine's record)", _s(r_linear["attempt_s"]),
                     f"`Rscript -e 0` {_s(r_linear['bare_s'])}", _x(r_linear["attempt_s"], r_linear["bare_s"])))
    r_frame = medians.get("r_frame")
    if r_frame:
        rows.append((f"R -> Python -> R, {r_frame['rows']:,} rows: two hand-overs "
                     f"(R->Py {_s(r_frame['r_to_py_s'])}, Py->R {_s(r_frame['py_to_r_s'])})",
                     _s(r_frame["handover_s"]), f"pyarrow 2 x (write + read) {_s(r_frame['floor_s'])}",
                     _x(r_frame["handover_s"], r_frame["floor_s"])))
    big = medians.get("foreach_1000")
    if big and big["braid"].get("engine_cpu_s") is not None:
        count = tasks["foreach_1000"]
        rows.append((f"engine CPU per task, foreach over {count - 3:,}", f"{big['braid']['engine_cpu_s'] / count * 1000:.2f} ms",
                     "target 5 ms", "-"))
        rows.append((f"engine peak RSS, foreach over {count - 3:,}", _mb(big["braid"]["engine_peak_rss"]),
                     "target 100 MB", "-"))
        rows.append((f"one Python task, spawn to done (engine's record), foreach over {count - 3:,}",
                     _s(big["braid"].get("attempt_s")), f"`python -c pass` {_s(medians.get('python_bare_s'))}",
                     _x(big["braid"].get("attempt_s"), medians.get("python_bare_s"))))
    return rows


def write(directory, stem, text, data):
    os.makedirs(directory, exist_ok=True)
    md, js = os.path.join(directory, f"{stem}.md"), os.path.join(directory, f"{stem}.json")
    with open(md, "w") as handle:
        handle.write(text)
    with open(js, "w") as handle:
        json.dump(data, handle, indent=1, default=lambda v: v.__dict__)
    return md, js
