library(braid)

flow("RWrongArgsFlow") |>
  step("start", function() {
    cat("no self\n")
  }, next_step = "end") |>
  step("end", function(self) NULL) |>
  run_flow()
