# table_put(), table_read(), table_versions() and run$tables_read/written
# against a fake engine that keeps a copy of each put's file and answers
# with the JSON in answer.json (docs/tables.md). The real engine is
# exercised end to end in e2e/test_tables_clients.py.

#' A fake `braid` for `table ...`: records its arguments, copies a put's
#' file to received.arrow (removing it on --move), prints answer.json, or
#' FAKE_TABLE_ERROR on stderr with exit status 1.
fake_tables <- function() {
  dir <- new_temp_dir("fake-tables-")
  path <- file.path(dir, "braid")
  writeLines(c(
    "#!/bin/sh",
    "dir=$(dirname \"$0\")",
    "printf '%s\\n' \"$@\" > \"$dir/args.txt\"",
    "if [ -n \"$FAKE_TABLE_ERROR\" ]; then echo \"$FAKE_TABLE_ERROR\" >&2; exit 1; fi",
    "if [ \"$1 $2\" = 'table put' ]; then",
    "  cp \"$4\" \"$dir/received.arrow\"",
    "  for a in \"$@\"; do if [ \"$a\" = --move ]; then rm \"$4\"; fi; done",
    "fi",
    "cat \"$dir/answer.json\""
  ), path)
  Sys.chmod(path, "755")
  list(dir = dir, path = path)
}

answer_with <- function(engine, ...) {
  lines <- vapply(list(...), function(v) as.character(jsonlite::toJSON(v, auto_unbox = TRUE, null = "null", digits = NA)), character(1))
  writeLines(lines, file.path(engine$dir, "answer.json"))
}

put_answer <- list(
  table = "sales", version = 3L, rows = 2L, fingerprint = strrep("ab", 32L), path = "/store/x",
  landed = TRUE, schema_changed = FALSE, event_id = 9L
)

sales_frame <- function() {
  data.frame(
    day = as.Date("2026-12-07") + 0:2,
    amount = c(10.5, NA, NaN),
    city = factor(c("b", NA, "a"), levels = c("b", "a", "z")),
    when = as.POSIXct(c("2026-12-07 10:00:00", NA, "2026-12-07 12:30:00"), tz = "Europe/Helsinki"),
    n = c(1L, NA, 3L),
    ok = c(TRUE, NA, FALSE),
    name = c("x", NA, "z\u00e9"),
    row.names = c("r1", "r2", "r3"),
    stringsAsFactors = FALSE
  )
}

test_that("table_put() writes the frame into the spool and has the engine move it", {
  engine <- fake_tables()
  home <- new_temp_dir("home-")
  local_env(BRAID_BIN = engine$path, BRAID_HOME = home)
  answer_with(engine, put_answer)
  result <- table_put("sales", sales_frame())
  args <- engine_args(engine)
  expect_identical(args[1:3], c("table", "put", "sales"))
  expect_identical(args[5:6], c("--json", "--move"))
  expect_match(args[[4]], paste0("^", home, "/spool/table-sales-[0-9]+-.*\\.arrow$"))
  expect_length(list.files(file.path(home, "spool")), 0L)
  expect_identical(read_artifact(file.path(engine$dir, "received.arrow")), sales_frame())
  expect_s3_class(result, "braid_table_put")
  expect_identical(result[c("table", "version", "rows", "landed", "event_id")], list(table = "sales", version = 3, rows = 2, landed = TRUE, event_id = 9))
  expect_output(print(result), "<braid table sales version 3, 2 rows: landed>", fixed = TRUE)
})

test_that("the file has pandas metadata and no artifact metadata", {
  engine <- fake_tables()
  local_env(BRAID_BIN = engine$path, BRAID_HOME = new_temp_dir("home-"))
  answer_with(engine, put_answer)
  table_put("sales", data.frame(x = 1:2))
  schema <- braid:::read_arrow_schema(file.path(engine$dir, "received.arrow"))
  expect_identical(names(schema$metadata), "pandas")
})

test_that("inside a step the put names the task and passes the flags", {
  engine <- fake_tables()
  local_env(BRAID_BIN = engine$path, BRAID_HOME = new_temp_dir("home-"))
  answer_with(engine, put_answer)
  braid:::set_current(list(flow = "F", run_id = "7", step = "start", task_id = "3", pathspec = "F/7/start/3"))
  on.exit(braid:::clear_current())
  table_put("sales", data.frame(x = 1), force = TRUE, same_schema = TRUE)
  expect_identical(engine_args(engine)[5:10], c("--json", "--move", "--force", "--same-schema", "--from", "F/7/start/3"))
})

