cli_flow <- function() {
  braid:::new_flow("CliFlow", NA_character_) |>
    parameter("rows", default = 100L, help = "rows to simulate") |>
    parameter("rate", default = 0.5) |>
    parameter("max_depth", default = 3L) |>
    parameter("verbose", default = FALSE) |>
    parameter("grid", default = list(1, 2)) |>
    parameter("label", required = TRUE) |>
    step("start", function(self) NULL)
}

parse <- function(...) braid:::parse_command_line(c(...), cli_flow())

test_that("run takes typed parameter values in every spelling", {
  parsed <- parse("run", "--rows", "500", "--rate=2", "--max-depth", "7", "--verbose", "--grid", "[1, {\"a\": 2}]", "--label", "x y")
  expect_identical(parsed$command, "run")
  expect_identical(parsed$values, list(rows = 500L, rate = 2, max_depth = 7L, verbose = TRUE, grid = list(1L, list(a = 2L)), label = "x y"))
  expect_identical(parsed$engine_args, c(
    "--parameters", "{\"rows\":500,\"rate\":2.0,\"max_depth\":7,\"verbose\":true,\"grid\":[1,{\"a\":2}],\"label\":\"x y\"}"
  ))
  expect_identical(parse("run", "--label", "x", "--no-verbose")$values$verbose, FALSE)
  expect_identical(parse("run", "--label", "x", "--verbose", "no")$values$verbose, FALSE)
  expect_identical(parse("run", "--label", "x", "--max_depth", "-2")$values$max_depth, -2L)
})

test_that("defaults fill in parameters not given, JSON keeps its doubles", {
  parsed <- parse("run", "--label", "x")
  expect_identical(parsed$values, list(rows = 100L, rate = 0.5, max_depth = 3L, verbose = FALSE, grid = list(1, 2), label = "x"))
  expect_identical(parsed$engine_args[[2]], "{\"rows\":100,\"rate\":0.5,\"max_depth\":3,\"verbose\":false,\"grid\":[1.0,2.0],\"label\":\"x\"}")
})

test_that("run and resume pass --max-workers and --tag on; resume takes a step and an origin", {
  expect_identical(
    parse("run", "--label", "x", "--tag", "a", "--max-workers", "4", "--tag=b")$engine_args[-(1:2)],
    c("--max-workers", "4", "--tag", "a", "--tag", "b")
  )
  parsed <- parse("resume", "train", "--origin-run-id", "7", "--tag", "again")
  expect_identical(parsed$engine_args, c("train", "--origin-run-id", "7", "--tag", "again"))
  expect_identical(parse("check")$engine_args, character())
  expect_true(parse("--help")$help)
  expect_true(parse("run", "--help")$help)
  expect_null(parse()$command)
})

test_that("run passes --with decorators on in order; resume does not take them", {
  expect_identical(
    parse("run", "--label", "x", "--with", "retry", "--with=timeout:seconds=30")$engine_args[-(1:2)],
    c("--with", "retry", "--with", "timeout:seconds=30")
  )
  expect_error(parse("resume", "--with", "retry"), class = "braid_error_usage")
})

test_that("usage errors name the parameter or option", {
  expect_snapshot(error = TRUE, {
    parse("run", "--rows", "abc", "--label", "x")
    parse("run", "--rows", "1.5", "--label", "x")
    parse("run", "--rate", "fast", "--label", "x")
    parse("run", "--verbose=maybe", "--label", "x")
    parse("run", "--grid", "[1,", "--label", "x")
    parse("run", "--nope", "1")
    parse("run")
    parse("run", "--label")
    parse("run", "--label", "x", "extra")
    parse("run", "--label", "x", "--max-workers", "0")
    parse("walk")
    parse("check", "--rows", "5")
    parse("resume", "a", "b")
  })
})

test_that("usage errors are classed and carry the parameter", {
  err <- expect_error(parse("run", "--rows", "abc", "--label", "x"), class = "braid_error_parameter")
  expect_identical(err$parameter, "rows")
  expect_s3_class(err, "braid_error_usage")
  expect_match(conditionMessage(err), "parameter --rows takes int: `abc` is not a whole number.", fixed = TRUE)
  err <- expect_error(parse("run", "--nope", "1"), class = "braid_error_parameter")
  expect_match(conditionMessage(err), "unknown parameter --nope; the flow has --rows, --rate, --max-depth", fixed = TRUE)
  expect_error(parse("run"), "missing required parameter --label.", fixed = TRUE, class = "braid_error_parameter")
})

