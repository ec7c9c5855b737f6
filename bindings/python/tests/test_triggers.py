"""@trigger, @trigger_on_finish and @schedule → the spec's ``triggers`` (docs/triggers.md), and what is refused."""

from __future__ import annotations

import json

import pytest

from braid import FlowDefinitionError, FlowSpec, schedule, step, trigger, trigger_on_finish
from braid._flow_decorators import event_name_problem, flow_decorators_of
from braid._spec import build_spec, spec_json
from conftest import FLOWS

TRIGGERED = [
    {"kind": "event", "events": [{"name": "sales_updated", "parameters": None}], "max_concurrent": None, "line": 4},
    {"kind": "event", "events": [{"name": "prices_ready", "parameters": None},
                                 {"name": "stock_ready", "parameters": {"rows": "rows"}}],
     "max_concurrent": None, "line": 5},
    {"kind": "event", "events": [{"name": "model_request", "parameters": {"alpha": "alpha_field"}}],
     "max_concurrent": 2, "line": 6},
    {"kind": "run_finished", "flows": ["IngestFlow", "CleanFlow"], "max_concurrent": None, "line": 10},
    {"kind": "schedule", "cron": "*/15 * * * *", "timezone": "Europe/Helsinki", "max_concurrent": None, "line": 11},
]


def test_triggers_are_in_the_spec_top_to_bottom_with_their_lines(load_flow):
    spec = build_spec(load_flow("triggered.py"))
    assert spec["triggers"] == TRIGGERED


def test_triggers_json_keeps_the_key_order(load_flow):
    spec = json.loads(spec_json(build_spec(load_flow("triggered.py"))))
    assert list(spec) == ["spec_version", "flow", "language", "file", "interpreters", "parameters", "steps",
                          "triggers"]
    assert [list(entry) for entry in spec["triggers"]] == [
        ["kind", "events", "max_concurrent", "line"], ["kind", "events", "max_concurrent", "line"],
        ["kind", "events", "max_concurrent", "line"], ["kind", "flows", "max_concurrent", "line"],
        ["kind", "cron", "timezone", "max_concurrent", "line"]]
    assert spec["triggers"][1]["events"][1] == {"name": "stock_ready", "parameters": {"rows": "rows"}}


def test_a_flow_without_triggers_has_no_triggers_field(load_flow):
    assert "triggers" not in build_spec(load_flow("linear.py"))


def write_flow(tmp_path, decorators: list[str], name: str = "OneFlow"):
    """A flow file with ``decorators`` on lines 2, 3, ... above the class (two Parameters: alpha, beta)."""
    path = tmp_path / "one.py"
    path.write_text(
        "from braid import FlowSpec, Parameter, schedule, step, trigger, trigger_on_finish\n"
        + "".join(f"{d}\n" for d in decorators)
        + f"class {name}(FlowSpec):\n"
        "    alpha = Parameter('alpha', default=0.5)\n"
        "    beta = Parameter('beta', default=1)\n"
        "    @step\n"
        "    def start(self):\n"
        "        self.next(self.end)\n"
        "    @step\n"
        "    def end(self):\n"
        "        pass\n")
    return path


@pytest.mark.parametrize("decorator, cron", [
    ("@schedule(hourly=True)", "0 * * * *"),
    ("@schedule(daily=True)", "0 0 * * *"),
    ("@schedule(weekly=True, timezone='UTC')", "0 0 * * 0"),
    ("@schedule('5 4 * * *')", "5 4 * * *"),
])
def test_schedule_presets_are_cron_expressions(tmp_path, load_flow, decorator, cron):
    (entry,) = build_spec(load_flow(write_flow(tmp_path, [decorator])))["triggers"]
    assert (entry["kind"], entry["cron"], entry["line"]) == ("schedule", cron, 2)
    assert entry["timezone"] == ("UTC" if "timezone" in decorator else None)


def test_one_limit_may_be_repeated_and_string_events_may_be_positional(tmp_path, load_flow):
    path = write_flow(tmp_path, ['@trigger("a", max_concurrent=3)', "@trigger_on_finish('Up', max_concurrent=3)"])
    entries = build_spec(load_flow(path))["triggers"]
    assert [e["max_concurrent"] for e in entries] == [3, 3]
    assert entries[0]["events"] == [{"name": "a", "parameters": None}] and entries[1]["flows"] == ["Up"]


