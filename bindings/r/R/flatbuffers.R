# FlatBuffers, as far as Arrow IPC needs them (shared/docs/arrow-ipc-notes.md §3).
#
# Writing builds front to back (notes §3.3): a table's vtable comes right
# before it, the table starts on a multiple of 8, and its children (strings,
# vectors, sub-tables) follow it, each uoffset patched once the child's
# position is known. Nodes are plain lists made by fb_table(), fb_string(),
# fb_tables() and fb_structs(); fb_encode() turns a root node into bytes.
#
# Reading follows each table's soffset to its vtable every time (vtables may
# be shared, sit before or after the table, or be shorter than the field
# list) and substitutes defaults for absent fields. Positions are 0-based
# offsets into a raw vector holding one flatbuffer.

# ---- building ---------------------------------------------------------------

fb_scalar_sizes <- c(u8 = 1L, bool = 1L, i8 = 1L, i16 = 2L, i32 = 4L, i64 = 8L)

#' A scalar field of a table: slot number, type and value.
#' @noRd
fb_field <- function(slot, type, value) {
  list(slot = slot, size = fb_scalar_sizes[[type]], bytes = fb_scalar_bytes(type, value))
}

#' A field holding a uoffset to a child node (string, vector or table).
#' @noRd
fb_ref <- function(slot, child) {
  list(slot = slot, size = 4L, child = child)
}

fb_table <- function(...) {
  fields <- Filter(Negate(is.null), list(...))
  list(node = "table", fields = fields)
}

fb_string <- function(text) {
  list(node = "string", bytes = charToRaw(enc2utf8(text)))
}

#' A vector of tables (or of strings: any nodes referenced by uoffset).
#' @noRd
fb_tables <- function(nodes) {
  list(node = "tables", items = nodes)
}

#' A vector of structs given as their packed bytes, elements 8-aligned.
#' @noRd
fb_structs <- function(bytes, count) {
  list(node = "structs", bytes = bytes, count = count)
}

fb_scalar_bytes <- function(type, value) {
  switch(type,
    u8 = ,
    i8 = writeBin(as.integer(value), raw(), size = 1L),
    bool = as.raw(isTRUE(value)),
    i16 = writeBin(as.integer(value), raw(), size = 2L, endian = "little"),
    i32 = writeBin(as.integer(value), raw(), size = 4L, endian = "little"),
    i64 = int64_to_raw(value)
  )
}

u32_bytes <- function(x) {
  writeBin(as.integer(x), raw(), size = 4L, endian = "little")
}

u16_bytes <- function(x) {
  writeBin(as.integer(x), raw(), size = 2L, endian = "little")
}

#' Encodes a root table into a flatbuffer (raw vector, not padded).
#' @noRd
fb_encode <- function(root) {
  b <- new.env(parent = emptyenv())
  b$buf <- raw(4L) # the root uoffset, patched below
  root_pos <- fb_write_node(b, root)
  fb_patch(b, 0L, u32_bytes(root_pos))
  b$buf
}

fb_append <- function(b, bytes) {
  b$buf <- c(b$buf, bytes)
}

fb_patch <- function(b, pos, bytes) {
  b$buf[pos + seq_along(bytes)] <- bytes
}

#' Pads with zeros until (position + extra) is a multiple of `align`.
#' @noRd
fb_align <- function(b, align, extra = 0L) {
  gap <- (-(length(b$buf) + extra)) %% align
  if (gap > 0L) {
    fb_append(b, raw(gap))
  }
}

fb_write_node <- function(b, node) {
  switch(node$node,
    table = fb_write_table(b, node),
    string = fb_write_string(b, node),
    tables = fb_write_tables(b, node),
    structs = fb_write_structs(b, node)
  )
}

fb_write_string <- function(b, node) {
  fb_align(b, 4L)
  pos <- length(b$buf)
  fb_append(b, c(u32_bytes(length(node$bytes)), node$bytes, as.raw(0L)))
  pos
}

fb_write_structs <- function(b, node) {
  fb_align(b, 8L, extra = 4L) # elements start on a multiple of 8
  pos <- length(b$buf)
  fb_append(b, c(u32_bytes(node$count), node$bytes))
  pos
}

fb_write_tables <- function(b, node) {
  fb_align(b, 4L)
  pos <- length(b$buf)
  n <- length(node$items)
  fb_append(b, c(u32_bytes(n), raw(4L * n)))
  for (i in seq_len(n)) {
    slot_pos <- pos + 4L * i
    child_pos <- fb_write_node(b, node$items[[i]])
    fb_patch(b, slot_pos, u32_bytes(child_pos - slot_pos))
  }
  pos
}

