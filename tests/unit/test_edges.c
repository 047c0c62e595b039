/*
 * test_edges.c: operators on edge values through the real compile and run
 * path, against values computed in C:
 *  - every i32 and i64 binary operator with both operands in registers, the
 *    same register twice, a constant on the right (immediate forms) and a
 *    constant on the left (commuted or mirrored);
 *  - nearest/ceil/floor/trunc just below, at and above each rounding
 *    boundary (0.5 < |x| < 1 included), and the extremes of every float
 *    conversion (trapping, saturating, int to float with double-rounding
 *    traps, demote and promote);
 *  - float compares, neg, abs and copysign on NaN, signed zeros and
 *    infinities; the integer width conversions on edge values;
 *  - memory accesses of every width ending exactly at the end of memory and
 *    one byte past it, with the offset in the instruction or in the
 *    address, addresses that wrap 32 bits, and memory.grow up to its maximum;
 *  - fuel on a zero-offset loop (`loop br 0`), a one-instruction loop, a
 *    counting loop and calls.
 * Prints one line per failure; exits non-zero on failure.
 */
#include <float.h>
#include <math.h>
#include <signal.h>
#include <unistd.h>

#include "xrun.h"

static int failures;
static long checks;

/* Counts a check; prints the first failures. */
static void expect(int ok, const char *fmt, ...)
{
    checks++;
    if (ok)
        return;
    if (failures++ < 40) {
        va_list ap;
        va_start(ap, fmt);
        printf("FAIL ");
        vprintf(fmt, ap);
        printf("\n");
        va_end(ap);
    }
}

#define N(a) (sizeof a / sizeof a[0])

/* Loads the module text w (which it frees) into m; false, the failure counted, if that fails. */
static bool load_text(xr_module *m, xr_text *w)
{
    bool ok = xr_load(m, w->s, 0);
    free(w->s);
    w->s = NULL;
    if (!ok)
        failures++;
    return ok;
}

/* ---- integer binary operators ------------------------------------------- */

typedef struct result {
    xip_status status;
    uint64_t value;
} result;

static const char *const binops[] = {"add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and",
                                     "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr"};

/* The reference: op on (a, b) at width 32 or 64. */
static result ref_binop(unsigned op, uint64_t a, uint64_t b, int wide)
{
    unsigned w = wide ? 64 : 32;
    uint64_t mask = wide ? ~0ull : 0xffffffffull;
    uint64_t ua = a & mask, ub = b & mask, k = ub & (w - 1), r = 0;
    int64_t sa = wide ? (int64_t)ua : (int64_t)(int32_t)(uint32_t)ua;
    int64_t sb = wide ? (int64_t)ub : (int64_t)(int32_t)(uint32_t)ub;
    int64_t smin = wide ? INT64_MIN : INT32_MIN;
    result res = {XIP_OK, 0};
    switch (op) {
    case 0: r = ua + ub; break;
    case 1: r = ua - ub; break;
    case 2: r = ua * ub; break;
    case 3:
    case 5:
        if (sb == 0)
            res.status = XIP_TRAP_DIVIDE_BY_ZERO;
        else if (op == 3 && sa == smin && sb == -1)
            res.status = XIP_TRAP_INTEGER_OVERFLOW;
        else if (op == 3)
            r = (uint64_t)(sa / sb);
        else
            r = sb == -1 ? 0 : (uint64_t)(sa % sb);
        break;
    case 4:
    case 6:
        if (ub == 0)
            res.status = XIP_TRAP_DIVIDE_BY_ZERO;
        else
            r = op == 4 ? ua / ub : ua % ub;
        break;
    case 7: r = ua & ub; break;
    case 8: r = ua | ub; break;
    case 9: r = ua ^ ub; break;
    case 10: r = ua << k; break;
    case 11: r = sa < 0 ? ~((~ua & mask) >> k) : ua >> k; break;
    case 12: r = ua >> k; break;
    case 13: r = k ? (ua << k) | (ua >> (w - k)) : ua; break;
    default: r = k ? (ua >> k) | (ua << (w - k)) : ua; break;
    }
    res.value = r & mask;
    return res;
}

static const uint64_t v32[] = {0, 1, 2, 3, 7, 15, 16, 31, 32, 33, 63, 64, 0x7fff, 0x8000, 0xffff,
                               0x10000, 0x7fffffff, 0x80000000u, 0x80000001u, 0xfffffffeu,
                               0xffffffffu, 0xffff8000u, 0x12345678u, 0xdeadbeefu};
static const uint64_t v64[] = {0, 1, 2, 3, 31, 32, 33, 63, 64, 65, 0x7fff, 0x8000, 0x7fffffff,
                               0x80000000ull, 0xffffffffull, 0x100000000ull, 0x7fffffffffffffffull,
                               0x8000000000000000ull, 0x8000000000000001ull, ~1ull, ~0ull,
                               0xffffffff80000000ull, 0xffffffffffff8000ull, 0x123456789abcdef0ull};
static const int64_t k32[] = {0, 1, -1, 2, 3, 15, 16, 31, 32, 33, 63, 64, 32767, -32768, 32768, -32769,
                              65535, 2147483647, -2147483647 - 1};
static const int64_t k64[] = {0, 1, -1, 2, 31, 32, 63, 64, 65, 32767, -32768, 32768, -32769,
                              2147483647, -2147483647 - 1, 4294967295ll, 9223372036854775807ll,
                              -9223372036854775807ll - 1};

