library(braid)

double_it <- function(x) {
  if (x > 100) stop("too big: ", x)
  x * 2
}

flow("WorkerFlow") |>
  parameter("rows", default = 3L) |>
  parameter("rate", default = 0.5) |>
  step("start", function(self) {
    cat("printed by start\n")
    message("a message from start")
    self$items <- c(10, 20, 300)
    self$frame <- data.frame(id = seq_len(self$rows), name = letters[seq_len(self$rows)])
    self$info <- list(run = current()$run_id, step = current("step_name"), rate = self$rate)
  }, next_step = "work", foreach = "items") |>
  step("work", function(self) {
    self$out <- double_it(self$input)
    self$position <- self$index
  }, next_step = "join") |>
  step("join", function(self, inputs) {
    self$total <- sum(vapply(inputs, function(i) i$out, numeric(1)))
    merge_artifacts(self, inputs, exclude = c("out", "position"))
  }, join = TRUE, next_step = "end") |>
  step("end", function(self) cat("total", self$total, "\n")) |>
  step("bad_fanout", function(self) self$items <- mean, next_step = "work", foreach = "items") |>
  step("bad_utf8", function(self) self$text <- rawToChar(as.raw(c(0x61, 0xff))), next_step = "end") |>
  run_flow()
