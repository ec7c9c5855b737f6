basic_table <- function() {
  data.frame(
    i32 = c(1L, NA, 3L),
    f64 = c(1.5, NaN, NA),
    s = c("a", NA, "ccc"),
    b = c(TRUE, FALSE, NA),
    d = as.Date(c("2024-01-01", NA, "1970-01-01")),
    ts = .POSIXct(c(1704110400.0005, NA, 0), tz = "UTC"),
    cat = factor(c("lo", "hi", "lo"), levels = c("lo", "hi")),
    stringsAsFactors = FALSE
  )
}

test_that("pyarrow's basic file reads with exact values", {
  expect_identical(read_artifact(fixture("arrow", "basic.arrow")), basic_table())
})

test_that("files with flatbuffers laid out front to back read the same", {
  expect_identical(read_artifact(fixture("arrow", "handmade.arrow")), basic_table())
  expect_identical(read_artifact(fixture("arrow", "handmade.arrows")), basic_table())
})

test_that("streams, legacy framing and delta dictionaries read", {
  expect_identical(read_artifact(fixture("arrow", "basic.arrows")), basic_table())
  expect_identical(read_artifact(fixture("arrow", "basic_legacy.arrows")), basic_table())
  delta <- read_artifact(fixture("arrow", "dict_delta.arrows"))
  expect_identical(delta, data.frame(cat = factor(c("A", "B", "A", "C", NA, "B"), levels = c("A", "B", "C"))))
})

test_that("zero-row files and streams without batches give typed empty columns", {
  zero <- basic_table()[0, ]
  rownames(zero) <- NULL
  zero$cat <- factor(character())
  expect_identical(read_artifact(fixture("arrow", "zero_rows.arrow")), zero)
  expect_identical(read_artifact(fixture("arrow", "empty.arrows")), zero)
})

test_that("zero-row string columns side by side each take their own buffers", {
  path <- tempfile(fileext = ".arrow")
  zero <- data.frame(a = character(), b = character(), c = 1L[0])
  write_artifact(zero, path)
  expect_identical(read_artifact(path), zero)
})

test_that("a dictionary column whose dictionary batch is absent reads as a factor without levels", {
  # No batch at all (as pyarrow writes an empty table): no codes, no dictionary.
  path <- tempfile(fileext = ".arrow")
  write_artifact(data.frame(o = factor(character(), levels = "x"), stringsAsFactors = FALSE), path)
  contents <- read_arrow_file(path)
  field <- contents$fields[[1L]]
  field$dictionary$ordered <- TRUE
  expect_identical(finish_column(field, list(), list()), factor(character(), ordered = TRUE))
  expect_identical(finish_column(field, list(integer()), list()), factor(character(), ordered = TRUE))
  expect_error(finish_column(field, list(0L), list()), "dictionary index out of range", class = "braid_error_arrow")
  # An empty dictionary batch (a factor without levels) reads the same.
  write_artifact(data.frame(f = factor(character())), path)
  expect_identical(read_artifact(path), data.frame(f = factor(character())))
})

test_that("a pandas index becomes row names, a RangeIndex automatic row names", {
  named <- read_artifact(fixture("arrow", "pandas_named_index.arrow"))
  expected <- data.frame(
    price = c(1.5, 2, NA),
    units = c(3L, NA, 5L),
    shop = factor(c("north", "south", "north")),
    day = .POSIXct(c(1704067200, 1704153600, NA), tz = "UTC"),
    row.names = c("r1", "r2", "r3")
  )
  expect_identical(named, expected)
  range <- read_artifact(fixture("arrow", "pandas_range_index.arrow"))
  expect_identical(range, data.frame(x = c(10, 20, 30), y = c("a", "b", "c")))
})

test_that("damaged files are classed errors naming the file", {
  bytes <- readBin(fixture("arrow", "basic.arrow"), "raw", 4000L)
  damaged <- function(edit) {
    path <- tempfile(fileext = ".arrow")
    writeBin(edit(bytes), path)
    path
  }
  truncated <- damaged(function(b) b[1:100])
  err <- expect_error(read_artifact(truncated), class = "braid_error_arrow")
  expect_match(conditionMessage(err), basename(truncated), fixed = TRUE)
  bad_footer <- damaged(function(b) {
    b[length(b) - 9:6] <- as.raw(c(0xff, 0xff, 0xff, 0x7f))
    b
  })
  expect_error(read_artifact(bad_footer), "footer length", class = "braid_error_arrow")
  expect_error(read_artifact(damaged(function(b) raw(0))), class = "braid_error_arrow")
  expect_error(read_artifact(file.path(tempdir(), "missing.arrow")), "does not exist", class = "braid_error_arrow")
})

test_that("the schema can be read without the data", {
  schema <- braid:::read_arrow_schema(fixture("arrow", "basic.arrow"))
  expect_identical(vapply(schema$fields, `[[`, character(1), "name"), c("i32", "f64", "s", "b", "d", "ts", "cat"))
  expect_identical(vapply(schema$fields, function(f) braid:::arrow_type_name(f$type), character(1)), c(
    "int32", "double", "utf8", "bool", "date32[day]", "timestamp[us, tz=UTC]", "utf8"
  ))
  expect_identical(schema$fields[[7]]$dictionary$index$bits, 32L)
  expect_identical(braid:::read_arrow_schema(fixture("arrow", "basic.arrows"))$fields[[1]]$name, "i32")
})
