# A flow to resume, in R with a Python step: item 2 of the foreach fails while
# the file FAIL exists in the working directory.
library(braid)

flow("ResumableFlowR") |>
  parameter("scale", default = 1L) |>
  step("start", function(self) {
    self$items <- 0:3
    cat("start ran\n")
  }, next_step = "work", foreach = "items") |>
  step("work", function(self) {
    cat("work ran", self$input, "\n")
    if (self$input == 3L) file.create("ITEM3_RAN")
    if (self$input == 2L && file.exists("FAIL")) {
      # Not before item 3 ran: the run starts no task after a failure, and run 1 must leave 4 to reuse.
      for (i in 1:200) if (!file.exists("ITEM3_RAN")) Sys.sleep(0.05)
      stop("item 2 is broken")
    }
    self$value <- self$input * self$scale
  }, next_step = "join") |>
  step("join", function(self, inputs) {
    self$total <- sum(vapply(inputs, function(i) i$value, numeric(1)))
  }, join = TRUE, next_step = "finish") |>
  py_step("finish", file = "resumable_finish.py", fn = "finish", next_step = "end") |>
  step("end", function(self) cat("total", self$total, "doubled", self$doubled, "\n")) |>
  run_flow()
