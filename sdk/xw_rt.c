/*
 * xw_rt.c: the four memory functions an applet (or the compiler, for struct
 * copies and array initializers) may call, byte by byte: small rather than
 * fast. Built with -fno-builtin so that the loops stay loops.
 */
#include "xipwasm_applet.h"

void *memcpy(void *dst, const void *src, xw_size n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, xw_size n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, xw_size n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, xw_size n)
{
    const unsigned char *p = a, *q = b;
    for (; n--; p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}
