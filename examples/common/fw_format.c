/*
 * fw_format.c: printf's "%.Pg" for a double, exactly as glibc prints it
 * (correctly rounded, ties to even on the exact binary value), without the
 * C library: the embedded C libraries round differently (picolibc 1.8 gives
 * 16 digits for %.17g), and `xipwasm run` and the native corpus build use
 * glibc. The exact decimal expansion of the double is computed with a small
 * big integer: m * 2^e, or m * 5^-e scaled by 10^e for negative e.
 */
#include "fw.h"

/* Enough 32-bit limbs for 2^53 * 5^1074 (about 2,550 bits). */
#define BIG_LIMBS 82
/* Enough decimal digits for that number (about 770). */
#define DIGITS_MAX 800

typedef struct big {
    uint32_t limb[BIG_LIMBS]; /* least significant first */
    int n;                    /* limbs in use */
} big;

/* b *= k. */
static void big_mul(big *b, uint32_t k)
{
    uint64_t carry = 0;
    for (int i = 0; i < b->n; i++) {
        uint64_t v = (uint64_t)b->limb[i] * k + carry;
        b->limb[i] = (uint32_t)v;
        carry = v >> 32;
    }
    if (carry != 0 && b->n < BIG_LIMBS)
        b->limb[b->n++] = (uint32_t)carry;
}

/* b /= k; returns the remainder. */
static uint32_t big_div(big *b, uint32_t k)
{
    uint64_t rem = 0;
    for (int i = b->n - 1; i >= 0; i--) {
        uint64_t v = (rem << 32) | b->limb[i];
        b->limb[i] = (uint32_t)(v / k);
        rem = v % k;
    }
    while (b->n > 0 && b->limb[b->n - 1] == 0)
        b->n--;
    return (uint32_t)rem;
}

/* Writes the decimal digits of b (destroying it) to digits; returns their number. */
static int big_digits(big *b, char *digits)
{
    char rev[DIGITS_MAX];
    int n = 0;
    while (b->n > 0 && n + 9 <= DIGITS_MAX) {
        uint32_t chunk = big_div(b, 1000000000u);
        for (int i = 0; i < 9; i++, chunk /= 10u)
            rev[n++] = (char)('0' + chunk % 10u);
    }
    while (n > 1 && rev[n - 1] == '0')
        n--;
    for (int i = 0; i < n; i++)
        digits[i] = rev[n - 1 - i];
    return n;
}

/* Rounds digits[0..*len) to p digits, ties to even; returns 1 when it carried into a new digit. */
static int round_digits(char *digits, int *len, int p)
{
    if (*len <= p)
        return 0;
    int up = digits[p] > '5';
    if (digits[p] == '5') {
        int rest = 0;
        for (int i = p + 1; i < *len; i++)
            rest |= digits[i] != '0';
        up = rest || ((digits[p - 1] - '0') & 1);
    }
    *len = p;
    if (!up)
        return 0;
    for (int i = p - 1; i >= 0; i--) {
        if (digits[i] != '9') {
            digits[i]++;
            return 0;
        }
        digits[i] = '0';
    }
    digits[0] = '1'; /* 99..9 became 100..0: still p digits after dropping one zero */
    return 1;
}

/* Copies n characters; returns n. A loop, not memcpy: newlib's memcpy makes unaligned
   word accesses, which fault where the firmware traps them. */
static size_t copy_chars(char *dst, const char *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = src[i];
    return n;
}

size_t fw_format_g(char *out, uint64_t bits, int p)
{
    static char digits[DIGITS_MAX]; /* the firmware is single-threaded */
    size_t k = 0;
    int exp_field = (int)(bits >> 52 & 0x7ffu);
    uint64_t frac = bits & 0x000fffffffffffffull;
    if (bits >> 63)
        out[k++] = '-';
    if (exp_field == 0x7ff) {
        return k + copy_chars(out + k, frac ? "nan" : "inf", 3);
    }
    if (exp_field == 0 && frac == 0) {
        out[k++] = '0';
        return k;
    }
    uint64_t m = exp_field ? frac | (1ull << 52) : frac;
    int e = (exp_field ? exp_field : 1) - 1075, scale = 0;
    big b = {{(uint32_t)m, (uint32_t)(m >> 32)}, 2};
    for (; e > 0; e -= e > 31 ? 31 : e)
        big_mul(&b, 1u << (e > 31 ? 31 : e));
    for (; e < 0; e += e < -13 ? 13 : -e) { /* m * 2^e = m * 5^-e * 10^e */
        int s = e < -13 ? 13 : -e;
        uint32_t five = 1;
        for (int i = 0; i < s; i++)
            five *= 5u;
        big_mul(&b, five);
        scale -= s;
    }
    int len = big_digits(&b, digits);
    int x = len - 1 + scale; /* decimal exponent of the first digit */
    x += round_digits(digits, &len, p);
    while (len > 1 && digits[len - 1] == '0')
        len--;
    if (x < -4 || x >= p) {
        out[k++] = digits[0];
        if (len > 1) {
            out[k++] = '.';
            k += copy_chars(out + k, digits + 1, (size_t)len - 1);
        }
        out[k++] = 'e';
        out[k++] = x < 0 ? '-' : '+';
        int ax = x < 0 ? -x : x;
        if (ax >= 100)
            out[k++] = (char)('0' + ax / 100);
        out[k++] = (char)('0' + ax / 10 % 10);
        out[k++] = (char)('0' + ax % 10);
    } else if (x >= 0) {
        for (int i = 0; i <= x || i < len; i++) {
            if (i == x + 1)
                out[k++] = '.';
            out[k++] = i < len ? digits[i] : '0';
        }
    } else {
        out[k++] = '0';
        out[k++] = '.';
        for (int i = 0; i < -x - 1; i++)
            out[k++] = '0';
        k += copy_chars(out + k, digits, (size_t)len);
    }
    return k;
}