/* Forms: 0 registers, 1 same register twice, 2 constant right, 3 constant left. */
static void test_binops(int wide)
{
    const char *t = wide ? "i64" : "i32";
    const uint64_t *v = wide ? v64 : v32;
    const int64_t *k = wide ? k64 : k32;
    size_t nv = wide ? N(v64) : N(v32), nk = wide ? N(k64) : N(k32);
    xr_text w = {0};
    char name[64];
    xr_add(&w, "(module\n");
    for (unsigned op = 0; op < N(binops); op++) {
        xr_add(&w, "(func (export \"%s_rr\") (param %s %s) (result %s) (%s.%s (local.get 0) (local.get 1)))\n",
               binops[op], t, t, t, t, binops[op]);
        xr_add(&w, "(func (export \"%s_same\") (param %s) (result %s) (%s.%s (local.get 0) (local.get 0)))\n",
               binops[op], t, t, t, binops[op]);
        for (size_t j = 0; j < nk; j++) {
            xr_add(&w, "(func (export \"%s_rk%zu\") (param %s) (result %s) (%s.%s (local.get 0) (%s.const %lld)))\n",
                   binops[op], j, t, t, t, binops[op], t, (long long)k[j]);
            xr_add(&w, "(func (export \"%s_kr%zu\") (param %s) (result %s) (%s.%s (%s.const %lld) (local.get 0)))\n",
                   binops[op], j, t, t, t, binops[op], t, (long long)k[j]);
        }
    }
    xr_add(&w, ")\n");
    xr_module m;
    if (!load_text(&m, &w))
        return;
    for (unsigned op = 0; op < N(binops); op++) {
        for (size_t i = 0; i < nv; i++) {
            for (size_t j = 0; j < nv; j++) {
                uint64_t args[2] = {v[i], v[j]}, got;
                snprintf(name, sizeof name, "%s_rr", binops[op]);
                xip_status st = xr_call(&m, name, args, 2, &got);
                result want = ref_binop(op, v[i], v[j], wide);
                expect(st == want.status && (st != XIP_OK || got == want.value),
                       "%s.%s(0x%llx, 0x%llx): %s 0x%llx, want %s 0x%llx", t, binops[op],
                       (unsigned long long)v[i], (unsigned long long)v[j], xip_status_name(st),
                       (unsigned long long)got, xip_status_name(want.status), (unsigned long long)want.value);
            }
            uint64_t got;
            snprintf(name, sizeof name, "%s_same", binops[op]);
            xip_status st = xr_call(&m, name, &v[i], 1, &got);
            result want = ref_binop(op, v[i], v[i], wide);
            expect(st == want.status && (st != XIP_OK || got == want.value), "%s.%s(x, x) x=0x%llx: %s 0x%llx",
                   t, binops[op], (unsigned long long)v[i], xip_status_name(st), (unsigned long long)got);
            for (size_t j = 0; j < nk; j++)
                for (int left = 0; left < 2; left++) {
                    uint64_t kv = (uint64_t)k[j];
                    snprintf(name, sizeof name, "%s_%s%zu", binops[op], left ? "kr" : "rk", j);
                    st = xr_call(&m, name, &v[i], 1, &got);
                    want = left ? ref_binop(op, kv, v[i], wide) : ref_binop(op, v[i], kv, wide);
                    expect(st == want.status && (st != XIP_OK || got == want.value),
                           "%s.%s constant %s %lld, x=0x%llx: %s 0x%llx, want %s 0x%llx", t, binops[op],
                           left ? "left" : "right", (long long)k[j], (unsigned long long)v[i],
                           xip_status_name(st), (unsigned long long)got, xip_status_name(want.status),
                           (unsigned long long)want.value);
                }
        }
    }
    xr_free(&m);
}

/* ---- floats ---------------------------------------------------------------- */

