int64_origins <- function(numpy_type = "Int64") {
  origins <- new_table_origins()
  origins$columns$x <- list(
    type = arrow_type("int", bits = 64L, signed = TRUE),
    pandas = list(name = "x", field_name = "x", pandas_type = "int64", numpy_type = numpy_type, metadata = NULL)
  )
  origins
}

test_that("a double column read from int64 is written as int64 with the pandas dtype it had", {
  path <- tempfile(fileext = ".arrow")
  store_artifact(data.frame(x = c(1, NA, -2^40), y = 1:3), path, int64_origins())
  contents <- read_arrow_file(path)
  expect_identical(contents$fields[[1L]]$type, arrow_type("int", bits = 64L, signed = TRUE))
  expect_identical(contents$columns$x, c(1, NA, -2^40))
  pandas <- jsonlite::fromJSON(contents$metadata$pandas, simplifyVector = FALSE)$columns
  expect_identical(pandas[[1L]]$numpy_type, "Int64")
  expect_identical(pandas[[2L]]$numpy_type, "int32")
})

test_that("a non-nullable pandas dtype becomes nullable when R added NA, and stays when it did not", {
  path <- tempfile(fileext = ".arrow")
  store_artifact(data.frame(x = c(1, NA)), path, int64_origins("int64"))
  entry <- jsonlite::fromJSON(read_arrow_schema(path)$metadata$pandas, simplifyVector = FALSE)$columns[[1L]]
  expect_identical(entry$numpy_type, "Int64")
  store_artifact(data.frame(x = c(1, 2)), path, int64_origins("Int64"))
  entry <- jsonlite::fromJSON(read_arrow_schema(path)$metadata$pandas, simplifyVector = FALSE)$columns[[1L]]
  expect_identical(entry$numpy_type, "Int64")
})

test_that("values int64 cannot hold exactly keep R's double", {
  path <- tempfile(fileext = ".arrow")
  for (x in list(c(1.5, 2), c(NaN, 1), c(2^63, 1))) {
    store_artifact(data.frame(x = x), path, int64_origins())
    expect_identical(read_arrow_schema(path)$fields[[1L]]$type$id, "float")
  }
  store_artifact(data.frame(x = c("a", "b")), path, int64_origins())
  expect_identical(read_arrow_schema(path)$fields[[1L]]$type$id, "utf8")
})

test_that("timestamps go back in the unit they were read in, exact past 2^53 nanoseconds", {
  origins <- new_table_origins()
  origins$columns$t <- list(type = arrow_type("timestamp", unit = 3L, tz = "UTC"), pandas = NULL)
  when <- .POSIXct(c(1719791999.123456, NA, -14182939.999999), tz = "UTC")
  path <- tempfile(fileext = ".arrow")
  store_artifact(data.frame(t = when), path, origins)
  contents <- read_arrow_file(path)
  expect_identical(contents$fields[[1L]]$type, arrow_type("timestamp", unit = 3L, tz = "UTC"))
  expect_equal(as.numeric(contents$columns$t), as.numeric(when), tolerance = 1e-12)
  entry <- jsonlite::fromJSON(contents$metadata$pandas, simplifyVector = FALSE)$columns[[1L]]
  expect_identical(entry$numpy_type, "datetime64[ns]")
})

test_that("int64 buffers scaled by a factor are exact where the double product rounds", {
  micros <- c(1719791999123457, -14182939999999, 0, 1)
  bytes <- buffer_bytes(int64_buffer(micros, factor = 1000))
  halves <- readBin(bytes, "integer", 8L, size = 4L, endian = "little")
  # 1719791999123457000 = 400420278 * 2^32 + 458228712
  expect_identical(halves[1:2], c(458228712L, 400420278L))
  expect_identical(halves_to_int64(halves[5:8]), c(0, 1000))
  expect_identical(halves_to_int64(halves[3:4]), -14182939999999000)
})

test_that("a name read with two different types is left to R's defaults", {
  dir <- new_temp_dir()
  origins <- new_table_origins()
  a <- file.path(dir, "a.arrow")
  b <- file.path(dir, "b.arrow")
  write_artifact(data.frame(x = 1L), a)
  write_artifact(data.frame(x = "s"), b)
  note_table_origins(origins, a)
  expect_identical(origins$columns$x$type$bits, 32L)
  note_table_origins(origins, b)
  expect_true("x" %in% names(origins$columns))
  expect_null(origins$columns$x)
})

test_that("a pandas frame read in R and stored again reads back equal in pandas", {
  python <- need_pyarrow()
  dir <- new_temp_dir()
  source <- file.path(dir, "in.arrow")
  back <- file.path(dir, "back.arrow")
  make <- paste(
    "import pandas as pd, pyarrow as pa",
    "def make():",
    "    return pd.DataFrame({'i': pd.array([1, None, 2**40], dtype='Int64'), 'n': pd.array([1, 2, 3], dtype='int64'),",
    "        'b': pd.array([True, None, False], dtype='boolean'),",
    "        't': pd.to_datetime(['2024-01-01', None, '1969-07-20 20:17:40.000001'], format='ISO8601').tz_localize('UTC').as_unit('ns')},",
    "        index=pd.Index(['a', 'b', 'c'], name='key'))",
    sep = "\n"
  )
  write <- paste(make, "t = pa.Table.from_pandas(make())",
    sprintf("with pa.ipc.new_file(%s, t.schema) as w: w.write_table(t)", encodeString(source, quote = "'")),
    sep = "\n"
  )
  check <- paste(make, sprintf("got = pa.ipc.open_file(%s).read_all().to_pandas()", encodeString(back, quote = "'")),
    "pd.testing.assert_frame_equal(got, make())", "print('equal')",
    sep = "\n"
  )
  run <- function(code) suppressWarnings(system2(python, c("-c", shQuote(code)), stdout = TRUE, stderr = TRUE, env = python_env()))
  expect_null(attr(run(write), "status"))
  origins <- note_table_origins(new_table_origins(), source)
  frame <- read_artifact(source)
  store_artifact(frame[c(1, 2, 3), , drop = FALSE], back, origins)
  out <- run(check)
  expect_identical(out[length(out)], "equal", info = paste(out, collapse = "\n"))
})
