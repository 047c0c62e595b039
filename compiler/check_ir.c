/*
 * check_ir.c: the IR checker (check_ir.h). Walks every function of the
 * lowered program once and checks each instruction field by field against
 * its shape (format/opcodes.def, XIP_SHAPES); the first broken invariant is
 * described and reported. It reads the program only.
 */
#include "check_ir.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "program.h"
#include "xip_format.h"

#ifndef XC_CHECK_IR
#define XC_CHECK_IR 0
#endif

typedef struct checker {
    const xc_program *program;
    const wasm_module *module;   /* NULL: index spaces are not checked */
    const xc_ir_func *func;
    uint32_t func_index;         /* index with imports, for messages */
    uint32_t insn_index;
    bool allocated;              /* registers are allocated (after allocate) */
    uint32_t register_limit;     /* registers addressable once allocated */
    const uint32_t *func_types;  /* function index -> Wasm type index */
    char *problem;
    size_t size;
} checker;

/* Records the broken invariant of the current instruction; returns false. */
static bool broken(checker *c, const char *format, ...)
{
    va_list ap;
    int n = snprintf(c->problem, c->size, "function %u, instruction %u (%s): ", (unsigned)c->func_index,
                     (unsigned)c->insn_index,
                     c->insn_index < c->func->insn_count ? xc_op_mnemonic(c->func->insns[c->insn_index].op) : "-");
    if (n < 0 || (size_t)n >= c->size)
        return false;
    va_start(ap, format);
    vsnprintf(c->problem + n, c->size - (size_t)n, format, ap);
    va_end(ap);
    return false;
}

/* True if register slots [reg, reg + n) lie in the frame (and the registers). */
static bool check_regs(checker *c, int64_t reg, uint32_t n, const char *what)
{
    int64_t top = c->allocated && c->func->frame_size > c->register_limit ? c->register_limit : c->func->frame_size;
    if (reg < 0 || reg + n > top)
        return broken(c, "%s %lld..%lld outside the %s of %lld", what, (long long)reg, (long long)(reg + n - 1),
                      c->allocated ? "registers" : "frame", (long long)top);
    return true;
}

/* True if label is bound to an instruction of the function. */
static bool check_label(checker *c, int64_t label)
{
    const xc_ir_func *f = c->func;
    if (label < 0 || label >= f->label_count)
        return broken(c, "branch to label %lld; the function has %u labels", (long long)label,
                      (unsigned)f->label_count);
    if (f->label_insn[label] == XC_LABEL_UNBOUND)
        return broken(c, "branch to unbound label %lld", (long long)label);
    if (f->label_insn[label] >= f->insn_count)
        return broken(c, "branch to label %lld past the last instruction", (long long)label);
    return true;
}

/* True if index < limit (limit is checked only when the module is known). */
static bool check_index(checker *c, int64_t index, uint64_t limit, const char *what)
{
    if (index < 0 || index > 0xffff || (c->module && (uint64_t)index >= limit))
        return broken(c, "%s index %lld out of range (%llu)", what, (long long)index,
                      (unsigned long long)limit);
    return true;
}

/* True if a call's frame base leaves room for the callee's params and results. */
static bool check_call_base(checker *c, int64_t base, int64_t callee_type)
{
    const wasm_module *m = c->module;
    uint32_t span = 0;
    if (m && callee_type >= 0 && (uint64_t)callee_type < m->type_count) {
        const wasm_functype *t = &m->types[callee_type];
        span = t->param_count > t->result_count ? t->param_count : t->result_count;
    }
    if (base < 0 || base + span > c->func->frame_size)
        return broken(c, "call frame base %lld with %u arguments or results outside the frame of %u",
                      (long long)base, (unsigned)span, (unsigned)c->func->frame_size);
    return true;
}

/* The Wasm type index of the callee of a call, or -1 if unknown. */
static int64_t callee_type(const checker *c, const xc_ir_insn *insn)
{
    const wasm_module *m = c->module;
    if (!m)
        return -1;
    if (xc_op_field(insn->op, 0) == XIP_FIELD_FUNC)
        return insn->operand[0] < (int64_t)(m->import_func_count + m->func_count)
                   ? (int64_t)c->func_types[insn->operand[0]] : -1;
    if (insn->operand[0] >= 0 && insn->operand[0] < c->program->image_type_count)
        return c->program->image_types[insn->operand[0]];
    return -1;
}

