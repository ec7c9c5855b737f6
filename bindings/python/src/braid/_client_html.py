"""Notebook display of the client objects (``_repr_html_``): a compact summary of a run, a step or a task.

Every string that comes from the store (names, tags, type names, messages)
is escaped: a step or tag name is the user's text, not markup. A table
artifact shows as its DataFrame does.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._client import Run, Step
    from ._client_task import DataArtifact, Task

__all__ = ["run_html", "step_html", "task_html", "artifact_html", "MAX_ROWS"]

MAX_ROWS = 20  # tasks listed under a step; a 4,000-task foreach shows the first ones and a count

_STATUS_COLOURS = {"succeeded": "#1a7f37", "failed": "#cf222e", "running": "#9a6700", "pending": "#57606a",
                   "cancelled": "#57606a"}
_STYLE = "border-collapse:collapse;font-size:90%"
_CELL = "padding:2px 8px;text-align:left;border-bottom:1px solid #ddd"


def _status(status: str | None) -> str:
    colour = _STATUS_COLOURS.get(status or "", "#57606a")
    return f'<span style="color:{colour};font-weight:bold">{escape(status or "unknown")}</span>'


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 60:
        return f"{value:.1f} s"
    minutes, seconds = divmod(int(value), 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m{seconds:02d}s"


def _time(value) -> str:
    return escape(value.strftime("%Y-%m-%d %H:%M:%S UTC")) if value else "-"


def _table(header: list[str], rows: list[list[str]]) -> str:
    """Cells are markup already escaped by the caller."""
    head = "".join(f'<th style="{_CELL}">{escape(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f'<td style="{_CELL}">{cell}</td>' for cell in row) + "</tr>" for row in rows)
    return f'<table style="{_STYLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _title(kind: str, pathspec: str, status: str | None, details: list[str]) -> str:
    extra = "".join(f" &middot; {d}" for d in details)
    return f"<div><b>{escape(kind)}</b> <code>{escape(pathspec)}</code> {_status(status)}{extra}</div>"


def run_html(run: Run) -> str:
    data = run._full()
    tags = ", ".join(sorted(run.tags)) or "none"
    details = [f"started {_time(run.started_at)}", f"duration {_seconds(run.duration)}",
               f"user {escape(run.user or '-')}", f"tags {escape(tags)}"]
    rows = [[escape(s["name"]), _status(s["status"]), escape(str(s["task_count"]))] for s in data["steps"]]
    return _title("Run", run.pathspec, run.status, details) + _table(["step", "status", "tasks"], rows)


def step_html(step: Step) -> str:
    tasks = list(step.tasks())
    started, finished = step.started_at, step.finished_at
    duration = (finished - started).total_seconds() if started and finished else None
    details = [f"{len(tasks):,} task{'s' if len(tasks) != 1 else ''}", f"duration {_seconds(duration)}"]
    rows = [[escape(t.id), _status(t.status), escape("-" if t.index is None else str(t.index)),
             _seconds(t.duration), escape(", ".join(sorted(a["name"] for a in t._data["artifacts"])))]
            for t in tasks[:MAX_ROWS]]
    more = (f"<div>&hellip; and {len(tasks) - MAX_ROWS:,} more tasks</div>" if len(tasks) > MAX_ROWS else "")
    return (_title("Step", step.pathspec, step.status, details)
            + _table(["task", "status", "index", "duration", "artifacts"], rows) + more)


def task_html(task: Task) -> str:
    attempts = task._data.get("attempts", [])
    details = [f"duration {_seconds(task.duration)}", f"{len(attempts)} attempt{'s' if len(attempts) != 1 else ''}"]
    if task.index is not None:
        details.append(f"foreach index {task.index}")
    exception = task.exception
    failure = f"<div><pre>{escape(str(exception))}</pre></div>" if exception else ""
    rows = [[escape(a.name), escape(a.type_name), escape(a.kind), escape(a.language), escape(f"{a.size:,} B")]
            for a in task.artifacts.values()]
    return (_title("Task", task.pathspec, task.status, details) + failure
            + _table(["artifact", "type", "kind", "language", "size"], rows))


def artifact_html(artifact: DataArtifact) -> str:
    """A table artifact as its DataFrame shows itself; any other a one-line summary."""
    if artifact.kind == "table":
        value = artifact.data
        show = getattr(value, "_repr_html_", None)
        if show is not None:
            return show()
    return (f"<div><b>Artifact</b> <code>{escape(artifact.pathspec)}</code> &middot; {escape(artifact.type_name)}"
            f" &middot; {escape(artifact.kind)} ({escape(artifact.language)}) &middot; {artifact.size:,} B</div>")
