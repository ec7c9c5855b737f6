/* An R character vector -> the buffers of an Arrow utf8 / large_utf8 column:
 * validity bitmap, little-endian offsets and the strings' UTF-8 bytes back
 * to back (shared/docs/arrow-ipc-notes.md §4). */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <stdint.h>
#include <string.h>
#include "braid.h"
#include "utf8.h"

/* Whether a string's bytes are taken as they are (then checked to be UTF-8):
 * marked UTF-8 or "bytes", or native in a UTF-8 locale. Others (latin1, or
 * native in another locale) are translated. */
static int taken_as_is(SEXP s, int native_utf8)
{
    cetype_t ce = Rf_getCharCE(s);
    return ce == CE_UTF8 || ce == CE_BYTES || (ce == CE_NATIVE && native_utf8);
}

static void put_offset(unsigned char *to, uint64_t value, int large)
{
    int width = large ? 8 : 4;
    for (int k = 0; k < width; k++) {
        to[k] = (unsigned char) (value >> (8 * k));
    }
}

static SEXP named_list(SEXP validity, SEXP offsets, SEXP data, double nulls, int large)
{
    const char *names[] = {"validity", "offsets", "data", "null_count", "large", ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(out, 0, validity);
    SET_VECTOR_ELT(out, 1, offsets);
    SET_VECTOR_ELT(out, 2, data);
    SET_VECTOR_ELT(out, 3, Rf_ScalarReal(nulls));
    SET_VECTOR_ELT(out, 4, Rf_ScalarLogical(large));
    UNPROTECT(1);
    return out;
}

/* x: the strings; limit: the most data bytes that 32-bit offsets may index
 * (2^31 - 1; smaller in tests); native_utf8: whether the session's locale
 * is UTF-8. Returns list(validity, offsets, data, null_count, large), where
 * validity is raw(0) when nothing is NA and `large` says the offsets are
 * 64-bit; or, when an element is not valid UTF-8, its 1-based index as a
 * double. */
SEXP braid_utf8_encode(SEXP x, SEXP limit, SEXP native_utf8)
{
    if (TYPEOF(x) != STRSXP || TYPEOF(limit) != REALSXP || XLENGTH(limit) != 1 ||
        TYPEOF(native_utf8) != LGLSXP || XLENGTH(native_utf8) != 1) {
        Rf_error("braid_utf8_encode: x must be a character vector, limit a number and native_utf8 a flag");
    }
    int utf8_locale = LOGICAL(native_utf8)[0] == TRUE;
    R_xlen_t n = XLENGTH(x);
    const SEXP *strings = STRING_PTR_RO(x);
    uint64_t total = 0;
    R_xlen_t nulls = 0;
    /* First pass: sizes, nulls, and every string checked to be UTF-8. */
    for (R_xlen_t i = 0; i < n; i++) {
        SEXP s = strings[i];
        if (s == NA_STRING) {
            nulls++;
            continue;
        }
        const void *top = vmaxget();
        const char *bytes = taken_as_is(s, utf8_locale) ? CHAR(s) : Rf_translateCharUTF8(s);
        size_t len = bytes == CHAR(s) ? (size_t) LENGTH(s) : strlen(bytes);
        braid_text text = braid_classify_text((const unsigned char *) bytes, len);
        vmaxset(top);
        if (text != BRAID_TEXT_ASCII && text != BRAID_TEXT_UTF8) {
            return Rf_ScalarReal((double) i + 1);
        }
        total += len;
    }
    int large = (double) total > REAL(limit)[0];
    size_t width = large ? 8 : 4;

    SEXP validity = PROTECT(Rf_allocVector(RAWSXP, nulls ? (n + 7) / 8 : 0));
    SEXP offsets = PROTECT(Rf_allocVector(RAWSXP, (R_xlen_t) ((size_t) (n + 1) * width)));
    SEXP data = PROTECT(Rf_allocVector(RAWSXP, (R_xlen_t) total));
    unsigned char *valid = RAW(validity);
    unsigned char *offset = RAW(offsets);
    unsigned char *to = RAW(data);
    if (nulls) {
        memset(valid, 0, (size_t) XLENGTH(validity));
    }
    /* Second pass: the bytes, offsets and validity bits. */
    uint64_t at = 0;
    put_offset(offset, 0, large);
    for (R_xlen_t i = 0; i < n; i++) {
        SEXP s = strings[i];
        if (s != NA_STRING) {
            if (taken_as_is(s, utf8_locale)) {
                size_t len = (size_t) LENGTH(s);
                memcpy(to + at, CHAR(s), len);
                at += len;
            } else {
                const void *top = vmaxget();
                const char *bytes = Rf_translateCharUTF8(s);
                size_t len = strlen(bytes);
                memcpy(to + at, bytes, len);
                at += len;
                vmaxset(top);
            }
            if (nulls) {
                valid[i >> 3] |= (unsigned char) (1u << (i & 7));
            }
        }
        offset += width;
        put_offset(offset, at, large);
    }
    SEXP out = named_list(validity, offsets, data, (double) nulls, large);
    UNPROTECT(3);
    return out;
}
