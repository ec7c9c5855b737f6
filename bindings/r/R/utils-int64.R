# 64-bit integers without a 64-bit integer type: R holds them as doubles
# (exact up to 2^53) and writes or reads them as pairs of little-endian
# 32-bit halves, vectorized.

two32 <- 4294967296
two31 <- 2147483648

#' Little-endian int64 bytes of whole-number doubles (vectorized).
#' @noRd
int64_to_raw <- function(x) {
  x <- as.double(x)
  hi <- floor(x / two32)
  lo <- x - hi * two32 # in [0, 2^32)
  lo <- lo - (lo >= two31) * two32 # as a signed 32-bit value
  # -2^31 has no integer in R other than NA_integer_, whose bits are exactly -2^31.
  halves <- suppressWarnings(as.integer(rbind(lo, hi)))
  writeBin(halves, raw(), size = 4L, endian = "little")
}

#' Doubles from little-endian int64 bytes.
#' @noRd
raw_to_int64 <- function(bytes) {
  halves_to_int64(readBin(bytes, "integer", n = length(bytes) %/% 4L, size = 4L, endian = "little"))
}

#' Doubles from interleaved (low, high) signed 32-bit halves.
#' @noRd
halves_to_int64 <- function(halves, signed = TRUE) {
  lo <- as.double(low_halves(halves))
  hi <- as.double(high_halves(halves))
  lo[is.na(lo)] <- -two31 # NA_integer_ is the bit pattern of -2^31
  hi[is.na(hi)] <- -two31
  lo <- lo + (lo < 0) * two32
  if (!signed) {
    hi <- hi + (hi < 0) * two32
  }
  hi * two32 + lo
}

# (Not x[c(TRUE, FALSE)]: on a zero-length vector that selects one NA.)
low_halves <- function(halves) halves[seq.int(1L, by = 2L, length.out = length(halves) %/% 2L)]
high_halves <- function(halves) halves[seq.int(2L, by = 2L, length.out = length(halves) %/% 2L)]
