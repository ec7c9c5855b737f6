capture_step_failure <- function(fn) {
  calls <- NULL
  invoke_step <- braid:::invoke_step
  self <- braid:::new_self("train", "p", list(), list())
  err <- tryCatch(
    withCallingHandlers(invoke_step(fn, self, NULL, "train"), error = function(e) calls <<- sys.calls()),
    error = function(e) e
  )
  list(error = err, calls = braid:::step_calls(calls))
}

test_that("the call stack starts at the step function and ends at the failing call", {
  dir <- new_temp_dir()
  path <- file.path(dir, "steps.R")
  writeLines(c(
    "inner <- function(x) stop('boom: ', x)",
    "outer <- function(x) inner(x + 1)",
    "train <- function(self) {",
    "  outer(1)",
    "}"
  ), path)
  env <- new.env()
  sys.source(path, envir = env, keep.source = TRUE)
  failure <- capture_step_failure(env$train)
  heads <- vapply(failure$calls, function(call) deparse(call[[1]]), character(1))
  expect_identical(heads, c("train", "outer", "inner", "stop"))
  text <- braid:::format_failure(failure$error, failure$calls, "train", env$train)
  expect_identical(strsplit(text, "\n")[[1]], c(
    "Error in inner(x + 1): boom: 2",
    "Call stack of step `train` (most recent call last):",
    "  1: train(self)  at steps.R:3",
    "  2: outer(1)  at steps.R:4",
    "  3: inner(x + 1)  at steps.R:2",
    "  4: stop(\"boom: \", x)  at steps.R:1"
  ))
})

test_that("errors from R internals and classed conditions are trimmed too", {
  failure <- capture_step_failure(function(self) 1 + "a")
  heads <- vapply(failure$calls, function(call) deparse(call[[1]]), character(1))
  expect_identical(heads, "train")
  classed <- capture_step_failure(function(self) stop(structure(class = c("my_error", "error", "condition"), list(message = "custom", call = NULL))))
  expect_identical(vapply(classed$calls, function(call) deparse(call[[1]]), character(1)), c("train", "stop"))
  expect_identical(braid:::format_failure(classed$error, list(), "train", NULL), "Error: custom")
})
