# Reading Arrow IPC files (and streams) by hand
# (shared/docs/arrow-ipc-notes.md §1-§2 and its reader checklist).
#
# A file is read through its footer: the schema comes from the footer, then
# every dictionary batch, then every record batch, each found by its Block.
# A stream (no "ARROW1" magic) is read message by message. Message framing
# may be the current one (`ff ff ff ff`, M) or the legacy one (M alone).
# The file is mapped into memory once (src/arrow_map.c): metadata is read
# from the map as small raw vectors, and each buffer is copied or decoded
# from the map into its R vector in C, with no connection or raw vector in
# between.

#' Reads an Arrow IPC file or stream.
#'
#' @param path The file.
#' @param col_select Names of the columns to decode (default: all); the others
#'   are skipped, so a file with unsupported types can be read in part.
#' @return list(fields, metadata, columns = named list of R vectors, nrow).
#' @noRd
read_arrow_file <- function(path, col_select = NULL) {
  reader <- tryCatch(open_reader(path, populate = is.null(col_select)), braid_error_arrow = function(e) { # a part is read page by page
    if (!file.exists(path)) {
      braid_abort(sprintf("the Arrow file %s does not exist.", path), "braid_error_arrow", path = path)
    }
    stop(e)
  })
  on.exit(close_reader(reader))
  result <- withCallingHandlers(
    if (has_file_magic(reader)) {
      read_ipc_file(reader, col_select)
    } else {
      read_ipc_stream(reader, col_select)
    },
    braid_error_arrow = function(e) {
      if (is.null(e$path)) {
        e$message <- sprintf("%s (in %s)", sub("\\.$", "", conditionMessage(e)), path)
        e$path <- path
        stop(e)
      }
    }
  )
  result
}

#' The schema (fields and custom metadata) of an Arrow IPC file, without its data.
#' @noRd
read_arrow_schema <- function(path) {
  reader <- open_reader(path, populate = FALSE)
  on.exit(close_reader(reader))
  if (has_file_magic(reader)) {
    return(decode_schema(fb_get_table(read_footer(reader), 1L)))
  }
  message <- read_message_at(reader, 0)
  if (is.null(message) || message$header_type != message_header[["schema"]]) {
    arrow_corrupt("no schema message found")
  }
  decode_schema(message$header)
}

#' The file mapped into memory: list(map, size, path). `populate`: fault
#' every page in at once, for a read of the whole file.
#' @noRd
open_reader <- function(path, populate) {
  map <- .Call(braid_map_open, path, populate)
  if (is.character(map)) {
    braid_abort(sprintf("cannot read the Arrow file %s: %s.", path, map), "braid_error_arrow", path = path)
  }
  list(map = map, size = .Call(braid_map_size, map), path = path)
}

close_reader <- function(reader) {
  .Call(braid_map_close, reader$map)
}

#' `n` bytes at `offset` of the file, as a raw vector.
#' @noRd
reader_bytes <- function(reader, offset, n) {
  .Call(braid_map_bytes, reader$map, offset, n)
}

reader_int32 <- function(reader, offset) {
  readBin(reader_bytes(reader, offset, 4), "integer", 1L, size = 4L, endian = "little")
}

has_file_magic <- function(reader) {
  reader$size >= 6 && identical(reader_bytes(reader, 0, 6), charToRaw("ARROW1"))
}

read_footer <- function(reader) {
  fb_root(footer_bytes(reader))
}

footer_bytes <- function(reader) {
  size <- reader$size
  if (size < 18) {
    arrow_corrupt("the file is too short to be an Arrow IPC file")
  }
  footer_length <- reader_int32(reader, size - 10)
  if (!identical(reader_bytes(reader, size - 6, 6), charToRaw("ARROW1"))) {
    arrow_corrupt("the file does not end with the ARROW1 magic")
  }
  if (footer_length <= 0L || footer_length > size - 18) {
    arrow_corrupt(sprintf("the footer length %d does not fit in the file", footer_length))
  }
  reader_bytes(reader, size - 10 - footer_length, footer_length)
}