/* True if a segment index names a segment of the kind the opcode uses. */
static bool check_segment(checker *c, const xc_ir_insn *insn, int64_t s)
{
    const wasm_module *m = c->module;
    bool data = insn->op == XIP_OP_MEMORY_INIT || insn->op == XIP_OP_DATA_DROP;
    uint64_t limit = m ? (data ? m->data_count : m->elem_count) : 0;
    return check_index(c, s, limit, data ? "data segment" : "element segment");
}

/* Checks field k of insn against its kind. */
static bool check_field(checker *c, const xc_ir_insn *insn, unsigned k, enum xip_field field)
{
    const wasm_module *m = c->module;
    int64_t v = insn->operand[k];
    switch (field) {
    case XIP_FIELD_NONE:
        return v == 0 || broken(c, "operand %u is %lld past the shape's fields", k, (long long)v);
    case XIP_FIELD_REG:
        if (insn->op == XIP_OP_RET)
            return insn->operand[1] == 0 || check_regs(c, v, (uint32_t)insn->operand[1], "result registers");
        if (xc_reg_role(insn, k) == XC_ROLE_BASE)
            return check_regs(c, v, 0, "call frame base") && check_call_base(c, v, callee_type(c, insn));
        return check_regs(c, v, 1, "register");
    case XIP_FIELD_REG3:
        return check_regs(c, v, 3, "registers");
    case XIP_FIELD_BASE16:
        return check_call_base(c, v, callee_type(c, insn));
    case XIP_FIELD_COUNT8:
        if (insn->op == XIP_OP_RET && v != c->func->result_count)
            return broken(c, "returns %lld values; the function has %u results", (long long)v,
                          (unsigned)c->func->result_count);
        return (v >= 0 && v <= 255) || broken(c, "count %lld outside 0..255", (long long)v);
    case XIP_FIELD_TABLE:
        return check_index(c, v, m ? (uint64_t)m->import_table_count + m->table_count : 0, "table");
    case XIP_FIELD_K16:
        return (v >= -32768 && v <= 65535) || broken(c, "16-bit immediate %lld out of range", (long long)v);
    case XIP_FIELD_OFFSET16:
        return (v >= 0 && v <= 65535) || broken(c, "16-bit offset %lld out of range", (long long)v);
    case XIP_FIELD_U16:
        return (v >= 0 && v <= 65535) || broken(c, "zero-extended 16-bit immediate %lld out of range", (long long)v);
    case XIP_FIELD_K32:
        return (v >= INT32_MIN && v <= (int64_t)UINT32_MAX) ||
               broken(c, "32-bit immediate %lld out of range", (long long)v);
    case XIP_FIELD_K64:
        return true;
    case XIP_FIELD_TARGET:
        return check_label(c, v);
    case XIP_FIELD_TARGETS:
        if (insn->table_count == 0 || v < 0 || (uint64_t)v + insn->table_count > c->func->table_label_count)
            return broken(c, "br_table labels %lld + %u outside the %u table labels", (long long)v,
                          (unsigned)insn->table_count, (unsigned)c->func->table_label_count);
        for (uint32_t t = 0; t < insn->table_count; t++)
            if (!check_label(c, c->func->table_labels[v + t]))
                return false;
        return true;
    case XIP_FIELD_FUNC:
        return check_index(c, v, m ? (uint64_t)m->import_func_count + m->func_count : 0, "function");
    case XIP_FIELD_TYPE:
        return check_index(c, v, c->program->image_type_count, "type");
    case XIP_FIELD_GLOBAL:
        return check_index(c, v, m ? (uint64_t)m->import_global_count + m->global_count : 0, "global");
    case XIP_FIELD_FAR:
        if (!c->allocated)
            return broken(c, "far slot before allocation");
        return (v >= 0 && v < c->func->frame_size) ||
               broken(c, "far slot %lld outside the frame of %u", (long long)v, (unsigned)c->func->frame_size);
    case XIP_FIELD_SEGMENT:
        return check_segment(c, insn, v);
    }
    return broken(c, "unknown field kind %d", (int)field);
}

