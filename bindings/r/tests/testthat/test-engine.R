test_that("the engine is BRAID_BIN, else braid on PATH", {
  engine <- fake_engine()
  local_env(BRAID_BIN = engine$path)
  expect_identical(braid:::find_engine(), normalizePath(engine$path))
  local_env(BRAID_BIN = "", PATH = paste(engine$dir, Sys.getenv("PATH"), sep = ":"))
  expect_identical(braid:::find_engine(), normalizePath(engine$path))
})

test_that("a missing engine is an error that says how to install it", {
  local_env(BRAID_BIN = file.path(tempdir(), "no-such-braid"))
  err <- expect_error(braid:::find_engine(), class = "braid_error_engine_not_found")
  expect_match(conditionMessage(err), "BRAID_BIN is .*no-such-braid, which is not an executable file")
  local_env(BRAID_BIN = "", PATH = tempdir())
  err <- expect_error(braid:::find_engine(), class = "braid_error_engine_not_found")
  expect_match(conditionMessage(err), "Install it with `make install`", fixed = TRUE)
})

test_that("engine commands have the documented shape", {
  expect_identical(braid:::flow_command("check", "/s.json"), c("flow", "check", "--spec", "/s.json"))
  expect_identical(
    braid:::flow_command("run", "/s.json", c("--parameters", "{}")),
    c("flow", "run", "--spec", "/s.json", "--parameters", "{}")
  )
})

test_that("engine arguments are passed without the shell splitting them", {
  engine <- fake_engine()
  status <- braid:::run_engine(engine$path, c("flow", "run", "--parameters", "{\"a\": \"x y; $HOME\"}"))
  expect_identical(status, 0L)
  expect_identical(engine_args(engine), c("flow", "run", "--parameters", "{\"a\": \"x y; $HOME\"}"))
})

test_that("R's library prefix is removed from LD_LIBRARY_PATH, and nothing else", {
  prefix <- braid:::r_ld_library_prefix()
  skip_if_not(nzchar(prefix), "R adds nothing to LD_LIBRARY_PATH here")
  expect_identical(braid:::without_r_ld_paths(paste0(prefix, ":/a:/b")), "/a:/b")
  expect_identical(braid:::without_r_ld_paths(prefix), "")
  expect_identical(braid:::without_r_ld_paths("/a"), "/a")
  expect_identical(braid:::without_r_ld_paths(paste(prefix, prefix, "/a", sep = ":")), "/a")
})
