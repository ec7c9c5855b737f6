# The flow file's command line: `Rscript myflow.R run | resume | check | show
# | deploy | undeploy`.
#
# Everything typed is parsed and checked here, parameters included, before
# the engine starts. Exit statuses: 0 ok; 1 the flow cannot be expressed as
# a spec or there is no engine; 2 usage errors (unknown command or option,
# a value of the wrong type, a missing required parameter). Otherwise the
# engine's own status is passed through.

exit_ok <- 0L
exit_failure <- 1L
exit_usage <- 2L

cli_commands <- c(
  run = "run the flow (parameters as --name VALUE)",
  resume = "rerun from the failed (or named) step, reusing earlier results",
  check = "validate the flow's graph and report every problem; run nothing",
  show = "print the flow's steps and transitions; run nothing",
  deploy = "store this version of the flow; its triggers and schedule then start runs (braid daemon)",
  undeploy = "stop the deployed flow's triggers and schedule"
)

#' Parses the command line, then hands the spec to the engine; returns the exit status.
#' @noRd
cli_main <- function(flow, args) {
  prog <- program_name(flow)
  parsed <- tryCatch(parse_command_line(args, flow), braid_error_usage = function(e) e)
  if (inherits(parsed, "braid_error_usage")) {
    message(sprintf("Usage: %s COMMAND [OPTIONS]  (see %s --help)\n%s: error: %s", prog, prog, prog, conditionMessage(parsed)))
    return(exit_usage)
  }
  if (parsed$help) {
    cat(cli_help(flow, prog))
    return(exit_ok)
  }
  if (is.null(parsed$command)) {
    message(cli_help(flow, prog), appendLF = FALSE)
    return(exit_usage)
  }
  failed <- function(e) {
    message(sprintf("%s: error: %s", prog, conditionMessage(e)))
    exit_failure
  }
  spec <- if (parsed$command == "undeploy") "" else tryCatch(flow_spec_json(flow), braid_error = failed)
  if (is.integer(spec)) {
    return(spec)
  }
  engine <- tryCatch(find_engine(), braid_error = failed)
  if (is.integer(engine)) {
    return(engine)
  }
  if (parsed$command == "undeploy") {
    return(run_engine(engine, c("undeploy", flow$name)))
  }
  spec_path <- write_spec_file(flow$name, spec)
  on.exit(unlink(spec_path))
  if (parsed$command == "deploy") {
    return(run_engine(engine, flow_command("deploy", "-"), stdin = spec_path))
  }
  run_engine(engine, flow_command(parsed$command, spec_path, parsed$engine_args))
}

program_name <- function(flow) {
  paste("Rscript", if (is.na(flow$file)) "flow.R" else basename(flow$file))
}

usage_error <- function(message, parameter = NULL) {
  classes <- c(if (!is.null(parameter)) "braid_error_parameter", "braid_error_usage")
  braid_abort(message, classes, parameter = parameter)
}

#' The command line as list(command, help, values, engine_args).
#'
#' `values` holds every parameter's value (given, else default, else NULL);
#' `engine_args` the arguments after `--spec FILE`.
#' @noRd
parse_command_line <- function(args, flow) {
  parsed <- list(command = NULL, help = FALSE, values = list(), engine_args = character())
  if (length(args) == 0L) {
    return(parsed)
  }
  command <- args[[1L]]
  if (command %in% c("--help", "-h", "help")) {
    parsed$help <- TRUE
    return(parsed)
  }
  if (!command %in% names(cli_commands)) {
    usage_error(sprintf("unknown command `%s`; use %s (see --help).", command, enumerate(names(cli_commands), last = "or")))
  }
  parsed$command <- command
  options <- parse_options(args[-1L], command, flow$parameters)
  if (options$help) {
    parsed$help <- TRUE
    return(parsed)
  }
  if (command == "run" && !is.null(options$payload) && is.null(options$trigger_event)) {
    usage_error("--payload goes with --trigger-event NAME (the event the run acts as if it received).")
  }
  if (command == "run" && is.null(options$trigger_event)) {
    parsed$values <- resolve_parameter_values(flow$parameters, options$given)
    parsed$engine_args <- c("--parameters", parameters_json(flow$parameters, parsed$values))
  }
  if (command == "run" && !is.null(options$trigger_event)) {
    # Only the values given here (in declaration order): the engine fills the others from the payload, then the defaults.
    parsed$values <- options$given[intersect(names(flow$parameters), names(options$given))]
    parsed$engine_args <- c(
      "--parameters", parameters_json(flow$parameters, parsed$values),
      "--trigger-event", options$trigger_event, "--payload", options$payload %||% "{}"
    )
  }
  if (command == "resume") {
    parsed$engine_args <- c(options$step, if (!is.null(options$origin_run_id)) c("--origin-run-id", options$origin_run_id))
  }
  if (command %in% c("run", "resume")) {
    parsed$engine_args <- c(
      parsed$engine_args,
      if (!is.null(options$max_workers)) c("--max-workers", options$max_workers),
      as.vector(rbind(rep("--tag", length(options$tags)), options$tags)),
      as.vector(rbind(rep("--with", length(options$with)), options$with))
    )
  }
  parsed
}

