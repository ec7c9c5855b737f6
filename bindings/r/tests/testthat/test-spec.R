spec_of <- function(name) {
  path <- copy_flow(name)
  list(flow = load_flow_file(path), dir = dirname(path))
}

test_that("a flow with branches, foreach, joins, a Python step, decorators and parameters has the exact spec", {
  loaded <- spec_of("branch_flow.R")
  text <- redact_paths(flow_spec_json(loaded$flow), loaded$dir)
  expected <- paste(readLines(fixture("branch_flow.spec.json")), collapse = "\n")
  expect_identical(sub("\n$", "", text), expected)
})

test_that("the spec has the documented keys, in the Python client's order", {
  spec <- flow_spec(spec_of("branch_flow.R")$flow)
  expect_identical(names(spec), c("spec_version", "flow", "language", "file", "interpreters", "parameters", "steps"))
  expect_identical(names(spec$steps[[1]]), c(
    "name", "language", "file", "function", "line", "next", "next_line", "foreach", "join", "decorators"
  ))
  expect_identical(names(spec$parameters[[1]]), c("name", "type", "default", "help", "required", "line"))
  expect_false("default" %in% names(spec$parameters[[3]]))
  expect_identical(spec$interpreters$r, normalizePath(file.path(R.home("bin"), "Rscript")))
  expect_true(file.exists(spec$steps[[5]]$file))
  expect_identical(spec$steps[[5]][c("language", "function")], list(language = "python", "function" = "fit"))
})

test_that("the spec parses as the JSON the engine expects", {
  spec <- jsonlite::fromJSON(flow_spec_json(spec_of("branch_flow.R")$flow), simplifyVector = FALSE)
  start <- spec$steps[[1]]
  expect_identical(start$`next`, list("a", "b"))
  expect_null(start$foreach)
  end <- spec$steps[[7]]
  expect_identical(end$`next`, list())
  expect_null(end$next_line)
  work <- spec$steps[[5]]
  expect_identical(work$decorators[[1]], list(name = "retry", args = list(times = 2L, minutes_between_retries = 2), line = 19L))
  expect_identical(work$decorators[[2]]$args, list(cpu = 2, memory = 4096L, gpu = 0L))
  b <- spec$steps[[3]]
  expect_identical(b$decorators[[1]]$args, list(vars = list(OMP_NUM_THREADS = "1")))
  gather <- spec$steps[[6]]
  expect_identical(gather$decorators[[1]]$args, list(var = "failure", print_exception = TRUE))
  expect_identical(spec$parameters[[2]]$default, 0.5)
  expect_identical(spec$parameters[[5]]$default, list(1, 2.5, "x"))
})

test_that("a flow typed at the console has no file, and no spec", {
  f <- braid:::new_flow("Console", NA_character_) |> step("start", function(self) NULL)
  expect_error(flow_spec(f), "was not declared in a file", class = "braid_error_flow")
})

test_that("lines are null when the file cannot be parsed for them", {
  dir <- new_temp_dir()
  path <- file.path(dir, "generated.R")
  writeLines(c(
    "library(braid)",
    "steps <- c('start', 'end')",
    "f <- flow('Generated')",
    "for (s in steps) f <- step(f, s, function(self) NULL, next_step = if (s == 'start') 'end')",
    "run_flow(f)"
  ), path)
  spec <- flow_spec(load_flow_file(path))
  expect_identical(spec$steps[[1]]$line, NA_integer_)
  expect_match(flow_spec_json(load_flow_file(path)), "\"line\": null", fixed = TRUE)
})

test_that("the installed example flow builds its spec, with its Python step beside it", {
  path <- system.file("examples", "pricing.R", package = "braid")
  skip_if(!nzchar(path), "examples not installed")
  spec <- flow_spec(load_flow_file(path))
  expect_identical(vapply(spec$steps, `[[`, character(1), "name"), c("start", "fit", "train", "join", "end"))
  expect_identical(spec$steps[[2]]$file, normalizePath(file.path(dirname(path), "fit.py")))
  expect_identical(spec$steps[[2]]$foreach, "grid")
  expect_identical(vapply(spec$steps[[3]]$decorators, `[[`, character(1), "name"), c("retry", "timeout"))
})
