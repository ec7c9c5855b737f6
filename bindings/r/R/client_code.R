# A run's code package in the client API: `run$code` (see flow_client()).

#' The code package of a run, listed through `braid code FLOW/RUN --json`.
#' @noRd
new_code_client <- function(run_pathspec) {
  data <- engine_json(c("code", run_pathspec, "--json"), paste("braid code", run_pathspec))
  files <- data.frame(
    path = vapply(data$files, function(f) f$path, character(1)),
    size = vapply(data$files, function(f) as.numeric(f$size), numeric(1)),
    stringsAsFactors = FALSE
  )
  structure(list(run = run_pathspec, hash = data$hash, path = data$path, flow_file = data$flow_file, files = files),
    class = "braid_code")
}

#' @export
`$.braid_code` <- function(x, name) {
  switch(name,
    run = ,
    hash = ,
    path = ,
    flow_file = ,
    files = .subset2(x, name),
    paths = .subset2(x, "files")$path,
    read = function(file) code_read(x, file),
    flowspec = code_read(x, .subset2(x, "flow_file")),
    extract = function(dir) code_extract(x, dir),
    no_field("code package", name, c("hash", "path", "flow_file", "files", "paths", "read", "flowspec", "extract"))
  )
}

#' @export
print.braid_code <- function(x, ...) {
  files <- .subset2(x, "files")
  cat(sprintf("<braid code of %s: %d file%s, sha256 %s>\n", .subset2(x, "run"), nrow(files),
    if (nrow(files) == 1L) "" else "s", substr(.subset2(x, "hash"), 1L, 12L)))
  invisible(x)
}

#' The text of one file of the package (`braid code FLOW/RUN FILE`).
#' @noRd
code_read <- function(code, file) {
  assert_string(file)
  if (!file %in% .subset2(code, "files")$path) {
    braid_abort(
      sprintf("the code package of %s has no file `%s`; it has %s.", .subset2(code, "run"), file, enumerate(.subset2(code, "files")$path)),
      c("braid_error_not_found", "braid_error_engine")
    )
  }
  result <- query_engine(find_engine(), c("code", .subset2(code, "run"), file, namespace_args()))
  if (result$status != 0L) {
    braid_abort(sprintf("cannot read %s from the code of %s: %s", file, .subset2(code, "run"), result$stderr), "braid_error_engine")
  }
  result$stdout
}

#' Writes the package's files into `dir` (`braid code FLOW/RUN --extract DIR`).
#' @noRd
code_extract <- function(code, dir) {
  assert_string(dir)
  target <- normalizePath(dir, mustWork = FALSE)
  result <- query_engine(find_engine(), c("code", .subset2(code, "run"), "--extract", target, namespace_args()))
  if (result$status != 0L) {
    braid_abort(sprintf("cannot extract the code of %s: %s", .subset2(code, "run"), sub("^Error: ", "", result$stderr)),
      "braid_error_engine")
  }
  invisible(target)
}
