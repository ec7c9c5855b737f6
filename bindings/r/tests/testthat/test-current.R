test_that("current() is empty outside a step", {
  cur <- current()
  expect_false(cur$is_running_flow)
  expect_null(cur$run_id)
  expect_output(print(cur), "no step running")
})

test_that("current() describes the running task", {
  braid:::set_current(list(
    flow = "F", run_id = "7", step = "train", task_id = "12", pathspec = "F/7/train/12",
    retry_count = 1L, username = "ana", parameters = list(rows = 1L)
  ))
  on.exit(braid:::clear_current())
  expect_identical(current("run_id"), "7")
  expect_identical(current()$pathspec, "F/7/train/12")
  expect_identical(current()$parameter_names, "rows")
  expect_true(current()$is_running_flow)
  expect_output(print(current()), "<braid current: F/7/train/12, attempt 1>", fixed = TRUE)
  expect_error(current("nope"), "current() has no field `nope`", fixed = TRUE, class = "braid_error_argument")
})

test_that("current()$trigger is NULL for a run started by hand", {
  braid:::set_current(list(flow = "F", run_id = "7", pathspec = "F/7/start/1", trigger = NULL))
  on.exit(braid:::clear_current())
  expect_null(current()$trigger)
  expect_true("trigger" %in% names(current()))
  expect_null(current("trigger"))
})

test_that("current()$trigger describes the events that started the run", {
  task <- braid:::decode_message(paste0(
    "{\"type\": \"task\", \"flow\": \"F\", \"run_id\": \"8\", \"pathspec\": \"F/8/start/1\",",
    " \"trigger\": {\"type\": \"event\", \"events\": [",
    "{\"name\": \"prices_ready\", \"id\": 17, \"timestamp\": 1765190400123, \"payload\": {\"day\": \"2026-12-07\", \"rows\": [1, 2]}, \"flow\": null, \"run_id\": null},",
    "{\"name\": \"stock_ready\", \"id\": 18, \"timestamp\": 1765190400999, \"payload\": {}, \"flow\": null, \"run_id\": null}]}}"
  ))
  braid:::set_current(task)
  on.exit(braid:::clear_current())
  trigger <- current()$trigger
  expect_s3_class(trigger, "braid_trigger")
  expect_identical(names(trigger), c("type", "events", "event", "runs", "run", "tables", "table"))
  expect_identical(trigger$type, "event")
  expect_length(trigger$events, 2L)
  expect_identical(trigger$event, list(
    name = "prices_ready", id = 17, timestamp = 1765190400123, payload = list(day = "2026-12-07", rows = list(1L, 2L)),
    flow = NULL, run_id = NULL
  ))
  expect_identical(trigger$events[[2]]$payload, structure(list(), names = character()))
  expect_identical(trigger$runs, list())
  expect_null(trigger$run)
  expect_output(print(trigger), "<braid trigger event: prices_ready (event 17), stock_ready (event 18)>", fixed = TRUE)
})

test_that("a run_finished trigger gives the upstream runs as client runs, without asking the engine", {
  local_env(BRAID_BIN = file.path(tempdir(), "no-such-braid"))
  braid:::set_current(list(flow = "Down", run_id = "3", pathspec = "Down/3/start/1", trigger = list(
    type = "run_finished",
    events = list(list(
      name = "braid.run.IngestFlow.succeeded", id = 5L, timestamp = 1765190400123,
      payload = list(flow = "IngestFlow", run_id = "12", user = "ana"), flow = "IngestFlow", run_id = 12L
    ))
  )))
  on.exit(braid:::clear_current())
  trigger <- current()$trigger
  expect_identical(trigger$type, "run_finished")
  expect_identical(trigger$event$run_id, "12")
  expect_length(trigger$runs, 1L)
  expect_s3_class(trigger$run, "braid_run")
  expect_identical(trigger$run$pathspec, "IngestFlow/12")
  expect_identical(trigger$run$id, "12")
  expect_identical(trigger$run$flow, "IngestFlow")
  expect_error(trigger$run$status, class = "braid_error_engine_not_found") # fetched only when asked
})
