"""``Parameter`` and ``JSONType``: flow inputs given on the command line.

A parameter is a class attribute of the flow. Its type is ``int``,
``float``, ``str``, ``bool`` or ``JSONType`` (inferred from the default when
not given). Values typed on the command line are parsed and checked here,
before the engine is started; inside a running step the attribute reads as
the run's value and cannot be assigned.
"""

from __future__ import annotations

import math
import os
import sys

from ._errors import ParameterError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["Parameter", "JSONType", "resolve_values"]


class _JSONTypeClass:
    """The type of a parameter whose value is JSON text (parsed into lists, dicts, numbers...)."""

    def __call__(self, text: str) -> Any:
        import json

        return json.loads(text)

    def __repr__(self) -> str:
        return "JSONType"


JSONType = _JSONTypeClass()

_BOOL_WORDS = {"true": True, "yes": True, "on": True, "1": True,
               "false": False, "no": False, "off": False, "0": False}


def _type_name(kind: Any) -> str | None:
    if kind is JSONType:
        return "json"
    return {int: "int", float: "float", str: "str", bool: "bool"}.get(kind)


def _infer_type(default: Any) -> Any:
    if isinstance(default, bool):
        return bool
    if isinstance(default, int):
        return int
    if isinstance(default, float):
        return float
    if isinstance(default, (dict, list)):
        return JSONType
    if default is None or isinstance(default, str):
        return str
    return None


class Parameter:
    """A flow parameter: ``rows = Parameter("rows", default=10_000, help="rows to simulate")``.

    Given on the command line as ``--rows 500``. Inside a step, ``self.rows``
    is the run's value (read-only).

    Args:
        name: the parameter's name (the command-line option is ``--name``).
        default: the value when the option is not given (None: no default).
        type: ``int``, ``float``, ``str``, ``bool`` or ``JSONType``; inferred from ``default`` when omitted
            (``str`` when there is no default).
        help: one line shown by ``run --help``.
        required: the option must be given (when there is no default).
    """

    def __init__(self, name: str, default: Any = None, type: Any = None, help: str | None = None,
                 required: bool = False):
        caller = sys._getframe(1)
        self.file = os.path.abspath(caller.f_code.co_filename)
        self.line = caller.f_lineno
        self.name = name
        self.help = help
        self.required = required
        self.attribute: str | None = None
        self.problems: list[str] = []
        self.type = type if type is not None else _infer_type(default)
        self.default = self._checked_default(default)

    def __set_name__(self, owner: type, name: str) -> None:
        self.attribute = name

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        return obj._braid_parameter(self.name)

    def __set__(self, obj: Any, value: Any) -> None:
        raise AttributeError(f"{self.attribute or self.name} is a parameter of the flow: it is read-only in steps "
                             f"(give it on the command line: --{self.name} VALUE)")

    def __repr__(self) -> str:
        return f"Parameter({self.name!r}, type={self.type_name}, default={self.default!r})"

    @property
    def type_name(self) -> str:
        """``int``, ``float``, ``str``, ``bool`` or ``json``."""
        return _type_name(self.type) or "str"

    def _checked_default(self, default: Any) -> Any:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            self.problems.append(f"parameter name must be an identifier (letters, digits, _), got {self.name!r}")
        if self.help is not None and not isinstance(self.help, str):
            self.problems.append(f"parameter {self.name} help must be a string, got {type(self.help).__name__}")
        if not isinstance(self.required, bool):
            self.problems.append(f"parameter {self.name} required must be True or False, got {self.required!r}")
        if _type_name(self.type) is None:
            if self.type is None:
                self.problems.append(f"parameter {self.name} has a default of type {type(default).__name__}; "
                                     "give type= (int, float, str, bool or JSONType)")
            else:
                self.problems.append(f"parameter {self.name} type must be int, float, str, bool or JSONType, "
                                     f"got {self.type!r}")
            return default
        if default is None:
            return None
        return self._coerce_default(default)

    def _coerce_default(self, default: Any) -> Any:
        kind = self.type_name
        where = f"parameter {self.name} default"
        if kind == "json":
            import json

            if isinstance(default, str):
                try:
                    return json.loads(default)
                except ValueError as error:
                    self.problems.append(f"{where} is not valid JSON: {error}")
                    return default
            try:
                json.dumps(default, allow_nan=False)
            except (TypeError, ValueError) as error:
                self.problems.append(f"{where} cannot be written as JSON: {error}")
            return default
        if kind == "bool" and not isinstance(default, bool):
            self.problems.append(f"{where} {default!r} is not a bool")
        elif kind == "int" and (not isinstance(default, int) or isinstance(default, bool)):
            self.problems.append(f"{where} {default!r} is not an int")
        elif kind == "float":
            if not isinstance(default, (int, float)) or isinstance(default, bool):
                self.problems.append(f"{where} {default!r} is not a float")
            elif not math.isfinite(default):
                self.problems.append(f"{where} must be a finite number, got {default!r}")
            else:
                return float(default)
        elif kind == "str" and not isinstance(default, str):
            self.problems.append(f"{where} {default!r} is not a str")
        return default

    def parse(self, text: str) -> Any:
        """Parses a command-line value; raises ``ValueError`` with a sentence naming the value and type."""
        kind = self.type_name
        if kind == "str":
            return text
        if kind == "int":
            try:
                return int(text.strip(), 10)
            except ValueError:
                raise ValueError(f"{text!r} is not an int") from None
        if kind == "float":
            try:
                value = float(text)
            except ValueError:
                raise ValueError(f"{text!r} is not a float") from None
            if not math.isfinite(value):
                raise ValueError(f"{text!r} is not a finite float")
            return value
        if kind == "bool":
            try:
                return _BOOL_WORDS[text.strip().lower()]
            except KeyError:
                raise ValueError(f"{text!r} is not a bool (use true or false)") from None
        import json

        try:
            return json.loads(text)
        except ValueError as error:
            raise ValueError(f"{text!r} is not valid JSON ({error})") from None

    def spec(self) -> dict[str, Any]:
        """This parameter's entry in the flow spec (``parameters[]``)."""
        entry: dict[str, Any] = {"name": self.name, "type": self.type_name}
        if self.default is not None:
            entry["default"] = self.default
        entry["help"] = self.help
        entry["required"] = self.required
        entry["line"] = self.line
        return entry


def resolve_values(parameters: list[Parameter], given: dict[str, Any]) -> dict[str, Any]:
    """Every parameter's value for a run: the one given, else the default (None when neither).

    Raises:
        ParameterError: a name in ``given`` is not a parameter, or a required one is missing.
    """
    known = {p.name for p in parameters}
    unknown = sorted(set(given) - known)
    if unknown:
        raise ParameterError(f"unknown parameter{'s' if len(unknown) > 1 else ''} "
                             f"{', '.join('--' + u for u in unknown)}; the flow has: "
                             f"{', '.join('--' + n for n in sorted(known)) or 'none'}")
    values: dict[str, Any] = {}
    missing = []
    for param in parameters:
        if param.name in given:
            values[param.name] = given[param.name]
        elif param.required and param.default is None:
            missing.append(param.name)
        else:
            values[param.name] = param.default
    if missing:
        raise ParameterError("missing required parameter" + ("s " if len(missing) > 1 else " ")
                             + ", ".join(f"--{m}" for m in missing))
    return values
