fit_model <- function(self) {
  self$fit_result <- lm(dist ~ speed, data = cars) # only R can read an lm
}
