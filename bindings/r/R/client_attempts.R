# A task's attempts in the client API: `task$attempts` (see flow_client()).

#' One row per attempt of a task, first to last, from the engine's records.
#'
#' Columns: `attempt` (0, then retries), `status`, `started_at` and
#' `finished_at` (POSIXct, UTC), `duration` (seconds; `NA` while running),
#' `exit_status` and `signal` (`NA` when not applicable), `signal_name`,
#' `error_type` and `error` (the failure's type and message; `NA` when the
#' attempt did not fail), `stdout_path` and `stderr_path` (its logs).
#' @noRd
attempts_frame <- function(records) {
  column <- function(name, type, convert = identity) {
    missing <- type
    missing[] <- NA # an NA of the column's own type, as vapply() requires
    vapply(records, function(r) if (is.null(r[[name]])) missing else convert(r[[name]]), type)
  }
  failure_field <- function(name) {
    vapply(records, function(r) if (is.null(r$failure) || is.null(r$failure[[name]])) NA_character_ else r$failure[[name]], character(1))
  }
  time_column <- function(name) {
    times <- vapply(records, function(r) if (is.null(r[[name]])) NA_real_ else as.numeric(parse_time(r[[name]])), numeric(1))
    as.POSIXct(times, origin = "1970-01-01", tz = "UTC")
  }
  data.frame(
    attempt = column("attempt", integer(1), as.integer),
    status = column("status", character(1)),
    started_at = time_column("started_at"),
    finished_at = time_column("finished_at"),
    duration = column("duration", numeric(1), as.numeric),
    exit_status = column("exit_status", integer(1), as.integer),
    signal = column("signal", integer(1), as.integer),
    signal_name = column("signal_name", character(1)),
    error_type = failure_field("type"),
    error = failure_field("message"),
    stdout_path = column("stdout_path", character(1)),
    stderr_path = column("stderr_path", character(1)),
    stringsAsFactors = FALSE
  )
}
