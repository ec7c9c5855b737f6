library(braid)

flow("RForeachFlow") |>
  step("start", function(self) {
    self$items <- c("a", "b", "c")
    cat("starting with", length(self$items), "items\n")
  }, next_step = "work", foreach = "items") |>
  step("work", function(self) {
    self$label <- paste0(self$input, self$index)
    cat("working on", self$input, "\n")
  }, next_step = "join") |>
  step("join", function(self, inputs) {
    self$labels <- vapply(inputs, function(i) i$label, character(1), USE.NAMES = FALSE)
  }, join = TRUE, next_step = "end") |>
  step("end", function(self) cat("labels", self$labels, "\n")) |>
  run_flow()
