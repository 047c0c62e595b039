/*
 * lower_ops.c: lowering of the non-control Wasm instructions: locals,
 * globals, constants, memory, and the operators, straight from their rows in
 * wasm_ops.def (register form, immediate form, fused branch forms).
 */
#include "lower.h"
#include "constexpr.h"
#include "wasm_ops.h"

#include <assert.h>

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
    if (next->opcode != WASM_OP_BR_IF && next->opcode != WASM_OP_IF)
        return NULL;
    s->pc++;
    return next;
}

/* Finishes a fused compare: branches or opens an if on cond. */
static bool fused(lw_state *s, const wasm_insn *next, const lw_cond *cond)
{
    s->offset = next->offset;
    if (next->opcode == WASM_OP_IF)
        return lw_if(s, next, cond);
    return lw_branch(s, next->imm.index, cond);
}

/*
 * A binary operator: a constant first operand moves second when the row
 * commutes or has a mirror; a constant second operand that fits becomes the
 * immediate of XOP_I; a following br_if or if fuses into JOP / JOP_I.
 */
static bool lower_binary(lw_state *s, const wasm_op_info *op)
{
    lw_value b = lw_pop(s);
    lw_value a = lw_pop(s);
    uint32_t da = s->height, db = s->height + 1;
    bool mirrored = op->mirror != WASM_OP__;
    if (a.kind == LW_CONST && b.kind != LW_CONST && (mirrored || (op->flags & WF_COMMUTE))) {
        lw_value t = a;
        a = b;
        b = t;
        da = db;
        db = s->height;
        if (mirrored)
            op = wasm_op(op->mirror);
    }
    wasm_valtype arg = op->params[0];
    uint8_t imm_op = WASM_NO_XOP; /* XOP_I or XOP_U when the constant fits its immediate */
    int64_t k = 0;
    if (b.kind == LW_CONST && op->xop_i != WASM_NO_XOP) {
        k = const_value(&b, arg);
        if (op->flags & WF_SUBI)
            k = arg == WASM_I32 ? (int64_t)(int32_t)(0u - (uint32_t)k) : (int64_t)(0u - (uint64_t)k);
        if (op->flags & WF_SHIFT)
            k &= arg == WASM_I32 ? 31 : 63;
        if (lw_fits_i16(k))
            imm_op = op->xop_i;
        else if (op->xop_u != WASM_NO_XOP && k >= 0 && k <= 0xffff)
            imm_op = op->xop_u;
    }
    bool imm = imm_op != WASM_NO_XOP;
    uint32_t ra = lw_reg(s, &a, da);
    uint32_t rb = imm ? 0 : lw_reg(s, &b, db);
    if (op->jop != WASM_NO_XOP && (!imm || (imm_op == op->xop_i && op->jop_i != WASM_NO_XOP))) {
        const wasm_insn *next = next_branch(s);
        if (next) {
            lw_cond cond = {imm ? op->jop_i : op->jop, ra, rb, (int32_t)k};
            return fused(s, next, &cond);
        }
    }
    uint32_t d = lw_result(s, op->result);
    if (imm)
        lw_emit(s, imm_op, d, ra, k, 0);
    else
        lw_emit(s, op->xop, d, ra, rb, 0);
    return true;
}

/* A unary operator or conversion; a following br_if or if fuses into JOP (eqz). */
static bool lower_unary(lw_state *s, const wasm_op_info *op)
{
    lw_value a = lw_pop(s);
    uint32_t h = s->height;
    if (op->xop == XIP_OP_I32_WRAP && a.kind == LW_CONST) {
        a.bits &= 0xffffffffu;
        a.type = WASM_I32;
        lw_push(s, a);
        return true;
    }
    uint32_t ra = lw_reg(s, &a, h);
    if (op->jop != WASM_NO_XOP) {
        const wasm_insn *next = next_branch(s);
        if (next) {
            lw_cond cond = {op->jop, ra, 0, 0};
            return fused(s, next, &cond);
        }
    }
    uint32_t d = lw_result(s, op->result);
    lw_emit(s, op->xop, d, ra, 0, 0);
    return true;
}

