test_that("attaching braid does not report that step() masks stats::step()", {
  out <- run_rscript(c("-e", shQuote("library(stats); library(braid); cat(exists('.conflicts.OK', 'package:braid'))")))
  expect_identical(out$stdout, "TRUE")
  expect_false(grepl("masked", out$stderr))
})
