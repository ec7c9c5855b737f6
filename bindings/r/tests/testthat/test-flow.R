test_that("flow names follow the class-name rule", {
  expect_s3_class(flow("My_Flow2"), "braid_flow")
  expect_error(flow("2flow"), "must be a flow name", class = "braid_error_argument")
  expect_error(flow(c("a", "b")), "`name` must be a single non-empty string", class = "braid_error_argument")
})

test_that("a flow remembers the file being sourced", {
  path <- copy_flow("branch_flow.R")
  f <- load_flow_file(path)
  expect_identical(f$file, normalizePath(path))
  expect_identical(names(f$steps), c("start", "a", "b", "fan", "work", "gather", "end"))
})

test_that("run_flow() in a worker returns the flow without running anything", {
  path <- copy_flow("branch_flow.R")
  f <- load_flow_file(path)
  withr_env <- Sys.getenv("BRAID_WORKER", unset = NA)
  Sys.setenv(BRAID_WORKER = "1", BRAID_BIN = "/nonexistent/braid")
  on.exit({
    if (is.na(withr_env)) Sys.unsetenv("BRAID_WORKER") else Sys.setenv(BRAID_WORKER = withr_env)
    Sys.unsetenv("BRAID_BIN")
  })
  expect_identical(run_flow(f, args = c("run", "--label", "x")), f)
})

test_that("Rscript flow.R with BRAID_WORKER set starts no run", {
  path <- copy_flow("branch_flow.R")
  result <- run_rscript(c(shQuote(path), "run", "--label", "x"), env = c("BRAID_WORKER=1", "BRAID_BIN=/nonexistent"))
  expect_identical(result$status, 0L)
  expect_identical(result$stdout, "")
})

test_that("a flow prints its steps and parameters", {
  f <- load_flow_file(copy_flow("branch_flow.R"))
  out <- capture.output(print(f))
  expect_match(out[[1]], "<braid flow BranchFlow>", fixed = TRUE)
  expect_true("  parameter rows (int) = 100" %in% out)
  expect_true("  step start -> a, b" %in% out)
  expect_true("  step fan -> work (foreach items, join)" %in% out)
  expect_true("  step work -> gather (python)" %in% out)
})
