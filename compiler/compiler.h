/*
 * compiler.h: the public entry point of the xipwasm compiler. Runs the
 * passes decode, validate, lower, liveness, allocate, plan, encode in order.
 */
#ifndef XC_COMPILER_H
#define XC_COMPILER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"

/* The passes in pipeline order: XC_PASS_NAME and the name --dump-after takes. */
#define XC_PASSES(X)              \
    X(DECODE, "decode")           \
    X(VALIDATE, "validate")       \
    X(LOWER, "lower")             \
    X(LIVENESS, "liveness")       \
    X(ALLOCATE, "allocate")       \
    X(FUSE, "fuse")               \
    X(PLAN, "plan")               \
    X(ENCODE, "encode")

enum xc_pass {
    XC_PASS_NONE = 0,
#define XC_PASS_ENUM(name, text) XC_PASS_##name,
    XC_PASSES(XC_PASS_ENUM)
#undef XC_PASS_ENUM
    XC_PASS_END
};

/* One encoded instruction's origin (see xc_options.map). */
typedef struct xc_map_entry {
    uint32_t func;        /* function index, imports counted */
    uint32_t code_offset; /* from the function's first code byte */
    uint32_t wasm_offset; /* file offset of the Wasm instruction it was lowered from */
} xc_map_entry;

/* xc_map_entry.wasm_offset of the entry after a function's last instruction. */
#define XC_MAP_END 0xffffffffu

/* The bytecode-to-Wasm map of a compiled module, entries by function then offset (each ends with XC_MAP_END). */
typedef struct xc_map {
    xc_map_entry *entries;
    size_t count;
    uint32_t import_count; /* function imports (they have no code) */
    uint32_t func_count;   /* functions, imports counted */
} xc_map;

/* Frees the entries of a map xc_compile filled. */
void xc_map_free(xc_map *map);

typedef struct xc_options {
    enum xc_pass dump_after; /* XC_PASS_NONE: no dump */
    FILE *dump_out;          /* where dumps go (stderr when NULL) */
    uint32_t max_registers;  /* 0: 256; a smaller value forces far slots (tests; the CLI
                                takes it from the XIPWASM_MAX_REGS environment variable) */
} xc_options;

/* Parses a pass name ("decode", "validate", ...) or returns XC_PASS_NONE. */
enum xc_pass xc_pass_from_name(const char *name);

/* The name of a pass ("decode", ...), or NULL for XC_PASS_NONE and out-of-range values. */
const char *xc_pass_name(enum xc_pass pass);

/*
 * Compiles the Wasm binary wasm[0..size) into an image. On success *image
 * and *image_size hold a malloc'd image the caller frees. On bad input
 * returns false with *error set.
 */
bool xc_compile(const uint8_t *wasm, size_t size, const xc_options *options,
                uint8_t **image, size_t *image_size, xc_error *error);

/* As xc_compile; on success also fills *map (free it with xc_map_free). */
bool xc_compile_mapped(const uint8_t *wasm, size_t size, const xc_options *options,
                       uint8_t **image, size_t *image_size, xc_map *map, xc_error *error);

#endif /* XC_COMPILER_H */
