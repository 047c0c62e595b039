/*
 * lower_control.c: structured control flow, branches, calls and returns.
 *
 * A block's results (a loop's params) live in the slots of the depths just
 * above the block's entry height, so every path into a label leaves them in
 * the same place. Entries below a block's height never change inside it:
 * block entries materialize every stack entry that refers to a local the
 * block writes, and
 * constants stay constants (re-emitted wherever they are needed).
 */
#include "lower.h"

#include <assert.h>
#include <stdlib.h>

static lw_ctrl *top_ctrl(lw_state *s)
{
    assert(s->ctrl_count > 0);
    return &s->ctrls[s->ctrl_count - 1];
}

/* Marks the rest of the current block dead. */
static void set_unreachable(lw_state *s)
{
    lw_ctrl *c = top_ctrl(s);
    c->unreachable = true;
    s->height = c->height;
}

static lw_ctrl *push_ctrl(lw_state *s, uint8_t kind)
{
    xc_grow((void **)&s->ctrls, &s->ctrl_capacity, s->ctrl_count + 1, sizeof *s->ctrls);
    lw_ctrl *c = &s->ctrls[s->ctrl_count++];
    c->kind = kind;
    c->unreachable = false;
    c->label_used = false;
    c->has_else = false;
    c->height = s->height;
    c->param_count = 0;
    c->result_count = 0;
    c->params = NULL;
    c->results = NULL;
    c->label = xc_ir_new_label(s->out);
    c->else_label = XC_LABEL_UNBOUND;
    c->result_local = LW_NO_LOCAL;
    c->result_tee = false;
    return c;
}

void lw_begin_function(lw_state *s)
{
    lw_ctrl *c = push_ctrl(s, LW_FUNC);
    c->result_count = s->type->result_count;
    c->results = s->type->results;
    /* the executor zeroes locals; a reference local starts null (and the verifier wants it written) */
    for (uint32_t i = s->type->param_count; i < s->local_count; i++)
        if (s->local_types[i] == WASM_FUNCREF || s->local_types[i] == WASM_EXTERNREF)
            lw_emit_const(s, s->local_types[i], XIP_NULL_REF, i);
}

uint8_t lw_invert(uint8_t op)
{
    unsigned inverse = xc_op_inverse(op); /* the INVERSE column of opcodes.def */
    assert(inverse != XIP_OP__ && "not a conditional branch");
    return (uint8_t)inverse;
}

/* Emits the conditional branch `op` on cond's operands to label. */
static void emit_cond(lw_state *s, uint8_t op, const lw_cond *cond, uint32_t label)
{
    switch (xc_op_shape(op)) {
    case XIP_SHAPE_RJ:
        lw_emit(s, op, cond->a, label, 0, 0);
        break;
    case XIP_SHAPE_RRJ:
        lw_emit(s, op, cond->a, cond->b, label, 0);
        break;
    default:
        assert(xc_op_shape(op) == XIP_SHAPE_RKJ);
        lw_emit(s, op, cond->a, cond->k, label, 0);
        break;
    }
}

/* Values carried by a branch to c. */
static uint32_t branch_arity(const lw_ctrl *c)
{
    return c->kind == LW_LOOP ? c->param_count : c->result_count;
}

/* True if the top n values must move to reach the label slots of c. */
static bool needs_moves(const lw_state *s, const lw_ctrl *c, uint32_t n)
{
    assert(s->height >= n);
    if (c->result_local != LW_NO_LOCAL && c->kind != LW_LOOP) {
        const lw_value *top = &s->stack[s->height - 1];
        return !(top->kind == LW_LOCAL && top->index == c->result_local);
    }
    for (uint32_t i = 0; i < n; i++)
        if (s->stack[s->height - n + i].kind != LW_SLOT)
            return true;
    return n > 0 && s->height - n != c->height;
}

/* Copies the top n values into the label slots of c (the stack is unchanged). */
static void emit_moves(lw_state *s, const lw_ctrl *c, uint32_t n)
{
    if (c->result_local != LW_NO_LOCAL && c->kind != LW_LOOP) {
        lw_move_to(s, &s->stack[s->height - 1], s->height - 1, c->result_local);
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t depth = s->height - n + i;
        lw_move_to(s, &s->stack[depth], depth, lw_depth_slot(s, c->height + i));
    }
}

