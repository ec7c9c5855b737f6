# The R fork server: `Rscript --vanilla -e 'braid:::fork_server_main()' [FLOW_FILE]`,
# started by the engine once per run (docs/protocol.md, "fork server").
#
# Starting an R worker costs R's start, loading braid and jsonlite, and
# sourcing the flow file: a few hundred milliseconds per task. The server pays
# that once and forks a fresh worker for every task, so each task still runs
# in a process of its own (nothing one task does reaches another) but starts
# in milliseconds.
#
# The engine talks to it over a Unix SOCK_SEQPACKET socket on fd 3, as to the
# Python server: one datagram `{"env": {...}}` per worker with the worker's
# four descriptors (stdout, stderr, engine -> worker, worker -> engine)
# attached as SCM_RIGHTS, answered `{"pid": N}` or `{"error": "..."}`. The
# server forks twice (src/forkserver.c) so that the worker becomes the
# engine's child; the worker then runs worker_main() as a spawned one does.
# The server exits when the engine closes the socket.

fork_server_socket <- 3L

#' Serve the engine's requests for R workers (the R fork server)
#'
#' Not called by users: the engine starts it with
#' `Rscript --vanilla -e 'braid:::fork_server_main()' [FLOW_FILE]`.
#'
#' @param args The flow file to source once for every worker, if any.
#' @return Does not return: the process exits when the engine closes the socket.
#' @keywords internal
fork_server_main <- function(args = commandArgs(trailingOnly = TRUE)) {
  problem <- .Call(braid_fork_server_check, fork_server_socket)
  if (!is.null(problem)) {
    message("braid fork server: ", problem)
    quit(save = "no", status = 2L)
  }
  # As worker_main() has it when it sources the flow file.
  Sys.setenv(BRAID_WORKER = "1")
  options(warn = 1L)
  startup_env <- Sys.getenv()
  launch_env <- launch_environment() %||% startup_env
  forget_random_seed()
  if (length(args) >= 1L) preload_flow_file(args[[1L]], startup_env)
  repeat {
    request <- .Call(braid_fork_server_receive, fork_server_socket)
    if (is.null(request)) quit(save = "no", status = 0L) # the engine closed its end
    # Outside any handler of the server's: the worker (the 0 answer) continues from here.
    forked <- tryCatch(
      {
        env <- fork_request_env(request)
        list(pid = .Call(braid_fork_worker, fork_server_socket, request$fds), env = env)
      },
      error = function(e) list(error = conditionMessage(e))
    )
    if (identical(forked$pid, 0L)) run_forked_worker(forked$env, launch_env, startup_env) # never returns
    .Call(braid_close_fds, request$fds)
    answer <- if (is.null(forked$error)) list(pid = forked$pid) else list(error = forked$error)
    .Call(braid_fork_server_answer, fork_server_socket, encode_message(answer))
  }
}

#' The environment a request asks for (a named character vector), or an error naming what is wrong.
#' @noRd
fork_request_env <- function(request) {
  if (isTRUE(request$truncated)) {
    stop("the request was cut short (more than 1 MiB, or more than 8 descriptors)", call. = FALSE)
  }
  if (length(request$fds) != 4L) {
    stop(sprintf("expected 4 descriptors, got %d", length(request$fds)), call. = FALSE)
  }
  text <- rawToChar(request$message)
  Encoding(text) <- "UTF-8"
  body <- tryCatch(jsonlite::fromJSON(text, simplifyVector = FALSE), error = function(e) NULL)
  env <- if (is.list(body) && !is.null(names(body))) body$env
  if (!is.list(env) || (length(env) > 0L && is.null(names(env)))) {
    stop(sprintf("a request is a JSON object with an \"env\" object, not %s", substr(text, 1L, 200L)), call. = FALSE)
  }
  strings <- vapply(env, function(value) is.character(value) && length(value) == 1L, logical(1))
  if (!all(strings)) {
    stop(sprintf("the value of %s in \"env\" is not a string", names(env)[!strings][[1L]]), call. = FALSE)
  }
  vapply(env, identity, character(1))
}

#' In the forked worker: takes the task's environment, then runs the worker loop and exits.
#' @noRd
run_forked_worker <- function(env, launch_env, startup_env) {
  status <- tryCatch(
    {
      # Module-level code must see this task's environment (an @environment step): source the file afresh.
      if (adopt_environment(env, launch_env, startup_env)) braid_state$preloaded <- NULL
      forget_random_seed()
      worker_main()
      0L
    },
    error = function(e) {
      message("braid fork server: the worker failed: ", conditionMessage(e))
      1L
    },
    interrupt = function(e) 1L # as Rscript exits on SIGINT
  )
  quit(save = "no", status = status)
}
