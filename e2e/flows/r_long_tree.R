# Two long R steps whose workers start a `sleep 300` and a shell with its own
# `sleep 300` that ignores SIGTERM (for interruption tests; the R twin of long_tree.py).
library(braid)

hang <- function() {
  system("sleep 300", wait = FALSE)
  system("sh -c \"trap '' TERM; sleep 300 & wait\"", wait = FALSE)
  writeLines("started", file.path(Sys.getenv("BRAID_E2E_READY_DIR"), Sys.getpid()))
  Sys.sleep(300)
}

flow("RLongTreeFlow") |>
  step("start", function(self) NULL, next_step = c("a", "b")) |>
  step("a", function(self) hang(), next_step = "join") |>
  step("b", function(self) hang(), next_step = "join") |>
  step("join", function(self, inputs) NULL, join = TRUE, next_step = "end") |>
  step("end", function(self) NULL) |>
  run_flow()
