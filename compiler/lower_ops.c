/*
 * lower_ops.c: lowering of the non-control Wasm instructions: locals,
 * globals, constants, memory, and the numeric operations, driven by one
 * table from Wasm opcode to xipwasm opcodes (register form, immediate form,
 * fused branch forms).
 */
#include "lower.h"
#include "constexpr.h"

#include <assert.h>
#include <stdio.h>

enum row_kind { K_NONE = 0, K_BIN, K_UN, K_EQZ, K_FREE, K_LOAD, K_STORE };

/* Row flags. */
#define R_COMMUTE 0x01u /* operands may be swapped */
#define R_SUBI 0x02u    /* immediate form takes the negated constant (sub -> add_i) */
#define R_SHIFT 0x04u   /* constant is a shift count (masked to the width) */
#define NO_OP 0xffu

typedef struct op_row {
    uint8_t kind;   /* enum row_kind */
    uint8_t type;   /* result type (loads: result; stores: value) */
    uint8_t arg;    /* operand type */
    uint8_t op;     /* register form */
    uint8_t op_i;   /* 16-bit immediate form, or NO_OP */
    uint8_t jop;    /* fused compare-and-branch form, or NO_OP */
    uint8_t jop_i;  /* fused form with an immediate, or NO_OP */
    uint8_t mirror; /* Wasm opcode with swapped operands, 0 if none */
    uint8_t flags;
} op_row;

#define BIN(t, a, o, oi, f) {K_BIN, t, a, XIP_OP_##o, oi, NO_OP, NO_OP, 0, f}
#define CMP32(o, m) {K_BIN, WASM_I32, WASM_I32, XIP_OP_I32_##o, XIP_OP_I32_##o##_I, XIP_OP_J##o, XIP_OP_J##o##_I, m, 0}
#define CMP64(o, j, m) {K_BIN, WASM_I32, WASM_I64, XIP_OP_I64_##o, NO_OP, XIP_OP_##j, NO_OP, m, 0}
#define UN(t, a, o) {K_UN, t, a, XIP_OP_##o, NO_OP, NO_OP, NO_OP, 0, 0}
#define LOAD(t, o) {K_LOAD, t, WASM_I32, XIP_OP_##o, NO_OP, NO_OP, NO_OP, 0, 0}
#define STORE(t, o) {K_STORE, t, WASM_I32, XIP_OP_##o, NO_OP, NO_OP, NO_OP, 0, 0}
#define FREE(t) {K_FREE, t, 0, NO_OP, NO_OP, NO_OP, NO_OP, 0, 0}
#define I32 WASM_I32
#define I64 WASM_I64
#define F32 WASM_F32
#define F64 WASM_F64

