/* Arrow bitmaps (least significant bit first, padded to whole bytes) to and
 * from R vectors: validity bitmaps of nulls, and the values of bool columns
 * (shared/docs/arrow-ipc-notes.md §4.2). */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <limits.h>
#include <string.h>
#include "braid.h"

/* A vector's values, fetched once for the loops below. */
typedef struct {
    int type;
    int finite;
    const int *ints; /* logical and integer */
    const double *reals;
    SEXP list;
} values_view;

/* Whether element i is a null: NA (for doubles: NA, not NaN, or with
 * `finite` anything not finite), or NULL in a list. */
static inline int is_null(const values_view *v, R_xlen_t i)
{
    switch (v->type) {
    case LGLSXP: return v->ints[i] == NA_LOGICAL;
    case INTSXP: return v->ints[i] == NA_INTEGER;
    case REALSXP: return v->finite ? !R_FINITE(v->reals[i]) : ISNAN(v->reals[i]) && R_IsNA(v->reals[i]);
    default: return VECTOR_ELT(v->list, i) == R_NilValue;
    }
}

/* The validity bitmap of x (logical, integer, double or list) as
 * list(validity = raw, null_count = double); raw(0) when there is no null. */
SEXP braid_validity(SEXP x, SEXP finite)
{
    int type = TYPEOF(x);
    if (type != LGLSXP && type != INTSXP && type != REALSXP && type != VECSXP) {
        Rf_error("braid_validity: x must be a logical, integer, double or list vector");
    }
    values_view v = {type, Rf_asLogical(finite) == TRUE, NULL, NULL, x};
    if (type == LGLSXP) v.ints = LOGICAL(x);
    if (type == INTSXP) v.ints = INTEGER(x);
    if (type == REALSXP) v.reals = REAL(x);
    R_xlen_t n = XLENGTH(x);
    R_xlen_t nulls = 0;
    /* One pass: the bitmap is filled while the nulls are counted, and
     * dropped when there are none. */
    SEXP bitmap = PROTECT(Rf_allocVector(RAWSXP, (n + 7) / 8));
    unsigned char *bits = RAW(bitmap);
    memset(bits, 0, (size_t) XLENGTH(bitmap));
    for (R_xlen_t i = 0; i < n; i++) {
        if (is_null(&v, i)) {
            nulls++;
        } else {
            bits[i >> 3] |= (unsigned char) (1u << (i & 7));
        }
    }
    SEXP validity = PROTECT(nulls ? bitmap : Rf_allocVector(RAWSXP, 0));
    const char *names[] = {"validity", "null_count", ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(out, 0, validity);
    SET_VECTOR_ELT(out, 1, Rf_ScalarReal((double) nulls));
    UNPROTECT(3);
    return out;
}

/* The bitmap of the TRUE elements of a logical vector (FALSE and NA: 0). */
SEXP braid_pack_bits(SEXP x)
{
    if (TYPEOF(x) != LGLSXP) Rf_error("braid_pack_bits: x must be a logical vector");
    R_xlen_t n = XLENGTH(x);
    const int *values = LOGICAL(x);
    SEXP out = PROTECT(Rf_allocVector(RAWSXP, (n + 7) / 8));
    unsigned char *bits = RAW(out);
    memset(bits, 0, (size_t) XLENGTH(out));
    for (R_xlen_t i = 0; i < n; i++) {
        if (values[i] == TRUE) bits[i >> 3] |= (unsigned char) (1u << (i & 7));
    }
    UNPROTECT(1);
    return out;
}

static R_xlen_t checked_length(SEXP bytes, SEXP n, const char *routine)
{
    double count = Rf_asReal(n);
    if (TYPEOF(bytes) != RAWSXP || !(count >= 0) || (double) XLENGTH(bytes) * 8 < count) {
        Rf_error("%s: needs a raw bitmap of at least n bits", routine);
    }
    return (R_xlen_t) count;
}

/* The first n bits of a bitmap as a logical vector. */
SEXP braid_unpack_bits(SEXP bytes, SEXP n)
{
    R_xlen_t count = checked_length(bytes, n, "braid_unpack_bits");
    const unsigned char *bits = RAW(bytes);
    SEXP out = PROTECT(Rf_allocVector(LGLSXP, count));
    int *values = LOGICAL(out);
    for (R_xlen_t i = 0; i < count; i++) {
        values[i] = (bits[i >> 3] >> (i & 7)) & 1;
    }
    UNPROTECT(1);
    return out;
}

/* The 1-based positions of the 0 bits among the first n of a validity
 * bitmap: integer, or double past R's integers. Whole 0xff bytes are skipped. */
SEXP braid_null_positions(SEXP bytes, SEXP n)
{
    R_xlen_t count = checked_length(bytes, n, "braid_null_positions");
    const unsigned char *bits = RAW(bytes);
    R_xlen_t nulls = 0;
    for (R_xlen_t i = 0; i < count; i++) {
        if (bits[i >> 3] == 0xff) {
            i |= 7;
            continue;
        }
        nulls += !((bits[i >> 3] >> (i & 7)) & 1);
    }
    int wide = count > INT_MAX;
    SEXP out = PROTECT(Rf_allocVector(wide ? REALSXP : INTSXP, nulls));
    R_xlen_t k = 0;
    for (R_xlen_t i = 0; i < count && k < nulls; i++) {
        if (bits[i >> 3] == 0xff) {
            i |= 7;
            continue;
        }
        if (!((bits[i >> 3] >> (i & 7)) & 1)) {
            if (wide) REAL(out)[k++] = (double) i + 1;
            else INTEGER(out)[k++] = (int) i + 1;
        }
    }
    UNPROTECT(1);
    return out;
}
