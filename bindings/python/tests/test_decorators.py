"""@step, r_step and the step decorators: forms of use, recorded arguments, misuse."""

from __future__ import annotations

import pytest

from braid import catch, environment, r_step, resources, retry, step, timeout
from braid._decorators import RStep, decorators_of, is_step


def test_step_marks_without_wrapping():
    def start(self):
        pass

    assert step(start) is start and is_step(start)


@pytest.mark.parametrize("decorate", [
    lambda f: retry(step(f)),
    lambda f: step(retry(f)),
    lambda f: retry()(step(f)),
])
def test_bare_and_called_forms_record_the_defaults(decorate):
    def start(self):
        pass

    decorated = decorate(start)
    assert decorated is start and is_step(start)
    (record,) = decorators_of(start)
    assert (record.name, record.args, record.problems) == ("retry", {"times": 3, "minutes_between_retries": 2}, [])


def test_records_keep_the_written_order():
    @catch(var="oops")
    @retry(times=1)
    @step
    @resources(cpu=4, memory=1024, gpu=1)
    @environment(vars={"A": "1"})
    @timeout(hours=1)
    def start(self):
        pass

    assert [d.name for d in decorators_of(start)] == ["catch", "retry", "resources", "environment", "timeout"]
    assert decorators_of(start)[2].args == {"cpu": 4, "memory": 1024, "gpu": 1}
    assert decorators_of(start)[4].args == {"seconds": 0, "minutes": 0, "hours": 1}


@pytest.mark.parametrize("make, problem", [
    (lambda: retry(times=-1), "@retry times must be a whole number >= 0, got -1"),
    (lambda: retry(times=True), "@retry times must be a whole number >= 0, got True"),
    (lambda: retry(minutes_between_retries="soon"), "@retry minutes_between_retries must be a number >= 0"),
    (lambda: catch(var="not valid"), "@catch var must name an artifact (an identifier), got 'not valid'"),
    (lambda: timeout(seconds=-5), "@timeout seconds must be a number >= 0, got -5"),
    (lambda: resources(cpu=0), "@resources cpu must be a number > 0, got 0"),
    (lambda: resources(memory=1.5), "@resources memory must be a whole number of MB > 0 (or None), got 1.5"),
    (lambda: environment(vars=["A"]), "@environment vars must be a dict of strings, got list"),
    (lambda: environment(vars={"A B": "1"}), "@environment variable name 'A B' is not a valid name"),
    (lambda: environment(vars={"A": 1}), "@environment value of A must be a string, got int"),
])
def test_bad_arguments_are_recorded_as_problems(make, problem):
    def start(self):
        pass

    make()(start)
    (record,) = decorators_of(start)
    assert any(p.startswith(problem) for p in record.problems), record.problems


def test_positional_arguments_are_refused_with_an_example():
    with pytest.raises(TypeError, match=r"retry\(\) takes keyword arguments only, e.g. @retry\(times=2\)"):
        retry(3)


def test_decorators_refuse_things_that_are_not_steps():
    with pytest.raises(TypeError, match="@retry goes on a step method"):
        retry(times=1)(42)
    with pytest.raises(TypeError, match="@step goes on a method"):
        step(42)


def test_r_step_records_where_it_was_declared():
    declared = r_step("clean.R", function="clean_sales", next="fit")
    assert isinstance(declared, RStep)
    assert declared.defined_in == __file__
    assert declared.next == ["fit"] and declared.problems == []
    assert declared.path.endswith("/tests/clean.R")


def test_r_step_decorated_and_named_by_its_attribute():
    class Holder:
        clean = retry(times=2)(r_step("clean.R", function="clean_sales", next=["a", "b"], join=True))

    assert Holder.clean.name == "clean"
    assert [d.args["times"] for d in decorators_of(Holder.clean)] == [2]
    assert Holder.clean.next == ["a", "b"] and Holder.clean.join is True


@pytest.mark.parametrize("kwargs, problem", [
    ({"file": 3, "function": "f"}, "r_step file must be a path to an R file (a string), got 3"),
    ({"file": "a.R", "function": "1bad"}, "r_step function must name an R function (a string), got '1bad'"),
    ({"file": "a.R", "function": "f", "next": 5}, "r_step next must be a step name or a list of step names, got 5"),
    ({"file": "a.R", "function": "f", "foreach": 1}, "r_step foreach must name an artifact (a string), got 1"),
    ({"file": "a.R", "function": "f", "join": "yes"}, "r_step join must be True or False, got 'yes'"),
])
def test_r_step_argument_problems(kwargs, problem):
    assert r_step(**kwargs).problems == [problem]


def test_r_function_names_may_contain_dots():
    assert r_step("a.R", function="clean.sales", next="end").problems == []
