# library(braid) does not report that braid's step() masks stats::step(): a
# flow file attaches braid to declare steps, and stats::step() stays
# reachable by its full name. library() skips the report when the attached
# package environment holds `.conflicts.OK`, which cannot be exported (R
# drops it from exports), so it is placed there when the package is attached.
.onAttach <- function(libname, pkgname) {
  assign(".conflicts.OK", TRUE, envir = as.environment(paste0("package:", pkgname)))
  check_script_syntax()
}

#' Stops `Rscript myflow.R ...` at `library(braid)` when the flow file does not
#' parse, with the file, line and column: Rscript's own message for a syntax
#' error further down names neither the file nor the line.
#' @noRd
check_script_syntax <- function(script = script_file(), quit_on_error = TRUE) {
  if (interactive() || nzchar(Sys.getenv("BRAID_WORKER")) || is.na(script)) {
    return(invisible(TRUE))
  }
  problem <- tryCatch(
    {
      parse(script, keep.source = FALSE)
      NULL
    },
    error = function(e) conditionMessage(e)
  )
  if (is.null(problem)) {
    return(invisible(TRUE))
  }
  message(sprintf("Error: the flow file %s has a syntax error:\n%s", script, problem))
  if (quit_on_error) {
    quit(save = "no", status = 1L)
  }
  invisible(FALSE)
}
