/*
 * wasm_ops.h: the Wasm opcode table (wasm_ops.def) as C: the opcode enum,
 * the immediate kinds, the handler kinds and one wasm_op_info per opcode.
 * Opcodes are numbered as in module.h: one byte, or 0xfc00 | sub-opcode
 * for the 0xfc prefix.
 */
#ifndef XC_WASM_OPS_H
#define XC_WASM_OPS_H

#include <stdint.h>

#include "module.h"

#define WASM_OP_PREFIX_FC 0xfc   /* saturating truncation, bulk memory, tables */
#define WASM_OP_PREFIX_SIMD 0xfd /* not supported */

/* WASM_OP_NAME = its code, for every row of wasm_ops.def. */
enum wasm_opcode {
#define WASM_OP(name, code, text, imm, kind, a, b, c, r, xop, xop_i, xop_u, jop, jop_i, mirror, flags) \
    WASM_OP_##name = code,
#include "wasm_ops.def"
#undef WASM_OP
    WASM_OP__ = 0xffff /* "none" in the MIRROR column */
};

/* The immediates after an opcode: how they are encoded, where they go in wasm_insn.imm. */
enum wasm_imm {
    WASM_IMM_NONE = 0,
    WASM_IMM_BLOCK,         /* blocktype -> imm.block */
    WASM_IMM_LABEL,         /* u32 label depth -> imm.index */
    WASM_IMM_FUNC,          /* u32 function index -> imm.index */
    WASM_IMM_LOCAL,         /* u32 local index -> imm.index */
    WASM_IMM_GLOBAL,        /* u32 global index -> imm.index */
    WASM_IMM_TABLE,         /* u32 table index -> imm.index */
    WASM_IMM_DATA,          /* u32 data segment index -> imm.index */
    WASM_IMM_ELEM,          /* u32 element segment index -> imm.index */
    WASM_IMM_BR_TABLE,      /* vec(u32) u32 -> imm.br_table + wasm_func.br_targets */
    WASM_IMM_CALL_INDIRECT, /* typeidx tableidx -> imm.call_indirect */
    WASM_IMM_MEMARG,        /* align offset -> imm.mem */
    WASM_IMM_ZERO,          /* one 0x00 byte (memory index 0) -> imm.index = 0 */
    WASM_IMM_ZERO2,         /* two 0x00 bytes (two memory indices) -> imm.pair = {0, 0} */
    WASM_IMM_DATA_ZERO,     /* data index then 0x00 (memory) -> imm.pair = {data, 0} */
    WASM_IMM_ELEM_TABLE,    /* elem index, table index -> imm.pair */
    WASM_IMM_TABLE_TABLE,   /* destination table, source table -> imm.pair */
    WASM_IMM_I32,           /* s32 -> imm.i32 */
    WASM_IMM_I64,           /* s64 -> imm.i64 */
    WASM_IMM_F32,           /* 4 bytes -> imm.f32_bits */
    WASM_IMM_F64,           /* 8 bytes -> imm.f64_bits */
    WASM_IMM_REF_TYPE,      /* reftype -> imm.ref_type */
    WASM_IMM_SELECT_T       /* vec(valtype) -> imm.select */
};

/* Who validates and lowers a row (see wasm_ops.def). */
enum wasm_op_kind {
    WK_OP = 1,     /* fixed types; lowers to XOP (and its other forms) */
    WK_CONST,      /* pushes its immediate */
    WK_FREE,       /* reinterprets the operand's bits: no instruction */
    WK_LOAD,       /* [address] -> [R] through XOP */
    WK_STORE,      /* [address, value] -> [] through XOP */
    WK_BULK,       /* fixed types; lowered by lw_bulk */
    WK_CONTROL,    /* own code: blocks, branches, calls */
    WK_PARAMETRIC, /* own code: drop, select */
    WK_VARIABLE,   /* own code: locals and globals */
    WK_REF,        /* own code: references */
    WK_TABLE       /* own code: table instructions */
};

/* Row flags. */
#define WF_COMMUTE 0x01u    /* the operands may swap */
#define WF_SUBI 0x02u       /* the immediate form takes the negated constant (sub -> add_i) */
#define WF_SHIFT 0x04u      /* the constant is a shift count (masked to the width) */
#define WF_CONST_EXPR 0x08u /* allowed in constant expressions */
#define WF_ALIGN(n) ((unsigned)(n) << 4) /* memory access: natural alignment 2^n */
#define WF_ALIGN_OF(flags) (((flags) >> 4) & 3u)

/* Type columns: 0 none, WASM_TYPE_X decided by the kind's code. */
#define WASM_TYPE_X 0xff

/* "None" in the XOP columns. */
#define WASM_NO_XOP 0xff

typedef struct wasm_op_info {
    const char *name;        /* text-format name */
    uint16_t opcode;         /* enum wasm_opcode */
    uint8_t imm;             /* enum wasm_imm */
    uint8_t kind;            /* enum wasm_op_kind */
    wasm_valtype params[3];  /* operand types, deepest first; 0 after the last */
    wasm_valtype result;     /* 0: none */
    uint8_t xop, xop_i;      /* register and immediate forms (enum xip_opcode), or WASM_NO_XOP */
    uint8_t xop_u;           /* the zero-extended immediate form, or WASM_NO_XOP */
    uint8_t jop, jop_i;      /* fused compare-and-branch forms, or WASM_NO_XOP */
    uint16_t mirror;         /* the comparison with swapped operands, or WASM_OP__ */
    uint8_t flags;           /* WF_* */
} wasm_op_info;

/* The row of an opcode, or NULL when it does not exist in Wasm 2.0 (without SIMD). */
const wasm_op_info *wasm_op_lookup(uint16_t opcode);

/* The row of an opcode known to exist (decoded instructions); asserts. */
const wasm_op_info *wasm_op(uint16_t opcode);

/* The number of operands of a row with fixed types. */
unsigned wasm_op_arity(const wasm_op_info *op);

#endif /* XC_WASM_OPS_H */
