# Where things are declared in a flow file: the line of each step(),
# py_step() and parameter() call, of each `next_step =` argument and of each
# decorator, read from R's parse data (`parse(keep.source = TRUE)`), so the
# engine can point at `file:line` in its messages. Rscript does not keep
# source references, so the file is parsed again here; nothing is evaluated.

declaration_functions <- c("step", "py_step", "parameter")
decorator_functions <- c("retry", "catch", "timeout", "resources", "decorator")

#' Lines of the declarations in `file`.
#'
#' @return list(steps = list(<name> = list(line, next_line, decorators =
#'   list(list(name, line), ...))), parameters = list(<name> = line)).
#' @noRd
source_locations <- function(file) {
  found <- list(steps = list(), parameters = list())
  if (is.na(file) || !file.exists(file)) {
    return(found)
  }
  exprs <- tryCatch(parse(file, keep.source = TRUE, encoding = "UTF-8"), error = function(e) NULL)
  pd <- parse_table(exprs)
  if (is.null(pd)) {
    return(found)
  }
  calls <- which(pd$token == "SYMBOL_FUNCTION_CALL" & pd$text %in% declaration_functions)
  call_exprs <- vapply(calls, function(i) parent_id(pd, parent_id(pd, pd$id[[i]])), integer(1))
  for (k in seq_along(calls)) {
    args <- call_arguments(pd, call_exprs[[k]])
    name <- declared_name(pd, args)
    if (is.null(name)) next
    line <- pd$line1[[calls[[k]]]]
    if (pd$text[[calls[[k]]]] == "parameter") {
      if (is.null(found$parameters[[name]])) found$parameters[[name]] <- line
      next
    }
    if (!is.null(found$steps[[name]])) next
    next_arg <- Filter(function(a) identical(a$name, "next_step"), args)
    found$steps[[name]] <- list(
      line = line,
      next_line = if (length(next_arg)) next_arg[[1L]]$line else line,
      decorators = decorator_lines(pd, call_exprs[[k]], call_exprs)
    )
  }
  found
}

#' R's raw parse data as a data frame (what utils::getParseData() returns).
#' @noRd
parse_table <- function(exprs) {
  m <- attr(exprs, "srcfile")$parseData
  if (is.null(m) || !length(m)) {
    return(NULL)
  }
  pd <- data.frame(
    line1 = m[1L, ], col1 = m[2L, ], id = m[7L, ], parent = m[8L, ],
    token = attr(m, "tokens"), text = attr(m, "text"), stringsAsFactors = FALSE
  )
  pd[order(pd$line1, pd$col1, -pd$id), ]
}

parent_id <- function(pd, id) {
  pd$parent[[match(id, pd$id)]]
}

#' The arguments of a call expression: list(name, id, line) each, in order.
#' @noRd
call_arguments <- function(pd, call_id) {
  children <- pd[pd$parent == call_id, ]
  args <- list()
  name <- NULL
  name_line <- NULL
  opened <- FALSE
  for (i in seq_len(nrow(children))) {
    token <- children$token[[i]]
    if (token == "'('") {
      opened <- TRUE
    } else if (!opened) {
      next
    } else if (token == "SYMBOL_SUB") {
      name <- children$text[[i]]
      name_line <- children$line1[[i]]
    } else if (token == "expr") {
      args[[length(args) + 1L]] <- list(name = name, id = children$id[[i]], line = name_line %||% children$line1[[i]])
      name <- NULL
      name_line <- NULL
    }
  }
  args
}

#' The string given as `name =`, or as the first positional string argument.
#' @noRd
declared_name <- function(pd, args) {
  named <- Filter(function(a) identical(a$name, "name"), args)
  candidates <- if (length(named)) named else Filter(function(a) is.null(a$name), args)
  for (arg in candidates) {
    literal <- pd[pd$parent == arg$id & pd$token == "STR_CONST", "text"]
    if (length(literal) == 1L) {
      return(eval(str2lang(literal)))
    }
    if (length(named)) break
  }
  NULL
}

#' Decorator calls whose nearest enclosing declaration call is `call_id`.
#' @noRd
decorator_lines <- function(pd, call_id, call_ids) {
  rows <- which(pd$token == "SYMBOL_FUNCTION_CALL" & pd$text %in% decorator_functions)
  out <- list()
  for (i in rows) {
    expr <- parent_id(pd, parent_id(pd, pd$id[[i]]))
    owner <- parent_id(pd, expr)
    while (owner != 0L && !(owner %in% call_ids)) {
      owner <- parent_id(pd, owner)
    }
    if (owner != call_id) next
    name <- pd$text[[i]]
    if (name == "decorator") {
      name <- declared_name(pd, call_arguments(pd, expr))
      if (is.null(name)) next
    }
    out[[length(out) + 1L]] <- list(name = name, line = pd$line1[[i]])
  }
  out
}
