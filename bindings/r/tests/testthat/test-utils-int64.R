test_that("int64 values round trip through their bytes", {
  x <- c(0, 1, -1, 2^31, -2^31, 2^32 + 5, -(2^32 + 5), 2^53, -2^53, 1704110400000500)
  bytes <- braid:::int64_to_raw(x)
  expect_length(bytes, 8L * length(x))
  expect_identical(braid:::raw_to_int64(bytes), x)
  expect_identical(bytes[1:16], as.raw(c(0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0)))
  expect_identical(braid:::int64_to_raw(-1), as.raw(rep(0xff, 8)))
  expect_identical(braid:::raw_to_int64(raw()), double())
})

test_that("int64 values past 2^53 warn when read, but not in null slots", {
  int64 <- braid:::arrow_type("int", bits = 64L, signed = TRUE)
  column <- function(values, validity) {
    braid:::fixed_column("x", int64, braid:::validity_of(validity), list(braid:::int64_buffer(values)))
  }
  path <- tempfile(fileext = ".arrow")
  braid:::write_arrow_file(path, list(column(c(1, 2^60), c(1, 1))), 2)
  expect_warning(x <- braid:::read_arrow_file(path)$columns$x, "beyond 2^53", fixed = TRUE, class = "braid_warning_precision")
  expect_identical(x, c(1, 2^60))
  braid:::write_arrow_file(path, list(column(c(1, 2^60), c(1, NA))), 2) # 2^60 under a null
  expect_no_warning(x <- braid:::read_arrow_file(path)$columns$x)
  expect_identical(x, c(1, NA))
  braid:::write_arrow_file(path, list(column(c(-2^53, 2^53 - 1), c(1, 1))), 2) # the edges still fit
  expect_no_warning(x <- braid:::read_arrow_file(path)$columns$x)
  expect_identical(x, c(-2^53, 2^53 - 1))
  expect_identical(braid:::halves_to_int64(c(-1L, -1L), signed = FALSE), 2^64 - 1)
})
