# Runs the R package's testthat suite and ends with one summary line that
# CI can read: "testthat: N passed, N failed".
results <- as.data.frame(testthat::test_local("bindings/r", reporter = "summary", stop_on_failure = FALSE))
failed <- sum(results$failed) + sum(results$error)
cat(sprintf("testthat: %d passed, %d failed, %d skipped\n",
            sum(results$nb) - sum(results$failed) - sum(results$skipped), failed, sum(results$skipped)))
quit(status = if (failed > 0) 1 else 0)
