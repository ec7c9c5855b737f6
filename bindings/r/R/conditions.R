#' Conditions signalled by braid
#'
#' Every error braid raises is a condition with the classes
#' `c("braid_error_<what>", "braid_error", "error", "condition")` (some add a
#' more specific class in front), so callers can catch one kind with
#' `tryCatch(..., braid_error_not_found = function(e) ...)` or every kind
#' with `braid_error`. The message says what is wrong and where: the step,
#' the file and line, the artifact, the parameter.
#'
#' @section Error classes:
#' \describe{
#'   \item{`braid_error_argument`}{an argument of a braid function has the
#'     wrong type or value (the message names the argument).}
#'   \item{`braid_error_flow`}{the flow declaration is wrong: a duplicated
#'     step, a step that is not a function, an unknown decorator.}
#'   \item{`braid_error_trigger`}{a [trigger()], [trigger_on_finish()] or
#'     [schedule()] that cannot hold (also a `braid_error_flow`; the message
#'     names the call and its line).}
#'   \item{`braid_error_event`}{the engine refused to publish an event
#'     ([publish_event()]): a bad name, a payload too large.}
#'   \item{`braid_error_usage`, `braid_error_parameter`}{the command line of
#'     a flow file is wrong: an unknown command or option, a parameter value
#'     of the wrong type (`Rscript flow.R run` exits with status 2).}
#'   \item{`braid_error_engine_not_found`, `braid_error_engine`}{the `braid`
#'     engine cannot be found, or it failed or answered something unexpected.}
#'   \item{`braid_error_table`}{a table cannot be put or read ([table_put()]):
#'     a name the rules refuse, the engine's refusal, or a version only
#'     Python can read (Delta Lake, `_SUCCESS` partitions).}
#'   \item{`braid_error_tag`}{a tag cannot be added or removed: a system
#'     tag, or an empty or overlong one.}
#'   \item{`braid_error_not_found`}{the client API asked for a flow, run,
#'     step or task the engine does not know (in the current namespace).}
#'   \item{`braid_error_arrow`}{an Arrow IPC file is malformed or uses a
#'     feature the R reader does not support (names the file).}
#'   \item{`braid_error_artifact`, `braid_error_artifact_missing`,
#'     `braid_error_artifact_language`, `braid_error_persist`}{an artifact
#'     cannot be read (it does not exist, or only Python can read it) or
#'     written.}
#'   \item{`braid_error_step`, `braid_error_merge`,
#'     `braid_error_transition`}{a step used `self` wrongly (assigned a
#'     parameter, merged conflicting artifacts, fanned out over something
#'     that is not a vector, list or data frame).}
#'   \item{`braid_error_protocol`}{the engine sent the worker a line it
#'     cannot understand.}
#' }
#' Warnings have the classes `c("braid_warning_<what>", "braid_warning",
#' "warning", "condition")`, e.g. `braid_warning_precision` when an int64
#' column holds values past 2^53.
#'
#' @name braid-conditions
#' @family braid conditions
#' @keywords internal
NULL

#' Builds a braid condition object (not signalled).
#'
#' @param message The message: a sentence that says what and where.
#' @param class The specific classes, most specific first (e.g.
#'   `"braid_error_not_found"`).
#' @param ... Extra fields stored on the condition (e.g. `path`, `step`).
#' @param call The call to report, usually `NULL`: messages carry the context.
#' @param base `"error"` or `"warning"`.
#' @noRd
braid_condition <- function(message, class, ..., call = NULL, base = "error") {
  structure(
    class = c(class, paste0("braid_", base), base, "condition"),
    list(message = message, call = call, ...)
  )
}

#' Signals a braid error: `braid_abort("...", "braid_error_flow")`.
#' @noRd
braid_abort <- function(message, class, ..., call = NULL) {
  stop(braid_condition(message, class, ..., call = call))
}

#' Signals a braid warning.
#' @noRd
braid_warn <- function(message, class, ...) {
  warning(braid_condition(message, class, ..., base = "warning"))
}

#' Joins names for messages: `a, b and c` (each in backticks when `quote`).
#' @noRd
enumerate <- function(x, quote = TRUE, none = "none", last = "and") {
  if (length(x) == 0L) {
    return(none)
  }
  if (quote) {
    x <- paste0("`", x, "`")
  }
  if (length(x) == 1L) {
    return(x)
  }
  paste(paste(x[-length(x)], collapse = ", "), last, x[length(x)])
}
