"""A fake engine for the client API tests: it answers ``braid api`` from a JSON store as docs/client-api.md says
(pages, tags, the namespace), and logs every call, so a test can count the engine processes a client starts."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

ENGINE = textwrap.dedent("""\
    #!{python}
    import json, sys
    store = json.load(open({store!r}))
    args = sys.argv[1:]
    with open({log!r}, "a") as log:
        log.write(json.dumps(args) + "\\n")
    def option(name):
        return args[args.index(name) + 1] if name in args else None
    def done(answer, status=0):
        print(json.dumps(answer))
        sys.exit(status)
    if args[:2] == ["api", "flows"]:
        done({{"flows": store["flows"]}})
    path = args[2]
    if "/" not in path:
        runs = [r for r in store["runs"].get(path, []) if r.get("user") != "hidden"]
        if not runs:
            done({{"error": f"flow {{path}} has no runs"}}, 1)
        tags = [a.split("=", 1)[1] for a in args if a.startswith("--tag=")]
        runs = [r for r in runs if all(t in r["user_tags"] + r["system_tags"] for t in tags)]
        if option("--before"):
            runs = [r for r in runs if int(r["id"]) < int(option("--before"))]
        limit = int(option("--limit") or 10**9)
        page = [dict(r) for r in runs[:limit]]
        if "--end-tasks" in args:
            for r in page:
                r["end_task_record"] = store["answers"].get(store["ends"].get(r["pathspec"], ""))
        done({{"flow": path, "runs": page, "has_more": len(runs) > limit}})
    if path in store["answers"]:
        done(store["answers"][path])
    done({{"error": f"{{path}} not found"}}, 1)
    """)


class FakeStore:
    """Runs, steps and tasks as the engine would answer them; artifact files written for real."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.path = directory / "store.json"
        self.log = directory / "calls.log"
        self.engine = directory / "braid"
        self.data = {"flows": [], "runs": {}, "answers": {}, "ends": {}}

    def artifact(self, name: str, value, kind: str = "scalar") -> dict:
        from braid._artifacts import write_artifact

        file = self.directory / f"{name}-{len(list(self.directory.iterdir()))}.arrow"
        stored = write_artifact(value, str(file), name)
        return {"name": name, "path": str(file), "kind": stored.kind, "language": "python",
                "type_name": stored.type_name, "size": file.stat().st_size, "object": f"{abs(hash(str(file))):064d}"[:64]}

    def run(self, flow: str, run_id: int, status: str = "succeeded", tags=(), steps: dict | None = None) -> dict:
        """Adds a run whose steps map to lists of (task id, artifacts, parents, children)."""
        pathspec = f"{flow}/{run_id}"
        summary = {"pathspec": pathspec, "flow": flow, "id": str(run_id), "status": status, "user": "ana",
                   "created_at": "2026-01-02T03:04:05.000Z", "started_at": "2026-01-02T03:04:05.000Z",
                   "finished_at": None if status == "running" else "2026-01-02T03:05:05.500Z",
                   "user_tags": list(tags), "system_tags": ["user:ana"], "origin_run_id": None, "code_hash": None}
        self.data["runs"].setdefault(flow, []).insert(0, summary)
        step_lines = []
        for step, tasks in (steps or {}).items():
            records = [self._task(pathspec, step, status, *task) for task in tasks]
            self.data["answers"][f"{pathspec}/{step}"] = {"pathspec": f"{pathspec}/{step}", "name": step,
                                                         "status": status, "run_status": status, "tasks": records}
            for record in records:
                self.data["answers"][record["pathspec"]] = record
            step_lines.append({"name": step, "status": status, "task_count": len(records)})
            if step == "end":
                self.data["ends"][pathspec] = records[-1]["pathspec"]
        self.data["answers"][pathspec] = dict(summary, parameters={}, steps=step_lines, trigger=None, note=None,
                                              end_task=self.data["ends"].get(pathspec))
        self.save()
        return summary

    @staticmethod
    def _task(run: str, step: str, status: str, task_id, artifacts=(), parents=(), children=()) -> dict:
        return {"pathspec": f"{run}/{step}/{task_id}", "id": str(task_id), "step": step, "status": status,
                "run_status": status, "started_at": "2026-01-02T03:04:06.000Z",
                "finished_at": "2026-01-02T03:04:08.500Z", "foreach_stack": [], "parents": [],
                "parent_tasks": list(parents), "child_tasks": list(children), "origin_task_id": None, "caught": False,
                "attempts": [{"attempt": 0, "status": status, "failure": None}], "artifacts": list(artifacts),
                "stdout_path": None, "stderr_path": None}

    def save(self) -> None:
        self.path.write_text(json.dumps(self.data))
        self.engine.write_text(ENGINE.format(python=sys.executable, store=str(self.path), log=str(self.log)))
        self.engine.chmod(0o755)

    def calls(self) -> list[list[str]]:
        """Every engine call so far (its arguments), then forgets them."""
        if not self.log.exists():
            return []
        lines = [json.loads(line) for line in self.log.read_text().splitlines()]
        self.log.unlink()
        return lines
