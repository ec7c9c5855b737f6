# Arrow buffers -> R vectors (shared/docs/arrow-ipc-notes.md §4; design.md §5).
#
# Columns are walked depth first with a cursor over the batch's FieldNodes and
# Buffers. Each buffer is checked to lie in its message body and to hold what
# the column needs, then copied or decoded from the mapped file into its R
# vector by one C call (src/arrow_map_values.c, src/utf8_decode.c,
# src/arrow_map_binary.c), which also puts NA in the null slots, so nothing
# loops over rows in R and no buffer is read into a raw vector first.

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
  layout <- if (is.null(message$bytes)) batch_layout(message$header) else memo_decode("batch", message$bytes, function() batch_layout(message$header))
  cursor <- new.env(parent = emptyenv())
  cursor$map <- reader$map
  cursor$body_start <- message$body_start
  cursor$body_length <- message$body_length
  cursor$length <- layout$length
  cursor$nodes <- layout$nodes
  cursor$buffers <- layout$buffers
  cursor$node <- 0L
  cursor$buffer <- 0L
  cursor
}

#' A record batch header's row count, field nodes and buffers (a pure
#' function of the header's bytes, so memo_decode() keeps it).
#' @noRd
batch_layout <- function(batch) {
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
  list(
    length = fb_get(batch, 0L, "i64", 0),
    nodes = matrix(raw_to_int64(nodes$bytes), ncol = 2L, byrow = TRUE),
    buffers = matrix(raw_to_int64(buffers$bytes), ncol = 2L, byrow = TRUE)
  )
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

#' The file offset of a buffer's data, checked to hold at least `need` bytes.
#' @noRd
buffer_at <- function(cursor, buffer, need) {
  if (need > 0 && need > buffer$length) {
    arrow_corrupt(sprintf("a buffer holds %.0f bytes where %.0f are needed", buffer$length, need))
  }
  cursor$body_start + buffer$offset
}

#' Where a column's validity bitmap starts in the file; -1 when the node says
#' there are no nulls (readers then ignore the bitmap, notes §4.2).
#' @noRd
validity_at <- function(cursor, node) {
  buffer <- next_buffer(cursor)
  if (node$null_count == 0) {
    return(-1)
  }
  buffer_at(cursor, buffer, ceiling(node$length / 8))
}

#' The value kinds src/arrow_map_values.c decodes, and their widths in bytes.
#' @noRd
value_kinds <- c(i8 = 1L, u8 = 2L, i16 = 3L, u16 = 4L, i32 = 5L, u32 = 6L, i64 = 7L, u64 = 8L, f32 = 9L, f64 = 10L, bool = 11L, i32_as_double = 12L)
value_widths <- c(i8 = 1, u8 = 1, i16 = 2, u16 = 2, i32 = 4, u32 = 4, i64 = 8, u64 = 8, f32 = 4, f64 = 8, i32_as_double = 4)

#' The `n` values of `kind` (a name of value_kinds) in the next buffer (or
#' `buffer`), NA where `validity` (an offset from validity_at()) marks a null.
#' @noRd
read_values <- function(cursor, n, kind, validity, buffer = next_buffer(cursor)) {
  need <- if (kind == "bool") ceiling(n / 8) else n * value_widths[[kind]]
  .Call(braid_map_values, cursor$map, buffer_at(cursor, buffer, need), n, value_kinds[[kind]], validity)
}

#' Integers of any Arrow width: int32 and narrower as integer, the rest as double
#' (with a warning naming `column` past 2^53, nulls aside; `column = NULL`: no warning).
#' @noRd
read_integers <- function(cursor, n, type, column, validity) {
  kind <- sprintf("%s%d", if (isTRUE(type$signed)) "i" else "u", type$bits)
  buffer <- next_buffer(cursor)
  if (type$bits == 64L && !is.null(column) &&
    .Call(braid_map_int64_beyond, cursor$map, buffer_at(cursor, buffer, 8 * n), n, isTRUE(type$signed), validity)) {
    braid_warn(
      sprintf("column `%s` (%s) holds values beyond 2^53, which R's doubles cannot hold exactly; they were rounded.", column, arrow_type_name(type)),
      "braid_warning_precision"
    )
  }
  read_values(cursor, n, kind, validity, buffer)
}

#' Counts of a time unit (date64, time64, timestamp, duration): no precision
#' warning, as they become seconds or days, which no double holds to the
#' nanosecond anyway.
#' @noRd
read_int64 <- function(cursor, n, validity) {
  read_values(cursor, n, "i64", validity)
}

#' A utf8 / large_utf8 (`binary = FALSE`) or binary / large_binary column from
#' its offsets and data buffers. Bad data is an error naming the column and
#' row; for strings, so are bytes that are not valid UTF-8: R would carry them
#' as strings marked UTF-8 that fail later, far from the file.
#' @noRd
read_variable <- function(cursor, n, large, validity, column, binary = FALSE) {
  offsets <- next_buffer(cursor)
  data <- next_buffer(cursor)
  if (n == 0 && offsets$length == 0) {
    return(if (binary) list() else character()) # writers may leave out the lone offset of an empty column
  }
  offsets_at <- buffer_at(cursor, offsets, (n + 1) * (if (large) 8 else 4))
  data_at <- buffer_at(cursor, data, 0)
  routine <- if (binary) braid_map_binary else braid_map_utf8
  x <- .Call(routine, cursor$map, offsets_at, data_at, data$length, n, large, validity)
  if (is.double(x)) variable_problem(x, column) else x
}

variable_problem <- function(problem, column) {
  detail <- c(
    "has string offsets that decrease or pass the end of the data",
    "holds a NUL byte, which R strings cannot hold",
    "holds bytes that are not valid UTF-8",
    "holds a string of 2^31 bytes or more, which R strings cannot hold"
  )[[problem[[1L]]]]
  arrow_corrupt(sprintf("column `%s` row %.0f %s", column, problem[[2L]], detail))
}

read_column <- function(cursor, field) {
  node <- next_node(cursor)
  n <- node$length
  type <- field$type
  if (type$id == "null" && is.null(field$dictionary)) {
    return(rep(NA, n))
  }
  validity <- validity_at(cursor, node)
  if (!is.null(field$dictionary)) {
    return(read_integers(cursor, n, field$dictionary$index, field$name, validity))
  }
  scale <- function(x, unit) x / 10^(3 * unit)
  switch(type$id,
    int = read_integers(cursor, n, type, field$name, validity),
    float = read_values(cursor, n, if (type$precision == 1L) "f32" else "f64", validity),
    bool = read_values(cursor, n, "bool", validity),
    utf8 = ,
    large_utf8 = read_variable(cursor, n, type$id == "large_utf8", validity, field$name),
    binary = ,
    large_binary = read_variable(cursor, n, type$id == "large_binary", validity, field$name, binary = TRUE),
    date = if (type$unit == 0L) {
      read_values(cursor, n, "i32_as_double", validity)
    } else {
      read_int64(cursor, n, validity) / 86400000
    },
    time = scale(if (type$bits == 32L) read_values(cursor, n, "i32", validity) else read_int64(cursor, n, validity), type$unit),
    timestamp = ,
    duration = scale(read_int64(cursor, n, validity), type$unit)
  )
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
  codes <- .Call(braid_dictionary_codes, codes, length(values)) # 1-based, checked in the same pass
  if (is.null(codes)) {
    arrow_corrupt(sprintf("column `%s` has a dictionary index out of range", field$name))
  }
  if (is.character(values) && !anyNA(values) && !anyDuplicated(values)) {
    return(structure(codes, levels = values, class = c(if (field$dictionary$ordered) "ordered", "factor")))
  }
  values[codes]
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
