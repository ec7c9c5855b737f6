# R values <-> artifact files (docs/formats.md): one Arrow IPC file per
# artifact, with the schema metadata key "braid" saying how to read it back.

artifact_metadata_version <- 1L

#' Write or read one artifact file
#'
#' `write_artifact()` stores an R value the way a step's artifact is stored:
#' an Arrow IPC file that pyarrow, polars, DuckDB and R's arrow package can
#' open, with the schema metadata key `braid` saying what the value was.
#' `read_artifact()` reads such a file (written by R or Python) back into an
#' R value; a plain Arrow file without the `braid` key is read as a data frame.
#'
#' | R value | kind | Arrow |
#' | --- | --- | --- |
#' | data frame of the column types below | `table` | one column each; row names as pandas' index |
#' | length-one vector, `NULL` | `scalar` | one column `value`, one row |
#' | other vectors | `vector` | one column `value` |
#' | list of lists, `NULL` and plain vectors | `json` | one row of JSON text |
#' | anything else | `rds` | one row of `serialize()` bytes |
#'
#' Column types: double (float64; `NA` is null, `NaN` stays NaN), integer
#' (int32), logical (bool), character (utf8), factor and ordered factor
#' (dictionary<int32, utf8>, unused levels kept), Date (date32), POSIXct
#' (timestamp\[us\] with its time zone; one without a `tzone` is written in
#' the session's time zone). Reading also takes what Python writes: int64
#' (as double, with a warning past 2^53), large strings, 8- and 16-bit
#' dictionary indices, timestamps in s, ms or ns, pandas' index as row names.
#'
#' @param x The value to store.
#' @param path The Arrow file to write or read.
#' @param name The artifact's name, used in error messages.
#' @return `write_artifact()`: invisibly, a list with the file's `kind` and
#'   `type_name`. `read_artifact()`: the value.
#' @section Errors:
#' `read_artifact()` signals `braid_error_artifact_language` for an artifact
#' only Python can read (`pickle`), and `braid_error_arrow` for a file that is
#' not valid Arrow IPC or uses a type or compression R cannot read.
#' `write_artifact()` signals `braid_error_persist` when a value cannot be
#' written (e.g. a string that is not valid UTF-8).
#' @family artifacts
#' @export
#' @examples
#' path <- tempfile(fileext = ".arrow")
#' write_artifact(data.frame(x = 1:3, y = c("a", NA, "c")), path)
#' read_artifact(path)
write_artifact <- function(x, path) {
  store_artifact(x, path)
}

#' write_artifact() with the column types a task read its tables as
#' (see new_table_origins()).
#' @noRd
store_artifact <- function(x, path, origins = NULL) {
  assert_string(path)
  kind <- artifact_kind(x)
  type_name <- artifact_type_name(x, kind)
  braid <- list(version = artifact_metadata_version, kind = kind, language = "r", type_name = type_name)
  metadata <- list(braid = as.character(jsonlite::toJSON(braid, auto_unbox = TRUE)))
  switch(kind,
    table = write_table_artifact(x, path, metadata, origins),
    scalar = ,
    vector = write_arrow_file(path, list(arrow_column(x, "value")), if (is.null(x)) 1L else length(x), metadata),
    json = {
      metadata[["braid.r"]] <- as.character(jsonlite::toJSON(json_skeleton(x), auto_unbox = TRUE))
      write_arrow_file(path, list(arrow_column(json_encode(x), "value")), 1L, metadata)
    },
    rds = write_arrow_file(path, list(arrow_column(list(serialize(x, NULL)), "value")), 1L, metadata)
  )
  invisible(list(kind = kind, type_name = type_name))
}

#' @rdname write_artifact
#' @export
read_artifact <- function(path, name = basename(path)) {
  assert_string(path)
  contents <- read_arrow_file(path)
  braid <- artifact_braid_metadata(contents$metadata)
  kind <- braid$kind %||% "table"
  language <- braid$language %||% "unknown"
  if (kind %in% c("pickle", "rds") && language != "r") {
    braid_abort(
      sprintf(
        "artifact `%s` is a %s object (%s, kind %s) that only %s can read; convert it in a %s step to a data frame, vector or JSON-safe list.",
        name, language_label(language), braid$type_name %||% "unknown type", kind, language_label(language), language_label(language)
      ),
      c("braid_error_artifact_language", "braid_error_artifact"),
      artifact = name, language = language, path = path
    )
  }
  value <- contents$columns$value
  switch(kind,
    table = table_from_arrow(contents),
    scalar = if (contents$fields[[1L]]$type$id == "null") NULL else value,
    vector = value,
    json = {
      skeleton <- contents$metadata[["braid.r"]]
      if (language == "r" && !is.null(skeleton)) {
        json_restore(jsonlite::fromJSON(value, simplifyVector = FALSE), jsonlite::fromJSON(skeleton, simplifyVector = FALSE))
      } else {
        json_decode_foreign(value)
      }
    },
    rds = unserialize(value[[1L]]),
    braid_abort(sprintf("artifact `%s` has an unknown kind `%s`.", name, kind), "braid_error_artifact", artifact = name)
  )
}

