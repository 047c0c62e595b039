/*
 * constexpr.h: evaluation of Wasm constant expressions (global initializers,
 * segment offsets) at compile time, for the encode pass.
 */
#ifndef XC_CONSTEXPR_H
#define XC_CONSTEXPR_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "module.h"

/*
 * Evaluates expr to its 64-bit slot value (i32/f32 zero-extended, references
 * as a function index or XIP_NULL_FUNC). globals[0..global_count) are the
 * values of the module's defined globals evaluated so far. Supports
 * t.const, extended-const add/sub/mul, global.get of those globals,
 * ref.null and ref.func.
 */
bool xc_const_eval(const wasm_module *module, const wasm_const_expr *expr, const uint64_t *globals,
                   uint32_t global_count, uint64_t *value, xc_error *error);

#endif /* XC_CONSTEXPR_H */
