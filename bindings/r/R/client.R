# The client API: past runs in Metaflow's object model, Flow > Run > Step >
# Task > data, read through the engine's query command (docs/client-api.md):
#
#   braid api get PATHSPEC [--namespace user:NAME | --all]
#
# so R and Python see exactly the same thing. Artifact values are read
# straight from their Arrow files in the store, only when asked for.
# Objects are lists with a class; their fields are read with `$`.

#' Read past runs of a flow
#'
#' `flow_client("Name")` is the entry point to past runs, as Metaflow's
#' `Flow("Name")`:
#'
#' ```r
#' f <- flow_client("PricingFlowR")
#' run <- f$latest_successful_run      # also $latest_run, $runs(), f[["7"]]
#' run$data$best                       # the end task's artifacts
#' task <- run[["join"]]$task          # or run$step("join")$tasks()
#' task$data$best; artifact(task, "best"); task$stdout; task$exception
#' ```
#'
#' A flow client has `$name`, `$latest_run`, `$latest_successful_run`,
#' `$runs(...)` (newest first; with tags, `$runs("nightly", "gpu")`, only
#' runs carrying every one) and `$run(id)`; [run_client()] reads one run
#' directly and [list_flows()] lists the flows. A run has `$id`, `$pathspec`,
#' `$status`, `$successful`, `$finished`, `$created_at`, `$started_at`,
#' `$finished_at`, `$duration` (seconds), `$user`,
#' `$parameters`, `$trigger` (what started it, as `current()$trigger` in
#' its steps: `NULL` for a run started by hand), `$tables_read` and
#' `$tables_written` (data frames of `table` and `version`: the table
#' versions the run read and put, see [table_put()]), `$tags` (user tags),
#' `$system_tags` (`user:NAME`, `language:...`, `file:...`: set by the
#' engine, never removed), `$code`,
#' `$end_task`, `$data`, `$steps()` and `$step(name)` (also
#' `run[["name"]]`). `$add_tag(tag)`, `$add_tags(tags)`, `$remove_tag(tag)`,
#' `$remove_tags(tags)`, `$replace_tag(old, new)` and `$replace_tags(old,
#' new)` change the user tags in the store at once. `$code` is the code the
#' run ran (`NULL` for a run stored without it): `$paths`, `$files` (a data
#' frame of path and size), `$hash`, `$path` (the stored tar.gz),
#' `$flowspec` (the flow file's text), `$read(file)` and `$extract(dir)`.
#' A step has `$name`, `$status`, `$started_at`, `$finished_at`,
#' `$tasks()` and `$task` (any one: the first); all its tasks come in one
#' engine call. A task has `$id`, `$pathspec`, `$step`,
#' `$status`, `$successful`, `$finished`, `$caught` (it failed and `catch()` let the run go on), `$index` (its foreach item),
#' `$started_at`, `$finished_at`, `$duration`, `$parent_tasks` and
#' `$child_tasks` (lists of tasks, one engine call per step they sit in),
#' `$data` (artifact values by name, read on first use), `$artifacts` (their
#' records: path, kind, language, type, size, `sha`), `$stdout`, `$stderr`,
#' `$exception` (why the last attempt failed, or `NULL`) and `$attempts`: a
#' data frame with one row per attempt (`attempt`, `status`, `started_at`,
#' `finished_at`, `duration` in seconds, `exit_status`, `signal`,
#' `signal_name`, `error_type`, `error`, `stdout_path`, `stderr_path`).
#'
#' Only runs in the current namespace are seen: by default the current
#' user's (`user:NAME`, from `BRAID_USER`, else `USER`). `namespace(NULL)`
#' sees every run, `namespace("user:ana")` another user's.
#'
#' What was read about a finished run is kept for the R session (it never
#' changes) and not asked for again; see [clear_cache()]. Runs still going
#' are read afresh.
#'
#' @param name The flow's name.
#' @return A `braid_flow_client` object.
#' @section Errors:
#' Signals `braid_error_not_found` (with the engine's message) for a flow,
#' run, step or task the engine does not know in the current namespace,
#' `braid_error_engine_not_found` when there is no engine, and
#' `braid_error_engine` when the engine fails or answers something that is
#' not JSON.
#' @family client API
#' @export
flow_client <- function(name) {
  assert_string(name)
  # The first page proves the flow exists and serves the first listing; later listings read afresh.
  state <- new.env(parent = emptyenv())
  state$fresh <- api_run_page(name, limit = first_page_size)
  structure(list(name = name, state = state, count = length(state$fresh$runs), more = isTRUE(state$fresh$has_more)),
    class = "braid_flow_client")
}

