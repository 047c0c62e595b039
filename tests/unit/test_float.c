/*
 * test_float.c: unit tests for executor/xip_float.c against the host's libm
 * and C conversions (IEEE 754 with round to nearest even, as on x86-64) and
 * against the spec test cases of conversions.wast and float_misc.wast.
 *
 *   cc -std=c99 -I. -Iformat -Iexecutor tests/unit/test_float.c executor/xip_float.c -lm
 *   ./a.out          sampled run (tens of millions of f32 patterns)
 *   ./a.out --full   every f32 bit pattern (minutes)
 *
 * Prints one line per failure (at most a few per check) and exits non-zero on failure.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "float_from_int.h"
#include "xip_float.h"


/* Counts a check; prints the first few failures of each `what`. */
static void expect(int ok, const char *what, uint64_t in, uint64_t got, uint64_t want)
{
    static const char *last_what;
    static int shown;

    check_total++;
    if (ok)
        return;
    check_failed++;
    if (what != last_what) {
        last_what = what;
        shown = 0;
    }
    if (shown++ < 5)
        printf("FAIL %s: in 0x%016llx got 0x%016llx want 0x%016llx\n", what,
               (unsigned long long)in, (unsigned long long)got, (unsigned long long)want);
}

/* Fixed-seed xorshift64* generator. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1du;
}

static float f32_of(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static uint32_t bits_f32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static double f64_of(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static uint64_t bits_f64(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }

static int nan32(uint32_t b) { return (b & 0x7fffffffu) > 0x7f800000u; }
static int nan64(uint64_t b) { return (b & 0x7fffffffffffffffu) > 0x7ff0000000000000u; }
static int canon32(uint32_t b) { return (b & 0x7fffffffu) == 0x7fc00000u; }
static int canon64(uint64_t b) { return (b & 0x7fffffffffffffffu) == 0x7ff8000000000000u; }

/* Interesting f32 patterns: zeros, subnormal and normal limits, integers, halves, NaNs. */
static const uint32_t special32[] = {
    0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000,
    0x80800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
    0x7fa00000, 0xffa00000, 0x7f800001, 0x7fbfffff, 0x7fffffff, 0xffffffff, 0x3f800000,
    0xbf800000, 0x3f000000, 0xbf000000, 0x3f000001, 0xbf000001, 0x3effffff, 0xbeffffff,
    0x3fc00000, 0xbfc00000, 0x40200000, 0xc0200000, 0x4b000000, 0x4affffff, 0xcaffffff,
    0x4b7fffff, 0x4b800000, 0x3f7fffff, 0xbf7fffff, 0x4effffff, 0x4f000000, 0xcf000000,
    0xcf000001, 0x4f800000, 0x4f7fffff, 0x5effffff, 0x5f000000, 0xdf000000, 0x5f800000,
    0x40490fdb, 0x00400000, 0x3e800000, 0x40000000, 0x40400000, 0x40800000,
};

