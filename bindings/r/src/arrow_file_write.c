/* Writes an Arrow IPC file's bytes straight from R vectors to a file
 * descriptor, in order: message headers, then each body buffer from the
 * vector that holds its values (integers, doubles, strings, logicals,
 * factor codes), with no raw vector built in between. Large contiguous
 * vectors go to write() as they are; the rest pass through one buffer.
 *
 * A piece is a raw vector (written as is) or list(as, value, size, ...)
 * made by R/arrow_columns_write.R; `size` is the byte count R put in the
 * message header, checked here so a header never disagrees with its body. */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "braid.h"
#include "arrow_fd.h"
#include "arrow_le.h"
#include "string_views.h"

#define SINK_CAPACITY (1 << 20)
#define DIRECT_WRITE (1 << 16) /* contiguous pieces at least this big skip the buffer */

typedef struct {
    int fd;
    unsigned char *buffer;
    size_t used;
    uint64_t written;
    int error; /* errno of the first failed write */
    char problem[256]; /* a piece that disagrees with its size */
} sink;

static void put_all(sink *s, const unsigned char *bytes, size_t size)
{
    while (size > 0 && !s->error) {
        ssize_t done = write(s->fd, bytes, size > (1u << 30) ? (1u << 30) : size);
        if (done < 0) {
            if (errno == EINTR) continue;
            s->error = errno;
            return;
        }
        bytes += done;
        size -= (size_t) done;
    }
}

static void flush(sink *s)
{
    put_all(s, s->buffer, s->used);
    s->used = 0;
}

static void put(sink *s, const void *bytes, size_t size)
{
    s->written += size;
    if (s->used + size > SINK_CAPACITY || size >= DIRECT_WRITE) {
        flush(s);
        if (size >= DIRECT_WRITE) {
            put_all(s, bytes, size);
            return;
        }
    }
    memcpy(s->buffer + s->used, bytes, size);
    s->used += size;
}

/* Room for `size` bytes at the end of the buffer (size <= SINK_CAPACITY). */
static unsigned char *reserve(sink *s, size_t size)
{
    if (s->used + size > SINK_CAPACITY) flush(s);
    unsigned char *at = s->buffer + s->used;
    s->used += size;
    s->written += size;
    return at;
}

static void put_zeros(sink *s, size_t size)
{
    while (size > 0) {
        size_t step = size < 4096 ? size : 4096;
        memset(reserve(s, step), 0, step);
        size -= step;
    }
}

/* Fixed-width values: on little-endian machines R's memory is the Arrow layout. */
static void put_values(sink *s, const void *values, R_xlen_t n, int width)
{
#ifdef WORDS_BIGENDIAN
    const unsigned char *from = values;
    for (R_xlen_t i = 0; i < n; i++) {
        unsigned char *to = reserve(s, (size_t) width);
        for (int k = 0; k < width; k++) to[k] = from[i * width + width - 1 - k];
    }
#else
    put(s, values, (size_t) n * (size_t) width);
#endif
}

static void put_raws(sink *s, SEXP list)
{
    R_xlen_t n = XLENGTH(list);
    for (R_xlen_t i = 0; i < n; i++) {
        SEXP bytes = VECTOR_ELT(list, i);
        if (bytes != R_NilValue) put(s, RAW(bytes), (size_t) XLENGTH(bytes));
    }
}

/* The bitmap of the TRUE elements of a logical vector (FALSE and NA: 0),
 * a byte of eight values at a time. */
static void put_bits(sink *s, SEXP x)
{
    const int *values = LOGICAL(x);
    R_xlen_t n = XLENGTH(x);
    R_xlen_t whole = n / 8;
    for (R_xlen_t from = 0; from < whole; from += 4096) {
        R_xlen_t to = from + 4096 < whole ? from + 4096 : whole;
        unsigned char *bits = reserve(s, (size_t) (to - from));
        for (R_xlen_t byte = from; byte < to; byte++) {
            const int *v = values + 8 * byte;
            unsigned packed = 0;
            for (int k = 0; k < 8; k++) packed |= (unsigned) (v[k] == TRUE) << k;
            bits[byte - from] = (unsigned char) packed;
        }
    }
    if (n % 8) {
        unsigned packed = 0;
        for (R_xlen_t i = whole * 8; i < n; i++) packed |= (unsigned) (values[i] == TRUE) << (i & 7);
        *reserve(s, 1) = (unsigned char) packed;
    }
}