/* Materializes the top n entries in their own slots. */
static void materialize_top(lw_state *s, uint32_t n)
{
    assert(s->height >= n);
    for (uint32_t i = s->height - n; i < s->height; i++)
        lw_materialize(s, i);
}

/* Puts a block's fallthrough results where its label expects them. */
static void place_results(lw_state *s, const lw_ctrl *c)
{
    if (c->result_local != LW_NO_LOCAL)
        emit_moves(s, c, 1);
    else
        materialize_top(s, c->result_count);
}

/* Returns the function's results from the top of the stack. */
static void emit_return(lw_state *s)
{
    uint32_t n = s->type->result_count;
    if (n == 0) {
        lw_emit(s, XIP_OP_RET, 0, 0, 0, 0);
    } else if (n == 1) {
        uint32_t reg = lw_reg(s, &s->stack[s->height - 1], s->height - 1);
        lw_emit(s, XIP_OP_RET, reg, 1, 0, 0);
    } else {
        materialize_top(s, n);
        lw_emit(s, XIP_OP_RET, lw_depth_slot(s, s->height - n), n, 0, 0);
    }
}

bool lw_branch(lw_state *s, uint32_t depth, const lw_cond *cond)
{
    assert(depth < s->ctrl_count);
    lw_ctrl *target = &s->ctrls[s->ctrl_count - 1 - depth];
    uint32_t n = branch_arity(target);
    if (target->kind == LW_FUNC && !cond) {
        emit_return(s);
        return true;
    }
    target->label_used = true;
    if (!needs_moves(s, target, n)) {
        if (cond)
            emit_cond(s, cond->op, cond, target->label);
        else
            lw_emit(s, XIP_OP_JMP, target->label, 0, 0, 0);
        return true;
    }
    uint32_t skip = XC_LABEL_UNBOUND;
    if (cond) {
        skip = xc_ir_new_label(s->out);
        emit_cond(s, lw_invert(cond->op), cond, skip);
    }
    emit_moves(s, target, n);
    lw_emit(s, XIP_OP_JMP, target->label, 0, 0, 0);
    if (cond)
        lw_bind(s, skip);
    return true;
}

/* The params and results of a block type. */
static void block_type(const lw_state *s, const wasm_insn *insn, lw_ctrl *c)
{
    if (insn->imm.block.kind == WASM_BLOCK_VALUE) {
        c->result_count = 1;
        c->results = &insn->imm.block.value_type;
    } else if (insn->imm.block.kind == WASM_BLOCK_INDEX) {
        const wasm_functype *t = &s->module->types[insn->imm.block.type_index];
        c->param_count = t->param_count;
        c->params = t->params;
        c->result_count = t->result_count;
        c->results = t->results;
    }
}

/* True if a br_if or br_table inside the block at `start` may branch to it. */
static bool conditional_target(const lw_state *s, uint32_t start)
{
    uint32_t depth = 0;
    for (uint32_t i = start + 1; i < s->block_end[start]; i++) {
        const wasm_insn *insn = &s->func->insns[i];
        if (insn->opcode == WASM_OP_BLOCK || insn->opcode == WASM_OP_LOOP || insn->opcode == WASM_OP_IF)
            depth++;
        else if (insn->opcode == WASM_OP_END)
            depth--;
        else if ((insn->opcode == WASM_OP_BR_IF && insn->imm.index == depth) || insn->opcode == WASM_OP_BR_TABLE)
            return true;
    }
    return false;
}

/* Opens a block, loop or if: params materialized, no local references left. */
static lw_ctrl *enter_block(lw_state *s, const wasm_insn *insn, uint8_t kind)
{
    lw_ctrl probe = {0};
    block_type(s, insn, &probe);
    lw_flush_block_locals(s, s->pc);
    materialize_top(s, probe.param_count);
    s->height -= probe.param_count;
    lw_ctrl *c = push_ctrl(s, kind);
    s->height += probe.param_count;
    c->param_count = probe.param_count;
    c->params = probe.params;
    c->result_count = probe.result_count;
    c->results = probe.results;
    uint32_t end = s->block_end[s->pc];
    if (kind != LW_LOOP && c->param_count == 0 && c->result_count == 1 && end + 1 < s->func->insn_count) {
        const wasm_insn *next = &s->func->insns[end + 1];
        if ((next->opcode == WASM_OP_LOCAL_SET || next->opcode == WASM_OP_LOCAL_TEE) &&
            !conditional_target(s, s->pc)) {
            c->result_local = next->imm.index;
            c->result_tee = next->opcode == WASM_OP_LOCAL_TEE;
            lw_flush_local(s, c->result_local, 0);
        }
    }
    return c;
}

