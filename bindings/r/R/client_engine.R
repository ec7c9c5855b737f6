# Engine commands of the client API besides `braid api get` (`braid code`,
# `braid tag`), run in the current namespace and answered in JSON.

#' The namespace options every query passes.
#' @noRd
namespace_args <- function() {
  ns <- get_namespace()
  if (is.null(ns)) "--all" else c("--namespace", ns)
}

#' Runs `braid ARGS... NAMESPACE TRAILING...` and parses the JSON object it prints.
#'
#' An answer `{"error": ...}` signals `braid_error_not_found` when its kind is
#' `not_found` (or missing), else a condition of class `class`.
#' @noRd
engine_json <- function(args, what, class = "braid_error_engine", trailing = character()) {
  result <- query_engine(find_engine(), c(args, namespace_args(), trailing))
  answer <- if (nzchar(trimws(result$stdout))) {
    tryCatch(jsonlite::fromJSON(result$stdout, simplifyVector = FALSE), error = function(e) {
      braid_abort(sprintf("the engine answered `%s` with something that is not JSON: %s", what, substr(result$stdout, 1L, 200L)),
        "braid_error_engine")
    })
  } else {
    list()
  }
  if (!is.null(answer$error)) {
    kind <- answer$kind %||% "not_found"
    braid_abort(answer$error, if (identical(kind, "not_found")) c("braid_error_not_found", "braid_error_engine") else class)
  }
  if (result$status != 0L) {
    braid_abort(sprintf("`%s` failed (exit status %d): %s", what, result$status, if (nzchar(result$stderr)) result$stderr else "no message"),
      "braid_error_engine")
  }
  answer
}
