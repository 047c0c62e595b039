/*
 * constexpr.h: translation of Wasm constant expressions (global initializers,
 * segment offsets, element items) into image cexprs (format/xip_format.h),
 * folding at compile time whatever does not depend on an imported global.
 */
#ifndef XC_CONSTEXPR_H
#define XC_CONSTEXPR_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "module.h"
#include "passes.h"

/*
 * What constant expressions may read: globals [0, count) in the global index
 * space (imports first). known[g] says whether global g has a compile-time
 * value, values[g]; imported globals and defined globals whose initializer
 * reads one are not known and stay XIP_CEXPR_GLOBAL reads.
 */
typedef struct xc_const_env {
    const uint64_t *values;
    const bool *known;
    uint32_t count;
} xc_const_env;

/* The result of translating one constant expression. */
typedef struct xc_const {
    bool folded;    /* the expression is one compile-time constant... */
    uint64_t value; /* ...this one (i32/f32 zero-extended, references as a function index or XIP_NULL_REF) */
} xc_const;

/*
 * Appends expr as an image cexpr (ending with XIP_CEXPR_END) to out and
 * describes its value in *result. Supports t.const, extended-const
 * add/sub/mul, global.get, ref.null and ref.func.
 */
bool xc_const_encode(const wasm_module *module, const wasm_const_expr *expr, const xc_const_env *env,
                     xc_buffer *out, xc_const *result, xc_error *error);

/* plan.c: xc_const_encode with the plan's global values, every global readable. */
bool xc_plan_const(const wasm_module *module, const xc_plan *plan, const wasm_const_expr *expr,
                   xc_buffer *out, xc_const *result, xc_error *error);

/* plan.c: the value of item i of element segment el, if it folds to a constant (*folded). */
bool xc_plan_elem_item(const wasm_module *module, const xc_plan *plan, const wasm_elem *el, uint32_t i,
                       bool *folded, uint64_t *value, xc_error *error);

/* The type of global g (imports first). */
wasm_global_type xc_global_type(const wasm_module *module, uint32_t global);

#endif /* XC_CONSTEXPR_H */
