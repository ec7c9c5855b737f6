"""Braid: data-science workflows whose steps are written in Python or R, run by the braid engine.

Declare a flow as in Metaflow::

    from braid import FlowSpec, Parameter, step

    class HelloFlow(FlowSpec):
        name = Parameter("name", default="world", help="who to greet")

        @step
        def start(self):
            self.greeting = f"hello {self.name}"
            self.next(self.end)

        @step
        def end(self):
            print(self.greeting)

    if __name__ == "__main__":
        HelloFlow()

and run it with ``python hello.py run --name Ana`` (``check``, ``show`` and
``resume`` too; ``--help`` lists the parameters). ``@trigger``,
``@trigger_on_finish`` and ``@schedule`` on the class, then ``python hello.py
deploy``, make it start by itself (docs/triggers.md). ``Table("sales").put(df)`` and
``Table("sales").read()`` publish and read versioned tables, and ``@trigger(table="sales")`` starts a
deployed flow when one lands (docs/tables.md).
"""

from ._current import current
from ._decorators import catch, environment, r_step, resources, retry, step, timeout
from ._errors import (
    ArrowFormatError,
    ArtifactError,
    ArtifactReadError,
    ArtifactWriteError,
    BraidError,
    EngineNotFoundError,
    EventError,
    FlowDefinitionError,
    MergeArtifactsError,
    NotFoundError,
    ParameterError,
    TagError,
    ProtocolError,
    TableError,
    TransitionError,
)
from ._flow_decorators import schedule, trigger, trigger_on_finish
from ._flowspec import FlowSpec
from ._parameters import JSONType, Parameter

__version__ = "0.1.0"

__all__ = [
    "ArrowFormatError",
    "Attempt",
    "ArtifactError",
    "ArtifactReadError",
    "ArtifactWriteError",
    "BraidError",
    "CodeFile",
    "CodePackage",
    "DataArtifact",
    "EngineNotFoundError",
    "EventError",
    "Flow",
    "FlowDefinitionError",
    "FlowSpec",
    "JSONType",
    "MergeArtifactsError",
    "Metaflow",
    "NotFoundError",
    "Parameter",
    "ParameterError",
    "ProtocolError",
    "Run",
    "Step",
    "Table",
    "TableError",
    "TablePut",
    "TableVersion",
    "TagError",
    "Task",
    "TransitionError",
    "catch",
    "current",
    "default_namespace",
    "environment",
    "get_namespace",
    "namespace",
    "publish_event",
    "r_step",
    "resources",
    "retry",
    "schedule",
    "step",
    "timeout",
    "trigger",
    "trigger_on_finish",
]

# The client API (past runs) is loaded on first use: it imports subprocess, datetime and typing, which
# every worker and every `python flow.py run` would otherwise pay for at start (PEP 562).
_LAZY = {name: "._client" for name in ("Attempt", "DataArtifact", "Flow", "Run", "Step", "Task", "default_namespace",
                                       "get_namespace", "namespace", "Metaflow")}
_LAZY.update({"CodeFile": "._code", "CodePackage": "._code", "publish_event": "._events"})
_LAZY.update({"Table": "._table_api", "TablePut": "._table_versions", "TableVersion": "._table_versions"})


def _shown_as_braid(member):
    """Show braid.FlowSpec, not braid._flowspec.FlowSpec, in reprs and docs (as httpx does)."""
    if hasattr(member, "__qualname__"):
        member.__module__ = "braid"
    return member


def __getattr__(name):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'braid' has no attribute {name!r}")
    from importlib import import_module

    member = _shown_as_braid(getattr(import_module(module, __name__), name))
    globals()[name] = member
    return member


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


for __name in __all__:
    if __name not in _LAZY:
        _shown_as_braid(globals()[__name])
del __name
