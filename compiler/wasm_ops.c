/*
 * wasm_ops.c: expands wasm_ops.def into the row table and its lookup, and
 * checks at compile time that every row's columns agree with each other
 * and with the shapes of the xipwasm instructions it names.
 */
#include "wasm_ops.h"

#include <assert.h>
#include <stddef.h>

#include "xip_format.h"

/* Type column tokens. */
#define WT__ 0
#define WT_X WASM_TYPE_X
#define WT_I32 WASM_I32
#define WT_I64 WASM_I64
#define WT_F32 WASM_F32
#define WT_F64 WASM_F64

/* XOP column tokens: XC_XOP_NAME = XIP_OP_NAME, and the shape of each (only the
   first three columns of opcodes.def are used). */
enum {
#define OP(name, mnemonic, shape, ...) XC_XOP_##name = XIP_OP_##name,
#include "opcodes.def"
#undef OP
    XC_XOP__ = WASM_NO_XOP
};

#define XC_NO_SHAPE (-1)
enum {
#define OP(name, mnemonic, shape, ...) XC_SHAPE_OF_##name = XIP_SHAPE_##shape,
#include "opcodes.def"
#undef OP
    XC_SHAPE_OF__ = XC_NO_SHAPE
};

typedef char xc_xip_opcodes_leave_room_for_no_xop[(XIP_OP_COUNT <= WASM_NO_XOP) ? 1 : -1];

/* The row index of every opcode. */
enum {
#define WASM_OP(name, code, text, imm, kind, a, b, c, r, xop, xop_i, xop_u, jop, jop_i, mirror, flags) \
    WASM_ROW_##name,
#include "wasm_ops.def"
#undef WASM_OP
    WASM_ROW_COUNT
};

static const wasm_op_info rows[WASM_ROW_COUNT] = {
#define WASM_OP(name, code, text, imm, kind, a, b, c, r, xop, xop_i, xop_u, jop, jop_i, mirror, flags) \
    {text, WASM_OP_##name, WASM_IMM_##imm, WK_##kind, {WT_##a, WT_##b, WT_##c}, WT_##r,      \
     XC_XOP_##xop, XC_XOP_##xop_i, XC_XOP_##xop_u, XC_XOP_##jop, XC_XOP_##jop_i, WASM_OP_##mirror, (uint8_t)(flags)},
#include "wasm_ops.def"
#undef WASM_OP
};

/* ---- compile-time checks, one typedef per row (a negative size fails the build) ---- */

#define ARITY(a, b, c) ((WT_##a != 0) + (WT_##b != 0) + (WT_##c != 0))
#define ANY_X(a, b, c, r) (WT_##a == WT_X || WT_##b == WT_X || WT_##c == WT_X || WT_##r == WT_X)
#define ALL_X(a, b, c, r) (WT_##a == WT_X && WT_##b == WT_X && WT_##c == WT_X && WT_##r == WT_X)
#define PACKED(a, b, c) ((WT_##a != 0 || WT_##b == 0) && (WT_##b != 0 || WT_##c == 0))
#define IS(x, shape) ((int)XC_SHAPE_OF_##x == (int)XIP_SHAPE_##shape)
#define NONE(x) ((int)XC_SHAPE_OF_##x == XC_NO_SHAPE)
#define HANDLED(kind) \
    (WK_##kind == WK_CONTROL || WK_##kind == WK_PARAMETRIC || WK_##kind == WK_VARIABLE || \
     WK_##kind == WK_REF || WK_##kind == WK_TABLE)

/* Types: a handler kind leaves them all to its code (X), every other kind fixes them. */
#define TYPES_OK(kind, a, b, c, r) \
    (HANDLED(kind) ? ALL_X(a, b, c, r) : !ANY_X(a, b, c, r) && PACKED(a, b, c))

/* OP: the register form matches the arity; the other forms are optional and match too. */
#define OP_OK(a, b, c, xop, xop_i, xop_u, jop, jop_i, mirror)                                   \
    (ARITY(a, b, c) == 0 ? IS(xop, R) && NONE(jop) :                                          \
     ARITY(a, b, c) == 1 ? IS(xop, RR) && (NONE(jop) || IS(jop, RJ)) :                         \
     ARITY(a, b, c) == 2 && IS(xop, RRR) && (NONE(jop) || IS(jop, RRJ))) &&                    \
        (NONE(xop_i) || (ARITY(a, b, c) == 2 && IS(xop_i, RRK16))) &&                           \
        (NONE(xop_u) || (IS(xop_u, RRU16) && !NONE(xop_i))) &&                                  \
        (NONE(jop_i) || (IS(jop_i, RKJ) && !NONE(xop_i) && !NONE(jop))) &&                      \
        (WASM_OP_##mirror == WASM_OP__ || ARITY(a, b, c) == 2)

#define ONLY_XOP(xop_i, xop_u, jop, jop_i, mirror) \
    (NONE(xop_i) && NONE(xop_u) && NONE(jop) && NONE(jop_i) && WASM_OP_##mirror == WASM_OP__)

#define ROW_OK(imm, kind, a, b, c, r, xop, xop_i, xop_u, jop, jop_i, mirror)                              \
    (TYPES_OK(kind, a, b, c, r) &&                                                                  \
     (WK_##kind == WK_OP ? OP_OK(a, b, c, xop, xop_i, xop_u, jop, jop_i, mirror)                        \
                         : ONLY_XOP(xop_i, xop_u, jop, jop_i, mirror)) &&                                  \
     (WK_##kind != WK_CONST || (ARITY(a, b, c) == 0 && WT_##r != 0 && NONE(xop))) &&               \
     (WK_##kind != WK_FREE || (ARITY(a, b, c) == 1 && WT_##r != 0 && NONE(xop))) &&                \
     (WK_##kind != WK_LOAD ||                                                                       \
      (WASM_IMM_##imm == WASM_IMM_MEMARG && IS(xop, MEM) && ARITY(a, b, c) == 1 && WT_##r != 0)) && \
     (WK_##kind != WK_STORE ||                                                                      \
      (WASM_IMM_##imm == WASM_IMM_MEMARG && IS(xop, MEM) && ARITY(a, b, c) == 2 && WT_##r == 0)) && \
     (WK_##kind != WK_BULK || !NONE(xop)))

#define WASM_OP(name, code, text, imm, kind, a, b, c, r, xop, xop_i, xop_u, jop, jop_i, mirror, flags) \
    typedef char wasm_row_ok_##name[ROW_OK(imm, kind, a, b, c, r, xop, xop_i, xop_u, jop, jop_i, mirror) ? 1 : -1];
#include "wasm_ops.def"
#undef WASM_OP

/* ---- lookup ---- */

const wasm_op_info *wasm_op_lookup(uint16_t opcode)
{
    /* A switch, so two rows with the same code fail the build. */
    switch (opcode) {
#define WASM_OP(name, code, text, imm, kind, a, b, c, r, xop, xop_i, xop_u, jop, jop_i, mirror, flags) \
    case code:                                                                                  \
        return &rows[WASM_ROW_##name];
#include "wasm_ops.def"
#undef WASM_OP
    default:
        return NULL;
    }
}

const wasm_op_info *wasm_op(uint16_t opcode)
{
    const wasm_op_info *op = wasm_op_lookup(opcode);
    assert(op != NULL && "decoded instructions have known opcodes");
    return op;
}

unsigned wasm_op_arity(const wasm_op_info *op)
{
    assert(op->params[0] != WASM_TYPE_X);
    return (op->params[0] != 0) + (op->params[1] != 0) + (op->params[2] != 0);
}
