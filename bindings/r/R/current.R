#' Where the running step is
#'
#' Inside a step, `current()` says which flow, run, step and task is
#' running (as Metaflow's `current`). Outside a running step every field is
#' `NULL` and `is_running_flow` is `FALSE`.
#'
#' @param field One field's name, or `NULL` for all of them.
#' @return With `field = NULL`, a `braid_current` list with `flow_name`,
#'   `run_id`, `step_name`, `task_id`, `pathspec` (`Flow/run/step/task`),
#'   `retry_count` (0 for the first attempt), `username`,
#'   `parameter_names`, `trigger` and `is_running_flow`; else that field's
#'   value.
#'
#'   `trigger` is `NULL` for a run started by hand, else what started it
#'   (see [trigger()]): a list with `type` (`"event"`, `"run_finished"`,
#'   `"schedule"`, `"manual"` or `"local"` for `run --trigger-event`),
#'   `events` (every triggering event, in the condition's order: each a list
#'   with `name`, `id`, `timestamp` in milliseconds since the epoch,
#'   `payload` (a list) and, for a run's finish, `flow` and `run_id`),
#'   `event` (the first of them), `runs` (for `run_finished`, the upstream
#'   runs as client runs, see [flow_client()]), `run` (the first of them,
#'   or `NULL`), `tables` (for a table landing, see [table_put()]: each
#'   version by table name, a list with `name`, `version`, `rows`, `how` and
#'   `event_id`) and `table(name)` (that table's version, or `NULL`).
#' @family step API
#' @export
#' @examples
#' current()$is_running_flow
#' # in a step: cat("run", current("run_id"), "task", current()$task_id, "\n")
#' # and what started the run: if (!is.null(current()$trigger)) print(current()$trigger$event$payload)
current <- function(field = NULL) {
  values <- braid_state$current
  out <- structure(
    list(
      flow_name = values$flow, run_id = values$run_id, step_name = values$step,
      task_id = values$task_id, pathspec = values$pathspec, retry_count = values$retry_count,
      username = values$username, parameter_names = if (is.null(values)) NULL else names(values$parameters),
      trigger = new_trigger(values$trigger), is_running_flow = !is.null(values)
    ),
    class = "braid_current"
  )
  if (is.null(field)) {
    return(out)
  }
  assert_string(field)
  if (!field %in% names(out)) {
    braid_abort(sprintf("current() has no field `%s`; it has %s.", field, enumerate(names(out))), "braid_error_argument", argument = "field")
  }
  out[[field]]
}

#' @export
print.braid_current <- function(x, ...) {
  if (!isTRUE(x$is_running_flow)) {
    cat("<braid current: no step running>\n")
  } else {
    cat(sprintf("<braid current: %s, attempt %s>\n", x$pathspec, x$retry_count))
  }
  invisible(x)
}

set_current <- function(task) {
  braid_state$current <- task
}

clear_current <- function() {
  braid_state$current <- NULL
}
