/*
 * passes.h: the compiler pipeline, one pass per file, called in this order by
 * the driver (compiler.c). Each pass returns false after recording a user
 * error in *error; internal bugs assert.
 */
#ifndef XC_PASSES_H
#define XC_PASSES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "ir.h"
#include "module.h"

/* Growable byte buffer (the image under construction). */
typedef struct xc_buffer {
    uint8_t *data;
    size_t size;
    size_t capacity;
} xc_buffer;

/* decode.c: parses the Wasm binary into *module (zeroed by the caller); rejects malformed input. */
bool xc_decode(const uint8_t *bytes, size_t size, wasm_module *module, xc_error *error);

/* validate.c: the full validation algorithm of the specification over a decoded module. */
bool xc_validate(const wasm_module *module, xc_error *error);

/* lower.c: turns each validated function into xipwasm instructions on frame slots. */
bool xc_lower(const wasm_module *module, xc_program *program, xc_error *error);

/* liveness.c: in frames over the register limit, declared locals with disjoint live ranges share slots;
   in frames within it, coalesce.c removes movs, hoists loop invariants and trims NLOCALS. */
bool xc_liveness(xc_program *program, xc_error *error);

/* allocate.c: maps frame slots to registers and checks the format's limits. */
bool xc_allocate(xc_program *program, xc_error *error);

/* allocate.c: the registers allocate may use directly (program->register_limit, capped). */
uint32_t xc_register_limit(const xc_program *program);

/* fuel_points.c: breaks straight runs longer than XIP_FUEL_RUN with a jmp to the next instruction. */
void xc_fuel_points(xc_program *program);

/* fuse.c: merges frequent dependent pairs of adjacent instructions into one superinstruction
   (i32.add_i then jnz/jz on its result, shift right then mask); labels move with their instructions. */
bool xc_fuse(xc_program *program, xc_error *error);

/* The image layout decisions of the plan pass, which the encoder follows. */
typedef struct xc_plan {
    bool *ram_table;         /* per defined table: a RAM table (else a flash table) */
    bool *folded_elem;       /* per element segment: folded into a flash table */
    uint64_t *global_values; /* per global (imports first): its compile-time value... */
    bool *global_known;      /* ...when known */
} xc_plan;

/* plan.c: decides flash or RAM tables and folds globals (*plan zeroed by the caller). */
bool xc_plan_image(const xc_program *program, xc_plan *plan, xc_error *error);

/* plan.c: frees what the plan owns; safe on a zeroed plan. */
void xc_plan_free(xc_plan *plan);

/* encode.c: writes the image (format/xip_format.h) into *out (zeroed by the caller). */
bool xc_encode(const xc_program *program, const xc_plan *plan, xc_buffer *out, xc_error *error);

/* refs.c: the REFS section body for the finished CODE (function i at starts[i]); empty if no function needs one. */
bool xc_encode_refs(const xc_program *program, const uint8_t *code, const uint32_t *starts, uint32_t code_size,
                    xc_buffer *out, xc_error *error);
/* stackbound.c: appends the STACK section (the stack bound) to the encoded image unless the calls form a cycle. */
bool xc_stack_bound(const xc_program *program, xc_buffer *image, xc_error *error);

/* srcmap.c: fills *map (see compiler.h) from the allocated program. */
struct xc_map;
void xc_map_build(const xc_program *program, struct xc_map *map);

/* Readable dumps, written to out: the module (dump_module.c, after decode and validate),
   the program (dump_program.c, after lower, liveness and allocate), the plan (plan.c). */
void xc_dump_module(const wasm_module *module, FILE *out);
void xc_dump_program(const xc_program *program, FILE *out);
void xc_dump_plan(const xc_program *program, const xc_plan *plan, FILE *out);

/* Appends bytes to a buffer, growing it; aborts if memory runs out. */
void xc_buffer_append(xc_buffer *buffer, const void *data, size_t size);
void xc_buffer_free(xc_buffer *buffer);

#endif /* XC_PASSES_H */