test_that("cli_main hands the spec to the engine and returns its status", {
  engine <- fake_engine()
  path <- copy_flow("branch_flow.R")
  f <- load_flow_file(path)
  local_env(BRAID_BIN = engine$path, FAKE_BRAID_STATUS = "3")
  status <- braid:::cli_main(f, c("run", "--label", "x", "--rows", "7"))
  expect_identical(status, 3L)
  args <- engine_args(engine)
  expect_identical(args[1:3], c("flow", "run", "--spec"))
  expect_identical(args[5:6], c("--parameters", "{\"rows\":7,\"rate\":0.5,\"label\":\"x\",\"verbose\":false,\"grid\":[1.0,2.5,\"x\"]}"))
  expect_false(file.exists(args[[4]])) # the spec file is removed afterwards
  spec <- jsonlite::fromJSON(file.path(engine$dir, "spec.json"), simplifyVector = FALSE)
  expect_identical(spec$flow, "BranchFlow")
  expect_identical(braid:::cli_main(f, "show"), 3L)
  expect_identical(engine_args(engine)[1:3], c("flow", "show", "--spec"))
})

test_that("resume hands `flow resume --spec FILE [STEP] [--origin-run-id ID]` to the engine", {
  engine <- fake_engine()
  f <- load_flow_file(copy_flow("branch_flow.R"))
  local_env(BRAID_BIN = engine$path, FAKE_BRAID_STATUS = "0")
  after_spec <- function() engine_args(engine)[-(1:4)]
  expect_identical(braid:::cli_main(f, c("resume", "a", "--origin-run-id", "7")), 0L)
  expect_identical(engine_args(engine)[1:3], c("flow", "resume", "--spec"))
  expect_identical(after_spec(), c("a", "--origin-run-id", "7"))
  expect_identical(jsonlite::fromJSON(file.path(engine$dir, "spec.json"))$flow, "BranchFlow")
  braid:::cli_main(f, "resume")
  expect_identical(after_spec(), character())
  braid:::cli_main(f, c("resume", "--origin-run-id=12"))
  expect_identical(after_spec(), c("--origin-run-id", "12"))
  braid:::cli_main(f, c("resume", "--max-workers", "2", "join", "--tag", "retry"))
  expect_identical(after_spec(), c("join", "--max-workers", "2", "--tag", "retry"))
  local_env(FAKE_BRAID_STATUS = "4")
  expect_identical(braid:::cli_main(f, c("resume", "a")), 4L) # the engine's status comes back
})

test_that("resume refuses parameters, a second step and a missing origin id before the engine starts", {
  engine <- fake_engine()
  f <- load_flow_file(copy_flow("branch_flow.R"))
  local_env(BRAID_BIN = engine$path)
  expect_message(status <- braid:::cli_main(f, c("resume", "--rows", "5")), "unknown option --rows for resume.")
  expect_identical(status, 2L)
  expect_message(status <- braid:::cli_main(f, c("resume", "a", "b")), "unexpected argument `b` for resume.")
  expect_identical(status, 2L)
  expect_message(status <- braid:::cli_main(f, c("resume", "--origin-run-id")), "option --origin-run-id needs a value.")
  expect_identical(status, 2L)
  expect_false(file.exists(file.path(engine$dir, "args.txt")))
})

test_that("the engine's environment has braid's library on R_LIBS and R's own LD_LIBRARY_PATH prefix removed", {
  engine <- fake_engine()
  f <- load_flow_file(copy_flow("branch_flow.R"))
  local_env(BRAID_BIN = engine$path, LD_LIBRARY_PATH = paste0(braid:::r_ld_library_prefix(), ":/opt/mine"))
  expect_identical(braid:::cli_main(f, "check"), 0L)
  env <- readLines(file.path(engine$dir, "env.txt"))
  ld <- sub("^LD_LIBRARY_PATH=", "", grep("^LD_LIBRARY_PATH=", env, value = TRUE))
  if (nzchar(braid:::r_ld_library_prefix())) expect_identical(ld, "/opt/mine")
  if (!is.null(braid:::braid_library())) {
    expect_match(grep("^R_LIBS=", env, value = TRUE), braid:::braid_library(), fixed = TRUE)
  }
  expect_identical(Sys.getenv("LD_LIBRARY_PATH"), paste0(braid:::r_ld_library_prefix(), ":/opt/mine"))
})

