/*
 * xipwasm_applet.h: the host API for xipwasm applets written in C.
 *
 * The functions of import module "env" that `xipwasm run` provides (and the
 * example firmware), and macros to import and export. Freestanding: an
 * applet includes no libc header; sdk/xw_rt.c supplies memcpy, memmove,
 * memset and memcmp, which the compiler may call on its own. Build with
 * sdk/applet.mk (see docs/applets.md). Output has no separators: print a
 * "\n" with print_str where a line should end.
 */
#ifndef XIPWASM_APPLET_H
#define XIPWASM_APPLET_H

/* Declares a function the host provides as env.NAME. */
#define XW_IMPORT(name) __attribute__((import_module("env"), import_name(name)))

/* Exports the function that follows under NAME (what `xipwasm run --invoke NAME` calls). */
#define XW_EXPORT(name) __attribute__((export_name(name)))

/* Writes len bytes of linear memory from ptr (text) to the console; traps if they lie outside memory. */
XW_IMPORT("print_str") void print_str(const char *ptr, int len);

/* Writes a signed decimal: "%d". */
XW_IMPORT("print_i32") void print_i32(int value);

/* Writes a signed decimal: "%lld". */
XW_IMPORT("print_i64") void print_i64(long long value);

/* Writes a double as "%.17g" (round-trips exactly). */
XW_IMPORT("print_f64") void print_f64(double value);

/* Writes a float as "%.9g" (round-trips exactly). */
XW_IMPORT("print_f32") void print_f32(float value);

/* Milliseconds from a monotonic clock (`xipwasm run --fake-clock STEP`: 0, STEP, 2*STEP, ...). */
XW_IMPORT("clock_ms") long long clock_ms(void);

/* Writes a NUL-terminated string. */
static inline void xw_puts(const char *s)
{
    int n = 0;
    while (s[n] != '\0')
        n++;
    print_str(s, n);
}

typedef __SIZE_TYPE__ xw_size;
void *memcpy(void *dst, const void *src, xw_size n);
void *memmove(void *dst, const void *src, xw_size n);
void *memset(void *dst, int c, xw_size n);
int memcmp(const void *a, const void *b, xw_size n);

#endif /* XIPWASM_APPLET_H */
