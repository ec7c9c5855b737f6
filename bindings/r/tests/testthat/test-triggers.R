# trigger(), trigger_on_finish(), schedule(): the spec's `triggers` and the
# checks made when the flow is declared (triggers.R, triggers_check.R).

#' Declares a flow from the lines of a file `flow.R` (line 1 is library(braid)).
declare <- function(...) {
  dir <- new_temp_dir()
  path <- file.path(dir, "flow.R")
  writeLines(c("library(braid)", ...), path)
  load_flow_file(path)
}

#' The spec's `triggers` of a flow declared by `declare()`, parsed as the engine does.
parsed_triggers <- function(...) {
  jsonlite::fromJSON(flow_spec_json(declare(...)), simplifyVector = FALSE)$triggers
}

test_that("the spec's triggers are the documented JSON, with the line of each call", {
  path <- copy_flow("trigger_flow.R")
  text <- flow_spec_json(load_flow_file(path))
  expected <- paste(readLines(fixture("trigger_flow.triggers.json")), collapse = "\n")
  expect_identical(sub("^.*\n(  \"triggers\": \\[)", "\\1", sub("\n$", "", text)), expected)
  spec <- flow_spec(load_flow_file(path))
  expect_identical(names(spec), c("spec_version", "flow", "language", "file", "interpreters", "parameters", "steps", "triggers"))
})

test_that("lists of one stay JSON arrays and absent values are null", {
  triggers <- parsed_triggers(
    "flow('One') |>",
    "  trigger(events = 'only') |>",
    "  trigger_on_finish(flows = 'Upstream', max_concurrent = 3L) |>",
    "  schedule(daily = TRUE) |>",
    "  step('start', function(self) NULL)"
  )
  expect_identical(triggers[[1]], list(kind = "event", events = list(list(name = "only", parameters = NULL)), max_concurrent = NULL, line = 3L))
  expect_identical(triggers[[2]], list(kind = "run_finished", flows = list("Upstream"), max_concurrent = 3L, line = 4L))
  expect_identical(triggers[[3]], list(kind = "schedule", cron = "0 0 * * *", timezone = NULL, max_concurrent = NULL, line = 5L))
  text <- flow_spec_json(declare("flow('One') |> trigger_on_finish(flow = 'Upstream')"))
  expect_match(text, "\"flows\": [\"Upstream\"]", fixed = TRUE)
})

test_that("a flow without triggers has no triggers key", {
  spec <- flow_spec(declare("flow('Plain') |> step('start', function(self) NULL)"))
  expect_false("triggers" %in% names(spec))
  expect_false(grepl("triggers", flow_spec_json(declare("flow('Plain') |> step('start', function(self) NULL)"))))
})

test_that("hourly, daily and weekly are cron expressions", {
  cron <- function(...) declare(sprintf("flow('S') |> schedule(%s)", paste(...)))$triggers[[1]]$cron
  expect_identical(cron("hourly = TRUE"), "0 * * * *")
  expect_identical(cron("daily = TRUE"), "0 0 * * *")
  expect_identical(cron("weekly = TRUE"), "0 0 * * 0")
  expect_identical(cron("cron = '5 4 * * 1-5'"), "5 4 * * 1-5")
})

test_that("parameter maps: a named list or vector maps, names alone map to themselves, empty is an empty object", {
  triggers <- parsed_triggers(
    "flow('P') |>",
    "  parameter('alpha', default = 0.5) |> parameter('beta', default = 1L) |> parameter('gamma', default = 'x') |>",
    "  trigger(event = list(name = 'a', parameters = c(alpha = 'alpha_field', 'beta'))) |>",
    "  trigger(event = list(name = 'b', parameters = list('gamma'))) |>",
    "  trigger(event = list(name = 'c', parameters = list())) |>",
    "  trigger(events = list(name = 'd', parameters = 'alpha'))"
  )
  expect_identical(triggers[[1]]$events[[1]]$parameters, list(alpha = "alpha_field", beta = "beta"))
  expect_identical(triggers[[2]]$events[[1]]$parameters, list(gamma = "gamma"))
  expect_identical(triggers[[3]]$events[[1]]$parameters, structure(list(), names = character()))
  expect_identical(triggers[[4]]$events, list(list(name = "d", parameters = list(alpha = "alpha"))))
  text <- flow_spec_json(declare("flow('P') |> trigger(event = list(name = 'c', parameters = character()))"))
  expect_match(text, "\"parameters\": {}", fixed = TRUE)
})

