# Tasks and their artifacts in the client API (see flow_client()).

new_task <- function(pathspec) {
  structure(list(pathspec = pathspec, data = api_get(pathspec), values = new.env(parent = emptyenv())), class = "braid_task")
}

#' @export
`$.braid_task` <- function(x, name) {
  data <- .subset2(x, "data")
  attempts <- data$attempts
  switch(name,
    pathspec = data$pathspec %||% .subset2(x, "pathspec"),
    id = as.character(data$id),
    step = data$step,
    status = data$status,
    successful = identical(data$status, "succeeded"),
    finished = data$status %in% c("succeeded", "failed", "cancelled"),
    caught = isTRUE(data$caught),
    started_at = parse_time(data$started_at),
    finished_at = parse_time(data$finished_at),
    attempts = attempts_frame(attempts),
    foreach_stack = data$foreach_stack,
    index = {
      stack <- data$foreach_stack
      if (length(stack)) as.integer(stack[[length(stack)]]$index) else NULL
    },
    artifacts = task_artifacts(data),
    data = structure(list(task = x), class = "braid_data"),
    stdout = read_log(data$stdout_path),
    stderr = read_log(data$stderr_path),
    exception = {
      failure <- if (length(attempts)) attempts[[length(attempts)]]$failure
      if (is.null(failure)) NULL else structure(failure, class = "braid_task_exception")
    },
    no_field("task", name, c(
      "id", "pathspec", "status", "successful", "finished", "caught", "index", "artifacts", "data",
      "stdout", "stderr", "exception", "attempts"
    ))
  )
}

task_artifacts <- function(data) {
  records <- data$artifacts
  names(records) <- vapply(records, `[[`, character(1), "name")
  records
}

#' @export
print.braid_task <- function(x, ...) {
  data <- .subset2(x, "data")
  cat(sprintf("<braid task %s: %s>\n", .subset2(x, "pathspec"), data$status %||% "unknown"))
  cat("  artifacts:", enumerate(names(task_artifacts(data)), quote = FALSE), "\n")
  invisible(x)
}

#' The value of one artifact of a task
#'
#' `artifact(task, "best")` is `task$data$best`: the value read from the
#' artifact's Arrow file in the store (cached in the task object).
#'
#' @param task A task from the client API (see [flow_client()]).
#' @param name The artifact's name.
#' @return The artifact's value as an R object.
#' @section Errors:
#' Signals `braid_error_artifact_missing` when the task has no such artifact
#' and `braid_error_artifact_language` when only Python can read it.
#' @family client API
#' @export
artifact <- function(task, name) {
  if (!inherits(task, "braid_task")) {
    argument_error("task", "a task from the client API (run$step(\"name\")$task)", task)
  }
  assert_string(name)
  values <- .subset2(task, "values")
  if (!exists(name, envir = values, inherits = FALSE)) {
    records <- task_artifacts(.subset2(task, "data"))
    record <- records[[name]]
    if (is.null(record)) {
      braid_abort(
        sprintf("task %s has no artifact `%s`; it has %s.", .subset2(task, "pathspec"), name, enumerate(names(records))),
        c("braid_error_artifact_missing", "braid_error_artifact"),
        artifact = name
      )
    }
    assign(name, read_artifact(record$path, name), envir = values)
  }
  get(name, envir = values, inherits = FALSE)
}

#' @export
`$.braid_data` <- function(x, name) {
  artifact(.subset2(x, "task"), name)
}

#' @export
`[[.braid_data` <- function(x, i, ...) {
  artifact(.subset2(x, "task"), i)
}

#' @export
names.braid_data <- function(x) {
  names(task_artifacts(.subset2(.subset2(x, "task"), "data")))
}

#' @export
print.braid_data <- function(x, ...) {
  cat("<braid data:", enumerate(names(x), quote = FALSE), ">\n")
  invisible(x)
}

#' @export
print.braid_task_exception <- function(x, ...) {
  cat(sprintf("<braid task failure (%s)> %s%s\n", x$kind %||% "error", if (is.null(x$type)) "" else paste0(x$type, ": "), x$message %||% ""))
  if (!is.null(x$traceback) && nzchar(x$traceback)) cat(x$traceback, "\n")
  invisible(x)
}

read_log <- function(path) {
  if (is.null(path) || !file.exists(path)) {
    return("")
  }
  paste(readLines(path, warn = FALSE, encoding = "UTF-8"), collapse = "\n")
}