static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float bitsf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double bitsd(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

/* Magnitudes around the rounding boundaries; each is tried -1, 0, +1 ulp and with both signs. */
static const double bounds[] = {0.0, 0x1p-149, 0x1p-126, 0x1p-1074, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75,
                                2.0, 2.5, 3.0, 3.5, 4.5, 5.5, 0x1p21 + 0.5, 0x1p22 - 0.5, 0x1p22 + 0.5,
                                0x1p23 - 1, 0x1p23, 0x1p23 + 1, 0x1p24, 0x1p51 + 0.5, 0x1p52 - 0.5,
                                0x1p52, 0x1p52 + 1, 0x1p53, 1e30, 0x1.fffffep127, 1e300};

static const char *const rounders[] = {"nearest", "ceil", "floor", "trunc"};

static double ref_round(unsigned r, double x)
{
    switch (r) {
    case 0: return nearbyint(x);
    case 1: return ceil(x);
    case 2: return floor(x);
    default: return trunc(x);
    }
}

static float ref_roundf(unsigned r, float x)
{
    switch (r) {
    case 0: return nearbyintf(x);
    case 1: return ceilf(x);
    case 2: return floorf(x);
    default: return truncf(x);
    }
}

static void test_rounding(void)
{
    xr_text w = {0};
    char name[32];
    xr_add(&w, "(module\n");
    for (unsigned r = 0; r < 4; r++) {
        xr_add(&w, "(func (export \"f32_%s\") (param f32) (result f32) (f32.%s (local.get 0)))\n",
               rounders[r], rounders[r]);
        xr_add(&w, "(func (export \"f64_%s\") (param f64) (result f64) (f64.%s (local.get 0)))\n",
               rounders[r], rounders[r]);
    }
    xr_add(&w, ")\n");
    xr_module m;
    if (!load_text(&m, &w))
        return;
    for (size_t b = 0; b < N(bounds); b++)
        for (int sign = 0; sign < 2; sign++)
            for (int step = -1; step <= 1; step++)
                for (unsigned r = 0; r < 4; r++) {
                    double d = sign ? -bounds[b] : bounds[b];
                    uint64_t db = dbits(d) + (uint64_t)(int64_t)step, got;
                    if (!(bounds[b] == 0.0 && step < 0)) {
                        snprintf(name, sizeof name, "f64_%s", rounders[r]);
                        xip_status st = xr_call(&m, name, &db, 1, &got);
                        uint64_t want = dbits(ref_round(r, bitsd(db)));
                        expect(st == XIP_OK && got == want, "f64.%s(%a): %s %a, want %a", rounders[r],
                               bitsd(db), xip_status_name(st), bitsd(got), bitsd(want));
                    }
                    float f = (float)d;
                    if (isinf(f) || (f == 0.0f && d != 0.0) || (double)f != d)
                        continue; /* not an f32 boundary */
                    uint64_t fb = (uint32_t)(fbits(f) + (uint32_t)step);
                    if (bounds[b] == 0.0 && step < 0)
                        continue;
                    snprintf(name, sizeof name, "f32_%s", rounders[r]);
                    xip_status st = xr_call(&m, name, &fb, 1, &got);
                    uint32_t want = fbits(ref_roundf(r, bitsf((uint32_t)fb)));
                    expect(st == XIP_OK && got == want, "f32.%s(%a): %s %a, want %a", rounders[r],
                           (double)bitsf((uint32_t)fb), xip_status_name(st), (double)bitsf((uint32_t)got),
                           (double)bitsf(want));
                }
    /* every f32 strictly between 0.5 and 1 on a stride, and its negation */
    for (uint32_t u = fbits(0.5f) + 1; u < fbits(1.0f); u += 4099)
        for (unsigned r = 0; r < 4; r++)
            for (int neg = 0; neg < 2; neg++) {
                uint32_t s = neg ? 0x80000000u : 0;
                uint64_t in = u | s, got;
                snprintf(name, sizeof name, "f32_%s", rounders[r]);
                xip_status st = xr_call(&m, name, &in, 1, &got);
                uint32_t want = fbits(ref_roundf(r, bitsf(u | s)));
                expect(st == XIP_OK && got == want, "f32.%s(%a) in (0.5, 1): got %a", rounders[r],
                       (double)bitsf(u | s), (double)bitsf((uint32_t)got));
            }
    xr_free(&m);
}

/* The trapping truncation of x to an integer of bits, signed or not (reference). */
static result ref_trunc(double x, int is_signed, int bits)
{
    result r = {XIP_OK, 0};
    double t = trunc(x);
    double lo = is_signed ? -ldexp(1.0, bits - 1) : -1.0, hi = ldexp(1.0, is_signed ? bits - 1 : bits);
    if (isnan(x)) {
        r.status = XIP_TRAP_INVALID_CONVERSION;
    } else if (is_signed ? t < lo || t >= hi : t <= lo || t >= hi) {
        r.status = XIP_TRAP_INTEGER_OVERFLOW;
    } else {
        r.value = is_signed ? (uint64_t)(int64_t)t : (uint64_t)t;
        if (bits == 32)
            r.value &= 0xffffffffu;
    }
    return r;
}

/* The saturating truncation (reference). */
static uint64_t ref_trunc_sat(double x, int is_signed, int bits)
{
    result r = ref_trunc(x, is_signed, bits);
    if (r.status == XIP_TRAP_INVALID_CONVERSION)
        return 0;
    if (r.status == XIP_TRAP_INTEGER_OVERFLOW) {
        if (x < 0)
            return is_signed ? (bits == 32 ? 0x80000000u : 0x8000000000000000ull) : 0;
        return is_signed ? (bits == 32 ? 0x7fffffffu : 0x7fffffffffffffffull)
                         : (bits == 32 ? 0xffffffffu : ~0ull);
    }
    return r.value;
}

static const double trunc_inputs[] = {
    0.0, -0.0, 0.5, -0.5, 0.99999, -0.99999, 1.0, -1.0, -1.5, 2147483647.0, 2147483647.9, 2147483648.0,
    -2147483648.0, -2147483648.9, -2147483649.0, 4294967295.0, 4294967295.9, 4294967296.0,
    0x1p31, 0x1p32, 0x1p52, 0x1p63, -0x1p63, 0x1p64, 0x1.fffffffffffffp62, 0x1.fffffffffffffp63,
    -0x1.0000000000001p63, 1e300, -1e300, INFINITY, -INFINITY, NAN,
};

static void test_conversions(void)
{
    static const char *const trunc_names[] = {"i32_trunc_f32_s", "i32_trunc_f32_u", "i32_trunc_f64_s",
                                              "i32_trunc_f64_u", "i64_trunc_f32_s", "i64_trunc_f32_u",
                                              "i64_trunc_f64_s", "i64_trunc_f64_u"};
    xr_text w = {0};
    char name[48];
    xr_add(&w, "(module\n");
    for (unsigned i = 0; i < 8; i++) {
        const char *to = i < 4 ? "i32" : "i64", *from = (i & 2) ? "f64" : "f32", *sg = (i & 1) ? "u" : "s";
        xr_add(&w, "(func (export \"%s\") (param %s) (result %s) (%s.trunc_%s_%s (local.get 0)))\n",
               trunc_names[i], from, to, to, from, sg);
        xr_add(&w, "(func (export \"%s_sat\") (param %s) (result %s) (%s.trunc_sat_%s_%s (local.get 0)))\n",
               trunc_names[i], from, to, to, from, sg);
    }
    xr_add(&w, "(func (export \"f32_i64_s\") (param i64) (result f32) (f32.convert_i64_s (local.get 0)))\n"
               "(func (export \"f32_i64_u\") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))\n"
               "(func (export \"f64_i64_s\") (param i64) (result f64) (f64.convert_i64_s (local.get 0)))\n"
               "(func (export \"f64_i64_u\") (param i64) (result f64) (f64.convert_i64_u (local.get 0)))\n"
               "(func (export \"f32_i32_s\") (param i32) (result f32) (f32.convert_i32_s (local.get 0)))\n"
               "(func (export \"f32_i32_u\") (param i32) (result f32) (f32.convert_i32_u (local.get 0)))\n"
               "(func (export \"f64_i32_s\") (param i32) (result f64) (f64.convert_i32_s (local.get 0)))\n"
               "(func (export \"f64_i32_u\") (param i32) (result f64) (f64.convert_i32_u (local.get 0)))\n"
               "(func (export \"demote\") (param f64) (result f32) (f32.demote_f64 (local.get 0)))\n"
               "(func (export \"promote\") (param f32) (result f64) (f64.promote_f32 (local.get 0)))\n)\n");
    xr_module m;
    if (!load_text(&m, &w))
        return;
    for (size_t j = 0; j < N(trunc_inputs); j++)
        for (unsigned i = 0; i < 8; i++) {
            double x = trunc_inputs[j];
            int is_f64 = (i & 2) != 0, is_signed = !(i & 1), bits = i < 4 ? 32 : 64;
            if (!is_f64 && !isnan(x) && (double)(float)x != x)
                x = (float)x; /* the f32 nearest to it: still an edge (2^31 - 128 and the like) */
            uint64_t in = is_f64 ? dbits(x) : fbits((float)x), got;
            result want = ref_trunc(x, is_signed, bits);
            xip_status st = xr_call(&m, trunc_names[i], &in, 1, &got);
            expect(st == want.status && (st != XIP_OK || got == want.value), "%s(%a): %s 0x%llx, want %s 0x%llx",
                   trunc_names[i], x, xip_status_name(st), (unsigned long long)got,
                   xip_status_name(want.status), (unsigned long long)want.value);
            snprintf(name, sizeof name, "%s_sat", trunc_names[i]);
            st = xr_call(&m, name, &in, 1, &got);
            uint64_t sat = ref_trunc_sat(x, is_signed, bits);
            expect(st == XIP_OK && got == sat, "%s(%a): %s 0x%llx, want 0x%llx", name, x,
                   xip_status_name(st), (unsigned long long)got, (unsigned long long)sat);
        }
    /* int to float: exact, rounded, ties, and the values where rounding twice (via f64) is wrong */
    static const uint64_t ints[] = {0, 1, ~0ull, 0x7fffffff, 0x80000000u, 0xffffffffu, 0x1000001, 0x1000003,
                                    0x20000000000001ull, 0x20000000000003ull, 0x1000001000000001ull,
                                    0x1000001000000000ull, 0x8000008000000001ull, 0x8000008000000000ull,
                                    0x8000018000000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
                                    0xffffffffffffffffull, 0xfffffeffffffffffull, 0xffffff7fffffffffull,
                                    0x7fffff4000000001ull, 0xfffffffffffff400ull};
    for (size_t j = 0; j < N(ints); j++) {
        uint64_t x = ints[j], got;
        uint32_t x32 = (uint32_t)x;
        uint64_t a32 = x32;
        xip_status st = xr_call(&m, "f32_i64_s", &x, 1, &got);
        expect(st == XIP_OK && got == fbits((float)(int64_t)x), "f32.convert_i64_s(0x%llx): %a", (unsigned long long)x, (double)bitsf((uint32_t)got));
        st = xr_call(&m, "f32_i64_u", &x, 1, &got);
        expect(st == XIP_OK && got == fbits((float)x), "f32.convert_i64_u(0x%llx): %a", (unsigned long long)x, (double)bitsf((uint32_t)got));
        st = xr_call(&m, "f64_i64_s", &x, 1, &got);
        expect(st == XIP_OK && got == dbits((double)(int64_t)x), "f64.convert_i64_s(0x%llx): %a", (unsigned long long)x, bitsd(got));
        st = xr_call(&m, "f64_i64_u", &x, 1, &got);
        expect(st == XIP_OK && got == dbits((double)x), "f64.convert_i64_u(0x%llx): %a", (unsigned long long)x, bitsd(got));
        st = xr_call(&m, "f32_i32_s", &a32, 1, &got);
        expect(st == XIP_OK && got == fbits((float)(int32_t)x32), "f32.convert_i32_s(0x%x): %a", x32, (double)bitsf((uint32_t)got));
        st = xr_call(&m, "f32_i32_u", &a32, 1, &got);
        expect(st == XIP_OK && got == fbits((float)x32), "f32.convert_i32_u(0x%x): %a", x32, (double)bitsf((uint32_t)got));
        st = xr_call(&m, "f64_i32_s", &a32, 1, &got);
        expect(st == XIP_OK && got == dbits((double)(int32_t)x32), "f64.convert_i32_s(0x%x): %a", x32, bitsd(got));
        st = xr_call(&m, "f64_i32_u", &a32, 1, &got);
        expect(st == XIP_OK && got == dbits((double)x32), "f64.convert_i32_u(0x%x): %a", x32, bitsd(got));
    }
    /* demote: overflow to infinity, ties at FLT_MAX, subnormal results, ties to even; promote: subnormals */
    static const double demotes[] = {0.0, -0.0, 1.0, 1.0 + 0x1p-24, 1.0 + 0x1p-24 + 0x1p-52, 1.0 + 0x1p-23 + 0x1p-24,
                                     0x1.fffffep127, 0x1.fffffefffffffp127, 0x1.ffffffp127, 0x1p128, DBL_MAX,
                                     0x1p-149, 0x1p-150, 0x1.8p-150, 0x1p-151, 0x1p-126, 0x1.fffffcp-127,
                                     0x1.fffffep-127, -0x1p-150, DBL_MIN, INFINITY, -INFINITY};
    for (size_t j = 0; j < N(demotes); j++) {
        uint64_t in = dbits(demotes[j]), got;
        xip_status st = xr_call(&m, "demote", &in, 1, &got);
        expect(st == XIP_OK && got == fbits((float)demotes[j]), "f32.demote_f64(%a): %a, want %a", demotes[j],
               (double)bitsf((uint32_t)got), (double)(float)demotes[j]);
        float f = (float)demotes[j];
        uint64_t fin = fbits(f);
        st = xr_call(&m, "promote", &fin, 1, &got);
        expect(st == XIP_OK && got == dbits((double)f), "f64.promote_f32(%a): %a", (double)f, bitsd(got));
    }
    uint64_t nan64 = 0x7ff4000000000001ull, nan32 = 0x7fa00001u, got;
    xr_call(&m, "demote", &nan64, 1, &got);
    expect(isnan(bitsf((uint32_t)got)) && (got & 0x00400000u), "demote(sNaN) is a quiet NaN: 0x%llx", (unsigned long long)got);
    xr_call(&m, "promote", &nan32, 1, &got);
    expect(isnan(bitsd(got)) && (got & 0x0008000000000000ull), "promote(sNaN) is a quiet NaN: 0x%llx", (unsigned long long)got);
    xr_free(&m);
}

/* Float compares and sign operations on NaN, signed zeros, infinities; integer width conversions. */
static void test_float_signs_and_widths(void)
{
    static const char *const cmps[] = {"eq", "ne", "lt", "gt", "le", "ge"};
    static const double fv[] = {NAN, -NAN, 0.0, -0.0, 1.0, -1.0, INFINITY, -INFINITY, 0x1p-149, 3.5};
    xr_text w = {0};
    char name[32];
    xr_add(&w, "(module\n");
    for (unsigned c = 0; c < 6; c++)
        for (int d = 0; d < 2; d++)
            xr_add(&w, "(func (export \"%s%s\") (param %s %s) (result i32) (%s.%s (local.get 0) (local.get 1)))\n",
                   d ? "d" : "f", cmps[c], d ? "f64" : "f32", d ? "f64" : "f32", d ? "f64" : "f32", cmps[c]);
    for (int d = 0; d < 2; d++) {
        const char *t = d ? "f64" : "f32";
        xr_add(&w, "(func (export \"%sneg\") (param %s) (result %s) (%s.neg (local.get 0)))\n", t, t, t, t);
        xr_add(&w, "(func (export \"%sabs\") (param %s) (result %s) (%s.abs (local.get 0)))\n", t, t, t, t);
        xr_add(&w, "(func (export \"%scopysign\") (param %s %s) (result %s) (%s.copysign (local.get 0) (local.get 1)))\n",
               t, t, t, t, t);
    }
    xr_add(&w, "(func (export \"wrap\") (param i64) (result i64) (i64.extend_i32_u (i32.wrap_i64 (local.get 0))))\n"
               "(func (export \"ext_s\") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))\n"
               "(func (export \"ext_u\") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))\n"
               "(func (export \"ext8\") (param i32) (result i32) (i32.extend8_s (local.get 0)))\n"
               "(func (export \"ext16\") (param i32) (result i32) (i32.extend16_s (local.get 0)))\n"
               "(func (export \"ext64_8\") (param i64) (result i64) (i64.extend8_s (local.get 0)))\n"
               "(func (export \"ext64_16\") (param i64) (result i64) (i64.extend16_s (local.get 0)))\n"
               "(func (export \"ext64_32\") (param i64) (result i64) (i64.extend32_s (local.get 0)))\n"
               "(func (export \"wrapk\") (result i32) (i32.wrap_i64 (i64.const 0x123456789abcdef0)))\n"
               "(func (export \"add_ext\") (param i32 i32) (result i64) (i64.extend_i32_u (i32.add (local.get 0) (local.get 1))))\n)\n");
    xr_module m;
    if (!load_text(&m, &w))
        return;
    for (size_t i = 0; i < N(fv); i++)
        for (size_t j = 0; j < N(fv); j++)
            for (unsigned c = 0; c < 6; c++) {
                double a = fv[i], b = fv[j];
                int want = c == 0 ? a == b : c == 1 ? a != b : c == 2 ? a < b : c == 3 ? a > b : c == 4 ? a <= b : a >= b;
                uint64_t args[2] = {dbits(a), dbits(b)}, got;
                snprintf(name, sizeof name, "d%s", cmps[c]);
                xip_status st = xr_call(&m, name, args, 2, &got);
                expect(st == XIP_OK && got == (uint64_t)want, "f64.%s(%a, %a): %llu", cmps[c], a, b, (unsigned long long)got);
                args[0] = fbits((float)a);
                args[1] = fbits((float)b);
                snprintf(name, sizeof name, "f%s", cmps[c]);
                st = xr_call(&m, name, args, 2, &got);
                expect(st == XIP_OK && got == (uint64_t)want, "f32.%s(%a, %a): %llu", cmps[c], a, b, (unsigned long long)got);
            }
    for (size_t i = 0; i < N(fv); i++)
        for (size_t j = 0; j < N(fv); j++) {
            uint64_t da = dbits(fv[i]), db = dbits(fv[j]), fa = fbits((float)fv[i]), fb = fbits((float)fv[j]), got;
            uint64_t args[2] = {da, db};
            xr_call(&m, "f64copysign", args, 2, &got);
            expect(got == ((da & ~(1ull << 63)) | (db & (1ull << 63))), "f64.copysign bits 0x%llx 0x%llx", (unsigned long long)da, (unsigned long long)db);
            args[0] = fa;
            args[1] = fb;
            xr_call(&m, "f32copysign", args, 2, &got);
            expect(got == ((fa & 0x7fffffffu) | (fb & 0x80000000u)), "f32.copysign bits 0x%llx 0x%llx", (unsigned long long)fa, (unsigned long long)fb);
            if (j)
                continue;
            xr_call(&m, "f64neg", &da, 1, &got);
            expect(got == (da ^ (1ull << 63)), "f64.neg bits 0x%llx: 0x%llx", (unsigned long long)da, (unsigned long long)got);
            xr_call(&m, "f64abs", &da, 1, &got);
            expect(got == (da & ~(1ull << 63)), "f64.abs bits 0x%llx: 0x%llx", (unsigned long long)da, (unsigned long long)got);
            xr_call(&m, "f32neg", &fa, 1, &got);
            expect(got == (fa ^ 0x80000000u), "f32.neg bits 0x%llx: 0x%llx", (unsigned long long)fa, (unsigned long long)got);
            xr_call(&m, "f32abs", &fa, 1, &got);
            expect(got == (fa & 0x7fffffffu), "f32.abs bits 0x%llx: 0x%llx", (unsigned long long)fa, (unsigned long long)got);
        }
    {   /* a constant wrapped at compile time */
        uint64_t got;
        xr_call(&m, "wrapk", NULL, 0, &got);
        expect(got == 0x9abcdef0u, "i32.wrap_i64 of the constant 0x123456789abcdef0: 0x%llx", (unsigned long long)got);
    }
    for (size_t i = 0; i < N(v64); i++) {
        uint64_t x = v64[i], x32 = (uint32_t)x, got;
        xr_call(&m, "wrap", &x, 1, &got);
        expect(got == (uint32_t)x, "i32.wrap_i64(0x%llx): 0x%llx", (unsigned long long)x, (unsigned long long)got);
        xr_call(&m, "ext_s", &x32, 1, &got);
        expect(got == (uint64_t)(int64_t)(int32_t)(uint32_t)x, "i64.extend_i32_s(0x%llx): 0x%llx", (unsigned long long)x32, (unsigned long long)got);
        xr_call(&m, "ext_u", &x32, 1, &got);
        expect(got == x32, "i64.extend_i32_u(0x%llx): 0x%llx", (unsigned long long)x32, (unsigned long long)got);
        xr_call(&m, "ext8", &x32, 1, &got);
        expect(got == (uint32_t)(int32_t)(int8_t)(uint8_t)x, "i32.extend8_s(0x%llx): 0x%llx", (unsigned long long)x32, (unsigned long long)got);
        xr_call(&m, "ext16", &x32, 1, &got);
        expect(got == (uint32_t)(int32_t)(int16_t)(uint16_t)x, "i32.extend16_s(0x%llx): 0x%llx", (unsigned long long)x32, (unsigned long long)got);
        xr_call(&m, "ext64_8", &x, 1, &got);
        expect(got == (uint64_t)(int64_t)(int8_t)(uint8_t)x, "i64.extend8_s(0x%llx): 0x%llx", (unsigned long long)x, (unsigned long long)got);
        xr_call(&m, "ext64_16", &x, 1, &got);
        expect(got == (uint64_t)(int64_t)(int16_t)(uint16_t)x, "i64.extend16_s(0x%llx): 0x%llx", (unsigned long long)x, (unsigned long long)got);
        xr_call(&m, "ext64_32", &x, 1, &got);
        expect(got == (uint64_t)(int64_t)(int32_t)(uint32_t)x, "i64.extend32_s(0x%llx): 0x%llx", (unsigned long long)x, (unsigned long long)got);
        uint64_t args[2] = {x32, 0xffffffffu};
        xr_call(&m, "add_ext", args, 2, &got);
        expect(got == (uint32_t)(x32 + 0xffffffffu), "i64.extend_i32_u(i32.add(0x%llx, -1)): 0x%llx", (unsigned long long)x32, (unsigned long long)got);
    }
    xr_free(&m);
}

/* Accesses at the end of memory (1 page, max 3), address wrap, memory.grow to the maximum. */
static void test_memory_bounds(void)
{
    static const char *const loads[] = {"i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u", "i32.load",
                                        "i64.load8_s", "i64.load16_s", "i64.load32_s", "i64.load32_u", "i64.load"};
    static const unsigned lsize[] = {1, 1, 2, 2, 4, 1, 2, 4, 4, 8};
    static const char *const stores[] = {"i32.store8", "i32.store16", "i32.store", "i64.store8", "i64.store16",
                                         "i64.store32", "i64.store"};
    static const unsigned ssize[] = {1, 2, 4, 1, 2, 4, 8};
    static const unsigned offsets[] = {0, 1, 7, 0xffff, 0x10000, 0x12345};
    xr_text w = {0};
    char name[48];
    xr_add(&w, "(module (memory 1 3)\n");
    for (unsigned i = 0; i < N(loads); i++)
        for (unsigned o = 0; o < N(offsets); o++)
            xr_add(&w, "(func (export \"l%u_%u\") (param i32) (result i64) (%s offset=%u (local.get 0))%s)\n", i, o,
                   loads[i], offsets[o], i < 5 ? " (i64.extend_i32_u)" : "");
    for (unsigned i = 0; i < N(stores); i++)
        for (unsigned o = 0; o < N(offsets); o++)
            xr_add(&w, "(func (export \"s%u_%u\") (param i32) (%s offset=%u (local.get 0) (%s.const -1)))\n", i, o,
                   stores[i], offsets[o], i < 3 ? "i32" : "i64");
    xr_add(&w, "(func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))\n"
               "(func (export \"size\") (result i32) (memory.size)))\n");
    xr_module m;
    if (!load_text(&m, &w))
        return;
    uint64_t got;
    for (int pages = 1; pages <= 3; pages += 2) {
        uint32_t bytes = 65536u * (uint32_t)pages;
        for (unsigned i = 0; i < N(loads) + N(stores); i++)
            for (unsigned o = 0; o < N(offsets); o++) {
                int is_load = i < N(loads);
                unsigned k = is_load ? i : i - (unsigned)N(loads), size = is_load ? lsize[k] : ssize[k];
                snprintf(name, sizeof name, "%c%u_%u", is_load ? 'l' : 's', k, o);
                if (offsets[o] + size > bytes)
                    continue;
                uint64_t last = bytes - size - offsets[o], past = last + 1;
                uint64_t wrap = offsets[o] ? 0x100000000ull - offsets[o] : 0xffffffffu; /* address + offset = 2^32 */
                xip_status st = xr_call(&m, name, &last, 1, &got);
                expect(st == XIP_OK, "%s offset=%u at the last address %llu (%d pages): %s", is_load ? loads[k] : stores[k],
                       offsets[o], (unsigned long long)last, pages, xip_status_name(st));
                st = xr_call(&m, name, &past, 1, &got);
                expect(st == XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "%s offset=%u one past the end (%d pages): %s",
                       is_load ? loads[k] : stores[k], offsets[o], pages, xip_status_name(st));
                st = xr_call(&m, name, &wrap, 1, &got);
                expect(st == XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "%s offset=%u at an address that wraps 32 bits: %s",
                       is_load ? loads[k] : stores[k], offsets[o], xip_status_name(st));
            }
        if (pages == 1) {
            uint64_t two = 2, one = 1;
            xip_status st = xr_call(&m, "grow", &two, 1, &got);
            expect(st == XIP_OK && got == 1, "memory.grow 2 from 1 page, max 3: %llu", (unsigned long long)got);
            st = xr_call(&m, "grow", &one, 1, &got);
            expect(st == XIP_OK && got == 0xffffffffu, "memory.grow past the maximum: %llu", (unsigned long long)got);
            xr_call(&m, "size", NULL, 0, &got);
            expect(got == 3, "memory.size after growing to the maximum: %llu", (unsigned long long)got);
        }
    }
    /* a value stored at the last bytes reads back sign- and zero-extended */
    uint64_t last = 3 * 65536 - 4;
    xr_call(&m, "s2_0", &last, 1, &got); /* i32.store -1 */
    uint64_t at = 3 * 65536 - 2;
    xr_call(&m, "l2_0", &at, 1, &got);
    expect(got == 0xffffffffu, "i32.load16_s of 0xffff at the end: 0x%llx", (unsigned long long)got);
    xr_call(&m, "l3_0", &at, 1, &got);
    expect(got == 0xffff, "i32.load16_u of 0xffff at the end: 0x%llx", (unsigned long long)got);
    xr_call(&m, "l6_0", &at, 1, &got);
    expect(got == ~0ull, "i64.load16_s of 0xffff at the end: 0x%llx", (unsigned long long)got);
    at = 3 * 65536 - 1;
    xr_call(&m, "l0_0", &at, 1, &got);
    expect(got == 0xffffffffu, "i32.load8_s of 0xff at the end: 0x%llx", (unsigned long long)got);
    xr_call(&m, "l1_0", &at, 1, &got);
    expect(got == 0xff, "i32.load8_u of 0xff at the end: 0x%llx", (unsigned long long)got);
    xr_call(&m, "l5_0", &at, 1, &got);
    expect(got == ~0ull, "i64.load8_s of 0xff at the end: 0x%llx", (unsigned long long)got);
    xr_call(&m, "l7_0", &last, 1, &got);
    expect(got == ~0ull, "i64.load32_s of 0xffffffff at the end: 0x%llx", (unsigned long long)got);
    xr_call(&m, "l8_0", &last, 1, &got);
    expect(got == 0xffffffffu, "i64.load32_u of 0xffffffff at the end: 0x%llx", (unsigned long long)got);
    xr_free(&m);
}

/* ---- fuel ------------------------------------------------------------------ */

static const char fuel_wat[] =
    "(module (global $g (mut i32) (i32.const 0))\n"
    " (func (export \"spin\") (loop (br 0)))\n"
    " (func (export \"spin_if\") (param i32) (loop (br_if 0 (local.get 0))))\n"
    " (func (export \"count\") (loop (global.set $g (i32.add (global.get $g) (i32.const 1))) (br 0)))\n"
    " (func (export \"tight\") (param i32) (result i32)\n"
    "   (loop $l (br_if $l (i32.ne (local.tee 0 (i32.sub (local.get 0) (i32.const 1))) (i32.const 0))))\n"
    "   (local.get 0))\n"
    " (func $f)\n"
    " (func (export \"calls\") (call $f) (call $f) (call $f))\n"
    " (func (export \"get\") (result i32) (global.get $g)))\n";

static void test_fuel(void)
{
    xr_module m;
    if (!xr_load(&m, fuel_wat, 0)) {
        failures++;
        return;
    }
    uint64_t one = 1, zero = 0, ten = 10, got;
    /* a zero-offset backward branch costs fuel like any other: the run pauses */
    xip_status st = xr_call_fuel(&m, "spin", NULL, 0, 5, NULL);
    expect(st == XIP_OUT_OF_FUEL && xip_fuel(&m.inst) == 0, "loop br 0 with fuel 5: %s, fuel %u",
           xip_status_name(st), (unsigned)xip_fuel(&m.inst));
    xip_set_fuel(&m.inst, 3);
    st = xip_resume(&m.inst);
    expect(st == XIP_OUT_OF_FUEL, "loop br 0 resumed with fuel 3: %s", xip_status_name(st));
    st = xr_call_fuel(&m, "spin_if", &one, 1, 7, NULL);
    expect(st == XIP_OUT_OF_FUEL, "loop br_if 0 taken, fuel 7: %s", xip_status_name(st));
    st = xr_call_fuel(&m, "spin_if", &zero, 1, 7, NULL);
    expect(st == XIP_OK && xip_fuel(&m.inst) == 6, "loop br_if 0 not taken: %s, fuel %u (a branch not taken costs none, the return one)",
           xip_status_name(st), (unsigned)xip_fuel(&m.inst));
    st = xr_call_fuel(&m, "spin", NULL, 0, 0, NULL);
    expect(st == XIP_OUT_OF_FUEL, "loop br 0 with no fuel: %s", xip_status_name(st));
    /* with fuel n the counting loop runs its body n + 1 times, then pauses at the branch */
    st = xr_call_fuel(&m, "count", NULL, 0, 100, NULL);
    xr_call(&m, "get", NULL, 0, &got);
    expect(st == XIP_OUT_OF_FUEL && got == 101, "counting loop with fuel 100: %s, body ran %llu times, want 101",
           xip_status_name(st), (unsigned long long)got);
    /* a one-instruction loop body: 9 backward branches and the return for n = 10 */
    st = xr_call_fuel(&m, "tight", &ten, 1, 100, &got);
    expect(st == XIP_OK && got == 0 && xip_fuel(&m.inst) == 90, "one-instruction loop n=10, fuel 100: %s, fuel left %u, want 90",
           xip_status_name(st), (unsigned)xip_fuel(&m.inst));
    st = xr_call_fuel(&m, "tight", &ten, 1, 10, &got);
    expect(st == XIP_OK && xip_fuel(&m.inst) == 0, "one-instruction loop n=10, fuel 10 (just enough): %s, fuel left %u",
           xip_status_name(st), (unsigned)xip_fuel(&m.inst));
    st = xr_call_fuel(&m, "tight", &ten, 1, 9, &got);
    expect(st == XIP_OUT_OF_FUEL, "one-instruction loop n=10, fuel 9 (one short): %s", xip_status_name(st));
    /* each call and each return costs one */
    st = xr_call_fuel(&m, "calls", NULL, 0, 10, NULL);
    expect(st == XIP_OK && xip_fuel(&m.inst) == 3, "three calls from fuel 10: %s, fuel left %u, want 3",
           xip_status_name(st), (unsigned)xip_fuel(&m.inst));
    st = xr_call_fuel(&m, "calls", NULL, 0, 6, NULL);
    expect(st == XIP_OUT_OF_FUEL, "three calls with fuel 6: %s", xip_status_name(st));
    xr_free(&m);
}

int main(void)
{
    alarm(120); /* a loop that never pauses must fail the test, not hang it */
    test_binops(0);
    test_binops(1);
    test_rounding();
    test_conversions();
    test_float_signs_and_widths();
    test_memory_bounds();
    test_fuel();
    if (failures) {
        printf("test_edges: %d of %ld checks failed\n", failures, checks);
        return 1;
    }
    printf("test_edges: %ld checks passed\n", checks);
    return 0;
}
