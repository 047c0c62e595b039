/*
 * validate_code.c: validation of function bodies, following the algorithm of
 * the WebAssembly 2.0 specification's appendix ("Validation Algorithm"): an
 * operand stack of value types where XC_TYPE_UNKNOWN stands for any type in
 * unreachable code, and a stack of control frames with start (param) and end
 * (result) types, the operand stack height at entry and an unreachable flag.
 *
 * Every error names the offending instruction's file offset and the function
 * index (imports counted).
 */
#include "validate_internal.h"
#include "wasm_ops.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Frame opcode of the function's own frame (not a Wasm opcode). */
#define FRAME_FUNC 0xffff

typedef struct ctrl_frame {
    uint16_t opcode; /* WASM_OP_BLOCK, _LOOP, _IF, _ELSE, or FRAME_FUNC */
    const wasm_valtype *params;
    uint32_t param_count;
    const wasm_valtype *results;
    uint32_t result_count;
    size_t height; /* operand stack height at entry, params excluded */
    bool unreachable;
} ctrl_frame;

typedef struct code_state {
    xc_vctx *ctx;
    const wasm_func *func;
    const wasm_functype *type;
    uint32_t func_index; /* imports counted */
    size_t where;        /* offset of the instruction being validated */
    wasm_valtype *vals;
    size_t val_count, val_cap;
    ctrl_frame *ctrls;
    size_t ctrl_count, ctrl_cap;
} code_state;

/* One-element type lists for single-value block types. */
static const wasm_valtype single_types[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64,
                                            WASM_V128, WASM_FUNCREF, WASM_EXTERNREF};

