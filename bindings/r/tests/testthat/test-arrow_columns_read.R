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

# A string column's buffers laid out in a file and decoded from its map, as
# read_variable() does: offsets, then data, then the validity bitmap.
map_strings <- function(offsets, bytes, validity = NULL, column = "s") {
  large <- is.double(offsets)
  offset_bytes <- if (large) braid:::int64_to_raw(offsets) else writeBin(as.integer(offsets), raw(), size = 4L, endian = "little")
  path <- tempfile()
  writeBin(c(offset_bytes, bytes, validity), path)
  reader <- braid:::open_reader(path, populate = TRUE)
  on.exit(braid:::close_reader(reader))
  at_validity <- if (is.null(validity)) -1 else length(offset_bytes) + length(bytes)
  x <- .Call(braid:::braid_map_utf8, reader$map, 0, length(offset_bytes), length(bytes), length(offsets) - 1, large, at_validity)
  if (is.double(x)) braid:::variable_problem(x, column) else x
}

bitmap_of <- function(x) packBits(c(x, logical((-length(x)) %% 8)), "raw")

test_that("strings are made from their offsets and bytes, multibyte and empty ones too", {
  text <- c("a", "", "\u00e9t\u00e9", NA, "\u65e5\u672c\u8a9e", "zz")
  filled <- ifelse(is.na(text), "", text)
  bytes <- charToRaw(paste0(filled, collapse = ""))
  offsets <- c(0L, cumsum(nchar(filled, type = "bytes")))
  validity <- bitmap_of(!is.na(text))
  x <- map_strings(offsets, bytes, validity)
  expect_identical(x, text)
  # ASCII strings are left unmarked, as R's own are; the others are marked UTF-8.
  expect_identical(Encoding(x), c("unknown", "unknown", "UTF-8", "unknown", "UTF-8", "unknown"))
  expect_identical(map_strings(offsets, bytes), filled)
  # 64-bit offsets, and offsets that do not start at the data buffer's first byte.
  expect_identical(map_strings(as.double(offsets), bytes, validity), text)
  expect_identical(map_strings(offsets + 3L, c(charToRaw("pad"), bytes), validity), text)
  expect_identical(map_strings(0L, raw()), character())
  expect_identical(map_strings(c(0L, 0L, 0L), raw()), c("", ""))
})

test_that("repeated strings read as the same values, marked the same, whatever their mix", {
  words <- c("north", "\u00e9t\u00e9", "", "south", "\u65e5")
  text <- words[c(rep(1:5, 20000), 1:3)]
  text[c(7, 70001)] <- NA
  filled <- ifelse(is.na(text), "", text)
  bytes <- charToRaw(paste0(filled, collapse = ""))
  offsets <- c(0L, cumsum(nchar(filled, type = "bytes")))
  x <- map_strings(offsets, bytes, bitmap_of(!is.na(text)))
  expect_identical(x, text)
  expect_identical(Encoding(x[1:5]), c("unknown", "UTF-8", "unknown", "unknown", "UTF-8"))
  # Mostly distinct strings (the lookup of repeats gives up on them) read the same.
  distinct <- sprintf("id-%d-\u00e9", 1:100000)
  bytes <- charToRaw(paste0(distinct, collapse = ""))
  expect_identical(map_strings(c(0L, cumsum(nchar(distinct, type = "bytes"))), bytes), distinct)
  # A bad repeat of a good string's length is caught at its own row.
  err <- expect_error(map_strings(c(0L, 2L, 4L, 6L), charToRaw("abab\xffb")), class = "braid_error_arrow")
  expect_match(conditionMessage(err), "column `s` row 3 holds bytes that are not valid UTF-8", fixed = TRUE)
})

test_that("bad string data is an error naming the column and row", {
  bad <- function(bytes, offsets = c(0L, 1L, 1L + length(bytes))) {
    err <- expect_error(map_strings(offsets, c(charToRaw("a"), bytes), column = "name"), class = "braid_error_arrow")
    conditionMessage(err)
  }
  expect_match(bad(as.raw(c(0x61, 0, 0x62))), "column `name` row 2 holds a NUL byte", fixed = TRUE)
  expect_match(bad(as.raw(0xff)), "column `name` row 2 holds bytes that are not valid UTF-8", fixed = TRUE)
  expect_match(bad(as.raw(c(0xc0, 0xaf))), "not valid UTF-8") # overlong "/"
  expect_match(bad(as.raw(c(0xed, 0xa0, 0x80))), "not valid UTF-8") # a surrogate
  expect_match(bad(as.raw(c(0xe6, 0x97))), "not valid UTF-8") # cut short
  expect_match(bad(charToRaw("bc"), c(0L, 2L, 1L)), "column `name` row 2 has string offsets that decrease", fixed = TRUE)
  expect_match(bad(charToRaw("bc"), c(0L, 1L, 9L)), "pass the end of the data", fixed = TRUE)
  expect_match(bad(charToRaw("bc"), c(-1L, 1L, 2L)), "column `name` row 1 has string offsets", fixed = TRUE)
  # A null slot is not looked at.
  expect_identical(map_strings(c(0L, 1L, 2L), as.raw(c(0x61, 0xff)), as.raw(0x01)), c("a", NA))
})

