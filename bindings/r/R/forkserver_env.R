# The environment variables of a forked R worker: those a spawned one would
# have, that is the task's plus what R's own start sets.

#' Variables R's start-up script (bin/R) or the shell running it sets whatever
#' the environment: a worker keeps the server's values, as a spawned worker
#' gets R's. (What etc/Renviron sets is told apart by launch_environment().)
#' @noRd
r_owned_variables <- c(
  "R_HOME", "R_SHARE_DIR", "R_INCLUDE_DIR", "R_DOC_DIR", "R_ARCH", "R_SESSION_TMPDIR", "R_ENVIRON", "R_ENVIRON_USER",
  "R_PROFILE", "R_PROFILE_USER", "LD_LIBRARY_PATH", "SED", "PWD", "SHLVL", "_"
)

#' The environment the server was started with, as far as it can be known:
#' /proc/self/environ holds it as R's binary was started (after bin/R), before
#' R read etc/Renviron. NULL where there is no such file.
#' @noRd
launch_environment <- function() {
  con <- tryCatch(file("/proc/self/environ", "rb"), error = function(e) NULL, warning = function(w) NULL)
  if (is.null(con)) {
    return(NULL)
  }
  on.exit(close(con))
  chunks <- list()
  repeat { # in pieces: its size is not known beforehand, and a large readBin() buffer would stay in every worker's heap
    chunk <- readBin(con, "raw", 65536L)
    if (!length(chunk)) break
    chunks[[length(chunks) + 1L]] <- chunk
  }
  bytes <- unlist(chunks)
  if (!length(bytes)) {
    return(NULL)
  }
  ends <- which(bytes == as.raw(0L))
  starts <- c(1L, ends[-length(ends)] + 1L)
  entries <- vapply(seq_along(ends), function(i) {
    if (ends[[i]] > starts[[i]]) rawToChar(bytes[starts[[i]]:(ends[[i]] - 1L)]) else ""
  }, character(1))
  entries <- entries[grepl("=", entries, fixed = TRUE)]
  split <- regexpr("=", entries, fixed = TRUE)
  values <- substring(entries, split + 1L)
  names(values) <- substr(entries, 1L, split - 1L)
  values
}

#' Gives the process the task's environment.
#'
#' The engine sends each worker its whole environment: the run's (the one the
#' server was started with) plus a step's @environment variables. When the
#' task's variables are the ones the server was started with, nothing changes
#' and the worker keeps what R's start and the flow file (while the server
#' sourced it) set. Otherwise the process gets the environment the server had
#' once R had started, with the task's own changes over it.
#' @param env The task's variables (a named character vector).
#' @param launch_env The environment the server was started with (launch_environment()).
#' @param startup_env The server's environment once R had started, before it sourced the flow file.
#' @return Whether the task's environment differs from the server's.
#' @noRd
adopt_environment <- function(env, launch_env, startup_env) {
  env <- env[!names(env) %in% r_owned_variables]
  launch <- as.list(launch_env[!names(launch_env) %in% r_owned_variables])
  changed <- names(env)[vapply(names(env), function(name) !identical(launch[[name]], env[[name]]), logical(1))]
  removed <- setdiff(names(launch), names(env))
  if (!length(changed) && !length(removed)) {
    return(FALSE)
  }
  restore_environment(startup_env)
  if (length(removed)) Sys.unsetenv(removed)
  if (length(changed)) do.call(Sys.setenv, as.list(env[changed]))
  TRUE
}

#' Sets the environment back to `startup_env` (R's own variables aside).
#' @noRd
restore_environment <- function(startup_env) {
  startup <- as.list(startup_env)
  startup <- startup[!names(startup) %in% r_owned_variables]
  current <- names(Sys.getenv())
  extra <- setdiff(current, c(names(startup), r_owned_variables))
  if (length(extra)) Sys.unsetenv(extra)
  if (length(startup)) do.call(Sys.setenv, startup)
  invisible()
}