/* Checks one instruction. */
static bool check_insn(checker *c, const xc_ir_insn *insn)
{
    if (insn->op >= XIP_OP_COUNT)
        return broken(c, "opcode %u out of range", (unsigned)insn->op);
    if ((xc_op_flags(insn->op) & XIP_F_FLOAT) && !c->program->uses_float)
        return broken(c, "a float instruction but the program is marked float-free");
    if (insn->table_count != 0 && xc_op_shape(insn->op) != XIP_SHAPE_BRTABLE)
        return broken(c, "a label table on an instruction that is not br_table");
    for (unsigned k = 0; k < 4; k++)
        if (!check_field(c, insn, k, xc_op_field(insn->op, k)))
            return false;
    return true;
}

/* Checks one function: its frame layout, labels and instructions. */
static bool check_func(checker *c, const xc_ir_func *f)
{
    c->func = f;
    c->insn_index = f->insn_count;
    if (f->insn_count > f->insn_capacity || f->label_count > f->label_capacity ||
        f->table_label_count > f->table_label_capacity)
        return broken(c, "a count exceeds its array's capacity");
    if (f->param_count > f->local_count || f->local_count > f->frame_size || f->frame_size > XIP_MAX_FRAME)
        return broken(c, "frame layout %u params, %u locals, %u slots is inconsistent", (unsigned)f->param_count,
                      (unsigned)f->local_count, (unsigned)f->frame_size);
    if (f->image_type >= c->program->image_type_count)
        return broken(c, "type %u out of range", (unsigned)f->image_type);
    if (f->insn_count == 0)
        return broken(c, "no instructions");
    for (uint32_t l = 0; l < f->label_count; l++)
        if (f->label_insn[l] != XC_LABEL_UNBOUND && f->label_insn[l] > f->insn_count)
            return broken(c, "label %u bound past the end", (unsigned)l);
    for (c->insn_index = 0; c->insn_index < f->insn_count; c->insn_index++)
        if (!check_insn(c, &f->insns[c->insn_index]))
            return false;
    c->insn_index = f->insn_count - 1;
    if (!(xc_op_flags(f->insns[f->insn_count - 1].op) & XIP_F_NOFALL))
        return broken(c, "the last instruction falls through past the end");
    return true;
}

/* Fills types[f] with the Wasm type index of every function (imports first). */
static void function_types(const wasm_module *m, uint32_t *types)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->import_count; i++)
        if (m->imports[i].kind == WASM_EXTERN_FUNC)
            types[n++] = m->imports[i].desc.type_index;
    for (uint32_t i = 0; i < m->func_count; i++)
        types[n++] = m->funcs[i].type_index;
}

bool xc_ir_check(const xc_program *program, enum xc_pass after, char *problem, size_t size)
{
    checker c = {0};
    c.program = program;
    c.module = program->module;
    c.allocated = after >= XC_PASS_ALLOCATE;
    c.register_limit = program->register_limit && program->register_limit < XIP_MAX_REGISTERS
                           ? program->register_limit : XIP_MAX_REGISTERS;
    c.problem = problem;
    c.size = size;
    if (size > 0)
        problem[0] = '\0';
    uint32_t imports = c.module ? c.module->import_func_count : 0;
    uint32_t *types = NULL;
    if (c.module) {
        if (c.module->func_count != program->func_count) {
            snprintf(problem, size, "%u functions lowered for %u defined", (unsigned)program->func_count,
                     (unsigned)c.module->func_count);
            return false;
        }
        types = calloc((size_t)imports + program->func_count + 1, sizeof *types);
        if (!types) {
            fprintf(stderr, "xipwasm: out of memory\n");
            abort();
        }
        function_types(c.module, types);
    }
    c.func_types = types;
    bool ok = true;
    for (uint32_t i = 0; i < program->func_count && ok; i++) {
        c.func_index = imports + i;
        ok = check_func(&c, &program->funcs[i]);
    }
    free(types);
    return ok;
}

void xc_check_ir(const xc_program *program, enum xc_pass after)
{
    char problem[256];
    if (!XC_CHECK_IR || xc_ir_check(program, after, problem, sizeof problem))
        return;
    fprintf(stderr, "xipwasm: internal error: the IR is broken after pass %d: %s\n", (int)after, problem);
    abort();
}