/* Factor codes (1-based, NA) as 0-based int32 dictionary indices (NA: 0). */
static void put_codes(sink *s, SEXP x)
{
    const int *codes = INTEGER(x);
    R_xlen_t n = XLENGTH(x);
    for (R_xlen_t i = 0; i < n; i++) {
        braid_le32(reserve(s, 4), codes[i] == NA_INTEGER ? 0u : (uint32_t) (codes[i] - 1));
    }
}

/* Whole doubles (R's stand-in for 64-bit integers) as int64, times `factor`;
 * a value that is not finite (a null slot) is written as 0. */
static void put_int64(sink *s, SEXP x, double factor)
{
    const double *values = REAL(x);
    int64_t scale = (int64_t) factor;
    R_xlen_t n = XLENGTH(x);
    for (R_xlen_t i = 0; i < n; i++) {
        double v = values[i];
        int64_t whole = R_FINITE(v) && fabs(v) < 9223372036854775808.0 ? (int64_t) v : 0;
        braid_le64(reserve(s, 8), (uint64_t) whole * (uint64_t) scale);
    }
}

/* A character vector's offsets (`offsets`) or UTF-8 bytes, translated from
 * latin1 or a non-UTF-8 locale where needed; braid_utf8_measure() has
 * checked them. */
static void put_utf8(sink *s, SEXP x, int native_utf8, int large, int offsets)
{
    R_xlen_t n = XLENGTH(x);
    const SEXP *strings = STRING_PTR_RO(x);
    braid_views *views = (braid_views *) R_alloc(1, sizeof(braid_views));
    braid_views_init(views, native_utf8);
    uint64_t at = 0;
    if (offsets) {
        if (large) braid_le64(reserve(s, 8), 0);
        else braid_le32(reserve(s, 4), 0);
    }
    for (R_xlen_t i = 0; i < n; i++) {
        SEXP string = strings[i];
        if (string != NA_STRING) {
            int fresh;
            const braid_view *view = braid_view_of(views, string, &fresh);
            if (view != NULL) {
                if (!offsets) put(s, view->bytes, view->length);
                at += view->length;
            } else {
                const void *top = vmaxget();
                const char *bytes = Rf_translateCharUTF8(string);
                size_t len = strlen(bytes);
                if (!offsets) put(s, bytes, len);
                at += len;
                vmaxset(top);
            }
        }
        if (offsets) {
            if (large) braid_le64(reserve(s, 8), at);
            else braid_le32(reserve(s, 4), (uint32_t) at);
        }
    }
}

static SEXP list_item(SEXP list, const char *name)
{
    SEXP names = Rf_getAttrib(list, R_NamesSymbol);
    if (TYPEOF(names) != STRSXP) return R_NilValue;
    for (R_xlen_t i = 0; i < XLENGTH(list); i++) {
        if (strcmp(CHAR(STRING_ELT(names, i)), name) == 0) return VECTOR_ELT(list, i);
    }
    return R_NilValue;
}

static int flag(SEXP piece, const char *name)
{
    SEXP value = list_item(piece, name);
    return value != R_NilValue && Rf_asLogical(value) == TRUE;
}

static double number(SEXP piece, const char *name, double otherwise)
{
    SEXP value = list_item(piece, name);
    return value == R_NilValue ? otherwise : Rf_asReal(value);
}

