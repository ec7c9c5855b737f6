artifact_file <- function(value) {
  path <- tempfile(fileext = ".arrow")
  info <- write_artifact(value, path)
  list(path = path, kind = info$kind, language = "r")
}

test_that("self reads parameters and artifacts lazily and records writes", {
  refs <- list(sales = artifact_file(data.frame(x = 1:3)), broken = list(path = "/nonexistent.arrow", kind = "table", language = "r"))
  self <- braid:::new_self("train", "F/1/train/2", refs, list(rows = 5L))
  expect_identical(self$rows, 5L)
  expect_identical(self$sales, data.frame(x = 1:3))
  expect_identical(self[["sales"]], data.frame(x = 1:3))
  self$score <- 0.5
  self[["other"]] <- NULL
  expect_identical(self$score, 0.5)
  expect_null(self$other)
  self$sales <- "replaced"
  expect_identical(self$sales, "replaced")
  expect_identical(braid:::self_ctx(self)$order, c("score", "other", "sales"))
  expect_setequal(names(self), c("score", "other", "sales", "rows", "broken"))
  expect_output(print(self), "<braid self of step train (F/1/train/2)>", fixed = TRUE)
})

test_that("mistakes with self are classed errors that name the step", {
  self <- braid:::new_self("train", "F/1/train/2", list(a = artifact_file(1)), list(rows = 5L))
  expect_snapshot(error = TRUE, {
    self$missing
    self$rows <- 1
    self$input <- 1
    self[["my.name"]] <- 1
    self$input
    self$index
  })
  err <- expect_error(self$missing, class = "braid_error_artifact_missing")
  expect_identical(err$artifact, "missing")
  expect_identical(err$step, "train")
  expect_identical(self$foreach_stack, list())
})

test_that("a failed read is marked as the input phase", {
  self <- braid:::new_self("train", "p", list(gone = list(path = "/nonexistent.arrow", kind = "table", language = "r")), list())
  err <- expect_error(self$gone, class = "braid_error_arrow")
  expect_identical(err$phase, "input")
  expect_match(conditionMessage(err), "step `train`: reading artifact `gone`:", fixed = TRUE)
})

test_that("in a foreach task, input is the item and index its position", {
  refs <- list(
    vec = artifact_file(c(10, 20, 30)),
    lst = artifact_file(list("a", list(b = 1))),
    df = artifact_file(data.frame(x = 1:3, y = c("a", "b", "c")))
  )
  item <- function(artifact, index) {
    braid:::new_self("w", "p", refs, list(), list(artifact = artifact, index = index, stack = list(list(step = "s"))))
  }
  expect_identical(item("vec", 2L)$input, 30)
  expect_identical(item("vec", 2L)$index, 2L)
  expect_identical(item("lst", 1L)$input, list(b = 1))
  expect_identical(item("df", 1L)$input, data.frame(x = 2L, y = "b", row.names = 2L))
  expect_identical(item("vec", 0L)$foreach_stack, list(list(step = "s")))
})

test_that("foreach counts items of vectors, lists and frames", {
  expect_identical(braid:::foreach_count(1:4), 4L)
  expect_identical(braid:::foreach_count(list(1, 2)), 2L)
  expect_identical(braid:::foreach_count(data.frame(x = 1:3)), 3L)
  expect_identical(braid:::foreach_count(mean), NA_integer_)
})

test_that("a join's inputs are read-only and named by step for a branch", {
  inputs <- list(
    list(step = "a", pathspec = "F/1/a/1", artifacts = list(y = artifact_file(1))),
    list(step = "b", pathspec = "F/1/b/2", artifacts = list(y = artifact_file(2)))
  )
  built <- braid:::new_inputs(inputs, list(rows = 1L))
  expect_named(built, c("a", "b"))
  expect_identical(built$b$y, 2)
  expect_identical(built$a$rows, 1L)
  expect_identical(vapply(built, function(i) i$y, numeric(1)), c(a = 1, b = 2))
  expect_error(built$a$y <- 3, "the inputs of join `a` are read-only", class = "braid_error_step")
  foreach <- braid:::new_inputs(list(inputs[[1]], inputs[[1]]), list())
  expect_null(names(foreach))
})
