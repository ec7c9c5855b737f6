# One engine call per collection, answers of finished runs kept, pages of
# runs, tags, end tasks of a page, linked tasks (client_query.R and the
# client objects built on it); fixtures in helper-client.R.

test_that("a step's tasks come in one call, and a finished run's answers are kept", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path, BRAID_USER = "ana")
  engine_calls(engine)
  run <- run_client("PricingFlow/7")
  tasks <- run$step("train")$tasks()
  expect_identical(vapply(tasks, function(t) t$id, ""), c("5", "6"))
  expect_identical(vapply(tasks, function(t) t$status, ""), c("succeeded", "failed"))
  expect_identical(engine_calls(engine), "api get PricingFlow/7/train --namespace user:ana")
  # Read again, and each task alone: nothing asks the engine.
  run_client("PricingFlow", 7)[["train"]]$tasks()
  expect_identical(braid:::new_task("PricingFlow/7/train/6")$status, "failed")
  expect_identical(engine_calls(engine), character())
  clear_cache()
  run_client("PricingFlow/7")[["train"]]
  expect_length(engine_calls(engine), 1L)
})

test_that("answers under a running run are read again each time", {
  clear_cache()
  engine <- fake_engine()
  local_env(BRAID_BIN = engine$path, BRAID_USER = "ana")
  answer(engine, "LiveFlow/1/work", list(pathspec = "LiveFlow/1/work", name = "work", status = "running",
    run_status = "running", tasks = list()))
  run_client("LiveFlow/1")[["work"]]
  run_client("LiveFlow/1")[["work"]]
  expect_length(engine_calls(engine), 2L)
})

test_that("runs come in growing pages, filtered by tags", {
  clear_cache()
  engine <- fake_engine()
  local_env(BRAID_BIN = engine$path, BRAID_USER = "ana")
  answer_call(engine, c("api", "get", "ManyFlow", "--limit", "100"),
    list(flow = "ManyFlow", runs = lapply(250:151, function(i) page_run("ManyFlow", i)), has_more = TRUE))
  answer_call(engine, c("api", "get", "ManyFlow", "--limit", "1000", "--before", "151"),
    list(flow = "ManyFlow", runs = lapply(150:1, function(i) page_run("ManyFlow", i)), has_more = FALSE))
  answer_call(engine, c("api", "get", "ManyFlow", "--limit", "100", "--tag=nightly", "--tag=gpu"),
    list(flow = "ManyFlow", runs = list(page_run("ManyFlow", 200, list("nightly", "gpu"))), has_more = FALSE))
  flow <- flow_client("ManyFlow")
  expect_output(print(flow), "<braid flow ManyFlow: 100+ runs", fixed = TRUE)
  runs <- flow$runs()
  expect_identical(vapply(runs, function(r) r$id, ""), as.character(250:1))
  expect_identical(engine_calls(engine), c(
    "api get ManyFlow --limit 100 --namespace user:ana",
    "api get ManyFlow --limit 1000 --before 151 --namespace user:ana"
  ))
  tagged <- flow$runs("nightly", "gpu")
  expect_identical(tagged[[1]]$tags, c("nightly", "gpu"))
  expect_identical(tagged[[1]]$finished_at, as.POSIXct("2026-01-02 03:05:05.5", tz = "UTC"))
  expect_identical(tagged[[1]]$duration, 60.5)
  expect_error(flow$runs(1), class = "braid_error_argument")
})

test_that("the data of a page's runs come from one call", {
  clear_cache()
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path, BRAID_USER = "ana")
  end <- jsonlite::fromJSON(file.path(engine$dir, "api", "PricingFlow_7_end_3.json"), simplifyVector = FALSE)
  answer_call(engine, c("api", "get", "SmallFlow", "--limit", "100"),
    list(flow = "SmallFlow", runs = lapply(3:1, function(i) page_run("SmallFlow", i)), has_more = FALSE))
  answer_call(engine, c("api", "get", "SmallFlow", "--limit", "3", "--before", "4", "--end-tasks"),
    list(flow = "SmallFlow", runs = lapply(3:1, function(i) c(page_run("SmallFlow", i), list(end_task_record = if (i > 1) end))),
      has_more = FALSE))
  engine_calls(engine)
  runs <- flow_client("SmallFlow")$runs()
  expect_identical(lapply(runs, function(r) r$data$best), list(0.75, 0.75, NULL))
  expect_identical(engine_calls(engine), c(
    "api get SmallFlow --limit 100 --namespace user:ana",
    "api get SmallFlow --limit 3 --before 4 --end-tasks --namespace user:ana"
  ))
})

test_that("parent and child tasks cost one call per step they sit in", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path, BRAID_USER = "ana")
  join <- list(pathspec = "PricingFlow/7/join/9", id = "9", step = "join", status = "succeeded", run_status = "succeeded",
    started_at = "2026-01-02T03:04:06Z", finished_at = "2026-01-02T03:04:08.5Z",
    parent_tasks = list("PricingFlow/7/train/5", "PricingFlow/7/train/6"), child_tasks = list("PricingFlow/7/end/3"),
    attempts = list(), artifacts = list())
  answer(engine, "PricingFlow/7/join/9", join)
  task <- braid:::new_task("PricingFlow/7/join/9")
  engine_calls(engine)
  parents <- task$parent_tasks
  expect_identical(vapply(parents, function(t) t$pathspec, ""), c("PricingFlow/7/train/5", "PricingFlow/7/train/6"))
  expect_identical(engine_calls(engine), "api get PricingFlow/7/train --namespace user:ana")
  expect_identical(task$child_tasks[[1]]$pathspec, "PricingFlow/7/end/3")
  expect_identical(task$duration, 2.5)
  expect_identical(task$finished_at, as.POSIXct("2026-01-02 03:04:08.5", tz = "UTC"))
})

test_that("artifacts carry their sha; a step has any one task and its times", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path, BRAID_USER = "ana")
  run <- run_client("PricingFlow/7")
  expect_identical(run$end_task$artifacts$best$sha, "ab12")
  step <- run[["train"]]
  expect_identical(step$task$id, "5")
  expect_identical(step$finished_at, as.POSIXct("2026-01-02 03:04:07", tz = "UTC"))
  expect_error(run_client("no-slash"), class = "braid_error_argument")
  expect_error(step[["99"]], "PricingFlow/7/train/99 not found", class = "braid_error_not_found")
})

test_that("runs and tasks print a compact summary", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path)
  run <- run_client("PricingFlow/7")
  expect_output(print(run), "<braid run PricingFlow/7: succeeded, 54.0 s>", fixed = TRUE)
  expect_output(print(run), "tags: nightly")
  expect_output(print(run), "start succeeded     1", fixed = TRUE)
  expect_output(print(run$end_task), "sales pandas.DataFrame  table   python", fixed = TRUE)
})
