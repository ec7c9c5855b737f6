# The worker protocol (docs/protocol.md): JSON lines, one object per line,
# each with a "type". Engine -> worker on fd 3: `task`, `shutdown`.
# Worker -> engine on fd 4: `hello`, `artifact`, `next`, `done`, `error`.

protocol_version <- 1L

#' Worker -> engine lines are at most 1 MiB: long texts are cut to fit.
#' @noRd
max_text_bytes <- 256L * 1024L

#' The `hello` line, sent once when the worker starts.
#' @noRd
msg_hello <- function() {
  list(
    type = "hello", protocol = protocol_version, language = "r",
    language_version = paste(R.version$major, R.version$minor, sep = "."), pid = Sys.getpid()
  )
}

msg_artifact <- function(name, path, kind, type_name) {
  list(type = "artifact", name = name, path = path, kind = kind, language = "r", type_name = type_name)
}

msg_next <- function(steps, foreach = NULL, foreach_count = NULL) {
  msg <- list(type = "next", steps = I(as.character(steps)), foreach = foreach)
  if (!is.null(foreach)) {
    msg$foreach_count <- as.integer(foreach_count)
  }
  msg
}

msg_done <- function() {
  list(type = "done")
}

msg_error <- function(error_type, message, traceback, phase) {
  list(
    type = "error", error_type = error_type, message = truncate_text(message),
    traceback = truncate_text(traceback), phase = phase
  )
}

truncate_text <- function(text) {
  text <- enc2utf8(paste(text, collapse = "\n"))
  if (nchar(text, type = "bytes") <= max_text_bytes) {
    return(text)
  }
  kept <- substr(text, 1L, max_text_bytes %/% 4L)
  paste0(kept, "\n... (cut: the text was ", nchar(text, type = "bytes"), " bytes)")
}

#' One protocol line (no newline): compact JSON, UTF-8.
#' @noRd
encode_message <- function(msg) {
  as.character(jsonlite::toJSON(msg, auto_unbox = TRUE, null = "null", digits = NA))
}

#' Parses an engine line; signals braid_error_protocol for anything that is not a JSON object with a type.
#' @noRd
decode_message <- function(line) {
  msg <- tryCatch(jsonlite::fromJSON(line, simplifyVector = FALSE), error = function(e) NULL)
  if (!is.list(msg) || is.null(names(msg)) || !is.character(msg$type)) {
    braid_abort(
      sprintf("the engine sent a line that is not a JSON object with a \"type\": %s", substr(line, 1L, 200L)),
      "braid_error_protocol"
    )
  }
  msg
}

#' Writes one message as a line and flushes it.
#' @noRd
send_message <- function(con, msg) {
  writeBin(c(charToRaw(encode_message(msg)), as.raw(10L)), con)
  flush(con)
  invisible()
}

#' Reads the next line; NULL at end of file.
#' @noRd
receive_line <- function(con) {
  line <- readLines(con, n = 1L, warn = FALSE, encoding = "UTF-8")
  if (length(line) == 0L) NULL else line
}

#' Opens the protocol file descriptors (BRAID_PROTOCOL_FDS, default 3,4).
#'
#' On Linux, R 4.2 opens an inherited descriptor through /dev/fd/N with
#' file(): pipes need `raw = TRUE` (else R warns and switches to it), and the
#' output is opened for appending ("ab") because "w" would truncate the file
#' if the descriptor were a regular file.
#' @noRd
open_protocol <- function(fds = Sys.getenv("BRAID_PROTOCOL_FDS", "3,4")) {
  numbers <- suppressWarnings(as.integer(strsplit(fds, ",", fixed = TRUE)[[1L]]))
  if (length(numbers) != 2L || anyNA(numbers)) {
    braid_abort(sprintf("BRAID_PROTOCOL_FDS must be two descriptors like \"3,4\", not \"%s\".", fds), "braid_error_protocol")
  }
  list(
    input = file(sprintf("/dev/fd/%d", numbers[[1L]]), open = "rb", raw = TRUE),
    output = file(sprintf("/dev/fd/%d", numbers[[2L]]), open = "ab", raw = TRUE)
  )
}