/* Records an error at the current instruction; always returns false. */
static bool fail(code_state *s, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static bool fail(code_state *s, const char *format, ...)
{
    char message[200];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    return xc_error_set(s->ctx->error, s->where, s->func_index, "%s", message);
}

/* ---- operand and control stacks -------------------------------------- */

/* Pushes one value type. */
static void push_val(code_state *s, wasm_valtype type)
{
    xc_vgrow((void **)&s->vals, &s->val_cap, s->val_count + 1, sizeof *s->vals);
    s->vals[s->val_count++] = type;
}

/* Pushes a list of value types, first one deepest. */
static void push_vals(code_state *s, const wasm_valtype *types, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        push_val(s, types[i]);
}

/* Pops one value of any type into *type (XC_TYPE_UNKNOWN in unreachable code). */
static bool pop_any(code_state *s, wasm_valtype *type, wasm_valtype expected)
{
    const ctrl_frame *top = &s->ctrls[s->ctrl_count - 1];
    if (s->val_count == top->height) {
        if (top->unreachable) {
            *type = XC_TYPE_UNKNOWN;
            return true;
        }
        if (expected == XC_TYPE_UNKNOWN)
            return fail(s, "type mismatch: expected a value, the stack is empty");
        return fail(s, "type mismatch: expected %s, the stack is empty", xc_valtype_name(expected));
    }
    *type = s->vals[--s->val_count];
    return true;
}

/* Pops one value that must have type expected (or be unknown). */
static bool pop_expect(code_state *s, wasm_valtype expected)
{
    wasm_valtype actual = 0;
    if (!pop_any(s, &actual, expected))
        return false;
    if (actual != expected && actual != XC_TYPE_UNKNOWN && expected != XC_TYPE_UNKNOWN)
        return fail(s, "type mismatch: expected %s, got %s", xc_valtype_name(expected),
                    xc_valtype_name(actual));
    return true;
}

/* Pops a list of value types, last one first. */
static bool pop_vals(code_state *s, const wasm_valtype *types, uint32_t count)
{
    for (uint32_t i = count; i > 0; i--) {
        if (!pop_expect(s, types[i - 1]))
            return false;
    }
    return true;
}

/* Checks, without popping, that the stack top matches types (what pop then push of the popped values does). */
static bool peek_vals(code_state *s, const wasm_valtype *types, uint32_t count)
{
    const ctrl_frame *top = &s->ctrls[s->ctrl_count - 1];
    size_t avail = s->val_count - top->height;
    for (uint32_t k = 0; k < count; k++) {
        wasm_valtype expected = types[count - 1 - k];
        if (k >= avail) {
            if (top->unreachable)
                return true;
            return fail(s, "type mismatch: expected %s, the stack is empty",
                        xc_valtype_name(expected));
        }
        wasm_valtype actual = s->vals[s->val_count - 1 - k];
        if (actual != expected && actual != XC_TYPE_UNKNOWN)
            return fail(s, "type mismatch: expected %s, got %s", xc_valtype_name(expected),
                        xc_valtype_name(actual));
    }
    return true;
}

/* Opens a control frame and pushes its params. */
static void push_ctrl(code_state *s, uint16_t opcode, const wasm_valtype *params, uint32_t np,
                      const wasm_valtype *results, uint32_t nr)
{
    xc_vgrow((void **)&s->ctrls, &s->ctrl_cap, s->ctrl_count + 1, sizeof *s->ctrls);
    ctrl_frame *f = &s->ctrls[s->ctrl_count++];
    f->opcode = opcode;
    f->params = params;
    f->param_count = np;
    f->results = results;
    f->result_count = nr;
    f->height = s->val_count;
    f->unreachable = false;
    push_vals(s, params, np);
}

/* Closes the top control frame: its results must be exactly what is left above its height. */
static bool pop_ctrl(code_state *s, ctrl_frame *out)
{
    if (s->ctrl_count == 0)
        return fail(s, "unexpected end: no open block");
    ctrl_frame *f = &s->ctrls[s->ctrl_count - 1];
    if (!pop_vals(s, f->results, f->result_count))
        return false;
    if (s->val_count != f->height)
        return fail(s, "type mismatch: %zu extra value(s) at the end of the block",
                    s->val_count - f->height);
    *out = *f;
    s->ctrl_count--;
    return true;
}

/* Marks the rest of the current block unreachable: the stack becomes polymorphic. */
static void set_unreachable(code_state *s)
{
    ctrl_frame *f = &s->ctrls[s->ctrl_count - 1];
    s->val_count = f->height;
    f->unreachable = true;
}

/* The label a branch to depth targets; false (error set) if there is no such label. */
static bool get_label(code_state *s, uint32_t depth, const ctrl_frame **label)
{
    if (depth >= s->ctrl_count)
        return fail(s, "unknown label %u", (unsigned)depth);
    *label = &s->ctrls[s->ctrl_count - 1 - depth];
    return true;
}

/* The types a branch to frame f carries: params for loop, results otherwise. */
static const wasm_valtype *label_types(const ctrl_frame *f, uint32_t *count)
{
    if (f->opcode == WASM_OP_LOOP) {
        *count = f->param_count;
        return f->params;
    }
    *count = f->result_count;
    return f->results;
}

/* ---- control instructions -------------------------------------------- */

/* Resolves the block type of block/loop/if into param and result lists. */
static bool block_type(code_state *s, const wasm_insn *insn, const wasm_valtype **params,
                       uint32_t *np, const wasm_valtype **results, uint32_t *nr)
{
    *params = *results = NULL;
    *np = *nr = 0;
    if (insn->imm.block.kind == WASM_BLOCK_EMPTY)
        return true;
    if (insn->imm.block.kind == WASM_BLOCK_VALUE) {
        for (size_t i = 0; i < sizeof single_types / sizeof single_types[0]; i++) {
            if (single_types[i] == insn->imm.block.value_type) {
                *results = &single_types[i];
                *nr = 1;
                return true;
            }
        }
        return fail(s, "malformed block type 0x%02x", insn->imm.block.value_type);
    }
    uint32_t t = insn->imm.block.type_index;
    if (insn->imm.block.kind != WASM_BLOCK_INDEX || t >= s->ctx->module->type_count)
        return fail(s, "unknown type %u", (unsigned)t);
    const wasm_functype *ft = &s->ctx->module->types[t];
    *params = ft->params;
    *np = ft->param_count;
    *results = ft->results;
    *nr = ft->result_count;
    return true;
}

/* block, loop, if: pop the condition (if) and params, open the frame. */
static bool step_block(code_state *s, const wasm_insn *insn)
{
    const wasm_valtype *params, *results;
    uint32_t np, nr;
    if (!block_type(s, insn, &params, &np, &results, &nr))
        return false;
    if (insn->opcode == WASM_OP_IF && !pop_expect(s, WASM_I32))
        return false;
    if (!pop_vals(s, params, np))
        return false;
    push_ctrl(s, insn->opcode, params, np, results, nr);
    return true;
}

/* else and end: close the frame (an if without else has an implicit empty else). */
static bool step_end(code_state *s, const wasm_insn *insn)
{
    ctrl_frame f;
    if (insn->opcode == WASM_OP_ELSE) {
        if (s->ctrl_count == 0 || s->ctrls[s->ctrl_count - 1].opcode != WASM_OP_IF)
            return fail(s, "else without a matching if");
        if (!pop_ctrl(s, &f))
            return false;
        push_ctrl(s, WASM_OP_ELSE, f.params, f.param_count, f.results, f.result_count);
        return true;
    }
    if (!pop_ctrl(s, &f))
        return false;
    if (f.opcode == WASM_OP_IF) {
        push_ctrl(s, WASM_OP_ELSE, f.params, f.param_count, f.results, f.result_count);
        if (!pop_ctrl(s, &f))
            return false;
    }
    push_vals(s, f.results, f.result_count);
    return true;
}

/* br_table: every target must exist and take the default target's arity and types. */
static bool step_br_table(code_state *s, const wasm_insn *insn)
{
    const wasm_func *fn = s->func;
    uint32_t first = insn->imm.br_table.first, count = insn->imm.br_table.count;
    if (first > fn->br_target_count || count > fn->br_target_count - first)
        return fail(s, "malformed br_table: targets out of range");
    const ctrl_frame *def = NULL, *label = NULL;
    if (!get_label(s, insn->imm.br_table.default_label, &def))
        return false;
    for (uint32_t i = 0; i < count; i++) {
        if (!get_label(s, fn->br_targets[first + i], &label))
            return false;
    }
    if (!pop_expect(s, WASM_I32))
        return false;
    uint32_t arity, n;
    const wasm_valtype *def_types = label_types(def, &arity);
    for (uint32_t i = 0; i < count; i++) {
        get_label(s, fn->br_targets[first + i], &label);
        const wasm_valtype *types = label_types(label, &n);
        if (n != arity)
            return fail(s, "type mismatch: br_table target %u has arity %u, the default %u",
                        (unsigned)i, (unsigned)n, (unsigned)arity);
        if (!peek_vals(s, types, n))
            return false;
    }
    if (!pop_vals(s, def_types, arity))
        return false;
    set_unreachable(s);
    return true;
}

/* call and call_indirect: pop the arguments and push the results of the callee type. */
static bool step_call(code_state *s, const wasm_insn *insn)
{
    xc_vctx *ctx = s->ctx;
    uint32_t t;
    if (insn->opcode == WASM_OP_CALL) {
        if (insn->imm.index >= ctx->func_total)
            return fail(s, "unknown function %u", (unsigned)insn->imm.index);
        t = ctx->func_types[insn->imm.index];
    } else {
        uint32_t table = insn->imm.call_indirect.table_index;
        t = insn->imm.call_indirect.type_index;
        if (table >= ctx->table_total)
            return fail(s, "unknown table %u", (unsigned)table);
        if (t >= ctx->module->type_count)
            return fail(s, "unknown type %u", (unsigned)t);
        if (ctx->tables[table].elem_type != WASM_FUNCREF)
            return fail(s, "type mismatch: call_indirect through a table of %s",
                        xc_valtype_name(ctx->tables[table].elem_type));
        if (!pop_expect(s, WASM_I32))
            return false;
    }
    if (t >= ctx->module->type_count)
        return fail(s, "unknown type %u", (unsigned)t);
    const wasm_functype *ft = &ctx->module->types[t];
    if (!pop_vals(s, ft->params, ft->param_count))
        return false;
    push_vals(s, ft->results, ft->result_count);
    return true;
}

/* Control instructions: unreachable, nop, blocks, branches, return, calls. */
static bool step_control(code_state *s, const wasm_insn *insn)
{
    const ctrl_frame *label = NULL;
    const wasm_valtype *types;
    uint32_t n;
    switch (insn->opcode) {
    case WASM_OP_UNREACHABLE: set_unreachable(s); return true;
    case WASM_OP_NOP: return true;
    case WASM_OP_BLOCK: case WASM_OP_LOOP: case WASM_OP_IF: return step_block(s, insn);
    case WASM_OP_ELSE: case WASM_OP_END: return step_end(s, insn);
    case WASM_OP_BR:
        if (!get_label(s, insn->imm.index, &label))
            return false;
        types = label_types(label, &n);
        if (!pop_vals(s, types, n))
            return false;
        set_unreachable(s);
        return true;
    case WASM_OP_BR_IF:
        if (!get_label(s, insn->imm.index, &label))
            return false;
        types = label_types(label, &n);
        if (!pop_expect(s, WASM_I32) || !pop_vals(s, types, n))
            return false;
        push_vals(s, types, n);
        return true;
    case WASM_OP_BR_TABLE: return step_br_table(s, insn);
    case WASM_OP_RETURN:
        if (!pop_vals(s, s->ctrls[0].results, s->ctrls[0].result_count))
            return false;
        set_unreachable(s);
        return true;
    case WASM_OP_CALL: case WASM_OP_CALL_INDIRECT: return step_call(s, insn);
    default: return fail(s, "illegal opcode 0x%x", (unsigned)insn->opcode);
    }
}

/* ---- parametric and variable instructions ---------------------------- */

/* True if a value of type t may be chosen by the untyped select. */
static bool is_num_or_unknown(wasm_valtype t)
{
    return t == WASM_I32 || t == WASM_I64 || t == WASM_F32 || t == WASM_F64 ||
           t == XC_TYPE_UNKNOWN;
}

/* drop, select, typed select. */
static bool step_parametric(code_state *s, const wasm_insn *insn)
{
    wasm_valtype t1 = 0, t2 = 0;
    if (insn->opcode == WASM_OP_DROP)
        return pop_any(s, &t1, XC_TYPE_UNKNOWN);
    if (insn->opcode == WASM_OP_SELECT_T) {
        wasm_valtype t = insn->imm.select.type;
        if (insn->imm.select.count != 1)
            return fail(s, "invalid result arity %u for select", (unsigned)insn->imm.select.count);
        if (!pop_expect(s, WASM_I32) || !pop_expect(s, t) || !pop_expect(s, t))
            return false;
        push_val(s, t);
        return true;
    }
    if (!pop_expect(s, WASM_I32) || !pop_any(s, &t1, XC_TYPE_UNKNOWN) ||
        !pop_any(s, &t2, XC_TYPE_UNKNOWN))
        return false;
    bool vec = t1 == WASM_V128 && t2 == WASM_V128;
    if (!vec && !(is_num_or_unknown(t1) && is_num_or_unknown(t2)))
        return fail(s, "type mismatch: select without a type needs numeric operands, got %s and %s",
                    xc_valtype_name(t2), xc_valtype_name(t1));
    if (t1 != t2 && t1 != XC_TYPE_UNKNOWN && t2 != XC_TYPE_UNKNOWN)
        return fail(s, "type mismatch: select operands %s and %s differ", xc_valtype_name(t2),
                    xc_valtype_name(t1));
    push_val(s, t1 == XC_TYPE_UNKNOWN ? t2 : t1);
    return true;
}

/* The type of local index (params first); false (error set) if there is no such local. */
static bool local_type(code_state *s, uint32_t index, wasm_valtype *type)
{
    uint32_t np = s->type->param_count;
    if (index < np) {
        *type = s->type->params[index];
        return true;
    }
    if ((uint64_t)index - np < s->func->local_count) {
        *type = s->func->local_types[index - np];
        return true;
    }
    return fail(s, "unknown local %u", (unsigned)index);
}

/* local.get/set/tee, global.get/set. */
static bool step_variable(code_state *s, const wasm_insn *insn)
{
    uint32_t x = insn->imm.index;
    wasm_valtype t = 0;
    bool local = insn->opcode == WASM_OP_LOCAL_GET || insn->opcode == WASM_OP_LOCAL_SET ||
                 insn->opcode == WASM_OP_LOCAL_TEE;
    if (local) {
        if (!local_type(s, x, &t))
            return false;
    } else {
        if (x >= s->ctx->global_total)
            return fail(s, "unknown global %u", (unsigned)x);
        t = s->ctx->globals[x].type;
        if (insn->opcode == WASM_OP_GLOBAL_SET && !s->ctx->globals[x].mutable_)
            return fail(s, "global is immutable: global.set of global %u", (unsigned)x);
    }
    switch (insn->opcode) {
    case WASM_OP_LOCAL_GET: case WASM_OP_GLOBAL_GET: push_val(s, t); return true;
    case WASM_OP_LOCAL_SET: case WASM_OP_GLOBAL_SET: return pop_expect(s, t);
    default: /* local.tee */
        if (!pop_expect(s, t))
            return false;
        push_val(s, t);
        return true;
    }
}

/* ---- memory instructions --------------------------------------------- */

/* Checks that memory index exists. */
static bool check_memory(code_state *s, uint32_t index)
{
    if (index >= s->ctx->memory_total)
        return fail(s, "unknown memory %u", (unsigned)index);
    return true;
}

/* Checks that data segment index exists (against the data count section). */
static bool check_data(code_state *s, uint32_t index)
{
    if (index >= s->ctx->data_total)
        return fail(s, "unknown data segment %u", (unsigned)index);
    return true;
}

/* Pops count i32 operands. */
static bool pop_i32s(code_state *s, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        if (!pop_expect(s, WASM_I32))
            return false;
    }
    return true;
}

