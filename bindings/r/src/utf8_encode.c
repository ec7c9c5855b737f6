/* An R character vector measured for an Arrow utf8 / large_utf8 column:
 * its validity bitmap, null count and UTF-8 byte count, every string
 * checked to be UTF-8 on the way (shared/docs/arrow-ipc-notes.md §4). The
 * bytes themselves are written by arrow_file_write.c. */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <stdint.h>
#include <string.h>
#include "braid.h"
#include "utf8.h"
#include "string_views.h"

int braid_utf8_as_is(SEXP s, int native_utf8)
{
    cetype_t ce = Rf_getCharCE(s);
    return ce == CE_UTF8 || ce == CE_BYTES || (ce == CE_NATIVE && native_utf8);
}

/* x: the strings; native_utf8: whether the session's locale is UTF-8.
 * Returns list(validity, null_count, bytes), where validity is raw(0) when
 * nothing is NA and bytes is the UTF-8 data size (double); or, when an
 * element is not valid UTF-8 (or holds a NUL), its 1-based index as a double. */
SEXP braid_utf8_measure(SEXP x, SEXP native_utf8)
{
    if (TYPEOF(x) != STRSXP || TYPEOF(native_utf8) != LGLSXP || XLENGTH(native_utf8) != 1) {
        Rf_error("braid_utf8_measure: x must be a character vector and native_utf8 a flag");
    }
    int utf8_locale = LOGICAL(native_utf8)[0] == TRUE;
    R_xlen_t n = XLENGTH(x);
    const SEXP *strings = STRING_PTR_RO(x);
    /* On the heap: R_alloc'd memory is freed when the .Call returns. */
    braid_views *views = (braid_views *) R_alloc(1, sizeof(braid_views));
    braid_views_init(views, utf8_locale);
    SEXP validity = PROTECT(Rf_allocVector(RAWSXP, (n + 7) / 8));
    unsigned char *valid = RAW(validity);
    memset(valid, 0, (size_t) XLENGTH(validity));
    uint64_t total = 0;
    R_xlen_t nulls = 0;
    for (R_xlen_t i = 0; i < n; i++) {
        SEXP s = strings[i];
        if (s == NA_STRING) {
            nulls++;
            continue;
        }
        valid[i >> 3] |= (unsigned char) (1u << (i & 7));
        int fresh;
        const braid_view *view = braid_view_of(views, s, &fresh);
        if (view != NULL) {
            /* Seen before means checked before: only new strings are scanned. */
            if (fresh) {
                braid_text text = braid_classify_text((const unsigned char *) view->bytes, view->length);
                if (text != BRAID_TEXT_ASCII && text != BRAID_TEXT_UTF8) {
                    UNPROTECT(1);
                    return Rf_ScalarReal((double) i + 1);
                }
            }
            total += view->length;
        } else {
            const void *top = vmaxget();
            const char *bytes = Rf_translateCharUTF8(s);
            size_t len = strlen(bytes);
            braid_text text = braid_classify_text((const unsigned char *) bytes, len);
            vmaxset(top);
            if (text != BRAID_TEXT_ASCII && text != BRAID_TEXT_UTF8) {
                UNPROTECT(1);
                return Rf_ScalarReal((double) i + 1);
            }
            total += len;
        }
    }
    const char *names[] = {"validity", "null_count", "bytes", ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(out, 0, nulls ? validity : Rf_allocVector(RAWSXP, 0));
    SET_VECTOR_ELT(out, 1, Rf_ScalarReal((double) nulls));
    SET_VECTOR_ELT(out, 2, Rf_ScalarReal((double) total));
    UNPROTECT(2);
    return out;
}
