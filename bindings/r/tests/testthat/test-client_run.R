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

