#!/usr/bin/env python3
"""The engine's own CPU per task on a real 1,000-task Python foreach (issue #3:
under 5 ms per task, beyond the workers' own cost).

The Python client execs the engine in place, so sampling /proc/PID/stat of
that process reads the engine's user + system time (plus the client's brief
start before the exec), never the workers'.

    python3 bench/engine_cpu_per_task.py [--width 1000]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="braid-cpu-") as tmp:
        shutil.copy(os.path.join(ROOT, "e2e", "flows", "wide_foreach.py"), tmp)
        env = dict(os.environ, BRAID_HOME=os.path.join(tmp, "home"))
        start = time.time()
        child = subprocess.Popen([sys.executable, "wide_foreach.py", "run", "--width", str(args.width)], cwd=tmp,
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ticks, cpu = os.sysconf("SC_CLK_TCK"), 0.0
        while child.poll() is None:
            try:
                with open(f"/proc/{child.pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                cpu = (int(fields[11]) + int(fields[12])) / ticks
            except (OSError, IndexError):
                pass
            time.sleep(0.02)
    tasks = args.width + 3
    if child.returncode != 0:
        sys.exit(f"the flow failed (exit {child.returncode})")
    print(f"{tasks} tasks in {time.time() - start:.1f} s; engine CPU {cpu:.2f} s = {cpu / tasks * 1000:.2f} ms per task "
          f"(target < 5 ms: {'met' if cpu / tasks < 0.005 else 'NOT met'})")


if __name__ == "__main__":
    main()
