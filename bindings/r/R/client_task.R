# Tasks and their artifacts in the client API (see flow_client()).

#' A task by pathspec: one engine call (none when its finished run was read before).
#' @noRd
new_task <- function(pathspec) {
  new_task_record(api_get(pathspec))
}

#' A task from its record in a step's answer: no engine call.
#' @noRd
new_task_record <- function(record) {
  structure(list(pathspec = record$pathspec, data = record, values = new.env(parent = emptyenv())), class = "braid_task")
}

#' Tasks by pathspec, with one engine call per step they sit in (none for
#' those already read): a join's 4,000 parents are one step's answer.
#' @noRd
linked_tasks <- function(pathspecs) {
  pathspecs <- unlist(pathspecs) %||% character()
  missing <- pathspecs[vapply(pathspecs, function(p) is.null(cached_answer(p)), logical(1))]
  found <- list()
  steps <- sub("/[^/]*$", "", missing)
  for (step in unique(steps)) {
    wanted <- missing[steps == step]
    records <- if (length(wanted) == 1L) list(api_get(wanted)) else api_get(step)$tasks
    for (record in records) found[[record$pathspec]] <- record
  }
  lapply(pathspecs, function(p) new_task_record(found[[p]] %||% api_get(p)))
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
    duration = if (is.null(data$finished_at)) NULL else time_span(data$started_at, data$finished_at),
    parent_tasks = linked_tasks(data$parent_tasks),
    child_tasks = linked_tasks(data$child_tasks),
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
      "id", "pathspec", "step", "status", "successful", "finished", "caught", "started_at", "finished_at", "duration",
      "index", "artifacts", "data", "parent_tasks", "child_tasks", "stdout", "stderr", "exception", "attempts"
    ))
  )
}

#' A task's artifact records by name; `sha` is the SHA-256 of the artifact's
#' file (the engine's `object`).
#' @noRd
task_artifacts <- function(data) {
  records <- lapply(data$artifacts, function(r) {
    r$sha <- r$object
    r
  })
  names(records) <- vapply(records, `[[`, character(1), "name")
  records
}

#' @export
print.braid_task <- function(x, ...) {
  data <- .subset2(x, "data")
  cat(sprintf("<braid task %s: %s>\n", .subset2(x, "pathspec"), data$status %||% "unknown"))
  records <- task_artifacts(data)
  if (length(records)) {
    print(data.frame(
      artifact = names(records), type = vapply(records, function(r) r$type_name %||% "", ""),
      kind = vapply(records, function(r) r$kind %||% "", ""), language = vapply(records, function(r) r$language %||% "", ""),
      row.names = NULL
    ), row.names = FALSE)
  }
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
    record <- NULL
    for (candidate in .subset2(task, "data")$artifacts) {
      if (identical(candidate$name, name)) {
        record <- candidate
        break
      }
    }
    if (is.null(record)) {
      records <- task_artifacts(.subset2(task, "data"))
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
