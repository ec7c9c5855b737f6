library(testthat)
library(braid)

test_check("braid")
