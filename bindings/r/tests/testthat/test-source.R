test_that("declaration lines come from the parse data", {
  where <- braid:::source_locations(test_path("flows", "branch_flow.R"))
  expect_identical(where$parameters, list(rows = 4L, rate = 5L, label = 6L, verbose = 7L, grid = 8L))
  expect_identical(where$steps$start[c("line", "next_line")], list(line = 9L, next_line = 11L))
  expect_identical(where$steps$gather$decorators, list(list(name = "catch", line = 25L), list(name = "timeout", line = 25L)))
  expect_identical(where$steps$b$decorators, list(list(name = "environment", line = 14L)))
})

test_that("calls without the pipe, with name =, and braid:: are found", {
  path <- tempfile(fileext = ".R")
  writeLines(c(
    "f <- braid::flow('X')",
    "f <- braid::step(f, 'start', function(self) NULL,",
    "  next_step = 'end')",
    "f <- step(flow = f, fn = function(self) NULL, name = 'end',",
    "  decorators = retry())",
    "f <- parameter(f, 'p')"
  ), path)
  where <- braid:::source_locations(path)
  expect_identical(where$steps$start$next_line, 3L)
  expect_identical(where$steps$end$line, 4L)
  expect_identical(where$steps$end$decorators, list(list(name = "retry", line = 5L)))
  expect_identical(where$parameters$p, 6L)
})

test_that("a file that does not parse gives no lines", {
  path <- tempfile(fileext = ".R")
  writeLines("step('start', function(self) {", path)
  expect_identical(braid:::source_locations(path), list(steps = list(), parameters = list()))
  expect_identical(braid:::source_locations(NA_character_), list(steps = list(), parameters = list()))
})