static const op_row rows[0xc5] = {
    [0x28] = LOAD(I32, LOAD32), [0x29] = LOAD(I64, LOAD64), [0x2a] = LOAD(F32, LOAD32),
    [0x2b] = LOAD(F64, LOAD64), [0x2c] = LOAD(I32, LOAD8_S32), [0x2d] = LOAD(I32, LOAD8_U),
    [0x2e] = LOAD(I32, LOAD16_S32), [0x2f] = LOAD(I32, LOAD16_U), [0x30] = LOAD(I64, LOAD8_S64),
    [0x31] = LOAD(I64, LOAD8_U), [0x32] = LOAD(I64, LOAD16_S64), [0x33] = LOAD(I64, LOAD16_U),
    [0x34] = LOAD(I64, LOAD32_S64), [0x35] = LOAD(I64, LOAD32),
    [0x36] = STORE(I32, STORE32), [0x37] = STORE(I64, STORE64), [0x38] = STORE(F32, STORE32),
    [0x39] = STORE(F64, STORE64), [0x3a] = STORE(I32, STORE8), [0x3b] = STORE(I32, STORE16),
    [0x3c] = STORE(I64, STORE8), [0x3d] = STORE(I64, STORE16), [0x3e] = STORE(I64, STORE32),

    [0x45] = {K_EQZ, I32, I32, XIP_OP_I32_EQZ, NO_OP, XIP_OP_JZ, NO_OP, 0, 0},
    [0x46] = CMP32(EQ, 0x46), [0x47] = CMP32(NE, 0x47), [0x48] = CMP32(LT_S, 0x4a),
    [0x49] = CMP32(LT_U, 0x4b), [0x4a] = CMP32(GT_S, 0x48), [0x4b] = CMP32(GT_U, 0x49),
    [0x4c] = CMP32(LE_S, 0x4e), [0x4d] = CMP32(LE_U, 0x4f), [0x4e] = CMP32(GE_S, 0x4c),
    [0x4f] = CMP32(GE_U, 0x4d),
    [0x50] = {K_EQZ, I32, I64, XIP_OP_I64_EQZ, NO_OP, XIP_OP_JZ64, NO_OP, 0, 0},
    [0x51] = CMP64(EQ, JEQ64, 0x51), [0x52] = CMP64(NE, JNE64, 0x52),
    [0x53] = CMP64(LT_S, JLT_S64, 0x55), [0x54] = CMP64(LT_U, JLT_U64, 0x56),
    [0x55] = CMP64(GT_S, JGT_S64, 0x53), [0x56] = CMP64(GT_U, JGT_U64, 0x54),
    [0x57] = CMP64(LE_S, JLE_S64, 0x59), [0x58] = CMP64(LE_U, JLE_U64, 0x5a),
    [0x59] = CMP64(GE_S, JGE_S64, 0x57), [0x5a] = CMP64(GE_U, JGE_U64, 0x58),
    [0x5b] = BIN(I32, F32, F32_EQ, NO_OP, 0), [0x5c] = BIN(I32, F32, F32_NE, NO_OP, 0),
    [0x5d] = BIN(I32, F32, F32_LT, NO_OP, 0), [0x5e] = BIN(I32, F32, F32_GT, NO_OP, 0),
    [0x5f] = BIN(I32, F32, F32_LE, NO_OP, 0), [0x60] = BIN(I32, F32, F32_GE, NO_OP, 0),
    [0x61] = BIN(I32, F64, F64_EQ, NO_OP, 0), [0x62] = BIN(I32, F64, F64_NE, NO_OP, 0),
    [0x63] = BIN(I32, F64, F64_LT, NO_OP, 0), [0x64] = BIN(I32, F64, F64_GT, NO_OP, 0),
    [0x65] = BIN(I32, F64, F64_LE, NO_OP, 0), [0x66] = BIN(I32, F64, F64_GE, NO_OP, 0),

    [0x67] = UN(I32, I32, I32_CLZ), [0x68] = UN(I32, I32, I32_CTZ), [0x69] = UN(I32, I32, I32_POPCNT),
    [0x6a] = BIN(I32, I32, I32_ADD, XIP_OP_I32_ADD_I, R_COMMUTE),
    [0x6b] = BIN(I32, I32, I32_SUB, XIP_OP_I32_ADD_I, R_SUBI),
    [0x6c] = BIN(I32, I32, I32_MUL, XIP_OP_I32_MUL_I, R_COMMUTE),
    [0x6d] = BIN(I32, I32, I32_DIV_S, NO_OP, 0), [0x6e] = BIN(I32, I32, I32_DIV_U, NO_OP, 0),
    [0x6f] = BIN(I32, I32, I32_REM_S, NO_OP, 0), [0x70] = BIN(I32, I32, I32_REM_U, NO_OP, 0),
    [0x71] = BIN(I32, I32, I32_AND, XIP_OP_I32_AND_I, R_COMMUTE),
    [0x72] = BIN(I32, I32, I32_OR, XIP_OP_I32_OR_I, R_COMMUTE),
    [0x73] = BIN(I32, I32, I32_XOR, XIP_OP_I32_XOR_I, R_COMMUTE),
    [0x74] = BIN(I32, I32, I32_SHL, XIP_OP_I32_SHL_I, R_SHIFT),
    [0x75] = BIN(I32, I32, I32_SHR_S, XIP_OP_I32_SHR_S_I, R_SHIFT),
    [0x76] = BIN(I32, I32, I32_SHR_U, XIP_OP_I32_SHR_U_I, R_SHIFT),
    [0x77] = BIN(I32, I32, I32_ROTL, NO_OP, 0), [0x78] = BIN(I32, I32, I32_ROTR, NO_OP, 0),

    [0x79] = UN(I64, I64, I64_CLZ), [0x7a] = UN(I64, I64, I64_CTZ), [0x7b] = UN(I64, I64, I64_POPCNT),
    [0x7c] = BIN(I64, I64, I64_ADD, XIP_OP_I64_ADD_I, R_COMMUTE),
    [0x7d] = BIN(I64, I64, I64_SUB, XIP_OP_I64_ADD_I, R_SUBI),
    [0x7e] = BIN(I64, I64, I64_MUL, NO_OP, R_COMMUTE),
    [0x7f] = BIN(I64, I64, I64_DIV_S, NO_OP, 0), [0x80] = BIN(I64, I64, I64_DIV_U, NO_OP, 0),
    [0x81] = BIN(I64, I64, I64_REM_S, NO_OP, 0), [0x82] = BIN(I64, I64, I64_REM_U, NO_OP, 0),
    [0x83] = BIN(I64, I64, I64_AND, XIP_OP_I64_AND_I, R_COMMUTE),
    [0x84] = BIN(I64, I64, I64_OR, NO_OP, R_COMMUTE),
    [0x85] = BIN(I64, I64, I64_XOR, NO_OP, R_COMMUTE),
    [0x86] = BIN(I64, I64, I64_SHL, XIP_OP_I64_SHL_I, R_SHIFT),
    [0x87] = BIN(I64, I64, I64_SHR_S, XIP_OP_I64_SHR_S_I, R_SHIFT),
    [0x88] = BIN(I64, I64, I64_SHR_U, XIP_OP_I64_SHR_U_I, R_SHIFT),
    [0x89] = BIN(I64, I64, I64_ROTL, NO_OP, 0), [0x8a] = BIN(I64, I64, I64_ROTR, NO_OP, 0),

    [0x8b] = UN(F32, F32, F32_ABS), [0x8c] = UN(F32, F32, F32_NEG), [0x8d] = UN(F32, F32, F32_CEIL),
    [0x8e] = UN(F32, F32, F32_FLOOR), [0x8f] = UN(F32, F32, F32_TRUNC),
    [0x90] = UN(F32, F32, F32_NEAREST), [0x91] = UN(F32, F32, F32_SQRT),
    [0x92] = BIN(F32, F32, F32_ADD, NO_OP, 0), [0x93] = BIN(F32, F32, F32_SUB, NO_OP, 0),
    [0x94] = BIN(F32, F32, F32_MUL, NO_OP, 0), [0x95] = BIN(F32, F32, F32_DIV, NO_OP, 0),
    [0x96] = BIN(F32, F32, F32_MIN, NO_OP, 0), [0x97] = BIN(F32, F32, F32_MAX, NO_OP, 0),
    [0x98] = BIN(F32, F32, F32_COPYSIGN, NO_OP, 0),
    [0x99] = UN(F64, F64, F64_ABS), [0x9a] = UN(F64, F64, F64_NEG), [0x9b] = UN(F64, F64, F64_CEIL),
    [0x9c] = UN(F64, F64, F64_FLOOR), [0x9d] = UN(F64, F64, F64_TRUNC),
    [0x9e] = UN(F64, F64, F64_NEAREST), [0x9f] = UN(F64, F64, F64_SQRT),
    [0xa0] = BIN(F64, F64, F64_ADD, NO_OP, 0), [0xa1] = BIN(F64, F64, F64_SUB, NO_OP, 0),
    [0xa2] = BIN(F64, F64, F64_MUL, NO_OP, 0), [0xa3] = BIN(F64, F64, F64_DIV, NO_OP, 0),
    [0xa4] = BIN(F64, F64, F64_MIN, NO_OP, 0), [0xa5] = BIN(F64, F64, F64_MAX, NO_OP, 0),
    [0xa6] = BIN(F64, F64, F64_COPYSIGN, NO_OP, 0),

    [0xa7] = UN(I32, I64, I32_WRAP),
    [0xa8] = UN(I32, F32, I32_TRUNC_F32_S), [0xa9] = UN(I32, F32, I32_TRUNC_F32_U),
    [0xaa] = UN(I32, F64, I32_TRUNC_F64_S), [0xab] = UN(I32, F64, I32_TRUNC_F64_U),
    [0xac] = UN(I64, I32, I64_EXTEND32_S), [0xad] = FREE(I64),
    [0xae] = UN(I64, F32, I64_TRUNC_F32_S), [0xaf] = UN(I64, F32, I64_TRUNC_F32_U),
    [0xb0] = UN(I64, F64, I64_TRUNC_F64_S), [0xb1] = UN(I64, F64, I64_TRUNC_F64_U),
    [0xb2] = UN(F32, I32, F32_CONVERT_I32_S), [0xb3] = UN(F32, I32, F32_CONVERT_I32_U),
    [0xb4] = UN(F32, I64, F32_CONVERT_I64_S), [0xb5] = UN(F32, I64, F32_CONVERT_I64_U),
    [0xb6] = UN(F32, F64, F32_DEMOTE_F64),
    [0xb7] = UN(F64, I32, F64_CONVERT_I32_S), [0xb8] = UN(F64, I32, F64_CONVERT_I32_U),
    [0xb9] = UN(F64, I64, F64_CONVERT_I64_S), [0xba] = UN(F64, I64, F64_CONVERT_I64_U),
    [0xbb] = UN(F64, F32, F64_PROMOTE_F32),
    [0xbc] = FREE(I32), [0xbd] = FREE(I64), [0xbe] = FREE(F32), [0xbf] = FREE(F64),
    [0xc0] = UN(I32, I32, I32_EXTEND8_S), [0xc1] = UN(I32, I32, I32_EXTEND16_S),
    [0xc2] = UN(I64, I64, I64_EXTEND8_S), [0xc3] = UN(I64, I64, I64_EXTEND16_S),
    [0xc4] = UN(I64, I64, I64_EXTEND32_S),
};

