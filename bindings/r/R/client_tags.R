# Changing a run's user tags from the client API (see flow_client()): each
# call changes the store at once (`braid tag`) and the run object sees it.

#' Applies `braid tag VERB RUN ...` and keeps the tags the engine reports.
#' @noRd
change_tags <- function(run, verb, options = character(), tags = character()) {
  pathspec <- .subset2(run, "pathspec")
  answer <- engine_json(c("tag", verb, pathspec, "--json", options), paste("braid tag", verb, pathspec),
    class = "braid_error_tag", trailing = if (length(tags)) c("--", tags) else character()
  )
  cache <- .subset2(run, "cache")
  cache$tags <- list(user_tags = answer$user_tags, system_tags = answer$system_tags)
  invisible(run)
}

#' The run functions that change tags, as `$` gives them.
#' @noRd
tag_methods <- function(run) {
  list(
    add_tag = function(tag) {
      assert_string(tag)
      change_tags(run, "add", tags = tag)
    },
    add_tags = function(tags) {
      assert_character(tags)
      change_tags(run, "add", tags = tags)
    },
    remove_tag = function(tag) {
      assert_string(tag)
      change_tags(run, "remove", tags = tag)
    },
    remove_tags = function(tags) {
      assert_character(tags)
      change_tags(run, "remove", tags = tags)
    },
    replace_tag = function(old, new) {
      assert_string(old)
      assert_string(new)
      change_tags(run, "replace", options = c(paste0("--remove=", old), paste0("--add=", new)))
    },
    replace_tags = function(old, new) {
      assert_character(old)
      assert_character(new)
      change_tags(run, "replace", options = c(paste0("--remove=", old), paste0("--add=", new)))
    }
  )
}

#' A tag field: what the last change reported, else the run's record.
#' @noRd
run_tags <- function(x, name) {
  changed <- .subset2(x, "cache")$tags
  unlist(if (is.null(changed)) run_field(x, name) else changed[[name]]) %||% character()
}
