# flow_client(), namespaces and the engine query (client.R); fixtures in helper-client.R.

test_that("a flow's runs, newest first, and the latest (successful) one", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path, BRAID_USER = "ana")
  f <- flow_client("PricingFlow")
  expect_identical(f$name, "PricingFlow")
  expect_identical(vapply(f$runs(), function(r) r$id, character(1)), c("8", "7"))
  expect_identical(f$latest_run$id, "8")
  expect_false(f$latest_run$successful)
  expect_true(f$latest_run$finished)
  run <- f$latest_successful_run
  expect_identical(run$pathspec, "PricingFlow/7")
  expect_identical(run$parameters, list(rows = 500L))
  expect_identical(run$tags, "nightly") # user tags; the engine's are apart
  expect_identical(run$system_tags, "user:ana")
  expect_identical(run$created_at, as.POSIXct("2026-01-02 03:04:05", tz = "UTC"))
  expect_identical(engine_args(engine), c("api", "get", "PricingFlow", "--limit", "100", "--namespace", "user:ana"))
  expect_output(print(f), "<braid flow PricingFlow: 2 runs in namespace user:ana>", fixed = TRUE)
})

test_that("namespaces choose which runs are seen", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path, BRAID_USER = "ana")
  on.exit(namespace(default_namespace()), add = TRUE)
  expect_identical(default_namespace(), "user:ana")
  namespace(NULL)
  expect_null(get_namespace())
  flow_client("PricingFlow")
  expect_identical(engine_args(engine), c("api", "get", "PricingFlow", "--limit", "100", "--all"))
  namespace("user:bo")
  expect_identical(get_namespace(), "user:bo")
  flow_client("PricingFlow")
  expect_identical(engine_args(engine), c("api", "get", "PricingFlow", "--limit", "100", "--namespace", "user:bo"))
})

test_that("unknown flows, runs and fields are classed errors", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path)
  err <- expect_error(flow_client("NoSuchFlow"), class = "braid_error_not_found")
  expect_identical(conditionMessage(err), "NoSuchFlow not found")
  expect_error(flow_client("PricingFlow")[["99"]]$status, "PricingFlow/99 not found", class = "braid_error_not_found")
  expect_error(flow_client("PricingFlow")$nope, "a flow client has no field `nope`", class = "braid_error_argument")
  expect_error(artifact("x", "y"), class = "braid_error_argument")
})

test_that("an engine that answers something other than JSON is an engine error", {
  engine <- fake_engine()
  writeLines("not json at all", file.path(engine$dir, "api", "Broken.json"))
  local_env(BRAID_BIN = engine$path)
  expect_error(flow_client("Broken"), "something that is not JSON", class = "braid_error_engine")
})
