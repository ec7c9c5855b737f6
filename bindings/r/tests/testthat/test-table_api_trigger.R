# trigger(table = ...), trigger(tables = ...): the spec's {"kind": "table"}
# entries, what is refused, and current()$trigger$table(NAME) (docs/tables.md).

#' Declares a flow from the lines of a file `flow.R` (line 1 is library(braid)).
declare <- function(...) {
  path <- file.path(new_temp_dir(), "flow.R")
  writeLines(c("library(braid)", ...), path)
  load_flow_file(path)
}

parsed_triggers <- function(...) {
  jsonlite::fromJSON(flow_spec_json(declare(...)), simplifyVector = FALSE)$triggers
}

test_that("table conditions are spec entries with the line of each call", {
  triggers <- parsed_triggers(
    "flow('T') |>",
    "  trigger(table = 'sales') |>",
    "  trigger(tables = c('stock', 'prices.eu'), max_concurrent = 2L) |>",
    "  trigger(event = 'sales') |>",
    "  step('start', function(self) NULL)"
  )
  expect_identical(triggers[[1]], list(kind = "table", tables = list("sales"), max_concurrent = NULL, line = 3L))
  expect_identical(triggers[[2]], list(kind = "table", tables = list("stock", "prices.eu"), max_concurrent = 2L, line = 4L))
  expect_identical(triggers[[3]]$kind, "event")
  text <- flow_spec_json(declare("flow('T') |> trigger(table = 'sales')"))
  expect_match(text, "\"kind\": \"table\",\n      \"tables\": [\"sales\"],\n      \"max_concurrent\": null", fixed = TRUE)
})

test_that("a table trigger prints as one line", {
  f <- braid:::new_flow("T", NA_character_) |> trigger(tables = c("a", "b"))
  expect_identical(braid:::describe_trigger(f$triggers[[1]]), "trigger on tables a and b")
})

test_that("refused table conditions name the call", {
  f <- braid:::new_flow("T", NA_character_)
  refused <- function(..., message) {
    err <- expect_error(trigger(f, ...), class = "braid_error_trigger")
    expect_identical(conditionMessage(err), paste0("trigger(): ", message))
  }
  refused(table = "a", event = "b", message = "give events (`event`, `events`) or tables (`table`, `tables`), not both; call trigger() once for each.")
  refused(tables = "a", events = "b", message = "give events (`event`, `events`) or tables (`table`, `tables`), not both; call trigger() once for each.")
  refused(table = "a", tables = "b", message = "give `table` (one table) or `tables` (all of several), not both.")
  refused(table = "a/b", message = "table name \"a/b\" has a slash; a table name is a name, not a path.")
  refused(tables = c("ok", "_x"), message = "table name \"_x\" must start with a letter or a digit.")
  refused(tables = c("a", "a"), message = "table `a` is listed twice in `tables`; list each once.")
  expect_error(trigger(f, table = c("a", "b")), "`table` must be a single table name (several, all needed, go in `tables`)", fixed = TRUE,
    class = "braid_error_argument")
  expect_error(trigger(f, tables = character()), "`tables` must be a character vector of table names", class = "braid_error_argument")
  g <- f |> trigger(table = "sales")
  err <- expect_error(trigger(g, tables = c("stock", "sales")), class = "braid_error_trigger")
  expect_identical(conditionMessage(err), "trigger(): table `sales` is already in trigger(); each table may be in one condition only (which one would it satisfy?).")
  expect_length((g |> trigger(event = "sales"))$triggers, 2L) # an event of the same name is another thing
})

test_that("a refused table condition names its line in the flow file", {
  err <- expect_error(declare(
    "flow('T') |>",
    "  trigger(table = 'sales') |>",
    "  trigger(tables = c('stock', 'sales'))"
  ), class = "braid_error_trigger")
  expect_match(conditionMessage(err), "^trigger\\(\\) \\(in flow.R:4\\): table `sales` is already in trigger\\(\\) \\(in flow.R:3\\)")
})

landed <- list(type = "event", events = list(
  list(name = "braid.table.sales", id = 41L, timestamp = 1765190400123, payload = list(table = "sales", version = 7L, rows = 1000L, how = "flow"), flow = NULL, run_id = NULL),
  list(name = "braid.table.stock", id = 42L, timestamp = 1765190400456, payload = list(table = "stock", version = 2L, rows = 5L, how = "delta"), flow = NULL, run_id = NULL)
))

test_that("current()$trigger$table() finds the landing among the events", {
  braid:::set_current(list(flow = "F", run_id = "1", step = "start", task_id = "1", pathspec = "F/1/start/1", trigger = landed))
  on.exit(braid:::clear_current())
  found <- current()$trigger
  expect_identical(found$table("sales"), list(name = "sales", version = 7, rows = 1000, how = "flow", event_id = 41))
  expect_identical(found$table("stock")$how, "delta")
  expect_null(found$table("prices"))
  expect_identical(names(found$tables), c("sales", "stock"))
})

test_that("a trigger without landings has no tables", {
  found <- braid:::new_trigger(list(type = "event", events = list(list(name = "sales", id = 1L, payload = list()))))
  expect_null(found$table("sales"))
  expect_length(found$tables, 0L)
  expect_output(print(found), "<braid trigger event: sales (event 1)>", fixed = TRUE)
})