/* The saturating truncations 0xfc00..0xfc07. */
static const op_row sat_rows[8] = {
    UN(I32, F32, I32_TRUNC_SAT_F32_S), UN(I32, F32, I32_TRUNC_SAT_F32_U),
    UN(I32, F64, I32_TRUNC_SAT_F64_S), UN(I32, F64, I32_TRUNC_SAT_F64_U),
    UN(I64, F32, I64_TRUNC_SAT_F32_S), UN(I64, F32, I64_TRUNC_SAT_F32_U),
    UN(I64, F64, I64_TRUNC_SAT_F64_S), UN(I64, F64, I64_TRUNC_SAT_F64_U),
};

const char *lw_wasm_name(uint16_t opcode)
{
    static const struct { uint16_t opcode; const char *name; } names[] = {
        {0x25, "table.get"}, {0x26, "table.set"}, {0xd0, "ref.null"}, {0xd1, "ref.is_null"},
        {0xd2, "ref.func"}, {0xfc08, "memory.init"}, {0xfc09, "data.drop"},
        {0xfc0a, "memory.copy"}, {0xfc0b, "memory.fill"}, {0xfc0c, "table.init"},
        {0xfc0d, "elem.drop"}, {0xfc0e, "table.copy"}, {0xfc0f, "table.grow"},
        {0xfc10, "table.size"}, {0xfc11, "table.fill"},
    };
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].opcode == opcode)
            return names[i].name;
    return "(unknown opcode)";
}

