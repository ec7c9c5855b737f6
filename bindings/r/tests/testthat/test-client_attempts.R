# A task's attempts as a data frame (client_attempts.R).

test_that("attempts come as one row each, with how they ended and why they failed", {
  records <- list(
    list(attempt = 0L, status = "failed", started_at = "2026-01-02T03:04:05.000Z", finished_at = "2026-01-02T03:04:06.500Z",
      duration = 1.5, exit_status = NULL, signal = 9L, signal_name = "SIGKILL", pid = 10L,
      failure = list(kind = "crashed", message = "the worker was killed by signal 9 (SIGKILL)", type = NULL, traceback = NULL),
      stdout_path = "/l/0.stdout", stderr_path = "/l/0.stderr"),
    list(attempt = 1L, status = "running", started_at = "2026-01-02T03:04:07Z", finished_at = NULL, duration = NULL,
      exit_status = NULL, signal = NULL, signal_name = NULL, pid = 11L, failure = NULL,
      stdout_path = "/l/1.stdout", stderr_path = "/l/1.stderr")
  )
  frame <- attempts_frame(records)
  expect_identical(frame$attempt, 0:1)
  expect_identical(frame$status, c("failed", "running"))
  expect_identical(frame$duration, c(1.5, NA))
  expect_identical(frame$exit_status, c(NA_integer_, NA_integer_))
  expect_identical(frame$signal, c(9L, NA))
  expect_identical(frame$signal_name, c("SIGKILL", NA))
  expect_identical(frame$error, c("the worker was killed by signal 9 (SIGKILL)", NA))
  expect_identical(frame$error_type, c(NA_character_, NA_character_))
  expect_identical(format(frame$started_at, "%H:%M:%S", tz = "UTC"), c("03:04:05", "03:04:07"))
  expect_true(is.na(frame$finished_at[2]))
  expect_identical(frame$stderr_path, c("/l/0.stderr", "/l/1.stderr"))
})

test_that("a task's $attempts is that data frame", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path)
  failed <- flow_client("PricingFlow")$run("7")$step("train")$tasks()[[2]]
  expect_s3_class(failed$attempts, "data.frame")
  expect_identical(failed$attempts$error, "boom")
  expect_identical(failed$attempts$error_type, "simpleError")
  expect_identical(failed$attempts$exit_status, 0L)
})
