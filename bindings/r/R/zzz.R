# library(braid) does not report that braid's step() masks stats::step(): a
# flow file attaches braid to declare steps, and stats::step() stays
# reachable by its full name. library() skips the report when the attached
# package environment holds `.conflicts.OK`, which cannot be exported (R
# drops it from exports), so it is placed there when the package is attached.
.onAttach <- function(libname, pkgname) {
  assign(".conflicts.OK", TRUE, envir = as.environment(paste0("package:", pkgname)))
}
