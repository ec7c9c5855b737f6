test_that("tables are built front to back: vtable just before an 8-aligned table", {
  node <- braid:::fb_table(
    braid:::fb_field(0L, "i16", 4L),
    braid:::fb_field(1L, "u8", 3L),
    braid:::fb_field(3L, "i64", 2^40 + 7),
    braid:::fb_ref(2L, braid:::fb_string("hello"))
  )
  bytes <- braid:::fb_encode(node)
  root <- braid:::fb_root(bytes)
  expect_identical(root$pos %% 8L, 0L)
  expect_identical(root$vtable + root$vtable_size, root$pos)
  expect_identical(braid:::fb_get(root, 0L, "i16", 0L), 4L)
  expect_identical(braid:::fb_get(root, 1L, "u8", 0L), 3L)
  expect_identical(braid:::fb_get(root, 3L, "i64", 0), 2^40 + 7)
  expect_identical(braid:::fb_get_string(root, 2L), "hello")
  # i64 fields sit on multiples of 8, strings end with NUL
  expect_identical(braid:::fb_slot(root, 3L) %% 8L, 0L)
  string_at <- braid:::fb_deref(bytes, braid:::fb_slot(root, 2L))
  expect_identical(bytes[string_at + 4L + 5L + 1L], as.raw(0))
})

test_that("absent fields read as their defaults, also past a short vtable", {
  root <- braid:::fb_root(braid:::fb_encode(braid:::fb_table(braid:::fb_field(0L, "i32", 9L))))
  expect_identical(braid:::fb_get(root, 0L, "i32", 0L), 9L)
  expect_identical(braid:::fb_get(root, 5L, "i16", 1L), 1L)
  expect_null(braid:::fb_get_string(root, 2L))
  expect_identical(braid:::fb_get_tables(root, 1L), list())
})

test_that("vectors of tables and of structs round trip", {
  node <- braid:::fb_table(
    braid:::fb_ref(0L, braid:::fb_tables(lapply(1:3, function(i) braid:::fb_table(braid:::fb_field(0L, "i32", i))))),
    braid:::fb_ref(1L, braid:::fb_structs(braid:::int64_to_raw(c(1, 2, 3, 4)), 2L))
  )
  root <- braid:::fb_root(braid:::fb_encode(node))
  items <- braid:::fb_get_tables(root, 0L)
  expect_identical(vapply(items, braid:::fb_get, integer(1), 0L, "i32", 0L), 1:3)
  structs <- braid:::fb_get_structs(root, 1L, 16L)
  expect_identical(structs$n, 2L)
  expect_identical(braid:::raw_to_int64(structs$bytes), c(1, 2, 3, 4))
  expect_identical(braid:::fb_slot(root, 1L) %% 4L, 0L)
})

test_that("reading outside the buffer is a classed error", {
  expect_error(braid:::fb_root(as.raw(c(0x40, 0, 0, 0))), class = "braid_error_arrow")
})
