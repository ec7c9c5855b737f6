# Decoded Arrow metadata kept by its bytes. Reading the flatbuffers of a
# file's footer and record-batch headers in R costs ~0.3 ms a file, and the
# client API reads thousands of small artifact files whose metadata bytes
# are the same (one scalar `y` per task of a foreach): a footer or header
# seen recently is decoded once and its result reused. Only small metadata
# is kept: the `memo_capacity` most recent of each kind.

memo_capacity <- 8L

#' `decode()`'s result for these bytes, reused while they are among the
#' most recent of their kind; a hit needs identical bytes (a C comparison).
#' @noRd
memo_decode <- function(kind, bytes, decode) {
  if (length(bytes) > 4096L) {
    return(decode())
  }
  entries <- braid_state$arrow_memo[[kind]]
  for (entry in entries) {
    if (identical(entry[[1L]], bytes)) {
      return(entry[[2L]])
    }
  }
  value <- decode()
  kept <- c(list(list(bytes, value)), entries)
  braid_state$arrow_memo[[kind]] <- kept[seq_len(min(length(kept), memo_capacity))]
  value
}
