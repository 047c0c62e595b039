/*
 * applet.h - shared freestanding header for the xipwasm test corpus.
 *
 * Every corpus program includes only this header (plus, optionally, other
 * headers in corpus/).  No libc headers are used, so the same source builds
 * for wasm32 (freestanding, host functions imported from module "env") and
 * natively (host functions implemented by native_host.c with stdio).
 *
 * Portability rules for corpus code: never use `long`, `size_t` or pointer
 * values in arithmetic that reaches the output; use the fixed-width typedefs
 * below.  Output must be identical on wasm32 and x86-64.
 */
#ifndef XIPWASM_APPLET_H
#define XIPWASM_APPLET_H

typedef unsigned char u8;
typedef signed char i8;
typedef unsigned short u16;
typedef short i16;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;
typedef __SIZE_TYPE__ usize;

#ifdef __wasm__
#define APPLET_IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#else
#define APPLET_IMPORT(name)
#endif

#define APPLET_UNUSED __attribute__((unused))

/* Floating point must be evaluated exactly as written: clang's default
 * (-ffp-contract=on) turns a*b+c into llvm.fmuladd, which the optimiser
 * constant-folds as a fused multiply-add while wasm executes a separate
 * multiply and add, so -O2 output could differ from -O0.  (The native gcc
 * build uses -ffp-contract=off for the same reason.) */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

/* ---- host interface (module "env") ---- */
APPLET_IMPORT("print_str") void print_str(const char *ptr, int len);
APPLET_IMPORT("print_i32") void print_i32(int v);
APPLET_IMPORT("print_i64") void print_i64(long long v);
APPLET_IMPORT("print_f64") void print_f64(double v);
/* Non-deterministic: must not be used by corpus programs. */
APPLET_IMPORT("clock_ms") long long clock_ms(void);

/* ---- memory/string primitives ----
 * On wasm these come from applet_rt.c, natively from libc.  The compiler may
 * also emit calls to them on its own (struct copies, array initialisers). */
void *memcpy(void *dst, const void *src, usize n);
void *memmove(void *dst, const void *src, usize n);
void *memset(void *dst, int c, usize n);
int memcmp(const void *a, const void *b, usize n);

/* ---- entry point, exported as "run" ---- */
int run(void);

/* ---- small helpers ---- */
static inline int cstr_len(const char *s)
{
    int n = 0;
    while (s[n] != 0)
        n++;
    return n;
}

static inline void print_cstr(const char *s)
{
    print_str(s, cstr_len(s));
}

static inline void print_nl(void)
{
    print_str("\n", 1);
}

static inline void print_char(char c)
{
    print_str(&c, 1);
}

/* 8 lowercase hex digits, no prefix. */
static inline void print_hex32(u32 v)
{
    static const char digits[] = "0123456789abcdef";
    char buf[8];
    for (int i = 0; i < 8; i++)
        buf[i] = digits[(v >> (28 - 4 * i)) & 15u];
    print_str(buf, 8);
}

static inline void print_hex64(u64 v)
{
    print_hex32((u32)(v >> 32));
    print_hex32((u32)v);
}

/* Bytes as a lowercase hex string (no separators). */
static inline void print_hex_bytes(const u8 *p, int n)
{
    static const char digits[] = "0123456789abcdef";
    char buf[32];
    int k = 0;
    for (int i = 0; i < n; i++) {
        buf[k++] = digits[p[i] >> 4];
        buf[k++] = digits[p[i] & 15];
        if (k == 32) {
            print_str(buf, k);
            k = 0;
        }
    }
    if (k)
        print_str(buf, k);
}

/* "label" followed by a decimal i32 and a newline. */
static inline void print_kv_i32(const char *label, int v)
{
    print_cstr(label);
    print_i32(v);
    print_nl();
}

static inline void print_kv_hex32(const char *label, u32 v)
{
    print_cstr(label);
    print_hex32(v);
    print_nl();
}

/* Deterministic pseudo-random generator (xorshift32); state must be != 0. */
static inline u32 xorshift32(u32 *state)
{
    u32 x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* Fold a 32-bit value into a running checksum (order dependent). */
static inline u32 mix32(u32 acc, u32 v)
{
    acc ^= v + 0x9e3779b9u + (acc << 6) + (acc >> 2);
    return acc;
}

#endif /* XIPWASM_APPLET_H */