test_that("Rscript flow.R exits 2 on usage errors, 0 for help, 1 without an engine", {
  path <- copy_flow("branch_flow.R")
  bad <- run_rscript(c(shQuote(path), "run", "--rows", "abc", "--label", "x"))
  expect_identical(bad$status, 2L)
  expect_match(bad$stderr, "Rscript branch_flow.R: error: parameter --rows takes int: `abc` is not a whole number.", fixed = TRUE)
  help <- run_rscript(c(shQuote(path), "--help"))
  expect_identical(help$status, 0L)
  expect_match(help$stdout, "--rows INT           rows to simulate (type int; default 100)", fixed = TRUE)
  expect_match(help$stdout, "--label TEXT         (type str; required)", fixed = TRUE)
  none <- run_rscript(shQuote(path))
  expect_identical(none$status, 2L)
  no_engine <- run_rscript(c(shQuote(path), "run", "--label", "x"), env = c("BRAID_BIN=", "PATH=/usr/bin:/bin"))
  expect_identical(no_engine$status, 1L)
  expect_match(no_engine$stderr, "the braid engine was not found", fixed = TRUE)
  expect_match(no_engine$stderr, "make install", fixed = TRUE)
  expect_false(grepl("masked", bad$stderr))
})

test_that("Rscript flow.R run passes the engine's exit status through", {
  engine <- fake_engine()
  path <- copy_flow("branch_flow.R")
  result <- run_rscript(c(shQuote(path), "run", "--label", "x"), env = c(sprintf("BRAID_BIN=%s", engine$path), "FAKE_BRAID_STATUS=5", "FAKE_BRAID_ECHO=1"))
  expect_identical(result$status, 5L)
  expect_match(result$stdout, "fake engine: flow run", fixed = TRUE)
})

test_that("run --trigger-event passes the event, its payload and only the parameters given", {
  parsed <- parse("run", "--trigger-event", "sales_updated", "--payload", "{\"alpha\": 0.7, \"day\": \"2026-12-07\"}")
  expect_identical(parsed$engine_args, c(
    "--parameters", "{}", "--trigger-event", "sales_updated", "--payload", "{\"alpha\":0.7,\"day\":\"2026-12-07\"}"
  ))
  expect_length(parsed$values, 0L)
  # the required --label may come from the payload: the engine judges it
  parsed <- parse("run", "--rate", "0.25", "--rows", "7", "--trigger-event=model_request", "--max-workers", "2", "--tag", "t")
  expect_identical(parsed$values, list(rows = 7L, rate = 0.25)) # in declaration order, as the Python client
  expect_identical(parsed$engine_args, c(
    "--parameters", "{\"rows\":7,\"rate\":0.25}", "--trigger-event", "model_request", "--payload", "{}",
    "--max-workers", "2", "--tag", "t"
  ))
  expect_identical(parse("run", "--trigger-event", "braid.run.Up.succeeded", "--payload={}")$engine_args[[4]], "braid.run.Up.succeeded")
})

test_that("--payload needs --trigger-event and a JSON object; --trigger-event needs a name and is for run only", {
  expect_snapshot(error = TRUE, {
    parse("run", "--label", "x", "--payload", "{}")
    parse("run", "--trigger-event", "e", "--payload", "[1, 2]")
    parse("run", "--trigger-event", "e", "--payload", "{\"a\": ")
    parse("run", "--trigger-event", "e", "--payload", "\"text\"")
    parse("run", "--trigger-event", "")
    parse("run", "--trigger-event", "a\nb")
    parse("run", "--trigger-event")
    parse("resume", "--trigger-event", "e")
    parse("deploy", "--rows", "5")
    parse("undeploy", "extra")
  })
})

