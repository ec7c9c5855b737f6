#' Step decorators: retries, failure handling, time limits, resources
#'
#' Decorators tell the engine how to run a step. Give them to [step()] or
#' [py_step()] in `decorators`, one or a list:
#'
#' ```r
#' step("train", train_fn, next_step = "join",
#'      decorators = list(retry(times = 2), timeout(minutes = 30), resources(cpu = 4, memory = 8000)))
#' ```
#'
#' `decorator(name, ...)` makes any of them by name, including
#' `environment` (variables set for the step's worker):
#' `decorator("environment", vars = list(OMP_NUM_THREADS = "1"))`.
#' Arguments left out take the defaults below (as in the Python client).
#'
#' * `retry(times = 3, minutes_between_retries = 2)`: rerun a failed task up
#'   to `times` more times; `current()$retry_count` says which attempt runs.
#' * `catch(var = NULL, print_exception = TRUE)`: when the step still fails,
#'   go on with the run; the error is stored in artifact `var`, a named list
#'   with `type`, `message`, `traceback`, `kind`, `step` and `attempt`.
#' * `timeout(seconds = 0, minutes = 0, hours = 0)`: fail an attempt that
#'   runs longer than the sum (it may then be retried).
#' * `resources(cpu = 1, memory = NULL, gpu = 0)`: what one task needs
#'   (memory in MB); the engine never runs more at once than the machine has.
#' * `environment(vars = list())`: through `decorator()` only (so that
#'   `base::environment()` is not masked).
#'
#' `Rscript flow.R run --with retry:times=2` gives a decorator to every step
#' that has none of its kind. The Braid repository's docs/decorators.md
#' describes each decorator in full.
#'
#' @param name The decorator's name: `retry`, `catch`, `timeout`,
#'   `resources` or `environment`.
#' @param ... The decorator's arguments, by name.
#' @param times,minutes_between_retries See `retry` above.
#' @param var,print_exception See `catch` above.
#' @param seconds,minutes,hours See `timeout` above.
#' @param cpu,memory,gpu See `resources` above.
#' @return A `braid_decorator` object.
#' @section Errors:
#' Signals `braid_error_flow` for an unknown decorator or argument name and
#' `braid_error_argument` for a value of the wrong type.
#' @family flow declaration
#' @export
decorator <- function(name, ...) {
  assert_string(name)
  constructor <- decorator_constructors[[name]]
  if (is.null(constructor)) {
    braid_abort(
      sprintf("unknown decorator `%s`; braid knows %s.", name, enumerate(names(decorator_constructors))),
      "braid_error_flow"
    )
  }
  args <- list(...)
  known <- names(formals(constructor))
  unknown <- setdiff(names(args), known)
  if (length(args) && (is.null(names(args)) || any(!nzchar(names(args))) || length(unknown))) {
    braid_abort(
      sprintf(
        "decorator `%s` takes arguments by name: %s%s.", name, enumerate(known),
        if (length(unknown)) paste0("; not ", enumerate(unknown)) else ""
      ),
      "braid_error_flow"
    )
  }
  do.call(constructor, args)
}

new_decorator <- function(name, args) {
  structure(list(name = name, args = args), class = "braid_decorator")
}

#' @rdname decorator
#' @export
retry <- function(times = 3L, minutes_between_retries = 2) {
  assert_count(times, "times")
  assert_number(minutes_between_retries, "minutes_between_retries", min = 0)
  new_decorator("retry", list(times = as.integer(times), minutes_between_retries = minutes_between_retries))
}

#' @rdname decorator
#' @export
catch <- function(var = NULL, print_exception = TRUE) {
  if (!is.null(var)) {
    assert_identifier(var, "var", what = "an artifact name")
  }
  assert_flag(print_exception, "print_exception")
  new_decorator("catch", list(var = var, print_exception = print_exception))
}

#' @rdname decorator
#' @export
timeout <- function(seconds = 0, minutes = 0, hours = 0) {
  assert_number(seconds, "seconds", min = 0)
  assert_number(minutes, "minutes", min = 0)
  assert_number(hours, "hours", min = 0)
  if (seconds + minutes + hours == 0) {
    braid_abort("timeout() needs a limit: `seconds`, `minutes` or `hours` greater than 0.", "braid_error_argument")
  }
  new_decorator("timeout", list(seconds = seconds, minutes = minutes, hours = hours))
}

#' @rdname decorator
#' @export
resources <- function(cpu = 1, memory = NULL, gpu = 0L) {
  assert_number(cpu, "cpu", min = 0, above = TRUE)
  if (!is.null(memory)) {
    assert_count(memory, "memory", min = 1)
    memory <- as.integer(memory)
  }
  assert_count(gpu, "gpu")
  new_decorator("resources", list(cpu = cpu, memory = memory, gpu = as.integer(gpu)))
}

environment_decorator <- function(vars = list()) {
  if (!is.list(vars) && !is.character(vars)) {
    argument_error("vars", "a named list of strings", vars)
  }
  vars <- as.list(vars)
  keys <- names(vars)
  if (length(vars) && (is.null(keys) || !all(grepl("^[A-Za-z_][A-Za-z0-9_]*$", keys)))) {
    braid_abort("`vars` must name each variable (letters, digits and `_`).", "braid_error_argument", argument = "vars")
  }
  if (!all(vapply(vars, function(v) is.character(v) && length(v) == 1L && !is.na(v), logical(1)))) {
    braid_abort("`vars` values must be single strings; quote numbers (\"1\").", "braid_error_argument", argument = "vars")
  }
  new_decorator("environment", list(vars = if (length(vars)) vars else structure(list(), names = character())))
}

decorator_constructors <- list(
  retry = retry, catch = catch, timeout = timeout, resources = resources,
  environment = environment_decorator
)

#' The decorators given to step(): one, or a list of them.
#' @noRd
as_decorator_list <- function(decorators, step) {
  if (inherits(decorators, "braid_decorator")) {
    decorators <- list(decorators)
  }
  ok <- is.list(decorators) && all(vapply(decorators, inherits, logical(1), "braid_decorator"))
  if (!ok) {
    argument_error("decorators", "a decorator (retry(), catch(), ...) or a list of them", decorators)
  }
  names <- vapply(decorators, `[[`, character(1), "name")
  if (anyDuplicated(names)) {
    braid_abort(
      sprintf("step `%s` has decorator `%s` twice; keep one.", step, names[anyDuplicated(names)]),
      "braid_error_flow",
      step = step
    )
  }
  unname(decorators)
}

#' @export
print.braid_decorator <- function(x, ...) {
  cat(sprintf("<braid decorator %s> %s\n", x$name, format_json(x$args)))
  invisible(x)
}
