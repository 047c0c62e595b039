/*
 * decode_ops.h: the Wasm 2.0 instruction set (no SIMD) as the decoder sees
 * it: for each opcode (numbered as in module.h: one byte, or 0xfc00 | sub
 * for the 0xfc prefix) its text-format name and the shape of its
 * immediates. Used by the decode pass and the module dump.
 */
#ifndef XC_DECODE_OPS_H
#define XC_DECODE_OPS_H

#include <stdint.h>

#define WASM_OP_PREFIX_FC 0xfc
#define WASM_OP_FC(sub) ((uint16_t)(0xfc00 | (sub)))
#define WASM_OP_FC_COUNT 18 /* 0xfc subopcodes 0..17 */

/* Named opcodes the decoder treats specially. */
enum {
    WASM_OP_BLOCK = 0x02,
    WASM_OP_LOOP = 0x03,
    WASM_OP_IF = 0x04,
    WASM_OP_ELSE = 0x05,
    WASM_OP_END = 0x0b,
    WASM_OP_MEMORY_INIT = 0xfc08,
    WASM_OP_DATA_DROP = 0xfc09
};

/* How the immediates after an opcode are encoded and where they go in wasm_insn.imm. */
enum wasm_imm_shape {
    WASM_IMM_NONE = 0,
    WASM_IMM_BLOCK,         /* blocktype -> imm.block */
    WASM_IMM_INDEX,         /* u32 -> imm.index */
    WASM_IMM_BR_TABLE,      /* vec(u32) u32 -> imm.br_table + wasm_func.br_targets */
    WASM_IMM_CALL_INDIRECT, /* typeidx tableidx -> imm.call_indirect */
    WASM_IMM_MEMARG,        /* align offset -> imm.mem */
    WASM_IMM_ZERO,          /* one 0x00 byte (memory index 0) -> imm.index = 0 */
    WASM_IMM_ZERO2,         /* two 0x00 bytes -> imm.pair = {0, 0} */
    WASM_IMM_INDEX_ZERO,    /* u32 then 0x00 -> imm.pair = {u32, 0} */
    WASM_IMM_PAIR,          /* u32 u32 -> imm.pair in encoding order */
    WASM_IMM_I32,           /* s32 -> imm.i32 */
    WASM_IMM_I64,           /* s64 -> imm.i64 */
    WASM_IMM_F32,           /* 4 bytes -> imm.f32_bits */
    WASM_IMM_F64,           /* 8 bytes -> imm.f64_bits */
    WASM_IMM_REF_TYPE,      /* reftype -> imm.ref_type */
    WASM_IMM_SELECT_T       /* vec(valtype) -> imm.select */
};

typedef struct wasm_op_info {
    const char *name; /* NULL: not an opcode */
    uint8_t shape;    /* enum wasm_imm_shape */
} wasm_op_info;

/* Info for an opcode, or NULL when the opcode does not exist in Wasm 2.0 (without SIMD). */
const wasm_op_info *wasm_op_lookup(uint16_t opcode);

/* The opcode's text-format name, or "<illegal>". */
const char *wasm_op_name(uint16_t opcode);

#endif /* XC_DECODE_OPS_H */
