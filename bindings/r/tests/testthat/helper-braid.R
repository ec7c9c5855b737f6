# Shared test helpers: fixture paths, a Python with pyarrow, an installed
# copy of braid for child processes (workers, flow scripts), temp dirs.

fixture <- function(...) {
  test_path("fixtures", ...)
}

new_temp_dir <- function(prefix = "braid-test-") {
  dir <- tempfile(prefix)
  dir.create(dir, recursive = TRUE)
  normalizePath(dir)
}

#' The Python interpreter with pyarrow: BRAID_PYTHON, else the pinned
#' pyenv one, else python3 on PATH. NULL when none imports pyarrow.
python_with_pyarrow <- local({
  found <- NA
  function() {
    if (!identical(found, NA)) return(found)
    candidates <- c(
      Sys.getenv("BRAID_PYTHON"), "/root/.pyenv/versions/3.11.7/bin/python3",
      Sys.which("python3")
    )
    found <<- NULL
    for (candidate in candidates[nzchar(candidates)]) {
      if (file.exists(candidate)) {
        ok <- suppressWarnings(system2(candidate, c("-c", shQuote("import pyarrow")), stdout = FALSE, stderr = FALSE, env = python_env()))
        if (identical(ok, 0L)) {
          found <<- candidate
          break
        }
      }
    }
    found
  }
})

#' Python must not see the library paths R put first on LD_LIBRARY_PATH
#' (a pyenv Python would load the system's libpython and lose site-packages).
python_env <- function() {
  sprintf("LD_LIBRARY_PATH=%s", shQuote(braid:::without_r_ld_paths(Sys.getenv("LD_LIBRARY_PATH"))))
}

#' Skips only when BRAID_SKIP_PYARROW=1; without pyarrow the test fails.
need_pyarrow <- function() {
  if (identical(Sys.getenv("BRAID_SKIP_PYARROW"), "1")) {
    skip("BRAID_SKIP_PYARROW=1")
  }
  python <- python_with_pyarrow()
  if (is.null(python)) {
    stop("no Python with pyarrow found (set BRAID_PYTHON, or BRAID_SKIP_PYARROW=1 to skip these checks)")
  }
  python
}

#' pyarrow's strict reading of Arrow files (open_file, read_all, validate(full = TRUE)).
pyarrow_check <- function(...) {
  python <- need_pyarrow()
  paths <- c(...)
  out <- suppressWarnings(system2(python, c(shQuote(fixture("pyarrow_check.py")), shQuote(paths)),
    stdout = TRUE, stderr = TRUE, env = python_env()
  ))
  status <- attr(out, "status") %||% 0L
  if (status != 0L) {
    fail(paste("pyarrow rejected", paste(paths, collapse = ", "), ":", paste(out, collapse = "\n")))
  }
  jsonlite::fromJSON(paste(out, collapse = "\n"), simplifyVector = TRUE)
}

`%||%` <- function(x, y) if (is.null(x)) y else x

rscript <- function() file.path(R.home("bin"), "Rscript")

#' A library holding braid, for child R processes: the one braid was loaded
#' from when it is installed, else a temporary one braid is installed into.
braid_test_lib <- local({
  lib <- NULL
  function() {
    if (!is.null(lib)) return(lib)
    path <- getNamespaceInfo("braid", "path")
    if (dir.exists(file.path(path, "Meta"))) {
      lib <<- normalizePath(dirname(path))
    } else {
      target <- new_temp_dir("braid-lib-")
      out <- system2(file.path(R.home("bin"), "R"),
        c("CMD", "INSTALL", "--no-docs", "--no-help", "--no-test-load", "-l", shQuote(target), shQuote(path)),
        stdout = TRUE, stderr = TRUE
      )
      if (!dir.exists(file.path(target, "braid"))) stop("could not install braid for child processes:\n", paste(out, collapse = "\n"))
      lib <<- target
    }
    lib
  }
})

child_r_libs <- function() {
  paste(unique(c(braid_test_lib(), .libPaths())), collapse = .Platform$path.sep)
}

#' Runs `Rscript ARGS` in `dir` with braid installed; list(status, stdout, stderr).
run_rscript <- function(args, dir = tempdir(), env = character()) {
  out_file <- tempfile()
  err_file <- tempfile()
  old <- setwd(dir)
  on.exit(setwd(old))
  status <- suppressWarnings(system2(rscript(), args,
    stdout = out_file, stderr = err_file,
    env = c(sprintf("R_LIBS=%s", shQuote(child_r_libs())), env)
  ))
  list(
    status = status,
    stdout = paste(readLines(out_file, warn = FALSE), collapse = "\n"),
    stderr = paste(readLines(err_file, warn = FALSE), collapse = "\n")
  )
}

#' Copies a flow from tests/testthat/flows into a fresh directory; returns its path.
copy_flow <- function(name, dir = new_temp_dir()) {
  for (file in list.files(test_path("flows"), full.names = TRUE)) {
    file.copy(file, dir)
  }
  file.path(dir, name)
}

#' Evaluates a flow file the way Rscript would (BRAID_WORKER set, so run_flow() returns the flow).
load_flow_file <- function(path) {
  old <- Sys.getenv("BRAID_WORKER", unset = NA)
  Sys.setenv(BRAID_WORKER = "1")
  on.exit(if (is.na(old)) Sys.unsetenv("BRAID_WORKER") else Sys.setenv(BRAID_WORKER = old))
  source(path, local = new.env(), keep.source = FALSE)$value
}

#' Replaces absolute paths in snapshot text.
redact_paths <- function(lines, dir) {
  lines <- gsub(dir, "<dir>", lines, fixed = TRUE)
  gsub(normalizePath(file.path(R.home("bin"), "Rscript")), "<Rscript>", lines, fixed = TRUE)
}

# Artifact round trips --------------------------------------------------------

round_trip <- function(x) {
  path <- tempfile(fileext = ".arrow")
  info <- write_artifact(x, path)
  list(value = read_artifact(path), kind = info$kind, type_name = info$type_name, path = path)
}

every_type_frame <- function() {
  df <- data.frame(
    int = c(1L, NA, -3L, .Machine$integer.max),
    dbl = c(1.5, NaN, NA, -Inf),
    chr = c("a", NA, "ccc", "été 日本"),
    lgl = c(TRUE, FALSE, NA, TRUE),
    fct = factor(c("lo", "hi", NA, "lo"), levels = c("lo", "hi", "unused")),
    ord = factor(c("s", "m", "l", NA), levels = c("s", "m", "l"), ordered = TRUE),
    date = as.Date(c("2024-01-01", NA, "1970-01-01", "1969-12-31")),
    when = as.POSIXct(c("2024-01-01 12:00:00.000500", NA, "1970-01-01", "1960-06-01 08:30:00"), tz = "Europe/Paris"),
    stringsAsFactors = FALSE
  )
  df
}

#' The bytes the file writer (src/arrow_file_write.c) makes of one buffer.
buffer_bytes <- function(buffer) {
  path <- tempfile()
  on.exit(unlink(path))
  braid:::write_pieces(path, list(buffer))
  readBin(path, "raw", file.size(path))
}
