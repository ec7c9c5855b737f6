test_that("JSON-safe lists have a skeleton; other lists have none", {
  expect_identical(braid:::json_skeleton(list(1L, "a", NULL, list(TRUE, 2.5))), list("i", "s", "n", list("l", "d")))
  expect_null(braid:::json_skeleton(list(NaN)))
  expect_null(braid:::json_skeleton(list(Inf)))
  expect_null(braid:::json_skeleton(list(a = 1, a = 2)))
  expect_null(braid:::json_skeleton(list(a = 1, 2)))
  expect_null(braid:::json_skeleton(list(c(a = 1))))
  expect_null(braid:::json_skeleton(list(factor("a"))))
  expect_null(braid:::json_skeleton(structure(list(1), class = "thing")))
})

test_that("doubles are written with a decimal point and enough digits", {
  expect_identical(braid:::json_encode(list(1, 1L, 0.1 + 0.2, NA_real_)), "[1.0,1,0.30000000000000004,null]")
  expect_identical(braid:::json_encode(list(a = c(1, 2), b = "x\"y", c = NULL)), "{\"a\":[1.0,2.0],\"b\":\"x\\\"y\",\"c\":null}")
  expect_identical(braid:::json_encode(structure(list(), names = character())), "{}")
  expect_identical(braid:::json_encode(list()), "[]")
})

test_that("JSON written by Python reads as natural R values", {
  value <- braid:::json_decode_foreign('{"a": [1, 2, 3], "b": {"c": null}, "d": "x"}')
  expect_identical(value, list(a = 1:3, b = list(c = NULL), d = "x"))
})