test_that("trigger_on_finish() takes the flow first, then `flow` or `flows`, by name or position", {
  f <- braid:::new_flow("Down", NA_character_)
  expect_identical(trigger_on_finish(f, flow = "IngestFlow")$triggers[[1]]$flows, "IngestFlow")
  expect_identical((f |> trigger_on_finish(flows = c("A", "B")))$triggers[[1]]$flows, c("A", "B"))
  expect_identical((f |> trigger_on_finish("A"))$triggers[[1]]$flows, "A")
  expect_identical(trigger_on_finish(flow = "A", .flow = f)$triggers[[1]]$flows, "A")
  expect_error(trigger_on_finish("A"), "must be a flow made by flow", class = "braid_error_argument")
  expect_identical((f |> trigger(event = "x") |> schedule(hourly = TRUE))$triggers[[2]]$cron, "0 * * * *")
})

test_that("print() lists the conditions", {
  f <- braid:::new_flow("Shown", NA_character_) |>
    parameter("alpha", default = 0.5) |>
    trigger(events = c("a", "b"), max_concurrent = 2) |>
    trigger(event = list(name = "c", parameters = list(alpha = "x"))) |>
    trigger_on_finish(flow = "Up") |>
    schedule(cron = "*/5 * * * *", timezone = "UTC")
  out <- capture.output(print(f))
  expect_identical(out[3:6], c(
    "  trigger on events a and b, at most 2 at once",
    "  trigger on event c (fills alpha)",
    "  trigger on finish of Up",
    "  schedule */5 * * * * (UTC)"
  ))
})

test_that("conditions R can judge are refused at declaration, naming the call and its line", {
  expect_snapshot(error = TRUE, {
    declare("flow('F') |> trigger(event = 'a', events = 'b')")
    declare("flow('F') |> trigger()")
    declare("flow('F') |>", "  trigger(event = 'a') |>", "  trigger(events = c('b', 'a'))")
    declare("flow('F') |>", "  trigger(event = 'a') |>", "  trigger(event = 'a')")
    declare("flow('F') |> trigger(events = c('b', 'b'))")
    declare("flow('F') |> trigger(event = '')")
    declare("flow('F') |> trigger(event = 'a\\tb')")
    declare("flow('F') |> trigger(event = 'a ')")
    declare("flow('F') |> trigger(event = 'braid.run.Up.succeeded')")
    declare(sprintf("flow('F') |> trigger(event = '%s')", strrep("x", 201)))
    declare("flow('F') |> trigger(event = list(name = 'a', parameters = c(alpha = 'x', alpha = 'y')))")
    declare("flow('F') |> trigger(events = list(list(name = 'a', parameters = 'alpha'), list(name = 'b', parameters = list(alpha = 'z'))))")
    declare("flow('F') |> trigger_on_finish(flow = 'A', flows = 'B')")
    declare("flow('F') |> trigger_on_finish()")
    declare("flow('F') |> trigger_on_finish(flow = 'F')")
    declare("flow('F') |> trigger_on_finish(flows = c('A', 'A'))")
    declare("flow('F') |>", "  trigger_on_finish(flows = c('A', 'B')) |>", "  trigger_on_finish(flow = 'B')")
    declare("flow('F') |>", "  schedule(daily = TRUE) |>", "  schedule(hourly = TRUE)")
    declare("flow('F') |> schedule(cron = '* * * * *', weekly = TRUE)")
    declare("flow('F') |> schedule(daily = TRUE, weekly = TRUE)")
    declare("flow('F') |> schedule()")
    declare("flow('F') |>", "  schedule(daily = TRUE, max_concurrent = 3) |>", "  trigger(event = 'a', max_concurrent = 2)")
  })
})

