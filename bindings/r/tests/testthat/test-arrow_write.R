test_that("written files follow the framing rules pyarrow enforces", {
  path <- tempfile(fileext = ".arrow")
  write_artifact(data.frame(x = 1:3, f = factor(c("a", "b", "a"))), path)
  bytes <- readBin(path, "raw", file.size(path))
  expect_identical(rawToChar(bytes[1:6]), "ARROW1")
  expect_identical(rawToChar(bytes[length(bytes) - 5:0]), "ARROW1")
  # the schema message: marker, then 8 + M a multiple of 8
  expect_identical(bytes[9:12], as.raw(c(0xff, 0xff, 0xff, 0xff)))
  m <- readBin(bytes[13:16], "integer", size = 4L, endian = "little")
  expect_identical(m %% 8L, 0L)
  footer_length <- readBin(bytes[length(bytes) - 9:6], "integer", size = 4L, endian = "little")
  footer <- braid:::fb_root(bytes[(length(bytes) - 9 - footer_length):(length(bytes) - 10)])
  expect_identical(braid:::fb_get(footer, 0L, "i16", 0L), 4L) # V5
  blocks <- braid:::fb_get_structs(footer, 3L, 24L)
  block <- braid:::raw_to_int64(blocks$bytes[c(1:8, 17:24)])
  expect_identical(block %% 8, c(0, 0))
  expect_identical(braid:::fb_get_structs(footer, 2L, 24L)$n, 1L) # one dictionary
})

test_that("a written file is valid for pyarrow with strict checks, also with zero rows", {
  dir <- new_temp_dir()
  frames <- list(
    small = data.frame(a = c(1L, NA), b = c(NA, "x")),
    zero = data.frame(a = integer(), b = character(), f = factor(character(), levels = "q")),
    wide = as.data.frame(setNames(lapply(1:40, function(i) rnorm(3)), paste0("c", 1:40)))
  )
  paths <- file.path(dir, paste0(names(frames), ".arrow"))
  for (i in seq_along(frames)) write_artifact(frames[[i]], paths[[i]])
  seen <- pyarrow_check(paths)
  expect_identical(seen[[paths[[2]]]]$rows, 0L)
  expect_identical(seen[[paths[[1]]]]$values$b, c("None", "'x'"))
  expect_length(seen[[paths[[3]]]]$types, 40L)
})

test_that("files are written to a temporary name and renamed into place", {
  dir <- new_temp_dir()
  path <- file.path(dir, "x.arrow")
  write_artifact(1:3, path)
  expect_identical(list.files(dir), "x.arrow")
  expect_error(write_artifact(1:3, file.path(dir, "no", "such", "dir.arrow")), "directory does not exist", class = "braid_error_persist")
  expect_identical(list.files(dir), "x.arrow")
})

test_that("body buffers start on multiples of 8", {
  layout <- braid:::body_layout(list(list(size = 1), list(size = 12), list(size = 0), list(size = 8)))
  expect_identical(layout$offsets, c(0, 8, 24, 24))
  expect_identical(layout$body_length, 32)
})

test_that("a 10-million-row data frame crosses R -> file -> R in seconds", {
  skip_on_cran()
  skip_if(identical(Sys.getenv("BRAID_SKIP_SLOW"), "1"), "BRAID_SKIP_SLOW=1")
  n <- 1e7
  i <- seq_len(n)
  df <- data.frame(id = i, value = i / 7, label = paste0("item-", i %% 1000L), flag = i %% 3L == 0L)
  path <- tempfile(fileext = ".arrow")
  on.exit(unlink(path))
  write_time <- system.time(write_artifact(df, path))[["elapsed"]]
  read_time <- system.time(back <- read_artifact(path))[["elapsed"]]
  message(sprintf("10M rows: write %.1f s, read %.1f s, %.0f MB", write_time, read_time, file.size(path) / 1e6))
  expect_identical(back, df)
  expect_lt(write_time + read_time, 60)
})
