/* Dictionary indices as read (0-based, any integer width, NA at nulls) ->
 * R's 1-based codes, checked against the dictionary's size in the same pass. */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include "braid.h"

/* codes: integer, or double for 64-bit and uint32 indices; size: the
 * dictionary's length. Returns the 1-based integer codes (NA kept), or NULL
 * when an index lies outside [0, size). */
SEXP braid_dictionary_codes(SEXP codes, SEXP size)
{
    if (TYPEOF(codes) != INTSXP && TYPEOF(codes) != REALSXP) Rf_error("braid_dictionary_codes: codes must be numeric");
    double levels = Rf_asReal(size);
    R_xlen_t n = XLENGTH(codes);
    SEXP out = PROTECT(Rf_allocVector(INTSXP, n));
    int *to = INTEGER(out);
    if (TYPEOF(codes) == INTSXP) {
        const int *from = INTEGER(codes);
        for (R_xlen_t i = 0; i < n; i++) {
            int code = from[i];
            if (code == NA_INTEGER) {
                to[i] = NA_INTEGER;
            } else if (code < 0 || (double) code >= levels) {
                UNPROTECT(1);
                return R_NilValue;
            } else {
                to[i] = code + 1;
            }
        }
    } else {
        const double *from = REAL(codes);
        for (R_xlen_t i = 0; i < n; i++) {
            double code = from[i];
            if (ISNAN(code)) {
                to[i] = NA_INTEGER;
            } else if (code < 0 || code >= levels || code >= 2147483647.0) {
                UNPROTECT(1);
                return R_NilValue;
            } else {
                to[i] = (int) code + 1;
            }
        }
    }
    UNPROTECT(1);
    return out;
}
