# Decoded Arrow metadata kept by its bytes (arrow_memo.R).

test_that("identical bytes are decoded once, other bytes again", {
  calls <- 0L
  decode <- function() {
    calls <<- calls + 1L
    list(calls)
  }
  bytes <- as.raw(c(1, 0, 2, 0, 3))
  first <- braid:::memo_decode("test", bytes, decode)
  expect_identical(braid:::memo_decode("test", as.raw(c(1, 0, 2, 0, 3)), decode), first)
  expect_identical(calls, 1L)
  braid:::memo_decode("test", as.raw(c(1, 0, 2, 0, 4)), decode)
  expect_identical(calls, 2L)
  braid:::memo_decode("other", bytes, decode) # kinds are kept apart
  expect_identical(calls, 3L)
})

test_that("only the most recent entries are kept, and big metadata is not", {
  calls <- 0L
  decode <- function() calls <<- calls + 1L
  for (i in 1:20) braid:::memo_decode("recent", as.raw(i), decode)
  braid:::memo_decode("recent", as.raw(1L), decode) # long gone: decoded again
  expect_identical(calls, 21L)
  big <- as.raw(rep(1L, 5000L))
  braid:::memo_decode("recent", big, decode)
  braid:::memo_decode("recent", big, decode)
  expect_identical(calls, 23L)
})

test_that("files of the same shape read right through the kept metadata", {
  dir <- new_temp_dir("memo-")
  paths <- file.path(dir, paste0("v", 1:3, ".arrow"))
  for (i in 1:3) write_artifact(i * 1.5, paths[[i]])
  expect_identical(vapply(paths, read_artifact, numeric(1), USE.NAMES = FALSE), c(1.5, 3, 4.5))
  write_artifact(c(a = 1L), paths[[1]]) # another shape at the same path
  expect_identical(unname(read_artifact(paths[[1]])), 1L)
})
