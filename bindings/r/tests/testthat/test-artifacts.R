test_that("a data frame of every column type, NA everywhere, comes back identical", {
  df <- every_type_frame()
  back <- round_trip(df)
  expect_identical(back$value, df)
  expect_identical(back$kind, "table")
  expect_identical(back$type_name, "data.frame")
})

test_that("NA and NaN stay apart in doubles", {
  back <- round_trip(c(NA, NaN, 1, NA))$value
  expect_identical(is.nan(back), c(FALSE, TRUE, FALSE, FALSE))
  expect_identical(is.na(back), c(TRUE, TRUE, FALSE, TRUE))
})

test_that("factors keep unused levels, NA, their order and orderedness", {
  f <- factor(c("b", NA, "b"), levels = c("c", "b", "a"))
  expect_identical(round_trip(f)$value, f)
  o <- factor(c("hi", "lo"), levels = c("lo", "hi"), ordered = TRUE)
  expect_identical(round_trip(o)$value, o)
  expect_identical(round_trip(o)$type_name, "ordered")
  empty <- factor(character(), levels = c("x", "y"))
  expect_identical(round_trip(empty)$value, empty)
})

test_that("character row names come back, and travel as pandas' index", {
  df <- data.frame(x = 1:3, y = c("a", "b", "c"))
  rownames(df) <- c("r1", "r2", "r3")
  expect_identical(round_trip(df)$value, df)
  integer_names <- df[c(3, 1), ]
  expect_identical(round_trip(integer_names)$value, integer_names)
})

test_that("zero-row and zero-column frames come back identical", {
  zero <- every_type_frame()[0, ]
  rownames(zero) <- NULL
  expect_identical(round_trip(zero)$value, zero)
  expect_identical(round_trip(data.frame())$value, data.frame())
  no_columns <- data.frame(row.names = 1:4)
  expect_identical(round_trip(no_columns)$value, no_columns)
})

test_that("zero-row frames keep character(0) row names (mtcars[0, ])", {
  expect_identical(round_trip(mtcars[0, ])$value, mtcars[0, ])
  named <- every_type_frame()
  rownames(named) <- paste0("r", seq_len(nrow(named)))
  expect_identical(round_trip(named[0, ])$value, named[0, ])
})

test_that("length-one vectors are scalars, longer ones vectors", {
  values <- list(
    1L, 2.5, NaN, NA_real_, NA_integer_, NA_character_, NA, TRUE, "héllo",
    as.Date("2024-02-29"), as.POSIXct("2024-01-01 00:00:01", tz = "UTC"), factor("a")
  )
  for (x in values) {
    back <- round_trip(x)
    expect_identical(back$value, x)
    expect_identical(back$kind, "scalar")
  }
  vectors <- list(
    1:10, c(1.5, NA, NaN), c("a", NA, ""), c(TRUE, NA), integer(), character(), double(), logical(),
    as.Date(c("2024-01-01", NA)), as.POSIXct(c("2024-01-01 10:00", NA), tz = "America/New_York")
  )
  for (x in vectors) {
    back <- round_trip(x)
    expect_identical(back$value, x)
    expect_identical(back$kind, "vector")
  }
})

test_that("NULL is a null scalar", {
  back <- round_trip(NULL)
  expect_null(back$value)
  expect_identical(back$kind, "scalar")
  expect_identical(back$type_name, "NULL")
})

test_that("lists and named lists are JSON and come back identical", {
  values <- list(
    list(),
    list(1, 2L, "a", TRUE, NULL),
    list(a = 1, b = list(c = c(1.5, NA), d = NA_character_, e = character()), f = NULL),
    list(x = c(0.1 + 0.2, 1e300, -0, 5e-324), y = c(NA, 1L), z = structure(list(), names = character())),
    list(list(list("deep")))
  )
  for (x in values) {
    back <- round_trip(x)
    expect_identical(back$value, x)
    expect_identical(back$kind, "json")
  }
})

test_that("other objects are stored with serialize() as rds", {
  model <- lm(y ~ x, data.frame(x = 1:4, y = c(1, 3, 2, 5)))
  back <- round_trip(model)
  expect_identical(back$kind, "rds")
  expect_identical(back$type_name, "lm")
  expect_equal(back$value, model, ignore_function_env = TRUE, ignore_formula_env = TRUE)
  others <- list(
    c(a = 1, b = 2), matrix(1:4, 2), list(a = 1, a = 2), list(NaN), list(mean),
    data.frame(x = I(list(1, 2))), as.POSIXlt("2024-01-01", tz = "UTC"), 1i, as.raw(1:3)
  )
  for (x in others) {
    back <- round_trip(x)
    expect_identical(back$kind, "rds")
    expect_identical(back$value, x)
  }
})

test_that("a POSIXct without a time zone is written in the session's zone", {
  x <- as.POSIXct(c(0, 86400.5), origin = "1970-01-01")
  attr(x, "tzone") <- NULL
  back <- round_trip(x)$value
  expect_equal(as.numeric(back), as.numeric(x))
  expect_true(nzchar(attr(back, "tzone")))
})

