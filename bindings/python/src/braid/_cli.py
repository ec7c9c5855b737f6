"""The flow file's command line: ``python myflow.py run | resume | check | show | deploy | undeploy``.

Everything the user typed is parsed and checked here (parameters included)
before the engine starts. Exit statuses: 0 ok, 1 the flow or a step failed
(or the flow cannot be expressed as a spec, or there is no engine), 2 usage
errors (unknown option, wrong parameter type, missing required parameter).
The engine's own exit status is passed through.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from ._engine import call, launch
from ._errors import EngineNotFoundError, FlowDefinitionError, ParameterError
from ._flow_decorators import event_name_problem
from ._parameters import Parameter, resolve_values
from ._spec import CLI_OPTION_NAMES, build_spec, flow_parameters, spec_json

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from collections.abc import Sequence
    from typing import Any

__all__ = ["main", "EXIT_OK", "EXIT_FAILURE", "EXIT_USAGE"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

_PARAM_DEST = "param:"


def main(flow_class: type, argv: Sequence[str] | None = None) -> int:
    """Parses ``argv`` (default ``sys.argv[1:]``) for ``flow_class`` and does what it says; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parameters = flow_parameters(flow_class)
    parser = build_parser(flow_class, parameters)
    try:
        args = parser.parse_args(argv)
        _check_trigger_options(args)
    except SystemExit as stop:  # argparse printed the usage error or the help
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "undeploy":  # needs no spec: a flow that no longer builds can still be undeployed
        try:
            return call(["undeploy", flow_class.__name__])
        except EngineNotFoundError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_FAILURE
    try:
        spec = build_spec(flow_class)
    except FlowDefinitionError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    try:
        extra = _engine_arguments(args, parameters)
    except ParameterError as error:
        args.subparser.print_usage(sys.stderr)
        print(f"{args.subparser.prog}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return launch(args.command, flow_class.__name__, spec_json(spec), extra)
    except EngineNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILURE


def _check_trigger_options(args: argparse.Namespace) -> None:
    """``--payload`` goes with ``--trigger-event``, whose name follows the event name rules (usage errors)."""
    if args.command != "run":
        return
    if args.payload is not None and args.trigger_event is None:
        args.subparser.error("--payload goes with --trigger-event NAME (the event the payload belongs to)")
    if args.trigger_event is not None:
        problem = event_name_problem(args.trigger_event, braid_allowed=True)  # Braid's own may be played too
        if problem:
            args.subparser.error(f"argument --trigger-event: event name {args.trigger_event!r} {problem}")


def _engine_arguments(args: argparse.Namespace, parameters: list[Parameter]) -> list[str]:
    extra: list[str] = []
    if args.command == "run":
        given = {name[len(_PARAM_DEST):]: value for name, value in vars(args).items()
                 if name.startswith(_PARAM_DEST)}
        if args.trigger_event is None:
            values = resolve_values(parameters, given)
        else:  # only what was typed: the engine fills the rest from the payload, then from the defaults
            values = {param.name: given[param.name] for param in parameters if param.name in given}
        extra += ["--parameters", _compact(values)]
        if args.trigger_event is not None:
            extra += ["--trigger-event", args.trigger_event, "--payload", _compact(args.payload or {})]
        for decorator in args.with_decorators or []:
            extra += ["--with", decorator]
    if args.command == "resume":
        if args.step:
            extra.append(args.step)
        if args.origin_run_id:
            extra += ["--origin-run-id", args.origin_run_id]
    if args.command in ("run", "resume"):
        if args.max_workers is not None:
            extra += ["--max-workers", str(args.max_workers)]
        for tag in args.tag or []:
            extra += ["--tag", tag]
    return extra


def build_parser(flow_class: type, parameters: list[Parameter]) -> argparse.ArgumentParser:
    """The argument parser: one subcommand per engine verb, ``run`` with one option per parameter."""
    prog = _program_name()
    parser = argparse.ArgumentParser(
        prog=prog,
        description=_description(flow_class),
        epilog=_parameters_epilog(parameters, prog),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", allow_abbrev=False, help="run the flow (parameters as --name VALUE)",
                              description=f"Run {flow_class.__name__} on the braid engine.")
    _add_run_options(run)
    run.add_argument("--with", dest="with_decorators", action="append", metavar="DECORATOR",
                     help="add a decorator to every step that has none of its kind (repeatable), "
                          "e.g. retry, retry:times=2, timeout:seconds=30")
    as_if = run.add_argument_group("running as if triggered (docs/triggers.md)")
    as_if.add_argument("--trigger-event", metavar="NAME",
                       help="run now as if event NAME had arrived: current.trigger is that event, and its "
                            "payload fills the parameters not given here")
    as_if.add_argument("--payload", type=_json_object, metavar="JSON",
                       help="the event's payload, a JSON object (default {})")
    group = run.add_argument_group("parameters of the flow")
    for param in parameters:
        _add_parameter(group, param)
    run.set_defaults(subparser=run)

    resume = commands.add_parser("resume", allow_abbrev=False,
                                 help="rerun from the failed (or named) step, reusing earlier results",
                                 description="Resume the latest run (or --origin-run-id): succeeded steps before "
                                             "STEP are reused, the rest run again.")
    resume.add_argument("step", nargs="?", metavar="STEP", help="the step to rerun from (default: the failed one)")
    resume.add_argument("--origin-run-id", metavar="ID", help="the run to resume (default: the latest)")
    _add_run_options(resume)
    resume.set_defaults(subparser=resume)

    check = commands.add_parser("check", allow_abbrev=False, help="validate the flow's graph; run nothing",
                                description="Validate the flow's graph and report every problem.")
    check.set_defaults(subparser=check)
    show = commands.add_parser("show", allow_abbrev=False, help="print the flow's graph; run nothing",
                               description="Print the flow's steps and transitions.")
    show.set_defaults(subparser=show)
    deploy = commands.add_parser("deploy", allow_abbrev=False,
                                 help="deploy the flow: its triggers and schedule start runs of this code",
                                 description="Store this code as a new version of the flow's deployment; the "
                                             "trigger service (braid daemon) starts runs of it when its "
                                             "@trigger, @trigger_on_finish or @schedule conditions hold.")
    deploy.set_defaults(subparser=deploy)
    undeploy = commands.add_parser("undeploy", allow_abbrev=False,
                                   help="stop triggered runs of the flow (pending ones are cancelled)",
                                   description=f"Remove the deployment {flow_class.__name__}: nothing triggers "
                                               "it any more; its pending runs are cancelled.")
    undeploy.set_defaults(subparser=undeploy)
    return parser


def _program_name() -> str:
    script = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "flow.py"
    return f"python {script}" if script.endswith(".py") else script


def _description(flow_class: type) -> str:
    doc = (flow_class.__doc__ or "").strip()
    return f"{flow_class.__name__}: {doc}" if doc else f"The {flow_class.__name__} flow."


def _parameters_epilog(parameters: list[Parameter], prog: str) -> str:
    if not parameters:
        return f"The flow has no parameters. `{prog} COMMAND --help` describes a command."
    lines = ["parameters (give them to run as --name VALUE):"]
    for param in parameters:
        lines.append(f"  --{param.name} {_metavar(param)}  {_describe(param)}")
    lines.append(f"`{prog} COMMAND --help` describes a command.")
    return "\n".join(lines)


def _add_run_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--max-workers", type=_positive_int, metavar="N",
                         help="at most N tasks at a time (default: the engine's, from cores and memory)")
    command.add_argument("--tag", action="append", metavar="TAG", help="tag the run (repeatable)")


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), allow_nan=False)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not valid JSON ({error})") from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(f"{text!r} is not a JSON object; a payload is {{\"key\": value, ...}}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _metavar(param: Parameter) -> str:
    return {"int": "INT", "float": "FLOAT", "str": "TEXT", "bool": "BOOL", "json": "JSON"}[param.type_name]


def _describe(param: Parameter) -> str:
    parts = [param.help] if param.help else []
    facts = [f"type {param.type_name}"]
    if param.default is not None:
        shown = json.dumps(param.default) if param.type_name == "json" else repr(param.default)
        facts.append(f"default {shown}")
    elif param.required:
        facts.append("required")
    parts.append(f"({'; '.join(facts)})")
    return " ".join(parts)


def _add_parameter(group: Any, param: Parameter) -> None:
    if not isinstance(param.name, str) or not param.name.isidentifier() or param.name in CLI_OPTION_NAMES:
        return  # reported by the spec builder
    flags = [f"--{param.name}"]
    if "_" in param.name:
        flags.append(f"--{param.name.replace('_', '-')}")
    dest = _PARAM_DEST + param.name

    def parse(text: str) -> Any:
        try:
            return param.parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(f"{error} (parameter {param.name} takes {param.type_name})") from None

    help_text = _describe(param).replace("%", "%%")
    if param.type_name == "bool":
        group.add_argument(*flags, dest=dest, type=parse, nargs="?", const=True, default=argparse.SUPPRESS,
                           metavar="BOOL", help=help_text + "; --" + param.name + " alone means true")
        group.add_argument(f"--no-{param.name}", dest=dest, action="store_const", const=False,
                           default=argparse.SUPPRESS, help=f"set {param.name} to false")
    else:
        group.add_argument(*flags, dest=dest, type=parse, default=argparse.SUPPRESS, metavar=_metavar(param),
                           help=help_text)
