# The flows of the store (Metaflow's `Metaflow().flows`), through `braid api flows`.

#' List the flows with runs in the namespace
#'
#' The R form of Metaflow's `Metaflow().flows`: one row per flow that has
#' runs in the current namespace (see [namespace()]), by name.
#'
#' ```r
#' list_flows()
#' #>           name run_count latest_run_id   latest_created_at
#' #> 1  PricingFlow        12            41 2026-12-08 10:15:02
#' flow_client(list_flows()$name[[1]])
#' ```
#'
#' @return A data frame with columns `name`, `run_count`, `latest_run_id`
#'   and `latest_created_at` (POSIXct, UTC); no rows when there is none.
#' @section Errors:
#' Signals `braid_error_engine_not_found` when there is no engine and
#' `braid_error_engine` when it fails.
#' @family client API
#' @export
list_flows <- function() {
  flows <- api_call(c("api", "flows"), "braid api flows")$flows
  times <- vapply(flows, function(f) as.numeric(parse_time(f$latest_created_at)), numeric(1))
  data.frame(
    name = vapply(flows, function(f) f$name, character(1)),
    run_count = vapply(flows, function(f) as.integer(f$run_count), integer(1)),
    latest_run_id = vapply(flows, function(f) as.character(f$latest_run_id), character(1)),
    latest_created_at = as.POSIXct(times, origin = "1970-01-01", tz = "UTC"),
    stringsAsFactors = FALSE
  )
}
