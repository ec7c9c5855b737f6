library(braid)

flow("BranchFlow") |>
  parameter("rows", default = 100L, help = "rows to simulate") |>
  parameter("rate", default = 0.5) |>
  parameter("label", type = "str", required = TRUE) |>
  parameter("verbose", default = FALSE) |>
  parameter("grid", default = list(1, 2.5, "x")) |>
  step("start", function(self) {
    self$x <- self$rows
  }, next_step = c("a", "b")) |>
  step("a", function(self) self$y <- 1, next_step = "fan") |>
  step("b", function(self) self$y <- 2, next_step = "fan",
       decorators = decorator("environment", vars = list(OMP_NUM_THREADS = "1"))) |>
  step("fan", function(self, inputs) {
    self$items <- 1:3
  }, join = TRUE, next_step = "work", foreach = "items") |>
  py_step("work", file = "fit.py", fn = "fit", next_step = "gather",
          decorators = list(retry(times = 2),
                            resources(cpu = 2, memory = 4096))) |>
  step("gather", function(self, inputs) {
    merge_artifacts(self, inputs)
  }, join = TRUE,
  next_step = "end",
  decorators = list(catch(var = "failure"), timeout(minutes = 5))) |>
  step("end", function(self) NULL) |>
  run_flow()
