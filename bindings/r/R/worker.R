# The R worker: runs tasks when the engine asks (docs/protocol.md).
#
# The engine starts `Rscript --vanilla -e 'braid:::worker_main()'` with fd 3
# (engine -> worker lines) and fd 4 (worker -> engine lines); fd 1 and 2 are
# the task's own output, so `cat()` and `print()` in a step never reach the
# protocol. For each `task` line the worker sources the step's file with
# BRAID_WORKER set (so `run_flow()` only registers the flow; a worker forked
# by the fork server, R/forkserver.R, finds the flow file it already sourced
# for its first task), builds `self`
# (and `inputs` for a join), calls the step function, then reports the
# artifacts the step set, the transition and `done`; or, when anything fails,
# one `error` line with the condition's class, message, call stack and phase.
# It exits when fd 3 reaches end of file or the engine sends `shutdown`.

#' Run tasks for the braid engine (the worker side of the protocol)
#'
#' Not called by users: the engine starts R workers with
#' `Rscript --vanilla -e 'braid:::worker_main()'`.
#'
#' @param fds The protocol file descriptors, input then output.
#' @return `NULL`, invisibly, when the engine closes the input.
#' @keywords internal
worker_main <- function(fds = Sys.getenv("BRAID_PROTOCOL_FDS", "3,4")) {
  Sys.setenv(BRAID_WORKER = "1")
  options(warn = 1L) # warnings go to the task's stderr as they happen
  con <- open_protocol(fds)
  on.exit({
    close(con$input)
    close(con$output)
  })
  send_message(con$output, msg_hello())
  repeat {
    line <- receive_line(con$input)
    if (is.null(line)) break
    msg <- tryCatch(decode_message(line), braid_error_protocol = function(e) e)
    if (inherits(msg, "condition")) {
      send_message(con$output, msg_error("braid_error_protocol", conditionMessage(msg), "", "load"))
    } else if (identical(msg$type, "shutdown")) {
      break
    } else if (identical(msg$type, "task")) {
      run_task(msg, con$output)
    } else {
      text <- sprintf("the worker does not know the message type \"%s\" (protocol %d)", msg$type, protocol_version)
      send_message(con$output, msg_error("braid_error_protocol", text, "", "load"))
    }
  }
  invisible()
}

#' Runs one task and sends its artifact/next/done lines, or one error line.
#' @noRd
run_task <- function(task, out) {
  set_current(task)
  on.exit(clear_current())
  outcome <- execute_task(task)
  flush(stdout())
  flush(stderr())
  if (!is.null(outcome$failure)) {
    send_message(out, outcome$failure)
    return(invisible())
  }
  for (msg in outcome$artifacts) send_message(out, msg)
  if (!is.null(outcome$next_message)) send_message(out, outcome$next_message)
  send_message(out, msg_done())
  invisible()
}

#' Loads, runs, transitions and persists; returns list(artifacts, next_message) or list(failure).
#' @noRd
execute_task <- function(task) {
  phase <- "load"
  calls <- NULL
  target <- NULL
  outcome <- tryCatch(
    withCallingHandlers(
      {
        target <- load_step(task)
        phase <- "step"
        types <- lapply(target$flow$parameters, `[[`, "type")
        parameters <- Map(parameter_value, task$parameters, types[names(task$parameters)])
        self <- new_self(task$step, task$pathspec, task$artifacts, parameters, task$foreach)
        inputs <- if (isTRUE(task$join)) new_inputs(task$inputs %||% list(), parameters, self_ctx(self)$origins)
        invoke_step(target$fn, self, inputs, task$step)
        phase <- "transition"
        next_message <- transition_message(task, target$step, self)
        phase <- "persist"
        list(artifacts = persist_artifacts(self, task$spool), next_message = next_message)
      },
      error = function(e) {
        if (phase == "step") calls <<- sys.calls()
      }
    ),
    error = function(e) {
      failure_phase <- e$phase %||% phase
      trace <- format_failure(e, if (failure_phase == "step") step_calls(calls) else NULL, task$step, target$fn)
      message(trace) # the task's stderr, for `braid logs`
      list(failure = msg_error(class(e)[[1L]], conditionMessage(e), trace, failure_phase))
    }
  )
  outcome
}

#' Calls the step function as `<step>(self)` or `<step>(self, inputs)`, so the
#' call stack names the step.
#' @noRd
invoke_step <- function(fn, self, inputs, step_name) {
  env <- new.env(parent = baseenv())
  assign(step_name, fn, envir = env)
  env$self <- self
  env$inputs <- inputs
  body <- if (is.null(inputs)) call(step_name, quote(self)) else call(step_name, quote(self), quote(inputs))
  eval(body, env)
  invisible()
}

