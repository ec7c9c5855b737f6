/* Little-endian integers to and from bytes, as Arrow stores them. */
#ifndef BRAID_ARROW_LE_H
#define BRAID_ARROW_LE_H

#include <Rconfig.h>
#include <stdint.h>
#include <string.h>

static inline void braid_le32(unsigned char *to, uint32_t value)
{
#ifdef WORDS_BIGENDIAN
    for (int k = 0; k < 4; k++) to[k] = (unsigned char) (value >> (8 * k));
#else
    memcpy(to, &value, 4);
#endif
}

static inline void braid_le64(unsigned char *to, uint64_t value)
{
#ifdef WORDS_BIGENDIAN
    for (int k = 0; k < 8; k++) to[k] = (unsigned char) (value >> (8 * k));
#else
    memcpy(to, &value, 8);
#endif
}

static inline uint64_t braid_read_le(const unsigned char *from, int width)
{
    uint64_t value = 0;
#ifdef WORDS_BIGENDIAN
    for (int k = 0; k < width; k++) value |= (uint64_t) from[k] << (8 * k);
#else
    memcpy(&value, from, (size_t) width);
#endif
    return value;
}

#endif