test_that("reading a pickle artifact is a classed error naming the artifact and Python", {
  path <- tempfile(fileext = ".arrow")
  columns <- list(braid:::arrow_column(list(as.raw(1:3)), "value"))
  meta <- list(braid = '{"version":1,"kind":"pickle","language":"python","type_name":"sklearn.Model"}')
  braid:::write_arrow_file(path, columns, 1L, meta)
  err <- expect_error(read_artifact(path, "model"), class = "braid_error_artifact_language")
  expect_match(conditionMessage(err), "artifact `model` is a Python object (sklearn.Model, kind pickle) that only Python can read", fixed = TRUE)
  expect_identical(err$artifact, "model")
  expect_s3_class(err, "braid_error_artifact")
})

test_that("an rds artifact written by another language is refused", {
  path <- tempfile(fileext = ".arrow")
  columns <- list(braid:::arrow_column(list(serialize(1, NULL)), "value"))
  meta <- list(braid = '{"version":1,"kind":"rds","language":"julia","type_name":"x"}')
  braid:::write_arrow_file(path, columns, 1L, meta)
  expect_error(read_artifact(path, "x"), class = "braid_error_artifact_language")
})

test_that("strings that are not valid UTF-8 cannot be written", {
  bad <- rawToChar(as.raw(c(0x61, 0xff)))
  err <- expect_error(write_artifact(c("ok", bad), tempfile()), class = "braid_error_persist")
  expect_match(conditionMessage(err), "not valid UTF-8 (element 2)", fixed = TRUE)
  latin1 <- iconv("caf\u00e9", "UTF-8", "latin1")
  expect_identical(round_trip(latin1)$value, "caf\u00e9")
})

test_that("files written for every kind are valid for pyarrow, which sees the right values", {
  dir <- new_temp_dir()
  paths <- file.path(dir, paste0(c("table", "scalar", "vector", "json", "rds", "null"), ".arrow"))
  write_artifact(every_type_frame(), paths[[1]])
  write_artifact(42L, paths[[2]])
  write_artifact(c(1.5, NA, NaN), paths[[3]])
  write_artifact(list(a = 1, b = list("x", NULL)), paths[[4]])
  write_artifact(lm(y ~ x, data.frame(x = 1:3, y = c(1, 2, 4))), paths[[5]])
  write_artifact(NULL, paths[[6]])
  seen <- pyarrow_check(paths)
  table <- seen[[paths[[1]]]]
  expect_identical(unname(unlist(table$types)), c(
    "int32", "double", "string", "bool", "dictionary<values=string, indices=int32, ordered=0>",
    "dictionary<values=string, indices=int32, ordered=1>", "date32[day]", "timestamp[us, tz=Europe/Paris]"
  ))
  expect_identical(table$values$dbl, c("1.5", "nan", "None", "-inf"))
  expect_identical(table$values$chr, c("'a'", "None", "'ccc'", "'été 日本'"))
  expect_identical(seen[[paths[[2]]]]$values$value, "42")
  expect_identical(seen[[paths[[3]]]]$values$value, c("1.5", "None", "nan"))
  expect_identical(seen[[paths[[4]]]]$values$value, "'{\"a\":1.0,\"b\":[\"x\",null]}'")
  expect_identical(seen[[paths[[6]]]]$types$value, "null")
  expect_setequal(seen[[paths[[1]]]]$metadata, c("braid", "pandas"))
})

test_that("the braid metadata key is written as docs/formats.md says", {
  path <- tempfile(fileext = ".arrow")
  write_artifact(1:3, path)
  meta <- braid:::read_arrow_schema(path)$metadata
  expect_identical(meta$braid, '{"version":1,"kind":"vector","language":"r","type_name":"integer"}')
})

test_that("a plain Arrow file without braid metadata reads as a table", {
  expect_s3_class(read_artifact(fixture("arrow", "basic.arrow")), "data.frame")
})

test_that("values a Python step stores read as their R counterparts", {
  python <- need_pyarrow()
  dir <- new_temp_dir()
  out <- suppressWarnings(system2(python, shQuote(c(fixture("python_artifacts.py"), dir)), stdout = TRUE, stderr = TRUE, env = python_env()))
  expect_null(attr(out, "status"))
  at <- function(name) file.path(dir, paste0(name, ".arrow"))
  expect_identical(read_artifact(at("int")), 7)
  expect_identical(read_artifact(at("float_nan")), NaN)
  expect_identical(read_artifact(at("str")), "h\u00e9llo")
  expect_null(read_artifact(at("none")))
  expect_identical(read_artifact(at("date")), as.Date("2024-02-29"))
  expect_identical(read_artifact(at("datetime")), as.POSIXct("2024-01-01 12:30:00", tz = "UTC"))
  expect_identical(read_artifact(at("vector")), c(1, 2, NA))
  expect_identical(read_artifact(at("json")), list(grid = c(0.1, 0.05), name = "x", nested = list(k = NULL)))
  expect_error(read_artifact(at("pickle"), "model"), "only Python can read", class = "braid_error_artifact_language")
  expect_identical(read_artifact(at("frame")), data.frame(
    price = c(1.5, NA, 3),
    units = c(1L, NA, 3L),
    shop = factor(c("a", "b", "a"), levels = c("a", "b", "c")),
    name = c("x", NA, "z"),
    flag = c(TRUE, FALSE, TRUE),
    row.names = c("r1", "r2", "r3")
  ))
})
