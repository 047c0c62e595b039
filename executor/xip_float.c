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
#include "xip_internal.h"

#if XIP_FLOAT

#define F32_FRAC 23u
#define F32_EXP 8u
#define F64_FRAC 52u
#define F64_EXP 11u

#define ROUND_TRUNC XIP_ROUND_TRUNC
#define ROUND_FLOOR XIP_ROUND_FLOOR
#define ROUND_CEIL XIP_ROUND_CEIL
#define ROUND_NEAREST XIP_ROUND_NEAREST
#define F64_SIGN ((uint64_t)1 << 63)
#define F64_INF 0x7ff0000000000000u
#define F64_NAN 0x7ff8000000000000u /* the canonical NaN an invalid operation makes */

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

/* Wasm min: a NaN operand wins (quieted, a first); -0 < +0. */
static uint64_t min_of(uint64_t a, uint64_t b, unsigned frac, unsigned exp)
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
    if (mode == ROUND_NEAREST)
        up = rest > half || (rest == half && (x & unit) != 0);
    else /* away from zero when the rounding is toward the sign's infinity: ceil (0) for +, floor (1) for -; trunc (2) never */
        up = ((x & sign) != 0) == mode;
    /* A carry out of the fraction bumps the exponent, which is the right value. */
    return up ? x + unit : x;
}

/* A finite f64 magnitude (sign clear) as m * 2^e, 2^52 <= m < 2^53 (subnormals normalized; zero: m 0); sets *e. */
static uint64_t unpack64(uint64_t mag, int *e)
{
    uint64_t one = (uint64_t)1 << F64_FRAC;
    int be = (int)(mag >> F64_FRAC);
    mag &= one - 1;
    if (be == 0) { /* zero or subnormal: the exponent of the smallest normal */
        be = 1;
        while (mag != 0 && mag < one) { /* normalize a subnormal */
            mag <<= 1;
            be--;
        }
    } else {
        mag |= one;
    }
    *e = be - 1075;
    return mag;
}

/* See xip_float.h: bit by bit, then rounded by xipi_round_pack. */
uint64_t xipi_f64_sqrt(uint64_t x)
{
    uint64_t m, s = 0, r, t;
    int e;

    if (is_nan(x, F64_FRAC, F64_EXP))
        return quiet(x, F64_FRAC);
    if ((x & ~F64_SIGN) == 0 || x == F64_INF)
        return x; /* +-0, +inf */
    if (x & F64_SIGN)
        return F64_NAN;
    m = unpack64(x, &e);
    if (e % 2 != 0) { /* x = m * 2^e, e even, 2^52 <= m < 2^54 */
        m <<= 1;
        e--;
    }
    /* s = 2q, q = floor(sqrt(m * 2^54)) (54 bits); m holds the scaled remainder. */
    m <<= 1;
    for (r = (uint64_t)1 << 53; r != 0; r >>= 1) {
        t = s + r;
        if (t <= m) {
            s = t + r;
            m -= t;
        }
        m <<= 1;
    }
    /* sqrt(x) = q * 2^(e/2 - 27) = s * 2^(e/2 - 28), the remainder as a sticky bit in s's (clear) bit 0 */
    return xipi_round_pack(s | (m != 0), e / 2 - 28, 1);
}

