/*
 * validate_internal.h: what the validate pass files share (validate.c runs
 * the module-level checks, validate_const.c the constant expressions,
 * validate_code.c the function bodies). Not for other passes.
 *
 * Every index space of the module (imports first, then definitions) is
 * flattened once into the context so lookups are O(1).
 */
#ifndef XC_VALIDATE_INTERNAL_H
#define XC_VALIDATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "module.h"

/*
 * Implementation limit on a table's minimum size (docs/limits.md): a flash
 * table is written into the image entry by entry, and no table needs more
 * entries than the 16-bit function index space can fill meaningfully; a RAM
 * table's minimum is RAM every device must give it.
 */
#ifndef XC_MAX_TABLE_MIN
#define XC_MAX_TABLE_MIN 65536u
#endif

/* Stands for any type on the operand stack of unreachable code. */
#define XC_TYPE_UNKNOWN 0

typedef struct xc_vctx {
    const wasm_module *module;
    xc_error *error;
    uint32_t *func_types; /* type index of every function, imports first */
    uint32_t func_total;
    wasm_global_type *globals; /* every global, imports first */
    uint32_t global_total;
    wasm_table_type *tables; /* every table, imports first */
    uint32_t table_total;
    wasm_memory_type *memories; /* every memory, imports first */
    uint32_t memory_total;
    bool *declared; /* func_total flags: the function may be named by ref.func */
    uint32_t data_total; /* the data count section's value, else the segment count */
} xc_vctx;

/* Calls malloc (calloc when zero is set), aborting if memory runs out; size 0 is allowed. */
void *xc_valloc(size_t count, size_t size, bool zero);

/* Grows *array (of elem_size items, *capacity of them) to hold at least need; aborts on OOM. */
void xc_vgrow(void **array, size_t *capacity, size_t need, size_t elem_size);

/* Readable name of a value type ("i32", "funcref", "unknown"). */
const char *xc_valtype_name(wasm_valtype type);

/* True for funcref and externref. */
bool xc_is_ref_type(wasm_valtype type);

/*
 * Validates the constant expression expr, which must produce one value of
 * type expected. Each function it names with ref.func is marked in
 * ctx->declared (constant expressions live outside function bodies).
 */
bool xc_validate_const_expr(xc_vctx *ctx, const wasm_const_expr *expr, wasm_valtype expected);

/* Validates the body of defined function number defined_index (imports not counted). */
bool xc_validate_function(xc_vctx *ctx, uint32_t defined_index);

#endif /* XC_VALIDATE_INTERNAL_H */
