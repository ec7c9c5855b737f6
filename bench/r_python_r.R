# The R legs of bench/r_python_r.py: a data.frame made in R, written as a
# braid artifact; the artifact a Python step stored, read back and checked.
# Prints one JSON line of timings (seconds, wall clock, the artifact call only).
#
#   Rscript bench/r_python_r.R write ROWS PATH
#   Rscript bench/r_python_r.R read ROWS PATH
library(braid)

make_frame <- function(n) {
  i <- seq_len(n)
  data.frame(
    int = ifelse(i %% 97L == 0L, NA_integer_, i),
    dbl = ifelse(i %% 89L == 0L, NA, i / 7),
    chr = ifelse(i %% 83L == 0L, NA_character_, paste0("item-", i %% 1000L)),
    lgl = ifelse(i %% 79L == 0L, NA, i %% 2L == 0L),
    fct = factor(c("north", "south", "east", "west", NA)[i %% 5L + 1L], levels = c("north", "south", "east", "west")),
    stringsAsFactors = FALSE
  )
}

elapsed <- function(expr) {
  start <- proc.time()[["elapsed"]]
  force(expr)
  proc.time()[["elapsed"]] - start
}

args <- commandArgs(trailingOnly = TRUE)
rows <- as.integer(args[[2L]])
path <- args[[3L]]
frame <- make_frame(rows)
if (args[[1L]] == "write") {
  seconds <- elapsed(write_artifact(frame, path))
  cat(jsonlite::toJSON(list(write = seconds), auto_unbox = TRUE, digits = NA), "\n")
} else {
  back <- NULL
  seconds <- elapsed(back <- read_artifact(path))
  cat(jsonlite::toJSON(list(read = seconds, identical = identical(back, frame)), auto_unbox = TRUE, digits = NA), "\n")
}
