# Arrow columns -> R vectors: types, widths, bitmaps, strings (arrow_columns_read.R).

test_that("pyarrow's other types read as R's nearest type", {
  x <- braid:::read_arrow_file(fixture("arrow", "types.arrow"), col_select = c(
    "null", "i8", "u16", "i64", "f32", "bin", "lbin", "lstr", "d64", "t32", "t64", "tsn", "dur"
  ))$columns
  expect_identical(x$null, c(NA, NA, NA))
  expect_identical(x$i8, c(-1L, NA, 127L))
  expect_identical(x$u16, c(1L, 2L, NA))
  expect_identical(x$i64, c(1099511627776, NA, -5))
  expect_identical(x$f32, c(0.25, NA, -1))
  expect_identical(x$bin, list(as.raw(c(0, 1)), NULL, raw()))
  expect_identical(x$lbin, list(charToRaw("xy"), raw(), NULL))
  expect_identical(x$lstr, c("\u00e9t\u00e9", NA, "z"))
  expect_identical(x$d64, as.Date(c("2024-01-01", NA, "1970-01-01")))
  expect_identical(x$t32, structure(c(3723, NA, 0), units = "secs", class = "difftime"))
  expect_equal(as.numeric(x$t64), c(86399.999999, NA, 0))
  expect_equal(as.numeric(x$tsn), c(1e-9, NA, 3e-9))
  expect_identical(attr(x$tsn, "tzone"), "UTC")
  expect_identical(x$dur, structure(c(60, NA, -1), units = "secs", class = "difftime"))
})

test_that("uint64 past 2^53 warns and is rounded", {
  expect_warning(
    x <- braid:::read_arrow_file(fixture("arrow", "types.arrow"), col_select = "u64")$columns$u64,
    class = "braid_warning_precision"
  )
  expect_identical(x, c(0, 2^64, NA))
})

test_that("unsupported types are named in the error", {
  err <- expect_error(read_artifact(fixture("arrow", "types.arrow")), class = "braid_error_arrow")
  expect_match(conditionMessage(err), "column `lst`, `llst`, `st` and `fsl` of type list, large_list, struct and fixed_size_list", fixed = TRUE)
  expect_match(conditionMessage(err), "types.arrow", fixed = TRUE)
})

test_that("compressed bodies are a clear error", {
  for (name in c("basic_lz4.arrow", "basic_zstd.arrow", "handmade_zstd.arrow")) {
    err <- expect_error(read_artifact(fixture("arrow", name)), class = "braid_error_arrow")
    expect_match(conditionMessage(err), "compressed with (LZ4_FRAME|ZSTD), which the pure-R reader cannot decompress")
  }
})

test_that("strings are cut out of their bytes in chunks, multibyte ones too", {
  text <- c("a", "", "\u00e9t\u00e9", NA, "\u65e5\u672c\u8a9e", "zz")
  bytes <- charToRaw(paste0(ifelse(is.na(text), "", text), collapse = ""))
  offsets <- c(0, cumsum(nchar(ifelse(is.na(text), "", text), type = "bytes")))
  expected <- ifelse(is.na(text), "", text)
  expect_identical(braid:::strings_from_raw(bytes, offsets), expected)
  expect_identical(braid:::strings_from_raw(bytes, offsets, chunk = 4), expected)
  expect_identical(braid:::strings_from_raw(raw(), c(0, 0, 0)), c("", ""))
  expect_error(braid:::strings_from_raw(as.raw(c(0x61, 0, 0x62)), c(0, 3)), "NUL byte", class = "braid_error_arrow")
})