/* The constant of v as a signed value of its operand width. */
static int64_t const_value(const lw_value *v, wasm_valtype arg)
{
    return arg == WASM_I32 ? (int64_t)(int32_t)(uint32_t)v->bits : (int64_t)v->bits;
}

/* If the next instruction is br_if or if, consumes it and returns it. */
static const wasm_insn *next_branch(lw_state *s)
{
    if (s->pc + 1 >= s->func->insn_count)
        return NULL;
    const wasm_insn *next = &s->func->insns[s->pc + 1];
    if (next->opcode != 0x0d && next->opcode != 0x04)
        return NULL;
    s->pc++;
    return next;
}

/* Finishes a fused compare: branches or opens an if on cond. */
static bool fused(lw_state *s, const wasm_insn *next, const lw_cond *cond)
{
    s->offset = next->offset;
    if (next->opcode == 0x04)
        return lw_if(s, next, cond);
    return lw_branch(s, next->imm.index, cond);
}

static bool lower_binary(lw_state *s, const op_row *row)
{
    lw_value b = lw_pop(s);
    lw_value a = lw_pop(s);
    uint32_t da = s->height, db = s->height + 1;
    if (a.kind == LW_CONST && b.kind != LW_CONST && (row->mirror || (row->flags & R_COMMUTE))) {
        lw_value t = a;
        a = b;
        b = t;
        da = db;
        db = s->height;
        if (row->mirror)
            row = &rows[row->mirror];
    }
    bool imm = false;
    int64_t k = 0;
    if (b.kind == LW_CONST && row->op_i != NO_OP) {
        k = const_value(&b, row->arg);
        if (row->flags & R_SUBI)
            k = row->arg == WASM_I32 ? (int64_t)(int32_t)(0u - (uint32_t)k) : (int64_t)(0u - (uint64_t)k);
        if (row->flags & R_SHIFT)
            k &= row->arg == WASM_I32 ? 31 : 63;
        imm = lw_fits_i16(k);
    }
    uint32_t ra = lw_reg(s, &a, da);
    uint32_t rb = imm ? 0 : lw_reg(s, &b, db);
    if (row->jop != NO_OP && (!imm || row->jop_i != NO_OP)) {
        const wasm_insn *next = next_branch(s);
        if (next) {
            lw_cond cond = {imm ? row->jop_i : row->jop, ra, rb, (int32_t)k};
            return fused(s, next, &cond);
        }
    }
    uint32_t d = lw_result(s, row->type);
    if (imm)
        lw_emit(s, row->op_i, d, ra, k, 0);
    else
        lw_emit(s, row->op, d, ra, rb, 0);
    return true;
}

