# A data.frame of `rows` rows (integer, double, character, logical) made in R,
# read and stored again by a Python step, read back in R. Each step stamps the
# wall clock; the last prints the stamps on a BENCH line.
library(braid)

flow("FrameRoundTripR") |>
  parameter("rows", default = 1000000L, help = "rows in the frame") |>
  parameter("salt", default = 0L, help = "added to the double column, so that each run stores new bytes") |>
  step("start", function(self) {
    i <- seq_len(self$rows) - 1L
    labels <- sprintf("item-%d", 0:999)
    self$frame <- data.frame(i = i, x = i / 2 + self$salt, s = labels[i %% 1000L + 1L], b = i %% 2L == 0L)
    self$made_at <- as.numeric(Sys.time())
  }, next_step = "python") |>
  py_step("python", file = "frame_roundtrip.py", fn = "pass_on", next_step = "back") |>
  step("back", function(self) {
    frame <- self$back
    loaded_at <- as.numeric(Sys.time())
    stopifnot(nrow(frame) == self$rows, sum(as.numeric(frame$i)) == self$rows * (self$rows - 1) / 2)
    cat(sprintf('BENCH {"made_at": %.6f, "py_loaded_at": %.6f, "py_done_at": %.6f, "loaded_at": %.6f}\n',
                self$made_at, self$py_loaded_at, self$py_done_at, loaded_at))
  }, next_step = "end") |>
  step("end", function(self) invisible(NULL)) |>
  run_flow()
