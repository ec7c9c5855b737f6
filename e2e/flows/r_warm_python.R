# An R flow with a Python step: the Python fork server starts with the run and
# imports pandas and pyarrow while R's start step runs. start waits (up to half a
# minute) until the engine's Python fork server has pandas loaded; the Python
# step then reports whether its module found pandas and pyarrow imported.
library(braid)

parent_pid <- function(pid) {
  status <- tryCatch(suppressWarnings(readLines(file.path("/proc", pid, "status"), warn = FALSE)), error = function(e) character())
  sub("^PPid:\\s*", "", grep("^PPid:", status, value = TRUE))
}

# Whether a Python fork server started by `engine` (a pid) has imported pandas.
python_server_warm <- function(engine) {
  for (pid in list.files("/proc", pattern = "^[0-9]+$")) {
    cmdline <- tryCatch(suppressWarnings(readBin(file.path("/proc", pid, "cmdline"), "raw", 4096L)), error = function(e) raw())
    if (identical(parent_pid(pid), engine) && length(grepRaw("braid._forkserver", cmdline, fixed = TRUE))) {
      maps <- tryCatch(suppressWarnings(readLines(file.path("/proc", pid, "maps"), warn = FALSE)), error = function(e) character())
      if (any(grepl("pandas/_libs", maps, fixed = TRUE))) return(TRUE)
    }
  }
  FALSE
}

flow("WarmPythonR") |>
  step("start", function(self) {
    deadline <- Sys.time() + 30
    while (!python_server_warm(parent_pid("self")) && Sys.time() < deadline) Sys.sleep(0.05)
    self$frame <- data.frame(x = 1:3)
  }, next_step = "python") |>
  py_step("python", file = "r_warm_python.py", fn = "report", next_step = "end") |>
  step("end", function(self) cat(sprintf("python step found pandas and pyarrow loaded: %s\n", self$warm))) |>
  run_flow()
