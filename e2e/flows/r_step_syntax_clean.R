clean_sales <- function(self) {
  x <- (1 +
}