def test_implicit_fill_needs_no_map_and_an_empty_map_is_kept(tmp_path, load_flow):
    path = write_flow(tmp_path, ['@trigger(events=[{"name": "a"}, {"name": "b", "parameters": {}}])'])
    (entry,) = build_spec(load_flow(path))["triggers"]
    assert entry["events"] == [{"name": "a", "parameters": None}, {"name": "b", "parameters": {}}]


def test_triggers_are_not_inherited(tmp_path, load_flow):
    path = tmp_path / "child.py"
    path.write_text(
        "from braid import FlowSpec, step, trigger\n"
        "@trigger(event='a')\n"
        "class Base(FlowSpec):\n"
        "    @step\n"
        "    def start(self):\n"
        "        self.next(self.end)\n"
        "    @step\n"
        "    def end(self):\n"
        "        pass\n"
        "class Child(Base):\n"
        "    pass\n"
        "del Base\n")
    assert "triggers" not in build_spec(load_flow(path))


REFUSED = [
    # @trigger
    (['@trigger(event="a", events=["b"])'],
     [(2, "@trigger takes event= (one event) or events=[...] (all of them), not both")]),
    (["@trigger()"], [(2, '@trigger needs event="NAME" or events=["A", "B"]')]),
    (["@trigger"], [(2, '@trigger needs arguments, e.g. @trigger(event="sales_updated")')]),
    (["@trigger(events=[])"], [(2, "@trigger events must be a non-empty list of events, got []")]),
    (["@trigger(events='a')"], [(2, "@trigger events must be a non-empty list of events, got 'a'")]),
    (['@trigger(event=["a", "b"])'], [(2, "@trigger event= takes one event; for all of several, write events=[...]")]),
    (["@trigger(event=3)"], [(2, '@trigger event must be an event name or {"name": ..., "parameters": ...}, got 3')]),
    (['@trigger(event="")'], [(2, "@trigger event name '' is empty")]),
    (['@trigger(event="a\\tb")'], [(2, "@trigger event name 'a\\tb' contains a control character ('\\t')")]),
    (['@trigger(event="a\\x85")'], [(2, "@trigger event name 'a\\x85' contains a control character ('\\x85')")]),
    (['@trigger(event="a ")'], [(2, "@trigger event name 'a ' starts or ends with a space")]),
    (['@trigger(event="x" * 201)'], [(2, f"@trigger event name {'x' * 201!r} is 201 characters long; at most 200")]),
    (['@trigger(event="braid.run.Up.succeeded")'],
     [(2, "@trigger event name 'braid.run.Up.succeeded' starts with `braid.`, which Braid keeps for its own "
          "events (to start when another flow's run succeeds, use @trigger_on_finish(flow=...))")]),
    (['@trigger(event={"name": "a", "parameters": {"gamma": "g"}})'],
     [(2, "@trigger event a maps payload field 'g' to gamma, which is not a Parameter of the flow "
          "(it has: alpha, beta)")]),
    (['@trigger(events=[{"name": "a", "parameters": ["alpha"]}, {"name": "b", "parameters": {"alpha": "x"}}])'],
     [(2, "@trigger maps Parameter alpha from events a and b; one condition fills a Parameter from one payload "
          "field")]),
    (['@trigger(event={"name": "a", "parameters": ["alpha", "alpha"]})'],
     [(2, "@trigger maps Parameter alpha twice; one condition fills a Parameter from one payload field")]),
    (['@trigger(event={"name": "a", "parameters": "alpha"})'],
     [(2, "@trigger event a parameters must be a dict {Parameter: payload field} or a list of Parameters, "
          "got str")]),
    (['@trigger(event={"name": "a", "parameters": {"alpha": 3}})'],
     [(2, "@trigger event a parameters must map Parameter names to payload fields (strings), got 'alpha': 3")]),
    (['@trigger(event={"name": "a", "params": {}})'],
     [(2, "@trigger event {'name': 'a', 'params': {}} has unknown key 'params'; an event is "
          '{"name": ..., "parameters": ...}')]),
    (['@trigger(event={"parameters": ["alpha"]})'],
     [(2, "@trigger event {'parameters': ['alpha']} needs a \"name\" (a string)")]),
    (['@trigger(events=["a", "a"])'], [(2, "@trigger lists event a twice; list each event once")]),
    (['@trigger(event="a")', '@trigger(events=["b", "a"])'],
     [(3, "@trigger event a is also in the @trigger at line 2; an event may be in one condition only (which one "
          "would a single event satisfy?)")]),
    # @trigger_on_finish
    (['@trigger_on_finish(flow="A", flows=["B"])'],
     [(2, "@trigger_on_finish takes flow= (one flow) or flows=[...] (all of them), not both")]),
    (["@trigger_on_finish()"], [(2, '@trigger_on_finish needs flow="NAME" or flows=["A", "B"]')]),
    (["@trigger_on_finish"], [(2, '@trigger_on_finish needs arguments, e.g. @trigger_on_finish(flow="IngestFlow")')]),
    (["@trigger_on_finish(flows=[])"], [(2, "@trigger_on_finish flows must be a non-empty list of flow names, got []")]),
    (['@trigger_on_finish(flow="Bad-Name")'],
     [(2, "@trigger_on_finish flow must be a flow's name (letters, digits and _, starting with a letter), "
          "got 'Bad-Name'")]),
    (["@trigger_on_finish(flow=FlowSpec)"],
     [(2, '@trigger_on_finish takes flow names, not classes: write "FlowSpec"')]),
    (["class Up:", "    pass", "@trigger_on_finish(flow=Up)"],
     [(4, '@trigger_on_finish takes flow names, not classes: write "Up"')]),
    (['@trigger_on_finish(flow="OneFlow")'],
     [(2, "@trigger_on_finish: OneFlow cannot start when its own run succeeds (every run would start another)")]),
    (['@trigger_on_finish(flows=["A", "A"])'], [(2, "@trigger_on_finish lists flow A twice; list each flow once")]),
    (['@trigger_on_finish(flow="A")', '@trigger_on_finish(flows=["B", "A"])'],
     [(3, "@trigger_on_finish flow A is also in the @trigger_on_finish at line 2; a flow may be in one condition "
          "only")]),
    # @schedule
    (['@schedule(cron="* * * * *")', "@schedule(daily=True)"],
     [(3, "@schedule is given twice (also at line 2); a flow has one schedule (add @trigger for other ways to "
          "start)")]),
    (['@schedule(cron="0 * * * *", hourly=True)'], [(2, "@schedule takes cron= or hourly=True, not both")]),
    (["@schedule(daily=True, weekly=True)"], [(2, "@schedule takes one of hourly, daily and weekly, got daily and "
                                                  "weekly")]),
    (["@schedule()"], [(2, '@schedule needs cron="MINUTE HOUR DAY MONTH WEEKDAY" or one of hourly=True, '
                           "daily=True, weekly=True")]),
    (["@schedule"], [(2, '@schedule needs arguments, e.g. @schedule(cron="*/15 * * * *" or @schedule(daily=True))')]),
    (["@schedule(cron=5)"], [(2, '@schedule cron must be a cron expression (a string such as "*/15 * * * *"), '
                                 "got 5")]),
    (["@schedule(cron=' ')"], [(2, '@schedule cron must be a cron expression (a string such as "*/15 * * * *"), '
                                   "got ' '")]),
    (["@schedule(daily='yes')"], [(2, "@schedule daily must be True or False, got 'yes'")]),
    (["@schedule(daily=True, timezone=3)"],
     [(2, '@schedule timezone must be a timezone name (a string such as "Europe/Helsinki"), got 3')]),
    # max_concurrent
    (['@trigger(event="a", max_concurrent=0)'], [(2, "@trigger max_concurrent must be a whole number >= 1, got 0")]),
    (["@schedule(daily=True, max_concurrent=True)"],
     [(2, "@schedule max_concurrent must be a whole number >= 1, got True")]),
    (['@trigger_on_finish(flow="A", max_concurrent=1.5)'],
     [(2, "@trigger_on_finish max_concurrent must be a whole number >= 1, got 1.5")]),
    (['@trigger(event="a", max_concurrent=2)', "@schedule(daily=True)", "@schedule(hourly=True, max_concurrent=3)"],
     [(4, "@schedule is given twice (also at line 3); a flow has one schedule (add @trigger for other ways to "
          "start)"),
      (4, "@schedule max_concurrent=3 differs from max_concurrent=2 of the @trigger at line 2; a deployment has "
          "one limit (give it once, or the same everywhere)")]),
]


