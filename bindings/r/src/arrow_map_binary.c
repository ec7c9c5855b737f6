/* An Arrow binary / large_binary column of a mapped file -> a list of raw
 * vectors (NULL at the null slots), in one pass over its offsets. */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <stdint.h>
#include <string.h>
#include "braid.h"
#include "arrow_le.h"
#include "arrow_map.h"

/* Arguments as braid_map_utf8(); returns the list, or a double pair
 * (BRAID_BAD_OFFSETS, row) when the offsets decrease or pass the data's end. */
SEXP braid_map_binary(SEXP handle, SEXP offsets_at, SEXP data_at, SEXP data_size, SEXP n, SEXP large, SEXP validity)
{
    const braid_map *map = braid_map_get(handle);
    R_xlen_t count = (R_xlen_t) Rf_asReal(n);
    int width = Rf_asLogical(large) == TRUE ? 8 : 4;
    if (count < 0) Rf_error("braid_map_binary: bad count");
    const unsigned char *valid = braid_map_validity(map, Rf_asReal(validity), count);
    const unsigned char *offsets = braid_map_span(map, Rf_asReal(offsets_at), (double) (count + 1) * width, "binary offsets");
    double size = Rf_asReal(data_size);
    const unsigned char *data = braid_map_span(map, Rf_asReal(data_at), size, "binary data");
    SEXP out = PROTECT(Rf_allocVector(VECSXP, count));
    int64_t start = width == 8 ? (int64_t) braid_read_le(offsets, 8) : (int32_t) (uint32_t) braid_read_le(offsets, 4);
    for (R_xlen_t i = 0; i < count; i++) {
        const unsigned char *at = offsets + (size_t) (i + 1) * width;
        int64_t end = width == 8 ? (int64_t) braid_read_le(at, 8) : (int32_t) (uint32_t) braid_read_le(at, 4);
        if (start < 0 || end < start || (double) end > size) {
            UNPROTECT(1);
            return braid_offsets_problem(BRAID_BAD_OFFSETS, i);
        }
        if (valid == NULL || braid_bit(valid, i)) {
            SEXP bytes = Rf_allocVector(RAWSXP, (R_xlen_t) (end - start));
            SET_VECTOR_ELT(out, i, bytes);
            if (end > start) memcpy(RAW(bytes), data + start, (size_t) (end - start));
        }
        start = end;
    }
    UNPROTECT(1);
    return out;
}
