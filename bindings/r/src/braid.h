/* The package's .Call entry points (registered in init.c). */
#ifndef BRAID_H
#define BRAID_H

#include <Rinternals.h>

SEXP braid_utf8_measure(SEXP x, SEXP native_utf8);
SEXP braid_validity(SEXP x, SEXP finite);
SEXP braid_write_pieces(SEXP path, SEXP pieces);
SEXP braid_map_open(SEXP path, SEXP populate);
SEXP braid_map_close(SEXP handle);
SEXP braid_map_size(SEXP handle);
SEXP braid_map_bytes(SEXP handle, SEXP offset, SEXP length);
SEXP braid_map_values(SEXP handle, SEXP offset, SEXP n, SEXP kind, SEXP validity);
SEXP braid_map_int64_beyond(SEXP handle, SEXP offset, SEXP n, SEXP is_signed, SEXP validity);
SEXP braid_map_utf8(SEXP handle, SEXP offsets_at, SEXP data_at, SEXP data_size, SEXP n, SEXP large, SEXP validity);
SEXP braid_dictionary_codes(SEXP codes, SEXP size);
SEXP braid_map_binary(SEXP handle, SEXP offsets_at, SEXP data_at, SEXP data_size, SEXP n, SEXP large, SEXP validity);
SEXP braid_fork_server_check(SEXP fd);
SEXP braid_fork_server_receive(SEXP fd);
SEXP braid_fork_server_answer(SEXP fd, SEXP text);
SEXP braid_fork_worker(SEXP fd, SEXP fds);
SEXP braid_close_fds(SEXP fds);

/* Problems with string or binary data, handed back to R as (kind, row),
 * which words the error with the column name. */
enum { BRAID_BAD_OFFSETS = 1, BRAID_BAD_NUL = 2, BRAID_BAD_UTF8 = 3, BRAID_BAD_TOO_LONG = 4 };
SEXP braid_offsets_problem(int kind, R_xlen_t row);

#endif