test_that("reads outside the mapped file are refused", {
  path <- tempfile()
  writeBin(as.raw(1:16), path)
  reader <- braid:::open_reader(path, populate = FALSE)
  on.exit(braid:::close_reader(reader))
  expect_identical(braid:::reader_bytes(reader, 14, 2), as.raw(15:16))
  expect_error(braid:::reader_bytes(reader, 14, 3), "lies outside the 16-byte file")
  expect_error(.Call(braid:::braid_map_values, reader$map, 8, 3, 10L, -1), "lies outside")
  expect_identical(.Call(braid:::braid_map_values, reader$map, 0, 4, 5L, -1), readBin(as.raw(1:16), "integer", 4L, size = 4L))
  braid:::close_reader(reader)
  expect_error(braid:::reader_bytes(reader, 0, 1), "closed")
  err <- expect_error(braid:::open_reader(file.path(path, "nope"), TRUE), class = "braid_error_arrow")
  expect_match(conditionMessage(err), "cannot read the Arrow file")
})

test_that("empty files map to nothing and read as a clear error", {
  path <- tempfile(fileext = ".arrow")
  file.create(path)
  err <- expect_error(braid:::read_arrow_file(path), class = "braid_error_arrow")
  expect_match(conditionMessage(err), basename(path), fixed = TRUE)
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

test_that("bool values and nulls come from their bitmaps, padding left out", {
  path <- tempfile(fileext = ".arrow")
  flags <- c(TRUE, NA, FALSE, TRUE, TRUE, FALSE, NA, TRUE, FALSE)
  write_artifact(data.frame(b = flags), path)
  expect_identical(read_artifact(path)$b, flags)
  many <- rep(c(TRUE, FALSE, NA, TRUE, TRUE), length.out = 100003)
  write_artifact(data.frame(b = many, i = seq_along(many), x = ifelse(is.na(many), NA, 0.5)), path)
  back <- read_artifact(path)
  expect_identical(back$b, many)
  expect_identical(back$x, ifelse(is.na(many), NA, 0.5))
})

test_that("dictionary indices become 1-based codes, checked against the dictionary", {
  codes <- function(x, size) .Call(braid:::braid_dictionary_codes, x, size)
  expect_identical(codes(c(0L, NA, 2L), 3), c(1L, NA, 3L))
  expect_identical(codes(c(0, NA, 2), 3), c(1L, NA, 3L)) # 64-bit and uint32 indices arrive as doubles
  expect_null(codes(c(0L, 3L), 3))
  expect_null(codes(c(-1L, 0L), 3))
  expect_null(codes(c(0, 2^40), 3))
  expect_identical(codes(integer(), 0), integer())
  expect_identical(codes(NA_integer_, 0), NA_integer_) # all null: no index to check
})

test_that("validity bitmaps of every vector type match R's own NA tests, past whole bytes", {
  set.seed(1)
  n <- 1003
  pick <- sample(c(TRUE, FALSE), n, replace = TRUE, prob = c(0.8, 0.2))
  vectors <- list(
    ints = ifelse(pick, seq_len(n), NA_integer_),
    lgls = ifelse(pick, TRUE, NA),
    dbls = ifelse(pick, 1.5, ifelse(seq_len(n) %% 2 == 0, NA, NaN)),
    list = lapply(seq_len(n), function(i) if (pick[[i]]) raw(1))
  )
  for (name in names(vectors)) {
    x <- vectors[[name]]
    valid <- if (is.list(x)) !vapply(x, is.null, logical(1)) else !(is.na(x) & !is.nan(x))
    v <- braid:::validity_of(x)
    expect_identical(v$null_count, as.double(sum(!valid)), info = name)
    expect_identical(v$validity, packBits(c(valid, logical((-n) %% 8)), "raw"), info = name)
  }
  finite <- braid:::validity_of(c(1, Inf, -Inf, NaN, NA, 0), finite = TRUE)
  expect_identical(finite$validity, as.raw(0x21))
})