static void put_piece(sink *s, SEXP piece)
{
    if (TYPEOF(piece) == RAWSXP) {
        put(s, RAW(piece), (size_t) XLENGTH(piece));
        return;
    }
    SEXP kind = TYPEOF(piece) == VECSXP ? list_item(piece, "as") : R_NilValue;
    if (!Rf_isString(kind) || XLENGTH(kind) != 1) {
        snprintf(s->problem, sizeof s->problem, "a piece is neither a raw vector nor a buffer list");
        return;
    }
    const char *as = CHAR(STRING_ELT(kind, 0));
    SEXP value = list_item(piece, "value");
    double size = number(piece, "size", -1);
    uint64_t before = s->written;
    int ok_type = 1;
    if (strcmp(as, "raw") == 0) {
        ok_type = TYPEOF(value) == RAWSXP;
        if (ok_type) put(s, RAW(value), (size_t) XLENGTH(value));
    } else if (strcmp(as, "int32") == 0) {
        ok_type = TYPEOF(value) == INTSXP;
        if (ok_type) put_values(s, INTEGER(value), XLENGTH(value), 4);
    } else if (strcmp(as, "double") == 0) {
        ok_type = TYPEOF(value) == REALSXP;
        if (ok_type) put_values(s, REAL(value), XLENGTH(value), 8);
    } else if (strcmp(as, "raws") == 0) {
        ok_type = TYPEOF(value) == VECSXP;
        if (ok_type) put_raws(s, value);
    } else if (strcmp(as, "bits") == 0) {
        ok_type = TYPEOF(value) == LGLSXP;
        if (ok_type) put_bits(s, value);
    } else if (strcmp(as, "codes") == 0) {
        ok_type = TYPEOF(value) == INTSXP;
        if (ok_type) put_codes(s, value);
    } else if (strcmp(as, "int64") == 0) {
        ok_type = TYPEOF(value) == REALSXP;
        if (ok_type) put_int64(s, value, number(piece, "factor", 1));
    } else if (strcmp(as, "utf8_offsets") == 0 || strcmp(as, "utf8_data") == 0) {
        ok_type = TYPEOF(value) == STRSXP;
        if (ok_type) put_utf8(s, value, flag(piece, "native_utf8"), flag(piece, "large"), as[5] == 'o');
    } else {
        snprintf(s->problem, sizeof s->problem, "unknown buffer kind \"%s\"", as);
        return;
    }
    if (!ok_type) {
        snprintf(s->problem, sizeof s->problem, "a \"%s\" buffer holds an R vector of the wrong type", as);
    } else if ((double) (s->written - before) != size) {
        snprintf(s->problem, sizeof s->problem, "a \"%s\" buffer wrote %.0f bytes where its header says %.0f", as,
                 (double) (s->written - before), size);
    }
    put_zeros(s, (size_t) number(piece, "pad", 0));
}

typedef struct {
    sink *s;
    SEXP pieces;
} write_job;

static SEXP run_job(void *data)
{
    write_job *job = data;
    R_xlen_t n = XLENGTH(job->pieces);
    for (R_xlen_t i = 0; i < n && !job->s->error && !job->s->problem[0]; i++) {
        put_piece(job->s, VECTOR_ELT(job->pieces, i));
    }
    if (!job->s->problem[0]) flush(job->s);
    return R_NilValue;
}

/* Runs on success and on an R error alike, so the descriptor never leaks. */
static void close_sink(void *data)
{
    sink *s = data;
    free(s->buffer);
    s->buffer = NULL;
    if (s->fd >= 0 && close(s->fd) != 0 && !s->error) s->error = errno;
    s->fd = -1;
}

/* path: the file to create (truncated if it exists); pieces: list of raw
 * vectors and buffers. Returns the bytes written (double), or a string
 * describing why the file could not be written. */
SEXP braid_write_pieces(SEXP path, SEXP pieces)
{
    if (!Rf_isString(path) || XLENGTH(path) != 1 || TYPEOF(pieces) != VECSXP) {
        Rf_error("braid_write_pieces: path must be a string and pieces a list");
    }
    sink s = {-1, NULL, 0, 0, 0, ""};
    s.buffer = malloc(SINK_CAPACITY);
    if (s.buffer == NULL) Rf_error("braid_write_pieces: out of memory");
    s.fd = open(R_ExpandFileName(Rf_translateChar(STRING_ELT(path, 0))), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_BINARY, 0666);
    if (s.fd < 0) {
        int error = errno;
        free(s.buffer);
        return Rf_mkString(strerror(error));
    }
    write_job job = {&s, pieces};
    R_ExecWithCleanup(run_job, &job, close_sink, &s);
    if (s.problem[0]) Rf_error("braid_write_pieces: %s", s.problem);
    if (s.error) return Rf_mkString(strerror(s.error));
    return Rf_ScalarReal((double) s.written);
}
