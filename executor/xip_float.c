/*
 * xip_float.c: exact Wasm float semantics by integer bit manipulation.
 *
 * No libm and no FPU needed: every operation works on the IEEE 754 bit
 * pattern. One generic helper per operation takes the format as two numbers
 * (fraction bits, exponent bits: 23/8 for binary32, 52/11 for binary64) and
 * works in 64 bits, so f32 and f64 share the code:
 *
 *   | sign | exponent (biased) | fraction |
 *     1      exp bits            frac bits
 *
 * xipi_round_pack() is the one rounding step (to nearest, ties to even, with
 * subnormals and overflow to infinity); conversions go through it.
 */
#include "xip_float.h"

#if XIP_FLOAT

#define F32_FRAC 23u
#define F32_EXP 8u
#define F64_FRAC 52u
#define F64_EXP 11u

#define ROUND_TRUNC XIP_ROUND_TRUNC
#define ROUND_FLOOR XIP_ROUND_FLOOR
#define ROUND_CEIL XIP_ROUND_CEIL
#define ROUND_NEAREST XIP_ROUND_NEAREST

/* The sign bit of the format. */
static uint64_t sign_bit(unsigned frac, unsigned exp)
{
    return (uint64_t)1 << (frac + exp);
}

/* The bit pattern of +infinity (exponent all ones, fraction zero). */
static uint64_t inf_bits(unsigned frac, unsigned exp)
{
    return sign_bit(frac, exp) - ((uint64_t)1 << frac);
}

/* True if x is a NaN. */
static int is_nan(uint64_t x, unsigned frac, unsigned exp)
{
    return (x & (sign_bit(frac, exp) - 1)) > inf_bits(frac, exp);
}

/* x with the quiet bit (the top fraction bit) set. */
static uint64_t quiet(uint64_t x, unsigned frac)
{
    return x | ((uint64_t)1 << (frac - 1));
}

/* Wasm min (want_max 0) or max (1): a NaN operand wins (quieted); -0 < +0. */
static uint64_t min_max(uint64_t a, uint64_t b, unsigned frac, unsigned exp, int want_max)
{
    uint64_t sign = sign_bit(frac, exp);
    uint64_t all = sign | (sign - 1);
    uint64_t ka, kb;

    if (is_nan(a, frac, exp))
        return quiet(a, frac);
    if (is_nan(b, frac, exp))
        return quiet(b, frac);
    /* Keys that order as unsigned integers exactly as the values order. */
    ka = (a & sign) ? ~a & all : a | sign;
    kb = (b & sign) ? ~b & all : b | sign;
    if (want_max)
        return ka > kb ? a : b;
    return ka < kb ? a : b;
}

/* Rounds x to an integral value in the given mode; NaN -> quiet NaN. */
static uint64_t round_integral(uint64_t x, unsigned frac, unsigned exp, int mode)
{
    uint64_t sign = sign_bit(frac, exp);
    uint64_t mag = x & (sign - 1);
    int bias = (1 << (exp - 1)) - 1;
    int e = (int)(mag >> frac) - bias; /* unbiased exponent */
    uint64_t unit, rest, half;
    int up;

    if (e >= (int)frac) /* integral already, infinity or NaN */
        return mag > inf_bits(frac, exp) ? quiet(x, frac) : x;
    if (e < 0) { /* |x| < 1: the result is a signed 0 or 1 */
        if (mag == 0)
            return x;
        x &= sign;
        unit = (uint64_t)bias << frac;        /* 1.0 */
        half = (uint64_t)(bias - 1) << frac;  /* 0.5 */
        rest = mag; /* compares with half like the values do */
    } else {
        unit = (uint64_t)1 << (frac - (unsigned)e); /* weight of the integer's lowest bit */
        rest = x & (unit - 1);
        if (rest == 0)
            return x;
        x -= rest;
        half = unit >> 1;
    }
    switch (mode) {
    case ROUND_FLOOR: up = (x & sign) != 0; break;
    case ROUND_CEIL: up = (x & sign) == 0; break;
    case ROUND_NEAREST: up = rest > half || (rest == half && (x & unit) != 0); break;
    default: up = 0; break;
    }
    /* A carry out of the fraction bumps the exponent, which is the right value. */
    return up ? x + unit : x;
}

