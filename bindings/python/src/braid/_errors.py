"""Every error Braid raises on purpose.

Each message says what is wrong and where: the file and line of the flow
source, the step, the parameter or the artifact.

    BraidError
     ├── FlowDefinitionError      the flow class cannot be turned into a flow spec
     │                            (.problems: one "file:line: what" sentence each)
     ├── ParameterError           a command-line parameter value is unknown, mistyped or missing
     ├── EngineNotFoundError      no `braid` executable (BRAID_BIN, then PATH)
     ├── NotFoundError            the client API asked for a flow, run, step or task that does not exist
     ├── TagError                 a tag cannot be added or removed (a system tag, an empty or overlong tag)
     ├── EventError               an event cannot be published (a bad name or payload; the engine's message)
     ├── TableError               a table cannot be put or read (a bad name, the engine's refusal, a missing reader)
     ├── TransitionError          self.next(...) misused while a step runs (twice, bad target,
     │                            foreach over something that is not a sequence)
     ├── MergeArtifactsError      merge_artifacts() met conflicting values or missing names
     ├── ArtifactError            an artifact cannot be stored or read (.artifact: its name)
     │    ├── ArtifactWriteError  it cannot be stored (cannot be pickled, DataFrame without pyarrow)
     │    └── ArtifactReadError   it cannot be read (written by R as rds, needs pyarrow or numpy, corrupt)
     │         └── ArrowFormatError  the file is not an Arrow IPC file this reader understands
     └── ProtocolError            a worker-protocol message is malformed or out of order
"""

from __future__ import annotations

__all__ = [
    "BraidError",
    "FlowDefinitionError",
    "ParameterError",
    "EngineNotFoundError",
    "NotFoundError",
    "TagError",
    "EventError",
    "TableError",
    "TransitionError",
    "MergeArtifactsError",
    "ArtifactError",
    "ArtifactWriteError",
    "ArtifactReadError",
    "ArrowFormatError",
    "ProtocolError",
]


class BraidError(Exception):
    """Base class of every error Braid raises on purpose."""


class FlowDefinitionError(BraidError):
    """The flow class cannot be expressed as a flow spec.

    ``problems`` holds every problem found (not just the first), each a
    sentence that starts with ``file:line``.
    """

    def __init__(self, flow: str, problems: list[str]):
        self.flow = flow
        self.problems = list(problems)
        count = len(self.problems)
        header = f"flow {flow} has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))


class ParameterError(BraidError):
    """A parameter value given on the command line is unknown, mistyped or missing."""


class EngineNotFoundError(BraidError):
    """The ``braid`` engine executable cannot be found."""


class NotFoundError(BraidError):
    """The client API asked for a flow, run, step or task the store does not have."""


class TagError(BraidError):
    """A tag cannot be added or removed: system tags never change, and a tag is 1 to 500 characters."""


class EventError(BraidError):
    """An event cannot be published: its name or payload breaks the rules (docs/triggers.md), or the engine
    refused it (the message is the engine's). Nothing was written."""


class TableError(BraidError):
    """A table cannot be put or read: its name breaks the rules (docs/tables.md), the data cannot be written as
    Arrow, the engine refused it (the message is the engine's), or the version needs a reader that is not
    installed. ``table`` is the table's name (or None). A refused put records nothing."""

    def __init__(self, message: str, table: str | None = None):
        super().__init__(message)
        self.table = table


class TransitionError(BraidError):
    """``self.next(...)`` was misused while a step ran."""


class MergeArtifactsError(BraidError):
    """``merge_artifacts`` cannot merge: conflicting values, or names to include that no input has.

    ``artifacts`` lists the names concerned.
    """

    def __init__(self, message: str, artifacts: list[str]):
        super().__init__(message)
        self.artifacts = list(artifacts)


class ArtifactError(BraidError):
    """An artifact cannot be stored or read; ``artifact`` is its name (or None)."""

    def __init__(self, message: str, artifact: str | None = None):
        super().__init__(message)
        self.artifact = artifact


class ArtifactWriteError(ArtifactError):
    """An artifact value cannot be stored."""


class ArtifactReadError(ArtifactError):
    """An artifact file cannot be turned back into a Python value."""


class ArrowFormatError(ArtifactReadError):
    """A file is not an Arrow IPC file this reader understands (or is damaged)."""


class ProtocolError(BraidError):
    """A worker-protocol message is malformed, unknown or out of order."""
