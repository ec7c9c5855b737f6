test_that("braid errors carry their classes and fields", {
  err <- tryCatch(braid:::braid_abort("it broke.", "braid_error_flow", step = "s"), error = function(e) e)
  expect_identical(class(err), c("braid_error_flow", "braid_error", "error", "condition"))
  expect_identical(err$step, "s")
  expect_identical(conditionMessage(err), "it broke.")
  expect_null(conditionCall(err))
  expect_warning(braid:::braid_warn("careful", "braid_warning_precision"), class = "braid_warning")
})

test_that("lists of names read as English", {
  expect_identical(braid:::enumerate(character()), "none")
  expect_identical(braid:::enumerate("a"), "`a`")
  expect_identical(braid:::enumerate(c("a", "b", "c"), quote = FALSE), "a, b and c")
  expect_identical(braid:::enumerate(c("a", "b"), last = "or"), "`a` or `b`")
})