#' Reads `--option value`, `--option=value`, `--flag`, `--no-flag` and positionals.
#' @noRd
parse_options <- function(args, command, parameters) {
  out <- list(
    help = FALSE, given = list(), tags = character(), with = character(), max_workers = NULL, origin_run_id = NULL, step = NULL,
    trigger_event = NULL, payload = NULL
  )
  i <- 1L
  take_value <- function(option, inline) {
    if (!is.null(inline)) {
      return(inline)
    }
    if (i + 1L > length(args) || startsWith(args[[i + 1L]], "--")) {
      usage_error(sprintf("option --%s needs a value.", option), if (option %in% names(parameters)) option)
    }
    i <<- i + 1L
    args[[i]]
  }
  while (i <= length(args)) {
    arg <- args[[i]]
    if (arg %in% c("--help", "-h")) {
      out$help <- TRUE
    } else if (!startsWith(arg, "--")) {
      if (command == "resume" && is.null(out$step)) {
        out$step <- arg
      } else {
        usage_error(sprintf("unexpected argument `%s` for %s.", arg, command))
      }
    } else {
      key <- sub("^--", "", arg)
      inline <- NULL
      if (grepl("=", key, fixed = TRUE)) {
        inline <- sub("^[^=]*=", "", key)
        key <- sub("=.*$", "", key)
      }
      option <- gsub("-", "_", key, fixed = TRUE)
      engine_options <- c(
        if (command %in% c("run", "resume")) c("max_workers", "tag"), if (command == "run") c("with", "trigger_event", "payload"),
        if (command == "resume") "origin_run_id"
      )
      if (option %in% engine_options) {
        value <- take_value(key, inline)
        if (option == "tag") out$tags <- c(out$tags, value)
        if (option == "with") out$with <- c(out$with, value)
        if (option == "origin_run_id") out$origin_run_id <- value
        if (option == "trigger_event") out$trigger_event <- check_trigger_event(value)
        if (option == "payload") out$payload <- check_payload(value)
        if (option == "max_workers") {
          if (!grepl("^[0-9]+$", value) || as.numeric(value) < 1) {
            usage_error(sprintf("--max-workers must be a whole number of at least 1, not `%s`.", value))
          }
          out$max_workers <- value
        }
      } else if (command != "run") {
        usage_error(sprintf("unknown option --%s for %s.", key, command))
      } else {
        negated <- sub("^no_", "", option)
        if (is.null(parameters[[option]]) && startsWith(option, "no_") && identical(parameters[[negated]]$type, "bool") && is.null(inline)) {
          out$given[[negated]] <- FALSE
        } else if (is.null(parameters[[option]])) {
          usage_error(
            sprintf(
              "unknown parameter --%s; the flow has %s.", key,
              enumerate(paste0("--", gsub("_", "-", names(parameters), fixed = TRUE)), quote = FALSE, none = "no parameters")
            ),
            key
          )
        } else {
          param <- parameters[[option]]
          if (param$type == "bool" && is.null(inline)) {
            following <- if (i < length(args)) tolower(args[[i + 1L]]) else ""
            if (following %in% names(bool_words)) {
              i <- i + 1L
              inline <- args[[i]]
            } else {
              inline <- "true"
            }
          }
          out$given[[option]] <- parse_parameter_text(param, take_value(key, inline))
        }
      }
    }
    i <- i + 1L
  }
  out
}

#' The `--trigger-event` name, when it follows the event name rules (Braid's own names may be played).
#' @noRd
check_trigger_event <- function(name) {
  problem <- event_name_problem(name, braid_allowed = TRUE)
  if (!is.null(problem)) {
    usage_error(sprintf("--trigger-event: event name %s %s.", shown_event_name(name), problem))
  }
  name
}

#' The `--payload` text without its spaces, when it is a JSON object.
#' @noRd
check_payload <- function(text) {
  if (!grepl("^\\s*\\{", text) || !isTRUE(jsonlite::validate(text))) {
    usage_error(sprintf("--payload must be a JSON object, such as '{\"alpha\": 0.7}'; got `%s`.", text))
  }
  as.character(jsonlite::minify(text))
}