/* See xip_float.h. */
uint64_t xipi_round_pack(uint64_t sig, int e, int to_f64)
{
    unsigned frac = to_f64 ? F64_FRAC : F32_FRAC, exp = to_f64 ? F64_EXP : F32_EXP;
    int n = (int)xipi_clz64(sig), shift = 63 - (int)frac, top = (1 << exp) - 1; /* top: infinity's exponent */
    int be = e - n + 63 + (top >> 1); /* the biased exponent of sig * 2^e (top >> 1: the bias) */
    uint64_t q = 0, rest, half = (uint64_t)1 << 63;

    if (sig == 0)
        return 0;
    sig <<= n; /* bit 63 set: keep its top frac + 1 bits */
    if (be >= top) { /* overflow: infinity, q 0 under an exponent field of top (below) */
        be = top + 1;
    } else {
        if (be < 1) { /* subnormal: the quantum is that of exponent 1 */
            shift += 1 - be;
            be = 1;
        }
        if (shift > 64) { /* below half the quantum: as 1 at the quantum's 2^-64 */
            shift = 64;
            sig = 1;
        }
        q = (sig >> 1) >> (shift - 1);
        rest = sig << (64 - shift); /* the bits dropped, at the top */
        if (rest > half || (rest == half && (q & 1) != 0))
            q++;
    }
    /* The implicit bit (and a rounding carry) adds into the exponent field,
     * so subnormals, the step to the next binade and the one to infinity come out right too. */
    return q + (to_f64 ? (uint64_t)(be - 1) << F64_FRAC : (uint64_t)(be - 1) << F32_FRAC);
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
    if (be == 0) /* zero or subnormal */
        be = 1;
    else
        m |= one;
    return sign | xipi_round_pack(m, be - bias - (int)frac, to_frac == F64_FRAC);
}

/*
 * The f32 operations run in f64 and come back exactly: min, max and the
 * roundings to an integral value give one of their operands or an integer
 * an f32 holds, and the f64 square root rounded again to f32 is the
 * correctly rounded f32 one (53 >= 2 * 24 + 2 bits); NaNs keep their
 * payload both ways. So each helper exists for f64 only, its format a
 * constant the compiler folds.
 */

uint64_t xipi_f64_min(uint64_t a, uint64_t b) { return min_of(a, b, F64_FRAC, F64_EXP); }
/* max(a, b) is -min(-a, -b), NaNs (min's quieted operand, negated back) and zeros too. */
uint64_t xipi_f64_max(uint64_t a, uint64_t b)
{
    return xipi_f64_min(a ^ F64_SIGN, b ^ F64_SIGN) ^ F64_SIGN;
}
uint32_t xipi_f32_min(uint32_t a, uint32_t b)
{
    return xipi_f64_to_f32_bits(xipi_f64_min(xipi_f32_to_f64_bits(a), xipi_f32_to_f64_bits(b)));
}
uint32_t xipi_f32_max(uint32_t a, uint32_t b)
{
    return xipi_f64_to_f32_bits(xipi_f64_max(xipi_f32_to_f64_bits(a), xipi_f32_to_f64_bits(b)));
}

uint64_t xipi_f64_round_integral(uint64_t x, int mode) { return round_integral(x, F64_FRAC, F64_EXP, mode); }

/* f32 x rounded in f64 by mode: exact (see above). */
static uint32_t f32_round_integral(uint32_t x, int mode)
{
    return xipi_f64_to_f32_bits(xipi_f64_round_integral(xipi_f32_to_f64_bits(x), mode));
}

uint32_t xipi_f32_ceil(uint32_t x) { return f32_round_integral(x, ROUND_CEIL); }
uint32_t xipi_f32_floor(uint32_t x) { return f32_round_integral(x, ROUND_FLOOR); }
uint32_t xipi_f32_trunc(uint32_t x) { return f32_round_integral(x, ROUND_TRUNC); }
uint32_t xipi_f32_nearest(uint32_t x) { return f32_round_integral(x, ROUND_NEAREST); }
uint32_t xipi_f32_sqrt(uint32_t x) { return xipi_f64_to_f32_bits(xipi_f64_sqrt(xipi_f32_to_f64_bits(x))); }

uint64_t xipi_f64_ceil(uint64_t x) { return xipi_f64_round_integral(x, ROUND_CEIL); }
uint64_t xipi_f64_floor(uint64_t x) { return xipi_f64_round_integral(x, ROUND_FLOOR); }
uint64_t xipi_f64_trunc(uint64_t x) { return xipi_f64_round_integral(x, ROUND_TRUNC); }
uint64_t xipi_f64_nearest(uint64_t x) { return xipi_f64_round_integral(x, ROUND_NEAREST); }

