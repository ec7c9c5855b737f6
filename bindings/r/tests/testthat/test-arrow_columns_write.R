# R vectors -> Arrow buffers (arrow_columns_write.R).

test_that("bitmaps are least-significant bit first and padded to whole bytes", {
  expect_identical(braid:::bitmap(c(TRUE, FALSE, TRUE)), as.raw(0x05))
  expect_identical(braid:::bitmap(rep(TRUE, 9)), as.raw(c(0xff, 0x01)))
  expect_identical(braid:::bitmap(logical()), raw())
})

test_that("long string data is split into chunks that join back to the same bytes", {
  text <- c("ab", "", "\u00e9\u00e9", "cde", "f")
  ends <- cumsum(nchar(text, type = "bytes"))
  chunks <- braid:::text_chunks(text, ends, chunk = 3)
  expect_gt(length(chunks), 1L)
  expect_identical(paste0(chunks, collapse = ""), paste0(text, collapse = ""))
})

