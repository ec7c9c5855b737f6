# pandas metadata: row names as the index, nullable dtypes (arrow_pandas.R).

test_that("a frame's types and row names are what pandas expects", {
  df <- every_type_frame()
  rownames(df) <- paste0("row", 1:4)
  path <- tempfile(fileext = ".arrow")
  write_artifact(df, path)
  pandas <- pyarrow_check(path)[[path]]$pandas
  expect_identical(pandas$index, paste0("'row", 1:4, "'"))
  expect_identical(pandas$columns, names(df))
  expect_identical(unlist(pandas$dtypes[c("int", "lgl", "fct", "when")]), c(
    int = "Int32", lgl = "boolean", fct = "category", when = "datetime64[us, Europe/Paris]"
  ))
  plain <- tempfile(fileext = ".arrow")
  write_artifact(data.frame(x = 1:2), plain)
  expect_identical(pyarrow_check(plain)[[plain]]$pandas$index, c("0", "1"))
})


test_that("one stored index of unique strings or integers becomes row names; others stay columns", {
  meta <- function(index) as.character(jsonlite::toJSON(list(index_columns = index), auto_unbox = TRUE))
  columns <- list(x = 1:3, id = c("a", "b", "c"))
  named <- braid:::pandas_row_names(columns, 3, meta(list("id")))
  expect_identical(named$columns, list(x = 1:3))
  expect_identical(named$row_names, c("a", "b", "c"))
  duplicated <- braid:::pandas_row_names(list(x = 1:3, id = c("a", "a", "c")), 3, meta(list("id")))
  expect_null(duplicated$row_names)
  expect_named(duplicated$columns, c("x", "id"))
  two_levels <- braid:::pandas_row_names(columns, 3, meta(list("id", "x")))
  expect_null(two_levels$row_names)
  shifted <- braid:::pandas_row_names(columns, 3, meta(list(list(kind = "range", name = NULL, start = 10, stop = 16, step = 2))))
  expect_identical(shifted$row_names, c(10L, 12L, 14L))
  default <- braid:::pandas_row_names(columns, 3, meta(list(list(kind = "range", name = NULL, start = 0, stop = 3, step = 1))))
  expect_null(default$row_names)
  expect_null(braid:::pandas_row_names(columns, 3, "not json")$row_names)
})

test_that("R writes the pandas metadata to_pandas() needs", {
  df <- data.frame(n = c(1L, NA), b = c(TRUE, FALSE), s = c("a", "b"))
  meta <- jsonlite::fromJSON(braid:::pandas_metadata(df, NULL, NULL), simplifyVector = FALSE)
  expect_identical(meta$index_columns, list(list(kind = "range", name = NULL, start = 0L, stop = 2L, step = 1L)))
  expect_identical(vapply(meta$columns, `[[`, character(1), "numpy_type"), c("Int32", "bool", "object"))
  expect_identical(meta$creator$library, "braid-r")
  indexed <- jsonlite::fromJSON(braid:::pandas_metadata(df, NULL, c("r1", "r2")), simplifyVector = FALSE)
  expect_identical(indexed$index_columns, list("__index_level_0__"))
  expect_null(indexed$columns[[4]]$name)
  expect_identical(indexed$columns[[4]]$field_name, "__index_level_0__")
})
