#' Add a parameter to a flow
#'
#' A parameter is a value given on the command line when the flow runs
#' (`Rscript myflow.R run --rows 500`) and read in every step as `self$rows`
#' (read-only). Its type is one of `int`, `float`, `str`, `bool` and `json`,
#' inferred from `default` when `type` is not given: an integer (`100L`) is
#' `int`, a double (`0.5`, and also `100`) is `float`, a string `str`,
#' `TRUE`/`FALSE` `bool`, a list `json`. A parameter without a default and
#' without `type` is `str`.
#'
#' @param flow The flow (from [flow()]).
#' @param name The parameter's name: letters, digits and `_` (the option is
#'   `--name`, and `--na-me` for `na_me`).
#' @param default The value when the option is not given (`NULL`: none).
#' @param type `"int"`, `"float"`, `"str"`, `"bool"` or `"json"`.
#' @param help One line shown by `Rscript myflow.R run --help`.
#' @param required Whether the option must be given (when there is no default).
#' @return The flow, with the parameter added.
#' @section Errors:
#' Signals `braid_error_argument` for a bad name, type or default (e.g.
#' `default = "x"` with `type = "int"`), and `braid_error_flow` for a name
#' used twice or reserved (`input`, `index`, `name`, `next`,
#' `foreach_stack`, `merge_artifacts`, and the command-line options
#' `max_workers`, `tag`, `help`, `origin_run_id`, `trigger_event`, `payload`).
#' @family flow declaration
#' @export
#' @examples
#' flow("Sizes") |>
#'   parameter("rows", default = 100L, help = "rows to simulate") |>
#'   parameter("rate", default = 0.1) |>
#'   parameter("grid", default = list(1, 2, 3), help = "a JSON list") |>
#'   parameter("label", required = TRUE)
parameter <- function(flow, name, default = NULL, type = NULL, help = NULL, required = FALSE) {
  assert_flow(flow)
  assert_identifier(name, "name", what = "a parameter name")
  assert_string_or_null(help)
  assert_flag(required)
  if (is.null(type)) {
    type <- infer_parameter_type(default, name)
  }
  if (!is.character(type) || length(type) != 1L || !type %in% parameter_types) {
    argument_error("type", sprintf("one of %s", enumerate(parameter_types, quote = FALSE)), type)
  }
  if (name %in% reserved_parameter_names) {
    braid_abort(
      sprintf("parameter name `%s` is reserved (it is part of `self` or of the command line); rename it.", name),
      "braid_error_flow"
    )
  }
  if (!is.null(flow$parameters[[name]]) || !is.null(flow$steps[[name]])) {
    braid_abort(sprintf("flow %s already has a parameter or step named `%s`.", flow$name, name), "braid_error_flow")
  }
  flow$parameters[[name]] <- list(
    name = name, type = type, default = coerce_parameter_default(default, type, name),
    help = help, required = required
  )
  flow
}

parameter_types <- c("int", "float", "str", "bool", "json")

reserved_parameter_names <- c(
  "name", "input", "index", "next", "foreach_stack", "merge_artifacts",
  "max_workers", "tag", "help", "origin_run_id", "trigger_event", "payload"
)

infer_parameter_type <- function(default, name) {
  if (is.null(default)) {
    return("str")
  }
  if (is.list(default)) {
    return("json")
  }
  switch(typeof(default),
    integer = "int",
    double = "float",
    character = "str",
    logical = "bool",
    argument_error(sprintf("default` of parameter `%s", name), "a number, string, TRUE/FALSE or list (or give `type`)", default)
  )
}

#' The default as the declared type, or a braid_error_argument naming it.
#' @noRd
coerce_parameter_default <- function(default, type, name) {
  if (is.null(default)) {
    return(NULL)
  }
  arg <- sprintf("default` of parameter `%s", name)
  if (type == "json") {
    if (is.character(default) && length(default) == 1L) {
      return(tryCatch(
        jsonlite::fromJSON(default, simplifyVector = FALSE),
        error = function(e) argument_error(arg, "valid JSON text or a list", default)
      ))
    }
    if (is.null(json_skeleton(default))) {
      argument_error(arg, "JSON-safe: lists, strings, finite numbers, TRUE/FALSE, NA or NULL", default)
    }
    return(default)
  }
  scalar <- is.atomic(default) && length(default) == 1L && !is.na(default)
  ok <- scalar && switch(type,
    int = is.numeric(default) && default == round(default) && abs(default) <= 2^53,
    float = is.numeric(default) && is.finite(default),
    str = is.character(default),
    bool = is.logical(default)
  )
  if (!ok) {
    argument_error(arg, sprintf("a single %s value", type), default)
  }
  switch(type,
    int = if (abs(default) <= .Machine$integer.max) as.integer(default) else as.double(default),
    float = as.double(default),
    default
  )
}

#' A parameter value from the engine (JSON) as its declared R type.
#' @noRd
parameter_value <- function(value, type) {
  if (is.null(value) || is.null(type)) {
    return(value)
  }
  switch(type,
    int = if (is.numeric(value) && abs(value) <= .Machine$integer.max) as.integer(value) else value,
    float = as.double(value),
    value
  )
}
