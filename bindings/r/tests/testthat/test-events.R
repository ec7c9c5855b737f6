# publish_event(): `braid event publish NAME --payload JSON [--from PATHSPEC]`
# against a fake engine that records its arguments and answers as told.

#' A fake `braid` for `event publish`: prints FAKE_EVENT_ID, or FAKE_EVENT_ERROR
#' on stderr with exit status FAKE_EVENT_STATUS (default 1).
fake_publisher <- function() {
  dir <- new_temp_dir("fake-publisher-")
  path <- file.path(dir, "braid")
  writeLines(c(
    "#!/bin/sh",
    "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args.txt\"",
    "for a in \"$@\"; do if [ \"$a\" = - ]; then cat > \"$(dirname \"$0\")/stdin.txt\"; fi; done",
    "if [ -n \"$FAKE_EVENT_ERROR\" ]; then echo \"$FAKE_EVENT_ERROR\" >&2; exit ${FAKE_EVENT_STATUS:-1}; fi",
    "echo \"${FAKE_EVENT_ID:-17}\""
  ), path)
  Sys.chmod(path, "755")
  list(dir = dir, path = path)
}

test_that("publish_event() runs `event publish NAME --payload JSON` and returns the id", {
  engine <- fake_publisher()
  local_env(BRAID_BIN = engine$path, FAKE_EVENT_ID = "1765190400123")
  id <- publish_event("sales_updated", list(day = "2026-12-07", rows = 10L, rate = 0.5, tags = c("a", "b"), nested = list(ok = TRUE)))
  expect_identical(id, 1765190400123)
  expect_identical(engine_args(engine), c(
    "event", "publish", "sales_updated", "--payload",
    "{\"day\":\"2026-12-07\",\"rows\":10,\"rate\":0.5,\"tags\":[\"a\",\"b\"],\"nested\":{\"ok\":true}}"
  ))
  publish_event("sales_updated")
  expect_identical(engine_args(engine)[4:5], c("--payload", "{}"))
  publish_event("sales_updated", list())
  expect_identical(engine_args(engine)[5], "{}")
  publish_event("sales_updated", list(missing = NULL, gap = NA))
  expect_identical(engine_args(engine)[5], "{\"missing\":null,\"gap\":null}")
})

test_that("inside a step the event records the task that published it", {
  engine <- fake_publisher()
  local_env(BRAID_BIN = engine$path)
  braid:::set_current(list(flow = "F", run_id = "7", step = "start", task_id = "3", pathspec = "F/7/start/3"))
  on.exit(braid:::clear_current())
  expect_identical(publish_event("done", list(rows = 1L)), 17)
  expect_identical(engine_args(engine), c("event", "publish", "done", "--payload", "{\"rows\":1}", "--from", "F/7/start/3"))
})

test_that("the engine's refusal is a braid_error_event with its message", {
  engine <- fake_publisher()
  local_env(BRAID_BIN = engine$path, FAKE_EVENT_ERROR = "Error: cannot publish 'sales': the store is read-only")
  err <- expect_error(publish_event("sales"), class = "braid_error_event")
  expect_identical(conditionMessage(err), "cannot publish 'sales': the store is read-only")
  expect_identical(err$event, "sales")
  expect_s3_class(err, "braid_error")
  local_env(FAKE_EVENT_STATUS = "64", FAKE_EVENT_ERROR = "Error: Unexpected argument 'event'")
  err <- expect_error(publish_event("a"), class = "braid_error_engine")
  expect_identical(conditionMessage(err), "`braid event publish a` failed (exit status 64): Unexpected argument 'event'")
  local_env(FAKE_EVENT_ERROR = "", FAKE_EVENT_ID = "not a number")
  expect_error(publish_event("a"), "it printed not a number instead of an event id", fixed = TRUE, class = "braid_error_engine")
  local_env(BRAID_BIN = file.path(engine$dir, "nope"))
  expect_error(publish_event("a"), class = "braid_error_engine_not_found")
})

test_that("name and payload are checked before the engine starts", {
  engine <- fake_publisher()
  local_env(BRAID_BIN = engine$path)
  expect_snapshot(error = TRUE, {
    publish_event(c("a", "b"))
    publish_event(NA_character_)
    publish_event("a", list(1, 2))
    publish_event("a", c(day = "mon"))
    publish_event("a", "{\"day\": \"mon\"}")
    publish_event("a", list(a = 1, a = 2))
    publish_event("a", data.frame(x = 1))
  })
  expect_false(file.exists(file.path(engine$dir, "args.txt")))
})

test_that("names the rules refuse and payloads over 1 MB fail before the engine starts", {
  engine <- fake_publisher()
  local_env(BRAID_BIN = engine$path)
  expect_snapshot(error = TRUE, {
    publish_event("")
    publish_event("braid.run.F.succeeded")
    publish_event("a\nb")
    publish_event(" a")
    publish_event(strrep("n", 201))
    publish_event("big", list(text = strrep("x", 1048576)))
  })
  err <- expect_error(publish_event("braid.x"), class = "braid_error_event")
  expect_identical(err$event, "braid.x")
  expect_false(file.exists(file.path(engine$dir, "args.txt")))
})

test_that("a payload over 64 KiB goes through stdin; a name starting with - comes after --", {
  engine <- fake_publisher()
  local_env(BRAID_BIN = engine$path)
  text <- strrep("x", 70000)
  expect_identical(publish_event("big", list(text = text)), 17)
  expect_identical(engine_args(engine), c("event", "publish", "big", "--payload", "-"))
  expect_identical(readLines(file.path(engine$dir, "stdin.txt"), warn = FALSE), sprintf("{\"text\":\"%s\"}", text))
  braid:::set_current(list(pathspec = "F/7/start/3"))
  on.exit(braid:::clear_current())
  publish_event("-dash")
  expect_identical(engine_args(engine), c("event", "publish", "--payload", "{}", "--from", "F/7/start/3", "--", "-dash"))
})