@pytest.mark.parametrize("decorators, expected", REFUSED, ids=[f"{i}" for i in range(len(REFUSED))])
def test_refused_with_the_decorators_line(tmp_path, load_flow, decorators, expected):
    path = write_flow(tmp_path, decorators)
    with pytest.raises(FlowDefinitionError) as caught:
        build_spec(load_flow(path))
    assert caught.value.problems == [f"{path}:{line}: {message}" for line, message in expected]


def test_every_problem_is_reported_in_line_order_with_the_steps(tmp_path, load_flow):
    path = tmp_path / "many.py"
    path.write_text(
        "from braid import FlowSpec, retry, schedule, step, trigger\n"
        "@trigger(event='')\n"
        "@schedule()\n"
        "class ManyFlow(FlowSpec):\n"
        "    @retry(times=-1)\n"
        "    @step\n"
        "    def start(self):\n"
        "        self.next(self.end)\n"
        "    @step\n"
        "    def end(self):\n"
        "        pass\n")
    with pytest.raises(FlowDefinitionError) as caught:
        build_spec(load_flow(path))
    assert [p.split(": ", 2)[1] for p in caught.value.problems] == ["@trigger event name '' is empty",
                                                                    '@schedule needs cron="MINUTE HOUR DAY MONTH '
                                                                    'WEEKDAY" or one of hourly=True, daily=True, '
                                                                    "weekly=True",
                                                                    "step start"]
    assert [int(p.split(":")[1]) for p in caught.value.problems] == [2, 3, 5]


