# Fails on its first attempt; it has no retry(): `run --with retry:...` gives it one.
library(braid)

flow("FlakyPlainFlowR") |>
  step("start", function(self) {
    if (current()$retry_count < 1) stop("first attempt fails")
    self$attempts <- current()$retry_count + 1L
  }, next_step = "end") |>
  step("end", function(self) cat("done after", self$attempts, "attempts\n")) |>
  run_flow()
