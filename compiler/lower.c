/*
 * lower.c: the lower pass driver and the virtual operand stack. Walks each
 * function body once, keeping a description of every operand stack entry
 * (own slot, local, constant) so that local.get and constants cost nothing
 * and results go straight into the local that consumes them.
 */
#include "lower.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"

uint32_t lw_depth_slot(const lw_state *s, uint32_t depth)
{
    return s->local_count + depth;
}

bool lw_fits_i16(int64_t v)
{
    return v >= -32768 && v <= 32767;
}

void lw_push(lw_state *s, lw_value value)
{
    xc_grow((void **)&s->stack, &s->stack_capacity, s->height + 1, sizeof *s->stack);
    s->stack[s->height++] = value;
    if (s->height > s->max_height)
        s->max_height = s->height;
}

void lw_push_slot(lw_state *s, wasm_valtype type)
{
    lw_value v = {LW_SLOT, type, 0, 0};
    lw_push(s, v);
}

lw_value lw_pop(lw_state *s)
{
    assert(s->height > 0);
    return s->stack[--s->height];
}

/* Forgets what is known about the slots an instruction writes (all slots after a call). */
static void forget_written(lw_state *s, const xc_ir_insn *insn)
{
    if (xc_op_flags(insn->op) & XIP_F_CALL) {
        s->known_count = 0;
        return;
    }
    for (unsigned k = 0; k < 4; k++) {
        if (xc_op_field(insn->op, k) != XIP_FIELD_REG || xc_reg_role(insn, k) != XC_ROLE_WRITE)
            continue;
        for (uint32_t i = 0; i < s->known_count; i++)
            if (s->known[i].slot == insn->operand[k])
                s->known[i--] = s->known[--s->known_count];
    }
}

uint32_t lw_emit(lw_state *s, unsigned op, int64_t a, int64_t b, int64_t c, int64_t d)
{
    if (xc_op_flags(op) & XIP_F_FLOAT)
        s->program->uses_float = true;
    uint32_t at = xc_ir_emit(s->out, op, a, b, c, d, s->offset);
    forget_written(s, &s->out->insns[at]);
    return at;
}

void lw_bind(lw_state *s, uint32_t label)
{
    s->known_count = 0;
    xc_ir_bind_label(s->out, label);
}

void lw_emit_const(lw_state *s, wasm_valtype type, uint64_t bits, uint32_t slot)
{
    unsigned op;
    int64_t k;
    if (type == WASM_I32 || type == WASM_F32) {
        k = (int32_t)(uint32_t)bits;
        op = lw_fits_i16(k) ? XIP_OP_CONST_I16 : XIP_OP_CONST32;
        if (op == XIP_OP_CONST32)
            k = (uint32_t)bits;
    } else {
        k = (int64_t)bits;
        op = lw_fits_i16(k) ? XIP_OP_CONST64_I16 : bits <= 0xffffffffu ? XIP_OP_CONST32 : XIP_OP_CONST64;
    }
    int64_t from = -1;
    for (uint32_t i = 0; i < s->known_count; i++) {
        if (s->known[i].op != op || s->known[i].k != k)
            continue;
        if (s->known[i].slot == slot)
            return;
        from = s->known[i].slot;
    }
    if (from >= 0)
        lw_emit(s, XIP_OP_MOV, slot, from, 0, 0); /* shorter than any constant form */
    else
        lw_emit(s, op, slot, k, 0, 0);
    if (s->known_count == LW_KNOWN_MAX)
        s->known[0] = s->known[--s->known_count];
    lw_known fact = {slot, (uint8_t)op, k};
    s->known[s->known_count++] = fact;
}

uint32_t lw_reg(lw_state *s, const lw_value *value, uint32_t depth)
{
    switch (value->kind) {
    case LW_LOCAL:
        return value->index;
    case LW_CONST:
        lw_emit_const(s, value->type, value->bits, lw_depth_slot(s, depth));
        return lw_depth_slot(s, depth);
    default:
        return lw_depth_slot(s, depth);
    }
}

void lw_move_to(lw_state *s, const lw_value *value, uint32_t depth, uint32_t slot)
{
    if (value->kind == LW_CONST) {
        lw_emit_const(s, value->type, value->bits, slot);
        return;
    }
    uint32_t from = value->kind == LW_LOCAL ? value->index : lw_depth_slot(s, depth);
    if (from != slot)
        lw_emit(s, XIP_OP_MOV, slot, from, 0, 0);
}

void lw_materialize(lw_state *s, uint32_t depth)
{
    lw_value *v = &s->stack[depth];
    if (v->kind == LW_SLOT)
        return;
    lw_move_to(s, v, depth, lw_depth_slot(s, depth));
    v->kind = LW_SLOT;
}

void lw_flush_local(lw_state *s, uint32_t local, uint32_t from)
{
    for (uint32_t d = from; d < s->height; d++)
        if (s->stack[d].kind == LW_LOCAL && s->stack[d].index == local)
            lw_materialize(s, d);
}

/* True if instructions (start, end) write local x. */
static bool writes_local(const lw_state *s, uint32_t start, uint32_t end, uint32_t x)
{
    for (uint32_t i = start + 1; i < end; i++) {
        const wasm_insn *insn = &s->func->insns[i];
        if ((insn->opcode == WASM_OP_LOCAL_SET || insn->opcode == WASM_OP_LOCAL_TEE) && insn->imm.index == x)
            return true;
    }
    return false;
}

void lw_flush_block_locals(lw_state *s, uint32_t start)
{
    for (uint32_t d = 0; d < s->height; d++)
        if (s->stack[d].kind == LW_LOCAL && writes_local(s, start, s->block_end[start], s->stack[d].index))
            lw_materialize(s, d);
}

