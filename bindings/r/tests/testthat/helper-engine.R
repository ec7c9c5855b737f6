# A fake `braid` engine for tests: a shell script that records its arguments
# (one per line) and the spec it was given (a file, or stdin for `--spec -`), prints canned answers for
# `api get PATHSPEC` from JSON files, and exits with FAKE_BRAID_STATUS.

fake_engine <- function(dir = new_temp_dir("fake-engine-")) {
  path <- file.path(dir, "braid")
  writeLines(c(
    "#!/bin/sh",
    "dir=$(dirname \"$0\")",
    "printf '%s\\n' \"$@\" > \"$dir/args.txt\"",
    "env > \"$dir/env.txt\"",
    "prev=''",
    "for a in \"$@\"; do",
    "  if [ \"$prev\" = '--spec' ] && [ \"$a\" = - ]; then cat > \"$dir/spec.json\";",
    "  elif [ \"$prev\" = '--spec' ]; then cp \"$a\" \"$dir/spec.json\"; fi",
    "  prev=$a",
    "done",
    "printf '%s\\n' \"$*\" >> \"$dir/calls.txt\"",
    "if [ \"$1\" = api ]; then",
    "  key=''",
    "  for a in \"$@\"; do case \"$a\" in --namespace|--all) break;; esac; key=\"${key}${a}_\"; done",
    "  answer=\"$dir/api/call_$(printf '%s' \"$key\" | tr '/' '_').json\"",
    "  if [ -f \"$answer\" ]; then cat \"$answer\"; exit 0; fi",
    "  answer=\"$dir/api/$(printf '%s' \"$3\" | tr '/' '_').json\"",
    "  if [ -f \"$answer\" ]; then cat \"$answer\"; exit 0; fi",
    "  printf '{\"error\": \"%s not found\"}\\n' \"$3\"; exit 1",
    "fi",
    "if [ -n \"$FAKE_BRAID_ECHO\" ]; then echo \"fake engine: $1 $2\"; fi",
    "exit ${FAKE_BRAID_STATUS:-0}"
  ), path)
  Sys.chmod(path, "755")
  dir.create(file.path(dir, "api"))
  list(dir = dir, path = path)
}

engine_args <- function(engine) {
  readLines(file.path(engine$dir, "args.txt"))
}

#' Every engine call since the last look (one line of arguments each), then forgets them.
engine_calls <- function(engine) {
  path <- file.path(engine$dir, "calls.txt")
  if (!file.exists(path)) {
    return(character())
  }
  calls <- readLines(path)
  unlink(path)
  calls
}

#' Sets environment variables for the rest of the calling test.
local_env <- function(..., .frame = parent.frame()) {
  values <- c(...)
  old <- Sys.getenv(names(values), unset = NA, names = TRUE)
  do.call(Sys.setenv, as.list(values))
  restore <- function() {
    for (name in names(old)) {
      if (is.na(old[[name]])) Sys.unsetenv(name) else do.call(Sys.setenv, as.list(old[name]))
    }
  }
  do.call(on.exit, list(substitute(restore()), add = TRUE, after = FALSE), envir = .frame) # last set, first restored
  environment(restore) <- environment()
  invisible()
}