test_that("a mapping to a parameter the flow does not have is refused when the spec is built", {
  f <- declare(
    "flow('F') |>",
    "  trigger(event = list(name = 'a', parameters = list(alpha = 'alpha_field'))) |>",
    "  parameter('rows', default = 1L) |>",
    "  step('start', function(self) NULL)"
  )
  err <- expect_error(flow_spec(f), class = "braid_error_trigger")
  expect_s3_class(err, "braid_error_flow")
  expect_identical(conditionMessage(err), paste(
    "trigger() (in flow.R:3): event `a` maps payload field `alpha_field` to parameter `alpha`, which flow F does not have",
    "(it has `rows`); add parameter(\"alpha\", ...) or fix the name."
  ))
  # a parameter declared after the trigger() is known
  ok <- declare("flow('F') |>", "  trigger(event = list(name = 'a', parameters = 'alpha')) |>", "  parameter('alpha', default = 1)")
  expect_identical(flow_spec(ok)$triggers[[1]]$events[[1]]$parameters, list(alpha = "alpha"))
})

test_that("arguments of the wrong type name the argument", {
  f <- braid:::new_flow("F", NA_character_)
  expect_snapshot(error = TRUE, {
    trigger(f, event = c("a", "b"))
    trigger(f, event = 1)
    trigger(f, event = list(nam = "a"))
    trigger(f, events = character())
    trigger(f, events = list("a", 2))
    trigger(f, event = list(name = "a", parameters = list(1)))
    trigger(f, event = list(name = "a", parameters = c("1x")))
    trigger(f, event = "a", max_concurrent = 0)
    trigger(f, event = "a", max_concurrent = 1.5)
    trigger_on_finish(f, flow = c("A", "B"))
    trigger_on_finish(f, flows = "not a flow")
    schedule(f, cron = 5)
    schedule(f, timezone = "UTC", daily = NA)
  })
})

test_that("without a file, the messages name the call alone; the errors are classed", {
  f <- braid:::new_flow("F", NA_character_)
  expect_error(trigger(f), "^trigger\\(\\): give `event`", class = "braid_error_trigger")
  err <- expect_error(trigger(f, event = "a") |> trigger(event = "a"), class = "braid_error_flow")
  expect_identical(conditionMessage(err), "trigger(): event `a` is already in trigger(); each event name may be in one condition only (which one would it satisfy?).")
  expect_identical(err$verb, "trigger")
  expect_error(trigger(f, event = "a", max_concurrent = 2) |> trigger(event = "b", max_concurrent = 2L), NA)
  expect_error(trigger(f, event = "a", max_concurrent = 2) |> trigger(event = "b"), NA)
})

test_that("lines follow the pipe even when names repeat or are in variables", {
  f <- declare(
    "ev <- 'computed'",
    "flow('F') |>",
    "  trigger(event = ev) |>",
    "  trigger(event = 'b') |>",
    "  trigger_on_finish(flows = c('A', 'B')) |>",
    "  trigger_on_finish(flow = 'C')"
  )
  lines <- vapply(flow_spec(f)$triggers, `[[`, integer(1), "line")
  expect_identical(lines, c(4L, 5L, 6L, 7L))
  g <- braid:::new_flow("G", NA_character_) |> trigger(event = "x")
  dir <- new_temp_dir()
  g$file <- file.path(dir, "g.R")
  writeLines("# no calls here", g$file)
  expect_identical(flow_spec(g)$triggers[[1]]$line, NA_integer_)
})

test_that("names used as parameters by the run command line are reserved", {
  f <- braid:::new_flow("F", NA_character_)
  expect_error(parameter(f, "payload"), "reserved", class = "braid_error_flow")
  expect_error(parameter(f, "trigger_event"), "reserved", class = "braid_error_flow")
})
