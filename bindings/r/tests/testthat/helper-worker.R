# Plays the engine's side of the worker protocol with real pipes: the worker
# runs as `Rscript --vanilla -e 'braid:::worker_main()'` under bash, with
# fd 3 and fd 4 redirected to two named pipes this test process writes and
# reads; its stdout and stderr go to files.

start_worker <- function(env = character()) {
  dir <- new_temp_dir("worker-")
  paths <- list(
    to = file.path(dir, "to_worker"), from = file.path(dir, "from_worker"),
    stdout = file.path(dir, "stdout.txt"), stderr = file.path(dir, "stderr.txt"), status = file.path(dir, "status.txt")
  )
  if (system2("mkfifo", shQuote(c(paths$to, paths$from))) != 0L) stop("mkfifo failed")
  script <- sprintf(
    "exec 3<%s 4>%s; %s --vanilla -e 'braid:::worker_main()' >%s 2>%s; echo $? >%s",
    shQuote(paths$to), shQuote(paths$from), shQuote(rscript()), shQuote(paths$stdout), shQuote(paths$stderr),
    shQuote(paths$status)
  )
  started <- Sys.time()
  system2("bash", c("-c", shQuote(script)), wait = FALSE, env = c(sprintf("R_LIBS=%s", shQuote(child_r_libs())), env))
  worker <- list(
    paths = paths, started = started,
    input = fifo(paths$to, open = "w", blocking = TRUE), # waits for bash to open the pipe as fd 3
    output = fifo(paths$from, open = "r", blocking = FALSE)
  )
  worker$buffer <- new.env()
  worker
}

#' The next line from the worker, parsed; NULL once it exited.
read_worker_message <- function(worker, timeout = 60) {
  deadline <- Sys.time() + timeout
  repeat {
    line <- readLines(worker$output, n = 1L, warn = FALSE, encoding = "UTF-8")
    if (length(line)) {
      return(jsonlite::fromJSON(line, simplifyVector = FALSE))
    }
    if (file.exists(worker$paths$status)) {
      return(NULL)
    }
    if (Sys.time() > deadline) stop("the worker sent nothing for ", timeout, " s; stderr:\n", worker_stderr(worker))
    Sys.sleep(0.01)
  }
}

send_to_worker <- function(worker, msg) {
  text <- as.character(jsonlite::toJSON(msg, auto_unbox = TRUE, null = "null", digits = NA, json_verbatim = TRUE))
  writeLines(text, worker$input)
  flush(worker$input)
}

#' Sends a task and returns every line up to `done` or `error`.
run_worker_task <- function(worker, task) {
  send_to_worker(worker, task)
  lines <- list()
  repeat {
    msg <- read_worker_message(worker)
    if (is.null(msg)) stop("the worker exited during the task; stderr:\n", worker_stderr(worker))
    lines[[length(lines) + 1L]] <- msg
    if (msg$type %in% c("done", "error")) return(lines)
  }
}

#' Closes fd 3 (end of file for the worker) and waits for its exit status.
stop_worker <- function(worker, timeout = 30) {
  try(close(worker$input), silent = TRUE)
  deadline <- Sys.time() + timeout
  while (!file.exists(worker$paths$status) || !length(readLines(worker$paths$status, warn = FALSE))) {
    if (Sys.time() > deadline) stop("the worker did not exit after end of file on fd 3")
    Sys.sleep(0.02)
  }
  try(close(worker$output), silent = TRUE)
  as.integer(readLines(worker$paths$status))
}

worker_stdout <- function(worker) paste(readLines(worker$paths$stdout, warn = FALSE), collapse = "\n")
worker_stderr <- function(worker) paste(readLines(worker$paths$stderr, warn = FALSE), collapse = "\n")

empty_object <- function() structure(list(), names = character())

#' A `task` line (docs/protocol.md) with its own spool directory.
task_message <- function(file, step, artifacts = empty_object(), foreach = NULL, inputs = NULL, join = FALSE,
                         flow = "WorkerFlow", fn = step, parameters = list(rows = 3L, rate = 0.5), extra = list()) {
  spool <- new_temp_dir("spool-")
  c(list(
    type = "task", flow = flow, run_id = "1", step = step, task_id = "7", attempt = 0L,
    pathspec = paste0(flow, "/1/", step, "/7"), file = file, "function" = fn, join = join,
    parameters = parameters, artifacts = artifacts, foreach = foreach, inputs = inputs,
    spool = spool, username = "tester", retry_count = 0L
  ), extra)
}

#' What the engine does with reported artifacts: moves them out of the spool
#' into a store and lists them for the next task.
store_artifacts <- function(lines, store = new_temp_dir("store-"), previous = empty_object()) {
  refs <- previous
  for (msg in lines) {
    if (identical(msg$type, "artifact")) {
      target <- file.path(store, paste0(msg$name, "-", basename(dirname(msg$path)), ".arrow"))
      file.rename(msg$path, target)
      refs[[msg$name]] <- list(path = target, kind = msg$kind, language = msg$language)
    }
  }
  refs
}

message_types <- function(lines) vapply(lines, `[[`, character(1), "type")
