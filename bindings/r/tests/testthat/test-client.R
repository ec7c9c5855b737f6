# The client API against a fake engine that answers `braid api get` from JSON
# files shaped as docs/client-api.md says, with artifact files written here.

answer <- function(engine, pathspec, value) {
  path <- file.path(engine$dir, "api", paste0(gsub("/", "_", pathspec, fixed = TRUE), ".json"))
  writeLines(jsonlite::toJSON(value, auto_unbox = TRUE, null = "null", digits = NA), path)
}

store_with_runs <- function() {
  engine <- fake_engine()
  store <- new_temp_dir("store-")
  best <- file.path(store, "best.arrow")
  write_artifact(0.75, best)
  sales <- file.path(store, "sales.arrow")
  write_artifact(data.frame(price = c(1.5, 2)), sales)
  model <- file.path(store, "model.arrow")
  braid:::write_arrow_file(model, list(braid:::arrow_column(list(as.raw(1:4)), "value")), 1L,
    list(braid = '{"version":1,"kind":"pickle","language":"python","type_name":"sklearn.Linear"}'))
  log <- file.path(store, "0.stdout")
  writeLines(c("best 0.75", "done"), log)
  run_summary <- function(id, status) {
    list(pathspec = paste0("PricingFlow/", id), flow = "PricingFlow", id = id, status = status, user = "ana",
      created_at = "2026-01-02T03:04:05Z", started_at = "2026-01-02T03:04:06Z", finished_at = "2026-01-02T03:05:00Z",
      user_tags = list("nightly"), system_tags = list("user:ana"), parameters = list(rows = 500L), origin_run_id = NULL)
  }
  answer(engine, "PricingFlow", list(flow = "PricingFlow", runs = list(run_summary("8", "failed"), run_summary("7", "succeeded"))))
  run7 <- c(run_summary("7", "succeeded"), list(
    steps = list(list(name = "start", status = "succeeded", task_count = 1L), list(name = "end", status = "succeeded", task_count = 1L)),
    end_task = "PricingFlow/7/end/3"
  ))
  answer(engine, "PricingFlow/7", run7)
  task <- function(step, id, artifacts, status = "succeeded", failure = NULL, stack = list()) {
    list(pathspec = sprintf("PricingFlow/7/%s/%s", step, id), id = id, step = step, status = status,
      started_at = "2026-01-02T03:04:06Z", finished_at = "2026-01-02T03:04:07Z", foreach_stack = stack, parents = list(),
      attempts = list(list(attempt = 0L, status = status, started_at = NULL, finished_at = NULL, exit_status = 0L, signal = NULL, failure = failure)),
      artifacts = artifacts, stdout_path = log, stderr_path = file.path(store, "missing.stderr"))
  }
  record <- function(name, path, kind, language, type) list(name = name, path = path, kind = kind, language = language, type_name = type, size = 100L, object = "ab12")
  answer(engine, "PricingFlow/7/end", list(pathspec = "PricingFlow/7/end", name = "end", status = "succeeded",
    tasks = list(list(pathspec = "PricingFlow/7/end/3", id = "3", status = "succeeded"))))
  answer(engine, "PricingFlow/7/end/3", task("end", "3", list(
    record("best", best, "scalar", "r", "double"), record("sales", sales, "table", "python", "pandas.DataFrame"),
    record("model", model, "pickle", "python", "sklearn.Linear")
  )))
  answer(engine, "PricingFlow/7/start", list(pathspec = "PricingFlow/7/start", name = "start", status = "succeeded", tasks = list()))
  answer(engine, "PricingFlow/7/train", list(pathspec = "PricingFlow/7/train", name = "train", status = "failed",
    tasks = list(list(pathspec = "PricingFlow/7/train/5", id = "5"), list(pathspec = "PricingFlow/7/train/6", id = "6"))))
  answer(engine, "PricingFlow/7/train/5", task("train", "5", list(), stack = list(list(step = "fit", artifact = "grid", index = 0L, count = 2L))))
  answer(engine, "PricingFlow/7/train/6", task("train", "6", list(), status = "failed",
    failure = list(kind = "step", message = "boom", type = "simpleError", traceback = "Error: boom"),
    stack = list(list(step = "fit", artifact = "grid", index = 1L, count = 2L))))
  engine
}

test_that("a flow's runs, newest first, and the latest (successful) one", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path, BRAID_USER = "ana")
  f <- flow_client("PricingFlow")
  expect_identical(f$name, "PricingFlow")
  expect_identical(vapply(f$runs(), function(r) r$id, character(1)), c("8", "7"))
  expect_identical(f$latest_run$id, "8")
  expect_false(f$latest_run$successful)
  expect_true(f$latest_run$finished)
  run <- f$latest_successful_run
  expect_identical(run$pathspec, "PricingFlow/7")
  expect_identical(run$parameters, list(rows = 500L))
  expect_identical(run$tags, c("nightly", "user:ana"))
  expect_identical(run$created_at, as.POSIXct("2026-01-02 03:04:05", tz = "UTC"))
  expect_identical(engine_args(engine), c("api", "get", "PricingFlow", "--namespace", "user:ana"))
  expect_output(print(f), "<braid flow PricingFlow: 2 runs in namespace user:ana>", fixed = TRUE)
})

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

test_that("namespaces choose which runs are seen", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path, BRAID_USER = "ana")
  on.exit(namespace(default_namespace()), add = TRUE)
  expect_identical(default_namespace(), "user:ana")
  namespace(NULL)
  expect_null(get_namespace())
  flow_client("PricingFlow")
  expect_identical(engine_args(engine), c("api", "get", "PricingFlow", "--all"))
  namespace("user:bo")
  expect_identical(get_namespace(), "user:bo")
  flow_client("PricingFlow")
  expect_identical(engine_args(engine), c("api", "get", "PricingFlow", "--namespace", "user:bo"))
})

test_that("unknown flows, runs and fields are classed errors", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path)
  err <- expect_error(flow_client("NoSuchFlow"), class = "braid_error_not_found")
  expect_identical(conditionMessage(err), "NoSuchFlow not found")
  expect_error(flow_client("PricingFlow")[["99"]]$status, "PricingFlow/99 not found", class = "braid_error_not_found")
  expect_error(flow_client("PricingFlow")$nope, "a flow client has no field `nope`", class = "braid_error_argument")
  expect_error(artifact("x", "y"), class = "braid_error_argument")
})

test_that("an engine that answers something other than JSON is an engine error", {
  engine <- fake_engine()
  writeLines("not json at all", file.path(engine$dir, "api", "Broken.json"))
  local_env(BRAID_BIN = engine$path)
  expect_error(flow_client("Broken"), "something that is not JSON", class = "braid_error_engine")
})
