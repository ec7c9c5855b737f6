#' Start runs on events, on another flow's finish, on a clock
#'
#' A *deployed* flow (`Rscript flow.R deploy`) starts by itself when one of
#' its conditions holds, while the trigger service (`braid daemon`) runs on
#' the store. Each `trigger()` or `trigger_on_finish()` call is one
#' condition; the flow starts when **any** of them holds:
#'
#' ```r
#' flow("PricingFlowR") |>
#'   trigger(event = "sales_updated") |>
#'   trigger(events = c("prices_ready", "stock_ready")) |>
#'   trigger(event = list(name = "model_request", parameters = list(alpha = "alpha_field"))) |>
#'   trigger_on_finish(flow = "IngestFlow") |>
#'   schedule(cron = "*/15 * * * *", timezone = "Europe/Helsinki") |>
#'   parameter("alpha", default = 0.5) |>
#'   ...
#' ```
#'
#' * `trigger(event = NAME)` holds when event `NAME` is published
#'   ([publish_event()], `braid event publish`); `events = c(A, B)` when each
#'   of them has been published since the condition last started a run (AND).
#' * An event is a name or `list(name = NAME, parameters = MAP)`. A payload
#'   key equal to a parameter's name fills that parameter; `parameters =
#'   list(alpha = "alpha_field")` fills parameter `alpha` from the payload's
#'   `alpha_field` instead, and `parameters = c("alpha")` is
#'   `list(alpha = "alpha")`. Parameters no payload fills take their default.
#' * `trigger(table = NAME)` holds when a new version of table `NAME` lands
#'   ([table_put()], `braid table put`, a watched location); `tables = c(A,
#'   B)` when each has a new version (AND). In the run,
#'   `current()$trigger$table("NAME")` is that version (`version`, `rows`,
#'   `how`) and [table_read()] reads it. A `trigger()` call waits for events
#'   or for tables, not both.
#' * `trigger_on_finish(flow = "IngestFlow")` holds when a run of
#'   `IngestFlow` succeeds; `flows = c(A, B)` when runs of each have.
#' * `schedule()` (once per flow) starts a run at each tick of `cron` (five
#'   fields, in `timezone`, default UTC), or `hourly`, `daily` (midnight) or
#'   `weekly` (Sunday midnight).
#' * `max_concurrent` (on any of them, one value per flow, default 4): at
#'   most that many runs at once; the others wait, nothing is dropped.
#'
#' Inside a step, `current()$trigger` says what started the run. The Braid
#' repository's docs/triggers.md describes deployments and the trigger
#' service in full.
#'
#' @param flow For `trigger()` and `schedule()`, the flow (from [flow()]).
#'   For `trigger_on_finish()`, the name of the upstream flow.
#' @param .flow For `trigger_on_finish()`, the flow (from [flow()]), so that
#'   `flow = "IngestFlow"` can name the upstream flow in a pipe.
#' @param event One event: a name, or `list(name = ..., parameters = ...)`.
#' @param events Several events, all needed: a character vector, or a list
#'   of names and `list(name = ..., parameters = ...)`.
#' @param flows Several upstream flow names, all needed.
#' @param table One table: a new version of it starts a run.
#' @param tables Several table names: a new version of each is needed.
#' @param cron A cron expression: minute, hour, day of month, month, day of
#'   week (checked by the engine at deploy).
#' @param timezone The time zone of `cron`, e.g. `"Europe/Helsinki"`
#'   (default: UTC).
#' @param hourly,daily,weekly `TRUE` for `"0 * * * *"`, `"0 0 * * *"`,
#'   `"0 0 * * 0"`.
#' @param max_concurrent At most this many runs of the deployment at once
#'   (a whole number >= 1).
#' @return The flow, with the condition added.
#' @section Errors:
#' Signals `braid_error_argument` for an argument of the wrong type, and
#' `braid_error_trigger` (also a `braid_error_flow`) naming the call and
#' its line for: `event` and `events` both or neither (`flow` and `flows`
#' likewise); an event or upstream flow in two conditions or twice in one;
#' a flow on its own finish; a second `schedule()`; `cron` with `hourly`,
#' `daily` or `weekly`; `max_concurrent` values that differ; events and
#' tables in one `trigger()`; a table in two conditions or twice in one, or
#' a table name the rules refuse; an event name
#' that is empty, has control characters, or starts with `braid.`; a
#' parameter mapped twice in one condition. A mapping to a parameter the
#' flow does not have is reported when the spec is built (`check`, `run`,
#' `deploy`). The engine checks cron expressions, time zones and
#' `trigger_on_finish()` cycles at deploy.
#' @family flow declaration
#' @export
#' @examples
#' flow("PricingFlowR") |>
#'   parameter("alpha", default = 0.5) |>
#'   trigger(event = "sales_updated") |>
#'   trigger(event = list(name = "model_request", parameters = list(alpha = "alpha_field"))) |>
#'   trigger_on_finish(flow = "IngestFlow") |>
#'   schedule(daily = TRUE, max_concurrent = 2)
trigger <- function(flow, event = NULL, events = NULL, max_concurrent = NULL, table = NULL, tables = NULL) {
  assert_flow(flow)
  here <- trigger_site(flow, "trigger")
  if (!is.null(table) || !is.null(tables)) {
    return(table_condition(flow, here, table, tables, is.null(event) && is.null(events), max_concurrent))
  }
  if (is.null(event) == is.null(events)) {
    trigger_error(here, paste0("give `event` (one event) or `events` (all of several)", if (is.null(event)) "." else ", not both."))
  }
  list_of_events <- if (is.null(event)) as_event_list(events) else list(as_event(event, "event"))
  here$name <- list_of_events[[1L]]$name
  for (e in list_of_events) check_event_name(here, e$name)
  check_unique_names(here, vapply(list_of_events, `[[`, character(1), "name"), "event", "events")
  check_mapped_once(here, list_of_events)
  add_condition(flow, here, list(kind = "event", events = list_of_events), max_concurrent)
}

