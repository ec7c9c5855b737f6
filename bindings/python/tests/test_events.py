"""``braid.publish_event``: the arguments it hands ``braid event publish``, the id it returns, the errors it raises.

The engine here is a stand-in script; the real one is exercised end to end in e2e/.
"""

from __future__ import annotations

import json
import textwrap

import pytest

import braid
from braid import EngineNotFoundError, EventError, current
from conftest import PYTHON


@pytest.fixture
def publisher(tmp_path, monkeypatch):
    """A ``braid`` that records its argv and answers as FAKE_ANSWER / FAKE_ERROR / FAKE_STATUS say."""
    log = tmp_path / "argv.json"
    engine = tmp_path / "braid"
    engine.write_text(textwrap.dedent(f"""\
        #!{PYTHON}
        import json, os, sys
        argv = sys.argv[1:]
        if "--payload" in argv and argv[argv.index("--payload") + 1] == "-":
            argv = argv + ["stdin:" + sys.stdin.read()]
        with open({str(log)!r}, "w") as handle:
            json.dump(argv, handle)
        if os.environ.get("FAKE_ERROR"):
            print(os.environ["FAKE_ERROR"], file=sys.stderr)
        print(os.environ.get("FAKE_ANSWER", "17"))
        sys.exit(int(os.environ.get("FAKE_STATUS", "0")))
        """))
    engine.chmod(0o755)
    monkeypatch.setenv("BRAID_BIN", str(engine))

    class Publisher:
        @property
        def argv(self):
            return json.loads(log.read_text()) if log.exists() else None

    return Publisher()


def test_returns_the_id_the_engine_prints(publisher):
    assert braid.publish_event("sales_updated", {"day": "2026-12-07", "rows": 10}) == 17
    assert publisher.argv == ["event", "publish", "sales_updated", "--payload", '{"day":"2026-12-07","rows":10}']


def test_no_payload_is_an_empty_object_and_text_stays_utf8(publisher, monkeypatch):
    monkeypatch.setenv("FAKE_ANSWER", " 4\n")
    assert braid.publish_event("a") == 4
    assert publisher.argv[-2:] == ["--payload", "{}"]
    braid.publish_event("a", {"city": "Zürich"})
    assert publisher.argv[-1] == '{"city":"Zürich"}'


def test_inside_a_step_the_event_names_the_task(publisher):
    current._set(flow_name="F", run_id="1", step_name="s", task_id="2", pathspec="F/1/s/2")
    try:
        braid.publish_event("done", {"x": 1})
    finally:
        current._set()
    assert publisher.argv == ["event", "publish", "done", "--payload", '{"x":1}', "--from", "F/1/s/2"]


def test_a_name_that_looks_like_an_option_comes_after_double_dash(publisher):
    braid.publish_event("-x")
    assert publisher.argv == ["event", "publish", "--payload", "{}", "--", "-x"]


def test_the_engines_refusal_is_an_event_error_with_its_message(publisher, monkeypatch):
    monkeypatch.setenv("FAKE_STATUS", "1")
    monkeypatch.setenv("FAKE_ERROR", "Error: cannot publish 'a': the store /x cannot be written")
    with pytest.raises(EventError) as caught:
        braid.publish_event("a")
    assert str(caught.value) == "cannot publish 'a': the store /x cannot be written"
    assert isinstance(caught.value, braid.BraidError)


def test_a_failure_without_a_message_says_the_exit_status(publisher, monkeypatch):
    monkeypatch.setenv("FAKE_STATUS", "3")
    with pytest.raises(EventError, match=r"`braid event publish a` failed with exit status 3"):
        braid.publish_event("a")


def test_an_answer_that_is_not_an_id_is_an_error(publisher, monkeypatch):
    monkeypatch.setenv("FAKE_ANSWER", "published")
    with pytest.raises(EventError, match=r"`braid event publish a` answered 'published', not an event id"):
        braid.publish_event("a")


@pytest.mark.parametrize("name, payload, error, message", [
    (3, None, TypeError, "publish_event() takes the event name as a string, got int"),
    ("a", [1], TypeError, "publish_event() takes the payload as a dict (a JSON object), got list"),
    ("a", '{"x": 1}', TypeError, "publish_event() takes the payload as a dict (a JSON object), got str"),
    ("", None, EventError, "event name '' is empty"),
    ("a\nb", None, EventError, "event name 'a\\nb' contains a control character ('\\n')"),
    (" a", None, EventError, "event name ' a' starts or ends with a space"),
    ("braid.run.F.succeeded", None, EventError,
     "event name 'braid.run.F.succeeded' starts with `braid.`, which Braid keeps for its own events"),
    ("a", {"x": float("nan")}, EventError, "event a: the payload is not valid JSON: Out of range float values are "
                                           "not JSON compliant"),
    ("a", {"x": {1, 2}}, EventError, "event a: the payload is not valid JSON: Object of type set is not JSON "
                                     "serializable"),
    ("a", {"x": "é" * 524_288}, EventError, "event a: the payload is 1048584 bytes as JSON; at most 1048576 (1 MB)"),
])
def test_bad_names_and_payloads_are_refused_before_the_engine_runs(publisher, name, payload, error, message):
    with pytest.raises(error) as caught:
        braid.publish_event(name, payload)
    assert str(caught.value) == message
    assert publisher.argv is None


def test_a_payload_over_64_kib_goes_through_stdin(publisher):
    # Linux limits one argument to 128 KiB (MAX_ARG_STRLEN); a payload may be 1 MB.
    small = {"x": "y" * (65_536 - len('{"x":""}'))}
    braid.publish_event("a", small)
    assert publisher.argv[3:] == ["--payload", json.dumps(small, separators=(",", ":"))]
    large = {"x": "y" * 1_000_000}
    braid.publish_event("a", large)
    assert publisher.argv[3:] == ["--payload", "-", "stdin:" + json.dumps(large, separators=(",", ":"))]


def test_no_engine_is_the_usual_error(monkeypatch, tmp_path):
    monkeypatch.delenv("BRAID_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EngineNotFoundError):
        braid.publish_event("a")