#' Sources the task's file and finds the step function.
#'
#' A flow file registers its flow through run_flow() (or holds it in a
#' variable); the step is looked up by name. A file without the flow (an R
#' step of a Python flow, `r_step("clean.R", function = "clean_sales")`)
#' defines the function named in the task.
#' @noRd
load_step <- function(task) {
  file <- task$file
  if (!is.character(file) || !file.exists(file)) {
    braid_abort(sprintf("step `%s`: the file %s does not exist.", task$step, file), "braid_error_load", step = task$step)
  }
  loaded <- take_preloaded(file) %||% source_step_file(file, task$step)
  env <- loaded$env
  flow <- loaded$flows[[task$flow]] %||% find_flow_object(env, task$flow)
  if (!is.null(flow)) {
    step <- flow$steps[[task$step]]
    if (is.null(step) || !identical(step$language, "r")) {
      what <- if (is.null(step)) "has no step" else sprintf("declares as a %s step", step$language)
      braid_abort(sprintf("flow %s in %s %s `%s`.", flow$name, file, what, task$step), "braid_error_load", step = task$step)
    }
    return(list(fn = step$fn, step = step, flow = flow))
  }
  fn <- get0(task[["function"]], envir = env, mode = "function", inherits = FALSE)
  if (is.null(fn)) {
    braid_abort(
      sprintf("step `%s`: %s defines no function `%s` (and no flow named %s).", task$step, file, task[["function"]], task$flow),
      "braid_error_load",
      step = task$step
    )
  }
  wanted <- if (isTRUE(task$join)) 2L else 1L
  args <- names(formals(fn))
  if (!"..." %in% args && length(args) != wanted) {
    braid_abort(
      sprintf("step `%s`: function `%s` in %s takes %d arguments but must take %s.", task$step, task[["function"]], file,
        length(args), if (wanted == 2L) "(self, inputs), since the step is a join" else "(self)"),
      "braid_error_load",
      step = task$step
    )
  }
  list(fn = fn, step = NULL, flow = NULL)
}

#' Sources a step's file into a new environment, as run_flow() registers flows
#' while BRAID_WORKER is set: list(env, flows).
#' @noRd
source_step_file <- function(file, step) {
  env <- new.env(parent = globalenv())
  braid_state$flows <- list()
  braid_state$loading_file <- normalizePath(file)
  on.exit(braid_state$loading_file <- NULL)
  tryCatch(parse(file, keep.source = FALSE, encoding = "UTF-8"), error = function(e) {
    braid_abort(sprintf("step `%s`: the file %s has a syntax error:\n%s", step, file, conditionMessage(e)),
      "braid_error_load",
      step = step
    )
  })
  suppressPackageStartupMessages(sys.source(file, envir = env, keep.source = TRUE))
  list(env = env, flows = braid_state$flows)
}

find_flow_object <- function(env, name) {
  for (value in mget(ls(env), envir = env)) {
    if (inherits(value, "braid_flow") && identical(value$name, name)) {
      return(value)
    }
  }
  NULL
}

#' The `next` line: the transition the spec declares for the step.
#'
#' Taken from the task's `next` field when the engine sends it, else from the
#' flow declared in the file. NULL for `end` (and when neither is known).
#' @noRd
transition_message <- function(task, step, self) {
  declared <- task[["next"]]
  if (!is.null(declared)) {
    steps <- unlist(declared$steps)
    foreach <- declared$foreach
  } else if (!is.null(step)) {
    steps <- step$next_steps
    foreach <- step$foreach
  } else {
    return(NULL)
  }
  if (length(steps) == 0L) {
    return(NULL)
  }
  if (is.null(foreach)) {
    return(msg_next(steps))
  }
  items <- tryCatch(self_get(self, foreach), braid_error_artifact_missing = function(e) {
    braid_abort(
      sprintf("step `%s` fans out over `%s` (foreach) but no artifact `%s` was set or inherited.", task$step, foreach, foreach),
      c("braid_error_transition", "braid_error_step"),
      step = task$step
    )
  })
  count <- foreach_count(items)
  if (is.na(count)) {
    braid_abort(
      sprintf("step `%s` fans out over `%s`, which must be a vector, list or data frame, not %s.", task$step, foreach, describe_value(items)),
      c("braid_error_transition", "braid_error_step"),
      step = task$step
    )
  }
  msg_next(steps, foreach, count)
}

#' Writes every artifact the step set into the spool directory; returns the `artifact` lines.
#' @noRd
persist_artifacts <- function(self, spool) {
  ctx <- self_ctx(self)
  lines <- list()
  for (name in ctx$order) {
    path <- file.path(spool, paste0(name, ".arrow"))
    info <- tryCatch(
      store_artifact(get(name, envir = ctx$values), path, ctx$origins),
      error = function(e) {
        braid_abort(
          sprintf("step `%s`: could not store artifact `%s`: %s", ctx$step, name, conditionMessage(e)),
          c("braid_error_persist", "braid_error_artifact"),
          artifact = name, step = ctx$step
        )
      }
    )
    lines[[length(lines) + 1L]] <- msg_artifact(name, path, info$kind, info$type_name)
  }
  for (name in setdiff(names(ctx$merged), ctx$order)) {
    reference <- ctx$merged[[name]]
    path <- file.path(spool, paste0(name, ".arrow"))
    if (!file.copy(reference$path, path, overwrite = TRUE)) {
      braid_abort(
        sprintf("step `%s`: could not copy merged artifact `%s` from %s.", ctx$step, name, reference$path),
        c("braid_error_persist", "braid_error_artifact"),
        artifact = name, step = ctx$step
      )
    }
    braid <- artifact_braid_metadata(read_arrow_schema(path)$metadata)
    msg <- msg_artifact(name, path, reference$kind, braid$type_name %||% "")
    msg$language <- reference$language
    lines[[length(lines) + 1L]] <- msg
  }
  lines
}
