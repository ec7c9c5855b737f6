# Where things are declared in a flow file: the line of each step(),
# py_step() and parameter() call, of each `next_step =` argument, of each
# decorator and of each trigger(), trigger_on_finish() and schedule() call,
# read from R's parse data (`parse(keep.source = TRUE)`), so the engine can
# point at `file:line` in its messages. Rscript does not keep
# source references, so the file is parsed again here; nothing is evaluated.

declaration_functions <- c("step", "py_step", "parameter")
decorator_functions <- c("retry", "catch", "timeout", "resources", "decorator")
trigger_functions <- c("trigger", "trigger_on_finish", "schedule")

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
    line1 = m[1L, ], col1 = m[2L, ], line2 = m[3L, ], col2 = m[4L, ], id = m[7L, ], parent = m[8L, ],
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

#' The trigger(), trigger_on_finish() and schedule() calls in `file`, in
#' source order (the order of a pipe): list(verb, line, strings) each, where
#' `strings` are the string literals inside the call (event and flow names).
#' @noRd
trigger_locations <- function(file) {
  if (is.na(file) || !file.exists(file)) {
    return(list())
  }
  exprs <- tryCatch(parse(file, keep.source = TRUE, encoding = "UTF-8"), error = function(e) NULL)
  pd <- parse_table(exprs)
  if (is.null(pd)) {
    return(list())
  }
  position <- function(line, col) line * 1e6 + col
  strings <- pd[pd$token == "STR_CONST", ]
  at <- position(strings$line1, strings$col1)
  lapply(which(pd$token == "SYMBOL_FUNCTION_CALL" & pd$text %in% trigger_functions), function(i) {
    call <- match(parent_id(pd, parent_id(pd, pd$id[[i]])), pd$id)
    inside <- at >= position(pd$line1[[call]], pd$col1[[call]]) & at <= position(pd$line2[[call]], pd$col2[[call]])
    texts <- vapply(strings$text[inside], function(t) eval(str2lang(t)), character(1), USE.NAMES = FALSE)
    list(verb = pd$text[[i]], line = pd$line1[[i]], strings = texts)
  })
}

#' The line of the `index`-th `verb` call of a flow whose first event or
#' flow name is `name`: among the calls whose first string literal is
#' `name`, the `index`-th call or else the first; with none, the `index`-th
#' call (names given in variables); NA when there are not that many.
#' @noRd
trigger_line <- function(file, verb, index, name = NULL) {
  calls <- Filter(function(call) identical(call$verb, verb), trigger_locations(file))
  first <- vapply(calls, function(call) if (length(call$strings)) call$strings[[1L]] else NA_character_, character(1))
  matches <- if (is.null(name)) integer() else which(first == name)
  chosen <- if (index %in% matches) index else if (length(matches)) matches[[1L]] else index
  if (chosen <= length(calls)) calls[[chosen]]$line else NA_integer_
}
