# What started a run: `current()$trigger` in a step (from the `task`
# message's "trigger") and `run$trigger` in the client (from `braid api get
# FLOW/RUN`). The engine sends null or {"type", "events": [{"name", "id",
# "timestamp", "payload", "flow", "run_id"}]} (docs/triggers.md).

#' A `braid_trigger` from the engine's JSON, or NULL for a run started by hand.
#'
#' A list with `type` (`event`, `run_finished`, `schedule`, `manual`,
#' `local`), `events` (each a list: `name`, `id`, `timestamp` in
#' milliseconds since the epoch, `payload`, `flow`, `run_id`), `event` (the
#' first), `runs` (client runs of the events that name one; made without
#' asking the engine until a field needs it), `run` (the first, or NULL),
#' `tables` (the table versions among the events, by table name) and
#' `table(name)` (one of them, or NULL).
#' @noRd
new_trigger <- function(data) {
  if (!is.list(data) || !length(data)) {
    return(NULL)
  }
  events <- lapply(data$events %||% list(), trigger_event)
  finished <- Filter(function(e) !is.null(e$flow) && !is.null(e$run_id), events)
  runs <- lapply(finished, function(e) new_run(list(pathspec = paste0(e$flow, "/", e$run_id), flow = e$flow, id = e$run_id)))
  tables <- trigger_tables(events)
  structure(
    list(
      type = data$type, events = events, event = if (length(events)) events[[1L]],
      runs = runs, run = if (length(runs)) runs[[1L]],
      tables = tables, table = trigger_table_getter(tables)
    ),
    class = "braid_trigger"
  )
}

trigger_event <- function(event) {
  number <- function(x) if (is.null(x)) NULL else as.numeric(x)
  payload <- event$payload
  if (!length(payload)) payload <- structure(list(), names = character())
  list(
    name = event$name, id = number(event$id), timestamp = number(event$timestamp), payload = payload,
    flow = event$flow, run_id = if (is.null(event$run_id)) NULL else as.character(event$run_id)
  )
}

#' @export
print.braid_trigger <- function(x, ...) {
  names <- vapply(x$events, function(e) sprintf("%s (event %s)", e$name, if (is.null(e$id)) "?" else format(e$id, scientific = FALSE)), character(1))
  cat(sprintf("<braid trigger %s%s>\n", x$type %||% "unknown", if (length(names)) paste0(": ", paste(names, collapse = ", ")) else ""))
  invisible(x)
}
