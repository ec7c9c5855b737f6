"""Parameter declarations, type inference, command-line value parsing and resolution."""

from __future__ import annotations

import pytest

from braid import JSONType, Parameter, ParameterError
from braid._parameters import resolve_values


@pytest.mark.parametrize("default, type_name", [
    (10, "int"), (0.5, "float"), ("x", "str"), (True, "bool"), (None, "str"), ([1], "json"), ({"a": 1}, "json"),
])
def test_type_is_inferred_from_the_default(default, type_name):
    assert Parameter("p", default=default).type_name == type_name


def test_json_default_given_as_text_is_parsed():
    param = Parameter("config", default='{"k": [1, 2]}', type=JSONType)
    assert param.default == {"k": [1, 2]} and param.problems == []


def test_int_default_of_a_float_parameter_becomes_a_float():
    assert Parameter("rate", default=1, type=float).default == 1.0


@pytest.mark.parametrize("kwargs, problem", [
    ({"default": "x", "type": int}, "parameter p default 'x' is not an int"),
    ({"default": 1, "type": bool}, "parameter p default 1 is not a bool"),
    ({"default": float("nan")}, "parameter p default must be a finite number, got nan"),
    ({"default": "{oops", "type": JSONType}, "parameter p default is not valid JSON"),
    ({"type": list}, "parameter p type must be int, float, str, bool or JSONType, got <class 'list'>"),
    ({"default": object()}, "parameter p has a default of type object; give type="),
    ({"help": 3}, "parameter p help must be a string, got int"),
])
def test_declaration_problems_are_recorded(kwargs, problem):
    problems = Parameter("p", **kwargs).problems
    assert any(p.startswith(problem) for p in problems), problems


def test_name_must_be_an_identifier():
    assert Parameter("my-param").problems == ["parameter name must be an identifier (letters, digits, _), "
                                              "got 'my-param'"]


def test_line_is_where_the_parameter_is_declared():
    param = Parameter(
        "rows",
        default=1,
    )
    assert param.line == test_line_is_where_the_parameter_is_declared.__code__.co_firstlineno + 1


@pytest.mark.parametrize("type_, text, value", [
    (int, "42", 42), (int, " -7 ", -7), (float, "0.25", 0.25), (float, "1e3", 1000.0), (str, "hello", "hello"),
    (bool, "true", True), (bool, "False", False), (bool, "yes", True), (bool, "0", False),
    (JSONType, '{"k": 3}', {"k": 3}), (JSONType, "[1, 2]", [1, 2]), (JSONType, "null", None),
])
def test_command_line_values_are_parsed(type_, text, value):
    assert Parameter("p", type=type_).parse(text) == value


@pytest.mark.parametrize("type_, text, message", [
    (int, "many", "'many' is not an int"),
    (int, "1.5", "'1.5' is not an int"),
    (float, "fast", "'fast' is not a float"),
    (float, "nan", "'nan' is not a finite float"),
    (bool, "maybe", "'maybe' is not a bool (use true or false)"),
    (JSONType, "{oops", "'{oops' is not valid JSON"),
])
def test_bad_command_line_values_say_what_and_which_type(type_, text, message):
    with pytest.raises(ValueError) as caught:
        Parameter("p", type=type_).parse(text)
    assert str(caught.value).startswith(message)


def test_spec_entry_omits_a_missing_default():
    assert Parameter("seed", type=int, required=True).spec() == {
        "name": "seed", "type": "int", "help": None, "required": True,
        "line": test_spec_entry_omits_a_missing_default.__code__.co_firstlineno + 1}


def test_resolve_fills_defaults_and_keeps_given_values():
    params = [Parameter("rows", default=10), Parameter("label"), Parameter("rate", default=0.5)]
    assert resolve_values(params, {"rows": 3}) == {"rows": 3, "label": None, "rate": 0.5}


def test_resolve_reports_unknown_and_missing_parameters():
    params = [Parameter("rows", default=10), Parameter("seed", type=int, required=True)]
    with pytest.raises(ParameterError, match=r"unknown parameter --nope; the flow has: --rows, --seed"):
        resolve_values(params, {"nope": 1})
    with pytest.raises(ParameterError, match=r"missing required parameter --seed"):
        resolve_values(params, {})


def test_parameter_is_read_only_in_a_step():
    class Holder:
        rows = Parameter("rows", default=1)

        def _braid_parameter(self, name):
            return {"rows": 5}[name]

    holder = Holder()
    assert holder.rows == 5 and Holder.rows.attribute == "rows"
    with pytest.raises(AttributeError, match="rows is a parameter of the flow: it is read-only"):
        holder.rows = 6
