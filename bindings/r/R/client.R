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
#' `$runs()` (newest first) and `$run(id)`. A run has `$id`, `$pathspec`,
#' `$status`, `$successful`, `$finished`, `$created_at`, `$finished_at`,
#' `$parameters`, `$trigger` (what started it, as `current()$trigger` in
#' its steps: `NULL` for a run started by hand), `$tags` (user tags),
#' `$system_tags` (`user:NAME`, `language:...`, `file:...`: set by the
#' engine, never removed), `$code`,
#' `$end_task`, `$data`, `$steps()` and `$step(name)` (also
#' `run[["name"]]`). `$add_tag(tag)`, `$add_tags(tags)`, `$remove_tag(tag)`,
#' `$remove_tags(tags)`, `$replace_tag(old, new)` and `$replace_tags(old,
#' new)` change the user tags in the store at once. `$code` is the code the
#' run ran (`NULL` for a run stored without it): `$paths`, `$files` (a data
#' frame of path and size), `$hash`, `$path` (the stored tar.gz),
#' `$flowspec` (the flow file's text), `$read(file)` and `$extract(dir)`.
#' A step has `$name`, `$status`,
#' `$tasks()` and `$task` (the first). A task has `$id`, `$pathspec`,
#' `$status`, `$successful`, `$finished`, `$caught` (it failed and `catch()` let the run go on), `$index` (its foreach item),
#' `$data` (artifact values by name, read on first use), `$artifacts` (their
#' records: path, kind, language, type, size), `$stdout`, `$stderr`,
#' `$exception` (why the last attempt failed, or `NULL`) and `$attempts`: a
#' data frame with one row per attempt (`attempt`, `status`, `started_at`,
#' `finished_at`, `duration` in seconds, `exit_status`, `signal`,
#' `signal_name`, `error_type`, `error`, `stdout_path`, `stderr_path`).
#'
#' Only runs in the current namespace are seen: by default the current
#' user's (`user:NAME`, from `BRAID_USER`, else `USER`). `namespace(NULL)`
#' sees every run, `namespace("user:ana")` another user's.
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
  data <- api_get(name)
  structure(list(name = data$flow %||% name, data = data), class = "braid_flow_client")
}

#' @export
`$.braid_flow_client` <- function(x, name) {
  data <- .subset2(x, "data")
  runs <- function() lapply(data$runs, new_run)
  switch(name,
    name = ,
    id = ,
    pathspec = .subset2(x, "name"),
    runs = runs,
    run = function(id) new_run(list(pathspec = paste0(.subset2(x, "name"), "/", id))),
    latest_run = if (length(data$runs)) new_run(data$runs[[1L]]) else NULL,
    latest_successful_run = {
      found <- Filter(function(r) identical(r$status, "succeeded"), data$runs)
      if (length(found)) new_run(found[[1L]]) else NULL
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
  runs <- .subset2(x, "data")$runs
  cat(sprintf("<braid flow %s: %d run%s in namespace %s>\n", .subset2(x, "name"), length(runs),
    if (length(runs) == 1L) "" else "s", get_namespace() %||% "(all)"))
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

#' `braid api get PATHSPEC` in the current namespace, parsed.
#' @noRd
api_get <- function(pathspec) {
  ns <- get_namespace()
  args <- c("api", "get", pathspec, if (is.null(ns)) "--all" else c("--namespace", ns))
  result <- query_engine(find_engine(), args)
  answer <- if (nzchar(trimws(result$stdout))) {
    tryCatch(jsonlite::fromJSON(result$stdout, simplifyVector = FALSE), error = function(e) {
      braid_abort(
        sprintf("the engine answered `braid api get %s` with something that is not JSON: %s", pathspec, substr(result$stdout, 1L, 200L)),
        "braid_error_engine"
      )
    })
  } else {
    list()
  }
  if (!is.null(answer$error)) {
    braid_abort(answer$error, c("braid_error_not_found", "braid_error_engine"), pathspec = pathspec)
  }
  if (result$status != 0L) {
    braid_abort(
      sprintf("`braid api get %s` failed (exit status %d): %s", pathspec, result$status, if (nzchar(result$stderr)) result$stderr else "no message"),
      "braid_error_engine",
      pathspec = pathspec
    )
  }
  answer
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
