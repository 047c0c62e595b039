/*
 * bigint - multi-precision integer arithmetic on 32-bit limbs with 64-bit
 * intermediates: schoolbook multiply, bit-serial long division, decimal
 * conversion, Montgomery multiplication and modular exponentiation
 * (a Fermat check mod M127, a toy RSA round trip with CRT decryption).
 * Limb arrays are little-endian (d[0] is least significant).
 */
#include "applet.h"

#define MAXL 16

static int failures;
static u32 sum;

static void bn_zero(u32 *a, int n)
{
    for (int i = 0; i < n; i++)
        a[i] = 0;
}

static void bn_copy(u32 *r, const u32 *a, int n)
{
    for (int i = 0; i < n; i++)
        r[i] = a[i];
}

static int bn_cmp(const u32 *a, const u32 *b, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        if (a[i] != b[i])
            return a[i] > b[i] ? 1 : -1;
    }
    return 0;
}

static int bn_is_zero(const u32 *a, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i])
            return 0;
    return 1;
}

/* r = a - b, returns the borrow (0 or 1). r may alias a. */
static u32 bn_sub(u32 *r, const u32 *a, const u32 *b, int n)
{
    u32 borrow = 0;
    for (int i = 0; i < n; i++) {
        u64 t = (u64)a[i] - b[i] - borrow;
        r[i] = (u32)t;
        borrow = (u32)(t >> 63);
    }
    return borrow;
}

/* r = a + b, returns the carry. */
static u32 bn_add(u32 *r, const u32 *a, const u32 *b, int n)
{
    u64 carry = 0;
    for (int i = 0; i < n; i++) {
        carry += (u64)a[i] + b[i];
        r[i] = (u32)carry;
        carry >>= 32;
    }
    return (u32)carry;
}

/* r[0..2n) = a * b (r must not alias a or b). */
static void bn_mul(u32 *r, const u32 *a, const u32 *b, int n)
{
    bn_zero(r, 2 * n);
    for (int i = 0; i < n; i++) {
        u64 carry = 0;
        for (int j = 0; j < n; j++) {
            u64 t = (u64)a[i] * b[j] + r[i + j] + carry;
            r[i + j] = (u32)t;
            carry = t >> 32;
        }
        r[i + n] = (u32)carry;
    }
}

/* a *= m, returns the carry-out limb. */
static u32 bn_mul_small(u32 *a, int n, u32 m)
{
    u64 carry = 0;
    for (int i = 0; i < n; i++) {
        u64 t = (u64)a[i] * m + carry;
        a[i] = (u32)t;
        carry = t >> 32;
    }
    return (u32)carry;
}

/* a /= d, returns the remainder. */
static u32 bn_div_small(u32 *a, int n, u32 d)
{
    u64 rem = 0;
    for (int i = n - 1; i >= 0; i--) {
        u64 cur = (rem << 32) | a[i];
        a[i] = (u32)(cur / d);
        rem = cur % d;
    }
    return (u32)rem;
}

/* r = a mod m where a has 2n limbs and m has n limbs (m != 0). */
static void bn_mod(u32 *r, const u32 *a, const u32 *m, int n)
{
    u32 rem[MAXL + 1];
    u32 mm[MAXL + 1];
    bn_zero(rem, n + 1);
    bn_copy(mm, m, n);
    mm[n] = 0;
    for (int bit = 64 * n - 1; bit >= 0; bit--) {
        /* rem = rem * 2 + next bit */
        u32 in = (a[bit >> 5] >> (bit & 31)) & 1u;
        for (int i = n; i >= 0; i--) {
            u32 lower = i ? rem[i - 1] >> 31 : in;
            rem[i] = (rem[i] << 1) | lower;
        }
        if (bn_cmp(rem, mm, n + 1) >= 0)
            bn_sub(rem, rem, mm, n + 1);
    }
    bn_copy(r, rem, n);
}

static int hexdigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return c - 'A' + 10;
}

