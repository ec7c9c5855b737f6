clean_sales <- function(self) {
  sales <- self$sales
  keep <- !is.na(sales$price) & !is.na(sales$units) & sales$units > 0L
  self$cleaned <- sales[keep, , drop = FALSE]
  self$r_version <- R.version$major
}
