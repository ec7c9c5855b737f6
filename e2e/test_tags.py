"""Tags: `run --tag`, then adding, removing and replacing user tags on a
finished run from the CLI and both clients; system tags kept apart and fixed."""
import json


def tags(braid, pathspec):
    answer = json.loads(braid.cli("tag", "list", pathspec, "--json").stdout)
    return answer["user_tags"], answer["system_tags"]


def test_cli_adds_removes_and_replaces_user_tags(braid):
    braid.flow("linear.py", "run", "--tag", "nightly", check=True)
    user_tags, system_tags = tags(braid, "LinearFlow/1")
    assert user_tags == ["nightly"]
    assert system_tags[:2] == ["file:linear.py", "language:python"] and system_tags[2].startswith("user:")
    out = braid.cli("tag", "add", "LinearFlow/1", "reviewed", "nightly", "--", "-odd-").stdout
    assert out.splitlines()[0] == "Tags of LinearFlow/1: -odd-, nightly, reviewed"
    braid.cli("tag", "remove", "LinearFlow/1", "nightly", "never-there")
    braid.cli("tag", "replace", "LinearFlow/1", "--remove", "reviewed", "--add", "approved")
    assert tags(braid, "LinearFlow/1")[0] == ["-odd-", "approved"]
    assert "approved" in braid.cli("runs").stdout


def test_system_tags_cannot_be_removed(braid):
    braid.flow("linear.py", "run", check=True)
    braid.cli("tag", "add", "LinearFlow/1", "keep")
    refused = braid.cli("tag", "remove", "LinearFlow/1", "keep", "language:python", check=False)
    assert refused.returncode == 1
    assert "'language:python' is a system tag of run 1; system tags cannot be removed" in refused.stderr
    assert tags(braid, "LinearFlow/1")[0] == ["keep"]  # all or nothing
    empty = braid.cli("tag", "add", "LinearFlow/1", " ", check=False)
    assert empty.returncode == 1 and "a tag cannot be empty" in empty.stderr
    missing = braid.cli("tag", "add", "LinearFlow/9", "x", check=False)
    assert missing.returncode == 1 and "run LinearFlow/9 not found" in missing.stderr


def test_python_client_changes_tags_like_metaflow(braid):
    braid.flow("linear.py", "run", "--tag", "v1", check=True)
    code = (
        "from braid import Run, TagError\n"
        "run = Run('LinearFlow/1')\n"
        "print(sorted(run.tags), sorted(t.split(':')[0] for t in run.system_tags))\n"
        "run.add_tag('draft'); run.add_tags(['a', 'b'])\n"
        "run.remove_tag('a'); run.remove_tags(['b'])\n"
        "run.replace_tag('draft', 'final'); run.replace_tags(['v1'], ['v2', 'best'])\n"
        "print(sorted(run.tags), sorted(Run('LinearFlow/1').tags))\n"
        "try:\n    run.remove_tag([t for t in run.system_tags if t.startswith('user:')][0])\n"
        "except TagError as error:\n    print('TagError:', str(error).split('; ')[1])\n"
        "try:\n    run.add_tags('abc')\n"
        "except TypeError as error:\n    print('TypeError:', error)\n"
    )
    assert braid.python(code).stdout.splitlines() == [
        "['v1'] ['file', 'language', 'user']",
        "['best', 'final', 'v2'] ['best', 'final', 'v2']",
        "TagError: system tags cannot be removed",
        "TypeError: add_tags() takes a list of strings, got 'abc'",
    ]


def test_r_client_changes_tags(braid):
    import shutil
    from pathlib import Path

    shutil.copy(Path(__file__).parent / "flows" / "tiny.R", braid.workdir / "tiny.R")
    run = braid._run(["Rscript", "tiny.R", "run", "--tag", "v1"], 180, False)
    assert run.returncode == 0, run.stdout + run.stderr
    script = (
        "library(braid); run <- flow_client('TinyFlowR')$latest_run; "
        "cat(run$tags, '|', sub(':.*', '', run$system_tags), '\\n'); "
        "run$add_tag('draft'); run$add_tags(c('a', 'b')); run$remove_tags(c('a', 'b')); "
        "run$replace_tag('draft', 'final'); "
        "cat(run$tags, '|', flow_client('TinyFlowR')$latest_run$tags, '\\n'); "
        "e <- tryCatch(run$remove_tag(run$system_tags[1]), braid_error_tag = function(e) e); "
        "cat(class(e)[1], grepl('system tags cannot be removed', conditionMessage(e)), '\\n')"
    )
    check = braid._run(["Rscript", "-e", script], 60, False)
    assert check.returncode == 0, check.stderr
    assert check.stdout.splitlines() == [
        "v1 | file language user ",
        "final v1 | final v1 ",
        "braid_error_tag TRUE ",
    ]
