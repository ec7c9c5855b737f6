library(braid)

flow("RKilledFlow") |>
  step("start", function(self) {
    tools::pskill(Sys.getpid(), tools::SIGKILL)
  }, next_step = "end") |>
  step("end", function(self) NULL) |>
  run_flow()
