/* Classifies a string's bytes: ASCII, valid UTF-8 (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or neither; a NUL byte is
 * reported apart, as R strings cannot hold one. */
#include "utf8.h"

/* Length of the valid sequence starting at s (at most `left` bytes), 0 if invalid. */
static size_t sequence_length(const unsigned char *s, size_t left)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0) lo = 0xA0;      /* overlong */
        else if (c == 0xED) hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0) lo = 0x90;      /* overlong */
        else if (c == 0xF4) hi = 0x8F; /* past U+10FFFF */
    } else {
        return 0;
    }
    if (left < need || s[1] < lo || s[1] > hi) return 0;
    for (size_t k = 2; k < need; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
    }
    return need;
}

braid_text braid_classify_text(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] > 0 && s[i] < 0x80) i++;
    if (i == len) return BRAID_TEXT_ASCII;
    while (i < len) {
        unsigned char c = s[i];
        if (c == 0) return BRAID_TEXT_NUL;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t step = sequence_length(s + i, len - i);
        if (step == 0) return BRAID_TEXT_INVALID;
        i += step;
    }
    return BRAID_TEXT_UTF8;
}
