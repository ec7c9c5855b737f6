test_that("steps are added in declaration order with their transitions", {
  f <- braid:::new_flow("F", NA_character_) |>
    step("start", function(self) NULL, next_step = c("a", "b")) |>
    step("a", function(self) NULL, next_step = "j", foreach = "items") |>
    step("j", function(self, inputs) NULL, join = TRUE)
  expect_identical(names(f$steps), c("start", "a", "j"))
  expect_identical(f$steps$start$next_steps, c("a", "b"))
  expect_identical(f$steps$a$foreach, "items")
  expect_true(f$steps$j$join)
  expect_identical(f$steps$start$language, "r")
})

test_that("step arguments are checked, naming the argument", {
  f <- braid:::new_flow("F", NA_character_)
  expect_snapshot(error = TRUE, {
    step(f, "Start", function(self) NULL)
    step(f, "start", "not a function")
    step(f, "start", function(self) NULL, next_step = 1)
    step(f, "start", function(self) NULL, foreach = "my-items")
    step(f, "start", function(self) NULL, join = NA)
    step(f, "start", function(self) NULL, decorators = "retry")
    step(f, "j", function(self) NULL, join = TRUE)
    step(f, "j", function(self, inputs) NULL)
    step("start", function(self) NULL)
  })
})

test_that("a step name can be used once", {
  f <- braid:::new_flow("F", NA_character_) |> step("start", function(self) NULL)
  expect_error(step(f, "start", function(self) NULL), "already has a step named `start`", class = "braid_error_flow")
})

test_that("functions taking ... fit any step", {
  f <- braid:::new_flow("F", NA_character_) |> step("j", function(...) NULL, join = TRUE)
  expect_true(f$steps$j$join)
})

test_that("py_step() resolves the Python file beside the flow file", {
  dir <- new_temp_dir()
  writeLines("def fit(self): pass", file.path(dir, "fit.py"))
  f <- braid:::new_flow("F", file.path(dir, "flow.R")) |> py_step("fit", file = "fit.py", fn = "fit", next_step = "end")
  expect_identical(f$steps$fit$file, normalizePath(file.path(dir, "fit.py")))
  expect_identical(f$steps$fit$language, "python")
  expect_identical(f$steps$fit$function_name, "fit")
  expect_error(
    braid:::new_flow("F", file.path(dir, "flow.R")) |> py_step("fit", file = "nope.py", fn = "fit"),
    "Python file nope.py not found", class = "braid_error_flow"
  )
  expect_error(
    braid:::new_flow("F", file.path(dir, "flow.R")) |> py_step("fit", file = "fit.py", fn = "my.fit"),
    "`fn` must name a Python function", class = "braid_error_argument"
  )
})
