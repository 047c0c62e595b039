/*
 * ir.h: the lowered program, produced by the lower pass, rewritten by the
 * allocate pass and serialized by the encode pass. Instructions are already
 * xipwasm opcodes (format/opcodes.def); what is still symbolic here is branch
 * targets (label ids) and register numbers (frame slots, which may exceed
 * the 8-bit register range until allocate has run).
 */
#ifndef XC_IR_H
#define XC_IR_H

#include <stdbool.h>
#include <stdint.h>

#include "module.h"

/*
 * One instruction. operand[i] belongs to field i of the opcode's shape
 * (XIP_SHAPES): REG = frame slot, K16/U16/K32/K64/OFFSET16 = the value,
 * FUNC/TYPE/GLOBAL/FAR/TABLE/COUNT8 = the index or count, TARGET = a label id,
 * TARGETS = index of the first label in xc_ir_func.table_labels, with
 * table_count labels (the default label last).
 */
typedef struct xc_ir_insn {
    uint8_t op; /* enum xip_opcode */
    int64_t operand[4];
    uint32_t table_count;
    uint32_t wasm_offset; /* file offset of the Wasm instruction it came from */
} xc_ir_insn;

#define XC_LABEL_UNBOUND UINT32_MAX

typedef struct xc_ir_func {
    xc_ir_insn *insns;
    uint32_t insn_count;
    uint32_t insn_capacity;
    uint32_t *label_insn; /* label id -> index of the instruction it is bound before */
    uint32_t label_count;
    uint32_t label_capacity;
    uint32_t *table_labels; /* BR_TABLE label lists */
    uint32_t table_label_count;
    uint32_t table_label_capacity;
    uint32_t image_type;   /* index into xc_program.image_types */
    uint32_t param_count;
    uint32_t result_count;
    uint32_t local_count;  /* params included */
    uint32_t frame_size;   /* slots used by the frame, params and locals included */
} xc_ir_func;

typedef struct xc_program {
    const wasm_module *module;
    xc_ir_func *funcs;        /* one per defined function */
    uint32_t func_count;
    uint32_t *type_map;       /* Wasm type index -> image type index (identical types merged) */
    uint32_t *image_types;    /* image type index -> a Wasm type index with that signature */
    uint32_t image_type_count;
    bool uses_float;          /* some function uses an XIP_F_FLOAT opcode */
    uint32_t register_limit;  /* registers allocate may use directly; 0 = XIP_MAX_REGISTERS */
} xc_program;

/* Frees everything the program owns (not the module). */
void xc_program_free(xc_program *program);

#endif /* XC_IR_H */
