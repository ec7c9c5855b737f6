# R step bodies of a Python flow: r_step("clean_functions.R", function = "clean_sales", next = "fit")
clean_sales <- function(self) {
  sales <- self$sales
  self$cleaned <- sales[sales$units > 0, , drop = FALSE]
  self$n_clean <- nrow(self$cleaned)
}

pick_best <- function(self, inputs) {
  self$best <- max(vapply(inputs, function(i) i$score, numeric(1)))
}
