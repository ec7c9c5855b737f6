/* open() flags that not every system has. */
#ifndef BRAID_ARROW_FD_H
#define BRAID_ARROW_FD_H

#include <fcntl.h>

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif
#ifndef O_BINARY /* Windows: no newline translation */
#define O_BINARY 0
#endif

#endif
