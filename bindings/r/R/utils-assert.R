# Argument checks in the style of targets' tar_assert_*(): each names the
# argument it checks and says what it got, and signals a
# `braid_error_argument` condition. `arg` defaults to the expression passed.

#' What a value is, for messages: "a number", "NULL", "a character vector of length 2".
#' @noRd
describe_value <- function(x) {
  if (is.null(x)) {
    return("NULL")
  }
  if (is.function(x)) {
    return("a function")
  }
  if (is.data.frame(x)) {
    return("a data frame")
  }
  kind <- if (is.factor(x)) {
    "factor"
  } else if (is.character(x)) {
    "character"
  } else if (is.logical(x)) {
    "logical"
  } else if (is.numeric(x)) {
    "numeric"
  } else if (is.list(x)) {
    "list"
  } else {
    class(x)[[1L]]
  }
  if (is.atomic(x) || is.list(x)) {
    if (length(x) == 1L && is.atomic(x)) {
      value <- if (is.na(x)) "NA" else if (is.character(x)) sprintf("\"%s\"", x) else format(x)
      return(sprintf("a %s value (%s)", kind, value))
    }
    return(sprintf("a %s of length %d", if (kind == "list") "list" else paste(kind, "vector"), length(x)))
  }
  sprintf("an object of class %s", class(x)[[1L]])
}

argument_error <- function(arg, requirement, x) {
  braid_abort(
    sprintf("`%s` must be %s, not %s.", arg, requirement, describe_value(x)),
    "braid_error_argument",
    argument = arg
  )
}

assert_string <- function(x, arg = deparse(substitute(x)), allow_empty = FALSE) {
  if (!is.character(x) || length(x) != 1L || is.na(x) || (!allow_empty && !nzchar(x))) {
    argument_error(arg, "a single non-empty string", x)
  }
  invisible(x)
}

assert_string_or_null <- function(x, arg = deparse(substitute(x))) {
  if (!is.null(x)) {
    assert_string(x, arg)
  }
  invisible(x)
}

assert_flag <- function(x, arg = deparse(substitute(x))) {
  if (!is.logical(x) || length(x) != 1L || is.na(x)) {
    argument_error(arg, "TRUE or FALSE", x)
  }
  invisible(x)
}

assert_function <- function(x, arg = deparse(substitute(x))) {
  if (!is.function(x)) {
    argument_error(arg, "a function", x)
  }
  invisible(x)
}

assert_number <- function(x, arg = deparse(substitute(x)), min = -Inf, above = FALSE) {
  ok <- is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x) &&
    (if (above) x > min else x >= min)
  if (!ok) {
    bound <- if (is.finite(min)) sprintf(" %s %s", if (above) ">" else ">=", format(min)) else ""
    argument_error(arg, paste0("a finite number", bound), x)
  }
  invisible(x)
}

assert_count <- function(x, arg = deparse(substitute(x)), min = 0) {
  ok <- is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x) && x == round(x) && x >= min
  if (!ok) {
    argument_error(arg, sprintf("a whole number >= %d", as.integer(min)), x)
  }
  invisible(x)
}

assert_character <- function(x, arg = deparse(substitute(x))) {
  if (!is.character(x) || anyNA(x) || !all(nzchar(x))) {
    argument_error(arg, "a character vector of non-empty strings", x)
  }
  invisible(x)
}

#' Step names: `[a-z_][a-z0-9_]*`, at most 64 characters (docs/flow-spec.md).
#' @noRd
assert_step_name <- function(x, arg = deparse(substitute(x))) {
  assert_string(x, arg)
  if (!is_step_name(x)) {
    braid_abort(
      sprintf(
        "`%s` must be a step name: lower-case letters, digits and `_`, not starting with a digit, at most 64 characters; got \"%s\".",
        arg, x
      ),
      "braid_error_argument",
      argument = arg
    )
  }
  invisible(x)
}

is_step_name <- function(x) {
  grepl("^[a-z_][a-z0-9_]*$", x) & nchar(x) <= 64L
}

#' Artifact and parameter names: letters, digits and `_`, not starting with a
#' digit, so that the same name works as a Python attribute.
#' @noRd
is_identifier <- function(x) {
  grepl("^[A-Za-z_][A-Za-z0-9_]*$", x)
}

assert_identifier <- function(x, arg = deparse(substitute(x)), what = "a name") {
  assert_string(x, arg)
  if (!is_identifier(x)) {
    braid_abort(
      sprintf(
        "`%s` must be %s made of letters, digits and `_`, not starting with a digit (so Python steps can use it too); got \"%s\".",
        arg, what, x
      ),
      "braid_error_argument",
      argument = arg
    )
  }
  invisible(x)
}

assert_flow <- function(x, arg = deparse(substitute(x))) {
  if (!inherits(x, "braid_flow")) {
    argument_error(arg, "a flow made by flow(\"Name\")", x)
  }
  invisible(x)
}