# Runs are read a page at a time: the first small (`$latest_run` reads one
# page), then ten times larger, so 10,000 runs are three engine calls.
first_page_size <- 100L
largest_page_size <- 10000L

#' Every run of the flow (carrying every tag of `tags`), newest first; with
#' `until`, reading stops after the page holding the first run it accepts.
#' @noRd
flow_runs <- function(x, tags = character(), until = NULL) {
  name <- .subset2(x, "name")
  runs <- list()
  before <- NULL
  limit <- first_page_size
  state <- .subset2(x, "state")
  page <- if (!length(tags)) state$fresh
  state$fresh <- NULL
  repeat {
    if (is.null(page)) page <- api_run_page(name, tags, before, limit)
    shared <- new_run_page(name, tags, page)
    runs <- c(runs, lapply(page$runs, new_run, page = shared))
    if (!is.null(until) && any(vapply(page$runs, until, logical(1)))) break
    if (!isTRUE(page$has_more) || !length(page$runs)) break
    before <- page$runs[[length(page$runs)]]$id
    page <- NULL
    limit <- min(limit * 10L, largest_page_size)
  }
  runs
}

#' @export
`$.braid_flow_client` <- function(x, name) {
  runs <- function(...) {
    tags <- c(...)
    if (length(tags)) assert_character(tags)
    flow_runs(x, as.character(tags))
  }
  switch(name,
    name = ,
    id = ,
    pathspec = .subset2(x, "name"),
    runs = runs,
    run = function(id) new_run(list(pathspec = paste0(.subset2(x, "name"), "/", id))),
    latest_run = {
      state <- .subset2(x, "state")
      page <- state$fresh %||% api_run_page(.subset2(x, "name"), limit = 1L)
      state$fresh <- NULL
      if (length(page$runs)) new_run(page$runs[[1L]]) else NULL
    },
    latest_successful_run = {
      succeeded <- function(r) identical(r$status, "succeeded")
      found <- Filter(function(r) identical(r$status, "succeeded"), flow_runs(x, until = succeeded))
      if (length(found)) found[[1L]] else NULL
    },
    no_field("flow client", name, c("name", "runs", "run", "latest_run", "latest_successful_run"))
  )
}

#' @export
`[[.braid_flow_client` <- function(x, i, ...) {
  new_run(list(pathspec = paste0(.subset2(x, "name"), "/", i)))
}

#' @export
print.braid_flow_client <- function(x, ...) {
  count <- paste0(.subset2(x, "count"), if (.subset2(x, "more")) "+" else "")
  cat(sprintf("<braid flow %s: %s run%s in namespace %s>\n", .subset2(x, "name"), count,
    if (identical(count, "1")) "" else "s", get_namespace() %||% "(all)"))
  invisible(x)
}

no_field <- function(what, name, fields) {
  braid_abort(sprintf("a %s has no field `%s`; it has %s.", what, name, enumerate(fields)), "braid_error_argument", argument = name)
}

#' Choose which runs the client API sees
#'
#' @param ns `"user:NAME"` for one user's runs, or `NULL` for every run.
#' @return `namespace()`: `ns`, invisibly. `get_namespace()`: the namespace
#'   in force (`NULL` when every run is seen). `default_namespace()`:
#'   `user:NAME` for the current user (`BRAID_USER`, else `USER`, else the
#'   account name).
#' @family client API
#' @export
namespace <- function(ns) {
  if (!is.null(ns)) assert_string(ns)
  braid_state$namespace <- if (is.null(ns)) list(all = TRUE) else ns
  invisible(ns)
}

#' @rdname namespace
#' @export
get_namespace <- function() {
  ns <- braid_state$namespace
  if (is.list(ns)) {
    return(NULL)
  }
  ns %||% default_namespace()
}

#' @rdname namespace
#' @export
default_namespace <- function() {
  paste0("user:", current_username())
}

current_username <- function() {
  for (variable in c("BRAID_USER", "USER")) {
    name <- Sys.getenv(variable)
    if (nzchar(name)) return(name)
  }
  user <- Sys.info()[["user"]]
  if (is.null(user) || !nzchar(user)) "unknown" else user
}

#' ISO 8601 UTC times from the engine as POSIXct (NULL stays NULL).
#' @noRd
parse_time <- function(text) {
  if (is.null(text)) {
    return(NULL)
  }
  text <- sub("(Z|[+-]00:?00)$", "", text)
  as.POSIXct(text, format = "%Y-%m-%dT%H:%M:%OS", tz = "UTC")
}