/* Correctly rounded square root, bit by bit; negative -> canonical NaN. */
static uint64_t square_root(uint64_t x, unsigned frac, unsigned exp)
{
    uint64_t sign = sign_bit(frac, exp);
    uint64_t one = (uint64_t)1 << frac;
    int bias = (1 << (exp - 1)) - 1;
    uint64_t m, q = 0, s = 0, r, t;
    int e;

    if (is_nan(x, frac, exp))
        return quiet(x, frac);
    if ((x & (sign - 1)) == 0 || x == inf_bits(frac, exp))
        return x; /* +-0, +inf */
    if (x & sign)
        return quiet(inf_bits(frac, exp), frac);
    e = (int)(x >> frac);
    m = x & (one - 1);
    if (e == 0) { /* subnormal: normalize */
        e = 1;
        while (m < one) {
            m <<= 1;
            e--;
        }
    } else {
        m |= one;
    }
    e -= bias; /* x = m * 2^(e - frac), m in [2^frac, 2^(frac+1)) */
    if (e % 2 != 0) {
        m <<= 1;
        e--;
    }
    /* q = floor(sqrt(m * 2^(frac+2))), frac+2 bits; m holds the scaled remainder. */
    m <<= 1;
    for (r = one << 1; r != 0; r >>= 1) {
        t = s + r;
        if (t <= m) {
            s = t + r;
            m -= t;
            q += r;
        }
        m <<= 1;
    }
    /* The root is never exactly halfway, so the last bit of q decides the rounding. */
    return ((uint64_t)(e / 2 + bias - 1) << frac) + ((q + 1) >> 1);
}

/* See xip_float.h. */
uint64_t xipi_round_pack(uint64_t sign, uint64_t sig, int e, unsigned frac, unsigned exp)
{
    int bias = (1 << (exp - 1)) - 1;
    int p = 63;
    int shift, min_shift;
    uint64_t q, rest, half, bits;

    while ((sig >> p) == 0) /* p: the top bit */
        p--;
    shift = p - (int)frac; /* keep frac + 1 bits */
    min_shift = 1 - bias - (int)frac - e; /* the quantum of subnormals */
    if (shift < min_shift)
        shift = min_shift;
    if (shift <= 0) {
        q = sig << -shift;
    } else if (shift > p) { /* below the smallest subnormal: 0 or it */
        q = shift == p + 1 && (sig & (sig - 1)) != 0;
    } else {
        q = sig >> shift;
        rest = sig & (((uint64_t)1 << shift) - 1);
        half = (uint64_t)1 << (shift - 1);
        if (rest > half || (rest == half && (q & 1) != 0))
            q++;
    }
    /* q sits at exponent e + shift; the implicit bit (and a rounding carry)
     * adds into the exponent field, so subnormals come out right too. */
    bits = ((uint64_t)(e + shift + (int)frac + bias - 1) << frac) + q;
    if (bits > inf_bits(frac, exp))
        bits = inf_bits(frac, exp);
    return sign | bits;
}

/* Converts a bit pattern between formats: exact or rounded to nearest even. */
static uint64_t convert(uint64_t x, unsigned frac, unsigned exp, unsigned to_frac, unsigned to_exp)
{
    uint64_t one = (uint64_t)1 << frac;
    uint64_t sign = (x >> (frac + exp)) << (to_frac + to_exp);
    uint64_t m = x & (one - 1);
    int be = (int)((x >> frac) & ((1u << exp) - 1));
    int bias = (1 << (exp - 1)) - 1;

    if (be == (1 << exp) - 1) { /* infinity or NaN: keep the payload's top bits */
        uint64_t payload = to_frac > frac ? m << (to_frac - frac) : m >> (frac - to_frac);
        payload |= inf_bits(to_frac, to_exp) | sign;
        return m != 0 ? quiet(payload, to_frac) : payload;
    }
    if (be == 0) {
        if (m == 0)
            return sign;
        be = 1;
    } else {
        m |= one;
    }
    return xipi_round_pack(sign, m, be - bias - (int)frac, to_frac, to_exp);
}

uint32_t xipi_f32_min(uint32_t a, uint32_t b) { return (uint32_t)min_max(a, b, F32_FRAC, F32_EXP, 0); }
uint32_t xipi_f32_max(uint32_t a, uint32_t b) { return (uint32_t)min_max(a, b, F32_FRAC, F32_EXP, 1); }
uint64_t xipi_f64_min(uint64_t a, uint64_t b) { return min_max(a, b, F64_FRAC, F64_EXP, 0); }
uint64_t xipi_f64_max(uint64_t a, uint64_t b) { return min_max(a, b, F64_FRAC, F64_EXP, 1); }