static void bn_from_hex(u32 *a, int n, const char *hex)
{
    bn_zero(a, n);
    int len = cstr_len(hex);
    for (int i = 0; i < len; i++) {
        int bitpos = 4 * (len - 1 - i);
        if (bitpos < 32 * n)
            a[bitpos >> 5] |= (u32)hexdigit(hex[i]) << (bitpos & 31);
    }
}

static void bn_print_hex(const u32 *a, int n)
{
    static const char digits[] = "0123456789abcdef";
    char buf[8 * MAXL * 2];
    int k = 0, started = 0;
    for (int i = 8 * n - 1; i >= 0; i--) {
        int d = (int)((a[i >> 3] >> (4 * (i & 7))) & 15u);
        if (d || started || i == 0) {
            buf[k++] = digits[d];
            started = 1;
        }
    }
    print_str(buf, k);
}

static void bn_print_dec(const u32 *a, int n)
{
    u32 t[MAXL];
    u32 chunks[MAXL * 2];
    int nc = 0;
    bn_copy(t, a, n);
    do {
        chunks[nc++] = bn_div_small(t, n, 1000000000u);
    } while (!bn_is_zero(t, n));
    print_i32((int)chunks[nc - 1]);
    for (int i = nc - 2; i >= 0; i--) {
        char buf[9];
        u32 v = chunks[i];
        for (int k = 8; k >= 0; k--) {
            buf[k] = (char)('0' + v % 10);
            v /= 10;
        }
        print_str(buf, 9);
    }
}

static void bn_fold(const u32 *a, int n)
{
    for (int i = 0; i < n; i++)
        sum = mix32(sum, a[i]);
}

static void expect(const char *what, int ok)
{
    print_cstr(what);
    print_cstr(ok ? ": ok\n" : ": FAIL\n");
    if (!ok)
        failures++;
}

/* ---- Montgomery arithmetic ---- */

typedef struct {
    int n;
    u32 m[MAXL];
    u32 rr[MAXL]; /* R^2 mod m, R = 2^(32n) */
    u32 minv;     /* -m^-1 mod 2^32 */
} mont_ctx;

static void mont_setup(mont_ctx *c, const u32 *m, int n)
{
    c->n = n;
    bn_copy(c->m, m, n);
    u32 inv = 1;
    for (int i = 0; i < 5; i++)
        inv *= 2u - m[0] * inv; /* Newton: doubles the correct low bits */
    c->minv = 0u - inv;
    /* R^2 mod m by doubling 1 (64n times) modulo m */
    u32 r[MAXL];
    bn_zero(r, n);
    r[0] = 1;
    for (int i = 0; i < 64 * n; i++) {
        u32 carry = bn_add(r, r, r, n);
        if (carry || bn_cmp(r, m, n) >= 0)
            bn_sub(r, r, m, n);
    }
    bn_copy(c->rr, r, n);
}

/* r = a * b * R^-1 mod m (CIOS). r may alias a or b. */
static void mont_mul(const mont_ctx *c, u32 *r, const u32 *a, const u32 *b)
{
    int n = c->n;
    u32 t[MAXL + 2];
    bn_zero(t, n + 2);
    for (int i = 0; i < n; i++) {
        u64 carry = 0;
        for (int j = 0; j < n; j++) {
            u64 x = (u64)a[j] * b[i] + t[j] + carry;
            t[j] = (u32)x;
            carry = x >> 32;
        }
        u64 x = (u64)t[n] + carry;
        t[n] = (u32)x;
        t[n + 1] = (u32)(x >> 32);

        u32 q = t[0] * c->minv;
        x = (u64)q * c->m[0] + t[0];
        carry = x >> 32;
        for (int j = 1; j < n; j++) {
            x = (u64)q * c->m[j] + t[j] + carry;
            t[j - 1] = (u32)x;
            carry = x >> 32;
        }
        x = (u64)t[n] + carry;
        t[n - 1] = (u32)x;
        t[n] = t[n + 1] + (u32)(x >> 32);
    }
    if (t[n] || bn_cmp(t, c->m, n) >= 0)
        bn_sub(t, t, c->m, n);
    bn_copy(r, t, n);
}