read_ipc_file <- function(reader, col_select) {
  bytes <- footer_bytes(reader)
  plan <- memo_decode("footer", bytes, function() {
    footer <- fb_root(bytes)
    schema_table <- fb_get_table(footer, 1L)
    if (is.null(schema_table)) {
      arrow_corrupt("the footer has no schema")
    }
    schema <- decode_schema(schema_table)
    # `all`: every column checked once (NULL when one cannot be read: a whole read then says which).
    all <- tryCatch(selected_columns(schema, NULL), braid_error_arrow = function(e) NULL)
    list(schema = schema, all = all, dictionaries = read_blocks(footer, 2L), batches = read_blocks(footer, 3L))
  })
  state <- if (is.null(col_select) && !is.null(plan$all)) new_read_state(plan$schema, NULL, plan$all) else new_read_state(plan$schema, col_select)
  for (block in plan$dictionaries) {
    read_dictionary_batch(reader, state, read_message_at(reader, block$offset))
  }
  for (block in plan$batches) {
    read_record_batch(reader, state, read_message_at(reader, block$offset))
  }
  finish_read_state(state)
}

read_ipc_stream <- function(reader, col_select) {
  position <- 0
  state <- NULL
  while (position < reader$size) {
    message <- read_message_at(reader, position)
    if (is.null(message)) break # end of stream
    position <- message$body_start + message$body_length
    if (message$header_type == message_header[["schema"]]) {
      state <- new_read_state(decode_schema(message$header), col_select)
    } else if (is.null(state)) {
      arrow_corrupt("the stream does not start with a schema message")
    } else if (message$header_type == message_header[["dictionary_batch"]]) {
      read_dictionary_batch(reader, state, message)
    } else if (message$header_type == message_header[["record_batch"]]) {
      read_record_batch(reader, state, message)
    }
  }
  if (is.null(state)) {
    arrow_corrupt("no schema message found: this is not an Arrow IPC file or stream")
  }
  finish_read_state(state)
}

read_blocks <- function(footer, slot) {
  structs <- fb_get_structs(footer, slot, 24L)
  if (structs$n == 0L) {
    return(list())
  }
  lapply(seq_len(structs$n) - 1L, function(i) {
    list(offset = raw_to_int64(structs$bytes[24L * i + 1:8]))
  })
}

#' Reads the framed message at `position`: NULL at end of stream.
#' @noRd
read_message_at <- function(reader, position) {
  if (position + 4 > reader$size) {
    return(NULL)
  }
  first <- reader_int32(reader, position)
  if (first == -1L) {
    if (position + 8 > reader$size) {
      return(NULL)
    }
    length <- reader_int32(reader, position + 4)
    prefix <- 8
  } else {
    length <- first # legacy framing (before Arrow 0.15): the length alone
    prefix <- 4
  }
  if (length == 0L) {
    return(NULL)
  }
  if (length < 0L || position + prefix + length > reader$size) {
    arrow_corrupt(sprintf("the message at offset %.0f has an invalid metadata length %d", position, length))
  }
  bytes <- reader_bytes(reader, position + prefix, length)
  decoded <- memo_decode("message", bytes, function() {
    message <- fb_root(bytes)
    version <- fb_get(message, 0L, "i16", 0L)
    if (version < 3L) {
      arrow_corrupt(sprintf("metadata version V%d is too old (V4 or later is needed)", version + 1L))
    }
    list(header_type = fb_get(message, 1L, "u8", 0L), header = fb_get_table(message, 2L), body_length = fb_get(message, 3L, "i64", 0))
  })
  body_start <- position + prefix + length
  if (body_start + decoded$body_length > reader$size) {
    arrow_corrupt(sprintf("the body of the message at offset %.0f runs past the end of the file", position))
  }
  list(
    header_type = decoded$header_type, header = decoded$header, bytes = bytes,
    body_start = body_start, body_length = decoded$body_length
  )
}

