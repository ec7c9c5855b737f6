# The smallest R flow: two steps, one artifact.
library(braid)

flow("TinyFlowR") |>
  step("start", function(self) {
    self$n <- 21L
  }, next_step = "end") |>
  step("end", function(self) cat("answer", self$n * 2L, "\n")) |>
  run_flow()