language_label <- function(language) {
  switch(language, python = "Python", r = "R", language)
}

artifact_braid_metadata <- function(metadata) {
  text <- metadata[["braid"]]
  if (is.null(text)) {
    return(list())
  }
  # The same few texts come back for every artifact of a kind: parse each once.
  memo_decode("braid", charToRaw(text), function() tryCatch(jsonlite::fromJSON(text, simplifyVector = FALSE), error = function(e) list()))
}

#' The artifact kind an R value is stored as.
#' @noRd
artifact_kind <- function(x) {
  if (is.null(x)) {
    return("scalar")
  }
  if (is.data.frame(x)) {
    return(if (is_arrow_table(x)) "table" else "rds")
  }
  if (is_arrow_vector(x)) {
    return(if (length(x) == 1L) "scalar" else "vector")
  }
  if (is.list(x) && !is.null(json_skeleton(x))) {
    return("json")
  }
  "rds"
}

#' Whether a vector maps to one Arrow column and back without loss.
#' @noRd
is_arrow_vector <- function(x) {
  attrs <- names(attributes(x))
  if (is.factor(x)) {
    return(all(attrs %in% c("levels", "class")) && typeof(x) == "integer" && !anyNA(levels(x)))
  }
  if (inherits(x, "Date")) {
    return(identical(class(x), "Date") && all(attrs %in% "class") && is.double(x))
  }
  if (inherits(x, "POSIXct")) {
    return(identical(class(x), c("POSIXct", "POSIXt")) && all(attrs %in% c("class", "tzone")) && is.double(x))
  }
  is.atomic(x) && is.null(attrs) && typeof(x) %in% c("logical", "integer", "double", "character")
}

is_arrow_table <- function(x) {
  keys <- names(x)
  ok_names <- !anyNA(keys) && all(nzchar(keys)) && !anyDuplicated(keys) && !(pandas_index_field %in% keys)
  ok_names && all(vapply(x, is_arrow_vector, logical(1))) &&
    all(names(attributes(x)) %in% c("names", "row.names", "class"))
}

artifact_type_name <- function(x, kind) {
  if (is.null(x)) {
    return("NULL")
  }
  if (kind %in% c("scalar", "vector")) {
    if (is.factor(x)) {
      return(if (is.ordered(x)) "ordered" else "factor")
    }
    if (inherits(x, "Date") || inherits(x, "POSIXct")) {
      return(class(x)[[1L]])
    }
    return(typeof(x))
  }
  class(x)[[1L]]
}

write_table_artifact <- function(x, path, metadata, origins = NULL) {
  column <- function(values, name) origin_column(values, name, origins) %||% arrow_column(values, name)
  columns <- Map(column, unclass(x), names(x))
  row_names <- attr(x, "row.names")
  index <- NULL
  if (.row_names_info(x, type = 1L) >= 0L && (length(row_names) > 0L || is.character(row_names))) {
    index <- row_names # character (even none, as in mtcars[0, ]), or integer that are not 1..n
    columns[[pandas_index_field]] <- arrow_column(index, pandas_index_field)
  }
  metadata$pandas <- pandas_metadata(x, columns, index, origins)
  write_arrow_file(path, unname(columns), nrow(x), metadata)
}

table_from_arrow <- function(contents) {
  columns <- contents$columns
  row_names <- NULL
  if (!is.null(contents$metadata$pandas)) {
    indexed <- pandas_row_names(columns, contents$nrow, contents$metadata$pandas)
    columns <- indexed$columns
    row_names <- indexed$row_names
  }
  structure(
    columns,
    names = names(columns) %||% character(),
    row.names = row_names %||% .set_row_names(as.integer(contents$nrow)),
    class = "data.frame"
  )
}
