# start, a, b, c, end in R: five R tasks, each setting one small artifact
# (the R twin of flows/braid/linear.py).
library(braid)

flow("LinearFlowR") |>
  step("start", function(self) self$x <- 1L, next_step = "a") |>
  step("a", function(self) self$x <- self$x + 1L, next_step = "b") |>
  step("b", function(self) self$x <- self$x + 1L, next_step = "c") |>
  step("c", function(self) self$x <- self$x + 1L, next_step = "end") |>
  step("end", function(self) stopifnot(self$x == 4L)) |>
  run_flow()
