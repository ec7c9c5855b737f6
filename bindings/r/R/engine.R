# Finding the `braid` engine and running its commands:
#
#   braid flow check --spec FILE
#   braid flow show --spec FILE
#   braid flow run --spec FILE --parameters JSON [--max-workers N] [--tag T]...
#   braid flow resume --spec FILE [STEP] [--origin-run-id ID] [--max-workers N] [--tag T]...
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
#' @noRd
run_engine <- function(engine, args) {
  restore <- set_engine_environment()
  on.exit(restore())
  status <- suppressWarnings(system2(engine, shQuote(args), stdout = "", stderr = ""))
  as.integer(status)
}

#' Runs the engine and captures stdout: list(status, stdout, stderr).
#' @noRd
query_engine <- function(engine, args) {
  restore <- set_engine_environment()
  on.exit(restore())
  err <- tempfile("braid-stderr-")
  on.exit(unlink(err), add = TRUE)
  out <- suppressWarnings(system2(engine, shQuote(args), stdout = TRUE, stderr = err, stdin = "/dev/null"))
  status <- attr(out, "status") %||% 0L
  list(status = as.integer(status), stdout = paste(out, collapse = "\n"), stderr = paste(readLines(err, warn = FALSE), collapse = "\n"))
}

#' Puts this package's library first on R_LIBS; returns a function that undoes it.
#' @noRd
set_engine_environment <- function() {
  old <- Sys.getenv("R_LIBS", unset = NA)
  library <- braid_library()
  if (!is.null(library)) {
    current <- if (is.na(old)) character() else strsplit(old, .Platform$path.sep, fixed = TRUE)[[1L]]
    Sys.setenv(R_LIBS = paste(unique(c(library, current)), collapse = .Platform$path.sep))
  }
  function() {
    if (is.na(old)) Sys.unsetenv("R_LIBS") else Sys.setenv(R_LIBS = old)
  }
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
