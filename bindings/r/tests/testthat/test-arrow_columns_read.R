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
    expect_match(conditionMessage(err), "compressed with (LZ4_FRAME|ZSTD), which braid's R reader cannot decompress")
  }
})

test_that("strings are made from their offsets and bytes, multibyte and empty ones too", {
  text <- c("a", "", "\u00e9t\u00e9", NA, "\u65e5\u672c\u8a9e", "zz")
  filled <- ifelse(is.na(text), "", text)
  bytes <- charToRaw(paste0(filled, collapse = ""))
  offsets <- c(0L, cumsum(nchar(filled, type = "bytes")))
  validity <- braid:::bitmap(!is.na(text))
  x <- braid:::decode_strings(offsets, bytes, validity, "s")
  expect_identical(x, text)
  # ASCII strings are left unmarked, as R's own are; the others are marked UTF-8.
  expect_identical(Encoding(x), c("unknown", "unknown", "UTF-8", "unknown", "UTF-8", "unknown"))
  expect_identical(braid:::decode_strings(offsets, bytes, NULL, "s"), filled)
  # 64-bit offsets arrive as doubles, and need not start at 0.
  expect_identical(braid:::decode_strings(offsets + 2^33, bytes, validity, "s"), text)
  expect_identical(braid:::decode_strings(0L, raw(), NULL, "s"), character())
  expect_identical(braid:::decode_strings(c(0L, 0L, 0L), raw(), NULL, "s"), c("", ""))
})

test_that("bad string data is an error naming the column and row", {
  bad <- function(bytes, offsets = c(0L, 1L, 1L + length(bytes))) {
    err <- expect_error(braid:::decode_strings(offsets, c(charToRaw("a"), bytes), NULL, "name"), class = "braid_error_arrow")
    conditionMessage(err)
  }
  expect_match(bad(as.raw(c(0x61, 0, 0x62))), "column `name` row 2 holds a NUL byte", fixed = TRUE)
  expect_match(bad(as.raw(0xff)), "column `name` row 2 holds bytes that are not valid UTF-8", fixed = TRUE)
  expect_match(bad(as.raw(c(0xc0, 0xaf))), "not valid UTF-8") # overlong "/"
  expect_match(bad(as.raw(c(0xed, 0xa0, 0x80))), "not valid UTF-8") # a surrogate
  expect_match(bad(as.raw(c(0xe6, 0x97))), "not valid UTF-8") # cut short
  expect_match(bad(charToRaw("bc"), c(0L, 2L, 1L)), "column `name` row 2 has string offsets that decrease", fixed = TRUE)
  expect_match(bad(charToRaw("bc"), c(0L, 1L, 9L)), "pass the end of the data", fixed = TRUE)
  # A null slot is not looked at.
  expect_identical(braid:::decode_strings(c(0L, 1L, 2L), as.raw(c(0x61, 0xff)), as.raw(0x01), "s"), c("a", NA))
})

test_that("a file whose strings are not valid UTF-8 is a clear error", {
  path <- tempfile(fileext = ".arrow")
  write_artifact(data.frame(s = c("ok", "xqzzy")), path)
  bytes <- readBin(path, "raw", file.size(path))
  at <- grepRaw("xqzzy", bytes, fixed = TRUE)
  bytes[at + 1L] <- as.raw(0xfe)
  writeBin(bytes, path)
  err <- expect_error(read_artifact(path), class = "braid_error_arrow")
  expect_match(conditionMessage(err), "column `s` row 2 holds bytes that are not valid UTF-8", fixed = TRUE)
  expect_match(conditionMessage(err), basename(path), fixed = TRUE)
})

test_that("null positions and bool values come from their bitmaps, padding left out", {
  expect_identical(braid:::null_positions(as.raw(c(0xff, 0x7e, 0x7f)), 20), c(9L, 16L))
  expect_identical(braid:::null_positions(as.raw(0x00), 3), 1:3)
  expect_identical(braid:::null_positions(NULL, 3), NULL)
  expect_identical(braid:::null_positions(raw(), 0), integer())
  path <- tempfile(fileext = ".arrow")
  flags <- c(TRUE, NA, FALSE, TRUE, TRUE, FALSE, NA, TRUE, FALSE)
  write_artifact(data.frame(b = flags), path)
  expect_identical(read_artifact(path)$b, flags)
})