fb_write_table <- function(b, node) {
  fields <- node$fields
  slots <- vapply(fields, `[[`, integer(1), "slot")
  sizes <- vapply(fields, `[[`, integer(1), "size")
  # Inline layout: soffset at +0, then fields biggest first, each aligned to its size.
  offsets <- integer(length(fields))
  at <- 4L
  for (i in order(-sizes, slots)) {
    at <- at + (-at) %% sizes[[i]]
    offsets[[i]] <- at
    at <- at + sizes[[i]]
  }
  inline_size <- at
  slot_count <- if (length(slots)) max(slots) + 1L else 0L
  vtable <- integer(slot_count)
  vtable[slots + 1L] <- offsets
  vtable_size <- 4L + 2L * slot_count
  # The vtable ends where the table begins, and the table begins on a multiple of 8.
  fb_align(b, 8L, extra = vtable_size)
  fb_append(b, u16_bytes(c(vtable_size, inline_size, vtable)))
  table_pos <- length(b$buf)
  inline <- raw(inline_size)
  inline[1:4] <- u32_bytes(vtable_size) # soffset: table - vtable
  for (i in seq_along(fields)) {
    if (is.null(fields[[i]]$child)) {
      inline[offsets[[i]] + seq_len(sizes[[i]])] <- fields[[i]]$bytes
    }
  }
  fb_append(b, inline)
  for (i in order(slots)) {
    child <- fields[[i]]$child
    if (!is.null(child)) {
      field_pos <- table_pos + offsets[[i]]
      child_pos <- fb_write_node(b, child)
      fb_patch(b, field_pos, u32_bytes(child_pos - field_pos))
    }
  }
  table_pos
}

# ---- reading ----------------------------------------------------------------

fb_read_int <- function(m, pos, size, signed = TRUE) {
  if (pos < 0L || pos + size > length(m)) {
    fb_corrupt(sprintf("a %d-byte field at offset %d lies outside the %d-byte flatbuffer", size, pos, length(m)))
  }
  readBin(m[pos + seq_len(size)], "integer", n = 1L, size = size, signed = signed || size == 4L, endian = "little")
}

fb_read_i64 <- function(m, pos) {
  if (pos < 0L || pos + 8L > length(m)) {
    fb_corrupt(sprintf("an 8-byte field at offset %d lies outside the %d-byte flatbuffer", pos, length(m)))
  }
  raw_to_int64(m[pos + 1:8])
}

fb_corrupt <- function(detail) {
  braid_abort(paste0("malformed Arrow IPC metadata: ", detail, "."), "braid_error_arrow")
}

#' A table handle: the buffer, the table position and its vtable.
#' @noRd
fb_table_at <- function(m, pos) {
  vtable <- pos - fb_read_int(m, pos, 4L)
  vtable_size <- fb_read_int(m, vtable, 2L)
  list(m = m, pos = pos, vtable = vtable, vtable_size = vtable_size)
}

fb_root <- function(m) {
  fb_table_at(m, fb_read_int(m, 0L, 4L))
}

#' Absolute position of a field, or NA when absent.
#' @noRd
fb_slot <- function(t, slot) {
  entry <- 4L + 2L * slot
  if (entry + 2L > t$vtable_size) {
    return(NA_integer_)
  }
  offset <- fb_read_int(t$m, t$vtable + entry, 2L, signed = FALSE)
  if (offset == 0L) NA_integer_ else t$pos + offset
}

fb_get <- function(t, slot, type, default) {
  pos <- fb_slot(t, slot)
  if (is.na(pos)) {
    return(default)
  }
  switch(type,
    u8 = fb_read_int(t$m, pos, 1L, signed = FALSE),
    bool = fb_read_int(t$m, pos, 1L, signed = FALSE) != 0L,
    i8 = fb_read_int(t$m, pos, 1L),
    i16 = fb_read_int(t$m, pos, 2L),
    i32 = fb_read_int(t$m, pos, 4L),
    i64 = fb_read_i64(t$m, pos)
  )
}

#' Follows the uoffset at `pos`.
#' @noRd
fb_deref <- function(m, pos) {
  pos + fb_read_int(m, pos, 4L)
}

fb_get_table <- function(t, slot) {
  pos <- fb_slot(t, slot)
  if (is.na(pos)) NULL else fb_table_at(t$m, fb_deref(t$m, pos))
}

fb_get_string <- function(t, slot) {
  pos <- fb_slot(t, slot)
  if (is.na(pos)) {
    return(NULL)
  }
  fb_string_at(t$m, fb_deref(t$m, pos))
}

fb_string_at <- function(m, pos) {
  n <- fb_read_int(m, pos, 4L)
  if (n == 0L) {
    return("")
  }
  if (pos + 4L + n > length(m)) {
    fb_corrupt(sprintf("a string at offset %d runs past the end of the flatbuffer", pos))
  }
  text <- rawToChar(m[pos + 4L + seq_len(n)])
  Encoding(text) <- "UTF-8"
  text
}

#' A vector field: list(start = position of the first element, n = count).
#' @noRd
fb_get_vector <- function(t, slot) {
  pos <- fb_slot(t, slot)
  if (is.na(pos)) {
    return(NULL)
  }
  start <- fb_deref(t$m, pos)
  list(start = start + 4L, n = fb_read_int(t$m, start, 4L))
}

#' The tables of a vector-of-tables field (empty list when absent).
#' @noRd
fb_get_tables <- function(t, slot) {
  v <- fb_get_vector(t, slot)
  if (is.null(v) || v$n == 0L) {
    return(list())
  }
  lapply(seq_len(v$n) - 1L, function(i) fb_table_at(t$m, fb_deref(t$m, v$start + 4L * i)))
}

#' The packed bytes of a vector-of-structs field (`size` bytes each).
#' @noRd
fb_get_structs <- function(t, slot, size) {
  v <- fb_get_vector(t, slot)
  if (is.null(v) || v$n == 0L) {
    return(list(bytes = raw(0L), n = 0L))
  }
  end <- v$start + v$n * size
  if (end > length(t$m)) {
    fb_corrupt("a vector of structs runs past the end of the flatbuffer")
  }
  list(bytes = t$m[(v$start + 1L):end], n = v$n)
}
