/* The package's .Call entry points (registered in init.c). */
#ifndef BRAID_H
#define BRAID_H

#include <Rinternals.h>

SEXP braid_utf8_decode(SEXP offsets, SEXP bytes, SEXP validity);
SEXP braid_utf8_encode(SEXP x, SEXP limit, SEXP native_utf8);
SEXP braid_validity(SEXP x, SEXP finite);
SEXP braid_pack_bits(SEXP x);
SEXP braid_unpack_bits(SEXP bytes, SEXP n);
SEXP braid_null_positions(SEXP bytes, SEXP n);
SEXP braid_fork_server_check(SEXP fd);
SEXP braid_fork_server_receive(SEXP fd);
SEXP braid_fork_server_answer(SEXP fd, SEXP text);
SEXP braid_fork_worker(SEXP fd, SEXP fds);
SEXP braid_close_fds(SEXP fds);

#endif