test_that("an unchanged put says so", {
  engine <- fake_tables()
  local_env(BRAID_BIN = engine$path, BRAID_HOME = new_temp_dir("home-"))
  answer_with(engine, modifyList(put_answer, list(landed = FALSE, event_id = NULL)))
  result <- table_put("sales", data.frame(x = 1))
  expect_false(result$landed)
  expect_null(result$event_id)
  expect_output(print(result), "unchanged, no new version", fixed = TRUE)
})

test_that("the engine's refusal is a braid_error_table and the spool file is removed", {
  engine <- fake_tables()
  home <- new_temp_dir("home-")
  local_env(BRAID_BIN = engine$path, BRAID_HOME = home, FAKE_TABLE_ERROR = "Error: cannot put sales: the schema changed")
  err <- expect_error(table_put("sales", data.frame(x = "a"), same_schema = TRUE), class = "braid_error_table")
  expect_identical(conditionMessage(err), "cannot put sales: the schema changed")
  expect_identical(err$table, "sales")
  expect_length(list.files(file.path(home, "spool")), 0L)
})

test_that("names and frames are checked before the engine starts", {
  engine <- fake_tables()
  local_env(BRAID_BIN = engine$path, BRAID_HOME = new_temp_dir("home-"))
  bad <- list(
    list("", "table name \"\" is empty."),
    list("a/b", "table name \"a/b\" has a slash; a table name is a name, not a path."),
    list("a..b", "table name \"a..b\" has `..`."),
    list("-a", "table name \"-a\" must start with a letter or a digit."),
    list("a b", "table name \"a b\" may hold only letters, digits, `_`, `-` and `.`."),
    list("a\nb", "table name \"a\\nb\" has a control character."),
    list(strrep("x", 129L), "table name \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\" is 129 characters long; at most 128.")
  )
  for (case in bad) {
    err <- expect_error(table_put(case[[1]], data.frame(x = 1)), class = "braid_error_table")
    expect_identical(conditionMessage(err), case[[2]])
    expect_error(table_read(case[[1]]), case[[2]], fixed = TRUE, class = "braid_error_table")
  }
  expect_error(table_put(c("a", "b"), data.frame(x = 1)), "`name` must be a single non-empty string", class = "braid_error_argument")
  expect_error(table_put("a", list(x = 1)), "`df` must be a data frame, not a list of length 1.", fixed = TRUE, class = "braid_error_argument")
  frame <- data.frame(x = 1)
  frame$l <- list(1:2)
  expect_error(table_put("a", frame), "column `l` of `df` is a list; a table holds double, integer, logical, character, factor, Date and POSIXct columns",
    fixed = TRUE, class = "braid_error_argument")
  frame <- data.frame(d = structure(1, units = "secs", class = "difftime"))
  expect_error(table_put("a", frame), "column `d` of `df` is a difftime with attribute units", fixed = TRUE, class = "braid_error_argument")
  expect_error(table_put("a", data.frame(x = 1), force = NA), "`force` must be", class = "braid_error_argument")
  expect_error(table_read("a", version = 0), "`version` must be a whole number >= 1", class = "braid_error_argument")
  expect_false(file.exists(file.path(engine$dir, "args.txt")))
})

resolved <- function(path, how = "put", ...) {
  modifyList(list(table = "sales", version = 3L, rows = 3L, schema = list(), how = how, path = path,
    location = NULL, commit = NULL, fingerprint = "f"), list(...))
}

test_that("table_read() resolves and reads the stored file", {
  engine <- fake_tables()
  local_env(BRAID_BIN = engine$path)
  stored <- file.path(new_temp_dir(), "object.arrow")
  write_artifact(sales_frame(), stored)
  answer_with(engine, resolved(stored))
  expect_identical(table_read("sales"), sales_frame())
  expect_identical(engine_args(engine), c("table", "resolve", "sales", "--json"))
  table_read("sales", version = 3)
  expect_identical(engine_args(engine), c("table", "resolve", "sales", "--json", "--version", "3"))
  braid:::set_current(list(flow = "F", run_id = "7", step = "start", task_id = "3", pathspec = "F/7/start/3"))
  on.exit(braid:::clear_current())
  table_read("sales")
  expect_identical(engine_args(engine), c("table", "resolve", "sales", "--json", "--from", "F/7/start/3"))
})

test_that("a frame read from Python's int64 column goes back as int64", {
  engine <- fake_tables()
  local_env(BRAID_BIN = engine$path, BRAID_HOME = new_temp_dir("home-"))
  stored <- file.path(new_temp_dir(), "object.arrow")
  values <- c(1, 2)
  column <- braid:::fixed_column("n", braid:::arrow_type("int", bits = 64L, signed = TRUE), braid:::validity_of(values),
    list(braid:::int64_buffer(values)))
  braid:::write_arrow_file(stored, list(column), 2L)
  answer_with(engine, resolved(stored))
  frame <- table_read("sales")
  expect_identical(frame$n, c(1, 2))
  answer_with(engine, put_answer)
  table_put("sales", transform(frame, n = n * 10))
  fields <- braid:::read_arrow_schema(file.path(engine$dir, "received.arrow"))$fields
  expect_identical(fields[[1]]$type$bits, 64L)
  table_put("other", frame)
  fields <- braid:::read_arrow_schema(file.path(engine$dir, "received.arrow"))$fields
  expect_identical(fields[[1]]$type$id, "float")
})