/* See xip_float.h. */
xip_status xipi_f64_to_int(uint64_t f64_bits, unsigned to, uint64_t *out)
{
    int saturate = (to & XIP_TO_SATURATE) != 0;
    uint64_t neg = f64_bits >> 63;
    int e = (int)((f64_bits >> F64_FRAC) & 0x7ff) - 1023; /* |x| = 1.fraction * 2^e */
    uint64_t mag = 0, limit, top;

    *out = 0;
    if (is_nan(f64_bits, F64_FRAC, F64_EXP))
        return saturate ? XIP_OK : XIP_TRAP_INVALID_CONVERSION;
    /* The largest magnitude the result type holds with this sign (2^(bits-1) = top): the saturated one. */
    top = to & XIP_TO_I64 ? (uint64_t)1 << 63 : (uint64_t)1 << 31;
    if (!(to & XIP_TO_UNSIGNED))
        limit = top - (neg ^ 1);
    else
        limit = (top * 2 - 1) & (neg - 1); /* 2^64 - 1 by wrapping; 0 if negative */
    if (e >= 0 && e < 64) /* the significand with its leading 1 at bit 63, shifted down to weigh 2^e */
        mag = ((f64_bits << F64_EXP) | F64_SIGN) >> (63 - e);
    if (e >= 64 || mag > limit) { /* e >= 64 includes infinity */
        if (!saturate)
            return XIP_TRAP_INTEGER_OVERFLOW;
        mag = limit;
    }
    if (neg)
        mag = 0 - mag;
    if (!(to & XIP_TO_I64))
        mag &= 0xffffffffu;
    *out = mag;
    return XIP_OK;
}

xip_status xipi_trunc_f64(uint64_t f64_bits, int is_signed, int bits, uint64_t *out)
{
    return xipi_f64_to_int(f64_bits, (is_signed ? 0u : XIP_TO_UNSIGNED) | (bits == 64 ? XIP_TO_I64 : 0u), out);
}

uint64_t xipi_trunc_sat_f64(uint64_t f64_bits, int is_signed, int bits)
{
    uint64_t v;
    (void)xipi_f64_to_int(f64_bits, (is_signed ? 0u : XIP_TO_UNSIGNED) | (bits == 64 ? XIP_TO_I64 : 0u) | XIP_TO_SATURATE,
                          &v);
    return v;
}

#if XIP_SMALL_FLOAT || XIP_TEST_HELPERS

/*
 * The significand of the sum of two finite f64 significands (y may be 0) at a
 * common exponent, x from the larger magnitude, with d = its exponent minus
 * y's, both at bits 62..52 (10 spare low bits): y is aligned with the bits
 * shifted out ORed into its lowest bit (a sticky bit: the sum is then odd
 * exactly when it is inexact, which keeps every rounding decision of the
 * exact sum, the rounding point lying at least 2 bits higher). 0 for x - x.
 */
static uint64_t add_sig(uint64_t x, uint64_t y, int d, int subtract)
{
    uint64_t t;
    if ((unsigned)d > 63) /* y < 2^63: all of it shifted out, to the sticky bit (d < 0: y is 0) */
        d = 63;
    t = y >> d;
    t |= t << d != y;
    return subtract ? x - t : x + t; /* x + t < 2^64: both are below 2^63 */
}

/*
 * The product of two normalized f64 significands (bit 52 set, or 0), each moved up
 * to bit 63: its top 64 bits (bit 62 or 63 the highest set), with the bits
 * below ORed into the lowest (a sticky bit, as in add_sig). The product of
 * the significands is that times 2^42.
 */
