"""Past runs, in Metaflow's object model: ``Metaflow > Flow > Run > Step > Task > data``.

Everything is read through the engine's query command (``braid api``,
docs/client-api.md), so Python and R see the same thing. Each engine call
answers a whole collection (a page of runs, a step with all its tasks), so
iterating never starts a process per item; answers under finished runs are
kept for the session (``_client_query``). Artifact values are read straight
from their Arrow files in the store, only when asked for.

    >>> from braid import Flow
    >>> run = Flow("PricingFlow").latest_successful_run
    >>> sum(task.data.score for task in run["train"])
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterator

from . import _client_html
from ._client_query import (FINISHED, cached, clear_cache, default_namespace, engine_json, get_namespace, namespace,
                            query, remember, run_page)
from ._client_task import Attempt, DataArtifact, DataArtifacts, Task, TaskException, parse_time
from ._errors import NotFoundError, TagError

if TYPE_CHECKING:
    from ._code import CodePackage
    from ._trigger import Trigger

__all__ = ["Metaflow", "Flow", "Run", "Step", "Task", "Attempt", "DataArtifact", "DataArtifacts", "TaskException",
           "namespace", "get_namespace", "default_namespace", "clear_cache"]

_engine_json = engine_json  # the name _code.py and older callers use

# Page sizes of a flow's runs: the first small (``latest_run`` reads one page), then ten times larger each time,
# so 10,000 runs are three engine calls.
_FIRST_PAGE, _LARGEST_PAGE = 100, 10_000


def _tag_list(tags, method: str) -> list[str]:
    if isinstance(tags, str) or not all(isinstance(t, str) for t in tags):
        raise TypeError(f"{method}() takes a list of strings, got {tags!r}")
    return list(tags)


def _duration(start: datetime | None, end: datetime | None) -> float | None:
    if start is None:
        return None
    return ((end or datetime.now(timezone.utc)) - start).total_seconds()


class Metaflow:
    """Every flow with runs in the current namespace: ``Metaflow().flows``, ``for flow in Metaflow()``."""

    def __init__(self):
        self._flows = engine_json(["api", "flows"], "braid api flows")["flows"]

    @property
    def flows(self) -> list[Flow]:
        """The flows, by name."""
        return [Flow(f["name"], _summary=f) for f in self._flows]

    def __iter__(self) -> Iterator[Flow]:
        return iter(self.flows)

    def __repr__(self) -> str:
        return f"Metaflow({len(self._flows)} flows)"


class Flow:
    """A flow, seen through its runs in the current namespace.

    Raises:
        NotFoundError: when the flow has no run in the namespace.
    """

    def __init__(self, name: str, *, _summary: dict | None = None):
        self.id = self.pathspec = name
        self._summary = _summary
        # The first page proves the flow exists and serves the first listing; later listings read afresh.
        self._fresh_page = None if _summary else run_page(name, (), None, _FIRST_PAGE)

    def runs(self, *tags: str) -> Iterator[Run]:
        """The flow's runs, newest first; with tags, only runs that carry every one of them.

        Runs are read a page at a time (100, then 1,000, then 10,000 per engine call), as the iteration goes.
        """
        before, page = None, (self._fresh_page if not tags else None)
        self._fresh_page = None
        limit = _FIRST_PAGE
        while True:
            if page is None:
                page = run_page(self.id, tags, before, limit)
            shared = _RunPage(self.id, page, tags)
            for summary in page["runs"]:
                yield Run(_data=summary, _page=shared)
            if not page.get("has_more") or not page["runs"]:
                return
            before, page = page["runs"][-1]["id"], None
            limit = min(limit * 10, _LARGEST_PAGE)

    def __iter__(self) -> Iterator[Run]:
        return self.runs()

    @property
    def latest_run(self) -> Run | None:
        """The newest run, whatever its status."""
        return next(self.runs(), None)

    @property
    def latest_successful_run(self) -> Run | None:
        """The newest run that succeeded."""
        return next((run for run in self.runs() if run.successful), None)

    def __getitem__(self, run_id: str | int) -> Run:
        return Run(f"{self.id}/{run_id}")

    def __repr__(self) -> str:
        return f"Flow('{self.id}')"


class _RunPage:
    """The runs of one page, which load their end tasks together: ``[r.data.x for r in flow.runs()]`` makes one
    engine call per page, not one per run."""

    def __init__(self, flow: str, page: dict, tags: tuple):
        self._flow, self._tags = flow, tags
        self._ids = [r["id"] for r in page["runs"]]
        self._end_tasks: dict[str, dict | None] | None = None

    def end_task(self, run_id: str) -> dict | None:
        if self._end_tasks is None:
            # The same runs again, with their end tasks: ids never change and newer runs sort before.
            before = str(int(self._ids[0]) + 1) if self._ids else None
            answer = run_page(self._flow, self._tags, before, len(self._ids), end_tasks=True)
            self._end_tasks = {r["id"]: r.get("end_task_record") for r in answer["runs"]}
            for task in self._end_tasks.values():
                if task:
                    remember(task)
        return self._end_tasks.get(run_id)


class Run:
    """One run of a flow: ``Run("PricingFlow/7")``."""

    def __init__(self, pathspec: str | None = None, *, _data: dict | None = None, _namespace_check: bool = True,
                 _page: _RunPage | None = None):
        # _namespace_check=False: a run reached from another (an upstream run of a trigger), whoever made it;
        # its steps, tasks, code and tags are then read the same way.
        self._namespace_check = _namespace_check
        self._page = _page
        if _data is None:
            _data = query(pathspec, _namespace_check)
        self._data = _data  # a summary (from a flow's page) until a field only the whole run has is asked for
        self.pathspec = _data["pathspec"]
        self.id = str(_data["id"])
        self.origin_run_id = _data.get("origin_run_id")

    def _full(self) -> dict:
        if "steps" not in self._data:
            self._data = query(self.pathspec, self._namespace_check)
        return self._data

    status = property(lambda self: self._data["status"],
                      doc="pending, running, succeeded, failed or cancelled, as read (a new ``Run`` reads again).")
    successful = property(lambda self: self.status == "succeeded", doc="Whether the run succeeded.")
    finished = property(lambda self: self.status in FINISHED, doc="Whether the run is over, whatever its outcome.")
    created_at = property(lambda self: parse_time(self._data["created_at"]), doc="When the engine recorded the run.")
    started_at = property(lambda self: parse_time(self._data.get("started_at")), doc="When it started running.")
    finished_at = property(lambda self: parse_time(self._data.get("finished_at")),
                           doc="When it ended (None while it runs).")
    duration = property(lambda self: _duration(self.started_at, self.finished_at),
                        doc="Seconds from start to end (to now while it runs); None before it starts.")
    user = property(lambda self: self._data.get("user"), doc="Who started the run.")
    parameters = property(lambda self: self._full().get("parameters", {}), doc="The parameter values, by name.")
    tags = property(lambda self: frozenset(self._data.get("user_tags", [])),
                    doc="The user tags: yours to add and remove (system tags are in ``system_tags``).")
    user_tags = tags
    system_tags = property(lambda self: frozenset(self._data.get("system_tags", [])),
                           doc="Tags the engine set when the run was made (``user:NAME``, ``language:...``, "
                               "``file:...``); they cannot be removed.")

    @property
    def code(self) -> CodePackage | None:
        """The code the run ran (its flow directory's source files), or None for a run stored without it."""
        from ._code import CodePackage

        return (CodePackage(self.pathspec, _namespace_check=self._namespace_check)
                if self._data.get("code_hash") else None)

    @property
    def trigger(self) -> Trigger | None:
        """What started the run: None when it was started by hand, else a ``Trigger`` (``.type``, ``.events``,
        ``.event``, ``.runs``, ``.run``), as ``current.trigger`` was inside its steps (docs/triggers.md)."""
        from ._trigger import trigger_from

        return trigger_from(self._full().get("trigger"))

    @property
    def tables_read(self) -> list[Any]:
        """The table versions the run read, as ``Table(name, version=N)`` (docs/tables.md)."""
        from ._table_api import table_refs

        return table_refs(self._full().get("tables_read"))

    @property
    def tables_written(self) -> list[Any]:
        """The table versions the run's steps put, as ``Table(name, version=N)`` (docs/tables.md)."""
        from ._table_api import table_refs

        return table_refs(self._full().get("tables_written"))

    # Tags, as Metaflow's Run: each call changes the store at once and refreshes this object.

    def add_tag(self, tag: str) -> None:
        """Adds a user tag to the run."""
        self.add_tags([tag])

    def add_tags(self, tags) -> None:
        """Adds user tags to the run; tags it has already stay as they are."""
        self._change_tags("add", [], _tag_list(tags, "add_tags"))

    def remove_tag(self, tag: str) -> None:
        """Removes a user tag; removing a tag the run does not have is not an error.

        Raises:
            TagError: for a system tag, which cannot be removed.
        """
        self.remove_tags([tag])

    def remove_tags(self, tags) -> None:
        """Removes user tags (all or none: a system tag among them stops the call)."""
        self._change_tags("remove", [], _tag_list(tags, "remove_tags"))

    def replace_tag(self, tag_to_remove: str, tag_to_add: str) -> None:
        """Removes one user tag and adds another in one step."""
        self.replace_tags([tag_to_remove], [tag_to_add])

    def replace_tags(self, tags_to_remove, tags_to_add) -> None:
        """Removes some user tags and adds others in one step: no reader sees neither."""
        removed = _tag_list(tags_to_remove, "replace_tags")
        added = _tag_list(tags_to_add, "replace_tags")
        self._change_tags("replace", [f"--remove={t}" for t in removed] + [f"--add={t}" for t in added], [])

    def _change_tags(self, verb: str, options: list[str], tags: list[str]) -> None:
        answer = engine_json(["tag", verb, self.pathspec, "--json", *options], f"braid tag {verb} {self.pathspec}",
                             error=TagError, trailing=["--", *tags] if tags else [],
                             namespace_check=self._namespace_check)
        changed = {"user_tags": answer["user_tags"], "system_tags": answer["system_tags"]}
        self._data = {**self._data, **changed}
        # Tags are the one thing a finished run can change: the session's copy follows.
        kept = cached(self.pathspec, self._namespace_check)
        if kept is not None:
            remember({**kept, **changed}, self._namespace_check)

    @property
    def end_task(self) -> Task | None:
        """The task of the ``end`` step, once it ran."""
        if self._page is not None and "steps" not in self._data:
            end = self._page.end_task(self.id)
            return Task(_data=end, _namespace_check=self._namespace_check) if end else None
        end = self._full().get("end_task")
        return Task(end, _namespace_check=self._namespace_check) if end else None

    @property
    def data(self) -> DataArtifacts | None:
        """The artifacts of the ``end`` task, as Metaflow's ``Run.data``."""
        end = self.end_task
        return end.data if end else None

    def steps(self) -> Iterator[Step]:
        """The steps, in the order they first ran (each reads its tasks when first asked)."""
        return (Step(f"{self.pathspec}/{s['name']}", _namespace_check=self._namespace_check, _summary=s)
                for s in self._full()["steps"])

    def __iter__(self) -> Iterator[Step]:
        return self.steps()

    def __getitem__(self, step_name: str) -> Step:
        return Step(f"{self.pathspec}/{step_name}", _namespace_check=self._namespace_check)

    def __contains__(self, step_name: str) -> bool:
        return any(s["name"] == step_name for s in self._full()["steps"])

    def _repr_html_(self) -> str:
        return _client_html.run_html(self)

    def __repr__(self) -> str:
        return f"Run('{self.pathspec}')"


class Step:
    """One step of a run, with its tasks (several for a foreach), all read in one engine call."""

    def __init__(self, pathspec: str, *, _namespace_check: bool = True, _summary: dict | None = None):
        self._namespace_check = _namespace_check
        self.pathspec = pathspec
        self.id = pathspec.rsplit("/", 1)[-1]
        self._summary = _summary  # name, status, task_count from the run, until the tasks are needed
        self._answer = None if _summary else query(pathspec, _namespace_check)

    def _data(self) -> dict:
        if self._answer is None:
            self._answer = query(self.pathspec, self._namespace_check)
        return self._answer

    @property
    def status(self) -> str:
        """succeeded when every task did; else failed, running, pending or cancelled."""
        return (self._answer or self._summary)["status"]

    def tasks(self) -> Iterator[Task]:
        """The step's tasks in the order they were made; no engine call per task."""
        return (Task(_data=t, _namespace_check=self._namespace_check) for t in self._data()["tasks"])

    def __iter__(self) -> Iterator[Task]:
        return self.tasks()

    def __len__(self) -> int:
        return len(self._data()["tasks"])

    def __getitem__(self, task_id: str | int) -> Task:
        for record in self._data()["tasks"]:
            if record["id"] == str(task_id):
                return Task(_data=record, _namespace_check=self._namespace_check)
        raise NotFoundError(f"task {self.pathspec}/{task_id} not found")

    @property
    def task(self) -> Task | None:
        """Any one task of the step: the first one made (for a foreach, its first item's)."""
        return next(self.tasks(), None)

    @property
    def started_at(self) -> datetime | None:
        """When its first task started."""
        times = [parse_time(t["started_at"]) for t in self._data()["tasks"] if t.get("started_at")]
        return min(times) if times else None

    @property
    def finished_at(self) -> datetime | None:
        """When its last task ended (None while any runs)."""
        tasks = self._data()["tasks"]
        if not all(t.get("finished_at") for t in tasks):
            return None
        return max(parse_time(t["finished_at"]) for t in tasks)

    def _repr_html_(self) -> str:
        return _client_html.step_html(self)

    def __repr__(self) -> str:
        return f"Step('{self.pathspec}')"