/* r = base^exp mod m; base < m; exp has `n` limbs.  Fixed 4-bit window:
 * one multiply per nibble instead of one per set bit. */
static void mont_exp(const mont_ctx *c, u32 *r, const u32 *base, const u32 *exp)
{
    int n = c->n;
    u32 table[16][MAXL];
    u32 acc[MAXL], one[MAXL];
    bn_zero(one, n);
    one[0] = 1;
    mont_mul(c, table[0], one, c->rr);  /* R mod m: 1 in Montgomery form */
    mont_mul(c, table[1], base, c->rr);
    for (int i = 2; i < 16; i++)
        mont_mul(c, table[i], table[i - 1], table[1]);
    int nib = 8 * n - 1;
    while (nib > 0 && ((exp[nib >> 3] >> (4 * (nib & 7))) & 15u) == 0)
        nib--;
    bn_copy(acc, table[0], n);
    for (; nib >= 0; nib--) {
        for (int k = 0; k < 4; k++)
            mont_mul(c, acc, acc, acc);
        u32 w = (exp[nib >> 3] >> (4 * (nib & 7))) & 15u;
        if (w)
            mont_mul(c, acc, acc, table[w]);
    }
    mont_mul(c, r, acc, one);
}

static const char p25519_hex[] =
    "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed";
static const char a_hex[] =
    "d1e5f0c3a9b87e6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c4b3a29180f7e6d5";
static const char b_hex[] =
    "a7c9e1f5b2d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9011223344556677";

