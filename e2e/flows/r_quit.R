library(braid)

flow("RQuitFlow") |>
  step("start", function(self) {
    quit(status = 3)
  }, next_step = "end") |>
  step("end", function(self) NULL) |>
  run_flow()
