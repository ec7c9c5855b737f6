# The call stack of a step that failed, as text for the `error` line and the
# task's stderr: R's own frames, most recent call last, each with the file
# and line where the call is written when the source is known (the worker
# sources flow files with keep.source = TRUE).

#' The frames of the step: from the call of the step function to the call
#' that signalled, without the worker's frames or the handler's.
#' @noRd
step_calls <- function(calls) {
  if (length(calls) == 0L) {
    return(list())
  }
  heads <- lapply(calls, function(call) if (is.call(call)) call[[1L]] else NULL)
  marker <- which(vapply(heads, identical, logical(1), quote(invoke_step)))
  if (length(marker) == 0L) {
    return(list())
  }
  calls <- calls[-seq_len(marker[[length(marker)]])]
  # eval() frames between the worker and the step function
  while (length(calls) && identical(heads_of(calls)[[1L]], quote(eval))) {
    calls <- calls[-1L]
  }
  calls <- calls[-length(calls)] # the calling handler that captured the stack
  handled <- which(vapply(heads_of(calls), identical, logical(1), quote(.handleSimpleError)))
  if (length(handled)) {
    calls <- calls[seq_len(handled[[1L]] - 1L)]
  }
  calls
}

heads_of <- function(calls) {
  lapply(calls, function(call) if (is.call(call)) call[[1L]] else NULL)
}

#' The text reported for a failure: the R error line, then the call stack.
#' @noRd
format_failure <- function(e, calls, step, fn) {
  call <- conditionCall(e)
  header <- if (is.null(call)) {
    paste("Error:", conditionMessage(e))
  } else {
    sprintf("Error in %s: %s", deparse_line(call), conditionMessage(e))
  }
  if (length(calls) == 0L) {
    return(header)
  }
  where <- vapply(seq_along(calls), function(i) {
    srcref <- attr(calls[[i]], "srcref")
    if (i == 1L && !is.null(fn)) srcref <- attr(fn, "srcref")
    location(srcref)
  }, character(1))
  frames <- sprintf("  %d: %s%s", seq_along(calls), vapply(calls, deparse_line, character(1)), where)
  paste(c(header, sprintf("Call stack of step `%s` (most recent call last):", step), frames), collapse = "\n")
}

deparse_line <- function(call) {
  text <- paste(trimws(deparse(call, width.cutoff = 200L, nlines = 5L)), collapse = " ")
  if (nchar(text) > 200L) paste0(substr(text, 1L, 197L), "...") else text
}

location <- function(srcref) {
  if (is.null(srcref)) {
    return("")
  }
  file <- attr(srcref, "srcfile")$filename
  sprintf("  at %s:%d", if (is.null(file)) "?" else basename(file), srcref[[1L]])
}
