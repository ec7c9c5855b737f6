# Arrow buffers -> R vectors (shared/docs/arrow-ipc-notes.md §4; design.md §5).
#
# Columns are walked depth first with a cursor over the batch's FieldNodes and
# Buffers. Values are read straight from the file connection with readBin();
# null slots are found from the bytes of the validity bitmap that are not
# 0xff; strings are cut out of one string per chunk with substring() on
# "bytes"-encoded text, so nothing loops over rows in R.

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
        "the Arrow data is compressed with %s, which the pure-R reader cannot decompress; write it uncompressed (pyarrow: compression=None, pandas: to_feather(compression=\"uncompressed\")).",
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

#' Positions (1-based) of the null slots of a column, from its validity
#' bitmap; NULL when the node says there are none.
#' @noRd
read_nulls <- function(cursor, node) {
  buffer <- next_buffer(cursor)
  n <- node$length
  if (node$null_count == 0) {
    return(NULL) # readers ignore the bitmap when there are no nulls (notes §4.2)
  }
  seek_buffer(cursor, buffer, ceiling(n / 8))
  bitmap <- readBin(cursor$con, "raw", ceiling(n / 8))
  # Only the bytes with a null in them (or the last byte's padding) are expanded to bits.
  partial <- which(bitmap != as.raw(255L))
  unset <- which(rawToBits(bitmap[partial]) == as.raw(0L)) - 1L
  positions <- (partial[unset %/% 8L + 1L] - 1L) * 8 + unset %% 8L + 1L
  positions[positions <= n]
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
  if (is.unsorted(offsets)) {
    arrow_corrupt("string offsets decrease")
  }
  seek_buffer(cursor, buffer, count, skip = first)
  readBin(cursor$con, "raw", count)
}

#' Strings from UTF-8 bytes and offsets (starting at 0), in chunks of < `chunk` bytes
#' (one R string holds less than 2^31 bytes).
#' @noRd
strings_from_raw <- function(bytes, offsets, chunk = 2^30) {
  n <- length(offsets) - 1L
  if (n == 0L || length(bytes) == 0L) {
    return(character(n))
  }
  starts <- offsets[seq_len(n)]
  ends <- offsets[-1L]
  if (length(bytes) < chunk) {
    return(cut_strings(bytes, starts, ends))
  }
  out <- character(n)
  group <- floor(starts / chunk)
  for (k in unique(group)) {
    rows <- which(group == k)
    from <- starts[[rows[[1L]]]]
    to <- ends[[rows[[length(rows)]]]]
    out[rows] <- cut_strings(bytes[(from + 1):to], starts[rows] - from, ends[rows] - from)
  }
  out
}

#' Cuts strings out of one string of bytes; `starts`/`ends` are 0-based byte offsets.
#' @noRd
cut_strings <- function(bytes, starts, ends) {
  text <- tryCatch(
    rawToChar(bytes),
    error = function(e) arrow_corrupt("a string column holds a NUL byte, which R strings cannot")
  )
  Encoding(text) <- "UTF-8"
  if (Encoding(text) == "unknown") {
    # All ASCII (marking left it unmarked): substring() indexes bytes directly.
    return(substring(text, starts + 1L, ends))
  }
  Encoding(text) <- "bytes" # substring() then counts bytes, not characters
  out <- substring(text, starts + 1L, ends)
  Encoding(out) <- "UTF-8"
  out
}

read_column <- function(cursor, field) {
  node <- next_node(cursor)
  n <- node$length
  type <- field$type
  if (!is.null(field$dictionary)) {
    nulls <- read_nulls(cursor, node)
    codes <- read_integers(cursor, n, field$dictionary$index, field$name, nulls)
    if (length(nulls)) codes[nulls] <- NA
    return(codes)
  }
  if (type$id == "null") {
    return(rep(NA, n))
  }
  nulls <- read_nulls(cursor, node)
  x <- switch(type$id,
    int = read_integers(cursor, n, type, field$name, nulls),
    float = read_values(cursor, n, "double", if (type$precision == 1L) 4L else 8L),
    bool = {
      buffer <- next_buffer(cursor)
      seek_buffer(cursor, buffer, ceiling(n / 8))
      as.logical(rawToBits(readBin(cursor$con, "raw", ceiling(n / 8))))[seq_len(n)]
    },
    utf8 = ,
    large_utf8 = {
      offsets <- read_offsets(cursor, n, type$id == "large_utf8")
      bytes <- read_data_bytes(cursor, offsets) # read now: a lazy argument left unread would skip the buffer
      strings_from_raw(bytes, if (offsets[[1L]] == 0) offsets else offsets - offsets[[1L]])
    },
    binary = ,
    large_binary = {
      offsets <- read_offsets(cursor, n, type$id == "large_binary")
      bytes <- read_data_bytes(cursor, offsets)
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
  if (any(codes < 0L | codes >= length(values), na.rm = TRUE)) {
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
