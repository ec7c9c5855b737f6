# The package's compiled routines (src/): the per-row work of Arrow string
# columns, which R cannot do without looping over rows or copying strings.
#' @useDynLib braid, .registration = TRUE
NULL