/* A load or store's memory and alignment (natural alignment from the row). */
static bool check_memarg(code_state *s, const wasm_insn *insn, const wasm_op_info *op)
{
    unsigned natural = WF_ALIGN_OF(op->flags);
    if (!check_memory(s, insn->imm.mem.memory_index))
        return false;
    if (insn->imm.mem.align_log2 > natural)
        return fail(s, "alignment must not be larger than natural (2^%u > %u bytes)",
                    (unsigned)insn->imm.mem.align_log2, 1u << natural);
    return true;
}

/* The memory and data indices among the immediates of a row with fixed types. */
static bool check_immediates(code_state *s, const wasm_insn *insn, const wasm_op_info *op)
{
    switch (op->imm) {
    case WASM_IMM_MEMARG: return check_memarg(s, insn, op);
    case WASM_IMM_ZERO: return check_memory(s, insn->imm.index);
    case WASM_IMM_ZERO2: return check_memory(s, insn->imm.pair.a) && check_memory(s, insn->imm.pair.b);
    case WASM_IMM_DATA_ZERO: return check_memory(s, insn->imm.pair.b) && check_data(s, insn->imm.pair.a);
    case WASM_IMM_DATA: return check_data(s, insn->imm.index);
    default:
        assert(op->imm == WASM_IMM_NONE || op->imm == WASM_IMM_I32 || op->imm == WASM_IMM_I64 ||
               op->imm == WASM_IMM_F32 || op->imm == WASM_IMM_F64);
        return true;
    }
}

