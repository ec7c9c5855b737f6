library(braid)

compute_total <- function(x) {
  if (x > 1) stop("the total went negative: ", -x)
  x
}

flow("RErrorFlow") |>
  step("start", function(self) {
    self$kept <- "stored before the failure"
  }, next_step = "work") |>
  step("work", function(self) {
    self$total <- compute_total(5)
  }, next_step = "end") |>
  step("end", function(self) NULL) |>
  run_flow()
