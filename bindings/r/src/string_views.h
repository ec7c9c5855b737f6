/* The UTF-8 bytes of R strings taken as they are (see braid_utf8_as_is()),
 * remembered per CHARSXP. R keeps one CHARSXP per distinct string, so a
 * column with repeats holds the same few pointers many times; a direct-mapped
 * table by address spares the calls into R (encoding, length) for them. */
#ifndef BRAID_STRING_VIEWS_H
#define BRAID_STRING_VIEWS_H

#include <stdint.h>
#include <string.h>
#include <Rinternals.h>
#include "utf8.h"

#define BRAID_VIEW_SLOTS 4096

typedef struct {
    SEXP string;
    const char *bytes;
    size_t length;
} braid_view;

typedef struct {
    int native_utf8;
    braid_view slots[BRAID_VIEW_SLOTS];
} braid_views;

static inline void braid_views_init(braid_views *views, int native_utf8)
{
    memset(views, 0, sizeof *views);
    views->native_utf8 = native_utf8;
}

/* The view of s when its bytes are taken as they are, else NULL (the caller
 * translates it). `fresh` is set when s was not seen before. */
static inline const braid_view *braid_view_of(braid_views *views, SEXP s, int *fresh)
{
    uintptr_t p = (uintptr_t) s;
    braid_view *slot = &views->slots[((p >> 4) ^ (p >> 16)) & (BRAID_VIEW_SLOTS - 1)];
    *fresh = slot->string != s;
    if (!*fresh) return slot;
    if (!braid_utf8_as_is(s, views->native_utf8)) return NULL;
    slot->string = s;
    slot->bytes = CHAR(s);
    slot->length = (size_t) LENGTH(s);
    return slot;
}

#endif
