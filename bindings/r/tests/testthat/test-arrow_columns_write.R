# R vectors -> Arrow buffers (arrow_columns_write.R).

test_that("bitmaps are least-significant bit first and padded to whole bytes", {
  bits <- function(x) buffer_bytes(braid:::bits_buffer(x))
  expect_identical(bits(c(TRUE, FALSE, TRUE)), as.raw(0x05))
  expect_identical(bits(rep(TRUE, 9)), as.raw(c(0xff, 0x01)))
  expect_identical(bits(logical()), raw())
  expect_identical(bits(c(NA, TRUE, FALSE)), as.raw(0x02)) # NA is 0
  expect_identical(bits(c(rep(FALSE, 8), TRUE, rep(FALSE, 7), TRUE)), as.raw(c(0x00, 0x01, 0x01)))
  many <- rep(c(TRUE, FALSE, NA), length.out = 100003)
  expect_identical(bits(many), packBits(c(many %in% TRUE, logical(5)), "raw"))
})

test_that("factor codes become 0-based indices, NA a 0 under the validity bitmap", {
  codes <- buffer_bytes(list(size = 16, value = factor(c("b", NA, "a", "b")), as = "codes"))
  expect_identical(readBin(codes, "integer", 4L, size = 4L, endian = "little"), c(1L, 0L, 0L, 1L))
})

test_that("int64 buffers hold whole doubles, with 0 where a value is not finite", {
  bytes <- buffer_bytes(braid:::int64_buffer(c(-1, 2^53, NA, Inf, 5)))
  expect_identical(braid:::raw_to_int64(bytes), c(-1, 2^53, 0, 0, 5))
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
  expect_identical(buffer_bytes(braid:::string_column(text, "s")$buffers[[3L]]), charToRaw(enc2utf8("ab\u00e9\u00e9cdef")))
})

test_that("repeated strings (one CHARSXP many times) are measured and written like distinct ones", {
  latin1 <- iconv("caf\u00e9", "UTF-8", "latin1")
  text <- rep(c("a", "\u65e5", latin1, NA, ""), 5000)
  column <- braid:::string_column(text, "s")
  expect_identical(column$null_count, 5000)
  expect_identical(column$buffers[[3L]]$size, 5000 * (1 + 3 + 5))
  data <- buffer_bytes(column$buffers[[3L]])
  expect_identical(data, rep(charToRaw(enc2utf8(paste0("a", "\u65e5", "caf\u00e9"))), 5000))
  offsets <- readBin(buffer_bytes(column$buffers[[2L]]), "integer", 25001L, size = 4L, endian = "little")
  expect_identical(offsets[1:6], c(0L, 1L, 4L, 9L, 9L, 9L))
  expect_identical(offsets[[25001L]], 45000L)
  # A bad string among many repeats is still found, at its own index.
  bad <- c(rep("ok", 10000), "b\xff")
  Encoding(bad) <- "bytes"
  err <- expect_error(braid:::string_column(bad, "col"), class = "braid_error_persist")
  expect_match(conditionMessage(err), "(element 10001)", fixed = TRUE)
})


test_that("string columns hold UTF-8 bytes, 32-bit offsets and a bitmap of the NAs", {
  latin1 <- iconv("caf\u00e9", "UTF-8", "latin1")
  text <- c("ab", NA, "", latin1, "\u65e5")
  column <- braid:::string_column(text, "s")
  expect_identical(column$field$type$id, "utf8")
  expect_identical(column$null_count, 1)
  expect_identical(column$buffers[[1L]]$value, as.raw(0x1d))
  expect_identical(readBin(buffer_bytes(column$buffers[[2L]]), "integer", 6L, size = 4L, endian = "little"), c(0L, 2L, 2L, 2L, 7L, 10L))
  expect_identical(buffer_bytes(column$buffers[[3L]]), charToRaw(enc2utf8(paste0("ab", "caf\u00e9", "\u65e5"))))
  # No NA: no bitmap. No strings: one offset.
  expect_identical(braid:::string_column(c("a", ""), "s")$buffers[[1L]]$value, raw())
  none <- braid:::string_column(character(), "s")
  expect_identical(lapply(none$buffers, buffer_bytes), list(raw(), raw(4L), raw()))
})

test_that("strings marked bytes are written when they are UTF-8, refused when not", {
  ok <- "\u00e9"
  Encoding(ok) <- "bytes"
  expect_identical(buffer_bytes(braid:::string_column(ok, "s")$buffers[[3L]]), as.raw(c(0xc3, 0xa9)))
  bad <- c("a", "b\xff")
  Encoding(bad) <- "bytes"
  err <- expect_error(braid:::string_column(bad, "col"), class = "braid_error_persist")
  expect_match(conditionMessage(err), "column `col` holds a string that is not valid UTF-8 (element 2)", fixed = TRUE)
})

test_that("data past the 32-bit offsets' limit makes a large_utf8 column that reads back", {
  text <- c("\u00e9t\u00e9", NA, "xyz", "")
  column <- braid:::string_column(text, "s", limit = 4)
  expect_identical(column$field$type$id, "large_utf8")
  expect_identical(braid:::raw_to_int64(buffer_bytes(column$buffers[[2L]])), c(0, 5, 5, 8, 8))
  path <- tempfile(fileext = ".arrow")
  braid:::write_arrow_file(path, list(column), 4)
  expect_identical(braid:::read_arrow_file(path)$columns$s, text)
})

test_that("pieces are written in order, big ones past the buffer too, and sizes are checked", {
  path <- tempfile()
  big <- as.raw(seq_len(3e6) %% 251)
  numbers <- c(1.5, -2, NA)
  written <- braid:::write_pieces(path, list(
    as.raw(1:3),
    list(size = 3e6, value = big, as = "raw", pad = 5),
    list(size = 24, value = numbers, as = "double"),
    list(size = 8, value = c(7L, NA), as = "int32")
  ))
  expect_identical(written, 3 + 3e6 + 5 + 24 + 8)
  bytes <- readBin(path, "raw", file.size(path))
  expect_identical(bytes[1:3], as.raw(1:3))
  expect_identical(bytes[4:(3e6 + 3)], big)
  expect_identical(bytes[3e6 + 4:8], raw(5))
  expect_identical(readBin(bytes[3e6 + 9:32], "double", 3L, size = 8L, endian = "little"), numbers)
  expect_identical(readBin(bytes[3e6 + 33:40], "integer", 2L, size = 4L, endian = "little"), c(7L, NA))
  expect_error(braid:::write_pieces(path, list(list(size = 5, value = 1:2, as = "int32"))), "wrote 8 bytes where its header says 5")
  expect_error(braid:::write_pieces(path, list(list(size = 8, value = 1:2, as = "double"))), "wrong type")
  expect_error(braid:::write_pieces(path, list(list(size = 8, value = 1:2, as = "ints"))), "unknown buffer kind")
})

test_that("a file that cannot be created is an error naming it", {
  path <- file.path(tempfile(), "missing-dir", "x.arrow")
  err <- expect_error(braid:::write_pieces(path, list(raw(1))), class = "braid_error_persist")
  expect_match(conditionMessage(err), "could not write the Arrow file .*x.arrow: No such file or directory")
})
