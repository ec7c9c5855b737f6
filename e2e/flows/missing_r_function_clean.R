clean <- function(self) {
  self$x <- 1
}
