"""The R client API against a real store: runs, latest (successful) run, a step's tasks, values, logs, status."""
import shutil

from conftest import FLOWS


def run_r(braid, code):
    return braid._run(["Rscript", "-e", "library(braid)\n" + code], 60, False)


def test_the_r_client_reads_what_python_reads(braid):
    shutil.copy(FLOWS / "r_foreach.R", braid.workdir / "r_foreach.R")
    assert braid._run(["Rscript", "r_foreach.R", "run"], 180, False).returncode == 0
    shutil.copy(FLOWS / "r_error.R", braid.workdir / "r_error.R")
    assert braid._run(["Rscript", "r_error.R", "run"], 180, False).returncode == 1
    result = run_r(braid, """
f <- flow_client("RForeachFlow")
run <- f$latest_run
stopifnot(identical(run$id, f$latest_successful_run$id), run$successful, run$finished, length(f$runs()) == 1L)
stopifnot(identical(vapply(run$steps(), function(s) s$name, ""), c("start", "work", "join", "end")))
work <- run[["work"]]$tasks()
cat("tasks", length(work), "\\n")
cat("labels", vapply(work, function(t) t$data$label, ""), "\\n")
cat("indexes", vapply(work, function(t) t$index, 0L), "\\n")
cat("value", run$data$labels, "\\n")
cat("stdout", trimws(run[["start"]]$task$stdout), "\\n")
cat("artifact", artifact(run[["start"]]$task, "items"), "\\n")
cat("status", run[["work"]]$status, "\\n")
broken <- flow_client("RErrorFlow")
cat("failed", broken$latest_run$status, is.null(broken$latest_successful_run), "\\n")
task <- broken$latest_run[["work"]]$task
cat("exception", task$status, task$exception$message, "\\n")
cat("stderr has stack", grepl("compute_total(5)", task$stderr, fixed = TRUE), "\\n")
""")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines == [
        "tasks 3",
        "labels a0 b1 c2",
        "indexes 0 1 2",
        "value a0 b1 c2",
        "stdout starting with 3 items",
        "artifact a b c",
        "status succeeded",
        "failed failed TRUE",
        "exception failed the total went negative: -5",
        "stderr has stack TRUE",
    ], result.stdout
    # The Python client sees the same.
    code = ("from braid import Flow\nr = Flow('RForeachFlow').latest_run\n"
            "print([t.data.label for t in r['work'].tasks()], r.data.labels.tolist(), r['start'].task.stdout.strip())")
    assert braid.python(code).stdout.strip() == "['a0', 'b1', 'c2'] ['a0', 'b1', 'c2'] starting with 3 items"
