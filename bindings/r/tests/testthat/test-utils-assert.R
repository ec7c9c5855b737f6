test_that("assertions name the argument and say what they got", {
  f <- function(size, label) {
    braid:::assert_count(size)
    braid:::assert_string(label)
  }
  expect_snapshot(error = TRUE, {
    f(-1, "x")
    f(2, NA)
    f(2, c("a", "b"))
    f(2, list())
    braid:::assert_step_name("Bad-Name", "name")
    braid:::assert_flag("yes", "verbose")
    braid:::assert_number(Inf, "rate")
  })
  expect_error(f(1.5, "x"), class = "braid_error_argument")
  expect_identical(tryCatch(f(1.5, "x"), error = function(e) e$argument), "size")
})

test_that("step and artifact names follow their rules", {
  expect_true(braid:::is_step_name("train_2"))
  expect_false(braid:::is_step_name("2train"))
  expect_false(braid:::is_step_name(strrep("a", 65)))
  expect_true(braid:::is_identifier("Sales_2024"))
  expect_false(braid:::is_identifier("my.data"))
})

test_that("values are described for messages", {
  expect_identical(braid:::describe_value(NULL), "NULL")
  expect_identical(braid:::describe_value(1:3), "a numeric vector of length 3")
  expect_identical(braid:::describe_value("x"), "a character value (\"x\")")
  expect_identical(braid:::describe_value(data.frame()), "a data frame")
  expect_identical(braid:::describe_value(quote(x)), "an object of class name")
})
