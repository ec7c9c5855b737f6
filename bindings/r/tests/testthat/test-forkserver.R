# The R side of the fork server that runs in R: reading requests, the
# environment a forked worker takes, what the server preloads. Forking itself
# is driven end to end in e2e/test_r_forkserver.py (it needs a subreaper).

request <- function(body, fds = 11:14, truncated = FALSE) {
  list(message = charToRaw(body), fds = fds, truncated = truncated)
}

#' Runs `code` and then puts the process environment back as it was.
with_saved_environment <- function(code) {
  saved <- Sys.getenv()
  on.exit({
    extra <- setdiff(names(Sys.getenv()), names(saved))
    if (length(extra)) Sys.unsetenv(extra)
    do.call(Sys.setenv, as.list(saved))
  })
  code
}

environment_vector <- function() {
  env <- Sys.getenv()
  structure(as.vector(env), names = names(env))
}

test_that("a request is four descriptors and an object of strings under env", {
  expect_identical(fork_request_env(request('{"env": {"A": "1", "B": "\\u00e9"}}')), c(A = "1", B = "\u00e9"))
  expect_identical(fork_request_env(request('{"env": {}}')), setNames(character(), character()))
  expect_error(fork_request_env(request('{"env": {}}', fds = 5L)), "expected 4 descriptors, got 1", fixed = TRUE)
  expect_error(fork_request_env(request('{"env": {}}', truncated = TRUE)), "the request was cut short")
  expect_error(fork_request_env(request("[1, 2]")), 'a request is a JSON object with an "env" object, not [1, 2]', fixed = TRUE)
  expect_error(fork_request_env(request('{"env": ["A"]}')), 'not {"env": ["A"]}', fixed = TRUE)
  expect_error(fork_request_env(request('{"env": {"A": 1}}')), 'the value of A in "env" is not a string', fixed = TRUE)
})

test_that("the environment the server was started with is read from /proc", {
  skip_if_not(file.exists("/proc/self/environ"))
  launch <- launch_environment()
  expect_identical(launch[["PATH"]], Sys.getenv("PATH"))
  expect_false(anyNA(names(launch)))
})

test_that("a task with the server's launch environment keeps the process's, R's own variables aside", {
  with_saved_environment({
    launch <- environment_vector()
    launch["R_PAPERSIZE_USER"] <- "set before R's start"
    Sys.setenv(R_PAPERSIZE_USER = "set by etc/Renviron")
    startup <- environment_vector()
    Sys.setenv(SET_BY_THE_FLOW_FILE = "kept")
    task <- c(as.list(launch), R_HOME = "/elsewhere", R_SESSION_TMPDIR = "/tmp/not-mine")
    expect_false(adopt_environment(unlist(task), launch, startup))
    expect_identical(Sys.getenv("SET_BY_THE_FLOW_FILE"), "kept")
    expect_identical(Sys.getenv("R_HOME"), R.home())
    expect_identical(Sys.getenv("R_PAPERSIZE_USER"), "set by etc/Renviron")
  })
})

test_that("a task with variables of its own gets the server's start with its changes on top", {
  with_saved_environment({
    Sys.setenv(BRAID_TEST_OVERRIDDEN = "server", BRAID_TEST_DROPPED = "server")
    launch <- environment_vector()
    Sys.setenv(R_PAPERSIZE_USER = "set by etc/Renviron")
    startup <- environment_vector()
    Sys.setenv(SET_BY_THE_FLOW_FILE = "dropped")
    task <- c(as.list(launch), BRAID_TEST_ADDED = "task")
    task$BRAID_TEST_OVERRIDDEN <- "task"
    task$BRAID_TEST_DROPPED <- NULL
    expect_true(adopt_environment(unlist(task), launch, startup))
    expect_identical(Sys.getenv(c("BRAID_TEST_ADDED", "BRAID_TEST_OVERRIDDEN"), names = FALSE), c("task", "task"))
    expect_identical(Sys.getenv(c("SET_BY_THE_FLOW_FILE", "BRAID_TEST_DROPPED"), unset = NA, names = FALSE), c(NA_character_, NA_character_))
    expect_identical(Sys.getenv("R_PAPERSIZE_USER"), "set by etc/Renviron")
    expect_identical(Sys.getenv("R_HOME"), R.home())
  })
})

test_that("the flow file is preloaded for one task while it is unchanged", {
  dir <- new_temp_dir()
  file <- file.path(dir, "steps.R")
  writeLines(c("LOADED <- TRUE", "touch <- function(self) NULL"), file)
  on.exit(braid_state$preloaded <- NULL)
  expect_true(preload_flow_file(file, Sys.getenv()))
  loaded <- take_preloaded(file)
  expect_true(get("LOADED", envir = loaded$env))
  expect_null(take_preloaded(file)) # a worker's later tasks source the file again

  expect_true(preload_flow_file(file, Sys.getenv()))
  expect_null(take_preloaded(file.path(dir, "other.R")))
  expect_true(preload_flow_file(file, Sys.getenv()))
  writeLines(c("LOADED <- 'changed since'", "touch <- function(self) NULL"), file)
  expect_null(take_preloaded(file))
})

test_that("a flow file that fails or draws random numbers is left to each worker", {
  dir <- new_temp_dir()
  on.exit(braid_state$preloaded <- NULL)
  seed <- if (exists(".Random.seed", globalenv())) get(".Random.seed", globalenv())
  on.exit(if (!is.null(seed)) assign(".Random.seed", seed, envir = globalenv()), add = TRUE)
  failing <- file.path(dir, "failing.R")
  writeLines("stop('not today')", failing)
  expect_false(preload_flow_file(failing, Sys.getenv()))
  expect_null(braid_state$preloaded)

  seeded <- file.path(dir, "seeded.R")
  with_saved_environment({
    startup <- Sys.getenv()
    writeLines(c("set.seed(42)", "Sys.setenv(SET_WHILE_LOADING = 'x')", "touch <- function(self) NULL"), seeded)
    expect_false(preload_flow_file(seeded, startup))
    expect_false(exists(".Random.seed", envir = globalenv(), inherits = FALSE))
    expect_identical(Sys.getenv("SET_WHILE_LOADING", unset = NA), NA_character_)
  })
  expect_null(braid_state$preloaded)
})

test_that("the fork server started by hand explains that the engine starts it", {
  result <- run_rscript(c("--vanilla", "-e", shQuote("braid:::fork_server_main()"), "3</dev/null"))
  expect_identical(result$status, 2L)
  expect_match(result$stderr, "braid fork server: fd 3 is not the engine's socket (not a socket)", fixed = TRUE)
})
