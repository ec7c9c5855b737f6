#' Carry the inputs' artifacts over in a join
#'
#' In a join, `self` starts with only the parameters. `merge_artifacts()`
#' copies every artifact of the `inputs` into `self`, as Metaflow's
#' `merge_artifacts`: an artifact with the same value in every input that has
#' it is copied (by reference to the stored file: nothing is read or
#' rewritten); artifacts the join already set are left alone. An artifact
#' whose value differs between inputs is a conflict: set it in the join
#' first, or leave it out with `exclude`.
#'
#' @param self The join's `self`.
#' @param inputs The join's `inputs`.
#' @param include Names to merge (default: all); each must exist in an input.
#' @param exclude Names not to merge.
#' @return `self`, invisibly.
#' @section Errors:
#' Signals `braid_error_merge` naming every conflicting artifact and the steps
#' it came from, and `braid_error_artifact_missing` for a name in `include`
#' that no input has.
#' @family step API
#' @export
#' @examples
#' \dontrun{
#' step("join", function(self, inputs) {
#'   self$best <- max(sapply(inputs, function(i) i$score))
#'   merge_artifacts(self, inputs, exclude = "score")
#' }, join = TRUE, next_step = "end")
#' }
merge_artifacts <- function(self, inputs, include = NULL, exclude = character()) {
  if (!inherits(self, "braid_self")) {
    argument_error("self", "the `self` of a running step", self)
  }
  if (!is.list(inputs) || !all(vapply(inputs, inherits, logical(1), "braid_self"))) {
    argument_error("inputs", "the `inputs` of a join", inputs)
  }
  ctx <- self_ctx(self)
  if (!is.null(include)) assert_character(include)
  if (length(exclude)) assert_character(exclude)
  candidates <- list()
  for (input in inputs) {
    input_ctx <- self_ctx(input)
    for (name in names(input_ctx$artifacts)) {
      candidates[[name]] <- c(candidates[[name]], list(list(step = input_ctx$step, reference = input_ctx$artifacts[[name]])))
    }
  }
  missing <- setdiff(include, names(candidates))
  if (length(missing)) {
    braid_abort(
      sprintf("join `%s`: merge_artifacts() was asked to include %s, which no input has.", ctx$step, enumerate(missing)),
      c("braid_error_artifact_missing", "braid_error_artifact"),
      step = ctx$step
    )
  }
  names <- setdiff(if (is.null(include)) names(candidates) else include, c(exclude, ctx$order, names(ctx$parameters)))
  conflicts <- character()
  merged <- list()
  for (name in names) {
    paths <- vapply(candidates[[name]], function(c) c$reference$path, character(1))
    if (length(unique(paths)) > 1L) {
      steps <- unique(vapply(candidates[[name]], `[[`, character(1), "step"))
      conflicts <- c(conflicts, sprintf("`%s` (from %s)", name, enumerate(steps, quote = FALSE)))
    } else {
      merged[[name]] <- candidates[[name]][[1L]]$reference
    }
  }
  if (length(conflicts)) {
    braid_abort(
      sprintf(
        "join `%s`: merge_artifacts() found different values for %s; set them in the join first (self$name <- ...) or pass exclude = c(...).",
        ctx$step, enumerate(conflicts, quote = FALSE)
      ),
      c("braid_error_merge", "braid_error_step"),
      step = ctx$step
    )
  }
  ctx$merged[names(merged)] <- merged
  invisible(self)
}
