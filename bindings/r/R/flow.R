#' Declare a flow
#'
#' `flow()` starts the declaration of a flow; [step()], [py_step()],
#' [parameter()] and [trigger()] add to it with the native pipe, and
#' [run_flow()] ends the file. The flow's steps run on the braid engine,
#' each in an R or Python worker, with Metaflow's semantics: a `start` step,
#' an `end` step, transitions to one step, a static branch to several, a
#' `foreach` fan-out over an artifact, and joins that take the `inputs` of
#' the steps before.
#'
#' The flow remembers the file that declares it (the script run by
#' `Rscript`, or the file being `source()`d): workers source that file to find
#' the step functions, so declare one flow per file and keep the steps'
#' helpers in that file or in packages.
#'
#' @param name The flow's name: letters, digits and `_`, starting with a
#'   letter (the same rule as a Python class name).
#' @return A `braid_flow` object: a list with the flow's `name`, `file`,
#'   `steps`, `parameters` and `triggers`.
#' @section Errors:
#' Signals `braid_error_argument` for a name that is not a valid flow name.
#' @family flow declaration
#' @export
#' @examples
#' f <- flow("HelloFlow") |>
#'   parameter("greeting", default = "hello") |>
#'   step("start", function(self) self$message <- toupper(self$greeting), next_step = "end") |>
#'   step("end", function(self) cat(self$message, "\n"))
#' f
flow <- function(name) {
  assert_string(name)
  if (!grepl("^[A-Za-z][A-Za-z0-9_]*$", name)) {
    braid_abort(
      sprintf("`name` must be a flow name: letters, digits and `_`, starting with a letter; got \"%s\".", name),
      "braid_error_argument",
      argument = "name"
    )
  }
  new_flow(name, declaring_file())
}

new_flow <- function(name, file) {
  structure(list(name = name, file = file, steps = list(), parameters = list(), triggers = list()), class = "braid_flow")
}

#' The absolute path of the R file being run or sourced, or NA.
#'
#' In order: the file a braid worker is loading; the innermost `source()` or
#' `sys.source()` under way; the script given to `Rscript` (`--file=`).
#' @noRd
declaring_file <- function() {
  loading <- braid_state$loading_file
  if (!is.null(loading)) {
    return(loading)
  }
  for (i in rev(seq_len(sys.nframe()))) {
    fn <- sys.function(i)
    name <- if (identical(fn, base::source)) "ofile" else if (identical(fn, base::sys.source)) "file" else NULL
    if (!is.null(name)) {
      path <- get0(name, envir = sys.frame(i), inherits = FALSE)
      if (is.character(path) && length(path) == 1L && file.exists(path)) {
        return(normalizePath(path))
      }
    }
  }
  script_file()
}

#' The script given to Rscript (`--file=`), or NA.
#' @noRd
script_file <- function() {
  arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(arg) == 0L) {
    return(NA_character_)
  }
  path <- gsub("~+~", " ", sub("^--file=", "", arg[[1L]]), fixed = TRUE)
  if (file.exists(path)) normalizePath(path) else NA_character_
}

#' Run the flow from the command line
#'
#' The last call of a flow file. `Rscript myflow.R COMMAND` then does:
#'
#' | command | what happens |
#' | --- | --- |
#' | `run [--NAME VALUE ...] [--max-workers N] [--tag TAG]` | runs the flow on the engine with these parameter values |
#' | `run --trigger-event NAME [--payload JSON]` | runs it now as if event `NAME` had arrived: `current()$trigger` is set, parameters not given come from the payload, then the defaults |
#' | `resume [STEP] [--origin-run-id ID]` | reruns from the failed (or named) step, reusing earlier results |
#' | `check` | validates the flow's graph and reports every problem |
#' | `show` | prints the flow's steps and transitions |
#' | `deploy` | stores this version of the flow (code and spec), so its [trigger()]s and [schedule()] start runs while `braid daemon` runs |
#' | `undeploy` | stops the deployed flow's triggers and schedule |
#' | `--help`, `COMMAND --help` | describes the commands and the flow's parameters |
#'
#' Parameter values are parsed and type-checked before anything starts: an
#' unknown parameter, a value of the wrong type or a missing required one
#' exits with status 2 and a message that names it. Otherwise the exit
#' status is the engine's (0 when the run succeeded).
#'
#' When a braid worker sources the file (the environment variable
#' `BRAID_WORKER` is set), `run_flow()` starts nothing and returns the flow
#' invisibly, so the worker can find the step functions.
#'
#' @param flow The flow, from [flow()] and the pipe.
#' @param args The command line (default: the arguments after the script).
#' @param exit Whether to end the R process with the exit status. The
#'   default is `TRUE` exactly when the flow's file is the script `Rscript`
#'   runs, so a flow file that is `source()`d returns instead.
#' @return Invisibly: the flow in a worker (or in an interactive session
#'   without arguments), else the exit status.
#' @section Errors:
#' Usage errors are reported on stderr and turned into exit status 2; a flow
#' that cannot be turned into a spec, or a missing engine, into status 1.
#' @family flow declaration
#' @export
run_flow <- function(flow, args = commandArgs(trailingOnly = TRUE), exit = NULL) {
  assert_flow(flow)
  register_flow(flow)
  if (nzchar(Sys.getenv("BRAID_WORKER"))) {
    return(invisible(flow))
  }
  if (interactive() && length(args) == 0L) {
    return(invisible(flow))
  }
  status <- cli_main(flow, args)
  if (is.null(exit)) {
    exit <- !interactive() && identical(flow$file, script_file())
  }
  if (isTRUE(exit)) {
    quit(save = "no", status = status)
  }
  invisible(status)
}

#' Package-level state: flows registered while a worker sources a file, the
#' file being loaded, the running task (for current()).
#' @noRd
braid_state <- new.env(parent = emptyenv())

register_flow <- function(flow) {
  braid_state$flows[[flow$name]] <- flow
}

#' @export
print.braid_flow <- function(x, ...) {
  cat(sprintf("<braid flow %s> %s\n", x$name, if (is.na(x$file)) "(no file)" else x$file))
  for (p in x$parameters) {
    cat(sprintf("  parameter %s (%s)%s\n", p$name, p$type, if (is.null(p$default)) "" else paste0(" = ", format_json(p$default))))
  }
  for (t in x$triggers) {
    cat(sprintf("  %s\n", describe_trigger(t)))
  }
  for (s in x$steps) {
    arrow <- if (length(s$next_steps)) paste0(" -> ", paste(s$next_steps, collapse = ", ")) else ""
    extra <- c(
      if (!is.null(s$foreach)) sprintf("foreach %s", s$foreach),
      if (s$join) "join",
      if (s$language != "r") s$language
    )
    cat(sprintf("  step %s%s%s\n", s$name, arrow, if (length(extra)) paste0(" (", paste(extra, collapse = ", "), ")") else ""))
  }
  invisible(x)
}

format_json <- function(x) {
  as.character(jsonlite::toJSON(x, auto_unbox = TRUE, null = "null", digits = NA))
}