def test_a_multiline_decorator_is_located_at_its_first_line(load_flow):
    assert [(r.name, r.line) for r in flow_decorators_of(load_flow("triggered.py"))] == [
        ("trigger", 4), ("trigger", 5), ("trigger", 6), ("trigger_on_finish", 10), ("schedule", 11)]


def test_flow_decorators_go_on_flow_classes_only():
    with pytest.raises(TypeError, match=r"@trigger goes on a FlowSpec class \(the line above `class MyFlow"
                                        r"\(FlowSpec\):`\), not on a function"):
        trigger(event="a")(step(lambda self: None))
    with pytest.raises(TypeError, match="@schedule goes on a FlowSpec class .*, not on a function"):
        schedule(daily=True)(type("NotAFlow", (), {}))
    with pytest.raises(TypeError, match="@trigger_on_finish goes on a FlowSpec class .*, not on int"):
        trigger_on_finish(flow="A")(3)


def test_decorating_returns_the_class_itself():
    class Plain(FlowSpec):
        pass

    assert trigger(event="a")(Plain) is Plain
    assert [r.args["event"] for r in flow_decorators_of(Plain)] == ["a"]


@pytest.mark.parametrize("name, braid_allowed, problem", [
    ("sales_updated", False, None),
    ("a.b-c/d é", False, None),
    ("x" * 200, False, None),
    ("", False, "is empty"),
    ("a\nb", False, "contains a control character ('\\n')"),
    ("a\x7f", False, "contains a control character ('\\x7f')"),
    ("\ta", False, "contains a control character ('\\t')"),
    (" a", False, "starts or ends with a space"),
    ("braid.schedule.X", False, "starts with `braid.`, which Braid keeps for its own events"),
    ("braid.schedule.X", True, None),
    ("braid.x ", True, "starts or ends with a space"),
])
def test_event_name_rules(name, braid_allowed, problem):
    assert event_name_problem(name, braid_allowed=braid_allowed) == problem


def test_the_example_flow_checks_clean(load_flow):
    spec = build_spec(load_flow(FLOWS / "triggered.py"))
    assert [s["name"] for s in spec["steps"]] == ["start", "end"]
