"""The queries the client benchmark times, each in a fresh interpreter, timed inside it (imports excluded).

Each snippet prints one JSON line ``{"s": seconds, "value": ...}``. The
engine calls a query makes are counted in a separate, untimed pass through
a ``BRAID_BIN`` wrapper that logs every call.
"""
import json
import os
import subprocess

PY_BRAID_SUM = """
import json, time
from braid import Run
t0 = time.perf_counter()
total = sum(t.data.y for t in Run({pathspec!r})['work'])
print(json.dumps({{"s": time.perf_counter() - t0, "value": int(total)}}))
"""

PY_METAFLOW_SUM = """
import json, time
from metaflow import Run, namespace
namespace(None)
t0 = time.perf_counter()
total = sum(t.data.y for t in Run({pathspec!r})['work'])
print(json.dumps({{"s": time.perf_counter() - t0, "value": int(total)}}))
"""

PY_RUNS = """
import json, time
from braid import Flow
t0 = time.perf_counter()
runs = list(Flow({flow!r}).runs({tags}))
print(json.dumps({{"s": time.perf_counter() - t0, "value": len(runs)}}))
"""

PY_RUNS_DATA = """
import itertools, json, time
from braid import Flow
t0 = time.perf_counter()
total = sum(r.data.x for r in itertools.islice(Flow({flow!r}).runs(), {count}))
print(json.dumps({{"s": time.perf_counter() - t0, "value": int(total)}}))
"""

# What a loop over a step's tasks keeps once it is done: the step's answer is read first (the caller holds the
# step), one value is read to load the reader's modules, then only the loop is traced.
PY_MEMORY = """
import json, tracemalloc
from braid import Run
step = Run({pathspec!r})['work']
next(iter(step)).data.y
tracemalloc.start()
total = sum(t.data.y for t in step)
kept, peak = tracemalloc.get_traced_memory()
print(json.dumps({{"s": 0, "value": int(total), "kept": kept, "peak": peak}}))
"""

R_SUM = """
library(braid)
t0 <- Sys.time()
run <- run_client({pathspec})
total <- sum(vapply(run[["work"]]$tasks(), function(t) t$data$y, numeric(1)))
cat(sprintf('{{"s": %.6f, "value": %.0f}}\\n', as.numeric(difftime(Sys.time(), t0, units = "secs")), total))
"""

R_RUNS = """
library(braid)
t0 <- Sys.time()
runs <- flow_client({flow})$runs({tags})
cat(sprintf('{{"s": %.6f, "value": %d}}\\n', as.numeric(difftime(Sys.time(), t0, units = "secs")), length(runs)))
"""


def r_string(text):
    return json.dumps(text)


def timed(command, env, cwd):
    """Runs one snippet; returns its JSON line as a dict."""
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{command[:2]} failed ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return json.loads(lines[-1])


def counting_engine(folder, engine):
    """A ``braid`` that logs each call (one line) to ``folder/calls.log`` and then becomes the real engine."""
    path = os.path.join(folder, "braid")
    log = os.path.join(folder, "calls.log")
    with open(path, "w") as script:
        script.write(f"#!/bin/sh\necho \"$*\" >> '{log}'\nexec '{engine}' \"$@\"\n")
    os.chmod(path, 0o755)
    return path, log


def engine_calls(command, env, cwd, folder, engine):
    """How many engine processes one run of ``command`` starts."""
    wrapper, log = counting_engine(folder, engine)
    if os.path.exists(log):
        os.remove(log)
    timed(command, dict(env, BRAID_BIN=wrapper), cwd)
    if not os.path.exists(log):
        return 0
    with open(log) as calls:
        return sum(1 for _ in calls)