uint32_t xipi_f32_ceil(uint32_t x) { return (uint32_t)round_integral(x, F32_FRAC, F32_EXP, ROUND_CEIL); }
uint32_t xipi_f32_floor(uint32_t x) { return (uint32_t)round_integral(x, F32_FRAC, F32_EXP, ROUND_FLOOR); }
uint32_t xipi_f32_trunc(uint32_t x) { return (uint32_t)round_integral(x, F32_FRAC, F32_EXP, ROUND_TRUNC); }
uint32_t xipi_f32_nearest(uint32_t x) { return (uint32_t)round_integral(x, F32_FRAC, F32_EXP, ROUND_NEAREST); }
uint32_t xipi_f32_sqrt(uint32_t x) { return (uint32_t)square_root(x, F32_FRAC, F32_EXP); }

uint64_t xipi_round_integral(uint64_t x, int is_f64, int mode)
{
    return is_f64 ? round_integral(x, F64_FRAC, F64_EXP, mode) : round_integral(x, F32_FRAC, F32_EXP, mode);
}

uint64_t xipi_f64_ceil(uint64_t x) { return round_integral(x, F64_FRAC, F64_EXP, ROUND_CEIL); }
uint64_t xipi_f64_floor(uint64_t x) { return round_integral(x, F64_FRAC, F64_EXP, ROUND_FLOOR); }
uint64_t xipi_f64_trunc(uint64_t x) { return round_integral(x, F64_FRAC, F64_EXP, ROUND_TRUNC); }
uint64_t xipi_f64_nearest(uint64_t x) { return round_integral(x, F64_FRAC, F64_EXP, ROUND_NEAREST); }
uint64_t xipi_f64_sqrt(uint64_t x) { return square_root(x, F64_FRAC, F64_EXP); }

xip_status xipi_trunc_f64(uint64_t f64_bits, int is_signed, int bits, uint64_t *out)
{
    uint64_t neg = f64_bits >> 63;
    int e = (int)((f64_bits >> F64_FRAC) & 0x7ff) - 1023;
    uint64_t m = (f64_bits & (((uint64_t)1 << F64_FRAC) - 1)) | ((uint64_t)1 << F64_FRAC);
    uint64_t mag, limit;

    if (is_nan(f64_bits, F64_FRAC, F64_EXP))
        return XIP_TRAP_INVALID_CONVERSION;
    if (e < 0)
        mag = 0;
    else if (e >= 64) /* includes infinity */
        return XIP_TRAP_INTEGER_OVERFLOW;
    else if (e > (int)F64_FRAC)
        mag = m << (e - (int)F64_FRAC);
    else
        mag = m >> ((int)F64_FRAC - e);
    /* The largest magnitude the result type holds with this sign. */
    if (is_signed)
        limit = ((uint64_t)1 << (bits - 1)) - (neg ^ 1);
    else
        limit = neg ? 0 : ~(uint64_t)0 >> (64 - bits);
    if (mag > limit)
        return XIP_TRAP_INTEGER_OVERFLOW;
    if (neg)
        mag = 0 - mag;
    if (bits == 32)
        mag &= 0xffffffffu;
    *out = mag;
    return XIP_OK;
}

uint64_t xipi_trunc_sat_f64(uint64_t f64_bits, int is_signed, int bits)
{
    uint64_t v = 0;
    xip_status st = xipi_trunc_f64(f64_bits, is_signed, bits, &v);

    if (st == XIP_TRAP_INTEGER_OVERFLOW) {
        if (f64_bits >> 63) /* below the range: the minimum */
            v = is_signed ? (uint64_t)1 << (bits - 1) : 0;
        else /* above it: the maximum */
            v = ~(uint64_t)0 >> (64 - bits + (is_signed != 0));
    }
    return v; /* 0 for NaN */
}

uint64_t xipi_f32_to_f64_bits(uint32_t f32_bits) { return convert(f32_bits, F32_FRAC, F32_EXP, F64_FRAC, F64_EXP); }
uint32_t xipi_f64_to_f32_bits(uint64_t f64_bits) { return (uint32_t)convert(f64_bits, F64_FRAC, F64_EXP, F32_FRAC, F32_EXP); }


#else
typedef int xip_float_disabled; /* ISO C wants a non-empty file */
#endif /* XIP_FLOAT */
