"""What a worker pays before it runs a step: the modules it imports, and JSON without the ``json`` package.

Every task starts a new interpreter, so each module a worker imports at start
is paid once per task. These tests pin the worker's footprint: a small task
must not import the standard library's heavy modules (``json`` compiles
regular expressions; ``collections``, ``threading``, ``datetime``,
``subprocess``, ``typing`` are each a few milliseconds).
"""

from __future__ import annotations

import json
import math
import subprocess

import pytest

from braid import _jsontext
from conftest import FLOWS, PYTHON, subprocess_env

HEAVY = ("json", "re", "enum", "collections", "functools", "threading", "datetime", "subprocess", "typing",
         "dataclasses", "inspect", "tempfile", "argparse")

RUN_ONE_TASK = """
import os, sys
from braid._worker import run_task
lines = run_task({{"type": "task", "flow": "LinearFlow", "run_id": "1", "step": "middle", "task_id": "2",
                   "attempt": 0, "pathspec": "LinearFlow/1/middle/2", "file": {flow!r}, "function": "middle",
                   "join": False, "parameters": {{}}, "artifacts": {{"x": {artifact}}}, "foreach": None,
                   "inputs": None, "next": {{"steps": ["end"], "foreach": None}}, "spool": {spool!r},
                   "username": "ana", "retry_count": 0}})
assert lines[-1] == {{"type": "done"}}, lines
print(" ".join(sorted(name for name in {heavy!r} if name in sys.modules)))
"""


def test_a_small_task_imports_none_of_the_heavy_modules(tmp_path):
    from braid._artifacts import write_artifact

    stored = write_artifact(1, str(tmp_path / "x.arrow"), "x")
    artifact = {"path": str(tmp_path / "x.arrow"), "kind": stored.kind, "language": "python"}
    (tmp_path / "spool").mkdir()
    code = RUN_ONE_TASK.format(flow=str(FLOWS / "linear.py"), artifact=artifact, spool=str(tmp_path / "spool"),
                               heavy=HEAVY)
    # -S: without site-packages' .pth files, which on some machines import half the standard library.
    result = subprocess.run([PYTHON, "-S", "-c", code], capture_output=True, text=True,
                            env=subprocess_env(BRAID_WORKER="1"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


VALUES = [{"a": [1, 2.5, "é", None, True, {"b": -0.0}]}, "line\n\"quoted\"\t", 3, -(2 ** 70), 1e300, [], {},
          ["ü", "\u2028", "\ud83d\ude00"], {"x": float("nan")}, [float("inf")], {"nested": [[[]]]}]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize("separators", [(", ", ": "), (",", ":")])
@pytest.mark.parametrize("allow_nan", [True, False])
def test_dumps_writes_what_json_writes(value, ensure_ascii, separators, allow_nan):
    options = {"ensure_ascii": ensure_ascii, "separators": separators, "allow_nan": allow_nan}
    try:
        expected = json.dumps(value, **options)
    except ValueError as error:
        with pytest.raises(ValueError, match=str(error)):
            _jsontext.dumps(value, **options)
        return
    assert _jsontext.dumps(value, **options) == expected


def test_dumps_refuses_what_json_refuses():
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        _jsontext.dumps({"a": {1, 2}})
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference detected"):
        _jsontext.dumps(loop)


@pytest.mark.parametrize("text", ['{"a": 1}', " [1, 2]\n", '"x"', "1.5", "-0", '{"type":"task","x":[1,{"y":null}]}\n',
                                  b'{"a": "\xc3\xa9"}', "NaN", "[Infinity, -Infinity]", '{"a": 1, "a": 2}'])
def test_loads_reads_what_json_reads(text):
    expected, got = json.loads(text), _jsontext.loads(text)
    assert repr(got) == repr(expected)


def test_loads_reads_nan_as_a_float():
    assert math.isnan(_jsontext.loads("NaN"))


@pytest.mark.parametrize("text", ["", " ", "{", "[1,]", "1 2", "nul", '{"a" 1}', '"unterminated', "[1] x"])
def test_loads_raises_json_decode_errors_with_jsons_message(text):
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as got:
        _jsontext.loads(text)
    assert str(got.value) == str(expected.value)