/*
 * Rows with fixed types (numeric operators, constants, loads, stores, memory
 * and bulk memory instructions): check the immediates, pop the operands (last
 * first), push the result.
 */
static bool step_fixed(code_state *s, const wasm_insn *insn, const wasm_op_info *op)
{
    if (!check_immediates(s, insn, op))
        return false;
    for (unsigned i = wasm_op_arity(op); i > 0; i--) {
        if (!pop_expect(s, op->params[i - 1]))
            return false;
    }
    if (op->result != 0)
        push_val(s, op->result);
    return true;
}

/* ---- reference and table instructions -------------------------------- */

/* Checks that table index exists and returns its element type. */
static bool check_table(code_state *s, uint32_t index, wasm_valtype *elem_type)
{
    if (index >= s->ctx->table_total)
        return fail(s, "unknown table %u", (unsigned)index);
    *elem_type = s->ctx->tables[index].elem_type;
    return true;
}

/* Checks that element segment index exists and returns its type. */
static bool check_elem(code_state *s, uint32_t index, wasm_valtype *elem_type)
{
    if (index >= s->ctx->module->elem_count)
        return fail(s, "unknown elem segment %u", (unsigned)index);
    *elem_type = s->ctx->module->elems[index].elem_type;
    return true;
}

/* ref.null, ref.is_null, ref.func. */
static bool step_ref(code_state *s, const wasm_insn *insn)
{
    wasm_valtype t = 0;
    switch (insn->opcode) {
    case WASM_OP_REF_NULL:
        if (!xc_is_ref_type(insn->imm.ref_type))
            return fail(s, "malformed reference type 0x%02x", insn->imm.ref_type);
        push_val(s, insn->imm.ref_type);
        return true;
    case WASM_OP_REF_IS_NULL:
        if (!pop_any(s, &t, XC_TYPE_UNKNOWN))
            return false;
        if (t != XC_TYPE_UNKNOWN && !xc_is_ref_type(t))
            return fail(s, "type mismatch: ref.is_null needs a reference, got %s",
                        xc_valtype_name(t));
        push_val(s, WASM_I32);
        return true;
    default: /* ref.func */
        if (insn->imm.index >= s->ctx->func_total)
            return fail(s, "unknown function %u", (unsigned)insn->imm.index);
        if (!s->ctx->declared[insn->imm.index])
            return fail(s, "undeclared function reference to function %u",
                        (unsigned)insn->imm.index);
        push_val(s, WASM_FUNCREF);
        return true;
    }
}

