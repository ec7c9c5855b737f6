# How the client API asks the engine (docs/client-api.md): one `braid api`
# process per collection (a step with every task whole, a page of runs),
# never one per item. A finished run never changes (resume makes a new run),
# so answers under it are kept for the session; anything under a run still
# going is read afresh each time.

finished_statuses <- c("succeeded", "failed", "cancelled")

#' The session's answers, keyed by namespace and pathspec.
#' @noRd
answer_cache <- function() {
  if (is.null(braid_state$answers)) {
    braid_state$answers <- new.env(parent = emptyenv(), hash = TRUE)
    braid_state$answer_weight <- 0
  }
  braid_state$answers
}

# Past this many task records the cache starts again from empty: a long
# session does not hold every step it ever looked at.
answer_cache_capacity <- 200000

cache_key <- function(pathspec, prefix = cache_prefix()) {
  paste0(prefix, pathspec)
}

cache_prefix <- function() {
  paste0(get_namespace() %||% "*", "\r")
}

cached_answer <- function(pathspec) {
  cache <- answer_cache()
  key <- cache_key(pathspec)
  if (exists(key, envir = cache, inherits = FALSE)) get(key, envir = cache, inherits = FALSE) else NULL
}

#' Keeps an answer when its run is finished; a step's answer makes each of its
#' tasks known too.
#' @noRd
remember_answer <- function(answer) {
  run_status <- answer$run_status %||% (if (!is.null(answer$steps)) answer$status)
  if (is.null(run_status) || !run_status %in% finished_statuses) {
    return(invisible())
  }
  cache <- answer_cache()
  weight <- 1 + length(answer$tasks)
  if (braid_state$answer_weight + weight > answer_cache_capacity) {
    rm(list = ls(cache, all.names = TRUE), envir = cache)
    braid_state$answer_weight <- 0
  }
  braid_state$answer_weight <- braid_state$answer_weight + weight
  prefix <- cache_prefix()
  assign(cache_key(answer$pathspec, prefix), answer, envir = cache)
  if (length(answer$tasks)) {
    tasks <- answer$tasks
    names(tasks) <- cache_key(vapply(tasks, function(t) t$pathspec, character(1)), prefix)
    list2env(tasks, envir = cache)
  }
  invisible()
}

#' Forget what the client API has read
#'
#' Answers about finished runs are kept for the R session, since they never
#' change; `clear_cache()` forgets them, so the next access asks the engine.
#' @return `NULL`, invisibly.
#' @family client API
#' @export
clear_cache <- function() {
  cache <- answer_cache()
  rm(list = ls(cache, all.names = TRUE), envir = cache)
  braid_state$answer_weight <- 0
  invisible()
}

#' `braid api get PATHSPEC` in the current namespace: from the session's
#' answers when final, else from the engine.
#' @noRd
api_get <- function(pathspec) {
  answer <- cached_answer(pathspec)
  if (is.null(answer)) {
    answer <- api_call(c("api", "get", pathspec), paste("braid api get", pathspec))
    remember_answer(answer)
  }
  answer
}

#' One page of a flow's runs, newest first (never cached: runs come and change).
#' @noRd
api_run_page <- function(flow, tags = character(), before = NULL, limit = 100L, end_tasks = FALSE) {
  args <- c("api", "get", flow, "--limit", format(limit, scientific = FALSE))
  if (length(tags)) args <- c(args, paste0("--tag=", tags))
  if (!is.null(before)) args <- c(args, "--before", before)
  if (end_tasks) args <- c(args, "--end-tasks")
  api_call(args, paste("braid api get", flow))
}

#' Runs a `braid api` query in the current namespace and parses its answer.
#' @noRd
api_call <- function(args, what) {
  result <- query_engine(find_engine(), c(args, namespace_args()))
  answer <- if (nzchar(trimws(result$stdout))) {
    tryCatch(jsonlite::parse_json(result$stdout, simplifyVector = FALSE), error = function(e) {
      braid_abort(
        sprintf("the engine answered `%s` with something that is not JSON: %s", what, substr(result$stdout, 1L, 200L)),
        "braid_error_engine"
      )
    })
  } else {
    list()
  }
  if (!is.null(answer$error)) {
    braid_abort(answer$error, c("braid_error_not_found", "braid_error_engine"), pathspec = args[3L])
  }
  if (result$status != 0L) {
    braid_abort(
      sprintf("`%s` failed (exit status %d): %s", what, result$status, if (nzchar(result$stderr)) result$stderr else "no message"),
      "braid_error_engine",
      pathspec = args[3L]
    )
  }
  answer
}
