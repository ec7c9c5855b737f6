# Arrow buffers -> R vectors (shared/docs/arrow-ipc-notes.md §4; design.md §5).
#
# Columns are walked depth first with a cursor over the batch's FieldNodes and
# Buffers. Values are read straight from the file connection with readBin();
# null slots and bool values come from their bitmaps, and strings from their
# offsets and bytes, in C (src/bitmap.c, src/utf8_decode.c), so nothing loops
# over rows in R.

supported_types <- c(
  "null", "int", "float", "bool", "utf8", "large_utf8", "binary", "large_binary",
  "date", "time", "timestamp", "duration"
)

is_supported_field <- function(field) {
  type <- field$type
  ok <- type$id %in% supported_types &&
    (type$id != "float" || type$precision %in% 1:2) &&
    (type$id != "int" || type$bits %in% c(8L, 16L, 32L, 64L))
  if (!is.null(field$dictionary)) {
    ok <- ok && type$id != "null" && field$dictionary$index$bits %in% c(8L, 16L, 32L, 64L)
  }
  ok
}

batch_cursor <- function(reader, message) {
  batch <- message$header
  compression <- fb_get_table(batch, 3L)
  if (!is.null(compression)) {
    codec <- c("LZ4_FRAME", "ZSTD")[[fb_get(compression, 0L, "i8", 0L) + 1L]]
    braid_abort(
      sprintf(
        "the Arrow data is compressed with %s, which braid's R reader cannot decompress; write it uncompressed (pyarrow: compression=None, pandas: to_feather(compression=\"uncompressed\")).",
        codec
      ),
      "braid_error_arrow"
    )
  }
  nodes <- fb_get_structs(batch, 1L, 16L)
  buffers <- fb_get_structs(batch, 2L, 16L)
  cursor <- new.env(parent = emptyenv())
  cursor$con <- reader$con
  cursor$body_start <- message$body_start
  cursor$body_length <- message$body_length
  cursor$length <- fb_get(batch, 0L, "i64", 0)
  cursor$nodes <- matrix(raw_to_int64(nodes$bytes), ncol = 2L, byrow = TRUE)
  cursor$buffers <- matrix(raw_to_int64(buffers$bytes), ncol = 2L, byrow = TRUE)
  cursor$node <- 0L
  cursor$buffer <- 0L
  cursor
}

next_node <- function(cursor) {
  cursor$node <- cursor$node + 1L
  if (cursor$node > nrow(cursor$nodes)) {
    arrow_corrupt("the record batch has fewer field nodes than the schema needs")
  }
  list(length = cursor$nodes[cursor$node, 1L], null_count = cursor$nodes[cursor$node, 2L])
}

next_buffer <- function(cursor) {
  cursor$buffer <- cursor$buffer + 1L
  if (cursor$buffer > nrow(cursor$buffers)) {
    arrow_corrupt("the record batch has fewer buffers than the schema needs")
  }
  offset <- cursor$buffers[cursor$buffer, 1L]
  length <- cursor$buffers[cursor$buffer, 2L]
  if (offset < 0 || length < 0 || offset + length > cursor$body_length) {
    arrow_corrupt(sprintf("buffer %d lies outside the message body", cursor$buffer - 1L))
  }
  list(offset = offset, length = length)
}

#' Positions the connection at `skip` bytes into a buffer holding at least `need` bytes.
#' @noRd
seek_buffer <- function(cursor, buffer, need, skip = 0) {
  if (need > 0 && skip + need > buffer$length) {
    arrow_corrupt(sprintf("a buffer holds %.0f bytes where %.0f are needed", buffer$length, skip + need))
  }
  seek(cursor$con, cursor$body_start + buffer$offset + skip)
}

#' The validity bitmap of a column (raw); NULL when the node says there are
#' no nulls.
#' @noRd
read_validity <- function(cursor, node) {
  buffer <- next_buffer(cursor)
  if (node$null_count == 0) {
    return(NULL) # readers ignore the bitmap when there are no nulls (notes §4.2)
  }
  n <- node$length
  seek_buffer(cursor, buffer, ceiling(n / 8))
  readBin(cursor$con, "raw", ceiling(n / 8))
}

