# A step that fails twice (an R error, then a kill) before it works.
library(braid)

flow("AttemptKindsFlowR") |>
  step("start", function(self) self$x <- 1L, next_step = "flaky") |>
  step("flaky", function(self) {
    attempt <- current()$retry_count
    if (attempt == 0L) stop("first try fails")
    if (attempt == 1L) tools::pskill(Sys.getpid(), tools::SIGKILL)
    self$worked_on <- attempt
  }, next_step = "end", decorators = list(retry(times = 2L, minutes_between_retries = 0))) |>
  step("end", function(self) cat("worked on attempt", self$worked_on, "\n")) |>
  run_flow()
