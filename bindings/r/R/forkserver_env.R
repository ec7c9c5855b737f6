# The environment variables of a forked R worker: those a spawned one would
# have, that is the task's plus what R's own start sets.

#' Variables R's start sets whatever the environment (the shell script bin/R and etc/Renviron):
#' a worker keeps the server's values, as a spawned worker gets R's.
#' @noRd
r_owned_variables <- c(
  "R_HOME", "R_SHARE_DIR", "R_INCLUDE_DIR", "R_DOC_DIR", "R_ARCH", "R_SESSION_TMPDIR", "R_SYSTEM_ABI",
  "R_ENVIRON", "R_ENVIRON_USER", "R_PROFILE", "R_PROFILE_USER", "LD_LIBRARY_PATH", "LN_S", "SED", "PWD", "SHLVL", "_"
)

#' Gives the process the task's environment.
#'
#' The engine sends each worker its whole environment: the run's (the one the
#' server started with) plus a step's @environment variables. When the task's
#' variables are the server's, nothing changes and the worker keeps what the
#' flow file set while the server sourced it. Otherwise the process gets the
#' server's starting environment with the task's variables over it.
#' @param env The task's variables (a named character vector).
#' @param startup_env The server's environment before it sourced the flow file.
#' @return Whether the task's environment differs from the server's.
#' @noRd
adopt_environment <- function(env, startup_env) {
  env <- env[!names(env) %in% r_owned_variables]
  startup <- as.list(startup_env)
  differs <- vapply(names(env), function(name) !identical(startup[[name]], env[[name]]), logical(1))
  if (!any(differs)) {
    return(FALSE)
  }
  restore_environment(startup_env)
  do.call(Sys.setenv, as.list(env))
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
