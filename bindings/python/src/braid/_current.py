"""``current``: where the running step is (flow, run, step, task, attempt), as Metaflow's ``current``.

The worker fills it in before each step; outside a running step every
attribute is None (``current.is_running_flow`` is False).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["current", "Current", "current_username"]


def current_username() -> str:
    """The user runs belong to: ``BRAID_USER``, else ``USER``, else the account name."""
    for variable in ("BRAID_USER", "USER"):
        name = os.environ.get(variable)
        if name:
            return name
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return "unknown"


class Current:
    """What the running step is: ``current.flow_name``, ``run_id``, ``step_name``, ``task_id``,
    ``retry_count``, ``username``, ``pathspec`` (``Flow/run/step/task``), ``parameter_names``, and
    ``trigger`` (what started the run)."""

    _FIELDS = ("flow_name", "run_id", "step_name", "task_id", "retry_count", "username", "pathspec",
               "parameter_names", "trigger")

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}
        self._trigger: Any = None

    def _set(self, **values: Any) -> None:
        """Called by the worker when a task starts (and with no arguments when it ends)."""
        unknown = set(values) - set(self._FIELDS)
        if unknown:
            raise TypeError(f"unknown fields for current: {', '.join(sorted(unknown))}")
        self._values = dict(values)
        self._trigger = None

    @property
    def is_running_flow(self) -> bool:
        """Whether a step is running in this process."""
        return bool(self._values)

    flow_name = property(lambda self: self._values.get("flow_name"), doc="The flow's name.")
    run_id = property(lambda self: self._values.get("run_id"), doc="The run's id (a string).")
    step_name = property(lambda self: self._values.get("step_name"), doc="The running step's name.")
    task_id = property(lambda self: self._values.get("task_id"), doc="The task's id (a string).")
    retry_count = property(lambda self: self._values.get("retry_count"),
                           doc="0 for the first attempt, 1 for the first retry, ...")
    username = property(lambda self: self._values.get("username"), doc="The user the run belongs to.")
    pathspec = property(lambda self: self._values.get("pathspec"), doc="``Flow/run/step/task``.")
    parameter_names = property(lambda self: self._values.get("parameter_names"),
                               doc="The names of the flow's parameters.")

    @property
    def trigger(self) -> Any:
        """What started the run: None when it was started by hand, else a ``Trigger`` with ``.type``,
        ``.events``, ``.event`` (the first), and for a flow started by another's finish ``.runs`` and ``.run``
        (docs/triggers.md). Built on first use, from the engine's ``task`` message."""
        record = self._values.get("trigger")
        if not record:
            return None
        if self._trigger is None:
            from ._trigger import trigger_from

            self._trigger = trigger_from(record)
        return self._trigger

    def __repr__(self) -> str:
        if not self._values:
            return "current(<no step running>)"
        return f"current({self.pathspec}, attempt {self.retry_count})"


current = Current()
