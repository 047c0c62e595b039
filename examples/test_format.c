/*
 * test_format.c: checks the firmware's fw_format_g (examples/common/fw_format.c)
 * against glibc's printf "%.17g" and "%.9g", which `xipwasm run` uses: special
 * values, powers of two and ten, halfway cases, subnormals and a million
 * random bit patterns. Prints the first mismatches; exits 1 if there is one.
 */
#include <stdio.h>
#include <string.h>

#include "fw.h"

static int failures;

/* Compares one value at precision p (17: the double; 9: the value rounded to float). */
static void check(double d, int p)
{
    char want[64], got[64];
    uint64_t bits;
    if (p == 9)
        d = (double)(float)d;
    memcpy(&bits, &d, sizeof bits);
    snprintf(want, sizeof want, p == 9 ? "%.9g" : "%.17g", d);
    size_t n = fw_format_g(got, bits, p);
    got[n] = 0;
    if (strcmp(want, got) != 0 && failures++ < 10)
        printf("fw_format_g(0x%016llx, %d) = \"%s\", printf gives \"%s\"\n", (unsigned long long)bits, p, got, want);
}

static uint64_t state = 0x9e3779b97f4a7c15ull;

/* xorshift64 */
static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

int main(void)
{
    static const double fixed[] = {0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1e-4, 9.9999999999999995e-5, 1e-5, 1e16, 1e17,
                                   123456789012345678.0, 1e300, 1e-300, 2.5, 0.125, 1.0 / 3.0, 2.220446049250313e-16,
                                   4.9406564584124654e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                                   99999999999999999.0, 9.5, 0.95, 1e21, 1e22, 1e23};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        check(fixed[i], 17);
        check(fixed[i], 9);
    }
    for (int e = -1074; e <= 1023; e++) {
        double d = 1.0;
        for (int k = 0; k < (e < 0 ? -e : e); k++)
            d = e < 0 ? d / 2 : d * 2;
        check(d, 17);
        check(d, 9);
    }
    double ten = 1.0;
    for (int e = 0; e < 300; e++, ten *= 10) {
        check(ten, 17);
        check(1 / ten, 17);
        check(ten, 9);
    }
    for (int i = 0; i < 1000000; i++) {
        uint64_t bits = next();
        double d;
        memcpy(&d, &bits, sizeof d);
        if (d != d || d - d != 0) { /* nan, inf: glibc prints "-nan" for a negative NaN too */
            char got[64];
            size_t n = fw_format_g(got, bits, 17);
            got[n] = 0;
            const char *want = d != d ? ((bits >> 63) ? "-nan" : "nan") : ((bits >> 63) ? "-inf" : "inf");
            if (strcmp(got, want) != 0 && failures++ < 10)
                printf("fw_format_g(0x%016llx) = \"%s\", want \"%s\"\n", (unsigned long long)bits, got, want);
            continue;
        }
        check(d, 17);
        check(d, 9);
    }
    printf("%s: %d mismatches\n", failures ? "FAIL" : "ok", failures);
    return failures != 0;
}
