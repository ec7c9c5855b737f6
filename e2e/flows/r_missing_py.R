library(braid)

flow("RMissingPyFlow") |>
  step("start", function(self) NULL, next_step = "fit") |>
  py_step("fit", file = "r_missing_py_fit.py", fn = "fit_model", next_step = "end") |>
  step("end", function(self) NULL) |>
  run_flow()
