# The checks of trigger(), trigger_on_finish() and schedule() that R can make
# when the flow is declared (docs/triggers.md, "How triggers combine"). Each
# error names the call and its line, found by parsing the flow file again
# (source.R); the engine checks again at deploy, with cron syntax, time
# zones and cycles among deployed flows.

#' Where a trigger call is: its verb and its rank among the flow's calls of
#' that verb (for its line), and later the name that identifies it.
#' @noRd
trigger_site <- function(flow, verb) {
  index <- 1L + sum(vapply(flow$triggers, function(t) identical(t$site$verb, verb), logical(1)))
  list(file = flow$file, verb = verb, index = index, name = NULL)
}

site_line <- function(site) {
  if (is.na(site$file)) NA_integer_ else trigger_line(site$file, site$verb, site$index, site$name)
}

#' `flow.R:12`, `flow.R` without the line, "" without the file.
#' @noRd
site_where <- function(site) {
  if (is.na(site$file)) {
    return("")
  }
  line <- site_line(site)
  paste0(basename(site$file), if (is.na(line)) "" else paste0(":", line))
}

#' `trigger() (in flow.R:12)`.
#' @noRd
site_text <- function(site) {
  where <- site_where(site)
  paste0(site$verb, "()", if (nzchar(where)) sprintf(" (in %s)", where) else "")
}

trigger_error <- function(site, message) {
  braid_abort(paste0(site_text(site), ": ", message), c("braid_error_trigger", "braid_error_flow"), verb = site$verb)
}

#' One event: a name, or list(name = ..., parameters = ...).
#' @noRd
as_event <- function(x, arg) {
  if (is.character(x) && length(x) == 1L && !is.na(x)) {
    return(list(name = x, parameters = NULL))
  }
  keys <- names(x)
  name <- if (is.list(x) && !is.null(keys)) x[["name"]]
  if (is.character(name) && length(name) == 1L && !is.na(name) && all(keys %in% c("name", "parameters"))) {
    return(list(name = name, parameters = event_parameters(x[["parameters"]], arg)))
  }
  several <- if (arg == "event") " (several events, all needed, go in `events`)" else ""
  argument_error(arg, paste0("an event name or list(name = ..., parameters = ...)", several), x)
}

#' `events`: a character vector, or a list of names and lists (one such list alone is one event).
#' @noRd
as_event_list <- function(events) {
  if (is.list(events) && !is.null(events[["name"]])) {
    return(list(as_event(events, "events")))
  }
  if (is.character(events) && length(events) && !anyNA(events)) {
    return(lapply(unname(events), as_event, "events"))
  }
  if (is.list(events) && length(events)) {
    return(lapply(seq_along(events), function(i) as_event(events[[i]], sprintf("events[[%d]]", i))))
  }
  argument_error("events", "a character vector of event names, or a list of names and list(name = ..., parameters = ...)", events)
}

#' An event's `parameters`: NULL (the implicit fill), or the map parameter -> payload field.
#'
#' A named list or character vector maps; an unnamed one (`c("alpha")`) maps
#' each parameter to the payload field of the same name.
#' @noRd
event_parameters <- function(x, arg) {
  if (is.null(x)) {
    return(NULL)
  }
  arg <- paste0(arg, "$parameters")
  strings <- if (is.list(x)) all(vapply(x, function(v) is.character(v) && length(v) == 1L && !is.na(v), logical(1))) else is.character(x) && !anyNA(x)
  if (!strings || any(!nzchar(unlist(x)))) {
    argument_error(arg, "a named list of payload field names (parameter = \"field\") or a character vector of parameter names", x)
  }
  fields <- as.character(unlist(x, use.names = FALSE))
  keys <- names(x) %||% rep("", length(fields))
  unnamed <- is.na(keys) | !nzchar(keys)
  keys[unnamed] <- fields[unnamed]
  bad <- keys[!is_identifier(keys)]
  if (length(bad)) {
    braid_abort(
      sprintf("`%s` maps parameters (letters, digits and `_`) to payload fields; `%s` is not a parameter name.", arg, bad[[1L]]),
      "braid_error_argument",
      argument = arg
    )
  }
  structure(as.list(fields), names = keys)
}

