ref <- function(value) {
  path <- tempfile(fileext = ".arrow")
  info <- write_artifact(value, path)
  list(path = path, kind = info$kind, language = "r")
}

join_of <- function(...) {
  inputs <- lapply(list(...), function(artifacts) list(step = artifacts$.step, pathspec = "p", artifacts = artifacts[names(artifacts) != ".step"]))
  list(
    self = braid:::new_self("join", "F/1/join/9", list(), list(rows = 1L)),
    inputs = braid:::new_inputs(inputs, list(rows = 1L))
  )
}

test_that("artifacts equal in every input are merged by reference", {
  shared <- ref("same")
  j <- join_of(list(.step = "a", shared = shared, only_a = ref(1)), list(.step = "b", shared = shared))
  merge_artifacts(j$self, j$inputs)
  ctx <- braid:::self_ctx(j$self)
  expect_identical(ctx$merged$shared, shared)
  expect_identical(j$self$shared, "same")
  expect_identical(j$self$only_a, 1)
  expect_identical(ctx$order, character())
})

test_that("conflicts are reported together unless excluded or already set", {
  j <- join_of(list(.step = "a", x = ref(1), y = ref(1)), list(.step = "b", x = ref(2), y = ref(3)))
  err <- expect_error(merge_artifacts(j$self, j$inputs), class = "braid_error_merge")
  expect_match(conditionMessage(err), "join `join`: merge_artifacts() found different values for `x` (from a and b) and `y` (from a and b)", fixed = TRUE)
  expect_null(braid:::self_ctx(j$self)$merged$x)
  merge_artifacts(j$self, j$inputs, exclude = c("x", "y"))
  expect_error(j$self$x, class = "braid_error_artifact_missing")
  j$self$y <- 0
  expect_silent(merge_artifacts(j$self, j$inputs, exclude = "x"))
  expect_identical(j$self$y, 0)
})

test_that("include picks artifacts and must name existing ones", {
  j <- join_of(list(.step = "a", x = ref(1), y = ref(1)), list(.step = "b", x = ref(2)))
  merge_artifacts(j$self, j$inputs, include = "y")
  expect_identical(j$self$y, 1)
  expect_error(merge_artifacts(j$self, j$inputs, include = "zz"), "include `zz`, which no input has", class = "braid_error_artifact_missing")
  expect_error(merge_artifacts(1, j$inputs), class = "braid_error_argument")
})
