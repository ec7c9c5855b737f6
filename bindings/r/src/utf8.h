/* UTF-8 checks shared by the string decoder and encoder. */
#ifndef BRAID_UTF8_H
#define BRAID_UTF8_H

#include <stddef.h>
#include <Rinternals.h>

/* What a string's bytes hold, for a column that must be NUL-free UTF-8. */
typedef enum { BRAID_TEXT_ASCII, BRAID_TEXT_UTF8, BRAID_TEXT_NUL, BRAID_TEXT_INVALID } braid_text;

braid_text braid_classify_text(const unsigned char *s, size_t len);

/* Whether a string's bytes are written as they are (then checked to be
 * UTF-8): marked UTF-8 or "bytes", or native in a UTF-8 locale. Others
 * (latin1, or native in another locale) are translated. */
int braid_utf8_as_is(SEXP s, int native_utf8);

#endif
