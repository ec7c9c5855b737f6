# Runs and steps of the client API (client_run.R).

test_that("a run's data are its end task's artifacts, read as R values", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path)
  run <- flow_client("PricingFlow")[["7"]]
  expect_identical(run$data$best, 0.75)
  expect_identical(run$data[["sales"]], data.frame(price = c(1.5, 2)))
  expect_setequal(names(run$data), c("best", "sales", "model"))
  expect_identical(run$end_task$id, "3")
  expect_identical(vapply(run$steps(), function(s) s$name, character(1)), c("start", "end"))
  err <- expect_error(run$data$model, class = "braid_error_artifact_language")
  expect_match(conditionMessage(err), "artifact `model` is a Python object", fixed = TRUE)
  expect_error(run$data$nope, "has no artifact `nope`", class = "braid_error_artifact_missing")
})


test_that("run$trigger is what started the run, from `braid api get FLOW/RUN`", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path)
  expect_null(flow_client("PricingFlow")[["7"]]$trigger) # no "trigger" key: a run started by hand
  answer(engine, "PricingFlow/9", list(pathspec = "PricingFlow/9", id = "9", status = "succeeded", trigger = NULL))
  expect_null(flow_client("PricingFlow")[["9"]]$trigger)
  answer(engine, "PricingFlow/10", list(pathspec = "PricingFlow/10", id = "10", status = "running", trigger = list(
    type = "run_finished",
    events = list(list(name = "braid.run.IngestFlow.succeeded", id = 41L, timestamp = 1765190400123,
      payload = list(flow = "IngestFlow", run_id = "3", user = "ana"), flow = "IngestFlow", run_id = "3"))
  )))
  answer(engine, "IngestFlow/3", list(pathspec = "IngestFlow/3", id = "3", status = "succeeded"))
  trigger <- flow_client("PricingFlow")[["10"]]$trigger
  expect_s3_class(trigger, "braid_trigger")
  expect_identical(trigger$type, "run_finished")
  expect_identical(trigger$event$name, "braid.run.IngestFlow.succeeded")
  expect_identical(trigger$event$id, 41)
  expect_identical(trigger$event$payload$user, "ana")
  expect_identical(trigger$run$pathspec, "IngestFlow/3")
  expect_true(trigger$run$successful)
})
