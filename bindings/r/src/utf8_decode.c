/* An Arrow utf8 / large_utf8 column of a mapped file -> an R character
 * vector, in one pass over its offsets and bytes (shared/docs/arrow-ipc-notes.md §4). */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include "braid.h"
#include "arrow_le.h"
#include "arrow_map.h"
#include "utf8.h"

/* Strings already made in this column, by content: a column with repeats
 * (labels, categories) makes each distinct string once and reuses its
 * CHARSXP, skipping the UTF-8 scan and R's global string lookup. The table
 * is direct-mapped; a column of mostly distinct strings stops using it. */
#define SEEN_SLOTS 16384
#define SEEN_TRIAL 65536 /* strings looked up before the table must prove itself */

typedef struct {
    const unsigned char *bytes; /* in the map, which outlives the call */
    int64_t length;
    uint64_t hash;
    SEXP string; /* held by the column being made */
} seen_string;

static uint64_t hash_bytes(const unsigned char *s, int64_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t) len;
    int64_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        h = (h ^ word) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    for (int k = 0; i < len; i++, k++) tail |= (uint64_t) s[i] << (8 * k);
    h = (h ^ tail) * 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 32);
}

/* memcmp() for the short strings of a column, without a library call each. */
static inline int same_bytes(const unsigned char *a, const unsigned char *b, int64_t len)
{
    for (; len >= 8; a += 8, b += 8, len -= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y) return 0;
    }
    for (; len > 0; len--) {
        if (*a++ != *b++) return 0;
    }
    return 1;
}

SEXP braid_offsets_problem(int kind, R_xlen_t row)
{
    SEXP out = PROTECT(Rf_allocVector(REALSXP, 2));
    REAL(out)[0] = kind;
    REAL(out)[1] = (double) row + 1; /* 1-based, as R counts */
    UNPROTECT(1);
    return out;
}

/* handle: the map; offsets_at: where the n + 1 offsets start; data_at and
 * data_size: the data buffer; large: 64-bit offsets; validity: the bitmap's
 * offset, or -1 when the column has no nulls. Returns the strings (ASCII
 * ones unmarked, others marked UTF-8, NA at the null slots), or a double
 * pair (problem kind, row) when the data is bad. */
SEXP braid_map_utf8(SEXP handle, SEXP offsets_at, SEXP data_at, SEXP data_size, SEXP n, SEXP large, SEXP validity)
{
    const braid_map *map = braid_map_get(handle);
    R_xlen_t count = (R_xlen_t) Rf_asReal(n);
    int width = Rf_asLogical(large) == TRUE ? 8 : 4;
    if (count < 0) Rf_error("braid_map_utf8: bad count");
    const unsigned char *valid = braid_map_validity(map, Rf_asReal(validity), count);
    const unsigned char *offsets = braid_map_span(map, Rf_asReal(offsets_at), (double) (count + 1) * width, "string offsets");
    double size = Rf_asReal(data_size);
    const unsigned char *data = braid_map_span(map, Rf_asReal(data_at), size, "string data");
    SEXP out = PROTECT(Rf_allocVector(STRSXP, count));
    size_t slots = 16; /* a power of two, no bigger than the column needs */
    while (slots < SEEN_SLOTS && (R_xlen_t) slots < count) slots *= 2;
    seen_string *seen = (seen_string *) R_alloc(slots, sizeof(seen_string));
    memset(seen, 0, slots * sizeof(seen_string));
    R_xlen_t lookups = 0, hits = 0;
    int use_seen = 1;
    /* Offsets are read as signed: a negative one is bad data, like one past the end. */
    int64_t start = width == 8 ? (int64_t) braid_read_le(offsets, 8) : (int32_t) (uint32_t) braid_read_le(offsets, 4);
    if (start < 0 && count > 0) {
        UNPROTECT(1);
        return braid_offsets_problem(BRAID_BAD_OFFSETS, 0);
    }
    for (R_xlen_t i = 0; i < count; i++) {
        const unsigned char *at = offsets + (size_t) (i + 1) * width;
        int64_t end = width == 8 ? (int64_t) braid_read_le(at, 8) : (int32_t) (uint32_t) braid_read_le(at, 4);
        if (end < start || (double) end > size) {
            UNPROTECT(1);
            return braid_offsets_problem(BRAID_BAD_OFFSETS, i);
        }
        if (valid != NULL && !braid_bit(valid, i)) {
            SET_STRING_ELT(out, i, NA_STRING);
        } else {
            int64_t len = end - start;
            if (len > INT_MAX) {
                UNPROTECT(1);
                return braid_offsets_problem(BRAID_BAD_TOO_LONG, i);
            }
            const unsigned char *s = data + start;
            seen_string *slot = NULL;
            if (use_seen) {
                uint64_t hash = hash_bytes(s, len);
                slot = &seen[hash & (slots - 1)];
                lookups++;
                if (slot->string != NULL && slot->hash == hash && slot->length == len &&
                    same_bytes(slot->bytes, s, len)) {
                    hits++;
                    SET_STRING_ELT(out, i, slot->string);
                    start = end;
                    continue;
                }
                slot->hash = hash;
                slot->string = NULL;
                if (lookups == SEEN_TRIAL && hits < lookups / 4) use_seen = 0;
            }
            braid_text text = braid_classify_text(s, (size_t) len);
            if (text == BRAID_TEXT_NUL || text == BRAID_TEXT_INVALID) {
                UNPROTECT(1);
                return braid_offsets_problem(text == BRAID_TEXT_NUL ? BRAID_BAD_NUL : BRAID_BAD_UTF8, i);
            }
            cetype_t enc = text == BRAID_TEXT_ASCII ? CE_NATIVE : CE_UTF8;
            SEXP string = Rf_mkCharLenCE((const char *) s, (int) len, enc);
            SET_STRING_ELT(out, i, string);
            if (slot != NULL) {
                slot->bytes = s;
                slot->length = len;
                slot->string = string;
            }
        }
        start = end;
    }
    UNPROTECT(1);
    return out;
}
