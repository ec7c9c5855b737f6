/* Validity bitmaps (least significant bit first, padded to whole bytes) of
 * R vectors' nulls (shared/docs/arrow-ipc-notes.md §4.2). Bool values are
 * packed by arrow_file_write.c and unpacked by arrow_map_values.c. */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
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
