use_model <- function(self) {
  self$seen <- self$model
}
