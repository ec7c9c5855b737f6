# What a task's table artifacts were read as, so that a data frame it stores
# (a copy, a subset, a frame sharing some column names) goes back to Python
# as it came: R has no vector for int64 (read as double), timestamps in s, ms
# or ns (R writes us), pandas' own dtypes (`Int64`, `boolean`, `int64`) or a
# named index. Kept per task (the worker's `self`), keyed by column name; a
# name read with two different types is ambiguous and left to R's defaults.

new_table_origins <- function() {
  origins <- new.env(parent = emptyenv())
  origins$columns <- list()
  origins$index_names <- character()
  origins
}

#' Notes the Arrow types and pandas entries of the table artifact at `path`.
#' @noRd
note_table_origins <- function(origins, path) {
  schema <- read_arrow_schema(path)
  pandas <- pandas_metadata_list(schema$metadata$pandas)
  entries <- list()
  for (entry in pandas$columns) {
    if (is.character(entry$field_name)) entries[[entry$field_name]] <- entry
  }
  for (field in schema$fields) {
    seen <- list(type = field$type, pandas = entries[[field$name]])
    known <- origins$columns[[field$name]]
    if (is.null(known) && !(field$name %in% names(origins$columns))) {
      origins$columns[[field$name]] <- seen
    } else if (!identical(known, seen)) {
      origins$columns[field$name] <- list(NULL) # ambiguous: kept as a name with no origin
    }
  }
  index <- pandas$index_columns
  if (length(index) == 1L && is.character(index[[1L]])) {
    name <- entries[[index[[1L]]]]$name
    origins$index_names <- unique(c(origins$index_names, if (is.character(name)) name else NA_character_))
  }
  invisible(origins)
}

pandas_metadata_list <- function(text) {
  if (is.null(text)) {
    return(NULL)
  }
  tryCatch(jsonlite::fromJSON(text, simplifyVector = FALSE), error = function(e) NULL)
}

#' The Arrow column for `x` in the type its name was read with, when R's own
#' type differs and the values fit it exactly; NULL otherwise.
#' @noRd
origin_column <- function(x, name, origins) {
  type <- origins$columns[[name]]$type
  if (is.null(type)) {
    return(NULL)
  }
  if (type$id == "int" && type$bits == 64L && isTRUE(type$signed) && is.double(x) && is.null(attributes(x)) &&
    whole_int64(x)) {
    validity <- validity_of(x, finite = TRUE)
    return(fixed_column(name, type, validity, list(int64_buffer(x))))
  }
  if (type$id == "timestamp" && type$unit != 2L && inherits(x, "POSIXct") && is.double(x)) {
    micros <- round(unclass(x) * 1e6) # R's seconds hold microseconds at best
    validity <- validity_of(micros, finite = TRUE)
    units <- switch(type$unit + 1L,
      int64_buffer(round(micros / 1e6)),
      int64_buffer(round(micros / 1e3)),
      NULL,
      int64_buffer(micros, factor = 1000) # exact in C, where the double product would round
    )
    stamp <- arrow_type("timestamp", unit = type$unit, tz = posixct_timezone(x))
    return(fixed_column(name, stamp, validity, list(units)))
  }
  NULL
}

whole_int64 <- function(x) {
  seen <- x[!is.na(x)]
  !any(is.nan(x)) && all(seen == trunc(seen)) && all(abs(seen) < 2^63)
}

#' A column's pandas `entry` (as R would write it) with the dtype its name was
#' read with, where it is still of the same pandas type (a nullable dtype
#' stays nullable; a non-nullable one becomes nullable when R added NA).
#' @noRd
origin_pandas_entry <- function(entry, origins) {
  read <- origins$columns[[entry$field_name]]$pandas
  if (is.null(read) || !identical(read$pandas_type, entry$pandas_type) || entry$pandas_type == "categorical") {
    return(entry)
  }
  nullable <- function(dtype) is.character(dtype) && grepl("^(Int|UInt|boolean)", dtype)
  if (!nullable(entry$numpy_type) || nullable(read$numpy_type)) {
    entry$numpy_type <- read$numpy_type
  }
  entry
}

#' The index name the row names were read with, when every table read had the same one.
#' @noRd
origin_index_name <- function(origins) {
  names <- origins$index_names
  if (length(names) == 1L && !is.na(names)) names else NULL
}
