/*
 * decode_internal.h: state shared by the files of the decode pass
 * (decode.c: module and sections; decode_code.c: function bodies and
 * constant expressions; decode_types.c: value types, limits and names).
 */
#ifndef XC_DECODE_INTERNAL_H
#define XC_DECODE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "leb.h"
#include "module.h"

/* Implementation limit on the declared locals of one function (the spec allows 2^32-1). */
#ifndef XC_MAX_LOCALS
#define XC_MAX_LOCALS 50000u
#endif

/*
 * Implementation limit on the imports, exports, data segments and each index
 * space (functions, tables, globals, imports counted in): the image's count
 * and index fields are 16 bits (docs/limits.md).
 */
#ifndef XC_MAX_ITEMS
#define XC_MAX_ITEMS 65535u
#endif

typedef struct xc_decoder {
    wasm_module *module;
    xc_error *error;
    /* Scratch buffers reused by every function body and constant expression. */
    wasm_insn *insns;
    size_t insn_count;
    size_t insn_capacity;
    uint32_t *targets;
    size_t target_count;
    size_t target_capacity;
    uint8_t *blocks; /* open blocks: enum xc_block_state */
    size_t block_capacity;
} xc_decoder;

/* decode_code.c: reads one function body (size already read) ending exactly at body_end. */
bool xc_decode_body(xc_decoder *decoder, xc_reader *reader, size_t body_end, wasm_func *func);

/* decode_code.c: reads a constant expression up to and including its final end. */
bool xc_decode_const_expr(xc_decoder *decoder, xc_reader *reader, wasm_const_expr *out);

/* decode_code.c: frees the scratch buffers. */
void xc_decoder_free_scratch(xc_decoder *decoder);

/* decode_types.c: reads a value type (i32, i64, f32, f64, funcref, externref). */
bool xc_read_valtype(xc_reader *reader, wasm_valtype *out);

/* decode_types.c: reads a reference type (funcref, externref). */
bool xc_read_reftype(xc_reader *reader, wasm_valtype *out);

/* decode_types.c: reads a table type. */
bool xc_read_table_type(xc_reader *reader, wasm_table_type *out);

/* decode_types.c: reads a memory type, with the custom-page-sizes extension. */
bool xc_read_memory_type(xc_reader *reader, wasm_memory_type *out);

/* decode_types.c: reads a global type. */
bool xc_read_global_type(xc_reader *reader, wasm_global_type *out);

/* decode_types.c: reads a UTF-8 name into a malloc'd NUL-terminated copy. */
bool xc_read_name(xc_reader *reader, char **out, uint32_t *out_len);

/* decode_types.c: true if bytes[0..size) is valid UTF-8 (no overlongs, surrogates, > U+10FFFF). */
bool xc_utf8_valid(const uint8_t *bytes, size_t size);

/* Allocation helpers that abort when memory runs out (sizes are checked against the input first). */
void *xc_alloc_array(size_t count, size_t size);
void *xc_grow_array(void *array, size_t *capacity, size_t needed, size_t size);

#endif /* XC_DECODE_INTERNAL_H */
