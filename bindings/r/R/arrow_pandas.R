# pandas' schema metadata (key "pandas"; shared/docs/arrow-ipc-notes.md §6.1),
# so that a data frame's row names are a Python step's DataFrame index and a
# pandas index comes back to R as row names.
#
# Writing: automatic row names are pandas' default RangeIndex (metadata only);
# character or integer row names become a column `__index_level_0__`, last,
# named in `index_columns`. Every column gets the entry `to_pandas()` needs,
# with pandas' nullable dtypes (`Int32`, `boolean`) where a column has NA.
#
# Reading: one stored index column of unique, non-missing strings or integers
# becomes the row names; a RangeIndex from 0 by 1 means automatic row names.
# Any other index (several levels, duplicates, NA) stays a column.

pandas_index_field <- "__index_level_0__"

#' The pandas metadata JSON text for a data frame written as `columns`.
#' @noRd
pandas_metadata <- function(x, columns, index_column, origins = NULL) {
  entries <- lapply(names(x), function(name) {
    column <- columns[[name]]
    # The column's null count, not anyNA(), which is another pass (and for a factor, is.na() and a copy).
    has_na <- if (is.null(column)) anyNA(x[[name]]) else column$null_count > 0
    entry <- pandas_column_entry(x[[name]], name, name, column$field$type, has_na = has_na)
    origin_pandas_entry(entry, origins)
  })
  if (is.null(index_column)) {
    index <- list(list(kind = "range", name = NULL, start = 0L, stop = nrow(x), step = 1L))
  } else {
    index <- list(pandas_index_field)
    entries[[length(entries) + 1L]] <- pandas_column_entry(index_column, origin_index_name(origins), pandas_index_field)
  }
  metadata <- list(
    index_columns = index,
    column_indexes = list(list(
      name = NULL, field_name = NULL, pandas_type = "unicode", numpy_type = "object",
      metadata = list(encoding = "UTF-8")
    )),
    columns = entries,
    attributes = structure(list(), names = character()),
    creator = list(library = "braid-r", version = package_version_string())
  )
  as.character(jsonlite::toJSON(metadata, auto_unbox = TRUE, null = "null", digits = NA))
}

pandas_column_entry <- function(x, name, field_name, type = NULL, has_na = anyNA(x)) {
  kind <- if (identical(type$id, "int") && identical(type$bits, 64L)) {
    list("int64", if (has_na) "Int64" else "int64", NULL) # a double written back as the int64 it was read from
  } else if (is.factor(x)) {
    list("categorical", "int32", list(num_categories = nlevels(x), ordered = is.ordered(x)))
  } else if (inherits(x, "Date")) {
    list("date", "object", NULL)
  } else if (inherits(x, "POSIXct")) {
    unit <- c("s", "ms", "us", "ns")[[(type$unit %||% 2L) + 1L]]
    list("datetimetz", sprintf("datetime64[%s]", unit), list(timezone = posixct_timezone(x)))
  } else {
    switch(typeof(x),
      logical = list("bool", if (has_na) "boolean" else "bool", NULL),
      integer = list("int32", if (has_na) "Int32" else "int32", NULL),
      double = list("float64", "float64", NULL),
      character = list("unicode", "object", NULL),
      list("object", "object", NULL)
    )
  }
  list(
    name = name, field_name = field_name, pandas_type = kind[[1L]], numpy_type = kind[[2L]],
    metadata = kind[[3L]]
  )
}

package_version_string <- function() {
  unname(getNamespaceVersion("braid"))
}

#' Row names from pandas' index metadata: list(columns, row_names).
#'
#' `row_names` is NULL for automatic row names.
#' @noRd
pandas_row_names <- function(columns, nrow, pandas_json) {
  keep <- list(columns = columns, row_names = NULL)
  pandas <- tryCatch(jsonlite::fromJSON(pandas_json, simplifyVector = FALSE), error = function(e) NULL)
  index <- pandas$index_columns
  if (length(index) != 1L) {
    return(keep)
  }
  index <- index[[1L]]
  if (is.list(index)) {
    moved <- !identical(as.numeric(index$start), 0) || !identical(as.numeric(index$step), 1)
    if (identical(index$kind, "range") && moved) {
      values <- seq(index$start, by = index$step, length.out = nrow)
      if (all(abs(values) < .Machine$integer.max)) keep$row_names <- as.integer(values)
    }
    return(keep)
  }
  values <- columns[[index]]
  usable <- is.character(index) && !is.null(values) && !is.factor(values) &&
    (is.character(values) || is.integer(values)) && !anyNA(values) && !anyDuplicated(values)
  if (usable) {
    keep$columns[[index]] <- NULL
    keep$row_names <- values
  }
  keep
}