#' Positions (1-based) of the null slots of `n` values from their validity
#' bitmap (NULL: none).
#' @noRd
null_positions <- function(validity, n) {
  if (is.null(validity)) {
    return(NULL)
  }
  .Call(braid_null_positions, validity, n)
}

read_values <- function(cursor, n, what, size, signed = TRUE) {
  buffer <- next_buffer(cursor)
  seek_buffer(cursor, buffer, n * size)
  if (n == 0) {
    return(if (what == "double") double() else integer())
  }
  readBin(cursor$con, what, n, size = size, signed = signed, endian = "little")
}

#' Integers of any Arrow width: int32 and narrower as integer, the rest as double
#' (with a warning naming `column` past 2^53, nulls aside; `column = NULL`: no warning).
#' @noRd
read_integers <- function(cursor, n, type, column, nulls = NULL) {
  bits <- type$bits
  if (bits < 32L || (bits == 32L && type$signed)) {
    return(read_values(cursor, n, "integer", bits %/% 8L, signed = type$signed))
  }
  if (bits == 32L) {
    x <- as.double(read_values(cursor, n, "integer", 4L))
    return(x + (x < 0) * two32)
  }
  halves <- read_values(cursor, 2 * n, "integer", 4L)
  if (!is.null(column) && int64_beyond_double(halves, nulls, type$signed)) {
    braid_warn(
      sprintf("column `%s` (%s) holds values beyond 2^53, which R's doubles cannot hold exactly; they were rounded.", column, arrow_type_name(type)),
      "braid_warning_precision"
    )
  }
  halves_to_int64(halves, signed = type$signed)
}

#' Counts of a time unit (date64, time64, timestamp, duration): no precision
#' warning, as they become seconds or days, which no double holds to the
#' nanosecond anyway.
#' @noRd
read_int64 <- function(cursor, n) {
  read_integers(cursor, n, arrow_type("int", bits = 64L, signed = TRUE), NULL)
}

#' Offsets of a string or binary column: integer (32-bit offsets) or double (64-bit).
#' @noRd
read_offsets <- function(cursor, n, large) {
  if (large) {
    halves_to_int64(read_values(cursor, 2 * (n + 1), "integer", 4L))
  } else {
    read_values(cursor, n + 1, "integer", 4L)
  }
}

read_data_bytes <- function(cursor, offsets) {
  buffer <- next_buffer(cursor)
  first <- offsets[[1L]]
  count <- offsets[[length(offsets)]] - first
  if (first < 0 || count < 0) {
    arrow_corrupt("offsets are negative or decrease")
  }
  seek_buffer(cursor, buffer, count, skip = first)
  readBin(cursor$con, "raw", count)
}

#' A utf8 or large_utf8 column from its offsets (as stored), data bytes (from
#' the first offset on) and validity bitmap (NULL: no nulls). Bytes that are
#' not valid UTF-8 are an error naming the column and row: R would carry them
#' as strings marked UTF-8 that fail later, far from the file.
#' @noRd
decode_strings <- function(offsets, bytes, validity, column) {
  x <- .Call(braid_utf8_decode, offsets, bytes, validity)
  if (is.character(x)) {
    return(x)
  }
  problem <- c(
    "has string offsets that decrease or pass the end of the data",
    "holds a NUL byte, which R strings cannot hold",
    "holds bytes that are not valid UTF-8",
    "holds a string of 2^31 bytes or more, which R strings cannot hold"
  )[[x[[1L]]]]
  arrow_corrupt(sprintf("column `%s` row %.0f %s", column, x[[2L]], problem))
}