static bool lower_unary(lw_state *s, const op_row *row)
{
    lw_value a = lw_pop(s);
    uint32_t h = s->height;
    if (row->op == XIP_OP_I32_WRAP && a.kind == LW_CONST) {
        a.bits &= 0xffffffffu;
        a.type = WASM_I32;
        lw_push(s, a);
        return true;
    }
    uint32_t ra = lw_reg(s, &a, h);
    if (row->kind == K_EQZ) {
        const wasm_insn *next = next_branch(s);
        if (next) {
            lw_cond cond = {row->jop, ra, 0, 0};
            return fused(s, next, &cond);
        }
    }
    uint32_t d = lw_result(s, row->type);
    lw_emit(s, row->op, d, ra, 0, 0);
    return true;
}

/* The u16 offset of a memory access, after ADDR_FAR for larger ones; *reg is the address. */
static bool mem_offset(lw_state *s, const wasm_insn *insn, uint32_t *reg, uint32_t addr_depth,
                       uint32_t *offset)
{
    if (insn->imm.mem.memory_index != 0)
        return xc_error_set(s->error, s->offset, s->func_index,
                            "unsupported instruction: memory index %u (multiple memories not yet implemented)",
                            (unsigned)insn->imm.mem.memory_index);
    uint64_t o = insn->imm.mem.offset;
    if (o > 0xffffffffu)
        return xc_error_set(s->error, s->offset, s->func_index,
                            "memory offset 0x%llx exceeds 32 bits", (unsigned long long)o);
    if (o > 0xffffu) {
        uint32_t slot = lw_depth_slot(s, addr_depth);
        lw_emit(s, XIP_OP_ADDR_FAR, slot, *reg, (int64_t)o, 0);
        *reg = slot;
        o = 0;
    }
    *offset = (uint32_t)o;
    return true;
}

static bool lower_load(lw_state *s, const wasm_insn *insn, const op_row *row)
{
    lw_value addr = lw_pop(s);
    uint32_t h = s->height;
    uint32_t ra = lw_reg(s, &addr, h);
    uint32_t o;
    if (!mem_offset(s, insn, &ra, h, &o))
        return false;
    uint32_t d = lw_result(s, row->type);
    lw_emit(s, row->op, d, ra, o, 0);
    return true;
}

static bool lower_store(lw_state *s, const wasm_insn *insn, const op_row *row)
{
    lw_value value = lw_pop(s);
    lw_value addr = lw_pop(s);
    uint32_t h = s->height;
    uint32_t rv = lw_reg(s, &value, h + 1);
    uint32_t ra = lw_reg(s, &addr, h);
    uint32_t o;
    if (!mem_offset(s, insn, &ra, h, &o))
        return false;
    lw_emit(s, row->op, rv, ra, o, 0);
    return true;
}

/* local.set (tee: keep the value on the stack, now as a reference to the local). */
static void lower_local_set(lw_state *s, uint32_t local, bool tee)
{
    lw_value v = lw_pop(s);
    uint32_t h = s->height;
    if (!(v.kind == LW_LOCAL && v.index == local)) {
        lw_flush_local(s, local, 0);
        lw_move_to(s, &v, h, local);
    }
    if (tee) {
        lw_value ref = {LW_LOCAL, v.type, local, 0};
        lw_push(s, ref);
    }
}

