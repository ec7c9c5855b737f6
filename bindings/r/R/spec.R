# A flow -> the flow spec (docs/flow-spec.md), the same JSON schema the
# Python client emits. Graph rules are the engine's job: it validates every
# spec and reports every problem with the file and line given here.

spec_version <- 1L

#' The flow spec of a flow, as a list in the documented key order
#'
#' `flow_spec()` is what `Rscript myflow.R check` hands to the engine; it is
#' useful to see how braid understood a flow. `flow_spec_json()` is the same
#' as JSON text.
#'
#' @param flow The flow (from [flow()]).
#' @return `flow_spec()`: a list; `flow_spec_json()`: a string.
#' @section Errors:
#' Signals `braid_error_flow` when the flow's file is unknown (a flow typed
#' at the console rather than in a file), and `braid_error_trigger` when a
#' [trigger()] maps a payload field to a parameter the flow does not have.
#' @family flow declaration
#' @export
flow_spec <- function(flow) {
  assert_flow(flow)
  if (is.na(flow$file)) {
    braid_abort(
      sprintf("flow %s was not declared in a file; put it in a file and run `Rscript FILE run` (workers source that file).", flow$name),
      "braid_error_flow"
    )
  }
  where <- source_locations(flow$file)
  spec <- list(
    spec_version = spec_version,
    flow = flow$name,
    language = "r",
    file = flow$file,
    interpreters = list(r = rscript_path()),
    parameters = unname(lapply(flow$parameters, parameter_spec, where$parameters)),
    steps = unname(lapply(flow$steps, step_spec, where$steps))
  )
  if (length(flow$triggers)) {
    spec$triggers <- trigger_specs(flow)
  }
  spec
}

#' @rdname flow_spec
#' @export
flow_spec_json <- function(flow) {
  spec_to_json(flow_spec(flow))
}

spec_to_json <- function(spec) {
  text <- jsonlite::toJSON(spec,
    auto_unbox = TRUE, null = "null", na = "null", digits = NA, pretty = TRUE,
    always_decimal = TRUE, json_verbatim = TRUE
  )
  paste0(as.character(text), "\n")
}

#' The Rscript workers are started with: the one running now, resolved.
#' @noRd
rscript_path <- function() {
  path <- file.path(R.home("bin"), "Rscript")
  if (file.exists(path)) normalizePath(path) else path
}

step_spec <- function(step, locations) {
  at <- locations[[step$name]]
  line <- at$line %||% NA_integer_
  list(
    name = step$name,
    language = step$language,
    file = step$file,
    "function" = step$function_name,
    line = line,
    "next" = I(step$next_steps),
    next_line = if (length(step$next_steps)) at$next_line %||% line else NA_integer_,
    foreach = step$foreach,
    join = step$join,
    decorators = lapply(step$decorators, decorator_spec, at$decorators, line)
  )
}

decorator_spec <- function(decorator, lines, step_line) {
  line <- step_line
  for (at in lines) {
    if (identical(at$name, decorator$name)) {
      line <- at$line
      break
    }
  }
  list(name = decorator$name, args = decorator$args, line = line)
}

parameter_spec <- function(param, lines) {
  entry <- list(name = param$name, type = param$type)
  if (!is.null(param$default)) {
    entry$default <- if (param$type == "json") json_literal(param$default) else param$default
  }
  entry$help <- param$help
  if (is.null(entry$help)) {
    entry["help"] <- list(NULL)
  }
  entry$required <- param$required
  entry$line <- lines[[param$name]] %||% NA_integer_
  entry
}

#' A JSON value inserted verbatim by jsonlite (exact doubles, scalars unboxed).
#' @noRd
json_literal <- function(x) {
  structure(json_encode(x), class = "json")
}
