"""A fake Braid worker for the engine's tests.

Speaks protocol 1 on fds 3 (engine -> worker) and 4 (worker -> engine), and
misbehaves on command. It needs only the standard library and starts in a few
milliseconds with `python3 -S`.

The task's `file` is a JSON "script" the test writes:

    {"trace_dir": "/tmp/x/trace",              # optional: each task line is saved there
     "steps": {"<function>": {behaviour}, ...}}

A behaviour may hold:

    next: [steps]; foreach: artifact; foreach_count: n   the transition to report
    set: {name: text}          artifacts to write (kind json); "{index}" and "{stack}" are
                               replaced by the foreach index and the stack's indices
    sleep: s                   seconds to sleep in the step body
    sleep_by_index: s          sleep s * (count - 1 - index): later items finish first
    fail_attempts: n           raise on attempts below n (retries)
    fail_indices: [i]          raise in the foreach items with these indices (resume)
    stdout / stderr: [lines]   printed by the step body
    mode: one of ok (default), raise, exit, signal, hang, hang_ignoring_term, garbage,
          overlong, wrong_next, done_without_next, no_hello, bad_version, close_protocol,
          orphan, spam, bad_artifact_path, unterminated, next_for_end
    code: exit status (mode exit); signal: number (mode signal); lines: count (mode spam)
"""

import json
import os
import signal
import subprocess
import sys
import time

out = os.fdopen(4, "wb", buffering=0)


def send(message):
    out.write(json.dumps(message).encode() + b"\n")


def hello(version=1):
    send({"type": "hello", "protocol": version, "language": "python",
          "language_version": sys.version.split()[0], "pid": os.getpid()})


def trace(script, task):
    directory = script.get("trace_dir")
    if not directory:
        return
    record = dict(task)
    record["_env"] = {k: v for k, v in os.environ.items() if k.startswith("BRAID") or k.startswith("FAKE")}
    record["_fds"] = sorted(int(fd) for fd in os.listdir("/proc/self/fd"))
    record["_pid"] = os.getpid()
    record["_pgid"] = os.getpgid(0)
    name = "%s-%s-%s.json" % (task["step"], task["task_id"], task["attempt"])
    with open(os.path.join(directory, name), "w") as f:
        json.dump(record, f)


def expand(text, task):
    foreach = task.get("foreach") or {"index": -1, "stack": []}
    stack = ".".join(str(frame["index"]) for frame in foreach["stack"])
    return text.replace("{index}", str(foreach["index"])).replace("{stack}", stack)


def run_task(task, script, first):
    behaviour = script["steps"].get(task["function"], {})
    mode = behaviour.get("mode", "ok")
    if first:
        if mode == "bad_version":
            hello(2)
        elif mode != "no_hello":
            hello()
    trace(script, task)
    for line in behaviour.get("stdout", []):
        print(expand(line, task))
    for line in behaviour.get("stderr", []):
        print(expand(line, task), file=sys.stderr)
    if "sleep" in behaviour:
        time.sleep(behaviour["sleep"])
    if "sleep_by_index" in behaviour and task.get("foreach"):
        frame = task["foreach"]["stack"][-1]
        time.sleep(behaviour["sleep_by_index"] * (frame["count"] - 1 - frame["index"]))

    if task["attempt"] < behaviour.get("fail_attempts", 0):
        send({"type": "error", "error_type": "RuntimeError", "message": "attempt %d fails" % task["attempt"],
              "traceback": "Traceback (most recent call last):\n  fake\nRuntimeError", "phase": "step"})
        return
    foreach = task.get("foreach")
    if foreach and foreach["index"] in behaviour.get("fail_indices", []):
        mode = "raise"
    if mode == "raise":
        send({"type": "error", "error_type": "ValueError", "message": "boom",
              "traceback": "Traceback (most recent call last):\n  File \"flow.py\", line 3, in start\nValueError: boom",
              "phase": "step"})
        return
    if mode == "exit":
        sys.stdout.flush()
        os._exit(behaviour.get("code", 3))
    if mode == "signal":
        sys.stdout.flush()
        os.kill(os.getpid(), behaviour.get("signal", signal.SIGKILL))
    if mode == "hang_ignoring_term":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        mode = "hang"
    if mode == "hang":
        time.sleep(3600)
    if mode == "garbage":
        out.write(b"this is not json\n")
        time.sleep(3600)
    if mode == "overlong":
        out.write(b'{"type": "artifact", "name": "' + b"x" * (2 << 20) + b'"}\n')
        time.sleep(3600)
    if mode == "close_protocol":
        out.close()
        time.sleep(3600)
    if mode == "orphan":
        # A grandchild holding stdout and stderr open after the worker exits.
        subprocess.Popen(["sleep", "3"])
    if mode == "spam":
        count = behaviour.get("lines", 1000)
        for i in range(count):
            print("out %d" % i)
            print("err %d" % i, file=sys.stderr)
        sys.stdout.write("y" * (200 << 10))  # a 200 KiB line without a newline
        sys.stdout.flush()

    for name, text in behaviour.get("set", {}).items():
        path = os.path.join(task["spool"], name + ".json")
        with open(path, "w") as f:
            f.write(expand(text, task))
        send({"type": "artifact", "name": name, "path": path, "kind": "json",
              "language": "python", "type_name": "str"})
    if mode == "bad_artifact_path":
        send({"type": "artifact", "name": "stolen", "path": "/etc/hostname", "kind": "json", "language": "python"})

    steps = behaviour.get("next", [])
    if mode == "wrong_next":
        steps = ["nowhere"]
    if mode == "next_for_end":
        steps = ["start"]
    if steps and mode != "done_without_next":
        message = {"type": "next", "steps": steps, "foreach": behaviour.get("foreach")}
        if behaviour.get("foreach"):
            message["foreach_count"] = behaviour.get("foreach_count", 0)
        send(message)
    if mode == "unterminated":
        out.write(b'{"type": "done"}')
        os._exit(0)
    send({"type": "done"})


def main():
    tasks = os.fdopen(3, "rb")
    first = True
    for line in tasks:  # one task after another until the engine closes fd 3
        message = json.loads(line)
        if message["type"] == "shutdown":
            break
        with open(message["file"]) as f:
            script = json.load(f)
        run_task(message, script, first)
        first = False
        sys.stdout.flush()
        sys.stderr.flush()


main()
