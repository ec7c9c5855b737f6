# list_flows(): the flows with runs in the namespace (client_flows.R).

test_that("flows are listed as a data frame", {
  engine <- fake_engine()
  local_env(BRAID_BIN = engine$path, BRAID_USER = "ana")
  answer_call(engine, c("api", "flows"), list(flows = list(
    list(name = "AFlow", run_count = 2L, latest_run_id = "7", latest_created_at = "2026-01-02T03:04:05Z"),
    list(name = "BFlow", run_count = 1L, latest_run_id = "9", latest_created_at = "2026-01-03T00:00:00.250Z")
  )))
  flows <- list_flows()
  expect_identical(flows$name, c("AFlow", "BFlow"))
  expect_identical(flows$run_count, c(2L, 1L))
  expect_identical(flows$latest_run_id, c("7", "9"))
  expect_equal(flows$latest_created_at, as.POSIXct(c("2026-01-02 03:04:05", "2026-01-03 00:00:00.25"), tz = "UTC"))
  expect_identical(engine_args(engine), c("api", "flows", "--namespace", "user:ana"))
  answer_call(engine, c("api", "flows"), list(flows = list()))
  expect_identical(nrow(list_flows()), 0L)
})