new_read_state <- function(schema, col_select, selected = selected_columns(schema, col_select)) {
  state <- new.env(parent = emptyenv())
  state$schema <- schema
  state$selected <- selected
  state$parts <- vector("list", length(selected))
  state$dictionaries <- list()
  state$nrow <- 0
  state
}

#' Which columns a read decodes: all, or `col_select`; each must be one R can read.
#' @noRd
selected_columns <- function(schema, col_select) {
  names <- vapply(schema$fields, `[[`, character(1), "name")
  missing <- setdiff(col_select, names)
  if (length(missing)) {
    braid_abort(sprintf("the Arrow file has no column %s.", enumerate(missing)), "braid_error_arrow")
  }
  selected <- if (is.null(col_select)) rep(TRUE, length(names)) else names %in% col_select
  unsupported <- vapply(schema$fields[selected], function(f) !is_supported_field(f), logical(1))
  if (any(unsupported)) {
    bad <- schema$fields[selected][unsupported]
    braid_abort(
      sprintf(
        "column %s of type %s cannot be read into R by braid (supported: integers, floats, bool, strings, binary, dictionaries of strings, dates, times, timestamps, durations, null).",
        enumerate(vapply(bad, `[[`, character(1), "name")),
        enumerate(vapply(bad, function(f) arrow_type_name(f$type), character(1)), quote = FALSE)
      ),
      "braid_error_arrow"
    )
  }
  selected
}

read_record_batch <- function(reader, state, message) {
  batch <- batch_cursor(reader, message)
  fields <- state$schema$fields
  for (i in seq_along(fields)) {
    if (state$selected[[i]]) {
      part <- read_column(batch, fields[[i]])
      state$parts[[i]] <- c(state$parts[[i]], list(part))
    } else {
      skip_column(batch, fields[[i]])
    }
  }
  state$nrow <- state$nrow + batch$length
}

read_dictionary_batch <- function(reader, state, message) {
  header <- message$header
  id <- fb_get(header, 0L, "i64", 0)
  field <- find_dictionary_field(state$schema$fields, id)
  if (is.null(field)) {
    arrow_corrupt(sprintf("a dictionary batch has id %.0f, which no field uses", id))
  }
  data <- fb_get_table(header, 1L)
  if (is.null(data)) {
    arrow_corrupt("a dictionary batch has no data")
  }
  batch <- batch_cursor(reader, list(header = data, body_start = message$body_start, body_length = message$body_length))
  value_field <- field
  value_field$dictionary <- NULL
  values <- finish_column(value_field, list(read_column(batch, value_field)), list())
  key <- format(id, scientific = FALSE)
  if (fb_get(header, 2L, "bool", FALSE) && !is.null(state$dictionaries[[key]])) {
    values <- c(state$dictionaries[[key]], values) # a delta appends
  }
  state$dictionaries[[key]] <- values
}

find_dictionary_field <- function(fields, id) {
  for (field in fields) {
    if (!is.null(field$dictionary) && field$dictionary$id == id) {
      return(field)
    }
    found <- find_dictionary_field(field$children, id)
    if (!is.null(found)) {
      return(found)
    }
  }
  NULL
}

finish_read_state <- function(state) {
  fields <- state$schema$fields[state$selected]
  parts <- state$parts[state$selected]
  columns <- lapply(seq_along(fields), function(i) {
    finish_column(fields[[i]], parts[[i]], state$dictionaries)
  })
  names(columns) <- vapply(fields, `[[`, character(1), "name")
  list(fields = fields, metadata = state$schema$metadata, columns = columns, nrow = state$nrow)
}

arrow_corrupt <- function(detail) {
  braid_abort(paste0("malformed Arrow IPC data: ", detail, "."), "braid_error_arrow")
}