#' What is wrong with an event name, as the end of a sentence, or NULL: names
#' are 1-200 characters, with no control characters and no leading or
#' trailing space; `braid.` names are Braid's own (`braid_allowed` for `run
#' --trigger-event`, which may play one).
#' @noRd
event_name_problem <- function(name, braid_allowed = FALSE) {
  if (!nzchar(name)) {
    "is empty"
  } else if (nchar(name) > 200L) {
    sprintf("is %d characters long; at most 200", nchar(name))
  } else if (grepl("[[:cntrl:]]", name)) {
    "has a control character; use printable characters"
  } else if (grepl("^\\s|\\s$", name)) {
    "starts or ends with a space"
  } else if (!braid_allowed && startsWith(name, "braid.")) {
    "starts with `braid.`, which Braid keeps for its own events"
  }
}

#' An event name for messages: quoted, escaped, cut after 60 characters.
#' @noRd
shown_event_name <- function(name) {
  if (nchar(name) > 60L) name <- paste0(substr(name, 1L, 60L), "...")
  encodeString(name, quote = "\"")
}

check_event_name <- function(site, name) {
  problem <- event_name_problem(name)
  if (!is.null(problem)) {
    hint <- if (startsWith(name, "braid.")) "; to start when another flow's run succeeds, use trigger_on_finish()" else ""
    trigger_error(site, sprintf("event name %s %s%s.", shown_event_name(name), problem, hint))
  }
  invisible()
}

check_unique_names <- function(site, names, what, arg) {
  twice <- names[duplicated(names)]
  if (length(twice)) {
    trigger_error(site, sprintf("%s `%s` is listed twice in `%s`; list each once.", what, twice[[1L]], arg))
  }
  invisible()
}

#' A parameter may be filled by one explicit mapping per condition.
#' @noRd
check_mapped_once <- function(site, events) {
  mapped <- unlist(lapply(events, function(e) {
    structure(rep(e$name, length(e$parameters)), names = names(e$parameters))
  }))
  twice <- names(mapped)[duplicated(names(mapped))]
  if (length(twice)) {
    by <- unique(mapped[names(mapped) == twice[[1L]]])
    trigger_error(site, sprintf(
      "parameter `%s` is mapped twice (by %s); map each parameter once per condition.",
      twice[[1L]], if (length(by) == 1L) paste0("event `", by, "`") else paste("events", enumerate(by))
    ))
  }
  invisible()
}

#' Upstream flow names: flow names (letters, digits and `_`, starting with a letter).
#' @noRd
upstream_names <- function(x, arg, single = FALSE) {
  if (single) assert_string(x, arg) else assert_character(x, arg)
  if (!length(x)) {
    argument_error(arg, "one or more flow names", x)
  }
  bad <- x[!grepl("^[A-Za-z][A-Za-z0-9_]*$", x)]
  if (length(bad)) {
    braid_abort(
      sprintf("`%s` must name flows: letters, digits and `_`, starting with a letter; got \"%s\".", arg, bad[[1L]]),
      "braid_error_argument",
      argument = arg
    )
  }
  unname(x)
}

#' An event (or upstream flow) belongs to one condition only.
#' @noRd
check_not_in <- function(site, condition, other) {
  key <- c(event = "events", run_finished = "flows", table = "tables")[condition$kind]
  if (is.na(key) || !identical(condition$kind, other$kind)) {
    return(invisible())
  }
  names_of <- function(c) if (key == "events") vapply(c$events, `[[`, character(1), "name") else c[[key]]
  shared <- intersect(names_of(condition), names_of(other))
  if (length(shared)) {
    what <- c(events = "event", flows = "upstream flow", tables = "table")[[key]]
    trigger_error(site, sprintf(
      "%s `%s` is already in %s; each %s may be in one condition only (which one would it satisfy?).",
      what, shared[[1L]], site_text(other$site), c(events = "event name", flows = "upstream flow", tables = "table")[[key]]
    ))
  }
  invisible()
}
