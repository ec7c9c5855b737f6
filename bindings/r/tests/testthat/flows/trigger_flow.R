library(braid)

flow("TriggerFlow") |>
  parameter("alpha", default = 0.5) |>
  parameter("day", type = "str") |>
  trigger(event = "sales_updated") |>
  trigger(events = list("prices_ready", list(name = "stock_ready", parameters = c("day")))) |>
  trigger(event = list(name = "model_request", parameters = list(alpha = "alpha_field")),
          max_concurrent = 2) |>
  trigger_on_finish(flow = "IngestFlow") |>
  trigger_on_finish(flows = c("CleanFlow", "JoinFlow")) |>
  schedule(cron = "*/15 * * * *", timezone = "Europe/Helsinki") |>
  step("start", function(self) {
    trigger <- current()$trigger
    self$seen <- c(trigger$type, trigger$event$name, trigger$run$pathspec)
    self$alpha_field <- trigger$event$payload$alpha_field
  }, next_step = "end") |>
  step("end", function(self) NULL) |>
  run_flow()