bool lw_if(lw_state *s, const wasm_insn *insn, const lw_cond *cond)
{
    lw_cond own;
    if (!cond) {
        lw_value v = lw_pop(s);
        own.op = XIP_OP_JNZ;
        own.a = lw_reg(s, &v, s->height);
        own.b = 0;
        own.k = 0;
        cond = &own;
    }
    lw_ctrl *c = enter_block(s, insn, LW_IF);
    c->else_label = xc_ir_new_label(s->out);
    emit_cond(s, lw_invert(cond->op), cond, c->else_label);
    return true;
}

/* Lowers `else`. */
static void lower_else(lw_state *s)
{
    lw_ctrl *c = top_ctrl(s);
    assert(c->kind == LW_IF);
    if (!c->unreachable) {
        place_results(s, c);
        lw_emit(s, XIP_OP_JMP, c->label, 0, 0, 0);
        c->label_used = true;
    }
    lw_bind(s, c->else_label);
    c->has_else = true;
    c->unreachable = false;
    s->height = c->height;
    for (uint32_t i = 0; i < c->param_count; i++)
        lw_push_slot(s, c->params[i]);
}

/* True if the last emitted instruction cannot fall through and no label follows it. */
static bool ends_closed(const lw_state *s)
{
    const xc_ir_func *f = s->out;
    if (f->insn_count == 0 || !(xc_op_flags(f->insns[f->insn_count - 1].op) & XIP_F_NOFALL))
        return false;
    for (uint32_t l = 0; l < f->label_count; l++)
        if (f->label_insn[l] == f->insn_count)
            return false;
    return true;
}

/* Lowers `end`. */
static void lower_end(lw_state *s)
{
    lw_ctrl c = *top_ctrl(s);
    bool open_if = c.kind == LW_IF && !c.has_else;
    bool reachable_after = !c.unreachable || (c.kind != LW_LOOP && c.label_used) || open_if;
    if (c.kind == LW_FUNC && !c.unreachable && !c.label_used) {
        emit_return(s);
        s->ctrl_count--;
        return;
    }
    if (!c.unreachable)
        place_results(s, &c);
    if (open_if)
        lw_bind(s, c.else_label);
    if (c.kind != LW_LOOP)
        lw_bind(s, c.label);
    s->ctrl_count--;
    s->height = c.height;
    if (c.result_local != LW_NO_LOCAL) {
        s->pc++; /* the local.set/tee that takes the result */
        if (c.result_tee) {
            lw_value v = {LW_LOCAL, c.results[0], c.result_local, 0};
            lw_push(s, v);
        }
    } else {
        for (uint32_t i = 0; i < c.result_count; i++)
            lw_push_slot(s, c.results[i]);
    }
    if (c.kind == LW_FUNC) {
        if (reachable_after)
            emit_return(s);
        else if (!ends_closed(s))
            lw_emit(s, XIP_OP_UNREACHABLE, 0, 0, 0, 0);
        return;
    }
    if (!reachable_after)
        set_unreachable(s);
}

/* The type of function `index` (imports first; only function imports exist here). */
static const wasm_functype *func_type(const lw_state *s, uint32_t index)
{
    const wasm_module *m = s->module;
    if (index < m->import_func_count)
        return &m->types[m->imports[index].desc.type_index];
    return &m->types[m->funcs[index - m->import_func_count].type_index];
}

/* Replaces the args of a call at base slot b by its results. */
static void call_results(lw_state *s, const wasm_functype *t)
{
    s->height -= t->param_count;
    for (uint32_t i = 0; i < t->result_count; i++)
        lw_push_slot(s, t->results[i]);
}

static bool lower_call(lw_state *s, const wasm_insn *insn)
{
    const wasm_functype *t = func_type(s, insn->imm.index);
    materialize_top(s, t->param_count);
    uint32_t base = lw_depth_slot(s, s->height - t->param_count);
    lw_emit(s, wasm_op(insn->opcode)->xop, insn->imm.index, base, 0, 0);
    call_results(s, t);
    return true;
}