test_that("deploy hands the spec on stdin to `flow deploy --spec -`; undeploy names the flow", {
  engine <- fake_engine()
  f <- load_flow_file(copy_flow("trigger_flow.R"))
  local_env(BRAID_BIN = engine$path, FAKE_BRAID_STATUS = "0")
  expect_identical(braid:::cli_main(f, "deploy"), 0L)
  expect_identical(engine_args(engine), c("flow", "deploy", "--spec", "-"))
  spec <- jsonlite::fromJSON(file.path(engine$dir, "spec.json"), simplifyVector = FALSE)
  expect_identical(spec$flow, "TriggerFlow")
  expect_identical(spec$triggers[[4]]$flows, list("IngestFlow"))
  expect_identical(braid:::cli_main(f, "undeploy"), 0L)
  expect_identical(engine_args(engine), c("undeploy", "TriggerFlow"))
  local_env(FAKE_BRAID_STATUS = "1")
  expect_identical(braid:::cli_main(f, "deploy"), 1L) # the engine's status comes back
})

test_that("undeploy needs no spec; deploy of a flow whose spec cannot be built fails before the engine", {
  engine <- fake_engine()
  dir <- new_temp_dir()
  path <- file.path(dir, "bad.R")
  writeLines(c(
    "library(braid)",
    "flow('Bad') |> trigger(event = list(name = 'a', parameters = 'nope')) |> step('start', function(self) NULL) |> run_flow()"
  ), path)
  f <- load_flow_file(path)
  local_env(BRAID_BIN = engine$path)
  expect_message(status <- braid:::cli_main(f, "deploy"), "parameter `nope`, which flow Bad does not have", fixed = TRUE)
  expect_identical(status, 1L)
  expect_false(file.exists(file.path(engine$dir, "args.txt")))
  expect_identical(braid:::cli_main(f, "undeploy"), 0L)
  expect_identical(engine_args(engine), c("undeploy", "Bad"))
})

test_that("cli_main hands run --trigger-event to the engine after the spec", {
  engine <- fake_engine()
  f <- load_flow_file(copy_flow("trigger_flow.R"))
  local_env(BRAID_BIN = engine$path, FAKE_BRAID_STATUS = "0")
  braid:::cli_main(f, c("run", "--trigger-event", "model_request", "--payload", "{\"alpha_field\": 0.7}", "--day", "mon"))
  args <- engine_args(engine)
  expect_identical(args[1:3], c("flow", "run", "--spec"))
  expect_identical(args[-(1:4)], c(
    "--parameters", "{\"day\":\"mon\"}", "--trigger-event", "model_request", "--payload", "{\"alpha_field\":0.7}"
  ))
})

test_that("Rscript flow.R deploy and undeploy reach the engine; their help is shown", {
  engine <- fake_engine()
  path <- copy_flow("trigger_flow.R")
  env <- c(sprintf("BRAID_BIN=%s", engine$path), "FAKE_BRAID_STATUS=0")
  deployed <- run_rscript(c(shQuote(path), "deploy"), env = env)
  expect_identical(deployed$status, 0L)
  expect_identical(engine_args(engine), c("flow", "deploy", "--spec", "-"))
  expect_identical(jsonlite::fromJSON(file.path(engine$dir, "spec.json"), simplifyVector = FALSE)$triggers[[6]]$cron, "*/15 * * * *")
  undeployed <- run_rscript(c(shQuote(path), "undeploy"), env = env)
  expect_identical(undeployed$status, 0L)
  expect_identical(engine_args(engine), c("undeploy", "TriggerFlow"))
  bad <- run_rscript(c(shQuote(path), "run", "--payload", "{}"), env = env)
  expect_identical(bad$status, 2L)
  expect_match(bad$stderr, "--payload goes with --trigger-event NAME", fixed = TRUE)
  help <- run_rscript(c(shQuote(path), "--help"))
  expect_match(help$stdout, "deploy   store this version of the flow", fixed = TRUE)
  expect_match(help$stdout, "undeploy stop the deployed flow's triggers and schedule", fixed = TRUE)
  expect_match(help$stdout, "--trigger-event NAME run as if event NAME had arrived", fixed = TRUE)
  expect_match(help$stdout, "--payload JSON       the event's payload, a JSON object (default {})", fixed = TRUE)
})
