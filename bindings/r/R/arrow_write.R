# The Arrow IPC file format (Feather v2), written by hand
# (shared/docs/arrow-ipc-notes.md §1-§2, §4.3):
#
#   "ARROW1\0\0" | Schema | DictionaryBatch* | RecordBatch | EOS | Footer | i32 | "ARROW1"
#
# Every message is `ff ff ff ff`, i32 M, the Message flatbuffer padded so
# that 8 + M is a multiple of 8, then the body: buffers back to back, each
# starting on a multiple of 8. The footer lists the blocks (offset,
# metaDataLength = 8 + M, bodyLength) of the dictionary and record batches.

metadata_version_v5 <- 4L
message_header <- c(schema = 1L, dictionary_batch = 2L, record_batch = 3L)

#' Writes columns as one record batch to an Arrow IPC file.
#'
#' The file's bytes are gathered as pieces (headers as raw vectors, body
#' buffers as the R vectors that hold their values) and written by one C
#' call (src/arrow_file_write.c), which copies each vector to the file once.
#'
#' @param path File to write; written to a temporary name beside it and
#'   renamed into place.
#' @param columns List of columns from arrow_column() (field names set).
#' @param nrow Number of rows.
#' @param metadata Named list of schema custom metadata (strings).
#' @noRd
write_arrow_file <- function(path, columns, nrow, metadata = list()) {
  columns <- assign_dictionary_ids(columns)
  fields <- lapply(columns, function(column) column$field)
  schema <- fb_schema_table(fields, metadata)
  if (!dir.exists(dirname(path))) {
    braid_abort(sprintf("cannot write %s: the directory does not exist.", path), "braid_error_persist", path = path)
  }
  schema_message <- message_bytes(message_table(message_header[["schema"]], schema, 0))
  pieces <- list(c(charToRaw("ARROW1"), raw(2L)), schema_message)
  position <- 8 + length(schema_message)
  dictionaries <- list()
  for (column in columns) {
    if (!is.null(column$dictionary)) {
      block <- batch_pieces(position, list(column$dictionary), column$dictionary$length,
        dictionary_id = column$field$dictionary$id
      )
      pieces <- c(pieces, block$pieces)
      dictionaries[[length(dictionaries) + 1L]] <- block
      position <- position + block$length
    }
  }
  batch <- batch_pieces(position, columns, nrow)
  footer <- fb_encode(fb_table(
    fb_field(0L, "i16", metadata_version_v5),
    fb_ref(1L, schema),
    fb_ref(2L, block_structs(dictionaries)),
    fb_ref(3L, block_structs(list(batch)))
  ))
  end <- c(as.raw(c(0xff, 0xff, 0xff, 0xff)), raw(4L), footer, u32_bytes(length(footer)), charToRaw("ARROW1"))
  pieces <- c(pieces, batch$pieces, list(end))
  tmp <- paste0(path, ".tmp-", Sys.getpid())
  on.exit(unlink(tmp))
  write_pieces(tmp, pieces)
  if (!file.rename(tmp, path)) {
    braid_abort(sprintf("could not move the Arrow file into place at %s.", path), "braid_error_persist", path = path)
  }
  on.exit()
  invisible(path)
}

#' Writes pieces (raw vectors and buffers) to a new file at `path`, in order.
#' @noRd
write_pieces <- function(path, pieces) {
  written <- .Call(braid_write_pieces, path, pieces)
  if (is.character(written)) {
    braid_abort(sprintf("could not write the Arrow file %s: %s.", path, written), "braid_error_persist", path = path)
  }
  invisible(written)
}

assign_dictionary_ids <- function(columns) {
  next_id <- 0
  for (i in seq_along(columns)) {
    if (!is.null(columns[[i]]$dictionary)) {
      columns[[i]]$field$dictionary$id <- next_id
      next_id <- next_id + 1
    }
  }
  columns
}

message_table <- function(header_type, header, body_length) {
  fb_table(
    fb_field(0L, "i16", metadata_version_v5),
    fb_field(1L, "u8", header_type),
    fb_ref(2L, header),
    fb_field(3L, "i64", body_length)
  )
}

#' A framed message's metadata: `ff ff ff ff`, M, the flatbuffer padded to
#' make 8 + M a multiple of 8 (its body follows as separate pieces).
#' @noRd
message_bytes <- function(table) {
  flatbuffer <- fb_encode(table)
  flatbuffer <- c(flatbuffer, raw((-length(flatbuffer)) %% 8L))
  c(as.raw(c(0xff, 0xff, 0xff, 0xff)), u32_bytes(length(flatbuffer)), flatbuffer)
}

#' Offsets of buffers in a body: each at a multiple of 8, padded to 8.
#' @noRd
body_layout <- function(buffers) {
  sizes <- vapply(buffers, function(b) as.double(b$size), numeric(1))
  padded <- sizes + (-sizes) %% 8
  offsets <- cumsum(c(0, padded))
  list(
    offsets = offsets[seq_along(sizes)], sizes = sizes, padding = as.integer(padded - sizes),
    body_length = offsets[[length(offsets)]]
  )
}

#' A RecordBatch (or, with `dictionary_id`, a DictionaryBatch) of columns:
#' its pieces (metadata, then each buffer with the padding after it) and its
#' footer Block (offset, metadata, body_length) and length.
#' @noRd
batch_pieces <- function(position, columns, nrow, dictionary_id = NULL) {
  buffers <- do.call(c, c(list(list()), lapply(columns, `[[`, "buffers")))
  layout <- body_layout(buffers)
  nodes <- int64_to_raw(as.vector(rbind(
    vapply(columns, function(column) as.double(column$length), numeric(1)),
    vapply(columns, function(column) as.double(column$null_count), numeric(1))
  )))
  buffer_structs <- int64_to_raw(as.vector(rbind(layout$offsets, layout$sizes)))
  batch <- fb_table(
    fb_field(0L, "i64", nrow),
    fb_ref(1L, fb_structs(nodes, length(columns))),
    fb_ref(2L, fb_structs(buffer_structs, length(buffers)))
  )
  if (is.null(dictionary_id)) {
    table <- message_table(message_header[["record_batch"]], batch, layout$body_length)
  } else {
    dictionary <- fb_table(fb_field(0L, "i64", dictionary_id), fb_ref(1L, batch))
    table <- message_table(message_header[["dictionary_batch"]], dictionary, layout$body_length)
  }
  header <- message_bytes(table)
  for (i in seq_along(buffers)) {
    buffers[[i]]$pad <- layout$padding[[i]]
  }
  list(
    pieces = c(list(header), buffers), offset = position, metadata = length(header),
    body_length = layout$body_length, length = length(header) + layout$body_length
  )
}

block_structs <- function(blocks) {
  bytes <- lapply(blocks, function(block) {
    c(int64_to_raw(block$offset), u32_bytes(block$metadata), raw(4L), int64_to_raw(block$body_length))
  })
  fb_structs(do.call(c, c(list(raw(0L)), bytes)), length(blocks))
}
