"""docs/braid-daemon.service, the unit that keeps the trigger service running, as systemd reads it."""

import os
import shutil
import subprocess

import pytest

UNIT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "braid-daemon.service")

pytestmark = pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")


def verify(path):
    return subprocess.run(["systemd-analyze", "verify", path], capture_output=True, text=True, timeout=60)


def test_the_unit_verifies_cleanly():
    if not os.access("/usr/local/bin/braid", os.X_OK):
        pytest.skip("braid is not installed in /usr/local/bin (make install puts it there)")
    result = verify(UNIT)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_a_broken_copy_is_caught(tmp_path):
    """The check has teeth: a misspelt setting and a missing executable are both reported."""
    text = open(UNIT).read()
    broken = tmp_path / "braid-daemon.service"
    broken.write_text(text.replace("KillMode=process", "KillMode=nonsense").replace("/usr/local/bin/braid", "/nonexistent/braid"))
    result = verify(str(broken))
    assert result.returncode != 0
    assert "Failed to parse kill mode specification" in result.stderr
    assert "/nonexistent/braid is not executable" in result.stderr


def test_the_unit_keeps_runs_going_when_it_stops():
    settings = dict(line.split("=", 1) for line in open(UNIT).read().splitlines() if "=" in line and not line.startswith("#"))
    assert settings["KillMode"] == "process"
    assert settings["ExecStart"].split() == ["/usr/local/bin/braid", "daemon"]
    assert settings["Environment"] == "BRAID_HOME=%h/.braid"
