/* Arrow files are read through one mapping of the whole file: buffers are
 * copied (or decoded) once, from the page cache into the R vectors, with no
 * raw vector or connection in between. Where mmap() fails (a file system
 * without it), the file is read into memory instead. */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifndef _WIN32
#include <sys/mman.h>
#endif
#include "braid.h"
#include "arrow_map.h"
#include "arrow_fd.h"

static SEXP map_tag(void)
{
    static SEXP tag = NULL;
    if (tag == NULL) tag = Rf_install("braid_arrow_map");
    return tag;
}

static void release(braid_map *map)
{
    if (map->base != NULL) {
#ifndef _WIN32
        if (map->mapped) munmap(map->base, map->size);
        else
#endif
            free(map->base);
    }
    map->base = NULL;
    map->size = 0;
}

static void finalize(SEXP handle)
{
    braid_map *map = R_ExternalPtrAddr(handle);
    if (map != NULL) {
        release(map);
        free(map);
        R_ClearExternalPtr(handle);
    }
}

static int read_whole(int fd, braid_map *map)
{
    map->base = malloc(map->size);
    if (map->base == NULL) return ENOMEM;
    size_t done = 0;
    while (done < map->size) {
        ssize_t got = read(fd, map->base + done, map->size - done);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            int error = got < 0 ? errno : EIO;
            free(map->base);
            map->base = NULL;
            return error;
        }
        done += (size_t) got;
    }
    return 0;
}

/* path: the file; populate: whether to fault every page in at once (when
 * all of it will be read). Returns the map's external pointer, or a string
 * saying why the file could not be opened. */
SEXP braid_map_open(SEXP path, SEXP populate)
{
    if (!Rf_isString(path) || XLENGTH(path) != 1) Rf_error("braid_map_open: path must be a string");
    int fd = open(R_ExpandFileName(Rf_translateChar(STRING_ELT(path, 0))), O_RDONLY | O_CLOEXEC | O_BINARY);
    if (fd < 0) return Rf_mkString(strerror(errno));
    struct stat info;
    if (fstat(fd, &info) != 0) {
        int error = errno;
        close(fd);
        return Rf_mkString(strerror(error));
    }
    braid_map *map = calloc(1, sizeof *map);
    if (map == NULL) {
        close(fd);
        Rf_error("braid_map_open: out of memory");
    }
    map->size = (size_t) info.st_size;
    if (map->size > 0) {
#ifndef _WIN32
        int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
        if (Rf_asLogical(populate) == TRUE) flags |= MAP_POPULATE;
#endif
        void *base = mmap(NULL, map->size, PROT_READ, flags, fd, 0);
        if (base != MAP_FAILED) {
            map->base = base;
            map->mapped = 1;
        }
#endif
        if (!map->mapped) {
            int error = read_whole(fd, map);
            if (error) {
                close(fd);
                free(map);
                return Rf_mkString(strerror(error));
            }
        }
    }
    close(fd); /* a mapping outlives its descriptor */
    SEXP handle = PROTECT(R_MakeExternalPtr(map, map_tag(), R_NilValue));
    R_RegisterCFinalizerEx(handle, finalize, TRUE);
    UNPROTECT(1);
    return handle;
}

/* Unmaps now rather than at the next garbage collection. */
SEXP braid_map_close(SEXP handle)
{
    if (TYPEOF(handle) == EXTPTRSXP && R_ExternalPtrTag(handle) == map_tag()) finalize(handle);
    return R_NilValue;
}

const braid_map *braid_map_get(SEXP handle)
{
    if (TYPEOF(handle) != EXTPTRSXP || R_ExternalPtrTag(handle) != map_tag()) {
        Rf_error("braid: not an Arrow file map");
    }
    const braid_map *map = R_ExternalPtrAddr(handle);
    if (map == NULL) Rf_error("braid: the Arrow file map is closed");
    return map;
}

const unsigned char *braid_map_span(const braid_map *map, double offset, double length, const char *what)
{
    if (!(offset >= 0) || !(length >= 0) || offset + length > (double) map->size) {
        Rf_error("malformed Arrow IPC data: %s (%.0f bytes at offset %.0f) lies outside the %.0f-byte file", what,
                 length, offset, (double) map->size);
    }
    return map->base + (size_t) offset;
}

const unsigned char *braid_map_validity(const braid_map *map, double offset, R_xlen_t n)
{
    if (offset < 0) return NULL;
    return braid_map_span(map, offset, (double) ((n + 7) / 8), "a validity bitmap");
}

SEXP braid_map_size(SEXP handle)
{
    return Rf_ScalarReal((double) braid_map_get(handle)->size);
}

/* The bytes at [offset, offset + length) as a raw vector. */
SEXP braid_map_bytes(SEXP handle, SEXP offset, SEXP length)
{
    const braid_map *map = braid_map_get(handle);
    double count = Rf_asReal(length);
    const unsigned char *from = braid_map_span(map, Rf_asReal(offset), count, "a read");
    SEXP out = PROTECT(Rf_allocVector(RAWSXP, (R_xlen_t) count));
    if (count > 0) memcpy(RAW(out), from, (size_t) count);
    UNPROTECT(1);
    return out;
}