/* Records the matching end of every block, loop and if of the function. */
static void find_block_ends(lw_state *s)
{
    const wasm_func *f = s->func;
    xc_grow((void **)&s->block_end, &s->block_end_capacity, f->insn_count + 1, sizeof *s->block_end);
    uint32_t *open = malloc((f->insn_count + 1) * sizeof *open);
    assert(open);
    uint32_t depth = 0;
    for (uint32_t i = 0; i < f->insn_count; i++) {
        uint16_t op = f->insns[i].opcode;
        s->block_end[i] = f->insn_count;
        if (op == WASM_OP_BLOCK || op == WASM_OP_LOOP || op == WASM_OP_IF)
            open[depth++] = i;
        else if (op == WASM_OP_END && depth > 0)
            s->block_end[open[--depth]] = i;
    }
    free(open);
}

uint32_t lw_result(lw_state *s, wasm_valtype type)
{
    const wasm_func *f = s->func;
    if (s->pc + 1 < f->insn_count) {
        const wasm_insn *next = &f->insns[s->pc + 1];
        const lw_ctrl *c = &s->ctrls[s->ctrl_count - 1];
        bool arm_end = next->opcode == WASM_OP_END || (next->opcode == WASM_OP_ELSE && c->kind == LW_IF);
        if (arm_end && c->result_local != LW_NO_LOCAL && s->height == c->height) {
            lw_flush_local(s, c->result_local, 0);
            lw_value v = {LW_LOCAL, type, c->result_local, 0};
            lw_push(s, v);
            return c->result_local;
        }
        if (next->opcode == WASM_OP_LOCAL_SET || next->opcode == WASM_OP_LOCAL_TEE) {
            uint32_t local = next->imm.index;
            lw_flush_local(s, local, 0);
            s->pc++;
            if (next->opcode == WASM_OP_LOCAL_TEE) {
                lw_value v = {LW_LOCAL, type, local, 0};
                lw_push(s, v);
            }
            return local;
        }
    }
    lw_push_slot(s, type);
    return lw_depth_slot(s, s->height - 1);
}

/* Lowers one function body into s->out. */
static bool lower_function(lw_state *s)
{
    const wasm_func *f = s->func;
    uint32_t skip = 0;
    s->known_count = 0;
    find_block_ends(s);
    lw_begin_function(s);
    for (s->pc = 0; s->pc < f->insn_count && s->ctrl_count > 0; s->pc++) {
        const wasm_insn *insn = &f->insns[s->pc];
        uint16_t op = insn->opcode;
        s->offset = insn->offset;
        if (s->ctrls[s->ctrl_count - 1].unreachable) {
            if (op == WASM_OP_BLOCK || op == WASM_OP_LOOP || op == WASM_OP_IF) {
                skip++;
                continue;
            }
            if (skip > 0 && op == WASM_OP_END) {
                skip--;
                continue;
            }
            if (skip > 0 || (op != WASM_OP_ELSE && op != WASM_OP_END))
                continue;
        }
        bool ok = wasm_op(op)->kind == WK_CONTROL ? lw_control(s, insn) : lw_op(s, insn);
        if (!ok)
            return false;
    }
    assert(s->ctrl_count == 0);
    return true;
}

/* True if Wasm types a and b have the same signature. */
static bool same_type(const wasm_functype *a, const wasm_functype *b)
{
    return a->param_count == b->param_count && a->result_count == b->result_count &&
           memcmp(a->params, b->params, a->param_count) == 0 &&
           memcmp(a->results, b->results, a->result_count) == 0;
}

/* Builds the Wasm-to-image type map, merging identical signatures. */
static void merge_types(const wasm_module *m, xc_program *p)
{
    p->type_map = calloc(m->type_count ? m->type_count : 1, sizeof *p->type_map);
    p->image_types = calloc(m->type_count ? m->type_count : 1, sizeof *p->image_types);
    assert(p->type_map && p->image_types);
    for (uint32_t i = 0; i < m->type_count; i++) {
        uint32_t j = 0;
        while (j < p->image_type_count && !same_type(&m->types[p->image_types[j]], &m->types[i]))
            j++;
        if (j == p->image_type_count)
            p->image_types[p->image_type_count++] = i;
        p->type_map[i] = j;
    }
}

bool xc_lower(const wasm_module *module, xc_program *program, xc_error *error)
{
    program->module = module;
    merge_types(module, program);
    program->func_count = module->func_count;
    program->funcs = calloc(module->func_count ? module->func_count : 1, sizeof *program->funcs);
    assert(program->funcs);
    lw_state s;
    memset(&s, 0, sizeof s);
    s.module = module;
    s.program = program;
    s.error = error;
    bool ok = true;
    for (uint32_t i = 0; i < module->func_count && ok; i++) {
        const wasm_func *f = &module->funcs[i];
        const wasm_functype *type = &module->types[f->type_index];
        xc_ir_func *out = &program->funcs[i];
        s.out = out;
        s.func = f;
        s.func_index = module->import_func_count + i;
        s.type = type;
        s.local_count = type->param_count + f->local_count;
        s.local_types = malloc(s.local_count ? s.local_count : 1);
        assert(s.local_types);
        memcpy(s.local_types, type->params, type->param_count);
        memcpy(s.local_types + type->param_count, f->local_types, f->local_count);
        s.height = 0;
        s.max_height = 0;
        s.ctrl_count = 0;
        out->image_type = program->type_map[f->type_index];
        out->param_count = type->param_count;
        out->result_count = type->result_count;
        out->local_count = s.local_count;
        ok = lower_function(&s);
        out->frame_size = s.local_count + s.max_height;
        free(s.local_types);
        s.local_types = NULL;
    }
    free(s.stack);
    free(s.ctrls);
    free(s.block_end);
    return ok;
}
