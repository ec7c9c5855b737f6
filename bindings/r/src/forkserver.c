/* The system calls of the R fork server (R/forkserver.R): receiving a request
 * with its descriptors, forking a worker twice so that it becomes the engine's
 * child, and answering. R has no access to SCM_RIGHTS, fork or setpgid. */
#define R_NO_REMAP
#define _GNU_SOURCE
#include <R.h>
#include <Rinternals.h>
#include <Rembedded.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "braid.h"

#define WORKER_FDS 4
#define MAX_REQUEST (1 << 20) /* a whole environment fits */

static int socket_fd(SEXP fd)
{
    int value = Rf_asInteger(fd);
    if (value == NA_INTEGER || value < 0) Rf_error("the fork server's socket must be a descriptor number");
    return value;
}

static int temp_dir_replaceable(void);

/* NULL when the server can serve: fd is the engine's socket (it is then made
 * close-on-exec, so no process a step starts keeps it open) and R's temporary
 * directory can be replaced in workers; otherwise why not. */
SEXP braid_fork_server_check(SEXP fd)
{
    int sock = socket_fd(fd);
    struct stat info;
    char text[200];
    const char *problem = fstat(sock, &info) != 0 ? strerror(errno) : !S_ISSOCK(info.st_mode) ? "not a socket" : NULL;
    if (problem != NULL) {
        snprintf(text, sizeof text, "fd %d is not the engine's socket (%s); the engine starts the fork server", sock, problem);
        return Rf_mkString(text);
    }
    if (fcntl(sock, F_SETFD, FD_CLOEXEC) != 0) return Rf_mkString(strerror(errno));
    if (!temp_dir_replaceable()) {
        snprintf(text, sizeof text, "R's temporary directory %.100s is not named <dir>/RtmpXXXXXX", R_TempDir ? R_TempDir : "(none)");
        return Rf_mkString(text);
    }
    return R_NilValue;
}

/* The next request: list(message = <raw>, fds = <integer>), or NULL when the
 * engine closed its end. Blocks until a request comes. */
