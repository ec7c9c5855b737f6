# What the R fork server loads once for every worker it forks: the flow file,
# sourced as the worker would source it, when that is safe to share.

#' Sources the flow file in the server, so that forked workers find it loaded.
#'
#' A file that fails to load is left to each worker, which reports the error
#' in its task. A file that uses the random number generator while it loads
#' (set.seed(), runif() at top level, a package that draws on load) is left to
#' each worker too: its workers would otherwise all start from the same
#' stream, where spawned workers each seed their own (R seeds from the time
#' and the process id), or from the seed the file sets.
#' @return Whether the file is preloaded.
#' @noRd
preload_flow_file <- function(file, startup_env) {
  seed <- get0(".Random.seed", envir = globalenv(), inherits = FALSE)
  loaded <- tryCatch(source_step_file(file, "(any)"), error = function(e) NULL)
  flush(stdout())
  flush(stderr())
  if (is.null(loaded) || !identical(seed, get0(".Random.seed", envir = globalenv(), inherits = FALSE))) {
    forget_random_seed()
    restore_environment(startup_env)
    return(invisible(FALSE))
  }
  info <- file.info(file)
  braid_state$preloaded <- list(file = normalizePath(file), mtime = info$mtime, size = info$size, loaded = loaded)
  invisible(TRUE)
}

#' The preloaded flow file for a task of `file`, or NULL: used once, by the
#' worker's first task (a worker that runs another sources the file again,
#' as a spawned one does), and only while the file is unchanged.
#' @noRd
take_preloaded <- function(file) {
  preloaded <- braid_state$preloaded
  braid_state$preloaded <- NULL
  if (is.null(preloaded) || !identical(preloaded$file, normalizePath(file, mustWork = FALSE))) {
    return(NULL)
  }
  info <- file.info(file)
  if (!identical(info$mtime, preloaded$mtime) || !identical(info$size, preloaded$size)) {
    return(NULL)
  }
  braid_state$flows <- preloaded$loaded$flows
  preloaded$loaded
}

#' Drops the random number generator's state, so that the next draw seeds
#' from the time and this process's id, as in a fresh R.
#' @noRd
forget_random_seed <- function() {
  if (exists(".Random.seed", envir = globalenv(), inherits = FALSE)) {
    rm(".Random.seed", envir = globalenv())
  }
  invisible()
}
