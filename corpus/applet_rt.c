/*
 * applet_rt.c - minimal runtime linked into every wasm corpus build.
 *
 * clang may emit calls to memcpy/memset/memmove/memcmp/bcmp by itself
 * (struct copies, zero-initialised locals, idiom recognition); with
 * -nostdlib nothing else provides them, so they are defined here.  The
 * native build uses libc instead and must not link this file.
 *
 * The functions carry no_builtin so the optimiser does not turn their own
 * loops back into calls to themselves.
 */
#include "applet.h"

#if defined(__clang__)
#define RT_FN __attribute__((no_builtin))
#else
#define RT_FN
#endif

typedef u32 __attribute__((may_alias)) u32_alias;

int bcmp(const void *a, const void *b, usize n);
usize strlen(const char *s);

RT_FN void *memcpy(void *dst, const void *src, usize n)
{
    u8 *d = (u8 *)dst;
    const u8 *s = (const u8 *)src;
    if ((((usize)d | (usize)s) & 3u) == 0) {
        while (n >= 4) {
            *(u32_alias *)d = *(const u32_alias *)s;
            d += 4;
            s += 4;
            n -= 4;
        }
    }
    while (n != 0) {
        *d++ = *s++;
        n--;
    }
    return dst;
}

RT_FN void *memmove(void *dst, const void *src, usize n)
{
    u8 *d = (u8 *)dst;
    const u8 *s = (const u8 *)src;
    if (d == s || n == 0)
        return dst;
    if (d < s || d >= s + n) {
        while (n != 0) {
            *d++ = *s++;
            n--;
        }
    } else {
        d += n;
        s += n;
        while (n != 0) {
            *--d = *--s;
            n--;
        }
    }
    return dst;
}

RT_FN void *memset(void *dst, int c, usize n)
{
    u8 *d = (u8 *)dst;
    u8 b = (u8)c;
    if (((usize)d & 3u) == 0) {
        u32 w = (u32)b * 0x01010101u;
        while (n >= 4) {
            *(u32_alias *)d = w;
            d += 4;
            n -= 4;
        }
    }
    while (n != 0) {
        *d++ = b;
        n--;
    }
    return dst;
}

RT_FN int memcmp(const void *a, const void *b, usize n)
{
    const u8 *p = (const u8 *)a;
    const u8 *q = (const u8 *)b;
    for (usize i = 0; i < n; i++) {
        if (p[i] != q[i])
            return (int)p[i] - (int)q[i];
    }
    return 0;
}

RT_FN int bcmp(const void *a, const void *b, usize n)
{
    return memcmp(a, b, n);
}

RT_FN usize strlen(const char *s)
{
    usize n = 0;
    while (s[n] != 0)
        n++;
    return n;
}
