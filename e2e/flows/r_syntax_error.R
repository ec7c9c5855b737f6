library(braid)

flow("RSyntaxErrorFlow") |>
  step("start", function(self) {
    self$x <- (1 + 
  }, next_step = "end") |>
  step("end", function(self) NULL) |>
  run_flow()