test_that("delta and marker versions stop with what R would need", {
  engine <- fake_tables()
  local_env(BRAID_BIN = engine$path)
  answer_with(engine, resolved(NULL, how = "delta", location = "/data/sales", commit = "4"))
  err <- expect_error(table_read("sales"), class = "braid_error_table")
  expect_identical(conditionMessage(err), paste(
    "table sales version 3 is Delta Lake commit 4 of /data/sales; R cannot read Delta tables.",
    "Read it in a Python step with braid.Table(\"sales\", version=3).read() (it needs the deltalake and pyarrow packages)",
    "and pass it on as an artifact, or put it as a table from there."
  ))
  expect_identical(err$how, "delta")
  answer_with(engine, resolved(NULL, how = "marker", location = "/data/sales", commit = "day=1/_SUCCESS"))
  expect_error(table_read("sales"), "is the partition of day=1/_SUCCESS under /data/sales, left where its writer put it; R reads only versions in the store",
    fixed = TRUE, class = "braid_error_table")
})

test_that("an unknown table is the engine's message", {
  engine <- fake_tables()
  local_env(BRAID_BIN = engine$path, FAKE_TABLE_ERROR = "Error: there is no table named nope (braid table list shows the tables)")
  expect_error(table_read("nope"), "^there is no table named nope \\(braid table list shows the tables\\)$", class = "braid_error_table")
  expect_error(table_versions("nope"), "there is no table named nope", class = "braid_error_table")
})

test_that("table_versions() reads one JSON object per version, oldest first", {
  engine <- fake_tables()
  local_env(BRAID_BIN = engine$path)
  answer_with(
    engine,
    list(table = "sales", version = 2L, rows = 5L, schema = list(list(name = "x", type = "int64", nullable = TRUE)),
      fingerprint = "f2", landed_at = "2026-12-07T10:00:01.500Z", how = "flow", path = "/s/2", location = NULL, commit = NULL,
      schema_changed = TRUE, event_id = 8L, producer = list(run = 7L, task = 3L), producer_pathspec = "F/7/start/3",
      consumers = list("G/9", list(flow = "H", run_id = 10L))),
    list(table = "sales", version = 1L, rows = 4L, schema = list(), fingerprint = "f1", landed_at = "2026-12-07T10:00:00Z",
      how = "put", path = "/s/1", location = NULL, commit = NULL, schema_changed = FALSE, event_id = 7L, producer = NULL,
      producer_pathspec = NULL, consumers = list())
  )
  versions <- table_versions("sales")
  expect_identical(engine_args(engine), c("table", "show", "sales", "--json"))
  expect_identical(versions$version, 1:2)
  expect_identical(versions$rows, c(4, 5))
  expect_identical(versions$how, c("put", "flow"))
  expect_identical(versions$producer, c(NA, "F/7/start/3"))
  expect_identical(versions$consumers, list(character(), c("G/9", "H/10")))
  expect_identical(versions$schema_changed, c(FALSE, TRUE))
  expect_identical(versions$schema[[2]], data.frame(name = "x", type = "int64", nullable = TRUE))
  expect_identical(format(versions$landed_at, "%Y-%m-%d %H:%M:%OS1", tz = "UTC"), c("2026-12-07 10:00:00.0", "2026-12-07 10:00:01.5"))
})

test_that("run$tables_read and run$tables_written come from the run's record", {
  engine <- store_with_runs()
  local_env(BRAID_BIN = engine$path)
  run7 <- jsonlite::fromJSON(file.path(engine$dir, "api", "PricingFlow_7.json"), simplifyVector = FALSE)
  answer(engine, "PricingFlow/7", c(run7, list(
    tables_read = list(list(table = "sales", version = 3L), list(table = "stock", version = 1L)),
    tables_written = list(list(table = "report", version = 12L))
  )))
  run <- flow_client("PricingFlow")$run("7")
  expect_identical(run$tables_read, data.frame(table = c("sales", "stock"), version = c(3L, 1L)))
  expect_identical(run$tables_written, data.frame(table = "report", version = 12L))
  answer(engine, "PricingFlow/9", modifyList(run7, list(pathspec = "PricingFlow/9", id = "9")))
  empty <- flow_client("PricingFlow")$run("9")$tables_read
  expect_identical(empty, data.frame(table = character(), version = integer()))
})