read_column <- function(cursor, field) {
  node <- next_node(cursor)
  n <- node$length
  type <- field$type
  if (type$id == "null" && is.null(field$dictionary)) {
    return(rep(NA, n))
  }
  validity <- read_validity(cursor, node)
  if (type$id %in% c("utf8", "large_utf8") && is.null(field$dictionary)) {
    offsets <- read_offsets(cursor, n, type$id == "large_utf8")
    return(decode_strings(offsets, read_data_bytes(cursor, offsets), validity, field$name))
  }
  nulls <- null_positions(validity, n)
  if (!is.null(field$dictionary)) {
    codes <- read_integers(cursor, n, field$dictionary$index, field$name, nulls)
    if (length(nulls)) codes[nulls] <- NA
    return(codes)
  }
  x <- switch(type$id,
    int = read_integers(cursor, n, type, field$name, nulls),
    float = read_values(cursor, n, "double", if (type$precision == 1L) 4L else 8L),
    bool = {
      buffer <- next_buffer(cursor)
      seek_buffer(cursor, buffer, ceiling(n / 8))
      .Call(braid_unpack_bits, readBin(cursor$con, "raw", ceiling(n / 8)), n)
    },
    binary = ,
    large_binary = {
      offsets <- read_offsets(cursor, n, type$id == "large_binary")
      bytes <- read_data_bytes(cursor, offsets)
      if (is.unsorted(offsets)) {
        arrow_corrupt(sprintf("column `%s` has offsets that decrease", field$name))
      }
      unname(split(bytes, factor(rep.int(seq_len(n), diff(offsets)), levels = seq_len(n))))
    },
    date = if (type$unit == 0L) {
      as.double(read_values(cursor, n, "integer", 4L))
    } else {
      read_int64(cursor, n) / 86400000
    },
    time = (if (type$bits == 32L) read_values(cursor, n, "integer", 4L) else read_int64(cursor, n)) /
      10^(3 * type$unit),
    timestamp = ,
    duration = read_int64(cursor, n) / 10^(3 * type$unit)
  )
  if (length(nulls)) {
    if (is.list(x)) x[nulls] <- list(NULL) else x[nulls] <- NA
  }
  x
}

skip_column <- function(cursor, field) {
  counts <- field_counts(field)
  cursor$node <- cursor$node + counts[[1L]]
  cursor$buffer <- cursor$buffer + counts[[2L]]
}

#' How many (nodes, buffers) a field takes in a record batch (notes §4.1).
#' @noRd
field_counts <- function(field) {
  if (!is.null(field$dictionary)) {
    return(c(1L, 2L))
  }
  own <- switch(field$type$id,
    null = 0L,
    utf8 = , large_utf8 = , binary = , large_binary = 3L,
    list = , large_list = , map = 2L,
    fixed_size_list = , struct = 1L,
    union = if (field$type$mode == 1L) 2L else 1L,
    run_end_encoded = 0L,
    binary_view = , utf8_view = , list_view = , large_list_view = arrow_corrupt(
      sprintf("column `%s` uses a view type, which cannot be skipped", field$name)
    ),
    2L
  )
  children <- Reduce(`+`, lapply(field$children, field_counts), c(0L, 0L))
  c(1L, own) + children
}

#' Joins a column's batches into its R vector, adding the R class.
#' @noRd
finish_column <- function(field, parts, dictionaries) {
  x <- if (length(parts) == 0L) empty_values(field) else if (length(parts) == 1L) parts[[1L]] else do.call(c, parts)
  type <- field$type
  if (!is.null(field$dictionary)) {
    values <- dictionaries[[format(field$dictionary$id, scientific = FALSE)]]
    if (is.null(values)) {
      values <- finish_column(list(type = type, name = field$name), list(), list())
    }
    return(dictionary_values(x, values, field))
  }
  switch(type$id,
    date = structure(x, class = "Date"),
    timestamp = .POSIXct(x, tz = type$tz %||% "UTC"),
    time = ,
    duration = structure(x, units = "secs", class = "difftime"),
    x
  )
}

dictionary_values <- function(codes, values, field) {
  # min() and max(), not range(), which copies the codes without NAs; Inf and -Inf when all are NA.
  bounds <- suppressWarnings(c(min(codes, na.rm = TRUE), max(codes, na.rm = TRUE)))
  if (bounds[[1L]] < 0 || bounds[[2L]] >= length(values)) {
    arrow_corrupt(sprintf("column `%s` has a dictionary index out of range", field$name))
  }
  if (is.character(values) && !anyNA(values) && !anyDuplicated(values)) {
    codes <- as.integer(codes) + 1L
    return(structure(codes, levels = values, class = c(if (field$dictionary$ordered) "ordered", "factor")))
  }
  values[codes + 1L]
}

empty_values <- function(field) {
  if (!is.null(field$dictionary)) {
    return(integer())
  }
  switch(field$type$id,
    null = logical(),
    int = if (field$type$bits < 32L || (field$type$bits == 32L && field$type$signed)) integer() else double(),
    bool = logical(),
    utf8 = , large_utf8 = character(),
    binary = , large_binary = list(),
    double()
  )
}
