# Tasks, their artifacts, logs and failures (client_task.R).

test_that("steps list their tasks; tasks have logs, status, index and exception", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path)
  run <- flow_client("PricingFlow")$run("7")
  train <- run$step("train")
  expect_identical(train$status, "failed")
  tasks <- train$tasks()
  expect_length(tasks, 2L)
  expect_identical(vapply(tasks, function(t) t$index, integer(1)), 0:1)
  expect_null(tasks[[1]]$exception)
  failed <- tasks[[2]]
  expect_false(failed$successful)
  expect_identical(failed$exception$message, "boom")
  expect_output(print(failed$exception), "<braid task failure (step)> simpleError: boom", fixed = TRUE)
  end <- run[["end"]]$task
  expect_identical(end$stdout, "best 0.75\ndone")
  expect_identical(end$stderr, "")
  expect_identical(artifact(end, "best"), 0.75)
  expect_identical(end$artifacts$sales$language, "python")
  expect_identical(run[["end"]][["3"]]$pathspec, "PricingFlow/7/end/3")
})

