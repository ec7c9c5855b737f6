/* Validity bitmaps (least significant bit first, padded to whole bytes) of
 * R vectors' nulls (shared/docs/arrow-ipc-notes.md §4.2). Bool values are
 * packed by arrow_file_write.c and unpacked by arrow_map_values.c. */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "braid.h"

/* Whether a double is R's NA (a NaN whose low word is 1954), not another NaN. */
static inline int is_na_real(double x)
{
    if (!isnan(x)) return 0;
    uint64_t bits;
    memcpy(&bits, &x, 8);
    return (uint32_t) bits == 1954;
}

/* Whether element i is valid (not a null): not NA (for doubles: NA, not NaN,
 * or with `finite` anything not finite), not NULL in a list. */
static inline int is_valid(SEXP x, int type, int finite, const void *values, R_xlen_t i)
{
    switch (type) {
    case LGLSXP:
    case INTSXP: return ((const int *) values)[i] != NA_INTEGER; /* NA_LOGICAL is the same bits */
    case REALSXP: {
        double value = ((const double *) values)[i];
        return finite ? R_FINITE(value) : !is_na_real(value);
    }
    default: return VECTOR_ELT(x, i) != R_NilValue;
    }
}

/* Set bits in a byte (no popcount instruction assumed). */
static inline int ones(unsigned byte)
{
    byte = byte - ((byte >> 1) & 0x55u);
    byte = (byte & 0x33u) + ((byte >> 2) & 0x33u);
    return (int) ((byte + (byte >> 4)) & 0x0Fu);
}

/* Fills the bitmap eight elements (one byte) at a time, with the element
 * type fixed per loop so the compiler can unroll it; returns the null count. */
static R_xlen_t fill_bitmap(SEXP x, int type, int finite, unsigned char *bits)
{
    const void *values = type == VECSXP ? NULL : DATAPTR_RO(x);
    R_xlen_t n = XLENGTH(x), valid = 0;
#define FILL(TYPE, FINITE)                                                                      \
    for (R_xlen_t byte = 0; byte < (n + 7) / 8; byte++) {                                       \
        R_xlen_t first = 8 * byte, last = first + 8 < n ? first + 8 : n;                         \
        unsigned packed = 0;                                                                    \
        for (R_xlen_t i = first; i < last; i++) {                                               \
            packed |= (unsigned) is_valid(x, TYPE, FINITE, values, i) << (i - first);           \
        }                                                                                       \
        bits[byte] = (unsigned char) packed;                                                    \
        valid += ones(packed);                                                    \
    }
    if (type == REALSXP && finite) {
        FILL(REALSXP, 1)
    } else if (type == REALSXP) {
        FILL(REALSXP, 0)
    } else if (type == VECSXP) {
        FILL(VECSXP, 0)
    } else {
        FILL(INTSXP, 0)
    }
#undef FILL
    return n - valid;
}

/* The validity bitmap of x (logical, integer, double or list) as
 * list(validity = raw, null_count = double); raw(0) when there is no null. */
SEXP braid_validity(SEXP x, SEXP finite)
{
    int type = TYPEOF(x);
    if (type != LGLSXP && type != INTSXP && type != REALSXP && type != VECSXP) {
        Rf_error("braid_validity: x must be a logical, integer, double or list vector");
    }
    R_xlen_t n = XLENGTH(x);
    /* The bitmap is filled while the nulls are counted, and dropped when there are none. */
    SEXP bitmap = PROTECT(Rf_allocVector(RAWSXP, (n + 7) / 8));
    R_xlen_t nulls = fill_bitmap(x, type, Rf_asLogical(finite) == TRUE, RAW(bitmap));
    SEXP validity = PROTECT(nulls ? bitmap : Rf_allocVector(RAWSXP, 0));
    const char *names[] = {"validity", "null_count", ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(out, 0, validity);
    SET_VECTOR_ELT(out, 1, Rf_ScalarReal((double) nulls));
    UNPROTECT(3);
    return out;
}
