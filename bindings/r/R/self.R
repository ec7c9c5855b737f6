# `self` in a running step: artifacts read lazily by name from the files the
# engine listed in the task, writes recorded for the worker to persist after
# the step returns. The object is an empty list whose attribute `braid_ctx`
# is an environment, so `self$x <- value` in the step changes the shared
# state even though R copies the list.

#' The `self` of a task.
#'
#' @param step,pathspec Where it runs (for messages).
#' @param artifacts Named list of artifact references (path, kind, language).
#' @param parameters Named list of parameter values.
#' @param foreach NULL or list(artifact, index, stack).
#' @param read_only TRUE for the `inputs` of a join.
#' @param origins What the task's tables were read as (new_table_origins()),
#'   shared by a join's `self` and its `inputs`.
#' @noRd
new_self <- function(step, pathspec, artifacts, parameters, foreach = NULL, read_only = FALSE,
                     origins = new_table_origins()) {
  ctx <- new.env(parent = emptyenv())
  ctx$step <- step
  ctx$pathspec <- pathspec
  ctx$artifacts <- artifacts %||% list()
  ctx$parameters <- parameters %||% list()
  ctx$foreach <- foreach
  ctx$read_only <- read_only
  ctx$values <- new.env(parent = emptyenv())
  ctx$order <- character()
  ctx$cache <- new.env(parent = emptyenv())
  ctx$merged <- list()
  ctx$origins <- origins
  structure(list(), class = "braid_self", braid_ctx = ctx)
}

self_ctx <- function(x) attr(x, "braid_ctx", exact = TRUE)

#' @export
`$.braid_self` <- function(x, name) {
  self_get(x, name)
}

#' @export
`[[.braid_self` <- function(x, i, ...) {
  assert_string(i, "name")
  self_get(x, i)
}

#' @export
`$<-.braid_self` <- function(x, name, value) {
  self_set(x, name, value)
}

#' @export
`[[<-.braid_self` <- function(x, i, value) {
  assert_string(i, "name")
  self_set(x, i, value)
}

#' @export
names.braid_self <- function(x) {
  ctx <- self_ctx(x)
  unique(c(ctx$order, names(ctx$parameters), names(ctx$merged), names(ctx$artifacts)))
}

#' @export
print.braid_self <- function(x, ...) {
  ctx <- self_ctx(x)
  kind <- if (ctx$read_only) "input" else "self"
  cat(sprintf("<braid %s of step %s (%s)>\n", kind, ctx$step, ctx$pathspec %||% "not running"))
  cat("  artifacts:", enumerate(setdiff(names(x), names(ctx$parameters)), quote = FALSE), "\n")
  cat("  parameters:", enumerate(names(ctx$parameters), quote = FALSE), "\n")
  if (!is.null(ctx$foreach)) cat("  foreach item", ctx$foreach$index, "of", ctx$foreach$artifact, "\n")
  invisible(x)
}

reserved_self_names <- c("input", "index", "foreach_stack", "next", "name", "merge_artifacts")

self_get <- function(x, name) {
  ctx <- self_ctx(x)
  if (name %in% c("input", "index", "foreach_stack")) {
    return(foreach_value(ctx, name))
  }
  if (exists(name, envir = ctx$values, inherits = FALSE)) {
    return(get(name, envir = ctx$values, inherits = FALSE))
  }
  if (name %in% names(ctx$parameters)) {
    return(ctx$parameters[[name]])
  }
  reference <- ctx$merged[[name]] %||% ctx$artifacts[[name]]
  if (is.null(reference)) {
    braid_abort(
      sprintf(
        "step `%s`: no artifact or parameter named `%s`; %s has %s.", ctx$step, name,
        if (ctx$read_only) "this input" else "the task", enumerate(names(x), none = "none")
      ),
      c("braid_error_artifact_missing", "braid_error_artifact"),
      artifact = name, step = ctx$step
    )
  }
  if (!exists(name, envir = ctx$cache, inherits = FALSE)) {
    value <- read_input_artifact(reference, name, ctx$step)
    if (is.data.frame(value)) note_table_origins(ctx$origins, reference$path)
    assign(name, value, envir = ctx$cache)
  }
  get(name, envir = ctx$cache, inherits = FALSE)
}

