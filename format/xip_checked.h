/*
 * xip_checked.h: size arithmetic that cannot wrap, for every size computed
 * from an image, a module or a command line (the host compiler and the CLI;
 * the executor keeps its own sums in 64 bits). Each helper stores the exact
 * result and returns 1, or returns 0 (and leaves *out alone) when the result
 * does not fit the type. C99, freestanding.
 */
#ifndef XIP_CHECKED_H
#define XIP_CHECKED_H

#include <stddef.h>
#include <stdint.h>

/* *out = a + b if that fits in 32 bits. */
static inline int xip_add_u32(uint32_t a, uint32_t b, uint32_t *out)
{
    if (a > UINT32_MAX - b)
        return 0;
    *out = a + b;
    return 1;
}

/* *out = a * b if that fits in 32 bits. */
static inline int xip_mul_u32(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b != 0 && a > UINT32_MAX / b)
        return 0;
    *out = a * b;
    return 1;
}

/* *out = a + b if that fits in a size_t (32 bits on a 32-bit host). */
static inline int xip_add_size(size_t a, size_t b, size_t *out)
{
    if (a > SIZE_MAX - b)
        return 0;
    *out = a + b;
    return 1;
}

/* *out = a * b if that fits in a size_t. */
static inline int xip_mul_size(size_t a, size_t b, size_t *out)
{
    if (b != 0 && a > SIZE_MAX / b)
        return 0;
    *out = a * b;
    return 1;
}

/* *out = (count + extra) * size if that fits in a size_t: the bytes of an array with spare elements. */
static inline int xip_array_bytes(uint64_t count, size_t extra, size_t size, size_t *out)
{
    size_t n;
    if (count > SIZE_MAX)
        return 0;
    return xip_add_size((size_t)count, extra, &n) && xip_mul_size(n, size, out);
}

#endif /* XIP_CHECKED_H */
