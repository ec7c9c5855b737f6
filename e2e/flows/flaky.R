# A step that fails on its first two attempts and succeeds on the third; its
# catch-protected sibling always fails and the run goes on.
library(braid)

flow("FlakyFlowR") |>
  step("start", function(self) {
    self$before <- 41L
  }, next_step = "flaky") |>
  step("flaky", function(self) {
    attempt <- current()$retry_count
    cat("flaky attempt", attempt, "\n")
    if (attempt < 2) {
      message("failing on purpose at attempt ", attempt)
      stop("attempt ", attempt, " fails")
    }
    self$succeeded_at <- attempt
  }, next_step = "boom", decorators = list(retry(times = 2, minutes_between_retries = 0))) |>
  step("boom", function(self) {
    stop("bad value in boom")
  }, next_step = "end", decorators = list(catch(var = "err"))) |>
  step("end", function(self) {
    cat("succeeded at attempt", self$succeeded_at, "caught", self$err$type, self$err$message, "\n")
  }) |>
  run_flow()
