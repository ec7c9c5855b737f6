# R -> Python -> R: frames go to a Python step, are copied there as pandas
# DataFrames, stored again, and must come back identical().
library(braid)

make_frames <- function() {
  typed <- data.frame(
    num = c(1.5, NA, -2.25, 1e300),
    int = c(1L, NA, -3L, 2147483647L),
    lgl = c(TRUE, NA, FALSE, TRUE),
    chr = c("a", NA, "\u00e9t\u00e9", ""),
    fct = factor(c("lo", NA, "hi", "lo"), levels = c("lo", "hi", "unused")),
    ord = factor(c("s", "m", NA, "l"), levels = c("s", "m", "l"), ordered = TRUE),
    day = as.Date(c("2024-01-01", NA, "1969-12-31", "2000-02-29")),
    at = as.POSIXct(c("2024-01-01 12:00:00", NA, "1970-01-01 00:00:00", "2030-06-30 23:59:59"), tz = "Europe/Paris"),
    stringsAsFactors = FALSE
  )
  rownames(typed) <- c("r1", "r2", "r3", "r4")
  # Zero rows: no values for pandas to infer a type from (an empty Date or
  # character column), and a factor's levels live only in the dictionary.
  unnamed <- typed
  rownames(unnamed) <- NULL
  list(
    typed = typed, typed_empty = typed[0, ], unnamed_empty = unnamed[0, ], all_missing = typed[c(2, 2), ],
    mtcars = mtcars, mtcars_empty = mtcars[0, ], iris = iris, airquality = airquality, chickwts = chickwts
  )
}

flow("RoundTripFlowR") |>
  step("start", function(self) {
    self$frames <- names(make_frames())
    for (name in names(make_frames())) self[[name]] <- make_frames()[[name]]
  }, next_step = "copy") |>
  py_step("copy", file = "roundtrip_copy.py", fn = "copy_frames", next_step = "check") |>
  step("check", function(self) {
    originals <- make_frames()
    for (name in names(originals)) {
      back <- self[[paste0(name, "_copy")]]
      if (!identical(back, originals[[name]])) {
        stop("frame '", name, "' changed on its way through Python:\n",
             paste(capture.output(str(back)), collapse = "\n"))
      }
    }
    self$checked <- length(originals)
    cat("identical after R -> Python -> R:", paste(names(originals), collapse = ", "), "\n")
  }, next_step = "end") |>
  step("end", function(self) cat("checked", self$checked, "frames\n")) |>
  run_flow()
