# R vectors -> Arrow columns ready to write (shared/docs/design.md §5 for the
# type mapping, arrow-ipc-notes.md §4 for the buffers).
#
# A column is list(field, length, null_count, buffers, dictionary), where
# each buffer is list(size = bytes, value, as) written by write_buffer():
# `as` is "raw", "double", "int32" or "raws" (a list of raw vectors). Nothing
# here loops over rows in R: bitmaps come from packBits(), the buffers of
# string columns from C (src/utf8_encode.c).

#' The Arrow column for an R vector; `name` is the field name.
#' @noRd
arrow_column <- function(x, name) {
  n <- length(x)
  if (is.null(x)) {
    return(null_column(name, 1L))
  }
  if (is.factor(x)) {
    return(factor_column(x, name))
  }
  if (inherits(x, "Date")) {
    days <- floor(unclass(x))
    valid <- is.finite(days)
    days[!valid] <- 0
    return(fixed_column(name, arrow_type("date", unit = 0L), valid, list(as_int32_buffer(days))))
  }
  if (inherits(x, "POSIXct")) {
    micros <- round(unclass(x) * 1e6)
    valid <- is.finite(micros)
    micros[!valid] <- 0
    tz <- posixct_timezone(x)
    type <- arrow_type("timestamp", unit = 2L, tz = tz)
    return(fixed_column(name, type, valid, list(raw_buffer(int64_to_raw(micros)))))
  }
  switch(typeof(x),
    logical = {
      valid <- !is.na(x)
      values <- x
      values[!valid] <- FALSE
      fixed_column(name, arrow_type("bool"), valid, list(raw_buffer(bitmap(values))))
    },
    integer = fixed_column(name, arrow_type("int", bits = 32L, signed = TRUE), !is.na(x), list(
      list(size = 4 * n, value = x, as = "int32")
    )),
    double = fixed_column(name, arrow_type("float", precision = 2L), double_valid(x), list(
      list(size = 8 * n, value = x, as = "double")
    )),
    character = string_column(x, name),
    list = binary_column(x, name),
    braid_abort(sprintf("column `%s` has type %s, which has no Arrow type.", name, typeof(x)), "braid_error_persist")
  )
}

#' Slots of a double vector that are not NA (NaN is a value, not a null);
#' is.nan() only looks at the NA slots.
#' @noRd
double_valid <- function(x) {
  valid <- !is.na(x)
  if (!all(valid)) {
    gaps <- which(!valid)
    valid[gaps] <- is.nan(x[gaps])
  }
  valid
}

#' The time zone a POSIXct is written with: its own, else the session's.
#' @noRd
posixct_timezone <- function(x) {
  tz <- attr(x, "tzone", exact = TRUE)[1L]
  if (is.null(tz) || is.na(tz) || !nzchar(tz)) {
    tz <- session_timezone()
  }
  tz
}

#' TZ, else the system's zone (Sys.timezone() may warn where timedatectl
#' fails, e.g. in containers), else UTC.
#' @noRd
session_timezone <- function() {
  tz <- Sys.getenv("TZ")
  if (!nzchar(tz)) {
    # The zone /etc/localtime links to, as Sys.timezone() finds it but
    # without first running timedatectl (which prints errors in containers).
    link <- Sys.readlink("/etc/localtime")
    tz <- if (!is.na(link) && grepl("zoneinfo/", link, fixed = TRUE)) sub(".*zoneinfo/", "", link) else ""
  }
  if (!nzchar(tz)) {
    tz <- suppressWarnings(tryCatch(Sys.timezone(), error = function(e) NA_character_))
  }
  if (is.na(tz) || !nzchar(tz)) "UTC" else tz
}

null_column <- function(name, n) {
  list(
    field = list(name = name, nullable = TRUE, type = arrow_type("null")),
    length = n, null_count = n, buffers = list()
  )
}

fixed_column <- function(name, type, valid, value_buffers) {
  nulls <- length(valid) - sum(valid)
  list(
    field = list(name = name, nullable = TRUE, type = type),
    length = length(valid), null_count = nulls,
    buffers = c(list(validity_buffer(valid, nulls)), value_buffers)
  )
}