/* table.init elem table and table.copy dst src: both element types must agree. */
static bool step_table_pair(code_state *s, const wasm_insn *insn)
{
    wasm_valtype t1 = 0, t2 = 0;
    if (insn->opcode == WASM_OP_TABLE_INIT) {
        if (!check_table(s, insn->imm.pair.b, &t1) || !check_elem(s, insn->imm.pair.a, &t2))
            return false;
    } else if (!check_table(s, insn->imm.pair.a, &t1) || !check_table(s, insn->imm.pair.b, &t2)) {
        return false;
    }
    if (t1 != t2)
        return fail(s, "type mismatch: %s table and %s elements", xc_valtype_name(t1),
                    xc_valtype_name(t2));
    return pop_i32s(s, 3);
}

/* table.get/set/grow/size/fill, table.init/copy, elem.drop. */
static bool step_table(code_state *s, const wasm_insn *insn)
{
    wasm_valtype t = 0;
    switch (insn->opcode) {
    case WASM_OP_TABLE_INIT: case WASM_OP_TABLE_COPY: return step_table_pair(s, insn);
    case WASM_OP_ELEM_DROP: return check_elem(s, insn->imm.index, &t);
    default: break;
    }
    if (!check_table(s, insn->imm.index, &t))
        return false;
    switch (insn->opcode) {
    case WASM_OP_TABLE_GET:
        if (!pop_expect(s, WASM_I32))
            return false;
        push_val(s, t);
        return true;
    case WASM_OP_TABLE_SET: return pop_expect(s, t) && pop_expect(s, WASM_I32);
    case WASM_OP_TABLE_GROW:
        if (!pop_expect(s, WASM_I32) || !pop_expect(s, t))
            return false;
        push_val(s, WASM_I32);
        return true;
    case WASM_OP_TABLE_SIZE: push_val(s, WASM_I32); return true;
    default: /* table.fill */
        return pop_expect(s, WASM_I32) && pop_expect(s, t) && pop_expect(s, WASM_I32);
    }
}

