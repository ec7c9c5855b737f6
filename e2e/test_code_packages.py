"""Code snapshots: every run stores its flow directory's source files as a
deterministic tar.gz, content-addressed in the store; `braid code` and both
clients list, read and restore it."""
import json
import shutil
import sys
from pathlib import Path

FLOWS = Path(__file__).parent / "flows"


def make_project(root: Path) -> None:
    """A flow directory as people have them: code, data, caches, git, a large file, a .braidignore."""
    shutil.copy(FLOWS / "linear.py", root / "linear.py")
    (root / "helpers").mkdir()
    (root / "helpers" / "features.py").write_text("def double(x):\n    return 2 * x\n")
    (root / "helpers" / "__pycache__").mkdir()
    (root / "helpers" / "__pycache__" / "features.cpython-311.pyc").write_bytes(b"\x00bytecode")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "sales.csv").write_text("price,units\n1.5,3\n")
    (root / "weights.json").write_bytes(b"0" * (1024 * 1024 + 1))
    (root / "scratch").mkdir()
    (root / "scratch" / "try.py").write_text("print('scratch')\n")
    (root / ".braidignore").write_text("# my experiments\nscratch/\n")


def tarballs(home: Path) -> list[Path]:
    return sorted((home / "code").rglob("*.tar.gz"))


def test_a_run_stores_its_source_files_and_braid_code_lists_them(braid):
    make_project(braid.workdir)
    braid._run([sys.executable, "linear.py", "run"], 120, True)
    listing = braid.cli("code", "LinearFlow/1").stdout.splitlines()
    assert listing[0].startswith("Code of LinearFlow/1: 3 files, ")
    assert [line.split()[0] for line in listing[2:]] == [".braidignore", "helpers/features.py", "linear.py"]
    assert braid.cli("code", "LinearFlow/1", "helpers/features.py").stdout == "def double(x):\n    return 2 * x\n"

    listed = json.loads(braid.cli("code", "LinearFlow/1", "--json").stdout)
    assert listed["flow_file"] == "linear.py"
    assert {f["path"]: f["size"] for f in listed["files"]}["linear.py"] == (braid.workdir / "linear.py").stat().st_size
    assert Path(listed["path"]) == tarballs(braid.home)[0]

    restored = braid.workdir.parent / "restored"
    braid.cli("code", "LinearFlow/1", "--extract", str(restored))
    for name in (".braidignore", "helpers/features.py", "linear.py"):
        assert (restored / name).read_bytes() == (braid.workdir / name).read_bytes(), name
    assert not (restored / "sales.csv").exists()
    again = braid.cli("code", "LinearFlow/1", "--extract", str(restored), check=False)
    assert again.returncode == 1
    assert "already exists; extract into an empty directory" in again.stderr


def test_unchanged_code_is_stored_once_and_changed_code_again(braid):
    make_project(braid.workdir)

    for _ in range(2):
        braid._run([sys.executable, "linear.py", "run"], 120, True)
    (braid.workdir / "helpers" / "features.py").touch()  # a new time, the same bytes
    braid._run([sys.executable, "linear.py", "run"], 120, True)
    hashes = [json.loads(braid.cli("api", "get", f"LinearFlow/{i}").stdout)["code_hash"] for i in (1, 2, 3)]
    assert hashes[0] == hashes[1] == hashes[2] and len(hashes[0]) == 64
    assert len(tarballs(braid.home)) == 1

    (braid.workdir / "helpers" / "features.py").write_text("def double(x):\n    return x + x\n")
    braid._run([sys.executable, "linear.py", "run"], 120, True)
    assert json.loads(braid.cli("api", "get", "LinearFlow/4").stdout)["code_hash"] != hashes[0]
    assert len(tarballs(braid.home)) == 2


def test_python_client_reads_and_restores_the_code(braid):
    make_project(braid.workdir)

    braid._run([sys.executable, "linear.py", "run"], 120, True)
    target = braid.workdir.parent / "from-python"
    code = (
        "from braid import Flow\n"
        "code = Flow('LinearFlow').latest_run.code\n"
        "print(code.paths)\n"
        "print(code.flowspec == open('linear.py').read())\n"
        "print(code.read('helpers/features.py').splitlines()[0])\n"
        f"print(sorted(p.name for p in code.extract({str(target)!r}).iterdir()))\n"
        "with code.tarball as tar: print(sorted(tar.getnames()))\n"
    )
    lines = braid.python(code).stdout.splitlines()
    assert lines == [
        "['.braidignore', 'helpers/features.py', 'linear.py']",
        "True",
        "def double(x):",
        "['.braidignore', 'helpers', 'linear.py']",
        "['.braidignore', 'helpers/features.py', 'linear.py']",
    ]


def test_an_r_run_stores_its_code_and_the_r_client_restores_it(braid):
    shutil.copy(FLOWS / "tiny.R", braid.workdir / "tiny.R")
    (braid.workdir / "utils.R").write_text("helper <- function() 1\n")
    run = braid._run(["Rscript", "tiny.R", "run"], 180, False)
    assert run.returncode == 0, run.stdout + run.stderr
    listing = braid.cli("code", "TinyFlowR/1").stdout.splitlines()
    assert [line.split()[0] for line in listing[2:]] == ["tiny.R", "utils.R"]
    target = braid.workdir.parent / "from-r"
    check = braid._run(["Rscript", "-e", (
        "library(braid); code <- flow_client('TinyFlowR')$latest_run$code; "
        "cat(code$paths, '\\n'); cat(identical(code$flowspec, paste(readLines('tiny.R'), collapse = '\\n')), '\\n'); "
        f"code$extract('{target}'); cat(sort(list.files('{target}')), '\\n')"
    )], 60, False)
    assert check.returncode == 0, check.stderr
    assert check.stdout.splitlines() == ["tiny.R utils.R ", "TRUE ", "tiny.R utils.R "]
    assert (target / "tiny.R").read_bytes() == (braid.workdir / "tiny.R").read_bytes()


def test_a_flow_directory_too_big_to_package_is_refused_with_advice(braid):

    shutil.copy(FLOWS / "linear.py", braid.workdir / "linear.py")
    for i in range(10_001):
        (braid.workdir / f"m{i}.py").write_text("")
    result = braid._run([sys.executable, "linear.py", "run"], 120, False)
    assert result.returncode == 1
    assert "holds more than 10000 files to package; add what is not code to" in result.stderr
    assert ".braidignore (gitignore patterns)" in result.stderr
