# Tables (docs/tables.md): named series of immutable versions, through the engine:
#
#   braid table put NAME FILE --json --move [--force] [--same-schema] [--from FLOW/RUN/STEP/TASK]
#   braid table resolve NAME [--version N] [--from FLOW/RUN/STEP/TASK] --json
#   braid table show NAME --json          (one JSON object per version)
#
# table_put() writes the data frame with the package's own Arrow writer (as a
# table artifact: factors, Date, POSIXct with its time zone, NA vs NaN, row
# names as pandas' index) into the store's spool, and the engine moves it into
# the store. table_read() reads the stored file through the package's reader.

#' Put, read and list versions of a table
#'
#' A table is a named series of immutable versions that any step, script or
#' language can land and read (the Braid repository's docs/tables.md).
#' `table_put()` lands a data frame as the table's next version;
#' `table_read()` reads a version back as a data frame; `table_versions()`
#' lists the versions with their lineage.
#'
#' ```r
#' table_put("sales", df)                      # version 1, 2, ...
#' table_read("sales")                         # the latest (in a run: the run's version)
#' table_read("sales", version = 1)
#' table_versions("sales")
#' ```
#'
#' Data frames keep what artifacts keep: double (with `NaN` apart from
#' `NA`), integer, logical, character, factor and ordered factor (levels
#' kept), `Date`, `POSIXct` with its time zone, and row names (as pandas'
#' index), so Python's `braid.Table("sales").read()` gets the same frame.
#' Content identical to the latest version's makes no new version (`landed`
#' is `FALSE`) unless `force = TRUE`.
#'
#' Inside a step, a put records the task (the version's `how` is `flow`) and
#' the run lists it among the tables it wrote; a read gets the version the
#' run is pinned to (the one that triggered it, else the one it read first,
#' else the latest when it was created), so every task of the run and a
#' resume of it read the same data, and the run records the read. A frame
#' read with `table_read()` and put again to the same table keeps the column
#' types it was read with where R has none of its own (int64, timestamps in
#' s, ms or ns).
#'
#' @param name The table's name: 1 to 128 letters, digits, `_`, `-` and `.`,
#'   starting with a letter or digit, with no `..`.
#' @param df A data frame.
#' @param force `TRUE` to land a new version even when the content equals
#'   the latest version's.
#' @param same_schema `TRUE` to refuse a schema that differs from the latest
#'   version's.
#' @param version A version number, or `NULL` for the latest (inside a run,
#'   the run's version).
#' @return `table_put()`: invisibly, a `braid_table_put` list with `table`,
#'   `version`, `rows`, `fingerprint`, `landed`, `schema_changed` and
#'   `event_id` (the `braid.table.NAME` event the landing published, or
#'   `NULL`). `table_read()`: a data frame. `table_versions()`: a data frame
#'   with one row per version, oldest first: `version`, `rows`, `how` (`put`,
#'   `flow`, `delta`, `marker`, `file`), `landed_at` (POSIXct, UTC),
#'   `fingerprint`, `schema_changed`, `producer` (the pathspec of the task
#'   that put it, or `NA`), `consumers` (a list column of the runs that read
#'   it), `location`, `commit` and `schema` (a list column of data frames:
#'   `name`, `type`, `nullable`).
#' @section Errors:
#' Signals `braid_error_table` for a name the rules refuse (before the
#' engine starts), for the engine's refusal (a schema change with
#' `same_schema = TRUE`, an unknown table or version; nothing is recorded),
#' and for a version R cannot read: a Delta Lake commit or a `_SUCCESS`
#' marker partition stays where its writer put it and needs Python
#' (`deltalake`, `pyarrow`). Signals `braid_error_argument` for a `df` that
#' is not a data frame or has a column of a type a table cannot hold (a
#' list, or a vector with other attributes), `braid_error_arrow` for a
#' stored file R cannot decode, `braid_error_engine_not_found` when there is
#' no engine and `braid_error_engine` when it fails otherwise.
#' @seealso [trigger()] with `table = NAME` to start a deployed flow when a
#'   version lands, and `run$tables_read`, `run$tables_written` in
#'   [flow_client()].
#' @family tables
#' @export
#' @examples
#' \dontrun{
#' table_put("sales", data.frame(day = as.Date("2026-12-07") + 0:1, amount = c(10.5, NA)))
#' table_read("sales")
#' table_versions("sales")
#' }
table_put <- function(name, df, force = FALSE, same_schema = FALSE) {
  assert_table_name(name)
  assert_flag(force)
  assert_flag(same_schema)
  assert_table_frame(df)
  path <- new_spool_file(name)
  on.exit(unlink(path)) # still there only when the engine refused it
  write_table_artifact(df, path, list(), braid_state$table_origins[[name]])
  from <- current()$pathspec
  args <- c(
    "table", "put", name, path, "--json", "--move", if (force) "--force", if (same_schema) "--same-schema",
    if (!is.null(from)) c("--from", from)
  )
  answer <- table_engine(args, paste("braid table put", name), name)[[1L]]
  invisible(new_table_put(answer))
}

