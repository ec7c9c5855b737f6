/* A whole Arrow file mapped into memory (or read into it), shared by the
 * routines that turn its buffers into R vectors. */
#ifndef BRAID_ARROW_MAP_H
#define BRAID_ARROW_MAP_H

#include <stddef.h>
#include <Rinternals.h>

typedef struct {
    unsigned char *base;
    size_t size;
    int mapped; /* 1: mmap(), 0: malloc() and read() */
} braid_map;

/* The open map behind an external pointer from braid_map_open(); an R error if closed. */
const braid_map *braid_map_get(SEXP handle);

/* The `length` bytes at `offset`, or an R error naming `what` when they lie outside the file. */
const unsigned char *braid_map_span(const braid_map *map, double offset, double length, const char *what);

/* A validity bitmap of n bits at `offset`; NULL when offset < 0 (no nulls). */
const unsigned char *braid_map_validity(const braid_map *map, double offset, R_xlen_t n);

static inline int braid_bit(const unsigned char *bits, R_xlen_t i)
{
    return (bits[i >> 3] >> (i & 7)) & 1;
}

#endif
