clean_sales <- function(self, extra) {
  self$x <- extra
}
