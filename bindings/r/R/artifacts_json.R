# The `json` artifact kind for R lists (docs/formats.md): the list as JSON
# text, so a Python step reads it as a dict or list, plus a skeleton of R
# types (schema metadata key "braid.r", ignored by other readers) so that R
# reads back exactly the list it wrote: integer vs double, vector vs list,
# the type of each NA.
#
# A list is JSON-safe when it holds only NULL, JSON-safe lists (no names, or
# unique non-empty names) and plain logical, integer, double (finite or NA)
# and character vectors (valid UTF-8) without attributes. Other lists are
# stored as `rds`.
#
# Skeleton: a leaf is "n" (NULL), "l", "i", "d" or "s" (an atomic vector; its
# length shows in the JSON: a scalar for length one, else an array); a list is
# the array of its elements' skeletons.

#' The skeleton of a JSON-safe list, or NULL when `x` is not one.
#' @noRd
json_skeleton <- function(x) {
  if (is.null(x)) {
    return("n")
  }
  attrs <- names(attributes(x))
  if (is.list(x)) {
    if (!all(attrs %in% "names")) {
      return(NULL)
    }
    keys <- names(x)
    if (!is.null(keys) && (anyNA(keys) || !all(nzchar(keys)) || anyDuplicated(keys) || !all(validUTF8(keys)))) {
      return(NULL)
    }
    children <- lapply(x, json_skeleton)
    if (any(vapply(children, is.null, logical(1)))) {
      return(NULL)
    }
    return(unname(children))
  }
  if (length(attrs)) {
    return(NULL)
  }
  switch(typeof(x),
    logical = "l",
    integer = "i",
    double = if (all(is.finite(x) | (is.na(x) & !is.nan(x)))) "d" else NULL,
    character = if (all(validUTF8(x[!is.na(x)]))) "s" else NULL,
    NULL
  )
}

#' JSON text of a JSON-safe value: length-one vectors as scalars, NA as null,
#' doubles written with a decimal point and enough digits to read back exactly.
#' @noRd
json_encode <- function(x) {
  if (is.null(x)) {
    return("null")
  }
  if (is.list(x)) {
    items <- vapply(x, json_encode, character(1), USE.NAMES = FALSE)
    keys <- names(x)
    if (!is.null(keys) && length(x) == 0L) {
      return("{}")
    }
    if (is.null(keys)) {
      return(paste0("[", paste(items, collapse = ","), "]"))
    }
    keys <- vapply(keys, function(key) as.character(jsonlite::toJSON(key, auto_unbox = TRUE)), character(1))
    return(paste0("{", paste0(keys, ":", items, collapse = ","), "}"))
  }
  atoms <- if (is.double(x)) {
    json_doubles(x)
  } else {
    text <- as.character(jsonlite::toJSON(x, na = "null"))
    if (length(x) == 1L) substr(text, 2L, nchar(text) - 1L) else text
  }
  if (is.double(x) && length(x) != 1L) paste0("[", paste(atoms, collapse = ","), "]") else atoms
}

json_doubles <- function(x) {
  text <- sprintf("%.15g", x)
  inexact <- which(!is.na(x))
  inexact <- inexact[as.numeric(text[inexact]) != x[inexact]]
  text[inexact] <- sprintf("%.17g", x[inexact])
  plain <- !grepl("[.eE]", text)
  text[plain] <- paste0(text[plain], ".0")
  text[is.na(x)] <- "null"
  text
}

#' Rebuilds the R value from parsed JSON (jsonlite, simplifyVector = FALSE) and its skeleton.
#' @noRd
json_restore <- function(parsed, skeleton) {
  if (is.list(skeleton)) {
    out <- lapply(seq_along(skeleton), function(i) json_restore(parsed[[i]], skeleton[[i]]))
    if (!is.null(names(parsed))) {
      names(out) <- names(parsed)
    }
    return(out)
  }
  if (identical(skeleton, "n")) {
    return(NULL)
  }
  values <- if (is.list(parsed)) parsed else list(parsed)
  values[vapply(values, is.null, logical(1))] <- list(NA)
  values <- unlist(values, use.names = FALSE)
  switch(skeleton,
    l = as.logical(values),
    i = as.integer(values),
    d = as.double(values),
    s = {
      out <- as.character(values)
      Encoding(out[!is.na(out)]) <- "UTF-8"
      out
    }
  ) %||% vector(c(l = "logical", i = "integer", d = "double", s = "character")[[skeleton]])
}

#' R value of JSON text written by another language: arrays of scalars become vectors.
#' @noRd
json_decode_foreign <- function(text) {
  jsonlite::fromJSON(text, simplifyVector = TRUE, simplifyDataFrame = FALSE, simplifyMatrix = FALSE)
}
