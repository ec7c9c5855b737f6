# The flow's trigger conditions as the spec's `triggers` list (the same JSON
# the Python client emits; docs/triggers.md):
#
#   {"kind": "event", "events": [{"name", "parameters"}], "max_concurrent", "line"}
#   {"kind": "run_finished", "flows": [...], "max_concurrent", "line"}
#   {"kind": "table", "tables": [...], "max_concurrent", "line"}            (docs/tables.md)
#   {"kind": "schedule", "cron", "timezone", "max_concurrent", "line"}
#
# Parameter mappings are checked here, once every parameter() of the pipe is known.

#' The `triggers` entries, in declaration order; signals braid_error_trigger
#' for a mapping to a parameter the flow does not have.
#' @noRd
trigger_specs <- function(flow) {
  lapply(flow$triggers, function(condition) {
    if (identical(condition$kind, "event")) check_mapped_parameters(flow, condition)
    entry <- switch(condition$kind,
      event = list(kind = "event", events = lapply(condition$events, event_spec)),
      run_finished = list(kind = "run_finished", flows = I(condition$flows)),
      table = list(kind = "table", tables = I(condition$tables)),
      schedule = list(kind = "schedule", cron = condition$cron, timezone = condition$timezone)
    )
    if (identical(condition$kind, "schedule") && is.null(condition$timezone)) {
      entry["timezone"] <- list(NULL)
    }
    entry["max_concurrent"] <- list(condition$max_concurrent)
    entry$line <- site_line(condition$site)
    entry
  })
}

event_spec <- function(event) {
  list(name = event$name, parameters = event$parameters)
}

check_mapped_parameters <- function(flow, condition) {
  for (event in condition$events) {
    unknown <- setdiff(names(event$parameters), names(flow$parameters))
    if (length(unknown)) {
      trigger_error(condition$site, sprintf(
        "event `%s` maps payload field `%s` to parameter `%s`, which flow %s does not have (it has %s); add parameter(\"%s\", ...) or fix the name.",
        event$name, event$parameters[[unknown[[1L]]]], unknown[[1L]], flow$name,
        enumerate(names(flow$parameters), none = "no parameters"), unknown[[1L]]
      ))
    }
  }
  invisible()
}

#' One line for print(): `trigger on event sales_updated (fills alpha)`.
#' @noRd
describe_trigger <- function(condition) {
  text <- switch(condition$kind,
    event = paste("trigger on", if (length(condition$events) > 1L) "events" else "event", paste(vapply(condition$events, function(e) {
      if (is.null(e$parameters)) e$name else sprintf("%s (fills %s)", e$name, paste(names(e$parameters), collapse = ", "))
    }, character(1)), collapse = " and ")),
    run_finished = paste("trigger on finish of", paste(condition$flows, collapse = " and ")),
    table = paste("trigger on", if (length(condition$tables) > 1L) "tables" else "table", paste(condition$tables, collapse = " and ")),
    schedule = sprintf("schedule %s%s", condition$cron, if (is.null(condition$timezone)) "" else sprintf(" (%s)", condition$timezone))
  )
  if (is.null(condition$max_concurrent)) text else sprintf("%s, at most %d at once", text, condition$max_concurrent)
}
