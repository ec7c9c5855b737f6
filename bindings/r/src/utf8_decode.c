/* An Arrow utf8 / large_utf8 column's buffers -> an R character vector,
 * in one pass (shared/docs/arrow-ipc-notes.md §4). */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <limits.h>
#include <stdint.h>
#include "braid.h"
#include "utf8.h"

/* Problems handed back to R, which words the error with the column name. */
enum { BAD_OFFSETS = 1, BAD_NUL = 2, BAD_UTF8 = 3, BAD_TOO_LONG = 4 };

static SEXP problem(int kind, R_xlen_t row)
{
    SEXP out = PROTECT(Rf_allocVector(REALSXP, 2));
    REAL(out)[0] = kind;
    REAL(out)[1] = (double) row + 1; /* 1-based, as R counts */
    UNPROTECT(1);
    return out;
}

static double offset_at(SEXP offsets, R_xlen_t i)
{
    return TYPEOF(offsets) == INTSXP ? (double) INTEGER(offsets)[i] : REAL(offsets)[i];
}

/* offsets: the n + 1 offsets as stored (integer, or double for 64-bit ones);
 * bytes: the data from offsets[0] to offsets[n]; validity: the bitmap, or
 * NULL when the column has no nulls. Returns the strings (ASCII ones
 * unmarked, others marked UTF-8, NA at the null slots), or a double pair
 * (problem kind, row) when the data is bad. */
SEXP braid_utf8_decode(SEXP offsets, SEXP bytes, SEXP validity)
{
    if ((TYPEOF(offsets) != INTSXP && TYPEOF(offsets) != REALSXP) || XLENGTH(offsets) < 1 ||
        TYPEOF(bytes) != RAWSXP || (validity != R_NilValue && TYPEOF(validity) != RAWSXP)) {
        Rf_error("braid_utf8_decode: offsets must be numeric, bytes and validity raw");
    }
    R_xlen_t n = XLENGTH(offsets) - 1;
    if (validity != R_NilValue && XLENGTH(validity) < (n + 7) / 8) {
        Rf_error("braid_utf8_decode: the validity bitmap is shorter than the column");
    }
    const unsigned char *data = RAW(bytes);
    const unsigned char *valid = validity == R_NilValue ? NULL : RAW(validity);
    double base = offset_at(offsets, 0);
    double size = (double) XLENGTH(bytes);
    SEXP out = PROTECT(Rf_allocVector(STRSXP, n));
    double start = base;
    for (R_xlen_t i = 0; i < n; i++) {
        double end = offset_at(offsets, i + 1);
        if (!(end >= start) || end - base > size) { /* also catches NaN */
            UNPROTECT(1);
            return problem(BAD_OFFSETS, i);
        }
        if (valid != NULL && !(valid[i >> 3] & (1u << (i & 7)))) {
            SET_STRING_ELT(out, i, NA_STRING);
        } else {
            double len = end - start;
            if (len > INT_MAX) {
                UNPROTECT(1);
                return problem(BAD_TOO_LONG, i);
            }
            const unsigned char *s = data + (size_t) (start - base);
            braid_text text = braid_classify_text(s, (size_t) len);
            if (text == BRAID_TEXT_NUL || text == BRAID_TEXT_INVALID) {
                UNPROTECT(1);
                return problem(text == BRAID_TEXT_NUL ? BAD_NUL : BAD_UTF8, i);
            }
            cetype_t enc = text == BRAID_TEXT_ASCII ? CE_NATIVE : CE_UTF8;
            SET_STRING_ELT(out, i, Rf_mkCharLenCE((const char *) s, (int) len, enc));
        }
        start = end;
    }
    UNPROTECT(1);
    return out;
}
