# Deployed: starts when a version of table `sales` lands, and reads the version that
# triggered it, whatever landed since.
library(braid)

flow("TablesRReader") |>
  trigger(table = "sales") |>
  step("start", function(self) {
    landed <- current()$trigger$table("sales")
    self$trigger_version <- landed$version
    self$trigger_how <- landed$how
    self$x <- paste(table_read("sales")$x, collapse = ",")
  }, next_step = "end") |>
  step("end", function(self) NULL) |>
  run_flow()
