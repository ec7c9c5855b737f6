test_that("decorators fill in their defaults as the Python client does", {
  expect_identical(retry()$args, list(times = 3L, minutes_between_retries = 2))
  expect_identical(catch()$args, list(var = NULL, print_exception = TRUE))
  expect_identical(timeout(minutes = 5)$args, list(seconds = 0, minutes = 5, hours = 0))
  expect_identical(resources(cpu = 2)$args, list(cpu = 2, memory = NULL, gpu = 0L))
  expect_identical(decorator("retry", times = 1)$args$times, 1L)
  expect_identical(decorator("environment", vars = list(A = "1"))$args, list(vars = list(A = "1")))
  expect_identical(decorator("environment")$args, list(vars = structure(list(), names = character())))
})

test_that("decorator arguments are checked", {
  expect_snapshot(error = TRUE, {
    decorator("retries", times = 2)
    decorator("retry", 2)
    decorator("retry", tims = 2)
    retry(times = -1)
    retry(times = "2")
    timeout()
    resources(cpu = 0)
    resources(memory = 1.5)
    catch(var = "my var")
    decorator("environment", vars = list(A = 1))
    decorator("environment", vars = list("x"))
  })
})

test_that("a step takes one decorator or a list, each kind once", {
  f <- braid:::new_flow("F", NA_character_)
  expect_length(step(f, "s", function(self) NULL, decorators = retry())$steps$s$decorators, 1L)
  expect_length(step(f, "s", function(self) NULL, decorators = list(retry(), timeout(hours = 1)))$steps$s$decorators, 2L)
  expect_error(step(f, "s", function(self) NULL, decorators = list(retry(), retry(times = 1))), "decorator `retry` twice", class = "braid_error_flow")
})

test_that("decorators print their arguments", {
  expect_output(print(retry(times = 2)), "<braid decorator retry> {\"times\":2,\"minutes_between_retries\":2}", fixed = TRUE)
})
