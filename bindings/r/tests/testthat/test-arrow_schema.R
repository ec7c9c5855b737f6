test_that("types have pyarrow's names", {
  name <- function(...) braid:::arrow_type_name(braid:::arrow_type(...))
  expect_identical(name("int", bits = 8L, signed = TRUE), "int8")
  expect_identical(name("int", bits = 64L, signed = FALSE), "uint64")
  expect_identical(name("float", precision = 2L), "double")
  expect_identical(name("date", unit = 0L), "date32[day]")
  expect_identical(name("timestamp", unit = 3L, tz = NULL), "timestamp[ns]")
  expect_identical(name("timestamp", unit = 2L, tz = "Europe/Paris"), "timestamp[us, tz=Europe/Paris]")
  expect_identical(name("large_utf8"), "large_utf8")
})

test_that("a schema encodes and decodes to the same fields and metadata", {
  fields <- list(
    list(name = "i", nullable = TRUE, type = braid:::arrow_type("int", bits = 32L, signed = TRUE)),
    list(name = "t", nullable = TRUE, type = braid:::arrow_type("timestamp", unit = 2L, tz = "UTC")),
    list(name = "d", nullable = FALSE, type = braid:::arrow_type("date", unit = 0L)),
    list(
      name = "f", nullable = TRUE, type = braid:::arrow_type("utf8"),
      dictionary = list(id = 3, index = braid:::arrow_type("int", bits = 32L, signed = TRUE), ordered = TRUE)
    )
  )
  bytes <- braid:::fb_encode(braid:::fb_schema_table(fields, list(braid = "{}", "caf\u00e9" = "x")))
  schema <- braid:::decode_schema(braid:::fb_root(bytes))
  expect_identical(vapply(schema$fields, `[[`, character(1), "name"), c("i", "t", "d", "f"))
  expect_identical(schema$fields[[2]]$type$tz, "UTC")
  expect_identical(schema$fields[[3]]$type$unit, 0L)
  expect_false(schema$fields[[3]]$nullable)
  expect_identical(schema$fields[[4]]$dictionary$id, 3)
  expect_true(schema$fields[[4]]$dictionary$ordered)
  expect_identical(schema$metadata, list(braid = "{}", "caf\u00e9" = "x"))
})
