# R tasks side by side: each reports whether it runs in a forked worker, what it
# saw of its siblings, its own random draw; output in every form R has.
library(braid)

GREETING <- Sys.getenv("GREETING", "unset when the file was sourced")
SOURCED_IN <- Sys.getpid()

flow("RForkedFlow") |>
  step("start", function(self) {
    self$items <- c("a", "b", "c", "d")
    self$forked <- any(grepl("fork_server_main", commandArgs(), fixed = TRUE))
    self$preloaded <- SOURCED_IN != Sys.getpid()
    cat("cat in start\n")
    print(c(11, 22, 33))
    message("message in start")
    warning("warning in start")
  }, next_step = "work", foreach = "items") |>
  step("work", function(self) {
    self$saw_sibling <- exists("SET_BY_A_TASK", envir = globalenv())
    assign("SET_BY_A_TASK", self$input, envir = globalenv())
    self$draw <- runif(1)
    self$pid <- Sys.getpid()
    Sys.sleep(0.2) # siblings overlap
  }, next_step = "join") |>
  step("join", function(self, inputs) {
    self$saw_sibling <- vapply(inputs, function(i) i$saw_sibling, logical(1))
    self$draws <- vapply(inputs, function(i) i$draw, numeric(1))
    self$pids <- vapply(inputs, function(i) i$pid, integer(1))
  }, join = TRUE, next_step = "greet") |>
  step("greet", function(self) {
    self$greeting <- GREETING
  }, next_step = "end", decorators = list(decorator("environment", vars = list(GREETING = "hello from the decorator")))) |>
  step("end", function(self) {
    cat("siblings seen:", sum(self$saw_sibling), "distinct draws:", length(unique(self$draws)),
        "distinct pids:", length(unique(self$pids)), "greeting:", self$greeting, "\n")
  }) |>
  run_flow()
