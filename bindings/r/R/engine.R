# Finding the `braid` engine and running its commands:
#
#   braid flow check --spec FILE
#   braid flow show --spec FILE
#   braid flow run --spec FILE --parameters JSON [--max-workers N] [--tag T]...
#   braid flow resume --spec FILE [STEP] [--origin-run-id ID] [--max-workers N] [--tag T]...
#   braid flow run --spec FILE --parameters JSON --trigger-event NAME --payload JSON ...
#   braid flow deploy --spec -                           (the spec on stdin)
#   braid undeploy FLOW
#   braid event publish NAME --payload JSON [--from FLOW/RUN/STEP/TASK]   (events.R)
#   braid api get PATHSPEC [--namespace NS | --all]      (client.R)
#
# The engine's output goes straight to the terminal and its exit status is
# returned. Workers it starts run `Rscript -e 'braid:::worker_main()'`, so
# the library this package was loaded from is put first on R_LIBS for the
# engine: workers then load the same braid as the client.

install_hint <- paste(
  "Install it with `make install` from the Braid repository (it puts `braid` in /usr/local/bin),",
  "or set BRAID_BIN to the path of the braid executable."
)

#' The engine executable: `BRAID_BIN`, else `braid` on PATH.
#' @noRd
find_engine <- function() {
  configured <- Sys.getenv("BRAID_BIN")
  if (nzchar(configured)) {
    if (file.exists(configured) && !dir.exists(configured) && file.access(configured, 1L) == 0L) {
      return(normalizePath(configured))
    }
    braid_abort(
      sprintf("BRAID_BIN is %s, which is not an executable file. %s", configured, install_hint),
      c("braid_error_engine_not_found", "braid_error_engine")
    )
  }
  found <- Sys.which("braid")
  if (nzchar(found)) {
    return(normalizePath(found))
  }
  braid_abort(
    paste("the braid engine was not found: BRAID_BIN is not set and there is no `braid` on PATH.", install_hint),
    c("braid_error_engine_not_found", "braid_error_engine")
  )
}

#' Engine arguments for `braid flow VERB --spec FILE ...`.
#' @noRd
flow_command <- function(verb, spec_path, extra = character()) {
  c("flow", verb, "--spec", spec_path, extra)
}

#' Runs the engine with its output passed through; returns its exit status.
#' `stdin`: a file for the engine's standard input ("" to inherit).
#' @noRd
run_engine <- function(engine, args, stdin = "") {
  restore <- set_engine_environment()
  on.exit(restore())
  status <- suppressWarnings(system2(engine, shQuote(args), stdout = "", stderr = "", stdin = stdin))
  as.integer(status)
}

#' Runs the engine and captures stdout: list(status, stdout, stderr).
#' `stdin`: the file the engine reads as its standard input.
#' @noRd
query_engine <- function(engine, args, stdin = "/dev/null") {
  restore <- set_engine_environment()
  on.exit(restore())
  err <- tempfile("braid-stderr-")
  out <- tempfile("braid-stdout-")
  on.exit(unlink(c(err, out)), add = TRUE)
  # Into a file and read in one go: a step's answer can be megabytes, which
  # readLines() on a pipe splits and copies line by line.
  status <- suppressWarnings(system2(engine, shQuote(args), stdout = out, stderr = err, stdin = stdin))
  size <- file.size(out)
  text <- if (is.na(size) || size == 0) "" else readChar(out, size, useBytes = TRUE)
  Encoding(text) <- "UTF-8"
  list(status = as.integer(status), stdout = sub("\n$", "", text), stderr = paste(readLines(err, warn = FALSE), collapse = "\n"))
}

#' Prepares the environment the engine inherits; returns a function that undoes it.
#'
#' * this package's library goes first on R_LIBS (workers load this braid);
#' * LD_LIBRARY_PATH loses the directories R's start-up script put in front
#'   (etc/ldpaths): with /usr/lib/<arch> first, a pyenv Python started by the
#'   engine loads the system's libpython and no longer finds its own
#'   site-packages (pyarrow, braid). R workers get R's paths back from Rscript.
#' @noRd
set_engine_environment <- function() {
  saved <- Sys.getenv(c("R_LIBS", "LD_LIBRARY_PATH"), unset = NA)
  library <- braid_library()
  if (!is.null(library)) {
    current <- if (is.na(saved[["R_LIBS"]])) character() else split_path(saved[["R_LIBS"]])
    Sys.setenv(R_LIBS = paste(unique(c(library, current)), collapse = .Platform$path.sep))
  }
  if (!is.na(saved[["LD_LIBRARY_PATH"]])) {
    original <- without_r_ld_paths(saved[["LD_LIBRARY_PATH"]])
    if (nzchar(original)) Sys.setenv(LD_LIBRARY_PATH = original) else Sys.unsetenv("LD_LIBRARY_PATH")
  }
  function() {
    for (name in names(saved)) {
      if (is.na(saved[[name]])) Sys.unsetenv(name) else do.call(Sys.setenv, as.list(saved[name]))
    }
  }
}

split_path <- function(text) {
  strsplit(text, .Platform$path.sep, fixed = TRUE)[[1L]]
}

#' LD_LIBRARY_PATH without the prefix R's etc/ldpaths added to it.
#' @noRd
without_r_ld_paths <- function(value) {
  prefix <- r_ld_library_prefix()
  # R started from R (R CMD check, a worker's Rscript) adds the prefix again.
  while (nzchar(prefix) && nzchar(value) && (value == prefix || startsWith(value, paste0(prefix, ":")))) {
    value <- substring(value, nchar(prefix) + 2L)
  }
  value
}

#' What R's etc/ldpaths puts in front of LD_LIBRARY_PATH (computed once).
#' @noRd
r_ld_library_prefix <- function() {
  if (is.null(braid_state$ld_prefix)) {
    ldpaths <- file.path(R.home("etc"), "ldpaths")
    prefix <- ""
    if (file.exists(ldpaths) && nzchar(Sys.which("sh"))) {
      script <- sprintf(
        "unset LD_LIBRARY_PATH R_LD_LIBRARY_PATH R_JAVA_LD_LIBRARY_PATH; . %s; printf %%s \"$LD_LIBRARY_PATH\"",
        shQuote(ldpaths)
      )
      env <- sprintf("R_HOME=%s", shQuote(R.home()))
      out <- tryCatch(suppressWarnings(system2("sh", c("-c", shQuote(script)), stdout = TRUE, stderr = FALSE, env = env)), error = function(e) "")
      prefix <- sub(":$", "", paste(out, collapse = ""))
    }
    braid_state$ld_prefix <- prefix
  }
  braid_state$ld_prefix
}

#' The library directory braid was loaded from, when it is an installed package.
#' @noRd
braid_library <- function() {
  path <- tryCatch(getNamespaceInfo("braid", "path"), error = function(e) NULL)
  if (is.null(path) || !dir.exists(file.path(path, "Meta"))) {
    return(NULL)
  }
  normalizePath(dirname(path))
}

#' Writes the spec to a temporary file; returns its path.
#' @noRd
write_spec_file <- function(flow_name, spec_text) {
  path <- tempfile(paste0("spec-", flow_name, "-"), fileext = ".json")
  writeBin(charToRaw(enc2utf8(spec_text)), path)
  path
}
