# An R step puts table `landed`; a deployed Python flow (tables_on_landing.py) starts on it.
library(braid)

flow("TablesRWriter") |>
  step("start", function(self) {
    frame <- data.frame(
      city = factor(c("oslo", "rome", NA), levels = c("rome", "oslo")),
      amount = c(1.5, NA, NaN),
      day = as.Date("2026-12-07") + 0:2,
      stringsAsFactors = FALSE
    )
    put <- table_put("landed", frame)
    self$version <- put$version
    self$task <- current()$pathspec
  }, next_step = "end") |>
  step("end", function(self) NULL) |>
  run_flow()