#' @rdname trigger
#' @export
trigger_on_finish <- function(.flow, flow = NULL, flows = NULL, max_concurrent = NULL) {
  assert_flow(.flow)
  here <- trigger_site(.flow, "trigger_on_finish")
  if (is.null(flow) == is.null(flows)) {
    trigger_error(here, paste0("give `flow` (one upstream flow) or `flows` (all of several)", if (is.null(flow)) "." else ", not both."))
  }
  names <- if (is.null(flow)) upstream_names(flows, "flows") else upstream_names(flow, "flow", single = TRUE)
  here$name <- names[[1L]]
  if (.flow$name %in% names) {
    trigger_error(here, sprintf("flow %s cannot start on its own finish; a run of it would start the next one forever.", .flow$name))
  }
  check_unique_names(here, names, "upstream flow", "flows")
  add_condition(.flow, here, list(kind = "run_finished", flows = names), max_concurrent)
}

#' @rdname trigger
#' @export
schedule <- function(flow, cron = NULL, timezone = NULL, hourly = FALSE, daily = FALSE, weekly = FALSE, max_concurrent = NULL) {
  assert_flow(flow)
  assert_string_or_null(cron)
  assert_string_or_null(timezone)
  assert_flag(hourly)
  assert_flag(daily)
  assert_flag(weekly)
  here <- trigger_site(flow, "schedule")
  here$name <- cron
  earlier <- Filter(function(t) identical(t$kind, "schedule"), flow$triggers)
  if (length(earlier)) {
    where <- site_where(earlier[[1L]]$site)
    trigger_error(here, sprintf(
      "flow %s already has a schedule%s; give one schedule() per flow.", flow$name,
      if (nzchar(where)) sprintf(" (the schedule() in %s)", where) else ""
    ))
  }
  presets <- c(hourly = "0 * * * *", daily = "0 0 * * *", weekly = "0 0 * * 0")[c(hourly, daily, weekly)]
  if (!is.null(cron) && length(presets)) {
    trigger_error(here, sprintf("give `cron` or `%s = TRUE`, not both.", names(presets)[[1L]]))
  }
  if (length(presets) > 1L) {
    trigger_error(here, sprintf("give one of %s, not several.", enumerate(names(presets))))
  }
  if (is.null(cron) && !length(presets)) {
    trigger_error(here, "give `cron` (e.g. \"*/15 * * * *\"), or `hourly`, `daily` or `weekly` = TRUE.")
  }
  add_condition(flow, here, list(kind = "schedule", cron = cron %||% unname(presets), timezone = timezone), max_concurrent)
}

#' Adds a condition after the checks that need the flow's other conditions.
#' @noRd
add_condition <- function(flow, here, condition, max_concurrent) {
  if (!is.null(max_concurrent)) {
    assert_count(max_concurrent, "max_concurrent", min = 1)
    if (max_concurrent > .Machine$integer.max) argument_error("max_concurrent", "at most 2147483647", max_concurrent)
    max_concurrent <- as.integer(max_concurrent)
  }
  for (other in flow$triggers) {
    if (!is.null(max_concurrent) && !is.null(other$max_concurrent) && other$max_concurrent != max_concurrent) {
      trigger_error(here, sprintf(
        "max_concurrent = %d differs from max_concurrent = %d given to %s; give one value (the others may leave it out).",
        max_concurrent, other$max_concurrent, site_text(other$site)
      ))
    }
    check_not_in(here, condition, other)
  }
  condition["max_concurrent"] <- list(max_concurrent)
  condition$site <- here
  flow$triggers[[length(flow$triggers) + 1L]] <- condition
  flow
}
