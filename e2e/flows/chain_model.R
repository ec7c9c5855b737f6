# The chain's second link: an R flow that starts when ChainIngest succeeds, reads
# the upstream run through current()$trigger, and publishes an event from its step.
library(braid)

flow("ChainModelR") |>
  trigger_on_finish(flow = "ChainIngest") |>
  step("start", function(self) {
    trigger <- current()$trigger
    self$trigger_type <- trigger$type
    self$upstream <- trigger$run$pathspec
    self$upstream_rows <- trigger$run$data$rows
    self$event_id <- braid::publish_event("model_ready", list(upstream = trigger$run$pathspec, rows = self$upstream_rows * 2))
  }, next_step = "end") |>
  step("end", function(self) NULL) |>
  run_flow()