/* Interesting f64 patterns. */
static const uint64_t special64[] = {
    0x0000000000000000u, 0x8000000000000000u, 0x0000000000000001u, 0x8000000000000001u,
    0x000fffffffffffffu, 0x800fffffffffffffu, 0x0010000000000000u, 0x8010000000000000u,
    0x7fefffffffffffffu, 0xffefffffffffffffu, 0x7ff0000000000000u, 0xfff0000000000000u,
    0x7ff8000000000000u, 0xfff8000000000000u, 0x7ff4000000000000u, 0xfff4000000000000u,
    0x7ff0000000000001u, 0x7ff7ffffffffffffu, 0x7fffffffffffffffu, 0xffffffffffffffffu,
    0x3ff0000000000000u, 0xbff0000000000000u, 0x3fe0000000000000u, 0xbfe0000000000000u,
    0x3fe0000000000001u, 0xbfe0000000000001u, 0x3fdfffffffffffffu, 0xbfdfffffffffffffu,
    0x3ff8000000000000u, 0xbff8000000000000u, 0x4004000000000000u, 0xc004000000000000u,
    0x4330000000000000u, 0x432fffffffffffffu, 0xc32fffffffffffffu, 0x433fffffffffffffu,
    0x4340000000000000u, 0x3fefffffffffffffu, 0xbfefffffffffffffu, 0x41dfffffffc00000u,
    0x41e0000000000000u, 0xc1e0000000000000u, 0xc1e0000000200000u, 0xc1dfffffffffffffu,
    0x41efffffffffffffu, 0x41f0000000000000u, 0x43dfffffffffffffu, 0x43e0000000000000u,
    0xc3e0000000000000u, 0xc3e0000000000001u, 0x43efffffffffffffu, 0x43f0000000000000u,
    0x400921fb54442d18u, 0x47efffffe0000000u, 0x47efffffefffffffu, 0x47effffff0000000u,
    0x36a0000000000000u, 0x36a0000000000001u, 0x3690000000000000u, 0x3690000000000001u,
    0x380fffffe0000000u, 0x380ffffff0000000u, 0x3810000000000000u, 0x0008000000000000u,
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- rounding to integral and sqrt ------------------------------------- */

/* Checks an f32 unary result against the host's for x. */
static void check_unary32(const char *what, uint32_t x, uint32_t got, float want_f)
{
    uint32_t want = bits_f32(want_f);

    if (nan32(x))
        expect(got == (x | 0x00400000u), what, x, got, x | 0x00400000u);
    else if (nan32(want))
        expect(nan32(got) && canon32(got), what, x, got, want);
    else
        expect(got == want, what, x, got, want);
}

/* Checks an f64 unary result against the host's for x. */
static void check_unary64(const char *what, uint64_t x, uint64_t got, double want_d)
{
    uint64_t want = bits_f64(want_d);

    if (nan64(x))
        expect(got == (x | 0x0008000000000000u), what, x, got, x | 0x0008000000000000u);
    else if (nan64(want))
        expect(nan64(got) && canon64(got), what, x, got, want);
    else
        expect(got == want, what, x, got, want);
}

/* All f32 unary operations and the promotion on one pattern. */
static void check_f32(uint32_t x)
{
    float f = f32_of(x);
    uint64_t p = xipi_f32_to_f64_bits(x);

    check_unary32("f32.ceil", x, xipi_f32_ceil(x), ceilf(f));
    check_unary32("f32.floor", x, xipi_f32_floor(x), floorf(f));
    check_unary32("f32.trunc", x, xipi_f32_trunc(x), truncf(f));
    check_unary32("f32.nearest", x, xipi_f32_nearest(x), nearbyintf(f));
    check_unary32("f32.sqrt", x, xipi_f32_sqrt(x), sqrtf(f));
    if (nan32(x)) {
        uint64_t want = ((uint64_t)(x >> 31) << 63) | 0x7ff8000000000000u |
                        ((uint64_t)(x & 0x7fffff) << 29);
        expect(p == want, "f64.promote_f32 nan", x, p, want);
    } else {
        expect(p == bits_f64((double)f), "f64.promote_f32", x, p, bits_f64((double)f));
        /* promotion then demotion is the identity */
        expect(xipi_f64_to_f32_bits(p) == x, "demote(promote)", x, xipi_f64_to_f32_bits(p), x);
    }
}

/* All f64 unary operations and the demotion on one pattern. */
static void check_f64(uint64_t x)
{
    double d = f64_of(x);
    uint32_t m = xipi_f64_to_f32_bits(x);

    check_unary64("f64.ceil", x, xipi_f64_ceil(x), ceil(d));
    check_unary64("f64.floor", x, xipi_f64_floor(x), floor(d));
    check_unary64("f64.trunc", x, xipi_f64_trunc(x), trunc(d));
    check_unary64("f64.nearest", x, xipi_f64_nearest(x), nearbyint(d));
    check_unary64("f64.sqrt", x, xipi_f64_sqrt(x), sqrt(d));
    if (nan64(x)) {
        uint32_t want = (uint32_t)(x >> 63 << 31) | 0x7fc00000u | (uint32_t)((x >> 29) & 0x7fffff);
        expect(m == want, "f32.demote_f64 nan", x, m, want);
    } else {
        expect(m == bits_f32((float)d), "f32.demote_f64", x, m, bits_f32((float)d));
    }
}

/* f32: specials, every exponent with many fractions, random patterns (or all). */
static void test_f32_unary(int full)
{
    uint32_t i, top, low;
    uint64_t n;

    for (i = 0; i < COUNT(special32); i++) {
        check_f32(special32[i]);
        check_f32(special32[i] + 1);
        check_f32(special32[i] - 1);
    }
    if (full) {
        uint32_t x = 0;
        do
            check_f32(x);
        while (++x != 0);
        return;
    }
    /* every sign and exponent, with the 7 top and 7 low fraction bits exhaustive */
    for (top = 0; top < 512; top++)
        for (low = 0; low < (1u << 14); low++)
            check_f32(top << 23 | (low >> 7) << 16 | (low & 0x7f));
    for (n = 0; n < 24000000u; n++)
        check_f32((uint32_t)(rnd() >> 32));
}

/* A random f64 whose exponent is within [lo, hi] (unbiased), random sign and fraction. */
static uint64_t rnd_f64_exp(int lo, int hi)
{
    uint64_t r = rnd();
    int e = lo + (int)(rnd() % (uint64_t)(hi - lo + 1));

    return (r & 0x800fffffffffffffu) | ((uint64_t)(e + 1023) << 52);
}

/* f64: specials, random patterns, values near integers and near the f32 range. */
static void test_f64_unary(void)
{
    uint32_t i;
    uint64_t n;

    for (i = 0; i < COUNT(special64); i++) {
        check_f64(special64[i]);
        check_f64(special64[i] + 1);
        check_f64(special64[i] - 1);
    }
    for (n = 0; n < 3000000u; n++) {
        check_f64(rnd());
        check_f64(rnd_f64_exp(-3, 54));         /* fractional parts */
        check_f64(rnd_f64_exp(-160, -120));     /* f32 subnormal range for demotion */
        check_f64(rnd_f64_exp(120, 129));       /* f32 overflow boundary */
        check_f64(rnd() & 0x800000003fffffffu); /* f64 subnormals with demotion ties */
        check_f64((rnd() & 0xfff0000000000000u) | 0x10000000u); /* exact halfway cases */
    }
}

/* ---- min and max --------------------------------------------------------- */

/* Wasm min/max on host doubles (-0 < +0); NaN results are flagged by *is_nan. */
static double ref_min_max(double a, double b, int want_max, int *is_nan)
{
    *is_nan = isnan(a) || isnan(b);
    if (a == b) /* equal, or zeros of either sign: min takes a -0, max a +0 */
        return (signbit(a) != 0) == (want_max != 0) ? b : a;
    if (want_max)
        return a > b ? a : b;
    return a < b ? a : b;
}

/* The min/max of a pair of f32 patterns, both ways. */
static void check_min_max32(uint32_t a, uint32_t b)
{
    int k, is_nan;

    for (k = 0; k < 2; k++) {
        uint32_t got = k ? xipi_f32_max(a, b) : xipi_f32_min(a, b);
        uint32_t want = bits_f32((float)ref_min_max(f32_of(a), f32_of(b), k, &is_nan));
        const char *what = k ? "f32.max" : "f32.min";

        if (is_nan) /* an input NaN, quieted */
            expect(got == ((nan32(a) ? a : b) | 0x00400000u), what, (uint64_t)a << 32 | b, got, want);
        else
            expect(got == want, what, (uint64_t)a << 32 | b, got, want);
    }
}

/* The min/max of a pair of f64 patterns, both ways. */
static void check_min_max64(uint64_t a, uint64_t b)
{
    int k, is_nan;

    for (k = 0; k < 2; k++) {
        uint64_t got = k ? xipi_f64_max(a, b) : xipi_f64_min(a, b);
        uint64_t want = bits_f64(ref_min_max(f64_of(a), f64_of(b), k, &is_nan));
        const char *what = k ? "f64.max" : "f64.min";

        if (is_nan)
            expect(got == ((nan64(a) ? a : b) | 0x0008000000000000u), what, a, got, want);
        else
            expect(got == want, what, a, got, want);
    }
}

/* All pairs of specials, then random pairs (same-sign pairs too). */
static void test_min_max(void)
{
    uint32_t i, j;
    uint64_t n;

    for (i = 0; i < COUNT(special32); i++)
        for (j = 0; j < COUNT(special32); j++)
            check_min_max32(special32[i], special32[j]);
    for (i = 0; i < COUNT(special64); i++)
        for (j = 0; j < COUNT(special64); j++)
            check_min_max64(special64[i], special64[j]);
    for (n = 0; n < 2000000u; n++) {
        uint64_t a = rnd(), b = rnd();
        check_min_max32((uint32_t)a, (uint32_t)b);
        check_min_max32((uint32_t)a, (uint32_t)a ^ (uint32_t)(b & 0xff));
        check_min_max64(a, b);
        check_min_max64(a, a ^ (b & 0xffff));
    }
    /* the spec's NaN rule does not depend on the order */
    expect(nan32(xipi_f32_min(0x7f800001u, 0x3f800000u)), "f32.min snan", 0, 0, 0);
    expect(xipi_f64_max(0x8000000000000000u, 0) == 0, "f64.max -0 +0", 0, 0, 0);
    expect(xipi_f64_min(0, 0x8000000000000000u) == 0x8000000000000000u, "f64.min +0 -0", 0, 0, 0);
}

/* ---- truncation to integers ---------------------------------------------- */

/* Reference truncation of a host double; returns 0 ok, 1 overflow, 2 NaN. */
static int ref_trunc(double d, int is_signed, int bits, uint64_t *out)
{
    if (isnan(d))
        return 2;
    if (bits == 32 && is_signed) {
        if (!(d > -2147483649.0 && d < 2147483648.0))
            return 1;
        *out = (uint32_t)(int32_t)d;
    } else if (bits == 32) {
        if (!(d > -1.0 && d < 4294967296.0))
            return 1;
        *out = (uint32_t)d;
    } else if (is_signed) {
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
            return 1;
        *out = (uint64_t)(int64_t)d;
    } else {
        if (!(d > -1.0 && d < 18446744073709551616.0))
            return 1;
        *out = (uint64_t)d;
    }
    return 0;
}

/* The trapping and the saturating truncation of one f64 pattern, all four types. */
static void check_trunc(uint64_t x)
{
    static const char *const names[4] = {"trunc u32", "trunc s32", "trunc u64", "trunc s64"};
    int k;

    for (k = 0; k < 4; k++) {
        int is_signed = k & 1, bits = k < 2 ? 32 : 64;
        uint64_t got = 0x5a5a, want = 0, sat, want_sat;
        int ref = ref_trunc(f64_of(x), is_signed, bits, &want);
        xip_status st = xipi_trunc_f64(x, is_signed, bits, &got);
        xip_status want_st = ref == 0 ? XIP_OK : ref == 1 ? XIP_TRAP_INTEGER_OVERFLOW
                                                          : XIP_TRAP_INVALID_CONVERSION;

        expect(st == want_st, names[k], x, (uint64_t)st, (uint64_t)want_st);
        if (st == XIP_OK && ref == 0)
            expect(got == want, names[k], x, got, want);
        sat = xipi_trunc_sat_f64(x, is_signed, bits);
        if (ref == 0)
            want_sat = want;
        else if (ref == 2)
            want_sat = 0;
        else if (x >> 63)
            want_sat = is_signed ? (uint64_t)1 << (bits - 1) : 0;
        else
            want_sat = (~(uint64_t)0 >> (64 - bits)) >> is_signed;
        expect(sat == want_sat, "trunc_sat", x, sat, want_sat);
    }
}

/* The boundaries of the brief, each type's limits +-1 ulp, random values near them. */
static void test_trunc(void)
{
    static const double edges[] = {
        -2147483648.9, -2147483649.0, -2147483648.0, 2147483647.9, 2147483648.0,
        4294967295.9, 4294967296.0, -0.9, -1.0, -0.0, 0.0, 0.9, 1.0,
        -9223372036854775808.0, 9223372036854775808.0, 18446744073709551616.0,
        18446744073709549568.0, 9223372036854774784.0, -9223372036854777856.0,
    };
    uint64_t out = 7;
    uint32_t i;
    uint64_t n;
    int d;

    for (i = 0; i < COUNT(edges); i++)
        for (d = -2; d <= 2; d++)
            check_trunc(bits_f64(edges[i]) + (uint64_t)(int64_t)d);
    for (i = 0; i < COUNT(special64); i++)
        check_trunc(special64[i]);
    for (n = 0; n < 2000000u; n++) {
        check_trunc(rnd_f64_exp(-2, 66));
        check_trunc(rnd());
    }
    /* the cases the brief names */
    expect(xipi_trunc_f64(bits_f64(-2147483648.9), 1, 32, &out) == XIP_OK && out == 0x80000000u,
           "brief -2147483648.9", out, 0, 0);
    expect(xipi_trunc_f64(bits_f64(-2147483649.0), 1, 32, &out) == XIP_TRAP_INTEGER_OVERFLOW,
           "brief -2147483649.0", 0, 0, 0);
    expect(xipi_trunc_f64(bits_f64(4294967295.9), 0, 32, &out) == XIP_OK && out == 0xffffffffu,
           "brief 4294967295.9", out, 0, 0);
    expect(xipi_trunc_f64(bits_f64(-0.9), 0, 32, &out) == XIP_OK && out == 0, "brief -0.9", out, 0, 0);
    expect(xipi_trunc_f64(bits_f64(-1.0), 0, 64, &out) == XIP_TRAP_INTEGER_OVERFLOW, "u64 -1", 0, 0, 0);
    expect(xipi_trunc_f64(0x7ff8000000000000u, 1, 64, &out) == XIP_TRAP_INVALID_CONVERSION,
           "nan", 0, 0, 0);
    expect(xipi_trunc_f64(0xfff0000000000000u, 1, 64, &out) == XIP_TRAP_INTEGER_OVERFLOW,
           "-inf", 0, 0, 0);
}

/* ---- integer to float ------------------------------------------------------ */

/* All four conversions of one 64-bit integer against the host's (and the i32 forms). */
static void check_from_int(uint64_t v)
{
    uint32_t w = (uint32_t)v;
    uint32_t g32;
    uint64_t g64;

    g32 = test_f32_from_i64(v, 1);
    expect(g32 == bits_f32((float)(int64_t)v), "f32.convert_i64_s", v, g32, bits_f32((float)(int64_t)v));
    g32 = test_f32_from_i64(v, 0);
    expect(g32 == bits_f32((float)v), "f32.convert_i64_u", v, g32, bits_f32((float)v));
    g64 = test_f64_from_i64(v, 1);
    expect(g64 == bits_f64((double)(int64_t)v), "f64.convert_i64_s", v, g64, bits_f64((double)(int64_t)v));
    g64 = test_f64_from_i64(v, 0);
    expect(g64 == bits_f64((double)v), "f64.convert_i64_u", v, g64, bits_f64((double)v));
    /* i32 forms: the caller extends to 64 bits */
    g32 = test_f32_from_i64((uint64_t)(int64_t)(int32_t)w, 1);
    expect(g32 == bits_f32((float)(int32_t)w), "f32.convert_i32_s", w, g32, bits_f32((float)(int32_t)w));
    g32 = test_f32_from_i64(w, 0);
    expect(g32 == bits_f32((float)w), "f32.convert_i32_u", w, g32, bits_f32((float)w));
}

/* Boundaries, round-half-even ties, and random values of every magnitude. */
static void test_from_int(void)
{
    static const uint64_t edges[] = {
        0, 1, 2, 3, 0x1000000u, 0x1000001u, 0x1000002u, 0x1000003u, 0x7fffffffu, 0x80000000u,
        0xffffffffu, 0x20000000000000u, 0x20000000000001u, 0x20000000000002u, 0x20000000000003u,
        0x7fffffffffffffffu, 0x8000000000000000u, 0x8000000000000001u, 0xffffffffffffffffu,
        0x7fffff4000000000u, 0x7fffff4000000001u, 0x7fffffc000000000u, 0x7ffffffffffffc00u,
        0x7ffffffffffffe00u, 0xfffffffffffff800u, 0xfffffffffffffc00u, 0xffffff8000000000u,
        0xffffff7fffffffffu, 0x0000020000000001u, 0x8000008000000000u, 0xfffffe8000000000u,
    };
    uint32_t i;
    uint64_t n;

    for (i = 0; i < COUNT(edges); i++) {
        check_from_int(edges[i]);
        check_from_int(edges[i] - 1);
        check_from_int(0 - edges[i]);
    }
    for (n = 0; n < 4000000u; n++) {
        uint64_t r = rnd();
        check_from_int(r);
        check_from_int(r >> (rnd() & 63));
        /* a tie or near-tie at a random bit: ...x1000...0 plus or minus a little */
        check_from_int((r | 1) << (rnd() & 63));
        check_from_int(((r >> 40) << 40 | (uint64_t)1 << 39) + (rnd() % 3) - 1);
    }
}

/* ---- spec test cases --------------------------------------------------------- */

enum expect_kind { EXP_BITS, EXP_TRAP_OVERFLOW, EXP_TRAP_INVALID, EXP_NAN_CANONICAL, EXP_NAN_ARITHMETIC };

/* Operations of the spec cases (from conversions.wast and float_misc.wast). */
enum spec_op {
    OP_F32_CEIL,
    OP_F32_CONVERT_I32_S,
    OP_F32_CONVERT_I32_U,
    OP_F32_CONVERT_I64_S,
    OP_F32_CONVERT_I64_U,
    OP_F32_DEMOTE_F64,
    OP_F32_FLOOR,
    OP_F32_NEAREST,
    OP_F32_SQRT,
    OP_F32_TRUNC,
    OP_F64_CEIL,
    OP_F64_CONVERT_I32_S,
    OP_F64_CONVERT_I32_U,
    OP_F64_CONVERT_I64_S,
    OP_F64_CONVERT_I64_U,
    OP_F64_FLOOR,
    OP_F64_NEAREST,
    OP_F64_PROMOTE_F32,
    OP_F64_SQRT,
    OP_F64_TRUNC,
    OP_I32_TRUNC_F32_S,
    OP_I32_TRUNC_F32_U,
    OP_I32_TRUNC_F64_S,
    OP_I32_TRUNC_F64_U,
    OP_I32_TRUNC_SAT_F32_S,
    OP_I32_TRUNC_SAT_F32_U,
    OP_I32_TRUNC_SAT_F64_S,
    OP_I32_TRUNC_SAT_F64_U,
    OP_I64_TRUNC_F32_S,
    OP_I64_TRUNC_F32_U,
    OP_I64_TRUNC_F64_S,
    OP_I64_TRUNC_F64_U,
    OP_I64_TRUNC_SAT_F32_S,
    OP_I64_TRUNC_SAT_F32_U,
    OP_I64_TRUNC_SAT_F64_S,
    OP_I64_TRUNC_SAT_F64_U
};

/* One assertion: operation, .wast line, expected kind, argument bits, expected bits. */
struct spec_case {
    unsigned char op;
    unsigned short line;
    unsigned char kind;
    uint64_t arg;
    uint64_t want;
};

/* Generated from the spec test suite with wast2json (values as bit patterns). */
static const struct spec_case spec_cases[] = {
    {OP_I32_TRUNC_F32_S, 64, EXP_BITS, 0x0u, 0x0u},
    {OP_I32_TRUNC_F32_S, 65, EXP_BITS, 0x80000000u, 0x0u},
    {OP_I32_TRUNC_F32_S, 66, EXP_BITS, 0x1u, 0x0u},
    {OP_I32_TRUNC_F32_S, 67, EXP_BITS, 0x80000001u, 0x0u},
    {OP_I32_TRUNC_F32_S, 68, EXP_BITS, 0x3f800000u, 0x1u},
    {OP_I32_TRUNC_F32_S, 69, EXP_BITS, 0x3f8ccccdu, 0x1u},
    {OP_I32_TRUNC_F32_S, 70, EXP_BITS, 0x3fc00000u, 0x1u},
    {OP_I32_TRUNC_F32_S, 71, EXP_BITS, 0xbf800000u, 0xffffffffu},
    {OP_I32_TRUNC_F32_S, 72, EXP_BITS, 0xbf8ccccdu, 0xffffffffu},
    {OP_I32_TRUNC_F32_S, 73, EXP_BITS, 0xbfc00000u, 0xffffffffu},
    {OP_I32_TRUNC_F32_S, 74, EXP_BITS, 0xbff33333u, 0xffffffffu},
    {OP_I32_TRUNC_F32_S, 75, EXP_BITS, 0xc0000000u, 0xfffffffeu},
    {OP_I32_TRUNC_F32_S, 76, EXP_BITS, 0x4effffffu, 0x7fffff80u},
    {OP_I32_TRUNC_F32_S, 77, EXP_BITS, 0xcf000000u, 0x80000000u},
    {OP_I32_TRUNC_F32_S, 78, EXP_TRAP_OVERFLOW, 0x4f000000u, 0x0u},
    {OP_I32_TRUNC_F32_S, 79, EXP_TRAP_OVERFLOW, 0xcf000001u, 0x0u},
    {OP_I32_TRUNC_F32_S, 80, EXP_TRAP_OVERFLOW, 0x7f800000u, 0x0u},
    {OP_I32_TRUNC_F32_S, 81, EXP_TRAP_OVERFLOW, 0xff800000u, 0x0u},
    {OP_I32_TRUNC_F32_S, 82, EXP_TRAP_INVALID, 0x7fc00000u, 0x0u},
    {OP_I32_TRUNC_F32_S, 83, EXP_TRAP_INVALID, 0x7fa00000u, 0x0u},
    {OP_I32_TRUNC_F32_S, 84, EXP_TRAP_INVALID, 0xffc00000u, 0x0u},
    {OP_I32_TRUNC_F32_S, 85, EXP_TRAP_INVALID, 0xffa00000u, 0x0u},
    {OP_I32_TRUNC_F32_U, 87, EXP_BITS, 0x0u, 0x0u},
    {OP_I32_TRUNC_F32_U, 88, EXP_BITS, 0x80000000u, 0x0u},
    {OP_I32_TRUNC_F32_U, 89, EXP_BITS, 0x1u, 0x0u},
    {OP_I32_TRUNC_F32_U, 90, EXP_BITS, 0x80000001u, 0x0u},
    {OP_I32_TRUNC_F32_U, 91, EXP_BITS, 0x3f800000u, 0x1u},
    {OP_I32_TRUNC_F32_U, 92, EXP_BITS, 0x3f8ccccdu, 0x1u},
    {OP_I32_TRUNC_F32_U, 93, EXP_BITS, 0x3fc00000u, 0x1u},
    {OP_I32_TRUNC_F32_U, 94, EXP_BITS, 0x3ff33333u, 0x1u},
    {OP_I32_TRUNC_F32_U, 95, EXP_BITS, 0x40000000u, 0x2u},
    {OP_I32_TRUNC_F32_U, 96, EXP_BITS, 0x4f000000u, 0x80000000u},
    {OP_I32_TRUNC_F32_U, 97, EXP_BITS, 0x4f7fffffu, 0xffffff00u},
    {OP_I32_TRUNC_F32_U, 98, EXP_BITS, 0xbf666666u, 0x0u},
    {OP_I32_TRUNC_F32_U, 99, EXP_BITS, 0xbf7fffffu, 0x0u},
    {OP_I32_TRUNC_F32_U, 100, EXP_TRAP_OVERFLOW, 0x4f800000u, 0x0u},
    {OP_I32_TRUNC_F32_U, 101, EXP_TRAP_OVERFLOW, 0xbf800000u, 0x0u},
    {OP_I32_TRUNC_F32_U, 102, EXP_TRAP_OVERFLOW, 0x7f800000u, 0x0u},
    {OP_I32_TRUNC_F32_U, 103, EXP_TRAP_OVERFLOW, 0xff800000u, 0x0u},
    {OP_I32_TRUNC_F32_U, 104, EXP_TRAP_INVALID, 0x7fc00000u, 0x0u},
    {OP_I32_TRUNC_F32_U, 105, EXP_TRAP_INVALID, 0x7fa00000u, 0x0u},
    {OP_I32_TRUNC_F32_U, 106, EXP_TRAP_INVALID, 0xffc00000u, 0x0u},
    {OP_I32_TRUNC_F32_U, 107, EXP_TRAP_INVALID, 0xffa00000u, 0x0u},
    {OP_I32_TRUNC_F64_S, 109, EXP_BITS, 0x0u, 0x0u},
    {OP_I32_TRUNC_F64_S, 110, EXP_BITS, 0x8000000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_S, 111, EXP_BITS, 0x1u, 0x0u},
    {OP_I32_TRUNC_F64_S, 112, EXP_BITS, 0x8000000000000001u, 0x0u},
    {OP_I32_TRUNC_F64_S, 113, EXP_BITS, 0x3ff0000000000000u, 0x1u},
    {OP_I32_TRUNC_F64_S, 114, EXP_BITS, 0x3ff199999999999au, 0x1u},
    {OP_I32_TRUNC_F64_S, 115, EXP_BITS, 0x3ff8000000000000u, 0x1u},
    {OP_I32_TRUNC_F64_S, 116, EXP_BITS, 0xbff0000000000000u, 0xffffffffu},
    {OP_I32_TRUNC_F64_S, 117, EXP_BITS, 0xbff199999999999au, 0xffffffffu},
    {OP_I32_TRUNC_F64_S, 118, EXP_BITS, 0xbff8000000000000u, 0xffffffffu},
    {OP_I32_TRUNC_F64_S, 119, EXP_BITS, 0xbffe666666666666u, 0xffffffffu},
    {OP_I32_TRUNC_F64_S, 120, EXP_BITS, 0xc000000000000000u, 0xfffffffeu},
    {OP_I32_TRUNC_F64_S, 121, EXP_BITS, 0x41dfffffffc00000u, 0x7fffffffu},
    {OP_I32_TRUNC_F64_S, 122, EXP_BITS, 0xc1e0000000000000u, 0x80000000u},
    {OP_I32_TRUNC_F64_S, 123, EXP_BITS, 0xc1e00000001ccccdu, 0x80000000u},
    {OP_I32_TRUNC_F64_S, 124, EXP_BITS, 0x41dffffffff9999au, 0x7fffffffu},
    {OP_I32_TRUNC_F64_S, 125, EXP_TRAP_OVERFLOW, 0x41e0000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_S, 126, EXP_TRAP_OVERFLOW, 0xc1e0000000200000u, 0x0u},
    {OP_I32_TRUNC_F64_S, 127, EXP_TRAP_OVERFLOW, 0x7ff0000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_S, 128, EXP_TRAP_OVERFLOW, 0xfff0000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_S, 129, EXP_TRAP_INVALID, 0x7ff8000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_S, 130, EXP_TRAP_INVALID, 0x7ff4000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_S, 131, EXP_TRAP_INVALID, 0xfff8000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_S, 132, EXP_TRAP_INVALID, 0xfff4000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_U, 134, EXP_BITS, 0x0u, 0x0u},
    {OP_I32_TRUNC_F64_U, 135, EXP_BITS, 0x8000000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_U, 136, EXP_BITS, 0x1u, 0x0u},
    {OP_I32_TRUNC_F64_U, 137, EXP_BITS, 0x8000000000000001u, 0x0u},
    {OP_I32_TRUNC_F64_U, 138, EXP_BITS, 0x3ff0000000000000u, 0x1u},
    {OP_I32_TRUNC_F64_U, 139, EXP_BITS, 0x3ff199999999999au, 0x1u},
    {OP_I32_TRUNC_F64_U, 140, EXP_BITS, 0x3ff8000000000000u, 0x1u},
    {OP_I32_TRUNC_F64_U, 141, EXP_BITS, 0x3ffe666666666666u, 0x1u},
    {OP_I32_TRUNC_F64_U, 142, EXP_BITS, 0x4000000000000000u, 0x2u},
    {OP_I32_TRUNC_F64_U, 143, EXP_BITS, 0x41e0000000000000u, 0x80000000u},
    {OP_I32_TRUNC_F64_U, 144, EXP_BITS, 0x41efffffffe00000u, 0xffffffffu},
    {OP_I32_TRUNC_F64_U, 145, EXP_BITS, 0xbfeccccccccccccdu, 0x0u},
    {OP_I32_TRUNC_F64_U, 146, EXP_BITS, 0xbfefffffffffffffu, 0x0u},
    {OP_I32_TRUNC_F64_U, 147, EXP_BITS, 0x4197d78400000000u, 0x5f5e100u},
    {OP_I32_TRUNC_F64_U, 148, EXP_BITS, 0xbfeccccccccccccdu, 0x0u},
    {OP_I32_TRUNC_F64_U, 149, EXP_BITS, 0x41effffffffccccdu, 0xffffffffu},
    {OP_I32_TRUNC_F64_U, 150, EXP_TRAP_OVERFLOW, 0x41f0000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_U, 151, EXP_TRAP_OVERFLOW, 0xbff0000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_U, 152, EXP_TRAP_OVERFLOW, 0x4341c37937e08000u, 0x0u},
    {OP_I32_TRUNC_F64_U, 153, EXP_TRAP_OVERFLOW, 0x46293e5939a08ceau, 0x0u},
    {OP_I32_TRUNC_F64_U, 154, EXP_TRAP_OVERFLOW, 0x43e0000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_U, 155, EXP_TRAP_OVERFLOW, 0x7ff0000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_U, 156, EXP_TRAP_OVERFLOW, 0xfff0000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_U, 157, EXP_TRAP_INVALID, 0x7ff8000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_U, 158, EXP_TRAP_INVALID, 0x7ff4000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_U, 159, EXP_TRAP_INVALID, 0xfff8000000000000u, 0x0u},
    {OP_I32_TRUNC_F64_U, 160, EXP_TRAP_INVALID, 0xfff4000000000000u, 0x0u},
    {OP_I64_TRUNC_F32_S, 162, EXP_BITS, 0x0u, 0x0u},
    {OP_I64_TRUNC_F32_S, 163, EXP_BITS, 0x80000000u, 0x0u},
    {OP_I64_TRUNC_F32_S, 164, EXP_BITS, 0x1u, 0x0u},
    {OP_I64_TRUNC_F32_S, 165, EXP_BITS, 0x80000001u, 0x0u},
    {OP_I64_TRUNC_F32_S, 166, EXP_BITS, 0x3f800000u, 0x1u},
    {OP_I64_TRUNC_F32_S, 167, EXP_BITS, 0x3f8ccccdu, 0x1u},
    {OP_I64_TRUNC_F32_S, 168, EXP_BITS, 0x3fc00000u, 0x1u},
    {OP_I64_TRUNC_F32_S, 169, EXP_BITS, 0xbf800000u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_F32_S, 170, EXP_BITS, 0xbf8ccccdu, 0xffffffffffffffffu},
    {OP_I64_TRUNC_F32_S, 171, EXP_BITS, 0xbfc00000u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_F32_S, 172, EXP_BITS, 0xbff33333u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_F32_S, 173, EXP_BITS, 0xc0000000u, 0xfffffffffffffffeu},
    {OP_I64_TRUNC_F32_S, 174, EXP_BITS, 0x4f800000u, 0x100000000u},
    {OP_I64_TRUNC_F32_S, 175, EXP_BITS, 0xcf800000u, 0xffffffff00000000u},
    {OP_I64_TRUNC_F32_S, 176, EXP_BITS, 0x5effffffu, 0x7fffff8000000000u},
    {OP_I64_TRUNC_F32_S, 177, EXP_BITS, 0xdf000000u, 0x8000000000000000u},
    {OP_I64_TRUNC_F32_S, 178, EXP_TRAP_OVERFLOW, 0x5f000000u, 0x0u},
    {OP_I64_TRUNC_F32_S, 179, EXP_TRAP_OVERFLOW, 0xdf000001u, 0x0u},
    {OP_I64_TRUNC_F32_S, 180, EXP_TRAP_OVERFLOW, 0x7f800000u, 0x0u},
    {OP_I64_TRUNC_F32_S, 181, EXP_TRAP_OVERFLOW, 0xff800000u, 0x0u},
    {OP_I64_TRUNC_F32_S, 182, EXP_TRAP_INVALID, 0x7fc00000u, 0x0u},
    {OP_I64_TRUNC_F32_S, 183, EXP_TRAP_INVALID, 0x7fa00000u, 0x0u},
    {OP_I64_TRUNC_F32_S, 184, EXP_TRAP_INVALID, 0xffc00000u, 0x0u},
    {OP_I64_TRUNC_F32_S, 185, EXP_TRAP_INVALID, 0xffa00000u, 0x0u},
    {OP_I64_TRUNC_F32_U, 187, EXP_BITS, 0x0u, 0x0u},
    {OP_I64_TRUNC_F32_U, 188, EXP_BITS, 0x80000000u, 0x0u},
    {OP_I64_TRUNC_F32_U, 189, EXP_BITS, 0x1u, 0x0u},
    {OP_I64_TRUNC_F32_U, 190, EXP_BITS, 0x80000001u, 0x0u},
    {OP_I64_TRUNC_F32_U, 191, EXP_BITS, 0x3f800000u, 0x1u},
    {OP_I64_TRUNC_F32_U, 192, EXP_BITS, 0x3f8ccccdu, 0x1u},
    {OP_I64_TRUNC_F32_U, 193, EXP_BITS, 0x3fc00000u, 0x1u},
    {OP_I64_TRUNC_F32_U, 194, EXP_BITS, 0x4f800000u, 0x100000000u},
    {OP_I64_TRUNC_F32_U, 195, EXP_BITS, 0x5f7fffffu, 0xffffff0000000000u},
    {OP_I64_TRUNC_F32_U, 196, EXP_BITS, 0xbf666666u, 0x0u},
    {OP_I64_TRUNC_F32_U, 197, EXP_BITS, 0xbf7fffffu, 0x0u},
    {OP_I64_TRUNC_F32_U, 198, EXP_TRAP_OVERFLOW, 0x5f800000u, 0x0u},
    {OP_I64_TRUNC_F32_U, 199, EXP_TRAP_OVERFLOW, 0xbf800000u, 0x0u},
    {OP_I64_TRUNC_F32_U, 200, EXP_TRAP_OVERFLOW, 0x7f800000u, 0x0u},
    {OP_I64_TRUNC_F32_U, 201, EXP_TRAP_OVERFLOW, 0xff800000u, 0x0u},
    {OP_I64_TRUNC_F32_U, 202, EXP_TRAP_INVALID, 0x7fc00000u, 0x0u},
    {OP_I64_TRUNC_F32_U, 203, EXP_TRAP_INVALID, 0x7fa00000u, 0x0u},
    {OP_I64_TRUNC_F32_U, 204, EXP_TRAP_INVALID, 0xffc00000u, 0x0u},
    {OP_I64_TRUNC_F32_U, 205, EXP_TRAP_INVALID, 0xffa00000u, 0x0u},
    {OP_I64_TRUNC_F64_S, 207, EXP_BITS, 0x0u, 0x0u},
    {OP_I64_TRUNC_F64_S, 208, EXP_BITS, 0x8000000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_S, 209, EXP_BITS, 0x1u, 0x0u},
    {OP_I64_TRUNC_F64_S, 210, EXP_BITS, 0x8000000000000001u, 0x0u},
    {OP_I64_TRUNC_F64_S, 211, EXP_BITS, 0x3ff0000000000000u, 0x1u},
    {OP_I64_TRUNC_F64_S, 212, EXP_BITS, 0x3ff199999999999au, 0x1u},
    {OP_I64_TRUNC_F64_S, 213, EXP_BITS, 0x3ff8000000000000u, 0x1u},
    {OP_I64_TRUNC_F64_S, 214, EXP_BITS, 0xbff0000000000000u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_F64_S, 215, EXP_BITS, 0xbff199999999999au, 0xffffffffffffffffu},
    {OP_I64_TRUNC_F64_S, 216, EXP_BITS, 0xbff8000000000000u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_F64_S, 217, EXP_BITS, 0xbffe666666666666u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_F64_S, 218, EXP_BITS, 0xc000000000000000u, 0xfffffffffffffffeu},
    {OP_I64_TRUNC_F64_S, 219, EXP_BITS, 0x41f0000000000000u, 0x100000000u},
    {OP_I64_TRUNC_F64_S, 220, EXP_BITS, 0xc1f0000000000000u, 0xffffffff00000000u},
    {OP_I64_TRUNC_F64_S, 221, EXP_BITS, 0x43dfffffffffffffu, 0x7ffffffffffffc00u},
    {OP_I64_TRUNC_F64_S, 222, EXP_BITS, 0xc3e0000000000000u, 0x8000000000000000u},
    {OP_I64_TRUNC_F64_S, 223, EXP_TRAP_OVERFLOW, 0x43e0000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_S, 224, EXP_TRAP_OVERFLOW, 0xc3e0000000000001u, 0x0u},
    {OP_I64_TRUNC_F64_S, 225, EXP_TRAP_OVERFLOW, 0x7ff0000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_S, 226, EXP_TRAP_OVERFLOW, 0xfff0000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_S, 227, EXP_TRAP_INVALID, 0x7ff8000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_S, 228, EXP_TRAP_INVALID, 0x7ff4000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_S, 229, EXP_TRAP_INVALID, 0xfff8000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_S, 230, EXP_TRAP_INVALID, 0xfff4000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_U, 232, EXP_BITS, 0x0u, 0x0u},
    {OP_I64_TRUNC_F64_U, 233, EXP_BITS, 0x8000000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_U, 234, EXP_BITS, 0x1u, 0x0u},
    {OP_I64_TRUNC_F64_U, 235, EXP_BITS, 0x8000000000000001u, 0x0u},
    {OP_I64_TRUNC_F64_U, 236, EXP_BITS, 0x3ff0000000000000u, 0x1u},
    {OP_I64_TRUNC_F64_U, 237, EXP_BITS, 0x3ff199999999999au, 0x1u},
    {OP_I64_TRUNC_F64_U, 238, EXP_BITS, 0x3ff8000000000000u, 0x1u},
    {OP_I64_TRUNC_F64_U, 239, EXP_BITS, 0x41efffffffe00000u, 0xffffffffu},
    {OP_I64_TRUNC_F64_U, 240, EXP_BITS, 0x41f0000000000000u, 0x100000000u},
    {OP_I64_TRUNC_F64_U, 241, EXP_BITS, 0x43efffffffffffffu, 0xfffffffffffff800u},
    {OP_I64_TRUNC_F64_U, 242, EXP_BITS, 0xbfeccccccccccccdu, 0x0u},
    {OP_I64_TRUNC_F64_U, 243, EXP_BITS, 0xbfefffffffffffffu, 0x0u},
    {OP_I64_TRUNC_F64_U, 244, EXP_BITS, 0x4197d78400000000u, 0x5f5e100u},
    {OP_I64_TRUNC_F64_U, 245, EXP_BITS, 0x4341c37937e08000u, 0x2386f26fc10000u},
    {OP_I64_TRUNC_F64_U, 246, EXP_BITS, 0x43e0000000000000u, 0x8000000000000000u},
    {OP_I64_TRUNC_F64_U, 247, EXP_TRAP_OVERFLOW, 0x43f0000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_U, 248, EXP_TRAP_OVERFLOW, 0xbff0000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_U, 249, EXP_TRAP_OVERFLOW, 0x7ff0000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_U, 250, EXP_TRAP_OVERFLOW, 0xfff0000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_U, 251, EXP_TRAP_INVALID, 0x7ff8000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_U, 252, EXP_TRAP_INVALID, 0x7ff4000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_U, 253, EXP_TRAP_INVALID, 0xfff8000000000000u, 0x0u},
    {OP_I64_TRUNC_F64_U, 254, EXP_TRAP_INVALID, 0xfff4000000000000u, 0x0u},
    {OP_F32_CONVERT_I32_S, 256, EXP_BITS, 0x1u, 0x3f800000u},
    {OP_F32_CONVERT_I32_S, 257, EXP_BITS, 0xffffffffu, 0xbf800000u},
    {OP_F32_CONVERT_I32_S, 258, EXP_BITS, 0x0u, 0x0u},
    {OP_F32_CONVERT_I32_S, 259, EXP_BITS, 0x7fffffffu, 0x4f000000u},
    {OP_F32_CONVERT_I32_S, 260, EXP_BITS, 0x80000000u, 0xcf000000u},
    {OP_F32_CONVERT_I32_S, 261, EXP_BITS, 0x499602d2u, 0x4e932c06u},
    {OP_I32_TRUNC_SAT_F32_S, 265, EXP_BITS, 0x0u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_S, 266, EXP_BITS, 0x80000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_S, 267, EXP_BITS, 0x1u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_S, 268, EXP_BITS, 0x80000001u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_S, 269, EXP_BITS, 0x3f800000u, 0x1u},
    {OP_I32_TRUNC_SAT_F32_S, 270, EXP_BITS, 0x3f8ccccdu, 0x1u},
    {OP_I32_TRUNC_SAT_F32_S, 271, EXP_BITS, 0x3fc00000u, 0x1u},
    {OP_I32_TRUNC_SAT_F32_S, 272, EXP_BITS, 0xbf800000u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F32_S, 273, EXP_BITS, 0xbf8ccccdu, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F32_S, 274, EXP_BITS, 0xbfc00000u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F32_S, 275, EXP_BITS, 0xbff33333u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F32_S, 276, EXP_BITS, 0xc0000000u, 0xfffffffeu},
    {OP_I32_TRUNC_SAT_F32_S, 277, EXP_BITS, 0x4effffffu, 0x7fffff80u},
    {OP_I32_TRUNC_SAT_F32_S, 278, EXP_BITS, 0xcf000000u, 0x80000000u},
    {OP_I32_TRUNC_SAT_F32_S, 279, EXP_BITS, 0x4f000000u, 0x7fffffffu},
    {OP_I32_TRUNC_SAT_F32_S, 280, EXP_BITS, 0xcf000001u, 0x80000000u},
    {OP_I32_TRUNC_SAT_F32_S, 281, EXP_BITS, 0x7f800000u, 0x7fffffffu},
    {OP_I32_TRUNC_SAT_F32_S, 282, EXP_BITS, 0xff800000u, 0x80000000u},
    {OP_I32_TRUNC_SAT_F32_S, 283, EXP_BITS, 0x7fc00000u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_S, 284, EXP_BITS, 0x7fa00000u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_S, 285, EXP_BITS, 0xffc00000u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_S, 286, EXP_BITS, 0xffa00000u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_U, 288, EXP_BITS, 0x0u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_U, 289, EXP_BITS, 0x80000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_U, 290, EXP_BITS, 0x1u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_U, 291, EXP_BITS, 0x80000001u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_U, 292, EXP_BITS, 0x3f800000u, 0x1u},
    {OP_I32_TRUNC_SAT_F32_U, 293, EXP_BITS, 0x3f8ccccdu, 0x1u},
    {OP_I32_TRUNC_SAT_F32_U, 294, EXP_BITS, 0x3fc00000u, 0x1u},
    {OP_I32_TRUNC_SAT_F32_U, 295, EXP_BITS, 0x3ff33333u, 0x1u},
    {OP_I32_TRUNC_SAT_F32_U, 296, EXP_BITS, 0x40000000u, 0x2u},
    {OP_I32_TRUNC_SAT_F32_U, 297, EXP_BITS, 0x4f000000u, 0x80000000u},
    {OP_I32_TRUNC_SAT_F32_U, 298, EXP_BITS, 0x4f7fffffu, 0xffffff00u},
    {OP_I32_TRUNC_SAT_F32_U, 299, EXP_BITS, 0xbf666666u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_U, 300, EXP_BITS, 0xbf7fffffu, 0x0u},
    {OP_I32_TRUNC_SAT_F32_U, 301, EXP_BITS, 0x4f800000u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F32_U, 302, EXP_BITS, 0xbf800000u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_U, 303, EXP_BITS, 0x7f800000u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F32_U, 304, EXP_BITS, 0xff800000u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_U, 305, EXP_BITS, 0x7fc00000u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_U, 306, EXP_BITS, 0x7fa00000u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_U, 307, EXP_BITS, 0xffc00000u, 0x0u},
    {OP_I32_TRUNC_SAT_F32_U, 308, EXP_BITS, 0xffa00000u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_S, 310, EXP_BITS, 0x0u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_S, 311, EXP_BITS, 0x8000000000000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_S, 312, EXP_BITS, 0x1u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_S, 313, EXP_BITS, 0x8000000000000001u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_S, 314, EXP_BITS, 0x3ff0000000000000u, 0x1u},
    {OP_I32_TRUNC_SAT_F64_S, 315, EXP_BITS, 0x3ff199999999999au, 0x1u},
    {OP_I32_TRUNC_SAT_F64_S, 316, EXP_BITS, 0x3ff8000000000000u, 0x1u},
    {OP_I32_TRUNC_SAT_F64_S, 317, EXP_BITS, 0xbff0000000000000u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F64_S, 318, EXP_BITS, 0xbff199999999999au, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F64_S, 319, EXP_BITS, 0xbff8000000000000u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F64_S, 320, EXP_BITS, 0xbffe666666666666u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F64_S, 321, EXP_BITS, 0xc000000000000000u, 0xfffffffeu},
    {OP_I32_TRUNC_SAT_F64_S, 322, EXP_BITS, 0x41dfffffffc00000u, 0x7fffffffu},
    {OP_I32_TRUNC_SAT_F64_S, 323, EXP_BITS, 0xc1e0000000000000u, 0x80000000u},
    {OP_I32_TRUNC_SAT_F64_S, 324, EXP_BITS, 0x41e0000000000000u, 0x7fffffffu},
    {OP_I32_TRUNC_SAT_F64_S, 325, EXP_BITS, 0xc1e0000000200000u, 0x80000000u},
    {OP_I32_TRUNC_SAT_F64_S, 326, EXP_BITS, 0x7ff0000000000000u, 0x7fffffffu},
    {OP_I32_TRUNC_SAT_F64_S, 327, EXP_BITS, 0xfff0000000000000u, 0x80000000u},
    {OP_I32_TRUNC_SAT_F64_S, 328, EXP_BITS, 0x7ff8000000000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_S, 329, EXP_BITS, 0x7ff4000000000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_S, 330, EXP_BITS, 0xfff8000000000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_S, 331, EXP_BITS, 0xfff4000000000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_U, 333, EXP_BITS, 0x0u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_U, 334, EXP_BITS, 0x8000000000000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_U, 335, EXP_BITS, 0x1u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_U, 336, EXP_BITS, 0x8000000000000001u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_U, 337, EXP_BITS, 0x3ff0000000000000u, 0x1u},
    {OP_I32_TRUNC_SAT_F64_U, 338, EXP_BITS, 0x3ff199999999999au, 0x1u},
    {OP_I32_TRUNC_SAT_F64_U, 339, EXP_BITS, 0x3ff8000000000000u, 0x1u},
    {OP_I32_TRUNC_SAT_F64_U, 340, EXP_BITS, 0x3ffe666666666666u, 0x1u},
    {OP_I32_TRUNC_SAT_F64_U, 341, EXP_BITS, 0x4000000000000000u, 0x2u},
    {OP_I32_TRUNC_SAT_F64_U, 342, EXP_BITS, 0x41e0000000000000u, 0x80000000u},
    {OP_I32_TRUNC_SAT_F64_U, 343, EXP_BITS, 0x41efffffffe00000u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F64_U, 344, EXP_BITS, 0xbfeccccccccccccdu, 0x0u},
    {OP_I32_TRUNC_SAT_F64_U, 345, EXP_BITS, 0xbfefffffffffffffu, 0x0u},
    {OP_I32_TRUNC_SAT_F64_U, 346, EXP_BITS, 0x4197d78400000000u, 0x5f5e100u},
    {OP_I32_TRUNC_SAT_F64_U, 347, EXP_BITS, 0x41f0000000000000u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F64_U, 348, EXP_BITS, 0xbff0000000000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_U, 349, EXP_BITS, 0x4341c37937e08000u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F64_U, 350, EXP_BITS, 0x46293e5939a08ceau, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F64_U, 351, EXP_BITS, 0x43e0000000000000u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F64_U, 352, EXP_BITS, 0x7ff0000000000000u, 0xffffffffu},
    {OP_I32_TRUNC_SAT_F64_U, 353, EXP_BITS, 0xfff0000000000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_U, 354, EXP_BITS, 0x7ff8000000000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_U, 355, EXP_BITS, 0x7ff4000000000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_U, 356, EXP_BITS, 0xfff8000000000000u, 0x0u},
    {OP_I32_TRUNC_SAT_F64_U, 357, EXP_BITS, 0xfff4000000000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_S, 359, EXP_BITS, 0x0u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_S, 360, EXP_BITS, 0x80000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_S, 361, EXP_BITS, 0x1u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_S, 362, EXP_BITS, 0x80000001u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_S, 363, EXP_BITS, 0x3f800000u, 0x1u},
    {OP_I64_TRUNC_SAT_F32_S, 364, EXP_BITS, 0x3f8ccccdu, 0x1u},
    {OP_I64_TRUNC_SAT_F32_S, 365, EXP_BITS, 0x3fc00000u, 0x1u},
    {OP_I64_TRUNC_SAT_F32_S, 366, EXP_BITS, 0xbf800000u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_SAT_F32_S, 367, EXP_BITS, 0xbf8ccccdu, 0xffffffffffffffffu},
    {OP_I64_TRUNC_SAT_F32_S, 368, EXP_BITS, 0xbfc00000u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_SAT_F32_S, 369, EXP_BITS, 0xbff33333u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_SAT_F32_S, 370, EXP_BITS, 0xc0000000u, 0xfffffffffffffffeu},
    {OP_I64_TRUNC_SAT_F32_S, 371, EXP_BITS, 0x4f800000u, 0x100000000u},
    {OP_I64_TRUNC_SAT_F32_S, 372, EXP_BITS, 0xcf800000u, 0xffffffff00000000u},
    {OP_I64_TRUNC_SAT_F32_S, 373, EXP_BITS, 0x5effffffu, 0x7fffff8000000000u},
    {OP_I64_TRUNC_SAT_F32_S, 374, EXP_BITS, 0xdf000000u, 0x8000000000000000u},
    {OP_I64_TRUNC_SAT_F32_S, 375, EXP_BITS, 0x5f000000u, 0x7fffffffffffffffu},
    {OP_I64_TRUNC_SAT_F32_S, 376, EXP_BITS, 0xdf000001u, 0x8000000000000000u},
    {OP_I64_TRUNC_SAT_F32_S, 377, EXP_BITS, 0x7f800000u, 0x7fffffffffffffffu},
    {OP_I64_TRUNC_SAT_F32_S, 378, EXP_BITS, 0xff800000u, 0x8000000000000000u},
    {OP_I64_TRUNC_SAT_F32_S, 379, EXP_BITS, 0x7fc00000u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_S, 380, EXP_BITS, 0x7fa00000u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_S, 381, EXP_BITS, 0xffc00000u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_S, 382, EXP_BITS, 0xffa00000u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_U, 384, EXP_BITS, 0x0u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_U, 385, EXP_BITS, 0x80000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_U, 386, EXP_BITS, 0x1u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_U, 387, EXP_BITS, 0x80000001u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_U, 388, EXP_BITS, 0x3f800000u, 0x1u},
    {OP_I64_TRUNC_SAT_F32_U, 389, EXP_BITS, 0x3f8ccccdu, 0x1u},
    {OP_I64_TRUNC_SAT_F32_U, 390, EXP_BITS, 0x3fc00000u, 0x1u},
    {OP_I64_TRUNC_SAT_F32_U, 391, EXP_BITS, 0x4f800000u, 0x100000000u},
    {OP_I64_TRUNC_SAT_F32_U, 392, EXP_BITS, 0x5f7fffffu, 0xffffff0000000000u},
    {OP_I64_TRUNC_SAT_F32_U, 393, EXP_BITS, 0xbf666666u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_U, 394, EXP_BITS, 0xbf7fffffu, 0x0u},
    {OP_I64_TRUNC_SAT_F32_U, 395, EXP_BITS, 0x5f800000u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_SAT_F32_U, 396, EXP_BITS, 0xbf800000u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_U, 397, EXP_BITS, 0x7f800000u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_SAT_F32_U, 398, EXP_BITS, 0xff800000u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_U, 399, EXP_BITS, 0x7fc00000u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_U, 400, EXP_BITS, 0x7fa00000u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_U, 401, EXP_BITS, 0xffc00000u, 0x0u},
    {OP_I64_TRUNC_SAT_F32_U, 402, EXP_BITS, 0xffa00000u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_S, 404, EXP_BITS, 0x0u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_S, 405, EXP_BITS, 0x8000000000000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_S, 406, EXP_BITS, 0x1u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_S, 407, EXP_BITS, 0x8000000000000001u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_S, 408, EXP_BITS, 0x3ff0000000000000u, 0x1u},
    {OP_I64_TRUNC_SAT_F64_S, 409, EXP_BITS, 0x3ff199999999999au, 0x1u},
    {OP_I64_TRUNC_SAT_F64_S, 410, EXP_BITS, 0x3ff8000000000000u, 0x1u},
    {OP_I64_TRUNC_SAT_F64_S, 411, EXP_BITS, 0xbff0000000000000u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_SAT_F64_S, 412, EXP_BITS, 0xbff199999999999au, 0xffffffffffffffffu},
    {OP_I64_TRUNC_SAT_F64_S, 413, EXP_BITS, 0xbff8000000000000u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_SAT_F64_S, 414, EXP_BITS, 0xbffe666666666666u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_SAT_F64_S, 415, EXP_BITS, 0xc000000000000000u, 0xfffffffffffffffeu},
    {OP_I64_TRUNC_SAT_F64_S, 416, EXP_BITS, 0x41f0000000000000u, 0x100000000u},
    {OP_I64_TRUNC_SAT_F64_S, 417, EXP_BITS, 0xc1f0000000000000u, 0xffffffff00000000u},
    {OP_I64_TRUNC_SAT_F64_S, 418, EXP_BITS, 0x43dfffffffffffffu, 0x7ffffffffffffc00u},
    {OP_I64_TRUNC_SAT_F64_S, 419, EXP_BITS, 0xc3e0000000000000u, 0x8000000000000000u},
    {OP_I64_TRUNC_SAT_F64_S, 420, EXP_BITS, 0x43e0000000000000u, 0x7fffffffffffffffu},
    {OP_I64_TRUNC_SAT_F64_S, 421, EXP_BITS, 0xc3e0000000000001u, 0x8000000000000000u},
    {OP_I64_TRUNC_SAT_F64_S, 422, EXP_BITS, 0x7ff0000000000000u, 0x7fffffffffffffffu},
    {OP_I64_TRUNC_SAT_F64_S, 423, EXP_BITS, 0xfff0000000000000u, 0x8000000000000000u},
    {OP_I64_TRUNC_SAT_F64_S, 424, EXP_BITS, 0x7ff8000000000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_S, 425, EXP_BITS, 0x7ff4000000000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_S, 426, EXP_BITS, 0xfff8000000000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_S, 427, EXP_BITS, 0xfff4000000000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_U, 429, EXP_BITS, 0x0u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_U, 430, EXP_BITS, 0x8000000000000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_U, 431, EXP_BITS, 0x1u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_U, 432, EXP_BITS, 0x8000000000000001u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_U, 433, EXP_BITS, 0x3ff0000000000000u, 0x1u},
    {OP_I64_TRUNC_SAT_F64_U, 434, EXP_BITS, 0x3ff199999999999au, 0x1u},
    {OP_I64_TRUNC_SAT_F64_U, 435, EXP_BITS, 0x3ff8000000000000u, 0x1u},
    {OP_I64_TRUNC_SAT_F64_U, 436, EXP_BITS, 0x41efffffffe00000u, 0xffffffffu},
    {OP_I64_TRUNC_SAT_F64_U, 437, EXP_BITS, 0x41f0000000000000u, 0x100000000u},
    {OP_I64_TRUNC_SAT_F64_U, 438, EXP_BITS, 0x43efffffffffffffu, 0xfffffffffffff800u},
    {OP_I64_TRUNC_SAT_F64_U, 439, EXP_BITS, 0xbfeccccccccccccdu, 0x0u},
    {OP_I64_TRUNC_SAT_F64_U, 440, EXP_BITS, 0xbfefffffffffffffu, 0x0u},
    {OP_I64_TRUNC_SAT_F64_U, 441, EXP_BITS, 0x4197d78400000000u, 0x5f5e100u},
    {OP_I64_TRUNC_SAT_F64_U, 442, EXP_BITS, 0x4341c37937e08000u, 0x2386f26fc10000u},
    {OP_I64_TRUNC_SAT_F64_U, 443, EXP_BITS, 0x43e0000000000000u, 0x8000000000000000u},
    {OP_I64_TRUNC_SAT_F64_U, 444, EXP_BITS, 0x43f0000000000000u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_SAT_F64_U, 445, EXP_BITS, 0xbff0000000000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_U, 446, EXP_BITS, 0x7ff0000000000000u, 0xffffffffffffffffu},
    {OP_I64_TRUNC_SAT_F64_U, 447, EXP_BITS, 0xfff0000000000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_U, 448, EXP_BITS, 0x7ff8000000000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_U, 449, EXP_BITS, 0x7ff4000000000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_U, 450, EXP_BITS, 0xfff8000000000000u, 0x0u},
    {OP_I64_TRUNC_SAT_F64_U, 451, EXP_BITS, 0xfff4000000000000u, 0x0u},
    {OP_F32_CONVERT_I32_S, 454, EXP_BITS, 0x1000001u, 0x4b800000u},
    {OP_F32_CONVERT_I32_S, 455, EXP_BITS, 0xfeffffffu, 0xcb800000u},
    {OP_F32_CONVERT_I32_S, 456, EXP_BITS, 0x1000003u, 0x4b800002u},
    {OP_F32_CONVERT_I32_S, 457, EXP_BITS, 0xfefffffdu, 0xcb800002u},
    {OP_F32_CONVERT_I64_S, 459, EXP_BITS, 0x1u, 0x3f800000u},
    {OP_F32_CONVERT_I64_S, 460, EXP_BITS, 0xffffffffffffffffu, 0xbf800000u},
    {OP_F32_CONVERT_I64_S, 461, EXP_BITS, 0x0u, 0x0u},
    {OP_F32_CONVERT_I64_S, 462, EXP_BITS, 0x7fffffffffffffffu, 0x5f000000u},
    {OP_F32_CONVERT_I64_S, 463, EXP_BITS, 0x8000000000000000u, 0xdf000000u},
    {OP_F32_CONVERT_I64_S, 464, EXP_BITS, 0x11db9e76a2483u, 0x578edcf4u},
    {OP_F32_CONVERT_I64_S, 466, EXP_BITS, 0x1000001u, 0x4b800000u},
    {OP_F32_CONVERT_I64_S, 467, EXP_BITS, 0xfffffffffeffffffu, 0xcb800000u},
    {OP_F32_CONVERT_I64_S, 468, EXP_BITS, 0x1000003u, 0x4b800002u},
    {OP_F32_CONVERT_I64_S, 469, EXP_BITS, 0xfffffffffefffffdu, 0xcb800002u},
    {OP_F32_CONVERT_I64_S, 471, EXP_BITS, 0x7fffff4000000001u, 0x5effffffu},
    {OP_F32_CONVERT_I64_S, 472, EXP_BITS, 0x8000004000000001u, 0xdeffffffu},
    {OP_F32_CONVERT_I64_S, 473, EXP_BITS, 0x20000020000001u, 0x5a000001u},
    {OP_F32_CONVERT_I64_S, 474, EXP_BITS, 0xffdfffffdfffffffu, 0xda000001u},
    {OP_F64_CONVERT_I32_S, 476, EXP_BITS, 0x1u, 0x3ff0000000000000u},
    {OP_F64_CONVERT_I32_S, 477, EXP_BITS, 0xffffffffu, 0xbff0000000000000u},
    {OP_F64_CONVERT_I32_S, 478, EXP_BITS, 0x0u, 0x0u},
    {OP_F64_CONVERT_I32_S, 479, EXP_BITS, 0x7fffffffu, 0x41dfffffffc00000u},
    {OP_F64_CONVERT_I32_S, 480, EXP_BITS, 0x80000000u, 0xc1e0000000000000u},
    {OP_F64_CONVERT_I32_S, 481, EXP_BITS, 0x3ade68b1u, 0x41cd6f3458800000u},
    {OP_F64_CONVERT_I64_S, 483, EXP_BITS, 0x1u, 0x3ff0000000000000u},
    {OP_F64_CONVERT_I64_S, 484, EXP_BITS, 0xffffffffffffffffu, 0xbff0000000000000u},
    {OP_F64_CONVERT_I64_S, 485, EXP_BITS, 0x0u, 0x0u},
    {OP_F64_CONVERT_I64_S, 486, EXP_BITS, 0x7fffffffffffffffu, 0x43e0000000000000u},
    {OP_F64_CONVERT_I64_S, 487, EXP_BITS, 0x8000000000000000u, 0xc3e0000000000000u},
    {OP_F64_CONVERT_I64_S, 488, EXP_BITS, 0x10969d374b968eu, 0x4330969d374b968eu},
    {OP_F64_CONVERT_I64_S, 490, EXP_BITS, 0x20000000000001u, 0x4340000000000000u},
    {OP_F64_CONVERT_I64_S, 491, EXP_BITS, 0xffdfffffffffffffu, 0xc340000000000000u},
    {OP_F64_CONVERT_I64_S, 492, EXP_BITS, 0x20000000000003u, 0x4340000000000002u},
    {OP_F64_CONVERT_I64_S, 493, EXP_BITS, 0xffdffffffffffffdu, 0xc340000000000002u},
    {OP_F32_CONVERT_I32_U, 495, EXP_BITS, 0x1u, 0x3f800000u},
    {OP_F32_CONVERT_I32_U, 496, EXP_BITS, 0x0u, 0x0u},
    {OP_F32_CONVERT_I32_U, 497, EXP_BITS, 0x7fffffffu, 0x4f000000u},
    {OP_F32_CONVERT_I32_U, 498, EXP_BITS, 0x80000000u, 0x4f000000u},
    {OP_F32_CONVERT_I32_U, 499, EXP_BITS, 0x12345678u, 0x4d91a2b4u},
    {OP_F32_CONVERT_I32_U, 500, EXP_BITS, 0xffffffffu, 0x4f800000u},
    {OP_F32_CONVERT_I32_U, 501, EXP_BITS, 0x80000080u, 0x4f000000u},
    {OP_F32_CONVERT_I32_U, 502, EXP_BITS, 0x80000081u, 0x4f000001u},
    {OP_F32_CONVERT_I32_U, 503, EXP_BITS, 0x80000082u, 0x4f000001u},
    {OP_F32_CONVERT_I32_U, 504, EXP_BITS, 0xfffffe80u, 0x4f7ffffeu},
    {OP_F32_CONVERT_I32_U, 505, EXP_BITS, 0xfffffe81u, 0x4f7fffffu},
    {OP_F32_CONVERT_I32_U, 506, EXP_BITS, 0xfffffe82u, 0x4f7fffffu},
    {OP_F32_CONVERT_I32_U, 508, EXP_BITS, 0x1000001u, 0x4b800000u},
    {OP_F32_CONVERT_I32_U, 509, EXP_BITS, 0x1000003u, 0x4b800002u},
    {OP_F32_CONVERT_I64_U, 511, EXP_BITS, 0x1u, 0x3f800000u},
    {OP_F32_CONVERT_I64_U, 512, EXP_BITS, 0x0u, 0x0u},
    {OP_F32_CONVERT_I64_U, 513, EXP_BITS, 0x7fffffffffffffffu, 0x5f000000u},
    {OP_F32_CONVERT_I64_U, 514, EXP_BITS, 0x8000000000000000u, 0x5f000000u},
    {OP_F32_CONVERT_I64_U, 515, EXP_BITS, 0xffffffffffffffffu, 0x5f800000u},
    {OP_F32_CONVERT_I64_U, 517, EXP_BITS, 0x1000001u, 0x4b800000u},
    {OP_F32_CONVERT_I64_U, 518, EXP_BITS, 0x1000003u, 0x4b800002u},
    {OP_F32_CONVERT_I64_U, 520, EXP_BITS, 0x20000020000001u, 0x5a000001u},
    {OP_F32_CONVERT_I64_U, 521, EXP_BITS, 0x7fffffbfffffffffu, 0x5effffffu},
    {OP_F32_CONVERT_I64_U, 522, EXP_BITS, 0x8000008000000001u, 0x5f000001u},
    {OP_F32_CONVERT_I64_U, 523, EXP_BITS, 0xfffffe8000000001u, 0x5f7fffffu},
    {OP_F64_CONVERT_I32_U, 525, EXP_BITS, 0x1u, 0x3ff0000000000000u},
    {OP_F64_CONVERT_I32_U, 526, EXP_BITS, 0x0u, 0x0u},
    {OP_F64_CONVERT_I32_U, 527, EXP_BITS, 0x7fffffffu, 0x41dfffffffc00000u},
    {OP_F64_CONVERT_I32_U, 528, EXP_BITS, 0x80000000u, 0x41e0000000000000u},
    {OP_F64_CONVERT_I32_U, 529, EXP_BITS, 0xffffffffu, 0x41efffffffe00000u},
    {OP_F64_CONVERT_I64_U, 531, EXP_BITS, 0x1u, 0x3ff0000000000000u},
    {OP_F64_CONVERT_I64_U, 532, EXP_BITS, 0x0u, 0x0u},
    {OP_F64_CONVERT_I64_U, 533, EXP_BITS, 0x7fffffffffffffffu, 0x43e0000000000000u},
    {OP_F64_CONVERT_I64_U, 534, EXP_BITS, 0x8000000000000000u, 0x43e0000000000000u},
    {OP_F64_CONVERT_I64_U, 535, EXP_BITS, 0xffffffffffffffffu, 0x43f0000000000000u},
    {OP_F64_CONVERT_I64_U, 536, EXP_BITS, 0x8000000000000400u, 0x43e0000000000000u},
    {OP_F64_CONVERT_I64_U, 537, EXP_BITS, 0x8000000000000401u, 0x43e0000000000001u},
    {OP_F64_CONVERT_I64_U, 538, EXP_BITS, 0x8000000000000402u, 0x43e0000000000001u},
    {OP_F64_CONVERT_I64_U, 539, EXP_BITS, 0xfffffffffffff400u, 0x43effffffffffffeu},
    {OP_F64_CONVERT_I64_U, 540, EXP_BITS, 0xfffffffffffff401u, 0x43efffffffffffffu},
    {OP_F64_CONVERT_I64_U, 541, EXP_BITS, 0xfffffffffffff402u, 0x43efffffffffffffu},
    {OP_F64_CONVERT_I64_U, 543, EXP_BITS, 0x20000000000001u, 0x4340000000000000u},
    {OP_F64_CONVERT_I64_U, 544, EXP_BITS, 0x20000000000003u, 0x4340000000000002u},
    {OP_F64_PROMOTE_F32, 546, EXP_BITS, 0x0u, 0x0u},
    {OP_F64_PROMOTE_F32, 547, EXP_BITS, 0x80000000u, 0x8000000000000000u},
    {OP_F64_PROMOTE_F32, 548, EXP_BITS, 0x1u, 0x36a0000000000000u},
    {OP_F64_PROMOTE_F32, 549, EXP_BITS, 0x80000001u, 0xb6a0000000000000u},
    {OP_F64_PROMOTE_F32, 550, EXP_BITS, 0x3f800000u, 0x3ff0000000000000u},
    {OP_F64_PROMOTE_F32, 551, EXP_BITS, 0xbf800000u, 0xbff0000000000000u},
    {OP_F64_PROMOTE_F32, 552, EXP_BITS, 0xff7fffffu, 0xc7efffffe0000000u},
    {OP_F64_PROMOTE_F32, 553, EXP_BITS, 0x7f7fffffu, 0x47efffffe0000000u},
    {OP_F64_PROMOTE_F32, 555, EXP_BITS, 0x4000000u, 0x3880000000000000u},
    {OP_F64_PROMOTE_F32, 557, EXP_BITS, 0x7e47c33fu, 0x47c8f867e0000000u},
    {OP_F64_PROMOTE_F32, 558, EXP_BITS, 0x7f800000u, 0x7ff0000000000000u},
    {OP_F64_PROMOTE_F32, 559, EXP_BITS, 0xff800000u, 0xfff0000000000000u},
    {OP_F64_PROMOTE_F32, 560, EXP_NAN_CANONICAL, 0x7fc00000u, 0x0u},
    {OP_F64_PROMOTE_F32, 561, EXP_NAN_ARITHMETIC, 0x7fa00000u, 0x0u},
    {OP_F64_PROMOTE_F32, 562, EXP_NAN_CANONICAL, 0xffc00000u, 0x0u},
    {OP_F64_PROMOTE_F32, 563, EXP_NAN_ARITHMETIC, 0xffa00000u, 0x0u},
    {OP_F32_DEMOTE_F64, 565, EXP_BITS, 0x0u, 0x0u},
    {OP_F32_DEMOTE_F64, 566, EXP_BITS, 0x8000000000000000u, 0x80000000u},
    {OP_F32_DEMOTE_F64, 567, EXP_BITS, 0x1u, 0x0u},
    {OP_F32_DEMOTE_F64, 568, EXP_BITS, 0x8000000000000001u, 0x80000000u},
    {OP_F32_DEMOTE_F64, 569, EXP_BITS, 0x3ff0000000000000u, 0x3f800000u},
    {OP_F32_DEMOTE_F64, 570, EXP_BITS, 0xbff0000000000000u, 0xbf800000u},
    {OP_F32_DEMOTE_F64, 571, EXP_BITS, 0x380fffffe0000000u, 0x800000u},
    {OP_F32_DEMOTE_F64, 572, EXP_BITS, 0xb80fffffe0000000u, 0x80800000u},
    {OP_F32_DEMOTE_F64, 573, EXP_BITS, 0x380fffffdfffffffu, 0x7fffffu},
    {OP_F32_DEMOTE_F64, 574, EXP_BITS, 0xb80fffffdfffffffu, 0x807fffffu},
    {OP_F32_DEMOTE_F64, 575, EXP_BITS, 0x36a0000000000000u, 0x1u},
    {OP_F32_DEMOTE_F64, 576, EXP_BITS, 0xb6a0000000000000u, 0x80000001u},
    {OP_F32_DEMOTE_F64, 577, EXP_BITS, 0x47efffffd0000000u, 0x7f7ffffeu},
    {OP_F32_DEMOTE_F64, 578, EXP_BITS, 0xc7efffffd0000000u, 0xff7ffffeu},
    {OP_F32_DEMOTE_F64, 579, EXP_BITS, 0x47efffffd0000001u, 0x7f7fffffu},
    {OP_F32_DEMOTE_F64, 580, EXP_BITS, 0xc7efffffd0000001u, 0xff7fffffu},
    {OP_F32_DEMOTE_F64, 581, EXP_BITS, 0x47efffffe0000000u, 0x7f7fffffu},
    {OP_F32_DEMOTE_F64, 582, EXP_BITS, 0xc7efffffe0000000u, 0xff7fffffu},
    {OP_F32_DEMOTE_F64, 583, EXP_BITS, 0x47efffffefffffffu, 0x7f7fffffu},
    {OP_F32_DEMOTE_F64, 584, EXP_BITS, 0xc7efffffefffffffu, 0xff7fffffu},
    {OP_F32_DEMOTE_F64, 585, EXP_BITS, 0x47effffff0000000u, 0x7f800000u},
    {OP_F32_DEMOTE_F64, 586, EXP_BITS, 0xc7effffff0000000u, 0xff800000u},
    {OP_F32_DEMOTE_F64, 587, EXP_BITS, 0x3880000000000000u, 0x4000000u},
    {OP_F32_DEMOTE_F64, 588, EXP_BITS, 0x47c8f867e0000000u, 0x7e47c33fu},
    {OP_F32_DEMOTE_F64, 589, EXP_BITS, 0x7ff0000000000000u, 0x7f800000u},
    {OP_F32_DEMOTE_F64, 590, EXP_BITS, 0xfff0000000000000u, 0xff800000u},
    {OP_F32_DEMOTE_F64, 591, EXP_BITS, 0x3ff0000000000001u, 0x3f800000u},
    {OP_F32_DEMOTE_F64, 592, EXP_BITS, 0x3fefffffffffffffu, 0x3f800000u},
    {OP_F32_DEMOTE_F64, 593, EXP_BITS, 0x3ff0000010000000u, 0x3f800000u},
    {OP_F32_DEMOTE_F64, 594, EXP_BITS, 0x3ff0000010000001u, 0x3f800001u},
    {OP_F32_DEMOTE_F64, 595, EXP_BITS, 0x3ff000002fffffffu, 0x3f800001u},
    {OP_F32_DEMOTE_F64, 596, EXP_BITS, 0x3ff0000030000000u, 0x3f800002u},
    {OP_F32_DEMOTE_F64, 597, EXP_BITS, 0x3ff0000050000000u, 0x3f800002u},
    {OP_F32_DEMOTE_F64, 598, EXP_BITS, 0x4170000010000000u, 0x4b800000u},
    {OP_F32_DEMOTE_F64, 599, EXP_BITS, 0x4170000010000001u, 0x4b800001u},
    {OP_F32_DEMOTE_F64, 600, EXP_BITS, 0x417000002fffffffu, 0x4b800001u},
    {OP_F32_DEMOTE_F64, 601, EXP_BITS, 0x4170000030000000u, 0x4b800002u},
    {OP_F32_DEMOTE_F64, 602, EXP_BITS, 0x46b4eae4f7024c70u, 0x75a75728u},
    {OP_F32_DEMOTE_F64, 603, EXP_BITS, 0x38ea12e71e358685u, 0x7509739u},
    {OP_F32_DEMOTE_F64, 604, EXP_BITS, 0x380cb98354d521ffu, 0x72e60du},
    {OP_F32_DEMOTE_F64, 605, EXP_BITS, 0xc006972b30cfb562u, 0xc034b95au},
    {OP_F32_DEMOTE_F64, 606, EXP_BITS, 0xc6fbedbe4819d4c4u, 0xf7df6df2u},
    {OP_F32_DEMOTE_F64, 607, EXP_NAN_CANONICAL, 0x7ff8000000000000u, 0x0u},
    {OP_F32_DEMOTE_F64, 608, EXP_NAN_ARITHMETIC, 0x7ff4000000000000u, 0x0u},
    {OP_F32_DEMOTE_F64, 609, EXP_NAN_CANONICAL, 0xfff8000000000000u, 0x0u},
    {OP_F32_DEMOTE_F64, 610, EXP_NAN_ARITHMETIC, 0xfff4000000000000u, 0x0u},
    {OP_F32_DEMOTE_F64, 611, EXP_BITS, 0x10000000000000u, 0x0u},
    {OP_F32_DEMOTE_F64, 612, EXP_BITS, 0x8010000000000000u, 0x80000000u},
    {OP_F32_DEMOTE_F64, 613, EXP_BITS, 0x3690000000000000u, 0x0u},
    {OP_F32_DEMOTE_F64, 614, EXP_BITS, 0xb690000000000000u, 0x80000000u},
    {OP_F32_DEMOTE_F64, 615, EXP_BITS, 0x3690000000000001u, 0x1u},
    {OP_F32_DEMOTE_F64, 616, EXP_BITS, 0xb690000000000001u, 0x80000001u},
    {OP_F32_SQRT, 519, EXP_BITS, 0x432b0000u, 0x41513a26u},
    {OP_F32_SQRT, 520, EXP_BITS, 0x342ca6feu, 0x39d23c4eu},
    {OP_F64_SQRT, 521, EXP_BITS, 0x4065600000000000u, 0x402a2744ce9674f5u},
    {OP_F64_SQRT, 522, EXP_BITS, 0x3e8594dfc70aa105u, 0x3f3a4789c0e37f99u},
    {OP_F64_SQRT, 525, EXP_BITS, 0x35b0263fcc94f259u, 0x3ad0131485de579fu},
    {OP_F64_SQRT, 526, EXP_BITS, 0x551352dfa278c43du, 0x4a8195607dac5417u},
    {OP_F64_SQRT, 527, EXP_BITS, 0x591b15daa23924fau, 0x4c84d143db561493u},
    {OP_F64_SQRT, 528, EXP_BITS, 0x3da518c8e68cb753u, 0x3ec9fb8ef1ad5bfdu},
    {OP_F64_SQRT, 529, EXP_BITS, 0x28d86d8b6518078eu, 0x3463c5142a48fcadu},
    {OP_F64_SQRT, 533, EXP_BITS, 0x3fefffffffffffffu, 0x3fefffffffffffffu},
    {OP_F32_SQRT, 536, EXP_BITS, 0x3e04c032u, 0x3eb85918u},
    {OP_F32_SQRT, 537, EXP_BITS, 0x71ecdf78u, 0x58ae2029u},
    {OP_F32_SQRT, 538, EXP_BITS, 0x3da15adbu, 0x3e8fb687u},
    {OP_F32_SQRT, 539, EXP_BITS, 0x1c1b4268u, 0x2dc75d71u},
    {OP_F32_SQRT, 540, EXP_BITS, 0x3a6c5e27u, 0x3cf5fcf5u},
    {OP_F64_SQRT, 541, EXP_BITS, 0x635c39f220d5704u, 0x2312a92bc24ceae9u},
    {OP_F64_SQRT, 542, EXP_BITS, 0x6d653521a635745cu, 0x56aa0cfdc4ef8ff1u},
    {OP_F64_SQRT, 543, EXP_BITS, 0x580dfd5bbc9f4678u, 0x4bfefa817117c94cu},
    {OP_F64_SQRT, 544, EXP_BITS, 0x46833f9640811cd4u, 0x4338d17c9243baa3u},
    {OP_F64_SQRT, 545, EXP_BITS, 0x7e66c0ef0267ff45u, 0x5f2afbcfae3f2b40u},
    {OP_F32_SQRT, 548, EXP_BITS, 0x4d135317u, 0x46423428u},
    {OP_F32_SQRT, 549, EXP_BITS, 0x70b3001u, 0x233cc3b1u},
    {OP_F32_SQRT, 550, EXP_BITS, 0x381efda8u, 0x3bc9bf1cu},
    {OP_F32_SQRT, 551, EXP_BITS, 0x3987596u, 0x218bb203u},
    {OP_F32_SQRT, 552, EXP_BITS, 0x265b82eu, 0x20f28105u},
    {OP_F64_SQRT, 553, EXP_BITS, 0x6b6edae8aea05430u, 0x55af6c1ea4fc8dd2u},
    {OP_F64_SQRT, 554, EXP_BITS, 0x104f7ee4bda5c9c3u, 0x281fbf30bdaf11c5u},
    {OP_F64_SQRT, 555, EXP_BITS, 0x3e1a48f348266ad1u, 0x3f0481ee7540baf7u},
    {OP_F64_SQRT, 556, EXP_BITS, 0x30dfeb5a1ce3ed9cu, 0x3866995060c20d46u},
    {OP_F64_SQRT, 557, EXP_BITS, 0x7a1957d9796e3834u, 0x5d042305213157bau},
    {OP_F32_SQRT, 560, EXP_BITS, 0x7ab2bc3eu, 0x5d174152u},
    {OP_F32_SQRT, 561, EXP_BITS, 0x4739b022u, 0x435a0720u},
    {OP_F32_SQRT, 562, EXP_BITS, 0x3f500768u, 0x3f66c576u},
    {OP_F32_SQRT, 563, EXP_BITS, 0x143d2640u, 0x29dc0cf2u},
    {OP_F32_SQRT, 564, EXP_BITS, 0x10ae926au, 0x28157bafu},
    {OP_F64_SQRT, 565, EXP_BITS, 0x6e1a008948ead274u, 0x5704659b37c39b19u},
    {OP_F64_SQRT, 566, EXP_BITS, 0x28270f6199ed21f5u, 0x340b2a2bddf3300du},
    {OP_F64_SQRT, 567, EXP_BITS, 0x7c435c1d49f2a352u, 0x5e18e3d9f01a9716u},
    {OP_F64_SQRT, 568, EXP_BITS, 0x3d23fbdcfb2b2a15u, 0x3e8949ba4feca42au},
    {OP_F64_SQRT, 569, EXP_BITS, 0x213c201b94757145u, 0x3095369ee6bf2967u},
    {OP_F64_SQRT, 572, EXP_NAN_CANONICAL, 0x83c360e8d0032ad0u, 0x0u},
    {OP_F64_SQRT, 573, EXP_BITS, 0x466d9a6f5eef0503u, 0x432ec73f56c166f6u},
    {OP_F64_SQRT, 574, EXP_BITS, 0x107aa051a5c4ec27u, 0x2834a3e771ff5149u},
    {OP_F64_SQRT, 575, EXP_BITS, 0x2ebe5522a741babeu, 0x375607ae2b6feb7du},
    {OP_F64_SQRT, 576, EXP_BITS, 0x6364832badc0c061u, 0x51a99ec7934139b2u},
    {OP_F32_SQRT, 579, EXP_BITS, 0x3f800001u, 0x3f800000u},
    {OP_F32_SQRT, 580, EXP_BITS, 0x3f800002u, 0x3f800001u},
    {OP_F64_SQRT, 581, EXP_BITS, 0x3ff0000000000001u, 0x3ff0000000000000u},
    {OP_F64_SQRT, 582, EXP_BITS, 0x3ff0000000000002u, 0x3ff0000000000001u},
    {OP_F32_SQRT, 585, EXP_BITS, 0x3f7ffffeu, 0x3f7fffffu},
    {OP_F32_SQRT, 586, EXP_BITS, 0x3f7ffffdu, 0x3f7ffffeu},
    {OP_F64_SQRT, 587, EXP_BITS, 0x3feffffffffffffeu, 0x3fefffffffffffffu},
    {OP_F64_SQRT, 588, EXP_BITS, 0x3feffffffffffffdu, 0x3feffffffffffffeu},
    {OP_F32_SQRT, 591, EXP_BITS, 0x3e7fffffu, 0x3effffffu},
    {OP_F32_SQRT, 592, EXP_BITS, 0x3e800000u, 0x3f000000u},
    {OP_F32_SQRT, 593, EXP_BITS, 0x3e800001u, 0x3f000000u},
    {OP_F32_SQRT, 594, EXP_BITS, 0x3e800002u, 0x3f000001u},
    {OP_F64_SQRT, 595, EXP_BITS, 0x3fcfffffffffffffu, 0x3fdfffffffffffffu},
    {OP_F64_SQRT, 596, EXP_BITS, 0x3fd0000000000000u, 0x3fe0000000000000u},
    {OP_F64_SQRT, 597, EXP_BITS, 0x3fd0000000000001u, 0x3fe0000000000000u},
    {OP_F64_SQRT, 598, EXP_BITS, 0x3fd0000000000002u, 0x3fe0000000000001u},
    {OP_F32_SQRT, 602, EXP_BITS, 0x527da0eau, 0x48fecfc0u},
    {OP_F64_SQRT, 603, EXP_BITS, 0x424fb41d442eeb1bu, 0x411fd9f808a0b68du},
    {OP_F32_SQRT, 607, EXP_BITS, 0x501e30d9u, 0x47c93d00u},
    {OP_F32_SQRT, 608, EXP_BITS, 0x592b5ea7u, 0x4c517406u},
    {OP_F32_SQRT, 609, EXP_BITS, 0x55b2f816u, 0x4a975aa2u},
    {OP_F32_SQRT, 610, EXP_BITS, 0x4e932c06u, 0x4709406bu},
    {OP_F64_SQRT, 611, EXP_BITS, 0x4203c61b11200000u, 0x40f927a000000000u},
    {OP_F64_SQRT, 612, EXP_BITS, 0x43256bd4e65c8548u, 0x418a2e80d0000000u},
    {OP_F64_SQRT, 613, EXP_BITS, 0x42b65f02cc93a100u, 0x4152eb5440000000u},
    {OP_F64_SQRT, 614, EXP_BITS, 0x41d26580b4c00000u, 0x40e1280d62b818cfu},
    {OP_F32_SQRT, 618, EXP_BITS, 0x3f040bfeu, 0x3f37dbcfu},
    {OP_F32_SQRT, 619, EXP_BITS, 0x3f00bdccu, 0x3f358af7u},
    {OP_F64_SQRT, 620, EXP_BITS, 0x3fe0817fc0000000u, 0x3fe6fb79d0dfaffau},
    {OP_F64_SQRT, 621, EXP_BITS, 0x3fe017b980000000u, 0x3fe6b15ed0071b95u},
    {OP_F32_SQRT, 625, EXP_BITS, 0x41100000u, 0x40400000u},
    {OP_F32_SQRT, 626, EXP_BITS, 0x43090000u, 0x413b4673u},
    {OP_F32_SQRT, 627, EXP_BITS, 0x3fe30aefu, 0x3faa7968u},
    {OP_F32_SQRT, 628, EXP_BITS, 0x447a0000u, 0x41fcfb72u},
    {OP_F64_SQRT, 629, EXP_BITS, 0x4022000000000000u, 0x4008000000000000u},
    {OP_F64_SQRT, 630, EXP_BITS, 0x4061200000000000u, 0x402768ce6d3c11e0u},
    {OP_F64_SQRT, 631, EXP_BITS, 0x3ffc615df07a57d3u, 0x3ff54f2d015acf09u},
    {OP_F64_SQRT, 632, EXP_BITS, 0x408f400000000000u, 0x403f9f6e4990f227u},
    {OP_F32_CEIL, 656, EXP_BITS, 0x3f7fffffu, 0x3f800000u},
    {OP_F32_CEIL, 657, EXP_BITS, 0x3f800001u, 0x40000000u},
    {OP_F64_CEIL, 658, EXP_BITS, 0x3fefffffffffffffu, 0x3ff0000000000000u},
    {OP_F64_CEIL, 659, EXP_BITS, 0x3ff0000000000001u, 0x4000000000000000u},
    {OP_F32_CEIL, 662, EXP_BITS, 0x4affffffu, 0x4b000000u},
    {OP_F32_CEIL, 663, EXP_BITS, 0xcaffffffu, 0xcafffffeu},
    {OP_F64_CEIL, 664, EXP_BITS, 0x432fffffffffffffu, 0x4330000000000000u},
    {OP_F64_CEIL, 665, EXP_BITS, 0xc32fffffffffffffu, 0xc32ffffffffffffeu},
    {OP_F32_CEIL, 669, EXP_BITS, 0x4b7fffffu, 0x4b7fffffu},
    {OP_F32_CEIL, 670, EXP_BITS, 0xcb7fffffu, 0xcb7fffffu},
    {OP_F64_CEIL, 671, EXP_BITS, 0x433fffffffffffffu, 0x433fffffffffffffu},
    {OP_F64_CEIL, 672, EXP_BITS, 0xc33fffffffffffffu, 0xc33fffffffffffffu},
    {OP_F32_FLOOR, 675, EXP_BITS, 0xbf7fffffu, 0xbf800000u},
    {OP_F32_FLOOR, 676, EXP_BITS, 0xbf800001u, 0xc0000000u},
    {OP_F64_FLOOR, 677, EXP_BITS, 0xbfefffffffffffffu, 0xbff0000000000000u},
    {OP_F64_FLOOR, 678, EXP_BITS, 0xbff0000000000001u, 0xc000000000000000u},
    {OP_F32_FLOOR, 681, EXP_BITS, 0xcaffffffu, 0xcb000000u},
    {OP_F32_FLOOR, 682, EXP_BITS, 0x4affffffu, 0x4afffffeu},
    {OP_F64_FLOOR, 683, EXP_BITS, 0xc32fffffffffffffu, 0xc330000000000000u},
    {OP_F64_FLOOR, 684, EXP_BITS, 0x432fffffffffffffu, 0x432ffffffffffffeu},
    {OP_F32_FLOOR, 688, EXP_BITS, 0x47ad0f80u, 0x47ad0f80u},
    {OP_F64_FLOOR, 689, EXP_BITS, 0x40f5a1f000000000u, 0x40f5a1f000000000u},
    {OP_F32_TRUNC, 692, EXP_BITS, 0xcaffffffu, 0xcafffffeu},
    {OP_F32_TRUNC, 693, EXP_BITS, 0x4affffffu, 0x4afffffeu},
    {OP_F64_TRUNC, 694, EXP_BITS, 0xc32fffffffffffffu, 0xc32ffffffffffffeu},
    {OP_F64_TRUNC, 695, EXP_BITS, 0x432fffffffffffffu, 0x432ffffffffffffeu},
    {OP_F32_NEAREST, 700, EXP_BITS, 0x4b000001u, 0x4b000001u},
    {OP_F32_NEAREST, 701, EXP_BITS, 0x4b000002u, 0x4b000002u},
    {OP_F32_NEAREST, 702, EXP_BITS, 0x3effffffu, 0x0u},
    {OP_F32_NEAREST, 703, EXP_BITS, 0x577fffffu, 0x577fffffu},
    {OP_F64_NEAREST, 704, EXP_BITS, 0x4330000000000001u, 0x4330000000000001u},
    {OP_F64_NEAREST, 705, EXP_BITS, 0x4330000000000002u, 0x4330000000000002u},
    {OP_F64_NEAREST, 706, EXP_BITS, 0x3fdfffffffffffffu, 0x0u},
    {OP_F64_NEAREST, 707, EXP_BITS, 0x468fffffffffffffu, 0x468fffffffffffffu},
    {OP_F32_NEAREST, 711, EXP_BITS, 0x40900000u, 0x40800000u},
    {OP_F32_NEAREST, 712, EXP_BITS, 0xc0900000u, 0xc0800000u},
    {OP_F32_NEAREST, 713, EXP_BITS, 0xc0600000u, 0xc0800000u},
    {OP_F64_NEAREST, 714, EXP_BITS, 0x4012000000000000u, 0x4010000000000000u},
    {OP_F64_NEAREST, 715, EXP_BITS, 0xc012000000000000u, 0xc010000000000000u},
    {OP_F64_NEAREST, 716, EXP_BITS, 0xc00c000000000000u, 0xc010000000000000u},
    {OP_F32_NEAREST, 719, EXP_BITS, 0xcaffffffu, 0xcb000000u},
    {OP_F32_NEAREST, 720, EXP_BITS, 0x4affffffu, 0x4b000000u},
    {OP_F64_NEAREST, 721, EXP_BITS, 0xc32fffffffffffffu, 0xc330000000000000u},
    {OP_F64_NEAREST, 722, EXP_BITS, 0x432fffffffffffffu, 0x4330000000000000u},
};

/* Truncation of an f32 (by promotion, as the executor does) or an f64. */
static xip_status trunc_op(int from_f32, uint64_t arg, int is_signed, int bits, int sat, uint64_t *out)
{
    uint64_t x = from_f32 ? xipi_f32_to_f64_bits((uint32_t)arg) : arg;

    if (sat) {
        *out = xipi_trunc_sat_f64(x, is_signed, bits);
        return XIP_OK;
    }
    return xipi_trunc_f64(x, is_signed, bits, out);
}

/* Runs one spec operation; *is_f32 tells the width of a float result. */
static xip_status spec_run(int op, uint64_t a, uint64_t *out, int *is_f32)
{
    *is_f32 = 0;
    switch (op) {
    case OP_F32_CEIL: *is_f32 = 1; *out = xipi_f32_ceil((uint32_t)a); break;
    case OP_F32_FLOOR: *is_f32 = 1; *out = xipi_f32_floor((uint32_t)a); break;
    case OP_F32_TRUNC: *is_f32 = 1; *out = xipi_f32_trunc((uint32_t)a); break;
    case OP_F32_NEAREST: *is_f32 = 1; *out = xipi_f32_nearest((uint32_t)a); break;
    case OP_F32_SQRT: *is_f32 = 1; *out = xipi_f32_sqrt((uint32_t)a); break;
    case OP_F64_CEIL: *out = xipi_f64_ceil(a); break;
    case OP_F64_FLOOR: *out = xipi_f64_floor(a); break;
    case OP_F64_TRUNC: *out = xipi_f64_trunc(a); break;
    case OP_F64_NEAREST: *out = xipi_f64_nearest(a); break;
    case OP_F64_SQRT: *out = xipi_f64_sqrt(a); break;
    case OP_F32_CONVERT_I32_S: *is_f32 = 1; *out = test_f32_from_i64((uint64_t)(int64_t)(int32_t)(uint32_t)a, 1); break;
    case OP_F32_CONVERT_I32_U: *is_f32 = 1; *out = test_f32_from_i64((uint32_t)a, 0); break;
    case OP_F32_CONVERT_I64_S: *is_f32 = 1; *out = test_f32_from_i64(a, 1); break;
    case OP_F32_CONVERT_I64_U: *is_f32 = 1; *out = test_f32_from_i64(a, 0); break;
    case OP_F64_CONVERT_I32_S: *out = test_f64_from_i64((uint64_t)(int64_t)(int32_t)(uint32_t)a, 1); break;
    case OP_F64_CONVERT_I32_U: *out = test_f64_from_i64((uint32_t)a, 0); break;
    case OP_F64_CONVERT_I64_S: *out = test_f64_from_i64(a, 1); break;
    case OP_F64_CONVERT_I64_U: *out = test_f64_from_i64(a, 0); break;
    case OP_F32_DEMOTE_F64: *is_f32 = 1; *out = xipi_f64_to_f32_bits(a); break;
    case OP_F64_PROMOTE_F32: *out = xipi_f32_to_f64_bits((uint32_t)a); break;
    case OP_I32_TRUNC_F32_S: return trunc_op(1, a, 1, 32, 0, out);
    case OP_I32_TRUNC_F32_U: return trunc_op(1, a, 0, 32, 0, out);
    case OP_I32_TRUNC_F64_S: return trunc_op(0, a, 1, 32, 0, out);
    case OP_I32_TRUNC_F64_U: return trunc_op(0, a, 0, 32, 0, out);
    case OP_I64_TRUNC_F32_S: return trunc_op(1, a, 1, 64, 0, out);
    case OP_I64_TRUNC_F32_U: return trunc_op(1, a, 0, 64, 0, out);
    case OP_I64_TRUNC_F64_S: return trunc_op(0, a, 1, 64, 0, out);
    case OP_I64_TRUNC_F64_U: return trunc_op(0, a, 0, 64, 0, out);
    case OP_I32_TRUNC_SAT_F32_S: return trunc_op(1, a, 1, 32, 1, out);
    case OP_I32_TRUNC_SAT_F32_U: return trunc_op(1, a, 0, 32, 1, out);
    case OP_I32_TRUNC_SAT_F64_S: return trunc_op(0, a, 1, 32, 1, out);
    case OP_I32_TRUNC_SAT_F64_U: return trunc_op(0, a, 0, 32, 1, out);
    case OP_I64_TRUNC_SAT_F32_S: return trunc_op(1, a, 1, 64, 1, out);
    case OP_I64_TRUNC_SAT_F32_U: return trunc_op(1, a, 0, 64, 1, out);
    case OP_I64_TRUNC_SAT_F64_S: return trunc_op(0, a, 1, 64, 1, out);
    case OP_I64_TRUNC_SAT_F64_U: return trunc_op(0, a, 0, 64, 1, out);
    default: *out = 0; break;
    }
    return XIP_OK;
}

/* Every spec case; failures name the .wast line. */
static void test_spec(void)
{
    uint32_t i;

    for (i = 0; i < COUNT(spec_cases); i++) {
        const struct spec_case *c = &spec_cases[i];
        uint64_t got = 0;
        int is_f32, ok;
        xip_status st = spec_run(c->op, c->arg, &got, &is_f32);
        int nan = is_f32 ? nan32((uint32_t)got) : nan64(got);
        int canon = is_f32 ? canon32((uint32_t)got) : canon64(got);

        switch (c->kind) {
        case EXP_TRAP_OVERFLOW: ok = st == XIP_TRAP_INTEGER_OVERFLOW; break;
        case EXP_TRAP_INVALID: ok = st == XIP_TRAP_INVALID_CONVERSION; break;
        case EXP_NAN_CANONICAL: ok = st == XIP_OK && canon; break;
        case EXP_NAN_ARITHMETIC: /* a quiet NaN */
            ok = st == XIP_OK && nan && (got & (is_f32 ? 0x00400000u : 0x0008000000000000u)) != 0;
            break;
        default: ok = st == XIP_OK && got == c->want; break;
        }
        if (!ok)
            printf("FAIL spec line %u (op %d): arg 0x%llx got 0x%llx status %d want 0x%llx\n",
                   c->line, c->op, (unsigned long long)c->arg, (unsigned long long)got, (int)st,
                   (unsigned long long)c->want);
        check_total++;
        check_failed += !ok;
    }
}

/* ---- f64 arithmetic by integers (xipi_f64_arith, the XIP_SMALL_FLOAT path) ---- */
/* (built for the small float builds and the test builds, XIP_TEST_HELPERS: not the mutants' fast tier) */
#if XIP_SMALL_FLOAT || XIP_TEST_HELPERS

/* An f64 operand: any pattern, subnormals, tiny or huge exponents, few fraction bits, specials. */
static uint64_t arith_operand(void)
{
    uint64_t r = rnd(), sign = r & 0x8000000000000000u;
    switch (rnd() % 8) {
    case 0: return r;
    case 1: return r & 0x800fffffffffffffu; /* subnormal or zero */
    case 2: return rnd_f64_exp(-1022, -960);
    case 3: return rnd_f64_exp(960, 1023);
    case 4: return sign | (r & 0x000000000000000fu); /* the smallest subnormals */
    case 5: return sign | (rnd() % 3 ? 0x7ff0000000000000u : 0) | (rnd() % 2 ? r & 0x000fffffffffffffu : 0);
    case 6: return (r & 0x800ffffff0000000u) | ((uint64_t)(1023 + rnd() % 60) << 52); /* short fractions */
    default: return rnd_f64_exp(-60, 60);
    }
}

/* a op b against the host's IEEE 754 double arithmetic; a NaN result is checked by the rule of xip_float.h. */
static void check_arith(uint64_t a, uint64_t b)
{
    int op;
    for (op = XIP_FADD; op <= XIP_FDIV; op++) {
        double x = f64_of(a), y = f64_of(b);
        uint64_t want = bits_f64(op == XIP_FADD ? x + y : op == XIP_FSUB ? x - y : op == XIP_FMUL ? x * y : x / y);
        uint64_t got = xipi_f64_arith(a, b, op);
        int ok = got == want;
        if (nan64(want)) {
            if (nan64(a))
                ok = got == (a | 0x0008000000000000u);
            else if (nan64(b))
                ok = got == (b | 0x0008000000000000u);
            else
                ok = got == 0x7ff8000000000000u;
        }
        expect(ok, "f64 add, sub, mul, div (in: a)", a, got, want); /* one name: the first few failures shown */
    }
}

/* f64 add, sub, mul, div: specials pairwise, near-cancellations, ties, random operands of every range. */
static void test_f64_arith(void)
{
    static const uint64_t special[] = {
        0, 0x8000000000000000u, 1, 0x000fffffffffffffu, 0x0010000000000000u, 0x3ff0000000000000u,
        0x3ff0000000000001u, 0x4340000000000000u, 0x7fefffffffffffffu, 0x7ff0000000000000u,
        0x7ff8000000000000u, 0x7ff0000000000001u, 0x3cb0000000000000u, 0x3ca0000000000000u,
    };
    uint32_t i, j;
    uint64_t n;
    for (i = 0; i < COUNT(special); i++)
        for (j = 0; j < COUNT(special); j++) {
            check_arith(special[i], special[j]);
            check_arith(special[i] ^ 0x8000000000000000u, special[j]);
        }
    for (n = 0; n < 3000000u; n++) {
        uint64_t a = arith_operand();
        check_arith(a, arith_operand());
        /* b close to -a or a: cancellation, exact zeros, one-ulp differences */
        check_arith(a, (a ^ (rnd() % 2 ? 0x8000000000000000u : 0)) + rnd() % 5 - 2);
        /* sums whose exact value lies at or next to a rounding tie */
        check_arith(a, ((a >> 52) - 53 + rnd() % 3) << 52 | (rnd() & 0x000fffffffffffffu));
    }
}
#endif

static int full_sweep; /* --full: every f32 bit pattern */

static void test_f32_unary_sweep(void)
{
    test_f32_unary(full_sweep);
}

static const check_case cases[] = {
    {"spec", test_spec},
    {"min_max", test_min_max},
    {"trunc", test_trunc},
    {"from_int", test_from_int},
    {"f64_unary", test_f64_unary},
    {"f32_unary", test_f32_unary_sweep},
#if XIP_SMALL_FLOAT || XIP_TEST_HELPERS
    {"f64_arith", test_f64_arith},
#endif
};

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--full") == 0) { /* test_float --full [case...] */
        full_sweep = 1;
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
