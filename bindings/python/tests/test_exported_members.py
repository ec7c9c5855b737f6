"""The public surface of ``braid``: exactly these names, each documented and shown as ``braid.X``."""

import braid

PUBLIC = [
    "ArrowFormatError", "ArtifactError", "ArtifactReadError", "ArtifactWriteError", "BraidError",
    "EngineNotFoundError", "FlowDefinitionError", "FlowSpec", "JSONType", "MergeArtifactsError", "NotFoundError",
    "Parameter", "ParameterError", "ProtocolError", "TransitionError", "catch", "current", "environment", "r_step",
    "resources", "retry", "step", "timeout",
    # the client API
    "Flow", "Run", "Step", "Task", "DataArtifact", "namespace", "get_namespace", "default_namespace",
    "CodePackage", "CodeFile", "TagError", "Attempt", "Metaflow",
    # runs that start themselves (docs/triggers.md)
    "trigger", "trigger_on_finish", "schedule", "publish_event", "EventError",
    # tables (docs/tables.md)
    "Table", "TablePut", "TableVersion", "TableError",
]


def test_all_is_pinned():
    assert sorted(braid.__all__) == sorted(PUBLIC)


def test_every_exported_name_exists_is_documented_and_lives_in_braid():
    for name in braid.__all__:
        member = getattr(braid, name)
        assert member.__doc__, name
        if hasattr(member, "__qualname__"):
            assert member.__module__ == "braid", name


def test_exceptions_form_one_tree():
    for name in PUBLIC:
        member = getattr(braid, name)
        if isinstance(member, type) and issubclass(member, Exception):
            assert issubclass(member, braid.BraidError), name


def test_private_modules_stay_private():
    assert not [name for name in dir(braid) if not name.startswith("_") and name not in PUBLIC]
