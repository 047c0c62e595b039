/*
 * float_from_int.h: integer -> float conversions built on the executor's
 * rounding step (xipi_round_pack in executor/xip_float.c), for test_float.c.
 * The executor converts with C casts; these exercise xipi_round_pack over
 * every 64-bit magnitude, which the host's conversions then check. They used
 * to be compiled into the device build without a caller there.
 */
#ifndef TEST_FLOAT_FROM_INT_H
#define TEST_FLOAT_FROM_INT_H

#include <stdint.h>

#include "xip_float.h"

/* Converts a 64-bit integer (signed or unsigned) to the format of frac/exp bits, rounding to nearest even. */
static uint64_t from_int_bits(uint64_t v, int is_signed, unsigned frac, unsigned exp)
{
    uint64_t sign = 0;
    if (v == 0)
        return 0;
    if (is_signed && (v >> 63) != 0) {
        sign = (uint64_t)1 << (frac + exp);
        v = 0 - v;
    }
    return sign | xipi_round_pack(v, 0, frac == 52);
}

/* Correctly rounded conversion of a 64-bit integer (signed or unsigned) to f32 bits. */
static uint32_t test_f32_from_i64(uint64_t v, int is_signed)
{
    return (uint32_t)from_int_bits(v, is_signed, 23, 8);
}

/* Correctly rounded conversion of a 64-bit integer (signed or unsigned) to f64 bits. */
static uint64_t test_f64_from_i64(uint64_t v, int is_signed)
{
    return from_int_bits(v, is_signed, 52, 11);
}

#endif /* TEST_FLOAT_FROM_INT_H */