int run(void)
{
    u32 a[MAXL], b[MAXL], p[MAXL], r[2 * MAXL], t[MAXL], u[MAXL];
    mont_ctx ctx;

    /* 50! in 8 limbs, printed in decimal */
    bn_zero(a, 8);
    a[0] = 1;
    for (u32 k = 2; k <= 50; k++)
        bn_mul_small(a, 8, k);
    print_cstr("50! = ");
    bn_print_dec(a, 8);
    print_nl();
    bn_fold(a, 8);
    /* divide back down: 50!/(50*49*...*2) == 1 */
    u32 rem_or = 0;
    for (u32 k = 50; k >= 2; k--)
        rem_or |= bn_div_small(a, 8, k);
    bn_zero(t, 8);
    t[0] = 1;
    expect("50!/50..2 == 1", rem_or == 0 && bn_cmp(a, t, 8) == 0);

    /* 2^200 in decimal */
    bn_zero(a, 8);
    a[200 / 32] = 1u << (200 % 32);
    print_cstr("2^200 = ");
    bn_print_dec(a, 8);
    print_nl();

    /* 256x256 -> 512-bit product */
    bn_from_hex(a, 8, a_hex);
    bn_from_hex(b, 8, b_hex);
    bn_mul(r, a, b, 8);
    print_cstr("a*b = ");
    bn_print_hex(r, 16);
    print_nl();
    bn_fold(r, 16);

    /* (a*b) mod p two ways: long division vs Montgomery */
    bn_from_hex(p, 8, p25519_hex);
    bn_mod(t, r, p, 8);
    print_cstr("a*b mod p = ");
    bn_print_hex(t, 8);
    print_nl();
    mont_setup(&ctx, p, 8);
    u32 am[MAXL], bm[MAXL];
    {
        u32 wide[2 * MAXL];
        bn_zero(wide, 16);
        bn_copy(wide, a, 8);
        bn_mod(am, wide, p, 8);
        bn_zero(wide, 16);
        bn_copy(wide, b, 8);
        bn_mod(bm, wide, p, 8);
    }
    mont_mul(&ctx, u, am, ctx.rr);  /* aR */
    mont_mul(&ctx, u, u, bm);       /* a*b */
    expect("montgomery == division", bn_cmp(u, t, 8) == 0);

    /* a^65537 mod p */
    u32 e[MAXL];
    bn_zero(e, 8);
    e[0] = 65537;
    mont_exp(&ctx, u, am, e);
    print_cstr("a^65537 mod p = ");
    bn_print_hex(u, 8);
    print_nl();
    bn_fold(u, 8);

    /* M127 = 2^127-1 in 4 limbs: Fermat check 7^(M127-1) == 1 */
    for (int i = 0; i < 4; i++)
        p[i] = 0xffffffffu;
    p[3] = 0x7fffffffu;
    mont_setup(&ctx, p, 4);
    bn_copy(e, p, 4);
    e[0] -= 1;
    bn_zero(a, 4);
    a[0] = 7;
    mont_exp(&ctx, u, a, e);
    expect("7^(M127-1) mod M127 == 1", u[0] == 1 && u[1] == 0 && u[2] == 0 && u[3] == 0);
    bn_zero(e, 4);
    e[0] = 1000003;
    mont_exp(&ctx, u, a, e);
    print_cstr("7^1000003 mod M127 = ");
    bn_print_hex(u, 4);
    print_nl();
    bn_fold(u, 4);

    /* toy RSA with a 192-bit modulus n = p*q: encrypt with e = 65537,
     * decrypt with the CRT (dp, dq, qinv) on the 96-bit halves. */
    u32 n[MAXL], m[MAXL], c[MAXL], pp[MAXL], qq[MAXL], dp[MAXL], dq[MAXL], qinv[MAXL];
    bn_from_hex(n, 6, "ae6555ef1aaa3d88ba1ff496f365abd06f14595f593b3011");
    bn_from_hex(pp, 3, "e507a9500ec78162749a5607");
    bn_from_hex(qq, 3, "c2eeacb2b50603f0261a0327");
    bn_from_hex(dp, 3, "612ee4105d851888cf93a1c7");
    bn_from_hex(dq, 3, "2e88c5a75fb990e51a63694f");
    bn_from_hex(qinv, 3, "bea9e0dc51f0a043baa671be");
    bn_from_hex(m, 6, "68656c6c6f2c206170706c657421"); /* "hello, applet!" */
    bn_mul(r, pp, qq, 3);
    expect("p*q == n", bn_cmp(r, n, 6) == 0);
    bn_zero(e, 6);
    e[0] = 65537;
    mont_setup(&ctx, n, 6);
    mont_exp(&ctx, c, m, e);
    print_cstr("rsa c = ");
    bn_print_hex(c, 6);
    print_nl();
    bn_fold(c, 6);
    bn_from_hex(t, 6, "47e18da1e26297027aa91899f624a3f2dd694ef6e4c0d568");
    expect("rsa encrypt", bn_cmp(c, t, 6) == 0);

    u32 cr[MAXL], m1[MAXL], m2[MAXL], h[MAXL];
    bn_mod(cr, c, pp, 3);        /* c mod p (c has 6 = 2*3 limbs) */
    mont_setup(&ctx, pp, 3);
    mont_exp(&ctx, m1, cr, dp);
    bn_mod(cr, c, qq, 3);
    mont_setup(&ctx, qq, 3);
    mont_exp(&ctx, m2, cr, dq);
    /* h = qinv * (m1 - m2) mod p, adding p when m1 < m2 (m2 < q < p) */
    if (bn_sub(h, m1, m2, 3))
        bn_add(h, h, pp, 3);
    bn_mul(r, qinv, h, 3);
    bn_mod(h, r, pp, 3);
    /* m = m2 + q * h */
    bn_mul(r, qq, h, 3);
    bn_zero(t, 6);
    bn_copy(t, m2, 3);
    bn_add(r, r, t, 6);
    expect("rsa crt decrypt", bn_cmp(r, m, 6) == 0);
    char text[24];
    int tl = 0;
    for (int i = 13; i >= 0; i--)
        text[tl++] = (char)(r[i >> 2] >> (8 * (i & 3)));
    print_cstr("rsa m = ");
    print_str(text, tl);
    print_nl();

    print_kv_i32("failures: ", failures);
    return failures ? -1 : (int)(sum & 0x7fffffffu);
}