#' A utf8 column: 32-bit offsets while the data fits them (at most `limit`
#' bytes), else a large_utf8 one with 64-bit offsets. Strings marked latin1
#' are converted; unmarked (native) or "bytes" strings must already be UTF-8
#' (enc2utf8() would silently turn bad bytes into "<ff>").
#' @noRd
string_column <- function(x, name, limit = .Machine$integer.max) {
  buffers <- .Call(braid_utf8_encode, x, as.double(limit), isTRUE(l10n_info()[["UTF-8"]]))
  if (!is.list(buffers)) {
    braid_abort(
      sprintf(
        "column `%s` holds a string that is not valid UTF-8 (element %.0f); Arrow strings must be UTF-8.",
        name, buffers
      ),
      "braid_error_persist"
    )
  }
  list(
    field = list(name = name, nullable = TRUE, type = arrow_type(if (buffers$large) "large_utf8" else "utf8")),
    length = length(x), null_count = buffers$null_count,
    buffers = list(raw_buffer(buffers$validity), raw_buffer(buffers$offsets), raw_buffer(buffers$data))
  )
}

#' A binary column from raw vectors (a list of them; NULL elements are nulls).
#' @noRd
binary_column <- function(x, name) {
  valid <- !vapply(x, is.null, logical(1))
  sizes <- vapply(x, length, numeric(1))
  ends <- cumsum(sizes)
  total <- if (length(ends)) ends[[length(ends)]] else 0
  large <- total > .Machine$integer.max
  type <- arrow_type(if (large) "large_binary" else "binary")
  offsets <- if (large) raw_buffer(int64_to_raw(c(0, ends))) else as_int32_buffer(c(0, ends))
  data <- list(size = total, value = x[valid], as = "raws")
  fixed_column(name, type, valid, list(offsets, data))
}

factor_column <- function(x, name) {
  codes <- unclass(x)
  attributes(codes) <- NULL
  valid <- !is.na(codes)
  codes <- codes - 1L
  codes[!valid] <- 0L
  index <- arrow_type("int", bits = 32L, signed = TRUE)
  column <- fixed_column(name, arrow_type("utf8"), valid, list(as_int32_buffer(codes)))
  levels <- string_column(levels(x), name)
  column$field$dictionary <- list(id = NA_real_, index = index, ordered = is.ordered(x))
  column$field$type <- levels$field$type
  column$dictionary <- levels
  column
}

validity_buffer <- function(valid, nulls) {
  # With no nulls the bitmap may be left out (length 0); readers ignore it (notes §4.2).
  if (nulls == 0L) raw_buffer(raw(0L)) else raw_buffer(bitmap(valid))
}

#' LSB-first bitmap of a logical vector (no NA), padded to whole bytes.
#' @noRd
bitmap <- function(bits) {
  pad <- (-length(bits)) %% 8L
  if (pad) {
    bits <- c(bits, logical(pad))
  }
  packBits(bits, type = "raw")
}

raw_buffer <- function(bytes) {
  list(size = length(bytes), value = bytes, as = "raw")
}

as_int32_buffer <- function(x) {
  list(size = 4 * length(x), value = as.integer(x), as = "int32")
}

#' Writes one buffer's bytes to a binary connection.
#' @noRd
write_buffer <- function(buffer, con) {
  value <- buffer$value
  switch(buffer$as,
    raw = write_raw(value, con),
    double = writeBin(value, con, size = 8L, endian = "little"),
    int32 = writeBin(value, con, size = 4L, endian = "little"),
    raws = for (bytes in value) writeBin(bytes, con)
  )
  invisible()
}

#' writeBin() of a raw vector, in pieces when it is past the 2^31 - 1 bytes
#' one call can write.
#' @noRd
write_raw <- function(bytes, con, piece = 2^30) {
  size <- length(bytes)
  if (size <= piece) {
    return(writeBin(bytes, con))
  }
  for (from in seq(1, size, by = piece)) {
    writeBin(bytes[from:min(from + piece - 1, size)], con)
  }
}
