"""Namespaces as in Metaflow: each client sees the current user's runs by
default, another user's with namespace("user:NAME"), every run with
namespace(None) (R: namespace(NULL)), and runs carrying a tag with namespace(TAG)."""
import shutil
import sys
from pathlib import Path


def as_user(braid, name, command, timeout=180):
    braid.env["BRAID_USER"] = name
    return braid._run(command, timeout, True)


def two_users_runs(braid, command):
    """Runs of `flow`: 1 and 3 by ana (3 tagged), 2 by bob."""
    as_user(braid, "ana", command)
    as_user(braid, "bob", command)
    as_user(braid, "ana", command + ["--tag", "shared"])


def test_python_client_sees_its_own_runs_then_others_then_all(braid):
    shutil.copy(Path(__file__).parent / "flows" / "linear.py", braid.workdir / "linear.py")
    two_users_runs(braid, [sys.executable, "linear.py", "run"])
    code = (
        "from braid import Flow, Run, NotFoundError, namespace, get_namespace\n"
        "ids = lambda: [r.id for r in Flow('LinearFlow')]\n"
        "print(get_namespace(), ids())\n"
        "try:\n    Run('LinearFlow/2')\nexcept NotFoundError as error:\n    print('hidden:', error)\n"
        "namespace('user:bob'); print(get_namespace(), ids(), Run('LinearFlow/2').id)\n"
        "namespace('shared'); print(get_namespace(), ids())\n"
        "namespace('user:nobody')\n"
        "try:\n    Flow('LinearFlow')\nexcept NotFoundError as error:\n    print('none:', error)\n"
        "namespace(None); print(get_namespace(), ids())\n"
    )
    braid.env["BRAID_USER"] = "ana"
    assert braid.python(code).stdout.splitlines() == [
        "user:ana ['3', '1']",
        "hidden: run LinearFlow/2 not found in namespace user:ana",
        "user:bob ['2'] 2",
        "shared ['3']",
        "none: flow LinearFlow has no runs in namespace user:nobody",
        "None ['3', '2', '1']",
    ]
    braid.env["BRAID_USER"] = "bob"
    assert braid.python("from braid import Flow; print([r.id for r in Flow('LinearFlow')])").stdout.strip() == "['2']"


def test_r_client_sees_its_own_runs_then_others_then_all(braid):
    shutil.copy(Path(__file__).parent / "flows" / "tiny.R", braid.workdir / "tiny.R")
    two_users_runs(braid, ["Rscript", "tiny.R", "run"])
    script = (
        "library(braid); ids <- function() vapply(flow_client('TinyFlowR')$runs(), function(r) r$id, ''); "
        "cat(get_namespace(), ids(), '\\n'); "
        "e <- tryCatch(flow_client('TinyFlowR')$run('2')$status, braid_error_not_found = function(e) conditionMessage(e)); cat(e, '\\n'); "
        "namespace('user:bob'); cat(get_namespace(), ids(), flow_client('TinyFlowR')$run('2')$status, '\\n'); "
        "namespace('shared'); cat(get_namespace(), ids(), '\\n'); "
        "namespace(NULL); cat(is.null(get_namespace()), ids(), '\\n')"
    )
    braid.env["BRAID_USER"] = "ana"
    check = braid._run(["Rscript", "-e", script], 60, False)
    assert check.returncode == 0, check.stderr
    assert check.stdout.splitlines() == [
        "user:ana 3 1 ",
        "run TinyFlowR/2 not found in namespace user:ana ",
        "user:bob 2 succeeded ",
        "shared 3 ",
        "TRUE 3 2 1 ",
    ]


def test_braid_runs_follows_the_same_namespaces(braid):
    shutil.copy(Path(__file__).parent / "flows" / "linear.py", braid.workdir / "linear.py")
    two_users_runs(braid, [sys.executable, "linear.py", "run"])
    braid.env["BRAID_USER"] = "ana"
    runs = lambda *args: [line.split()[0] for line in braid.cli("runs", *args).stdout.splitlines()[1:]]
    assert runs() == ["LinearFlow/3", "LinearFlow/1"]
    assert runs("--namespace", "user:bob") == ["LinearFlow/2"]
    assert runs("--all") == ["LinearFlow/3", "LinearFlow/2", "LinearFlow/1"]
    assert runs("--namespace", "shared") == ["LinearFlow/3"]
