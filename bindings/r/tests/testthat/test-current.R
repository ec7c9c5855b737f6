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
