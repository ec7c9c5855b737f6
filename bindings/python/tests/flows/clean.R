clean_sales <- function(self) {
  self$cleaned <- self$sales[self$sales$units > 0, ]
}
