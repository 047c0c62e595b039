/*
 * test_fused.c: every integer compare in the forms the compiler fuses with
 * the branch that uses it, through the real compile and run path: i32 and
 * i64; register-register, register-immediate (constant on the right) and
 * mirrored (constant on the left); as br_if (branch when true), as if
 * (branch on the inverted condition), as a backward br_if closing a loop,
 * and as a plain value. Operands come from edge-value tables; expected
 * results are computed in C. Prints one line per failure; exits non-zero.
 */
#include "xrun.h"

static int failures;
static long checks;

typedef struct cmp {
    const char *name; /* Wasm name without the type */
    int (*f)(uint64_t a, uint64_t b, int wide);
} cmp;

static int64_t sx(uint64_t v, int wide)
{
    return wide ? (int64_t)v : (int64_t)(int32_t)(uint32_t)v;
}
static uint64_t ux(uint64_t v, int wide)
{
    return wide ? v : (uint32_t)v;
}
static int c_eq(uint64_t a, uint64_t b, int w) { return ux(a, w) == ux(b, w); }
static int c_ne(uint64_t a, uint64_t b, int w) { return ux(a, w) != ux(b, w); }
static int c_lt_s(uint64_t a, uint64_t b, int w) { return sx(a, w) < sx(b, w); }
static int c_lt_u(uint64_t a, uint64_t b, int w) { return ux(a, w) < ux(b, w); }
static int c_gt_s(uint64_t a, uint64_t b, int w) { return sx(a, w) > sx(b, w); }
static int c_gt_u(uint64_t a, uint64_t b, int w) { return ux(a, w) > ux(b, w); }
static int c_le_s(uint64_t a, uint64_t b, int w) { return sx(a, w) <= sx(b, w); }
static int c_le_u(uint64_t a, uint64_t b, int w) { return ux(a, w) <= ux(b, w); }
static int c_ge_s(uint64_t a, uint64_t b, int w) { return sx(a, w) >= sx(b, w); }
static int c_ge_u(uint64_t a, uint64_t b, int w) { return ux(a, w) >= ux(b, w); }

static const cmp cmps[] = {
    {"eq", c_eq}, {"ne", c_ne}, {"lt_s", c_lt_s}, {"lt_u", c_lt_u}, {"gt_s", c_gt_s},
    {"gt_u", c_gt_u}, {"le_s", c_le_s}, {"le_u", c_le_u}, {"ge_s", c_ge_s}, {"ge_u", c_ge_u},
};
#define NCMP (sizeof cmps / sizeof cmps[0])

/* Operands: zero, one, all ones, the signed extremes and their neighbours, the 16-bit immediate edges. */
static const uint64_t v32[] = {
    0, 1, 2, 0xffffffffu, 0xfffffffeu, 0x7fffffffu, 0x7ffffffeu, 0x80000000u, 0x80000001u,
    0x7fffu, 0x8000u, 0xffff8000u, 0xffff7fffu, 0xffffu, 0x10000u,
};
static const uint64_t v64[] = {
    0, 1, 2, ~0ull, ~1ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull,
    0x7fffffffull, 0x80000000ull, 0xffffffffull, 0x100000000ull, 0xffffffff80000000ull,
    0xffffffff00000000ull, 0xffffffffffff8000ull, 0x7fffull, 0x8000ull,
};
/* Constants: those that fit the 16-bit immediate forms, their edges, and some that do not fit. */
static const int64_t k32[] = {0, 1, -1, 2, -2, 32767, -32768, 32768, -32769, 65535, 2147483647, -2147483647 - 1};
static const int64_t k64[] = {0, 1, -1, 32767, -32768, 32768, -32769, 2147483647, -2147483647 - 1,
                              4294967295ll, 9223372036854775807ll, -9223372036854775807ll - 1};
#define N(a) (sizeof a / sizeof a[0])

/* The function forms; each returns 1 when the compare holds, else 0. */
enum { F_BR, F_IF, F_LOOP, F_VALUE, F_BACK, F_COUNT };

/* Emits one function body testing `cond` (text of a condition expression) in form. */
static void body(xr_text *t, int form, const char *cond)
{
    switch (form) {
    case F_BR: /* br_if forward: taken when the compare holds */
        xr_add(t, "(block $t (br_if $t %s) (return (i32.const 0))) (i32.const 1))\n", cond);
        break;
    case F_IF: /* if: the compiler branches to else on the inverted compare */
        xr_add(t, "(if (result i32) %s (then (i32.const 1)) (else (i32.const 0))))\n", cond);
        break;
    case F_LOOP: /* backward br_if: loops once more while the compare holds (the counter stops it) */
        xr_add(t, "(local $n i32) (loop $l (local.set $n (i32.add (local.get $n) (i32.const 1)))"
                  " (br_if $l (i32.and (i32.lt_u (local.get $n) (i32.const 2)) %s)))"
                  " (i32.sub (local.get $n) (i32.const 1)))\n", cond);
        break;
    default: /* the compare as a value */
        xr_add(t, "%s)\n", cond);
        break;
    }
}

/*
 * F_LOOP fuses the i32.and, not the compare; the fused backward branch is
 * tested by F_BACK: a loop whose closing br_if is the compare itself.
 */
static void back_body(xr_text *t, const char *cond)
{
    xr_add(t, "(local $n i32) (block $out (loop $l (local.set $n (i32.add (local.get $n) (i32.const 1)))"
              " (br_if $out (i32.ge_u (local.get $n) (i32.const 2))) (br_if $l %s)))"
              " (i32.sub (local.get $n) (i32.const 1)))\n", cond);
}

static const char *ty(int wide) { return wide ? "i64" : "i32"; }

