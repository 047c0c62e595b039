/*
 * lower_bulk.c: lowering of bulk memory (memory.copy/fill/init, data.drop),
 * tables (table.get/set/size/grow/fill/init/copy, elem.drop) and references
 * (ref.null, ref.is_null, ref.func). Operands go in Wasm order; table.init
 * and table.copy take their three operands in consecutive operand stack
 * slots (the REG3 field), where they already belong.
 */
#include "lower.h"

#include <assert.h>

/* The element type of table t (imports first). */
static wasm_valtype table_elem_type(const wasm_module *m, uint32_t t)
{
    if (t >= m->import_table_count)
        return m->tables[t - m->import_table_count].elem_type;
    for (uint32_t i = 0; i < m->import_count; i++)
        if (m->imports[i].kind == WASM_EXTERN_TABLE && t-- == 0)
            return m->imports[i].desc.table.elem_type;
    assert(!"table index out of range after validation");
    return WASM_FUNCREF;
}

/* Checks that an index fits its operand field (u8 table or u16 segment). */
static bool fits(lw_state *s, const char *what, uint32_t index, uint32_t limit)
{
    if (index <= limit)
        return true;
    return xc_error_set(s->error, s->offset, s->func_index, "%s index %u exceeds the limit of %u",
                        what, (unsigned)index, (unsigned)limit);
}

/* Pops n operands and returns their registers in Wasm order (constants go to their slots). */
static void pop_regs(lw_state *s, uint32_t n, uint32_t *reg)
{
    lw_value v[3];
    assert(n <= 3);
    for (uint32_t i = n; i-- > 0;)
        v[i] = lw_pop(s);
    for (uint32_t i = 0; i < n; i++)
        reg[i] = lw_reg(s, &v[i], s->height + i);
}

/* Puts the top three operands into their own consecutive slots, pops them; returns the first. */
static uint32_t pop_reg3(lw_state *s)
{
    uint32_t base = s->height - 3;
    for (uint32_t d = base; d < s->height; d++)
        lw_materialize(s, d);
    s->height = base;
    return lw_depth_slot(s, base);
}

/* Refuses a memory index other than 0. */
static bool memory_zero(lw_state *s, uint32_t memory)
{
    if (memory == 0)
        return true;
    return xc_error_set(s->error, s->offset, s->func_index,
                        "unsupported instruction: memory index %u (multiple memories not yet implemented)",
                        (unsigned)memory);
}

/* memory.copy, memory.fill, memory.init: [d, a, b] -> []. */
static bool lower_memory_bulk(lw_state *s, const wasm_insn *insn, const wasm_op_info *op)
{
    uint32_t r[3];
    if (insn->opcode == WASM_OP_MEMORY_INIT) {
        if (!memory_zero(s, insn->imm.pair.b) || !fits(s, "data segment", insn->imm.pair.a, 0xffff))
            return false;
        pop_regs(s, 3, r);
        lw_emit(s, op->xop, insn->imm.pair.a, r[0], r[1], r[2]);
        return true;
    }
    if (!memory_zero(s, insn->imm.pair.a) || !memory_zero(s, insn->imm.pair.b))
        return false;
    pop_regs(s, 3, r);
    lw_emit(s, op->xop, r[0], r[1], r[2], 0);
    return true;
}

/* table.get, table.set, table.size, table.grow, table.fill on table t. */
static bool lower_table_access(lw_state *s, const wasm_insn *insn, const wasm_op_info *op)
{
    uint32_t t = insn->imm.index, r[3];
    if (!fits(s, "table", t, 255))
        return false;
    switch (insn->opcode) {
    case WASM_OP_TABLE_GET:
        pop_regs(s, 1, r);
        lw_emit(s, op->xop, t, lw_result(s, table_elem_type(s->module, t)), r[0], 0);
        return true;
    case WASM_OP_TABLE_SET:
        pop_regs(s, 2, r);
        lw_emit(s, op->xop, t, r[0], r[1], 0);
        return true;
    case WASM_OP_TABLE_SIZE:
        lw_emit(s, op->xop, t, lw_result(s, WASM_I32), 0, 0);
        return true;
    case WASM_OP_TABLE_GROW:
        pop_regs(s, 2, r);
        lw_emit(s, op->xop, t, lw_result(s, WASM_I32), r[0], r[1]);
        return true;
    default:
        assert(insn->opcode == WASM_OP_TABLE_FILL);
        pop_regs(s, 3, r);
        lw_emit(s, op->xop, t, r[0], r[1], r[2]);
        return true;
    }
}

/* ref.is_null: folds a constant operand. */
static void lower_ref_is_null(lw_state *s, const wasm_op_info *op)
{
    lw_value v = lw_pop(s);
    if (v.kind == LW_CONST) {
        lw_value k = {LW_CONST, WASM_I32, 0, (uint32_t)v.bits == XIP_NULL_REF};
        lw_push(s, k);
        return;
    }
    uint32_t a = lw_reg(s, &v, s->height);
    lw_emit(s, op->xop, lw_result(s, WASM_I32), a, 0, 0);
}

bool lw_bulk(lw_state *s, const wasm_insn *insn, const wasm_op_info *op)
{
    switch (insn->opcode) {
    case WASM_OP_REF_NULL: {
        lw_value v = {LW_CONST, insn->imm.ref_type, 0, XIP_NULL_REF};
        lw_push(s, v);
        return true;
    }
    case WASM_OP_REF_IS_NULL:
        lower_ref_is_null(s, op);
        return true;
    case WASM_OP_REF_FUNC:
        lw_emit(s, op->xop, lw_result(s, WASM_FUNCREF), insn->imm.index, 0, 0);
        return true;
    case WASM_OP_MEMORY_INIT:
    case WASM_OP_MEMORY_COPY:
    case WASM_OP_MEMORY_FILL:
        return lower_memory_bulk(s, insn, op);
    case WASM_OP_DATA_DROP:
    case WASM_OP_ELEM_DROP:
        if (!fits(s, op->imm == WASM_IMM_DATA ? "data segment" : "element segment", insn->imm.index, 0xffff))
            return false;
        lw_emit(s, op->xop, insn->imm.index, 0, 0, 0);
        return true;
    case WASM_OP_TABLE_INIT:
        if (!fits(s, "element segment", insn->imm.pair.a, 0xffff) || !fits(s, "table", insn->imm.pair.b, 255))
            return false;
        lw_emit(s, op->xop, insn->imm.pair.a, insn->imm.pair.b, pop_reg3(s), 0);
        return true;
    case WASM_OP_TABLE_COPY:
        if (!fits(s, "table", insn->imm.pair.a, 255) || !fits(s, "table", insn->imm.pair.b, 255))
            return false;
        lw_emit(s, op->xop, insn->imm.pair.a, insn->imm.pair.b, pop_reg3(s), 0);
        return true;
    default:
        return lower_table_access(s, insn, op);
    }
}
