# The worker end to end: a real `Rscript -e 'braid:::worker_main()'` process
# with fd 3 and fd 4 on named pipes, this test playing the engine.

worker_flow <- function() copy_flow("worker_flow.R")

test_that("the worker says hello, runs tasks of a flow, and exits at end of file", {
  flow_file <- worker_flow()
  worker <- start_worker()
  hello <- read_worker_message(worker)
  time_to_hello <- as.numeric(difftime(Sys.time(), worker$started, units = "secs"))
  message(sprintf("worker time to hello: %.2f s", time_to_hello))
  expect_identical(hello[c("type", "protocol", "language")], list(type = "hello", protocol = 1L, language = "r"))
  expect_true(is.numeric(hello$pid))

  # start: sets artifacts, prints, fans out over `items`
  start <- run_worker_task(worker, task_message(flow_file, "start"))
  expect_identical(message_types(start), c("artifact", "artifact", "artifact", "next", "done"))
  expect_identical(vapply(start[1:3], `[[`, character(1), "name"), c("items", "frame", "info"))
  expect_identical(start[[2]][c("kind", "language", "type_name")], list(kind = "table", language = "r", type_name = "data.frame"))
  expect_identical(start[[4]], list(type = "next", steps = list("work"), foreach = "items", foreach_count = 3L))
  expect_identical(read_artifact(start[[1]]$path), c(10, 20, 300))
  expect_identical(read_artifact(start[[3]]$path), list(run = "1", step = "start", rate = 0.5))
  expect_identical(read_artifact(start[[2]]$path), data.frame(id = 1:3, name = c("a", "b", "c")))
  refs <- store_artifacts(start)

  # a foreach task reads its item and index
  work <- run_worker_task(worker, task_message(flow_file, "work", refs, foreach = list(artifact = "items", index = 1L, stack = list())))
  expect_identical(message_types(work), c("artifact", "artifact", "next", "done"))
  expect_identical(read_artifact(work[[1]]$path), 40)
  expect_identical(read_artifact(work[[2]]$path), 1L)
  expect_identical(work[[3]]$steps, list("join"))
  work_refs <- store_artifacts(work, previous = refs)
  other <- run_worker_task(worker, task_message(flow_file, "work", refs, foreach = list(artifact = "items", index = 0L, stack = list())))
  other_refs <- store_artifacts(other, previous = refs)

  # the join sees both inputs and merges what they share
  inputs <- list(
    list(step = "work", task_id = "8", pathspec = "WorkerFlow/1/work/8", index = 0L, artifacts = other_refs),
    list(step = "work", task_id = "9", pathspec = "WorkerFlow/1/work/9", index = 1L, artifacts = work_refs)
  )
  join <- run_worker_task(worker, task_message(flow_file, "join", inputs = inputs, join = TRUE))
  expect_identical(message_types(join), c("artifact", "artifact", "artifact", "artifact", "next", "done"))
  names <- vapply(join[1:4], `[[`, character(1), "name")
  expect_identical(names, c("total", "items", "frame", "info"))
  expect_identical(read_artifact(join[[1]]$path), 60)
  expect_identical(read_artifact(join[[3]]$path), data.frame(id = 1:3, name = c("a", "b", "c")))
  expect_identical(join[[3]][c("kind", "type_name")], list(kind = "table", type_name = "data.frame"))

  # end: no transition
  end <- run_worker_task(worker, task_message(flow_file, "end", store_artifacts(join)))
  expect_identical(message_types(end), "done")

  # the user's output went to fd 1 and 2, never to the protocol
  expect_match(worker_stdout(worker), "printed by start", fixed = TRUE)
  expect_match(worker_stdout(worker), "total 60", fixed = TRUE)
  expect_match(worker_stderr(worker), "a message from start", fixed = TRUE)
  expect_false(grepl("masked", worker_stderr(worker)))
  expect_identical(stop_worker(worker), 0L)
})

test_that("an R error becomes an error line with the message, the call stack and the phase", {
  flow_file <- worker_flow()
  worker <- start_worker()
  read_worker_message(worker)
  refs <- store_artifacts(run_worker_task(worker, task_message(flow_file, "start")))
  failed <- run_worker_task(worker, task_message(flow_file, "work", refs, foreach = list(artifact = "items", index = 2L, stack = list())))
  expect_identical(message_types(failed), "error")
  error <- failed[[1]]
  expect_identical(error$error_type, "simpleError")
  expect_identical(error$message, "too big: 300")
  expect_identical(error$phase, "step")
  expect_identical(strsplit(error$traceback, "\n")[[1]], c(
    "Error in double_it(self$input): too big: 300",
    "Call stack of step `work` (most recent call last):",
    "  1: work(self)  at worker_flow.R:18",
    "  2: double_it(self$input)  at worker_flow.R:19",
    "  3: stop(\"too big: \", x)  at worker_flow.R:4"
  ))
  expect_match(worker_stderr(worker), "Error in double_it(self$input): too big: 300", fixed = TRUE)
  # the worker goes on with the next task
  again <- run_worker_task(worker, task_message(flow_file, "work", refs, foreach = list(artifact = "items", index = 0L, stack = list())))
  expect_identical(message_types(again), c("artifact", "artifact", "next", "done"))
  expect_identical(stop_worker(worker), 0L)
})

