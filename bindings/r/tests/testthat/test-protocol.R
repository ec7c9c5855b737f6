test_that("worker messages are one-line JSON objects in the documented shape", {
  hello <- jsonlite::fromJSON(braid:::encode_message(braid:::msg_hello()), simplifyVector = FALSE)
  expect_identical(hello$type, "hello")
  expect_identical(hello$protocol, 1L)
  expect_identical(hello$language, "r")
  expect_identical(hello$language_version, paste(R.version$major, R.version$minor, sep = "."))
  expect_identical(hello$pid, Sys.getpid())
  expect_identical(
    braid:::encode_message(braid:::msg_next("train", "grid", 3)),
    "{\"type\":\"next\",\"steps\":[\"train\"],\"foreach\":\"grid\",\"foreach_count\":3}"
  )
  expect_identical(braid:::encode_message(braid:::msg_next(c("a", "b"))), "{\"type\":\"next\",\"steps\":[\"a\",\"b\"],\"foreach\":null}")
  expect_identical(braid:::encode_message(braid:::msg_done()), "{\"type\":\"done\"}")
  expect_identical(
    braid:::encode_message(braid:::msg_artifact("sales", "/s/sales.arrow", "table", "data.frame")),
    "{\"type\":\"artifact\",\"name\":\"sales\",\"path\":\"/s/sales.arrow\",\"kind\":\"table\",\"language\":\"r\",\"type_name\":\"data.frame\"}"
  )
  error <- braid:::encode_message(braid:::msg_error("simpleError", "line 1\nline \"2\"", "tb", "step"))
  expect_false(grepl("\n", error, fixed = TRUE))
  expect_identical(jsonlite::fromJSON(error)$message, "line 1\nline \"2\"")
})

test_that("long texts are cut to keep lines under the 1 MiB limit", {
  long <- strrep("x", 2e6)
  line <- braid:::encode_message(braid:::msg_error("e", long, long, "step"))
  expect_lt(nchar(line, type = "bytes"), 1024^2)
  expect_match(jsonlite::fromJSON(line)$message, "(cut: the text was 2000000 bytes)", fixed = TRUE)
})

test_that("engine lines are parsed; garbage is a protocol error", {
  expect_identical(braid:::decode_message("{\"type\": \"shutdown\"}"), list(type = "shutdown"))
  expect_error(braid:::decode_message("not json"), "not a JSON object with a \"type\"", class = "braid_error_protocol")
  expect_error(braid:::decode_message("[1, 2]"), class = "braid_error_protocol")
  expect_error(braid:::decode_message("{\"kind\": 1}"), class = "braid_error_protocol")
})

test_that("lines go through connections as UTF-8 bytes", {
  path <- tempfile()
  con <- file(path, open = "ab")
  braid:::send_message(con, list(type = "x", text = "\u00e9t\u00e9"))
  close(con)
  con <- file(path, open = "rb")
  on.exit(close(con))
  line <- braid:::receive_line(con)
  expect_identical(braid:::decode_message(line)$text, "\u00e9t\u00e9")
  expect_null(braid:::receive_line(con))
})

test_that("the protocol descriptors are validated", {
  expect_error(braid:::open_protocol("3"), "BRAID_PROTOCOL_FDS must be two descriptors", class = "braid_error_protocol")
})
