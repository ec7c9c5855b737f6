# An R step that starts a child and a grandchild `sleep` and outlives its timeout.
library(braid)

flow("RTimeoutFlow") |>
  step("start", function(self) NULL, next_step = "hang") |>
  step("hang", function(self) {
    cat("attempt", current()$retry_count, "starts its children\n")
    system("sleep 300", wait = FALSE)
    system("sh -c 'sleep 300 & wait'", wait = FALSE)
    Sys.sleep(300)
  }, next_step = "end", decorators = list(retry(times = 1, minutes_between_retries = 0), timeout(seconds = 2))) |>
  step("end", function(self) NULL) |>
  run_flow()
