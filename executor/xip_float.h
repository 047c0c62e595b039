/*
 * xip_float.h: exact Wasm float semantics without libm.
 *
 * Values travel as raw IEEE 754 bit patterns (binary32 in a uint32_t,
 * binary64 in a uint64_t), so the results are the same on every target,
 * with or without an FPU. Everything is integer arithmetic, correctly
 * rounded (round to nearest, ties to even). NaN results are quiet NaNs:
 * a NaN operand with its quiet bit set, or the canonical NaN when no
 * operand was a NaN. Compiled only when XIP_FLOAT is nonzero.
 */
#ifndef XIP_FLOAT_H
#define XIP_FLOAT_H

#include <stdint.h>
#include "xip.h"

#if XIP_FLOAT

/* Wasm f32.min / f32.max: NaN if either is NaN; -0 < +0. */
uint32_t xipi_f32_min(uint32_t a, uint32_t b);
uint32_t xipi_f32_max(uint32_t a, uint32_t b);
/* Wasm f64.min / f64.max: NaN if either is NaN; -0 < +0. */
uint64_t xipi_f64_min(uint64_t a, uint64_t b);
uint64_t xipi_f64_max(uint64_t a, uint64_t b);

/* Round to an integral f32 upward; zeros, infinities keep their sign; NaN -> quiet NaN. */
uint32_t xipi_f32_ceil(uint32_t x);
/* Round to an integral f32 downward (same special cases as ceil). */
uint32_t xipi_f32_floor(uint32_t x);
/* Round to an integral f32 toward zero (same special cases as ceil). */
uint32_t xipi_f32_trunc(uint32_t x);
/* Round to the nearest integral f32, ties to even (same special cases as ceil). */
uint32_t xipi_f32_nearest(uint32_t x);
/* Correctly rounded square root; negative -> NaN; -0 -> -0. */
uint32_t xipi_f32_sqrt(uint32_t x);

/*
 * Rounds an f64 bit pattern to an integral value: mode XIP_ROUND_CEIL,
 * _FLOOR, _TRUNC or _NEAREST (the order of the Wasm rows; the functions
 * above and below).
 */
enum { XIP_ROUND_CEIL, XIP_ROUND_FLOOR, XIP_ROUND_TRUNC, XIP_ROUND_NEAREST };
uint64_t xipi_f64_round_integral(uint64_t x, int mode);

/* The f64 counterparts of the five functions above. */
uint64_t xipi_f64_ceil(uint64_t x);
uint64_t xipi_f64_floor(uint64_t x);
uint64_t xipi_f64_trunc(uint64_t x);
uint64_t xipi_f64_nearest(uint64_t x);
uint64_t xipi_f64_sqrt(uint64_t x);

/*
 * Truncates f64 toward zero to an integer of the kind `to` (XIP_TO_ flags,
 * the bits of the truncation rows' places: unsigned, i64, saturating; else
 * signed, i32, trapping) into *out (32-bit results zero-extended). A NaN or
 * a value out of range traps (XIP_TRAP_INVALID_CONVERSION,
 * XIP_TRAP_INTEGER_OVERFLOW), or saturating gives 0 or the nearest end of
 * the range. The two below in one.
 */
enum { XIP_TO_UNSIGNED = 1, XIP_TO_I64 = 4, XIP_TO_SATURATE = 8 };
xip_status xipi_f64_to_int(uint64_t f64_bits, unsigned to, uint64_t *out);
/* xipi_f64_to_int, trapping. */
xip_status xipi_trunc_f64(uint64_t f64_bits, int is_signed, int bits, uint64_t *out);
/* Like xipi_trunc_f64 but saturating at the range ends; NaN -> 0. */
uint64_t xipi_trunc_sat_f64(uint64_t f64_bits, int is_signed, int bits);

/* Exact f32 -> f64 promotion; NaN -> quiet NaN keeping the payload. */
uint64_t xipi_f32_to_f64_bits(uint32_t f32_bits);
/* f64 -> f32 demotion, round to nearest even, overflow to inf; NaN -> quiet NaN. */
uint32_t xipi_f64_to_f32_bits(uint64_t f64_bits);

/*
 * a op b on f64 bit patterns, op XIP_FADD, XIP_FSUB, XIP_FMUL or XIP_FDIV,
 * correctly rounded to nearest even; a NaN operand gives it quieted (a's
 * first), an invalid operation the canonical NaN. Integer arithmetic only:
 * built for XIP_SMALL_FLOAT (instead of the C library's soft-float
 * operations) and for the tests.
 */
enum { XIP_FADD, XIP_FSUB, XIP_FMUL, XIP_FDIV };
#if XIP_SMALL_FLOAT || XIP_TEST_HELPERS
uint64_t xipi_f64_arith(uint64_t a, uint64_t b, int op);
#endif

/*
 * Rounds sig * 2^e to an f64 (to_f64) or f32 bit pattern (0 for sig 0), to
 * nearest even, with subnormals and overflow to infinity; the sign bit is
 * the caller's to add. The executor's one rounding step.
 */
uint64_t xipi_round_pack(uint64_t sig, int e, int to_f64);

#endif /* XIP_FLOAT */
#endif /* XIP_FLOAT_H */