test_that("failures outside the step body report their phase", {
  flow_file <- worker_flow()
  worker <- start_worker()
  read_worker_message(worker)
  load <- run_worker_task(worker, task_message(flow_file, "nope"))[[1]]
  expect_identical(load[c("type", "phase", "error_type")], list(type = "error", phase = "load", error_type = "braid_error_load"))
  expect_match(load$message, "flow WorkerFlow in .*worker_flow.R has no step `nope`")
  missing_file <- run_worker_task(worker, task_message(file.path(tempdir(), "gone.R"), "start"))[[1]]
  expect_identical(missing_file$phase, "load")

  broken <- list(items = list(path = file.path(tempdir(), "gone.arrow"), kind = "vector", language = "r"))
  input <- run_worker_task(worker, task_message(flow_file, "work", broken, foreach = list(artifact = "items", index = 0L, stack = list())))[[1]]
  expect_identical(input$phase, "input")
  expect_match(input$message, "step `work`: reading artifact `items`:", fixed = TRUE)

  transition <- run_worker_task(worker, task_message(flow_file, "bad_fanout"))
  expect_identical(message_types(transition), "error")
  expect_identical(transition[[1]]$phase, "transition")
  expect_match(transition[[1]]$message, "step `bad_fanout` fans out over `items`, which must be a vector, list or data frame", fixed = TRUE)

  persist <- run_worker_task(worker, task_message(flow_file, "bad_utf8"))[[1]]
  expect_identical(persist[c("phase", "error_type")], list(phase = "persist", error_type = "braid_error_persist"))
  expect_match(persist$message, "step `bad_utf8`: could not store artifact `text`: column `value` holds a string that is not valid UTF-8", fixed = TRUE)
  expect_identical(stop_worker(worker), 0L)
})

test_that("R steps of a Python flow are functions in a file, with the transition from the task", {
  dir <- dirname(worker_flow())
  file <- file.path(dir, "clean_functions.R")
  worker <- start_worker()
  read_worker_message(worker)
  sales_path <- file.path(dir, "sales.arrow")
  write_artifact(data.frame(price = c(1.5, 2, 3), units = c(0L, 4L, 2L)), sales_path)
  sales <- list(sales = list(path = sales_path, kind = "table", language = "python"))
  declared <- list("next" = list(steps = list("fit"), foreach = NULL))
  clean <- run_worker_task(worker, task_message(file, "clean", sales, flow = "PricingFlow", fn = "clean_sales", extra = declared))
  expect_identical(message_types(clean), c("artifact", "artifact", "next", "done"))
  expect_identical(read_artifact(clean[[1]]$path), data.frame(price = c(2, 3), units = c(4L, 2L), row.names = 2:3))
  expect_identical(read_artifact(clean[[2]]$path), 2L)
  expect_identical(clean[[3]]$steps, list("fit"))
  undeclared <- run_worker_task(worker, task_message(file, "clean", sales, flow = "PricingFlow", fn = "clean_sales"))
  expect_identical(message_types(undeclared), c("artifact", "artifact", "done"))
  wrong <- run_worker_task(worker, task_message(file, "clean", sales, flow = "PricingFlow", fn = "not_there"))[[1]]
  expect_identical(wrong$phase, "load")
  expect_match(wrong$message, "defines no function `not_there`", fixed = TRUE)
  expect_identical(stop_worker(worker), 0L)
})

test_that("a shutdown line ends the worker, and so does a garbage line not", {
  worker <- start_worker()
  read_worker_message(worker)
  send_to_worker(worker, list(type = "party"))
  unknown <- read_worker_message(worker)
  expect_identical(unknown$type, "error")
  expect_match(unknown$message, "does not know the message type \"party\"", fixed = TRUE)
  writeLines("this is not json", worker$input)
  flush(worker$input)
  expect_identical(read_worker_message(worker)$error_type, "braid_error_protocol")
  send_to_worker(worker, list(type = "shutdown"))
  expect_null(read_worker_message(worker))
  expect_identical(stop_worker(worker), 0L)
})

test_that("a step sees the task's trigger as current()$trigger", {
  flow_file <- copy_flow("trigger_flow.R")
  worker <- start_worker()
  read_worker_message(worker)
  trigger <- list(type = "run_finished", events = list(list(
    name = "braid.run.IngestFlow.succeeded", id = 17L, timestamp = 1765190400123,
    payload = list(alpha_field = 0.7, flow = "IngestFlow", run_id = "4"), flow = "IngestFlow", run_id = "4"
  )))
  task <- task_message(flow_file, "start", flow = "TriggerFlow", parameters = list(alpha = 0.5, day = NULL), extra = list(trigger = trigger))
  lines <- run_worker_task(worker, task)
  expect_identical(message_types(lines), c("artifact", "artifact", "next", "done"))
  expect_identical(read_artifact(lines[[1]]$path), c("run_finished", "braid.run.IngestFlow.succeeded", "IngestFlow/4"))
  expect_identical(read_artifact(lines[[2]]$path), 0.7)
  by_hand <- run_worker_task(worker, task_message(flow_file, "start", flow = "TriggerFlow", parameters = list(alpha = 0.5, day = NULL),
    extra = list(trigger = NULL)))
  expect_identical(message_types(by_hand), c("artifact", "artifact", "next", "done"))
  expect_null(read_artifact(by_hand[[1]]$path)) # a run started by hand: no trigger
  expect_identical(stop_worker(worker), 0L)
})
