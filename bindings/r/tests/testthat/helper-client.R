# The client API tests run against a fake engine that answers `braid api get` from JSON
# files shaped as docs/client-api.md says, with artifact files written here.

answer <- function(engine, pathspec, value) {
  path <- file.path(engine$dir, "api", paste0(gsub("/", "_", pathspec, fixed = TRUE), ".json"))
  writeLines(jsonlite::toJSON(value, auto_unbox = TRUE, null = "null", digits = NA), path)
}

store_with_runs <- function() {
  clear_cache() # answers of finished runs are kept for the session; each test starts afresh
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
    list(pathspec = sprintf("PricingFlow/7/%s/%s", step, id), id = id, step = step, status = status, run_status = "succeeded",
      started_at = "2026-01-02T03:04:06Z", finished_at = "2026-01-02T03:04:07Z", foreach_stack = stack, parents = list(),
      attempts = list(list(attempt = 0L, status = status, started_at = NULL, finished_at = NULL, exit_status = 0L, signal = NULL, failure = failure)),
      artifacts = artifacts, stdout_path = log, stderr_path = file.path(store, "missing.stderr"))
  }
  record <- function(name, path, kind, language, type) list(name = name, path = path, kind = kind, language = language, type_name = type, size = 100L, object = "ab12")
  # A step's answer holds its tasks whole, each also answered alone (docs/client-api.md).
  step <- function(name, status, tasks) {
    for (t in tasks) answer(engine, t$pathspec, t)
    answer(engine, paste0("PricingFlow/7/", name), list(pathspec = paste0("PricingFlow/7/", name), name = name,
      status = status, run_status = "succeeded", tasks = tasks))
  }
  step("end", "succeeded", list(task("end", "3", list(
    record("best", best, "scalar", "r", "double"), record("sales", sales, "table", "python", "pandas.DataFrame"),
    record("model", model, "pickle", "python", "sklearn.Linear")
  ))))
  step("start", "succeeded", list())
  step("train", "failed", list(
    task("train", "5", list(), stack = list(list(step = "fit", artifact = "grid", index = 0L, count = 2L))),
    task("train", "6", list(), status = "failed",
      failure = list(kind = "step", message = "boom", type = "simpleError", traceback = "Error: boom"),
      stack = list(list(step = "fit", artifact = "grid", index = 1L, count = 2L)))
  ))
  engine
}


#' Answers one exact engine call (its arguments before the namespace options).
answer_call <- function(engine, args, value) {
  key <- gsub("/", "_", paste0(args, "_", collapse = ""), fixed = TRUE)
  writeLines(jsonlite::toJSON(value, auto_unbox = TRUE, null = "null", digits = NA),
    file.path(engine$dir, "api", paste0("call_", key, ".json")))
}

#' A run summary of flow `flow` as a page of runs lists it.
page_run <- function(flow, id, tags = list(), status = "succeeded") {
  list(pathspec = paste0(flow, "/", id), flow = flow, id = as.character(id), status = status, user = "ana",
    created_at = "2026-01-02T03:04:05Z", started_at = "2026-01-02T03:04:05Z", finished_at = "2026-01-02T03:05:05.5Z",
    user_tags = tags, system_tags = list("user:ana"), origin_run_id = NULL, code_hash = NULL)
}