/* ---- driver ------------------------------------------------------------ */

/* Validates one instruction against the current stacks: by its row's kind. */
static bool step(code_state *s, const wasm_insn *insn)
{
    const wasm_op_info *op = wasm_op_lookup(insn->opcode);
    if (op == NULL)
        return fail(s, "illegal opcode 0x%x", (unsigned)insn->opcode);
    switch (op->kind) {
    case WK_CONTROL: return step_control(s, insn);
    case WK_PARAMETRIC: return step_parametric(s, insn);
    case WK_VARIABLE: return step_variable(s, insn);
    case WK_REF: return step_ref(s, insn);
    case WK_TABLE: return step_table(s, insn);
    default: return step_fixed(s, insn, op);
    }
}

/* Runs the instructions of s->func through the algorithm; the final end closes the function frame. */
static bool run_body(code_state *s)
{
    const wasm_func *fn = s->func;
    push_ctrl(s, FRAME_FUNC, NULL, 0, s->type->results, s->type->result_count);
    for (uint32_t i = 0; i < fn->insn_count; i++) {
        s->where = fn->insns[i].offset;
        if (s->ctrl_count == 0)
            return fail(s, "unexpected instruction after the function's end");
        if (!step(s, &fn->insns[i]))
            return false;
    }
    if (s->ctrl_count != 0)
        return fail(s, "unexpected end of function body: %zu block(s) not closed", s->ctrl_count);
    return true;
}

bool xc_validate_function(xc_vctx *ctx, uint32_t defined_index)
{
    const wasm_module *m = ctx->module;
    const wasm_func *fn = &m->funcs[defined_index];
    code_state s = {0};
    s.ctx = ctx;
    s.func = fn;
    s.func_index = m->import_func_count + defined_index;
    s.where = fn->body_offset;
    if (fn->type_index >= m->type_count)
        return fail(&s, "unknown type %u", (unsigned)fn->type_index);
    s.type = &m->types[fn->type_index];
    bool ok = run_body(&s);
    free(s.vals);
    free(s.ctrls);
    return ok;
}
