# Runs and steps of the client API (see flow_client()).

#' A run from its summary (in a flow's list) or just its pathspec; the full
#' record is fetched the first time a field needs it.
#' @noRd
new_run <- function(summary, page = NULL) {
  cache <- new.env(parent = emptyenv())
  if (!is.null(summary$steps)) cache$full <- summary
  structure(list(pathspec = summary$pathspec, summary = summary, cache = cache, page = page), class = "braid_run")
}

#' The runs of one page, which read their end tasks together: `run$data` over
#' a flow's runs makes one engine call per page, not one per run.
#' @noRd
new_run_page <- function(flow, tags, page) {
  shared <- new.env(parent = emptyenv())
  shared$flow <- flow
  shared$tags <- tags
  shared$ids <- vapply(page$runs, function(r) as.character(r$id), character(1))
  shared
}

#' The end task record of run `id` of a page (NULL before the run's end ran).
#' @noRd
page_end_task <- function(shared, id) {
  if (is.null(shared$end_tasks)) {
    # The same runs again, with their end tasks: ids never change and newer runs sort before.
    before <- format(as.numeric(shared$ids[[1L]]) + 1, scientific = FALSE)
    answer <- api_run_page(shared$flow, shared$tags, before, length(shared$ids), end_tasks = TRUE)
    records <- lapply(answer$runs, function(r) r$end_task_record)
    names(records) <- vapply(answer$runs, function(r) as.character(r$id), character(1))
    for (record in records) if (!is.null(record)) remember_answer(record)
    shared$end_tasks <- records
  }
  shared$end_tasks[[id]]
}

#' The run's end task (NULL before it ran): from its page when it has one.
#' @noRd
run_end_task <- function(x) {
  page <- .subset2(x, "page")
  if (!is.null(page) && is.null(.subset2(x, "cache")$full)) {
    record <- page_end_task(page, as.character(run_field(x, "id")))
    return(if (is.null(record)) NULL else new_task_record(record))
  }
  end <- run_record(x)$end_task
  if (is.null(end)) NULL else new_task(end)
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
    tables_read = table_refs_frame(run_record(x)$tables_read),
    tables_written = table_refs_frame(run_record(x)$tables_written),
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
    end_task = run_end_task(x),
    data = {
      end <- run_end_task(x)
      if (is.null(end)) NULL else end$data
    },
    duration = time_span(run_field(x, "started_at"), run_field(x, "finished_at")),
    steps = function() lapply(run_record(x)$steps, function(s) new_step_client(paste0(pathspec, "/", s$name), summary = s)),
    step = function(name) new_step_client(paste0(pathspec, "/", name)),
    no_field("run", name, c(
      "id", "pathspec", "status", "successful", "finished", "created_at", "started_at", "finished_at", "duration",
      "user", "parameters", "trigger",
      "tables_read", "tables_written",
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
  record <- run_record(x)
  duration <- time_span(record$started_at, record$finished_at)
  cat(sprintf("<braid run %s: %s%s>\n", .subset2(x, "pathspec"), record$status %||% "unknown",
    if (is.null(duration)) "" else sprintf(", %.1f s", duration)))
  tags <- unlist(record$user_tags)
  if (length(tags)) cat("  tags:", paste(tags, collapse = ", "), "\n")
  steps <- record$steps
  if (length(steps)) {
    print(data.frame(
      step = vapply(steps, function(s) s$name, ""), status = vapply(steps, function(s) s$status, ""),
      tasks = vapply(steps, function(s) as.integer(s$task_count), 0L)
    ), row.names = FALSE)
  }
  invisible(x)
}

#' A step; its tasks are read (all in one engine call) when first needed.
#' `summary`: its line in the run's step list, which says name and status.
#' @noRd
new_step_client <- function(pathspec, summary = NULL) {
  cache <- new.env(parent = emptyenv())
  if (is.null(summary)) cache$data <- api_get(pathspec)
  structure(list(pathspec = pathspec, summary = summary, cache = cache), class = "braid_step")
}

step_data <- function(x) {
  cache <- .subset2(x, "cache")
  if (is.null(cache$data)) cache$data <- api_get(.subset2(x, "pathspec"))
  cache$data
}

#' @export
`$.braid_step` <- function(x, name) {
  known <- .subset2(x, "cache")$data %||% .subset2(x, "summary")
  tasks <- function() lapply(step_data(x)$tasks, new_task_record)
  switch(name,
    pathspec = .subset2(x, "pathspec"),
    name = ,
    id = known$name,
    status = known$status,
    tasks = tasks,
    task = {
      records <- step_data(x)$tasks
      if (length(records)) new_task_record(records[[1L]]) else NULL
    },
    started_at = {
      times <- unlist(lapply(step_data(x)$tasks, function(t) t$started_at))
      if (length(times)) min(parse_time(times)) else NULL
    },
    finished_at = {
      times <- lapply(step_data(x)$tasks, function(t) t$finished_at)
      if (length(times) && !any(vapply(times, is.null, logical(1)))) max(parse_time(unlist(times))) else NULL
    },
    no_field("step", name, c("name", "pathspec", "status", "tasks", "task", "started_at", "finished_at"))
  )
}

#' @export
`[[.braid_step` <- function(x, i, ...) {
  pathspec <- paste0(.subset2(x, "pathspec"), "/", i)
  for (record in step_data(x)$tasks) {
    if (identical(record$pathspec, pathspec)) return(new_task_record(record))
  }
  braid_abort(sprintf("task %s not found", pathspec), c("braid_error_not_found", "braid_error_engine"), pathspec = pathspec)
}

#' @export
print.braid_step <- function(x, ...) {
  data <- step_data(x)
  cat(sprintf("<braid step %s: %s, %d task%s>\n", .subset2(x, "pathspec"), data$status %||% "unknown",
    length(data$tasks), if (length(data$tasks) == 1L) "" else "s"))
  invisible(x)
}

#' Seconds between two engine times (to now while the second is NULL); NULL before the first.
#' @noRd
time_span <- function(start, end) {
  if (is.null(start)) {
    return(NULL)
  }
  finish <- if (is.null(end)) Sys.time() else parse_time(end)
  as.numeric(difftime(finish, parse_time(start), units = "secs"))
}

#' Read one run of a flow
#'
#' `run_client("PricingFlowR/7")` or `run_client("PricingFlowR", 7)` is the
#' run, as `flow_client("PricingFlowR")[["7"]]` (Metaflow's R `run_client()`),
#' without listing the flow's runs first. See [flow_client()] for its fields.
#'
#' @param flow A run pathspec `FLOW/RUN`, or the flow's name.
#' @param id The run id, when `flow` is a name.
#' @return A `braid_run` object; its record is read when a field needs it.
#' @section Errors:
#' Signals `braid_error_not_found` (when a field is first read) for a run
#' the engine does not know in the current namespace.
#' @family client API
#' @export
run_client <- function(flow, id = NULL) {
  assert_string(flow)
  pathspec <- if (is.null(id)) flow else paste0(flow, "/", id)
  if (!grepl("^[^/]+/[^/]+$", pathspec)) {
    argument_error("flow", "a run pathspec FLOW/RUN, or a flow name with `id`", flow)
  }
  new_run(list(pathspec = pathspec))
}
