/* Registers the package's compiled routines (NAMESPACE: useDynLib(braid, .registration = TRUE)). */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>
#include "braid.h"

static const R_CallMethodDef call_methods[] = {
    {"braid_utf8_measure", (DL_FUNC) &braid_utf8_measure, 2},
    {"braid_validity", (DL_FUNC) &braid_validity, 2},
    {"braid_write_pieces", (DL_FUNC) &braid_write_pieces, 2},
    {"braid_map_open", (DL_FUNC) &braid_map_open, 2},
    {"braid_map_close", (DL_FUNC) &braid_map_close, 1},
    {"braid_map_size", (DL_FUNC) &braid_map_size, 1},
    {"braid_map_bytes", (DL_FUNC) &braid_map_bytes, 3},
    {"braid_map_values", (DL_FUNC) &braid_map_values, 5},
    {"braid_map_int64_beyond", (DL_FUNC) &braid_map_int64_beyond, 5},
    {"braid_map_utf8", (DL_FUNC) &braid_map_utf8, 7},
    {"braid_map_binary", (DL_FUNC) &braid_map_binary, 7},
    {"braid_dictionary_codes", (DL_FUNC) &braid_dictionary_codes, 2},
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