#' @rdname table_put
#' @export
table_read <- function(name, version = NULL) {
  assert_table_name(name)
  if (!is.null(version)) {
    assert_count(version, "version", min = 1)
  }
  from <- current()$pathspec
  args <- c(
    "table", "resolve", name, "--json", if (!is.null(version)) c("--version", format(version, scientific = FALSE)),
    if (!is.null(from)) c("--from", from)
  )
  answer <- table_engine(args, paste("braid table resolve", name), name)[[1L]]
  path <- answer[["path"]]
  if (is.null(path)) {
    stop_unreadable_version(name, answer)
  }
  origins <- new_table_origins()
  note_table_origins(origins, path)
  if (is.null(braid_state$table_origins)) braid_state$table_origins <- list()
  braid_state$table_origins[[name]] <- origins
  table_from_arrow(read_arrow_file(path))
}

#' @rdname table_put
#' @export
table_versions <- function(name) {
  assert_table_name(name)
  records <- table_engine(c("table", "show", name, "--json"), paste("braid table show", name), name)
  versions_frame(records)
}

#' Runs `braid ARGS`; returns the JSON objects it printed, one a line.
#' A refusal (stderr and a non-zero status, or `{"error": ...}`) signals
#' braid_error_table with the engine's message.
#' @noRd
table_engine <- function(args, what, name) {
  result <- query_engine(find_engine(), args)
  lines <- strsplit(result$stdout, "\n", fixed = TRUE)[[1L]]
  lines <- lines[nzchar(trimws(lines))]
  answers <- tryCatch(lapply(lines, jsonlite::fromJSON, simplifyVector = FALSE), error = function(e) NULL)
  said <- sub("^(braid: )?[Ee]rror: ", "", trimws(result$stderr))
  refused <- if (length(answers) == 1L && is.list(answers[[1L]])) answers[[1L]]$error
  if (result$status != 0L || !is.null(refused)) {
    message <- refused %||% (if (nzchar(said)) said else sprintf("`%s` failed (exit status %d)", what, result$status))
    braid_abort(message, "braid_error_table", table = name)
  }
  if (is.null(answers) || !all(vapply(answers, function(a) is.list(a) && !is.null(names(a)), logical(1)))) {
    braid_abort(sprintf("the engine answered `%s` with something that is not JSON objects: %s", what, substr(result$stdout, 1L, 200L)),
      "braid_error_engine", table = name)
  }
  answers
}

#' A new empty file in the store's spool, named for the table.
#' The spool is spelled as the engine spells it (BRAID_HOME + "/spool"):
#' `--move` takes only files under it.
#' @noRd
new_spool_file <- function(name) {
  spool <- paste0(braid_home(), "/spool")
  dir.create(spool, recursive = TRUE, showWarnings = FALSE)
  if (!dir.exists(spool)) {
    braid_abort(sprintf("cannot put %s: cannot make the spool directory %s.", name, spool), "braid_error_table", table = name)
  }
  paste0(spool, "/", basename(tempfile(sprintf("table-%s-%d-", name, Sys.getpid()), fileext = ".arrow")))
}

#' The store: BRAID_HOME, else HOME/.braid (as the engine finds it).
#' @noRd
braid_home <- function() {
  home <- Sys.getenv("BRAID_HOME")
  if (nzchar(home)) home else paste0(Sys.getenv("HOME", path.expand("~")), "/.braid")
}

stop_unreadable_version <- function(name, answer) {
  where <- sprintf("%s (%s)", answer$location %||% "its location", answer$commit %||% "no commit")
  needs <- switch(answer$how %||% "",
    delta = sprintf("is Delta Lake commit %s of %s; R cannot read Delta tables", answer$commit %||% "?", answer$location %||% "?"),
    marker = sprintf("is the partition of %s under %s, left where its writer put it; R reads only versions in the store",
      answer$commit %||% "?", answer$location %||% "?"),
    sprintf("(%s) has no stored file for R to read at %s", answer$how %||% "unknown", where)
  )
  braid_abort(sprintf(
    "table %s version %s %s. Read it in a Python step with braid.Table(\"%s\", version=%s).read() (it needs the deltalake and pyarrow packages) and pass it on as an artifact, or put it as a table from there.",
    name, format(answer$version %||% "?", scientific = FALSE), needs, name, format(answer$version %||% "?", scientific = FALSE)
  ), "braid_error_table", table = name, how = answer$how)
}

#' The result of a put, printed as one line.
#' @noRd
new_table_put <- function(answer) {
  number <- function(x) if (is.null(x)) NULL else as.numeric(x)
  structure(list(
    table = answer$table, version = number(answer$version), rows = number(answer$rows), fingerprint = answer$fingerprint,
    landed = isTRUE(answer$landed %||% TRUE), schema_changed = isTRUE(answer$schema_changed), event_id = number(answer$event_id)
  ), class = "braid_table_put")
}

#' @export
print.braid_table_put <- function(x, ...) {
  cat(sprintf("<braid table %s version %s, %s rows: %s>\n", x$table, format(x$version, scientific = FALSE),
    format(x$rows %||% NA, scientific = FALSE), if (isTRUE(x$landed)) "landed" else "unchanged, no new version"))
  invisible(x)
}
