// The LZ4 frame API (LZ4F_*): Arrow's LZ4_FRAME body codec is the frame format,
// not the raw block format.
#include <lz4frame.h>
