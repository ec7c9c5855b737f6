/* Fixed-width Arrow buffers of a mapped file -> R vectors, nulls as NA, in
 * one pass per column (shared/docs/arrow-ipc-notes.md §4; design.md §5 for
 * the R types): int8/16/32 and uint8/16 as integer, uint32 and 64-bit
 * integers and floats as double, bools as logical. */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <stdint.h>
#include <string.h>
#include "braid.h"
#include "arrow_le.h"
#include "arrow_map.h"

/* The kinds R asks for (R/arrow_columns_read.R: value_kinds). */
enum { I8 = 1, U8, I16, U16, I32, U32, I64, U64, F32, F64, BOOL, I32_AS_DOUBLE };

static const int widths[] = {0, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 0, 4};

static double integer_as_double(const unsigned char *at, int kind)
{
    uint64_t bits = braid_read_le(at, widths[kind]);
    switch (kind) {
    case U32: return (double) (uint32_t) bits;
    case I32_AS_DOUBLE: return (double) (int32_t) (uint32_t) bits;
    case I64: return (double) (int64_t) bits;
    case U64: return (double) bits;
    case F32: {
        uint32_t word = (uint32_t) bits;
        float value;
        memcpy(&value, &word, 4);
        return (double) value;
    }
    default: {
        double value;
        memcpy(&value, &bits, 8);
        return value;
    }
    }
}

static int small_integer(const unsigned char *at, int kind)
{
    switch (kind) {
    case I8: return (int8_t) at[0];
    case U8: return at[0];
    case I16: return (int16_t) (uint16_t) braid_read_le(at, 2);
    case U16: return (uint16_t) braid_read_le(at, 2);
    default: return (int32_t) (uint32_t) braid_read_le(at, 4);
    }
}

static SEXP bools(const unsigned char *bits, R_xlen_t n, const unsigned char *valid)
{
    SEXP out = PROTECT(Rf_allocVector(LGLSXP, n));
    int *values = LOGICAL(out);
    for (R_xlen_t i = 0; i < n; i++) {
        values[i] = valid != NULL && !braid_bit(valid, i) ? NA_LOGICAL : braid_bit(bits, i);
    }
    UNPROTECT(1);
    return out;
}

/* NA in every null slot; whole bytes of valid bits are skipped. */
static void mark_nulls(SEXP x, const unsigned char *valid, R_xlen_t n)
{
    for (R_xlen_t i = 0; i < n; i++) {
        if (valid[i >> 3] == 0xff) {
            i |= 7;
            continue;
        }
        if (!braid_bit(valid, i)) {
            if (TYPEOF(x) == INTSXP) INTEGER(x)[i] = NA_INTEGER;
            else REAL(x)[i] = NA_REAL;
        }
    }
}

/* handle: the map; offset: where the values start; n: how many; kind: see
 * the enum; validity: where the validity bitmap starts, or -1 for none. */
SEXP braid_map_values(SEXP handle, SEXP offset, SEXP n, SEXP kind, SEXP validity)
{
    const braid_map *map = braid_map_get(handle);
    R_xlen_t count = (R_xlen_t) Rf_asReal(n);
    int k = Rf_asInteger(kind);
    if (count < 0 || k < I8 || k > I32_AS_DOUBLE) Rf_error("braid_map_values: bad count or kind");
    const unsigned char *valid = braid_map_validity(map, Rf_asReal(validity), count);
    if (k == BOOL) {
        return bools(braid_map_span(map, Rf_asReal(offset), (double) ((count + 7) / 8), "bool values"), count, valid);
    }
    int width = widths[k];
    const unsigned char *from = braid_map_span(map, Rf_asReal(offset), (double) count * width, "values");
    int as_integer = k <= U16 || k == I32;
    SEXP out = PROTECT(Rf_allocVector(as_integer ? INTSXP : REALSXP, count));
#ifndef WORDS_BIGENDIAN
    if (k == I32 || k == F64) {
        if (count > 0) memcpy(k == I32 ? (void *) INTEGER(out) : (void *) REAL(out), from, (size_t) count * width);
    } else
#endif
    if (as_integer) {
        int *values = INTEGER(out);
        for (R_xlen_t i = 0; i < count; i++) values[i] = small_integer(from + i * width, k);
    } else {
        double *values = REAL(out);
        for (R_xlen_t i = 0; i < count; i++) values[i] = integer_as_double(from + i * width, k);
    }
    if (valid != NULL) mark_nulls(out, valid, count);
    UNPROTECT(1);
    return out;
}

/* Whether any non-null 64-bit integer lies beyond 2^53 (or below -2^53),
 * where doubles stop holding every integer. */
SEXP braid_map_int64_beyond(SEXP handle, SEXP offset, SEXP n, SEXP is_signed, SEXP validity)
{
    const braid_map *map = braid_map_get(handle);
    R_xlen_t count = (R_xlen_t) Rf_asReal(n);
    const unsigned char *valid = braid_map_validity(map, Rf_asReal(validity), count);
    const unsigned char *from = braid_map_span(map, Rf_asReal(offset), (double) count * 8, "values");
    int sign = Rf_asLogical(is_signed) == TRUE;
    const uint64_t limit = (uint64_t) 1 << 53;
    for (R_xlen_t i = 0; i < count; i++) {
        if (valid != NULL && !braid_bit(valid, i)) continue;
        uint64_t bits = braid_read_le(from + i * 8, 8);
        int beyond = sign ? ((int64_t) bits >= (int64_t) limit || (int64_t) bits < -(int64_t) limit) : bits >= limit;
        if (beyond) return Rf_ScalarLogical(TRUE);
    }
    return Rf_ScalarLogical(FALSE);
}
