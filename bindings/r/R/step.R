#' Add a step to a flow
#'
#' `step()` adds a step whose body is an R function; `py_step()` adds one
#' whose body is a Python function in a file beside the flow (it runs in a
#' Python worker, with the same artifacts).
#'
#' An R step function takes `self` (and `inputs` for a join). `self` reads
#' and writes artifacts with `$` and `[[`: `self$sales <- df` stores `sales`
#' for the steps after; `self$rows` reads a parameter or an artifact set by an
#' earlier step. In a task of a foreach, `self$input` is this task's item and
#' `self$index` its position (from 0). A join's `inputs` is a list with one
#' read-only `self` per incoming task (named by step for a static branch);
#' use [merge_artifacts()] to carry their artifacts over.
#'
#' A Python step function takes `self` (and `inputs` for a join) and sets
#' attributes on `self`; its transition is the one declared here.
#'
#' @param flow The flow (from [flow()]).
#' @param name The step's name: lower-case letters, digits and `_`. A flow
#'   has one `start` and one `end` step.
#' @param fn For `step()`, the function: `function(self)`, or
#'   `function(self, inputs)` for a join. For `py_step()`, the name of the
#'   Python function in `file`.
#' @param next_step The step(s) that follow: one name, several for a static
#'   branch (`c("a", "b")`), `NULL` for `end`.
#' @param foreach The name of an artifact (a vector, list or data frame)
#'   whose items each start one task of `next_step`.
#' @param join `TRUE` when the step joins a branch or a foreach (its
#'   function takes `inputs`).
#' @param decorators A decorator or a list of them: [retry()], [catch()],
#'   [timeout()], [resources()], or [decorator()] (e.g. `environment`).
#' @param file For `py_step()`, the Python file; a relative path counts from
#'   the flow file's directory.
#' @return The flow, with the step added.
#' @section Errors:
#' Signals `braid_error_argument` for an argument of the wrong type, and
#' `braid_error_flow` for a step name used twice or a function whose
#' arguments do not match `join`. Graph problems (a missing `end`, an
#' unknown `next_step`, a branch never joined) are reported by the engine,
#' all at once, with the file and line, by `Rscript myflow.R check`.
#' @family flow declaration
#' @export
#' @examples
#' flow("BranchFlow") |>
#'   step("start", function(self) self$x <- 1, next_step = c("a", "b")) |>
#'   step("a", function(self) self$y <- self$x + 1, next_step = "join") |>
#'   step("b", function(self) self$y <- self$x * 10, next_step = "join") |>
#'   step("join", function(self, inputs) {
#'     self$total <- inputs$a$y + inputs$b$y
#'   }, join = TRUE, next_step = "end") |>
#'   step("end", function(self) print(self$total))
step <- function(flow, name, fn, next_step = NULL, foreach = NULL, join = FALSE, decorators = list()) {
  assert_flow(flow)
  assert_step_name(name)
  assert_function(fn)
  assert_flag(join)
  check_step_function(name, fn, join, flow$file)
  add_step(flow, new_step(name, "r", flow$file, name, next_step, foreach, join, decorators, fn = fn))
}

#' @rdname step
#' @export
py_step <- function(flow, name, file, fn, next_step = NULL, foreach = NULL, join = FALSE, decorators = list()) {
  assert_flow(flow)
  assert_step_name(name)
  assert_string(file)
  assert_string(fn)
  if (!grepl("^[A-Za-z_][A-Za-z0-9_]*$", fn)) {
    braid_abort(sprintf("`fn` must name a Python function (an identifier); got \"%s\".", fn), "braid_error_argument", argument = "fn")
  }
  path <- resolve_beside(file, flow$file)
  if (!file.exists(path)) {
    braid_abort(
      sprintf("step `%s`: Python file %s not found (looked for %s; a relative path counts from the flow file's directory).", name, file, path),
      "braid_error_flow",
      step = name
    )
  }
  add_step(flow, new_step(name, "python", path, fn, next_step, foreach, join, decorators))
}

new_step <- function(name, language, file, fn_name, next_step, foreach, join, decorators, fn = NULL) {
  if (!is.null(next_step)) {
    assert_character(next_step)
  }
  assert_string_or_null(foreach)
  if (!is.null(foreach)) {
    assert_identifier(foreach, "foreach", what = "an artifact name")
  }
  assert_flag(join)
  list(
    name = name, language = language, file = file, function_name = fn_name, fn = fn,
    next_steps = as.character(next_step), foreach = foreach, join = join,
    decorators = as_decorator_list(decorators, name)
  )
}

add_step <- function(flow, step) {
  if (!is.null(flow$steps[[step$name]])) {
    braid_abort(
      sprintf("flow %s already has a step named `%s`; step names are unique.", flow$name, step$name),
      "braid_error_flow",
      step = step$name
    )
  }
  if (step$name %in% names(flow$parameters)) {
    braid_abort(
      sprintf("step `%s` has the name of a parameter of flow %s; rename one of them.", step$name, flow$name),
      "braid_error_flow",
      step = step$name
    )
  }
  flow$steps[[step$name]] <- step
  flow
}

check_step_function <- function(name, fn, join, file = NA_character_) {
  args <- names(formals(fn))
  if ("..." %in% args) {
    return(invisible())
  }
  wanted <- if (join) 2L else 1L
  if (length(args) != wanted) {
    shape <- if (join) "function(self, inputs), since it is a join (join = TRUE)" else "function(self)"
    hint <- if (!join && length(args) == 2L) "; for a join, add join = TRUE" else ""
    braid_abort(
      sprintf("step `%s`%s takes %d argument%s (%s) but must be %s%s.", name, declared_at(file, name), length(args),
        if (length(args) == 1L) "" else "s", paste(args, collapse = ", "), shape, hint),
      "braid_error_flow",
      step = name
    )
  }
  invisible()
}

#' ` (in flow.R:12)`: where step `name` is declared in `file` ("" when unknown).
#' @noRd
declared_at <- function(file, name) {
  if (is.na(file)) {
    return("")
  }
  line <- source_locations(file)$steps[[name]]$line
  sprintf(" (in %s%s)", basename(file), if (is.null(line)) "" else paste0(":", line))
}

#' A path relative to the directory of `base_file` (or the working directory).
#' @noRd
resolve_beside <- function(path, base_file) {
  if (!grepl("^(/|~)", path)) {
    base <- if (is.na(base_file)) getwd() else dirname(base_file)
    path <- file.path(base, path)
  }
  normalizePath(path, mustWork = FALSE)
}
