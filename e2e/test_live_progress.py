"""Live progress: on a terminal, a per-step status block is redrawn below the
streamed task lines; anywhere else, plain lines only."""
import os
import pty
import shutil
import select
import subprocess
import sys
import time
from pathlib import Path

FLOWS = Path(__file__).parent / "flows"


def run_in_terminal(braid, args, timeout=120, interpreter=sys.executable):
    """Runs `python FLOW ARGS` (or another interpreter) with a pseudo-terminal as its stdout and stderr;
    returns all it wrote."""
    master, slave = pty.openpty()
    env = dict(braid.env, TERM="xterm")
    env.pop("BRAID_PROGRESS", None)
    child = subprocess.Popen([interpreter, *args], cwd=braid.workdir, env=env, stdin=subprocess.DEVNULL,
                             stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    output = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every writer closed the terminal
                break
            if not chunk:
                break
            output += chunk
        elif child.poll() is not None:
            break
    os.close(master)
    assert child.wait(timeout=10) == 0, output.decode(errors="replace")
    return output.decode("utf-8", errors="replace")


def last_block(output: str, header: str) -> list[str]:
    """The last drawing of the block (after the last erase, and after any task line printed there), and what follows."""
    lines = output.rsplit("\x1b[J", 1)[1].replace("\r", "").splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(header)]
    assert starts, lines
    return lines[starts[-1]:]


def test_a_terminal_shows_the_progress_block_with_foreach_totals(braid):
    braid.flow("wide_foreach.py", "check", check=True)  # copies the flow into the work directory
    output = run_in_terminal(braid, ["wide_foreach.py", "run", "--width", "6"])
    assert "\x1b[J" in output and "\x1b[" in output  # the block is erased and redrawn
    final = last_block(output, "WideForeachFlow/1 succeeded in ")
    assert final[0].endswith(": done 9")
    assert final[1:5] == [
        "  start  done 1",
        "  work   [##########] done 6/6",
        "  join   done 1",
        "  end    done 1",
    ]
    assert final[5] == "Run WideForeachFlow/1 succeeded: 9 tasks."
    assert "[WideForeachFlow/1/end/9] " in output and " total 55" in output  # task lines still stream


def test_a_terminal_shows_retries_and_failures(braid):
    braid.flow("flaky.py", "check", check=True)
    output = run_in_terminal(braid, ["flaky.py", "run"])
    final = last_block(output, "FlakyFlow/1 succeeded in ")
    assert final[2] == "  flaky  done 1, retried 2"  # a raised error, then a kill, then success


def test_an_r_flow_shows_the_progress_block_too(braid):
    shutil.copy(FLOWS / "tiny.R", braid.workdir / "tiny.R")
    output = run_in_terminal(braid, ["tiny.R", "run"], timeout=180, interpreter="Rscript")
    final = last_block(output, "TinyFlowR/1 succeeded in ")
    assert final[1:3] == ["  start  done 1", "  end    done 1"]
    assert final[0].endswith(": done 2")


def test_output_that_is_not_a_terminal_has_no_escape_codes(braid):
    result = braid.flow("wide_foreach.py", "run", "--width", "6", check=True)
    assert "\x1b" not in result.stderr + result.stdout
    assert "[WideForeachFlow/1/end/9] " in result.stderr
    assert "Run WideForeachFlow/1 succeeded: 9 tasks." in result.stderr
