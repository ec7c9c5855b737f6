# R vectors -> Arrow columns ready to write (shared/docs/design.md §5 for the
# type mapping, arrow-ipc-notes.md §4 for the buffers).
#
# A column is list(field, length, null_count, buffers, dictionary), where
# each buffer is list(size = bytes, value, as, ...): the R vector that holds
# its values and how src/arrow_file_write.c turns them into Arrow's bytes as
# it writes the file. `as` is "raw", "int32", "double", "raws" (a list of raw
# vectors), "bits" (a logical vector's TRUEs), "codes" (factor codes as
# 0-based indices), "int64" (whole doubles, times `factor`), "utf8_offsets"
# or "utf8_data" (a character vector's offsets or bytes). No buffer is built
# in R and nothing here loops over rows in R: validity bitmaps and string
# sizes come from C too (src/bitmap.c, src/utf8_encode.c).

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
    validity <- validity_of(days, finite = TRUE)
    days[!is.finite(days)] <- 0
    return(fixed_column(name, arrow_type("date", unit = 0L), validity, list(as_int32_buffer(days))))
  }
  if (inherits(x, "POSIXct")) {
    micros <- round(unclass(x) * 1e6)
    validity <- validity_of(micros, finite = TRUE)
    tz <- posixct_timezone(x)
    type <- arrow_type("timestamp", unit = 2L, tz = tz)
    return(fixed_column(name, type, validity, list(int64_buffer(micros))))
  }
  switch(typeof(x),
    logical = fixed_column(name, arrow_type("bool"), validity_of(x), list(bits_buffer(x))),
    integer = fixed_column(name, arrow_type("int", bits = 32L, signed = TRUE), validity_of(x), list(
      list(size = 4 * n, value = x, as = "int32")
    )),
    double = fixed_column(name, arrow_type("float", precision = 2L), validity_of(x), list(
      list(size = 8 * n, value = x, as = "double")
    )),
    character = string_column(x, name),
    list = binary_column(x, name),
    braid_abort(sprintf("column `%s` has type %s, which has no Arrow type.", name, typeof(x)), "braid_error_persist")
  )
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

#' A column of fixed-width values (or binary ones) and its validity from validity_of().
#' @noRd
fixed_column <- function(name, type, validity, value_buffers) {
  list(
    field = list(name = name, nullable = TRUE, type = type),
    length = validity$length, null_count = validity$null_count,
    buffers = c(list(raw_buffer(validity$validity)), value_buffers)
  )
}

#' The validity bitmap of `x` (logical, integer, double or list) and its
#' count of nulls: NA (for doubles NA, not NaN; with `finite` anything not
#' finite) and NULL list elements. With no nulls the bitmap is left out
#' (length 0); readers ignore it (notes §4.2).
#' @noRd
validity_of <- function(x, finite = FALSE) {
  validity <- .Call(braid_validity, x, finite)
  validity$length <- length(x)
  validity
}

#' A utf8 column: 32-bit offsets while the data fits them (at most `limit`
#' bytes), else a large_utf8 one with 64-bit offsets. Strings marked latin1
#' are converted; unmarked (native) or "bytes" strings must already be UTF-8
#' (enc2utf8() would silently turn bad bytes into "<ff>"). The strings are
#' measured and checked here; their offsets and bytes are made as the file
#' is written.
#' @noRd
string_column <- function(x, name, limit = .Machine$integer.max) {
  native_utf8 <- isTRUE(l10n_info()[["UTF-8"]])
  measured <- .Call(braid_utf8_measure, x, native_utf8)
  if (!is.list(measured)) {
    braid_abort(
      sprintf(
        "column `%s` holds a string that is not valid UTF-8 (element %.0f); Arrow strings must be UTF-8.",
        name, measured
      ),
      "braid_error_persist"
    )
  }
  large <- measured$bytes > limit
  n <- length(x)
  list(
    field = list(name = name, nullable = TRUE, type = arrow_type(if (large) "large_utf8" else "utf8")),
    length = n, null_count = measured$null_count,
    buffers = list(
      raw_buffer(measured$validity),
      list(size = (n + 1) * (if (large) 8 else 4), value = x, as = "utf8_offsets", large = large, native_utf8 = native_utf8),
      list(size = measured$bytes, value = x, as = "utf8_data", native_utf8 = native_utf8)
    )
  )
}

#' A binary column from raw vectors (a list of them; NULL elements are nulls).
#' @noRd
binary_column <- function(x, name) {
  validity <- validity_of(x)
  sizes <- vapply(x, length, numeric(1))
  ends <- cumsum(sizes)
  total <- if (length(ends)) ends[[length(ends)]] else 0
  large <- total > .Machine$integer.max
  type <- arrow_type(if (large) "large_binary" else "binary")
  offsets <- if (large) int64_buffer(c(0, ends)) else as_int32_buffer(c(0, ends))
  data <- list(size = total, value = x, as = "raws")
  fixed_column(name, type, validity, list(offsets, data))
}

factor_column <- function(x, name) {
  validity <- validity_of(x) # a factor is its integer codes: no unclass(), which would copy them
  index <- arrow_type("int", bits = 32L, signed = TRUE)
  codes_buffer <- list(size = 4 * length(x), value = x, as = "codes") # 1-based with NA: 0-based with 0
  column <- fixed_column(name, arrow_type("utf8"), validity, list(codes_buffer))
  levels <- string_column(levels(x), name)
  column$field$dictionary <- list(id = NA_real_, index = index, ordered = is.ordered(x))
  column$field$type <- levels$field$type
  column$dictionary <- levels
  column
}

#' The LSB-first bitmap of the TRUE elements of a logical vector (FALSE and
#' NA are 0), padded to whole bytes.
#' @noRd
bits_buffer <- function(x) {
  list(size = ceiling(length(x) / 8), value = x, as = "bits")
}

raw_buffer <- function(bytes) {
  list(size = length(bytes), value = bytes, as = "raw")
}

as_int32_buffer <- function(x) {
  list(size = 4 * length(x), value = as.integer(x), as = "int32")
}

#' Whole-number doubles as little-endian int64, each times `factor` (a whole
#' number: exact where the double product would round, e.g. nanoseconds from
#' microseconds past 2^53); values that are not finite (null slots) as 0.
#' @noRd
int64_buffer <- function(x, factor = 1) {
  list(size = 8 * length(x), value = as.double(x), as = "int64", factor = factor)
}