/* A WK_OP row: the register form of its arity (memory.size has none). */
static bool lower_operator(lw_state *s, const wasm_op_info *op)
{
    switch (wasm_op_arity(op)) {
    case 0:
        lw_emit(s, op->xop, lw_result(s, op->result), 0, 0, 0);
        return true;
    case 1:
        return lower_unary(s, op);
    default:
        assert(wasm_op_arity(op) == 2);
        return lower_binary(s, op);
    }
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

static bool lower_load(lw_state *s, const wasm_insn *insn, const wasm_op_info *op)
{
    lw_value addr = lw_pop(s);
    uint32_t h = s->height;
    uint32_t ra = lw_reg(s, &addr, h);
    uint32_t o;
    if (!mem_offset(s, insn, &ra, h, &o))
        return false;
    uint32_t d = lw_result(s, op->result);
    lw_emit(s, op->xop, d, ra, o, 0);
    return true;
}

static bool lower_store(lw_state *s, const wasm_insn *insn, const wasm_op_info *op)
{
    lw_value value = lw_pop(s);
    lw_value addr = lw_pop(s);
    uint32_t h = s->height;
    uint32_t rv = lw_reg(s, &value, h + 1);
    uint32_t ra = lw_reg(s, &addr, h);
    uint32_t o;
    if (!mem_offset(s, insn, &ra, h, &o))
        return false;
    lw_emit(s, op->xop, rv, ra, o, 0);
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

static bool lower_select(lw_state *s, const wasm_op_info *op)
{
    lw_value c = lw_pop(s);
    lw_value b = lw_pop(s);
    lw_value a = lw_pop(s);
    uint32_t h = s->height;
    uint32_t ra = lw_reg(s, &a, h);
    uint32_t rb = lw_reg(s, &b, h + 1);
    uint32_t rc = lw_reg(s, &c, h + 2);
    uint32_t d = lw_result(s, a.type);
    lw_emit(s, op->xop, d, ra, rb, rc);
    return true;
}

/* Pushes a constant. */
static void push_const(lw_state *s, wasm_valtype type, uint64_t bits)
{
    lw_value v = {LW_CONST, type, 0, bits};
    lw_push(s, v);
}

/* A constant's bits from its immediate, i32 and f32 zero-extended. */
static uint64_t const_bits(const wasm_insn *insn, const wasm_op_info *op)
{
    switch (op->imm) {
    case WASM_IMM_I32: return (uint32_t)insn->imm.i32;
    case WASM_IMM_I64: return (uint64_t)insn->imm.i64;
    case WASM_IMM_F32: return insn->imm.f32_bits;
    default: assert(op->imm == WASM_IMM_F64); return insn->imm.f64_bits;
    }
}

/* drop, select. */
static bool lower_parametric(lw_state *s, const wasm_insn *insn, const wasm_op_info *op)
{
    if (insn->opcode == WASM_OP_DROP) {
        lw_pop(s);
        return true;
    }
    return lower_select(s, op);
}

/* local.get/set/tee, global.get/set. */
static bool lower_variable(lw_state *s, const wasm_insn *insn, const wasm_op_info *op)
{
    switch (insn->opcode) {
    case WASM_OP_LOCAL_GET: {
        lw_value v = {LW_LOCAL, s->local_types[insn->imm.index], insn->imm.index, 0};
        lw_push(s, v);
        return true;
    }
    case WASM_OP_LOCAL_SET:
    case WASM_OP_LOCAL_TEE:
        lower_local_set(s, insn->imm.index, insn->opcode == WASM_OP_LOCAL_TEE);
        return true;
    case WASM_OP_GLOBAL_GET: {
        uint32_t d = lw_result(s, xc_global_type(s->module, insn->imm.index).type);
        lw_emit(s, op->xop, d, insn->imm.index, 0, 0);
        return true;
    }
    default: {
        assert(insn->opcode == WASM_OP_GLOBAL_SET);
        lw_value v = lw_pop(s);
        uint32_t r = lw_reg(s, &v, s->height);
        lw_emit(s, op->xop, r, insn->imm.index, 0, 0);
        return true;
    }
    }
}

bool lw_op(lw_state *s, const wasm_insn *insn)
{
    const wasm_op_info *op = wasm_op(insn->opcode);
    switch (op->kind) {
    case WK_OP:
        return lower_operator(s, op);
    case WK_CONST:
        push_const(s, op->result, const_bits(insn, op));
        return true;
    case WK_FREE: {
        lw_value v = lw_pop(s);
        v.type = op->result;
        lw_push(s, v);
        return true;
    }
    case WK_LOAD:
        return lower_load(s, insn, op);
    case WK_STORE:
        return lower_store(s, insn, op);
    case WK_PARAMETRIC:
        return lower_parametric(s, insn, op);
    case WK_VARIABLE:
        return lower_variable(s, insn, op);
    default:
        assert(op->kind == WK_BULK || op->kind == WK_REF || op->kind == WK_TABLE);
        return lw_bulk(s, insn, op);
    }
}
