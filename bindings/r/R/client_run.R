# Runs and steps of the client API (see flow_client()).

#' A run from its summary (in a flow's list) or just its pathspec; the full
#' record is fetched the first time a field needs it.
#' @noRd
new_run <- function(summary) {
  cache <- new.env(parent = emptyenv())
  if (!is.null(summary$steps)) cache$full <- summary
  structure(list(pathspec = summary$pathspec, summary = summary, cache = cache), class = "braid_run")
}

run_record <- function(x) {
  cache <- .subset2(x, "cache")
  if (is.null(cache$full)) {
    cache$full <- api_get(.subset2(x, "pathspec"))
  }
  cache$full
}

#' A field from the summary when it has it, else from the full record.
#' @noRd
run_field <- function(x, name) {
  summary <- .subset2(x, "summary")
  if (name %in% names(summary)) summary[[name]] else run_record(x)[[name]]
}

#' @export
`$.braid_run` <- function(x, name) {
  pathspec <- .subset2(x, "pathspec")
  status <- function() run_field(x, "status")
  switch(name,
    pathspec = pathspec,
    id = as.character(run_field(x, "id") %||% sub("^.*/", "", pathspec)),
    flow = sub("/.*$", "", pathspec),
    status = status(),
    successful = identical(status(), "succeeded"),
    finished = status() %in% c("succeeded", "failed", "cancelled"),
    created_at = parse_time(run_field(x, "created_at")),
    started_at = parse_time(run_field(x, "started_at")),
    finished_at = parse_time(run_field(x, "finished_at")),
    user = run_field(x, "user"),
    parameters = run_field(x, "parameters"),
    origin_run_id = run_field(x, "origin_run_id"),
    trigger = new_trigger(run_field(x, "trigger")),
    tags = ,
    user_tags = run_tags(x, "user_tags"),
    system_tags = run_tags(x, "system_tags"),
    add_tag = ,
    add_tags = ,
    remove_tag = ,
    remove_tags = ,
    replace_tag = ,
    replace_tags = tag_methods(x)[[name]],
    code = if (is.null(run_field(x, "code_hash"))) NULL else new_code_client(pathspec),
    end_task = {
      end <- run_record(x)$end_task
      if (is.null(end)) NULL else new_task(end)
    },
    data = {
      end <- run_record(x)$end_task
      if (is.null(end)) NULL else new_task(end)$data
    },
    steps = function() lapply(run_record(x)$steps, function(s) new_step_client(paste0(pathspec, "/", s$name))),
    step = function(name) new_step_client(paste0(pathspec, "/", name)),
    no_field("run", name, c(
      "id", "pathspec", "status", "successful", "finished", "created_at", "finished_at", "parameters", "trigger",
      "tags", "system_tags", "add_tag", "add_tags", "remove_tag", "remove_tags", "replace_tag", "replace_tags",
      "code", "end_task", "data", "steps", "step"
    ))
  )
}

#' @export
`[[.braid_run` <- function(x, i, ...) {
  new_step_client(paste0(.subset2(x, "pathspec"), "/", i))
}

#' @export
print.braid_run <- function(x, ...) {
  cat(sprintf("<braid run %s: %s>\n", .subset2(x, "pathspec"), x$status %||% "unknown"))
  invisible(x)
}

new_step_client <- function(pathspec) {
  structure(list(pathspec = pathspec, data = api_get(pathspec)), class = "braid_step")
}

#' @export
`$.braid_step` <- function(x, name) {
  data <- .subset2(x, "data")
  tasks <- function() lapply(data$tasks, function(t) new_task(t$pathspec))
  switch(name,
    pathspec = data$pathspec %||% .subset2(x, "pathspec"),
    name = ,
    id = data$name,
    status = data$status,
    tasks = tasks,
    task = if (length(data$tasks)) new_task(data$tasks[[1L]]$pathspec) else NULL,
    no_field("step", name, c("name", "pathspec", "status", "tasks", "task"))
  )
}

#' @export
`[[.braid_step` <- function(x, i, ...) {
  new_task(paste0(.subset2(x, "pathspec"), "/", i))
}

#' @export
print.braid_step <- function(x, ...) {
  data <- .subset2(x, "data")
  cat(sprintf("<braid step %s: %s, %d task%s>\n", .subset2(x, "pathspec"), data$status %||% "unknown",
    length(data$tasks), if (length(data$tasks) == 1L) "" else "s"))
  invisible(x)
}
