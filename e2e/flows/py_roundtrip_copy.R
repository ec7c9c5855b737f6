copy_all <- function(self) {
  scalars <- c("one_int", "one_float", "one_str", "one_bool", "floats")
  self$r_saw <- lapply(setNames(scalars, scalars), function(name) {
    value <- self[[name]]
    paste(if (is.numeric(value)) "numeric" else class(value)[[1L]], length(value))
  })
  for (name in c("frame", "empty", "plain", scalars, "big")) {
    self[[paste0(name, "_copy")]] <- self[[name]]
  }
}
