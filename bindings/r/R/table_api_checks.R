# The checks of table_put(), table_read() and trigger(table = ...) that R can
# make before the engine starts (docs/tables.md): the table name rule and
# what a data frame may hold. The engine checks names again.

#' What is wrong with a table name, as the end of a sentence, or NULL: 1-128
#' characters of ASCII letters, digits, `_`, `-` and `.`, starting with a
#' letter or digit, with no `..` (never a path, an option or a hidden file).
#' @noRd
table_name_problem <- function(name) {
  if (!nzchar(name)) {
    "is empty"
  } else if (nchar(name, type = "chars") > 128L) {
    sprintf("is %d characters long; at most 128", nchar(name, type = "chars"))
  } else if (grepl("[[:cntrl:]]", name)) {
    "has a control character"
  } else if (grepl("[/\\\\]", name)) {
    "has a slash; a table name is a name, not a path"
  } else if (grepl("..", name, fixed = TRUE)) {
    "has `..`"
  } else if (grepl("[^A-Za-z0-9_.-]", name, perl = TRUE)) {
    "may hold only letters, digits, `_`, `-` and `.`"
  } else if (!grepl("^[A-Za-z0-9]", name)) {
    "must start with a letter or a digit"
  }
}

#' A table name for messages: quoted, escaped, cut after 60 characters.
#' @noRd
shown_table_name <- function(name) {
  if (nchar(name, type = "chars") > 60L) name <- paste0(substr(name, 1L, 60L), "...")
  encodeString(name, quote = "\"")
}

assert_table_name <- function(name, arg = "name") {
  assert_string(name, arg, allow_empty = TRUE)
  problem <- table_name_problem(name)
  if (!is.null(problem)) {
    braid_abort(sprintf("table name %s %s.", shown_table_name(name), problem), "braid_error_table", table = name)
  }
  invisible(name)
}

#' A data frame whose every column a table holds without loss (as a table
#' artifact); the message names the first column that is not one.
#' @noRd
assert_table_frame <- function(df, arg = "df") {
  if (!is.data.frame(df)) {
    argument_error(arg, "a data frame", df)
  }
  if (is_arrow_table(df)) {
    return(invisible(df))
  }
  keys <- names(df)
  bad_names <- is.null(keys) || anyNA(keys) || !all(nzchar(keys)) || anyDuplicated(keys) || pandas_index_field %in% keys
  if (bad_names) {
    return(braid_abort(sprintf(
      "`%s` must have a distinct, non-empty name for each column (and none called %s).", arg, pandas_index_field
    ), "braid_error_argument", argument = arg))
  }
  for (key in keys) {
    if (!is_arrow_vector(df[[key]])) {
      braid_abort(sprintf(
        "column `%s` of `%s` is %s; a table holds double, integer, logical, character, factor, Date and POSIXct columns (convert it, e.g. with as.character()).",
        key, arg, describe_column(df[[key]])
      ), "braid_error_argument", argument = arg, column = key)
    }
  }
  braid_abort(sprintf("`%s` has attributes a table cannot keep (%s); use a plain data frame.", arg,
    paste(setdiff(names(attributes(df)), c("names", "row.names", "class")), collapse = ", ")), "braid_error_argument", argument = arg)
}

describe_column <- function(x) {
  extra <- setdiff(names(attributes(x)), c("class", "levels", "tzone"))
  if (length(extra)) {
    return(sprintf("a %s with attribute%s %s", class(x)[[1L]], if (length(extra) > 1L) "s" else "", paste(extra, collapse = ", ")))
  }
  if (is.list(x)) "a list" else sprintf("of class %s", paste(class(x), collapse = "/"))
}

#' `braid table show NAME --json` records as a data frame, oldest first.
#' @noRd
versions_frame <- function(records) {
  field <- function(name, empty, convert = identity) {
    vapply(records, function(r) if (is.null(r[[name]])) empty else convert(r[[name]]), empty, USE.NAMES = FALSE)
  }
  frame <- data.frame(
    version = field("version", NA_integer_, as.integer),
    rows = field("rows", NA_real_, as.numeric),
    how = field("how", NA_character_),
    landed_at = parse_time(field("landed_at", NA_character_)) %||% as.POSIXct(character(), tz = "UTC"),
    fingerprint = field("fingerprint", NA_character_),
    schema_changed = field("schema_changed", NA, isTRUE),
    producer = vapply(records, function(r) producer_pathspec(r), character(1)),
    location = field("location", NA_character_),
    commit = field("commit", NA_character_, as.character),
    stringsAsFactors = FALSE
  )
  frame$consumers <- lapply(records, consumer_pathspecs)
  frame$schema <- lapply(records, schema_frame)
  frame <- frame[order(frame$version), , drop = FALSE]
  rownames(frame) <- NULL
  frame
}

#' The pathspec of the task that put a version (`producer_pathspec`, or a
#' full pathspec in `producer` or `task`), else NA.
#' @noRd
producer_pathspec <- function(record) {
  producer <- record[["producer"]]
  for (candidate in list(record[["producer_pathspec"]], producer, if (is.list(producer)) producer[["pathspec"]], record[["task"]])) {
    if (is.character(candidate) && length(candidate) == 1L && lengths(regmatches(candidate, gregexpr("/", candidate))) == 3L) {
      return(candidate)
    }
  }
  NA_character_
}

#' The `FLOW/RUN` of each run that read a version (`consumer_pathspecs`, or
#' `consumers` as pathspecs or objects with `pathspec`, `run`, or `flow` and `run_id`).
#' @noRd
consumer_pathspecs <- function(record) {
  found <- vapply(c(record[["consumer_pathspecs"]], record[["consumers"]]), function(c) {
    if (is.list(c)) {
      run <- if (!is.null(c[["flow"]])) paste0(c[["flow"]], "/", c[["run_id"]] %||% c[["id"]])
      c <- c[["pathspec"]] %||% c[["run"]] %||% run
    }
    if (is.character(c) && length(c) == 1L && grepl("^[^/]+/[^/]+$", c)) c else NA_character_
  }, character(1))
  unique(found[!is.na(found)])
}

schema_frame <- function(record) {
  fields <- record[["schema"]] %||% list()
  data.frame(
    name = vapply(fields, function(f) as.character(f[["name"]] %||% NA_character_), character(1)),
    type = vapply(fields, function(f) as.character(f[["type"]] %||% NA_character_), character(1)),
    nullable = vapply(fields, function(f) isTRUE(f[["nullable"]]), logical(1)),
    stringsAsFactors = FALSE
  )
}

#' `[{"table", "version"}]` of `braid api get FLOW/RUN` as a data frame.
#' @noRd
table_refs_frame <- function(records) {
  data.frame(
    table = vapply(records %||% list(), function(r) as.character(r[["table"]]), character(1)),
    version = vapply(records %||% list(), function(r) as.integer(r[["version"]]), integer(1)),
    stringsAsFactors = FALSE
  )
}