static uint64_t mul_sig(uint64_t x, uint64_t y)
{
    uint64_t x0 = (uint32_t)(x << 11), x1 = x >> 21, y0 = (uint32_t)(y << 11), y1 = y >> 21;
    uint64_t p00 = x0 * y0, p01 = x0 * y1, p10 = x1 * y0;
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10; /* bits 32..95 of the product */
    uint64_t hi = x1 * y1 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    return hi | ((uint32_t)mid != 0 || (uint32_t)p00 != 0);
}

/* The quotient x / y of two normalized f64 significands (bit 52 set; x may be 0): 62 bits, then a sticky bit. */
static uint64_t div_sig(uint64_t x, uint64_t y)
{
    uint64_t q = 0;
    int i;
    /* x < 2y throughout: bit i of q weighs 2^-i of x / y, from bit 0 */
    for (i = 0; i < 62; i++) {
        q <<= 1;
        if (x >= y) {
            x -= y;
            q |= 1;
        }
        x <<= 1;
    }
    return q | (x != 0);
}

/* See xip_float.h. */
uint64_t xipi_f64_arith(uint64_t a, uint64_t b, int op)
{
    uint64_t sign, ma, mb, x, y;
    int ea, eb;
    if (is_nan(a, F64_FRAC, F64_EXP))
        return quiet(a, F64_FRAC);
    if (is_nan(b, F64_FRAC, F64_EXP))
        return quiet(b, F64_FRAC);
    if (op == XIP_FSUB) {
        b ^= F64_SIGN;
        op = XIP_FADD;
    }
    sign = (a ^ b) & F64_SIGN; /* of a product or quotient; for a sum, that the signs differ */
    ma = a & ~F64_SIGN;
    mb = b & ~F64_SIGN;
    if (op == XIP_FADD) {
        if (ma == F64_INF)
            return mb == F64_INF && sign ? F64_NAN : a;
        if (mb == F64_INF)
            return b;
        if ((ma | mb) == 0) /* -0 + -0 is -0, +0 with any other zero (one zero: the other, below) */
            return a & b;
        if (ma < mb) { /* a: the larger magnitude, whose sign the sum takes */
            x = a;
            a = b;
            b = x;
            x = ma;
            ma = mb;
            mb = x;
        }
    } else if (op == XIP_FMUL) {
        if (ma == F64_INF || mb == F64_INF)
            return ma == 0 || mb == 0 ? F64_NAN : sign | F64_INF;
    } else { /* division */
        if (ma == F64_INF)
            return mb == F64_INF ? F64_NAN : sign | F64_INF;
        if (mb == F64_INF)
            return sign;
        if (mb == 0)
            return ma == 0 ? F64_NAN : sign | F64_INF;
    }
    /* A zero operand left: a zero significand, which the operations and xipi_round_pack keep 0. */
    x = unpack64(ma, &ea);
    y = unpack64(mb, &eb);
    if (op == XIP_FADD) {
        x = add_sig(x << 10, y << 10, ea - eb, sign != 0);
        if (x == 0) /* x + -x: +0 when rounding to nearest */
            return 0;
        sign = a & F64_SIGN;
        ea -= 10;
    } else if (op == XIP_FMUL) {
        x = mul_sig(x, y);
        ea += eb + 42;
    } else {
        x = div_sig(x, y);
        ea -= eb + 61;
    }
    return sign | xipi_round_pack(x, ea, 1);
}
#endif

uint64_t xipi_f32_to_f64_bits(uint32_t f32_bits) { return convert(f32_bits, F32_FRAC, F32_EXP, F64_FRAC, F64_EXP); }
uint32_t xipi_f64_to_f32_bits(uint64_t f64_bits) { return (uint32_t)convert(f64_bits, F64_FRAC, F64_EXP, F32_FRAC, F32_EXP); }


#else
typedef int xip_float_disabled; /* ISO C wants a non-empty file */
#endif /* XIP_FLOAT */