/* Checks export name on (a, b) (nargs of them) against want. */
static void check(xr_module *m, const char *name, uint64_t a, uint64_t b, uint32_t nargs, int want)
{
    uint64_t args[2] = {a, b}, got = 0;
    xip_status st = xr_call(m, name, args, nargs, &got);
    checks++;
    if (st != XIP_OK || got != (uint64_t)want) {
        if (failures++ < 30)
            printf("FAIL %s(0x%llx, 0x%llx): %s, got %llu, want %d\n", name, (unsigned long long)a,
                   (unsigned long long)b, xip_status_name(st), (unsigned long long)got, want);
    }
}

/* Register-register compares in every form. */
static void test_register_forms(int wide)
{
    xr_text t = {0};
    const uint64_t *v = wide ? v64 : v32;
    size_t nv = wide ? N(v64) : N(v32);
    char cond[160], name[64];
    xr_add(&t, "(module\n");
    for (size_t c = 0; c < NCMP; c++) {
        snprintf(cond, sizeof cond, "(%s.%s (local.get 0) (local.get 1))", ty(wide), cmps[c].name);
        for (int form = 0; form < F_COUNT; form++) {
            xr_add(&t, "(func (export \"%s_%d\") (param %s %s) (result i32) ", cmps[c].name, form,
                   ty(wide), ty(wide));
            if (form == F_BACK)
                back_body(&t, cond);
            else
                body(&t, form, cond);
        }
        /* the same register on both sides */
        snprintf(cond, sizeof cond, "(%s.%s (local.get 0) (local.get 0))", ty(wide), cmps[c].name);
        xr_add(&t, "(func (export \"%s_same\") (param %s %s) (result i32) ", cmps[c].name, ty(wide), ty(wide));
        body(&t, F_BR, cond);
    }
    /* eqz in its fused forms */
    snprintf(cond, sizeof cond, "(%s.eqz (local.get 0))", ty(wide));
    for (int form = 0; form < F_COUNT; form++) {
        xr_add(&t, "(func (export \"eqz_%d\") (param %s %s) (result i32) ", form, ty(wide), ty(wide));
        if (form == F_BACK)
            back_body(&t, cond);
        else
            body(&t, form, cond);
    }
    xr_add(&t, ")\n");
    xr_module m;
    if (!xr_load(&m, t.s, 0)) {
        failures++;
        free(t.s);
        return;
    }
    for (size_t c = 0; c < NCMP; c++) {
        for (size_t i = 0; i < nv; i++) {
            for (size_t j = 0; j < nv; j++)
                for (int form = 0; form < F_COUNT; form++) {
                    snprintf(name, sizeof name, "%s_%d", cmps[c].name, form);
                    check(&m, name, v[i], v[j], 2, cmps[c].f(v[i], v[j], wide));
                }
            snprintf(name, sizeof name, "%s_same", cmps[c].name);
            check(&m, name, v[i], 0, 2, cmps[c].f(v[i], v[i], wide));
        }
    }
    for (size_t i = 0; i < nv; i++)
        for (int form = 0; form < F_COUNT; form++) {
            snprintf(name, sizeof name, "eqz_%d", form);
            check(&m, name, v[i], 0, 2, ux(v[i], wide) == 0);
        }
    xr_free(&m);
    free(t.s);
}

/* Compares with a constant on the right (immediate forms) and on the left (mirrored). */
static void test_constant_forms(int wide)
{
    xr_text t = {0};
    const uint64_t *v = wide ? v64 : v32;
    const int64_t *k = wide ? k64 : k32;
    size_t nv = wide ? N(v64) : N(v32), nk = wide ? N(k64) : N(k32);
    char cond[200], name[64];
    xr_add(&t, "(module\n");
    for (size_t c = 0; c < NCMP; c++)
        for (size_t j = 0; j < nk; j++)
            for (int left = 0; left < 2; left++) {
                if (left)
                    snprintf(cond, sizeof cond, "(%s.%s (%s.const %lld) (local.get 0))", ty(wide),
                             cmps[c].name, ty(wide), (long long)k[j]);
                else
                    snprintf(cond, sizeof cond, "(%s.%s (local.get 0) (%s.const %lld))", ty(wide),
                             cmps[c].name, ty(wide), (long long)k[j]);
                for (int form = 0; form < F_COUNT; form++) {
                    xr_add(&t, "(func (export \"%s_%zu_%d_%d\") (param %s) (result i32) ", cmps[c].name,
                           j, left, form, ty(wide));
                    if (form == F_BACK)
                        back_body(&t, cond);
                    else
                        body(&t, form, cond);
                }
            }
    xr_add(&t, ")\n");
    xr_module m;
    if (!xr_load(&m, t.s, 0)) {
        failures++;
        free(t.s);
        return;
    }
    for (size_t c = 0; c < NCMP; c++)
        for (size_t j = 0; j < nk; j++)
            for (int left = 0; left < 2; left++)
                for (int form = 0; form < F_COUNT; form++) {
                    snprintf(name, sizeof name, "%s_%zu_%d_%d", cmps[c].name, j, left, form);
                    for (size_t i = 0; i < nv; i++) {
                        uint64_t kv = (uint64_t)k[j];
                        int want = left ? cmps[c].f(kv, v[i], wide) : cmps[c].f(v[i], kv, wide);
                        check(&m, name, v[i], 0, 1, want);
                    }
                }
    xr_free(&m);
    free(t.s);
}

int main(void)
{
    test_register_forms(0);
    test_register_forms(1);
    test_constant_forms(0);
    test_constant_forms(1);
    if (failures) {
        printf("test_fused: %d of %ld checks failed\n", failures, checks);
        return 1;
    }
    printf("test_fused: %ld checks passed\n", checks);
    return 0;
}
