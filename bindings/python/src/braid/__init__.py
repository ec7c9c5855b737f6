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
``resume`` too; ``--help`` lists the parameters).
"""

from ._code import CodeFile, CodePackage
from ._client import Attempt, DataArtifact, Flow, Run, Step, Task, default_namespace, get_namespace, namespace
from ._current import current
from ._decorators import catch, environment, r_step, resources, retry, step, timeout
from ._errors import (
    ArrowFormatError,
    ArtifactError,
    ArtifactReadError,
    ArtifactWriteError,
    BraidError,
    EngineNotFoundError,
    FlowDefinitionError,
    MergeArtifactsError,
    NotFoundError,
    ParameterError,
    TagError,
    ProtocolError,
    TransitionError,
)
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
    "Flow",
    "FlowDefinitionError",
    "FlowSpec",
    "JSONType",
    "MergeArtifactsError",
    "NotFoundError",
    "Parameter",
    "ParameterError",
    "ProtocolError",
    "Run",
    "Step",
    "TagError",
    "Task",
    "TransitionError",
    "catch",
    "current",
    "default_namespace",
    "environment",
    "get_namespace",
    "namespace",
    "r_step",
    "resources",
    "retry",
    "step",
    "timeout",
]

# Show braid.FlowSpec, not braid._flowspec.FlowSpec, in reprs and docs (as httpx does).
for __name in __all__:
    __member = globals()[__name]
    if hasattr(__member, "__qualname__"):
        __member.__module__ = "braid"
del __name, __member