#' Reads an artifact of the task; a failure is marked as the `input` phase.
#' @noRd
read_input_artifact <- function(reference, name, step) {
  withCallingHandlers(
    read_artifact(reference$path, name),
    error = function(e) {
      if (is.null(e$phase)) {
        e$phase <- "input"
        e$message <- sprintf("step `%s`: reading artifact `%s`: %s", step, name, conditionMessage(e))
        stop(e)
      }
    },
    braid_warning_precision = function(w) {
      # The same warning, naming the artifact (the reader only knows the column).
      w$message <- sprintf("step `%s`: reading artifact `%s`: %s", step, name, conditionMessage(w))
      warning(w)
      invokeRestart("muffleWarning")
    }
  )
}

self_set <- function(x, name, value) {
  ctx <- self_ctx(x)
  if (ctx$read_only) {
    braid_abort(
      sprintf("the inputs of join `%s` are read-only: set `self$%s` in the join instead.", ctx$step, name),
      "braid_error_step",
      step = ctx$step
    )
  }
  if (name %in% reserved_self_names || !is_identifier(name)) {
    braid_abort(
      sprintf(
        "step `%s`: `%s` cannot be an artifact name; use letters, digits and `_` (not starting with a digit, and not %s).",
        ctx$step, name, enumerate(reserved_self_names, last = "or")
      ),
      "braid_error_step",
      step = ctx$step
    )
  }
  if (name %in% names(ctx$parameters)) {
    braid_abort(
      sprintf("step `%s`: `%s` is a parameter of the flow and is read-only in steps (give it on the command line: --%s VALUE).", ctx$step, name, name),
      "braid_error_step",
      step = ctx$step
    )
  }
  assign(name, value, envir = ctx$values)
  if (!name %in% ctx$order) {
    ctx$order <- c(ctx$order, name)
  }
  x
}

foreach_value <- function(ctx, name) {
  foreach <- ctx$foreach
  if (is.null(foreach)) {
    if (name == "foreach_stack") {
      return(list())
    }
    braid_abort(
      sprintf("step `%s`: `self$%s` exists only in the tasks of a foreach (this step does not run inside one).", ctx$step, name),
      "braid_error_step",
      step = ctx$step
    )
  }
  switch(name,
    index = as.integer(foreach$index),
    foreach_stack = foreach$stack,
    input = {
      items <- self_get(structure(list(), class = "braid_self", braid_ctx = ctx), foreach$artifact)
      foreach_item(items, foreach$index + 1L)
    }
  )
}

#' Item `i` (1-based) of a foreach artifact: a list element, a vector element or a data frame row.
#' @noRd
foreach_item <- function(x, i) {
  if (is.data.frame(x)) {
    return(x[i, , drop = FALSE])
  }
  if (is.list(x)) {
    return(x[[i]])
  }
  x[i]
}

#' The number of items of a foreach artifact, or NA when it cannot be fanned out over.
#' @noRd
foreach_count <- function(x) {
  if (is.data.frame(x)) {
    return(nrow(x))
  }
  if (is.list(x) || is.atomic(x)) {
    return(length(x))
  }
  NA_integer_
}

#' The join's `inputs`: one read-only self per incoming task, named by step when the names differ.
#' @noRd
new_inputs <- function(inputs, parameters, origins = new_table_origins()) {
  out <- lapply(inputs, function(input) {
    new_self(input$step, input$pathspec, input$artifacts, parameters, read_only = TRUE, origins = origins)
  })
  steps <- vapply(inputs, function(input) input$step %||% "", character(1))
  if (length(steps) && !anyDuplicated(steps) && all(nzchar(steps))) {
    names(out) <- steps
  }
  out
}
