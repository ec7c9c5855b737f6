# Arrow schemas: types, fields and custom metadata, to and from their
# flatbuffer tables (Schema.fbs; shared/docs/arrow-ipc-notes.md §3.4).
#
# A type is a list with `id` (pyarrow's family name) and its parameters:
#   list(id = "int", bits = 32L, signed = TRUE), list(id = "float", precision = 2L),
#   list(id = "timestamp", unit = 2L, tz = "UTC"), list(id = "utf8"), ...
# A field is list(name, nullable, type, dictionary, children), where
# `dictionary` is NULL or list(id, index = <int type>, ordered).

arrow_type_tags <- c(
  null = 1L, int = 2L, float = 3L, binary = 4L, utf8 = 5L, bool = 6L, decimal = 7L,
  date = 8L, time = 9L, timestamp = 10L, interval = 11L, list = 12L, struct = 13L,
  union = 14L, fixed_size_binary = 15L, fixed_size_list = 16L, map = 17L,
  duration = 18L, large_binary = 19L, large_utf8 = 20L, large_list = 21L,
  run_end_encoded = 22L, binary_view = 23L, utf8_view = 24L, list_view = 25L,
  large_list_view = 26L
)

time_units <- c("s", "ms", "us", "ns")

arrow_type <- function(id, ...) {
  list(id = id, ...)
}

#' pyarrow's name for a type, for messages: "int32", "timestamp[us, tz=UTC]".
#' @noRd
arrow_type_name <- function(type) {
  switch(type$id,
    int = sprintf("%sint%d", if (isTRUE(type$signed)) "" else "u", type$bits),
    float = c("halffloat", "float", "double")[[type$precision + 1L]],
    date = if (type$unit == 0L) "date32[day]" else "date64[ms]",
    time = sprintf("time%d[%s]", type$bits, time_units[[type$unit + 1L]]),
    timestamp = sprintf(
      "timestamp[%s%s]", time_units[[type$unit + 1L]],
      if (is.null(type$tz)) "" else paste0(", tz=", type$tz)
    ),
    duration = sprintf("duration[%s]", time_units[[type$unit + 1L]]),
    type$id
  )
}

# ---- encoding ---------------------------------------------------------------

fb_type_table <- function(type) {
  switch(type$id,
    int = fb_table(fb_field(0L, "i32", type$bits), fb_field(1L, "bool", type$signed)),
    float = fb_table(fb_field(0L, "i16", type$precision)),
    # Date.unit defaults to MILLISECOND: DAY must be written explicitly (notes §3.1).
    date = fb_table(fb_field(0L, "i16", type$unit)),
    timestamp = fb_table(
      fb_field(0L, "i16", type$unit),
      if (!is.null(type$tz)) fb_ref(1L, fb_string(type$tz))
    ),
    fb_table()
  )
}

fb_key_values <- function(metadata) {
  if (length(metadata) == 0L) {
    return(NULL)
  }
  fb_tables(lapply(names(metadata), function(key) {
    fb_table(fb_ref(0L, fb_string(key)), fb_ref(1L, fb_string(metadata[[key]])))
  }))
}

fb_field_table <- function(field) {
  dictionary <- field$dictionary
  fb_table(
    fb_ref(0L, fb_string(field$name)),
    fb_field(1L, "bool", field$nullable),
    fb_field(2L, "u8", arrow_type_tags[[field$type$id]]),
    fb_ref(3L, fb_type_table(field$type)),
    if (!is.null(dictionary)) {
      fb_ref(4L, fb_table(
        fb_field(0L, "i64", dictionary$id),
        fb_ref(1L, fb_type_table(dictionary$index)),
        fb_field(2L, "bool", dictionary$ordered)
      ))
    },
    fb_ref(5L, fb_tables(list()))
  )
}

fb_schema_table <- function(fields, metadata) {
  kv <- fb_key_values(metadata)
  fb_table(
    fb_field(0L, "i16", 0L), # little-endian
    fb_ref(1L, fb_tables(lapply(fields, fb_field_table))),
    if (!is.null(kv)) fb_ref(2L, kv)
  )
}

# ---- decoding ---------------------------------------------------------------

decode_type <- function(tag, t) {
  id <- names(arrow_type_tags)[match(tag, arrow_type_tags)]
  if (is.na(id)) {
    fb_corrupt(sprintf("unknown type tag %d", tag))
  }
  if (is.null(t)) {
    fb_corrupt(sprintf("the %s field has no type table", id))
  }
  switch(id,
    int = arrow_type("int", bits = fb_get(t, 0L, "i32", 0L), signed = fb_get(t, 1L, "bool", FALSE)),
    float = arrow_type("float", precision = fb_get(t, 0L, "i16", 0L)),
    date = arrow_type("date", unit = fb_get(t, 0L, "i16", 1L)),
    time = arrow_type("time", unit = fb_get(t, 0L, "i16", 1L), bits = fb_get(t, 1L, "i32", 32L)),
    timestamp = arrow_type("timestamp", unit = fb_get(t, 0L, "i16", 0L), tz = fb_get_string(t, 1L)),
    duration = arrow_type("duration", unit = fb_get(t, 0L, "i16", 1L)),
    union = arrow_type("union", mode = fb_get(t, 0L, "i16", 0L)),
    fixed_size_binary = arrow_type(id, width = fb_get(t, 0L, "i32", 0L)),
    fixed_size_list = arrow_type(id, size = fb_get(t, 0L, "i32", 0L)),
    decimal = arrow_type(id, bits = fb_get(t, 2L, "i32", 128L)),
    interval = arrow_type(id, unit = fb_get(t, 0L, "i16", 0L)),
    arrow_type(id)
  )
}

decode_field <- function(t) {
  dictionary <- fb_get_table(t, 4L)
  if (!is.null(dictionary)) {
    index <- fb_get_table(dictionary, 1L)
    dictionary <- list(
      id = fb_get(dictionary, 0L, "i64", 0),
      # The spec reads an absent indexType as int32.
      index = if (is.null(index)) arrow_type("int", bits = 32L, signed = TRUE) else decode_type(2L, index),
      ordered = fb_get(dictionary, 2L, "bool", FALSE)
    )
  }
  list(
    name = fb_get_string(t, 0L) %||% "",
    nullable = fb_get(t, 1L, "bool", FALSE),
    type = decode_type(fb_get(t, 2L, "u8", 0L), fb_get_table(t, 3L)),
    dictionary = dictionary,
    children = lapply(fb_get_tables(t, 5L), decode_field)
  )
}

decode_key_values <- function(t, slot) {
  pairs <- fb_get_tables(t, slot)
  values <- vapply(pairs, function(kv) fb_get_string(kv, 1L) %||% "", character(1))
  names(values) <- vapply(pairs, function(kv) fb_get_string(kv, 0L) %||% "", character(1))
  as.list(values)
}

decode_schema <- function(t) {
  if (fb_get(t, 0L, "i16", 0L) != 0L) {
    braid_abort("the Arrow data is big-endian; only little-endian files are supported.", "braid_error_arrow")
  }
  list(
    fields = lapply(fb_get_tables(t, 1L), decode_field),
    metadata = decode_key_values(t, 2L)
  )
}

`%||%` <- function(x, y) if (is.null(x)) y else x