static bool lower_select(lw_state *s)
{
    lw_value c = lw_pop(s);
    lw_value b = lw_pop(s);
    lw_value a = lw_pop(s);
    uint32_t h = s->height;
    uint32_t ra = lw_reg(s, &a, h);
    uint32_t rb = lw_reg(s, &b, h + 1);
    uint32_t rc = lw_reg(s, &c, h + 2);
    uint32_t d = lw_result(s, a.type);
    lw_emit(s, XIP_OP_SELECT, d, ra, rb, rc);
    return true;
}

/* Pushes a constant. */
static void push_const(lw_state *s, wasm_valtype type, uint64_t bits)
{
    lw_value v = {LW_CONST, type, 0, bits};
    lw_push(s, v);
}

static bool unsupported(lw_state *s, const wasm_insn *insn)
{
    return xc_error_set(s->error, s->offset, s->func_index,
                        "unsupported instruction %s (opcode 0x%x, not yet implemented)",
                        lw_wasm_name(insn->opcode), (unsigned)insn->opcode);
}

/* Lowers the instructions that are not in the numeric table. */
static bool lower_misc(lw_state *s, const wasm_insn *insn)
{
    const wasm_module *m = s->module;
    switch (insn->opcode) {
    case 0x01:
        return true;
    case 0x1a:
        lw_pop(s);
        return true;
    case 0x1b:
    case 0x1c:
        return lower_select(s);
    case 0x20: {
        lw_value v = {LW_LOCAL, s->local_types[insn->imm.index], insn->imm.index, 0};
        lw_push(s, v);
        return true;
    }
    case 0x21:
    case 0x22:
        lower_local_set(s, insn->imm.index, insn->opcode == 0x22);
        return true;
    case 0x23: {
        uint32_t d = lw_result(s, xc_global_type(m, insn->imm.index).type);
        lw_emit(s, XIP_OP_GLOBAL_GET, d, insn->imm.index, 0, 0);
        return true;
    }
    case 0x24: {
        lw_value v = lw_pop(s);
        uint32_t r = lw_reg(s, &v, s->height);
        lw_emit(s, XIP_OP_GLOBAL_SET, r, insn->imm.index, 0, 0);
        return true;
    }
    case 0x3f:
    case 0x40: {
        if (insn->imm.index != 0)
            return unsupported(s, insn);
        if (insn->opcode == 0x3f) {
            lw_emit(s, XIP_OP_MEMORY_SIZE, lw_result(s, WASM_I32), 0, 0, 0);
            return true;
        }
        lw_value v = lw_pop(s);
        uint32_t r = lw_reg(s, &v, s->height);
        lw_emit(s, XIP_OP_MEMORY_GROW, lw_result(s, WASM_I32), r, 0, 0);
        return true;
    }
    case 0x41:
        push_const(s, WASM_I32, (uint32_t)insn->imm.i32);
        return true;
    case 0x42:
        push_const(s, WASM_I64, (uint64_t)insn->imm.i64);
        return true;
    case 0x43:
        push_const(s, WASM_F32, insn->imm.f32_bits);
        return true;
    case 0x44:
        push_const(s, WASM_F64, insn->imm.f64_bits);
        return true;
    default:
        return unsupported(s, insn);
    }
}

bool lw_op(lw_state *s, const wasm_insn *insn)
{
    const op_row *row = NULL;
    if (insn->opcode < sizeof rows / sizeof rows[0] && rows[insn->opcode].kind != K_NONE)
        row = &rows[insn->opcode];
    else if (insn->opcode >= 0xfc00 && insn->opcode <= 0xfc07)
        row = &sat_rows[insn->opcode - 0xfc00];
    if (!row)
        return lw_is_bulk(insn->opcode) ? lw_bulk(s, insn) : lower_misc(s, insn);
    switch (row->kind) {
    case K_BIN:
        return lower_binary(s, row);
    case K_UN:
    case K_EQZ:
        return lower_unary(s, row);
    case K_FREE: {
        lw_value v = lw_pop(s);
        v.type = row->type;
        lw_push(s, v);
        return true;
    }
    case K_LOAD:
        return lower_load(s, insn, row);
    default:
        assert(row->kind == K_STORE);
        return lower_store(s, insn, row);
    }
}
