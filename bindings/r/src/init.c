/* Registers the package's compiled routines (NAMESPACE: useDynLib(braid, .registration = TRUE)). */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>
#include "braid.h"

static const R_CallMethodDef call_methods[] = {
    {"braid_utf8_decode", (DL_FUNC) &braid_utf8_decode, 3},
    {"braid_utf8_encode", (DL_FUNC) &braid_utf8_encode, 3},
    {"braid_validity", (DL_FUNC) &braid_validity, 2},
    {"braid_pack_bits", (DL_FUNC) &braid_pack_bits, 1},
    {"braid_unpack_bits", (DL_FUNC) &braid_unpack_bits, 2},
    {"braid_null_positions", (DL_FUNC) &braid_null_positions, 2},
    {"braid_fork_server_check", (DL_FUNC) &braid_fork_server_check, 1},
    {"braid_fork_server_receive", (DL_FUNC) &braid_fork_server_receive, 1},
    {"braid_fork_server_answer", (DL_FUNC) &braid_fork_server_answer, 2},
    {"braid_fork_worker", (DL_FUNC) &braid_fork_worker, 2},
    {"braid_close_fds", (DL_FUNC) &braid_close_fds, 1},
    {NULL, NULL, 0}
};

void R_init_braid(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, call_methods, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
}
