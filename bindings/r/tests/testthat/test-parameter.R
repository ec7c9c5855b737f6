test_that("parameter types are inferred from the default", {
  f <- braid:::new_flow("F", NA_character_) |>
    parameter("n", default = 10L) |>
    parameter("rate", default = 1) |>
    parameter("label", type = "str", default = "x", help = "a label") |>
    parameter("flag", default = TRUE) |>
    parameter("grid", default = list(1, 2)) |>
    parameter("free")
  types <- vapply(f$parameters, `[[`, character(1), "type")
  expect_identical(types, c(n = "int", rate = "float", label = "str", flag = "bool", grid = "json", free = "str"))
  expect_null(f$parameters$free$default)
  expect_identical(f$parameters$rate$default, 1)
})

test_that("defaults are checked and coerced to the declared type", {
  f <- braid:::new_flow("F", NA_character_)
  expect_identical(parameter(f, "n", default = 5, type = "int")$parameters$n$default, 5L)
  expect_identical(parameter(f, "x", default = 5L, type = "float")$parameters$x$default, 5)
  expect_identical(parameter(f, "j", default = "[1, 2]", type = "json")$parameters$j$default, list(1L, 2L))
  expect_snapshot(error = TRUE, {
    parameter(f, "n", default = 1.5, type = "int")
    parameter(f, "n", default = "x", type = "bool")
    parameter(f, "n", type = "integer")
    parameter(f, "n", default = list(NaN))
    parameter(f, "n", default = mean)
    parameter(f, "my-param")
    parameter(f, "input")
    parameter(f, "max_workers")
  })
})

test_that("names are unique among parameters and steps", {
  f <- braid:::new_flow("F", NA_character_) |> parameter("rows") |> step("start", function(self) NULL)
  expect_error(parameter(f, "rows"), "already has a parameter or step named `rows`", class = "braid_error_flow")
  expect_error(parameter(f, "start"), class = "braid_error_flow")
  expect_error(step(f, "rows", function(self) NULL), "has the name of a parameter", class = "braid_error_flow")
})

test_that("engine values become the declared R types", {
  expect_identical(braid:::parameter_value(5L, "float"), 5)
  expect_identical(braid:::parameter_value(5, "int"), 5L)
  expect_identical(braid:::parameter_value(2^40, "int"), 2^40)
  expect_identical(braid:::parameter_value(list(1L), "json"), list(1L))
  expect_null(braid:::parameter_value(NULL, "int"))
})
