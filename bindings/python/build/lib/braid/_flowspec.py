"""``FlowSpec``: the base class of a flow.

Instantiating a flow runs its command line (``python myflow.py run``) and
exits, except inside a worker (``BRAID_WORKER`` set), where the flow file is
imported only to find its steps and ``MyFlow()`` returns at once.

While a task runs, ``self`` is an instance whose attribute reads fall back
to the task's artifacts (read from their files only when used), whose
attribute writes become the step's artifacts, and which offers ``next``,
``input``, ``index``, ``foreach_stack`` and ``merge_artifacts``.
"""

from __future__ import annotations

import os
import sys

from ._errors import BraidError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from collections.abc import Iterable
    from typing import Any

__all__ = ["FlowSpec", "STEP_API"]

#: Attribute names that belong to the step API and cannot be artifacts.
STEP_API = frozenset({"next", "input", "index", "foreach_stack", "merge_artifacts"})
_STATE = "_braid_task"


class FlowSpec:
    """Base class of a flow: subclass it, mark methods with ``@step``, end the file with ``MyFlow()``.

    ::

        class HelloFlow(FlowSpec):
            @step
            def start(self):
                self.greeting = "hello"
                self.next(self.end)

            @step
            def end(self):
                print(self.greeting)

        if __name__ == "__main__":
            HelloFlow()
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if os.environ.get("BRAID_WORKER"):
            return
        from ._cli import main

        sys.exit(main(type(self)))

    # --- the task behind self ----------------------------------------------------------------

    def _braid_state(self) -> Any:
        state = self.__dict__.get(_STATE)
        if state is None:
            raise BraidError("this only works inside a running step (the braid worker sets it up)")
        return state

    def _braid_parameter(self, name: str) -> Any:
        state = self.__dict__.get(_STATE)
        if state is not None and name in state.parameters:
            return state.parameters[name]
        from ._parameters import Parameter

        for klass in type(self).__mro__:  # outside a task: the declared default
            for value in vars(klass).values():
                if isinstance(value, Parameter) and value.name == name:
                    return value.default
        return None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name.startswith("_braid"):
            raise AttributeError(name)
        state = self.__dict__.get(_STATE)
        if state is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        value = state.read(name)
        self.__dict__[name] = value  # cached; not an artifact of this step unless assigned
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        if name in STEP_API:
            raise AttributeError(f"self.{name} is part of the step API; store the artifact under another name")
        if name.startswith("_braid"):
            raise AttributeError(f"self.{name}: names starting with _braid are reserved")
        object.__setattr__(self, name, value)
        state = self.__dict__.get(_STATE)
        if state is not None:
            state.written[name] = None

    def __delattr__(self, name: str) -> None:
        if name not in self.__dict__:
            raise AttributeError(f"self.{name} was not set in this step (an inherited artifact cannot be deleted)")
        object.__delattr__(self, name)
        state = self.__dict__.get(_STATE)
        if state is not None:
            state.written.pop(name, None)
            state.loaded.pop(name, None)
            state.merged.pop(name, None)

    # --- the step API ------------------------------------------------------------------------

    def next(self, *steps: Any, foreach: str | None = None) -> None:
        """Declares where the flow goes after this step: ``self.next(self.a)``, ``self.next(self.a, self.b)``
        (a branch), or ``self.next(self.a, foreach="items")`` (one task of ``a`` per item of ``self.items``).

        It must be the step's last statement; the engine checks the transition
        taken against the one read from the source.
        """
        self._braid_state().take_transition(steps, foreach)

    @property
    def input(self) -> Any:
        """In a foreach task: this task's item of the foreach artifact (None outside a foreach)."""
        try:
            return self._braid_state().foreach_item(self)
        except AttributeError as error:  # would otherwise fall through to __getattr__("input")
            raise BraidError(f"self.input: {error}") from None

    @property
    def index(self) -> int | None:
        """In a foreach task: this task's position in the foreach (None outside a foreach)."""
        foreach = self._braid_state().foreach
        return foreach.get("index") if foreach else None

    def foreach_stack(self) -> list[tuple[int, int, Any]]:
        """One ``(index, count, item)`` per enclosing foreach, outermost first."""
        return self._braid_state().foreach_stack(self)

    def merge_artifacts(self, inputs: Any, exclude: Iterable[str] | None = None,
                        include: Iterable[str] | None = None) -> None:
        """In a join: copies the inputs' artifacts that the join has not set, when they agree.

        An artifact present in several inputs with different values is an
        error that names it and the inputs (set it in the join first, or leave
        it out with ``exclude``). ``include`` merges only the names given
        (each must exist in some input); ``include`` and ``exclude`` exclude
        each other.
        """
        from ._merge import merge_artifacts

        state = self._braid_state()
        local = [name for name in self.__dict__ if name != _STATE]
        merge_artifacts(state, local, inputs, exclude=exclude, include=include)
