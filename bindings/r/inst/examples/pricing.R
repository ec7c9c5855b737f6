# A pricing study in R with one Python step: simulate sales, let Python pick
# three learning rates, score each in parallel, keep the best.
#
#   Rscript pricing.R run --rows 500
#   Rscript -e 'braid::flow_client("PricingFlowR")$latest_run$data$best'
library(braid)

flow("PricingFlowR") |>
  parameter("rows", default = 10000L, help = "rows to simulate") |>
  step("start", function(self) {
    set.seed(0)
    self$sales <- data.frame(price = runif(self$rows, 1, 9), units = rpois(self$rows, 20))
    cat("simulated", self$rows, "sales in run", current()$run_id, "\n")
  }, next_step = "fit") |>
  py_step("fit", file = "fit.py", fn = "fit", next_step = "train", foreach = "grid") |>
  step("train", function(self) {
    self$rate <- self$input
    self$score <- mean(self$sales$units) * self$rate
    cat(sprintf("rate %s: score %.3f\n", self$rate, self$score))
  }, next_step = "join", decorators = list(retry(times = 2), timeout(minutes = 10))) |>
  step("join", function(self, inputs) {
    scores <- vapply(inputs, function(i) i$score, numeric(1))
    self$best <- max(scores)
    self$best_rate <- inputs[[which.max(scores)]]$rate
  }, join = TRUE, next_step = "end") |>
  step("end", function(self) cat("best", self$best, "at rate", self$best_rate, "\n")) |>
  run_flow()
