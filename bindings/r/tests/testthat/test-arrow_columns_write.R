# R vectors -> Arrow buffers (arrow_columns_write.R).

test_that("bitmaps are least-significant bit first and padded to whole bytes", {
  expect_identical(braid:::bitmap(c(TRUE, FALSE, TRUE)), as.raw(0x05))
  expect_identical(braid:::bitmap(rep(TRUE, 9)), as.raw(c(0xff, 0x01)))
  expect_identical(braid:::bitmap(logical()), raw())
  expect_identical(braid:::bitmap(c(NA, TRUE, FALSE)), as.raw(0x02)) # NA is 0
})

test_that("validity bitmaps mark NA (not NaN) and NULL as nulls, and are left out with none", {
  v <- braid:::validity_of(c(1, NA, NaN, Inf))
  expect_identical(v[c("validity", "null_count", "length")], list(validity = as.raw(0x0d), null_count = 1, length = 4L))
  expect_identical(braid:::validity_of(c(1, NA, NaN, Inf), finite = TRUE)$validity, as.raw(0x01))
  expect_identical(braid:::validity_of(c(rep(1L, 8), NA))$validity, as.raw(c(0xff, 0x00)))
  expect_identical(braid:::validity_of(c(TRUE, NA))$null_count, 1)
  expect_identical(braid:::validity_of(list(raw(), NULL, as.raw(1)))$validity, as.raw(0x05))
  expect_identical(braid:::validity_of(1:3)[c("validity", "null_count")], list(validity = raw(), null_count = 0))
  expect_identical(braid:::validity_of(double())$validity, raw())
})

test_that("string data is written as the strings' UTF-8 bytes back to back", {
  text <- c("ab", "", "\u00e9\u00e9", "cde", NA, "f")
  path <- tempfile()
  con <- file(path, "wb")
  braid:::write_buffer(braid:::string_column(text, "s")$buffers[[3L]], con)
  close(con)
  expect_identical(readBin(path, "raw", 100L), charToRaw(enc2utf8("ab\u00e9\u00e9cdef")))
})


test_that("string columns hold UTF-8 bytes, 32-bit offsets and a bitmap of the NAs", {
  latin1 <- iconv("caf\u00e9", "UTF-8", "latin1")
  text <- c("ab", NA, "", latin1, "\u65e5")
  column <- braid:::string_column(text, "s")
  expect_identical(column$field$type$id, "utf8")
  expect_identical(column$null_count, 1)
  expect_identical(column$buffers[[1L]]$value, as.raw(0x1d))
  expect_identical(readBin(column$buffers[[2L]]$value, "integer", 6L, size = 4L, endian = "little"), c(0L, 2L, 2L, 2L, 7L, 10L))
  expect_identical(column$buffers[[3L]]$value, charToRaw(enc2utf8(paste0("ab", "caf\u00e9", "\u65e5"))))
  # No NA: no bitmap. No strings: one offset.
  expect_identical(braid:::string_column(c("a", ""), "s")$buffers[[1L]]$value, raw())
  none <- braid:::string_column(character(), "s")
  expect_identical(lapply(none$buffers, `[[`, "value"), list(raw(), raw(4L), raw()))
})

test_that("strings marked bytes are written when they are UTF-8, refused when not", {
  ok <- "\u00e9"
  Encoding(ok) <- "bytes"
  expect_identical(braid:::string_column(ok, "s")$buffers[[3L]]$value, as.raw(c(0xc3, 0xa9)))
  bad <- c("a", "b\xff")
  Encoding(bad) <- "bytes"
  err <- expect_error(braid:::string_column(bad, "col"), class = "braid_error_persist")
  expect_match(conditionMessage(err), "column `col` holds a string that is not valid UTF-8 (element 2)", fixed = TRUE)
})

test_that("data past the 32-bit offsets' limit makes a large_utf8 column that reads back", {
  text <- c("\u00e9t\u00e9", NA, "xyz", "")
  column <- braid:::string_column(text, "s", limit = 4)
  expect_identical(column$field$type$id, "large_utf8")
  expect_identical(braid:::raw_to_int64(column$buffers[[2L]]$value), c(0, 5, 5, 8, 8))
  path <- tempfile(fileext = ".arrow")
  braid:::write_arrow_file(path, list(column), 4)
  expect_identical(braid:::read_arrow_file(path)$columns$s, text)
})

test_that("raw buffers past one writeBin() call are written in pieces", {
  path <- tempfile()
  con <- file(path, "wb")
  braid:::write_raw(as.raw(1:10), con, piece = 3)
  close(con)
  expect_identical(readBin(path, "raw", 100L), as.raw(1:10))
})