static bool lower_call_indirect(lw_state *s, const wasm_insn *insn)
{
    const wasm_functype *t = &s->module->types[insn->imm.call_indirect.type_index];
    uint32_t table = insn->imm.call_indirect.table_index;
    if (table > 255)
        return xc_error_set(s->error, s->offset, s->func_index,
                            "call_indirect: table index %u exceeds the limit of 255", (unsigned)table);
    lw_value index = lw_pop(s);
    uint32_t reg = lw_reg(s, &index, s->height);
    materialize_top(s, t->param_count);
    uint32_t base = lw_depth_slot(s, s->height - t->param_count);
    lw_emit(s, wasm_op(insn->opcode)->xop, s->program->type_map[insn->imm.call_indirect.type_index], table,
            reg, base);
    call_results(s, t);
    return true;
}

static bool lower_br_if(lw_state *s, const wasm_insn *insn)
{
    lw_value v = lw_pop(s);
    if (v.kind == LW_CONST) {
        if ((uint32_t)v.bits == 0)
            return true;
        lw_branch(s, insn->imm.index, NULL);
        set_unreachable(s);
        return true;
    }
    lw_cond cond = {XIP_OP_JNZ, lw_reg(s, &v, s->height), 0, 0};
    return lw_branch(s, insn->imm.index, &cond);
}

static bool lower_br_table(lw_state *s, const wasm_insn *insn)
{
    lw_value v = lw_pop(s);
    uint32_t reg = lw_reg(s, &v, s->height);
    uint32_t count = insn->imm.br_table.count + 1;
    /* a br_table with only a default has no label list (br_targets may be NULL) */
    const uint32_t *depths = count > 1 ? s->func->br_targets + insn->imm.br_table.first : NULL;
    uint32_t first = s->out->table_label_count;
    uint32_t *stub = NULL; /* per depth: stub label, or unused */
    uint32_t stub_cap = 0;
    xc_grow((void **)&stub, &stub_cap, s->ctrl_count, sizeof *stub);
    for (uint32_t d = 0; d < s->ctrl_count; d++)
        stub[d] = XC_LABEL_UNBOUND;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t depth = i + 1 == count ? insn->imm.br_table.default_label : depths[i];
        lw_ctrl *target = &s->ctrls[s->ctrl_count - 1 - depth];
        target->label_used = true;
        uint32_t label = target->label;
        if (needs_moves(s, target, branch_arity(target))) {
            if (stub[depth] == XC_LABEL_UNBOUND)
                stub[depth] = xc_ir_new_label(s->out);
            label = stub[depth];
        }
        xc_ir_add_table_label(s->out, label);
    }
    uint32_t at = lw_emit(s, XIP_OP_BR_TABLE, reg, first, 0, 0);
    s->out->insns[at].table_count = count;
    for (uint32_t d = 0; d < s->ctrl_count; d++) {
        if (stub[d] == XC_LABEL_UNBOUND)
            continue;
        lw_ctrl *target = &s->ctrls[s->ctrl_count - 1 - d];
        lw_bind(s, stub[d]);
        emit_moves(s, target, branch_arity(target));
        lw_emit(s, XIP_OP_JMP, target->label, 0, 0, 0);
    }
    free(stub);
    set_unreachable(s);
    return true;
}

bool lw_control(lw_state *s, const wasm_insn *insn)
{
    switch (insn->opcode) {
    case WASM_OP_UNREACHABLE:
        lw_emit(s, wasm_op(insn->opcode)->xop, 0, 0, 0, 0);
        set_unreachable(s);
        return true;
    case WASM_OP_NOP:
        return true;
    case WASM_OP_BLOCK:
        enter_block(s, insn, LW_BLOCK);
        return true;
    case WASM_OP_LOOP: {
        lw_ctrl *c = enter_block(s, insn, LW_LOOP);
        lw_bind(s, c->label);
        return true;
    }
    case WASM_OP_IF:
        return lw_if(s, insn, NULL);
    case WASM_OP_ELSE:
        lower_else(s);
        return true;
    case WASM_OP_END:
        lower_end(s);
        return true;
    case WASM_OP_BR:
        lw_branch(s, insn->imm.index, NULL);
        set_unreachable(s);
        return true;
    case WASM_OP_BR_IF:
        return lower_br_if(s, insn);
    case WASM_OP_BR_TABLE:
        return lower_br_table(s, insn);
    case WASM_OP_RETURN:
        emit_return(s);
        set_unreachable(s);
        return true;
    case WASM_OP_CALL:
        return lower_call(s, insn);
    default:
        assert(insn->opcode == WASM_OP_CALL_INDIRECT);
        return lower_call_indirect(s, insn);
    }
}
