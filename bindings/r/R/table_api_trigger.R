# trigger(table = ...) and trigger(tables = ...): a condition that holds when
# new versions of tables land (docs/tables.md, "Triggering"), and
# current()$trigger$table(NAME): the version whose landing started the run.
# A landing publishes the event `braid.table.NAME` with the payload
# {"table", "version", "rows", "how"}; the condition waits for those events.

table_event_prefix <- "braid.table."

#' The `table` condition of trigger(); `no_events`: neither `event` nor `events` was given.
#' @noRd
table_condition <- function(flow, here, table, tables, no_events, max_concurrent) {
  if (!no_events) {
    trigger_error(here, "give events (`event`, `events`) or tables (`table`, `tables`), not both; call trigger() once for each.")
  }
  if (!is.null(table) && !is.null(tables)) {
    trigger_error(here, "give `table` (one table) or `tables` (all of several), not both.")
  }
  names <- if (is.null(tables)) {
    if (!is.character(table) || length(table) != 1L || is.na(table)) {
      argument_error("table", "a single table name (several, all needed, go in `tables`)", table)
    }
    table
  } else {
    if (!is.character(tables) || !length(tables) || anyNA(tables)) {
      argument_error("tables", "a character vector of table names", tables)
    }
    unname(tables)
  }
  here$name <- names[[1L]]
  for (name in names) {
    problem <- table_name_problem(name)
    if (!is.null(problem)) trigger_error(here, sprintf("table name %s %s.", shown_table_name(name), problem))
  }
  check_unique_names(here, names, "table", "tables")
  add_condition(flow, here, list(kind = "table", tables = names), max_concurrent)
}

#' The table versions among a trigger's events (`new_trigger()`'s events),
#' by table name: list(name, version, rows, how, event_id) each.
#' @noRd
trigger_tables <- function(events) {
  landed <- Filter(function(e) is.character(e$name) && startsWith(e$name, table_event_prefix), events)
  versions <- lapply(landed, function(e) {
    payload <- e$payload
    number <- function(x) if (is.null(x)) NULL else as.numeric(x)
    list(
      name = payload$table %||% substring(e$name, nchar(table_event_prefix) + 1L),
      version = number(payload$version), rows = number(payload$rows), how = payload$how, event_id = e$id
    )
  })
  structure(versions, names = vapply(versions, `[[`, character(1), "name"))
}

#' `current()$trigger$table`: the version of table `name` that started the run, or NULL.
#' @noRd
trigger_table_getter <- function(tables) {
  function(name) {
    assert_string(name)
    tables[[name]]
  }
}
