# R vectors -> Arrow buffers (arrow_columns_write.R).

test_that("bitmaps are least-significant bit first and padded to whole bytes", {
  expect_identical(braid:::bitmap(c(TRUE, FALSE, TRUE)), as.raw(0x05))
  expect_identical(braid:::bitmap(rep(TRUE, 9)), as.raw(c(0xff, 0x01)))
  expect_identical(braid:::bitmap(logical()), raw())
})

test_that("string data is written as the strings' UTF-8 bytes back to back", {
  text <- c("ab", "", "\u00e9\u00e9", "cde", NA, "f")
  path <- tempfile()
  con <- file(path, "wb")
  braid:::write_buffer(braid:::string_column(text, "s")$buffers[[3L]], con)
  close(con)
  expect_identical(readBin(path, "raw", 100L), charToRaw(enc2utf8("ab\u00e9\u00e9cdef")))
})