bool_words <- c(true = TRUE, yes = TRUE, on = TRUE, "1" = TRUE, false = FALSE, no = FALSE, off = FALSE, "0" = FALSE)

#' A command-line value as the parameter's type, or a usage error naming it.
#' @noRd
parse_parameter_text <- function(param, text) {
  bad <- function(what) {
    usage_error(sprintf("parameter --%s takes %s: `%s` is not %s.", param$name, param$type, text, what), param$name)
  }
  switch(param$type,
    str = text,
    int = {
      if (!grepl("^\\s*[+-]?[0-9]+\\s*$", text)) bad("a whole number")
      value <- as.numeric(text)
      if (abs(value) > 2^53) bad("a whole number within +/-2^53")
      if (abs(value) <= .Machine$integer.max) as.integer(value) else value
    },
    float = {
      value <- suppressWarnings(as.numeric(text))
      if (is.na(value) || !is.finite(value)) bad("a finite number")
      value
    },
    bool = {
      value <- bool_words[tolower(trimws(text))]
      if (is.na(value)) bad("true or false")
      unname(value)
    },
    json = tryCatch(
      jsonlite::fromJSON(text, simplifyVector = FALSE),
      error = function(e) bad("valid JSON")
    )
  )
}

#' Every parameter's value: the one given, else the default (NULL when neither).
#' @noRd
resolve_parameter_values <- function(parameters, given) {
  missing <- character()
  values <- list()
  for (param in parameters) {
    value <- given[[param$name]] %||% param$default
    if (is.null(value) && param$required) {
      missing <- c(missing, param$name)
    }
    values[param$name] <- list(value)
  }
  if (length(missing)) {
    usage_error(
      sprintf("missing required parameter%s %s.", if (length(missing) > 1L) "s" else "", enumerate(paste0("--", missing), quote = FALSE)),
      missing[[1L]]
    )
  }
  values
}

#' The `--parameters` JSON object: doubles keep a decimal point, so a float stays a float.
#' @noRd
parameters_json <- function(parameters, values) {
  if (length(values) == 0L) {
    return("{}")
  }
  items <- vapply(names(values), function(name) {
    value <- values[[name]]
    if (is.null(value)) "null" else json_encode(if (parameters[[name]]$type == "json") value else unname(value))
  }, character(1))
  keys <- vapply(names(values), function(k) as.character(jsonlite::toJSON(k, auto_unbox = TRUE)), character(1))
  paste0("{", paste0(keys, ":", items, collapse = ","), "}")
}

cli_help <- function(flow, prog) {
  lines <- c(
    sprintf("Usage: %s COMMAND [OPTIONS]", prog),
    "",
    sprintf("Flow %s%s.", flow$name, if (is.na(flow$file)) "" else sprintf(" (%s)", flow$file)),
    "",
    "Commands:",
    sprintf("  %-8s %s", names(cli_commands), cli_commands),
    "",
    if (length(flow$parameters)) "Parameters of run (--name VALUE; --name alone or --no-name for a bool):" else "The flow has no parameters.",
    vapply(flow$parameters, parameter_help, character(1)),
    "",
    "Options of run and resume:",
    "  --max-workers N      at most N tasks at a time (default: the engine's, from cores and memory)",
    "  --tag TAG            tag the run (repeatable)",
    "Options of run:",
    "  --with DECORATOR     add a decorator to every step that has none of its kind (repeatable),",
    "                       e.g. retry, retry:times=2, timeout:seconds=30",
    "  --trigger-event NAME run as if event NAME had arrived (current()$trigger is set); parameters",
    "                       not given come from the payload (by the flow's mapping), then the defaults",
    "  --payload JSON       the event's payload, a JSON object (default {}); with --trigger-event",
    "Options of resume:",
    "  STEP                 the step to rerun from (default: the failed one)",
    "  --origin-run-id ID   the run to resume (default: the latest)"
  )
  paste0(paste(lines, collapse = "\n"), "\n")
}

parameter_help <- function(param) {
  metavar <- c(int = "INT", float = "FLOAT", str = "TEXT", bool = "BOOL", json = "JSON")[[param$type]]
  facts <- c(
    paste("type", param$type),
    if (!is.null(param$default)) paste("default", format_json(param$default)),
    if (is.null(param$default) && param$required) "required"
  )
  option <- sprintf("--%s %s", gsub("_", "-", param$name), metavar)
  sprintf("  %-20s %s(%s)", option, if (is.null(param$help)) "" else paste0(param$help, " "), paste(facts, collapse = "; "))
}