SEXP braid_fork_server_receive(SEXP fd)
{
    int sock = socket_fd(fd);
    char *buffer = R_alloc(MAX_REQUEST, 1);
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int) * WORKER_FDS * 2)];
    } control;
    struct iovec vector = {buffer, MAX_REQUEST};
    struct msghdr message;
    ssize_t count;
    do {
        memset(&message, 0, sizeof message);
        message.msg_iov = &vector;
        message.msg_iovlen = 1;
        message.msg_control = control.space;
        message.msg_controllen = sizeof control.space;
        count = recvmsg(sock, &message, MSG_CMSG_CLOEXEC);
    } while (count < 0 && errno == EINTR);
    if (count < 0) Rf_error("recvmsg on the fork server's socket: %s", strerror(errno));
    if (count == 0) return R_NilValue;

    int fds[WORKER_FDS * 2];
    int received = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c != NULL; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        int n = (int) ((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        for (int i = 0; i < n && received < WORKER_FDS * 2; i++) memcpy(&fds[received++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
    }
    SEXP result = PROTECT(Rf_allocVector(VECSXP, 3));
    SEXP names = PROTECT(Rf_allocVector(STRSXP, 3));
    SEXP text = Rf_allocVector(RAWSXP, count);
    SET_VECTOR_ELT(result, 0, text);
    memcpy(RAW(text), buffer, (size_t) count);
    SEXP numbers = Rf_allocVector(INTSXP, received);
    SET_VECTOR_ELT(result, 1, numbers);
    memcpy(INTEGER(numbers), fds, sizeof(int) * (size_t) received);
    /* A datagram cut short (MSG_TRUNC/MSG_CTRUNC) is a bad request, answered as such. */
    SET_VECTOR_ELT(result, 2, Rf_ScalarLogical((message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0));
    SET_STRING_ELT(names, 0, Rf_mkChar("message"));
    SET_STRING_ELT(names, 1, Rf_mkChar("fds"));
    SET_STRING_ELT(names, 2, Rf_mkChar("truncated"));
    Rf_setAttrib(result, R_NamesSymbol, names);
    UNPROTECT(2);
    return result;
}

SEXP braid_fork_server_answer(SEXP fd, SEXP text)
{
    int sock = socket_fd(fd);
    if (!Rf_isString(text) || XLENGTH(text) != 1) Rf_error("the answer must be one string");
    const char *bytes = CHAR(STRING_ELT(text, 0));
    size_t length = strlen(bytes);
    ssize_t sent;
    do sent = send(sock, bytes, length, MSG_NOSIGNAL);
    while (sent < 0 && errno == EINTR);
    if (sent < 0) Rf_error("send on the fork server's socket: %s", strerror(errno));
    return R_NilValue;
}

SEXP braid_close_fds(SEXP fds)
{
    SEXP numbers = PROTECT(Rf_coerceVector(fds, INTSXP));
    for (R_xlen_t i = 0; i < XLENGTH(numbers); i++) {
        if (INTEGER(numbers)[i] != NA_INTEGER && INTEGER(numbers)[i] >= 0) close(INTEGER(numbers)[i]);
    }
    UNPROTECT(1);
    return R_NilValue;
}

/* A per-process R temporary directory. The server's would be shared, and
 * deleted by the first worker to exit: R removes its session directory at
 * exit through a second pointer to the same buffer as R_TempDir (R makes it
 * "<tmpdir>/RtmpXXXXXX"), so the new name, made from the same template, is
 * written over the old one in that buffer. */
static const char temp_template[] = "RtmpXXXXXX";

static int temp_dir_replaceable(void)
{
    const char *slash = R_TempDir ? strrchr(R_TempDir, '/') : NULL;
    return slash != NULL && slash != R_TempDir && strncmp(slash + 1, "Rtmp", 4) == 0 &&
           strlen(slash + 1) == sizeof temp_template - 1;
}

static int new_temp_dir(void)
{
    char path[PATH_MAX];
    const char *slash = strrchr(R_TempDir, '/');
    int written = snprintf(path, sizeof path, "%.*s/%s", (int) (slash - R_TempDir), R_TempDir, temp_template);
    if (written < 0 || (size_t) written >= sizeof path || mkdtemp(path) == NULL) return -1;
    memcpy(R_TempDir, path, strlen(path)); /* same length: see above */
    return setenv("R_SESSION_TMPDIR", R_TempDir, 1);
}

/* In the worker: its own process group, stdin from /dev/null, the four
 * received descriptors on fds 1-4, nothing else of the server's (its socket,
 * the received copies), and a temporary directory of its own. */
static int become_worker(int sock, const int *fds)
{
    if (setpgid(0, 0) != 0 && errno != EACCES) return -1; /* EACCES: the parent set it already */
    close(sock);
    /* Above 4 first, so that placing one on fd i + 1 cannot clobber another not yet placed. */
    int high[WORKER_FDS];
    for (int i = 0; i < WORKER_FDS; i++) {
        high[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, WORKER_FDS + 1);
        if (high[i] < 0) return -1;
        if (fds[i] != high[i]) close(fds[i]);
    }
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0) return -1;
    for (int i = 0; i < WORKER_FDS; i++) {
        if (dup2(high[i], i + 1) < 0) return -1; /* dup2 clears close-on-exec */
        close(high[i]);
    }
    if (null > WORKER_FDS) close(null);
    return new_temp_dir();
}

/* Forks twice. In the server: returns the worker's pid once its first parent
 * has exited (the worker is then the engine's child, the engine being a child
 * subreaper). In the worker: returns 0, with fds 0-4 in place, to the R code
 * that runs the worker loop. */
SEXP braid_fork_worker(SEXP fd, SEXP fds)
{
    int sock = socket_fd(fd);
    if (!Rf_isInteger(fds) || XLENGTH(fds) != WORKER_FDS) Rf_error("a worker needs %d descriptors", WORKER_FDS);
    int worker_fds[WORKER_FDS];
    for (int i = 0; i < WORKER_FDS; i++) {
        worker_fds[i] = INTEGER(fds)[i];
        if (worker_fds[i] < 0 || fcntl(worker_fds[i], F_GETFD) < 0) Rf_error("descriptor %d is not open", worker_fds[i]);
    }
    R_FlushConsole();
    fflush(stdout); /* nothing the server buffered may reach a worker's output */
    fflush(stderr);
    int pid_pipe[2];
    if (pipe2(pid_pipe, O_CLOEXEC) != 0) Rf_error("pipe: %s", strerror(errno));
    pid_t middle = fork();
    if (middle < 0) {
        int saved = errno;
        close(pid_pipe[0]);
        close(pid_pipe[1]);
        Rf_error("fork: %s", strerror(saved));
    }
    if (middle == 0) {
        pid_t worker = fork();
        if (worker == 0) {
            close(pid_pipe[0]);
            close(pid_pipe[1]);
            if (become_worker(sock, worker_fds) != 0) {
                dprintf(2, "braid fork server: the worker could not start: %s\n", strerror(errno));
                _exit(1);
            }
            return Rf_ScalarInteger(0);
        }
        if (worker > 0) {
            /* Both sides set the group, so it exists before the engine hears the pid (and may signal it). */
            setpgid(worker, worker);
            char text[32];
            int length = snprintf(text, sizeof text, "%d", (int) worker);
            ssize_t ignored = write(pid_pipe[1], text, (size_t) length);
            (void) ignored;
        }
        _exit(0);
    }
    close(pid_pipe[1]);
    char text[32] = {0};
    ssize_t count, total = 0;
    while (total < (ssize_t) sizeof text - 1) {
        count = read(pid_pipe[0], text + total, sizeof text - 1 - (size_t) total);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
        total += count;
    }
    close(pid_pipe[0]);
    while (waitpid(middle, NULL, 0) < 0 && errno == EINTR) {
    }
    if (total == 0) Rf_error("the fork server could not fork a worker");
    return Rf_ScalarInteger(atoi(text));
}
