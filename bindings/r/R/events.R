# Publishing events (docs/triggers.md, "Events"): `braid event publish NAME
# --payload JSON [--from FLOW/RUN/STEP/TASK]`, which prints the new event's
# id alone once it is committed. The name and payload rules are checked here
# too, as the Python client does, so common mistakes fail before a process
# starts; the engine checks everything again.

#' Publish an event
#'
#' Records an event in the store: deployed flows that wait for it
#' ([trigger()]) start when the trigger service (`braid daemon`) sees it.
#' Inside a step, the event records the task that published it.
#'
#' @param name The event's name: 1 to 200 characters, no control
#'   characters; names starting with `braid.` are Braid's own.
#' @param payload `NULL` (an empty payload) or a named list, written as a
#'   JSON object (length-one vectors as scalars): its keys can fill the
#'   parameters of the runs it starts. At most 1 MB of JSON.
#' @return The event's id (a number), once the event is committed, whether
#'   or not the trigger service runs.
#' @section Errors:
#' Signals `braid_error_argument` for a `name` or `payload` of the wrong
#' type, `braid_error_event` for a name the rules refuse or a payload over
#' 1 MB (checked before the engine starts), or with the engine's `message`
#' when the engine refuses the event (nothing is written then),
#' `braid_error_engine_not_found` when there is no engine and
#' `braid_error_engine` when it fails otherwise.
#' @seealso [trigger()], and `current()$trigger` in the runs it starts.
#' @export
#' @examples
#' \dontrun{
#' id <- publish_event("sales_updated", list(day = "2026-12-07", rows = 10L))
#' }
publish_event <- function(name, payload = NULL) {
  assert_string(name, allow_empty = TRUE)
  problem <- event_name_problem(name)
  if (!is.null(problem)) {
    braid_abort(sprintf("event name %s %s.", shown_event_name(name), problem), "braid_error_event", event = name)
  }
  text <- event_payload_json(payload)
  size <- nchar(text, type = "bytes")
  if (size > max_payload_bytes) {
    braid_abort(sprintf("event %s: the payload is %d bytes as JSON; at most %d (1 MB).", name, size, max_payload_bytes),
      "braid_error_event", event = name)
  }
  stdin <- "/dev/null"
  if (size > argument_payload_bytes) {
    stdin <- tempfile("braid-payload-")
    on.exit(unlink(stdin))
    writeBin(charToRaw(text), stdin)
    text <- "-"
  }
  result <- query_engine(find_engine(), publish_arguments(name, text, current()$pathspec), stdin = stdin)
  said <- sub("^(braid: )?[Ee]rror: ", "", trimws(result$stderr))
  if (result$status == 1L && nzchar(said)) {
    braid_abort(said, "braid_error_event", event = name)
  }
  id <- trimws(result$stdout)
  if (result$status != 0L || !grepl("^[0-9]+$", id)) {
    braid_abort(
      sprintf("`braid event publish %s` failed (exit status %d): %s", name, result$status,
        if (nzchar(said)) said else if (nzchar(id)) paste("it printed", substr(id, 1L, 200L), "instead of an event id") else "no message"),
      "braid_error_engine",
      event = name
    )
  }
  as.numeric(id)
}

max_payload_bytes <- 1048576L
#' Larger payloads go through stdin (`--payload -`): Linux keeps one
#' command-line argument under 128 KiB.
#' @noRd
argument_payload_bytes <- 65536L

#' `event publish NAME --payload TEXT [--from TASK]`; a name that starts
#' with `-` comes last, after `--`, so it is not read as an option.
#' @noRd
publish_arguments <- function(name, payload_text, from = NULL) {
  dash <- startsWith(name, "-")
  c(
    "event", "publish", if (!dash) name, "--payload", payload_text,
    if (!is.null(from)) c("--from", from), if (dash) c("--", name)
  )
}

#' The `--payload` JSON of publish_event(): an object, `{}` for NULL.
#' @noRd
event_payload_json <- function(payload) {
  if (is.null(payload) || (is.list(payload) && !is.data.frame(payload) && length(payload) == 0L)) {
    return("{}")
  }
  keys <- names(payload)
  if (!is.list(payload) || is.data.frame(payload) || is.null(keys) || anyNA(keys) || !all(nzchar(keys)) || anyDuplicated(keys)) {
    argument_error("payload", "NULL or a list with a distinct name for each element (a JSON object)", payload)
  }
  text <- tryCatch(
    jsonlite::toJSON(payload, auto_unbox = TRUE, null = "null", na = "null", digits = NA),
    error = function(e) argument_error("payload", sprintf("JSON-safe (%s)", conditionMessage(e)), payload)
  )
  as.character(text)
}
