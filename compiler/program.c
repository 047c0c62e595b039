/* program.c: the lowered program's storage, append helpers and opcode table. */
#include "program.h"
#include "xip_checked.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct op_row {
    const char *mnemonic;
    uint8_t shape;
    uint8_t flags;
    uint8_t inverse; /* XIP_OP__ if none */
    uint16_t roles;  /* XIP_ROLES */
} op_row;

static const op_row op_rows[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics)                       \
    [XIP_OP_##name] = {mnemonic, XIP_SHAPE_##shape, (uint8_t)XIP_OP_FLAGS(feature, flags),        \
                       (uint8_t)XIP_OP_##inverse, (uint16_t)XIP_ROLES(roles)},
#include "opcodes.def"
#undef OP
};

typedef struct shape_row {
    uint8_t size;
    uint8_t field[4];
} shape_row;

static const shape_row shape_rows[XIP_SHAPE_COUNT] = {
#define SHAPE_ROW(name, size, f1, f2, f3, f4) [XIP_SHAPE_##name] = {size, {f1, f2, f3, f4}},
    XIP_SHAPES(SHAPE_ROW)
#undef SHAPE_ROW
};

const char *xc_op_mnemonic(unsigned op)
{
    assert(op < XIP_OP_COUNT);
    return op_rows[op].mnemonic;
}

enum xip_shape xc_op_shape(unsigned op)
{
    assert(op < XIP_OP_COUNT);
    return (enum xip_shape)op_rows[op].shape;
}

unsigned xc_op_flags(unsigned op)
{
    assert(op < XIP_OP_COUNT);
    return op_rows[op].flags;
}

enum xip_field xc_op_field(unsigned op, unsigned i)
{
    if (i >= 4)
        return XIP_FIELD_NONE;
    return (enum xip_field)shape_rows[xc_op_shape(op)].field[i];
}

uint32_t xc_insn_size(const xc_ir_insn *insn)
{
    uint32_t size = shape_rows[xc_op_shape(insn->op)].size;
    if (xc_op_shape(insn->op) == XIP_SHAPE_BRTABLE)
        size += 2u * insn->table_count;
    return size;
}

void xc_grow(void **array, uint32_t *capacity, uint32_t need, size_t size)
{
    if (need <= *capacity)
        return;
    uint32_t cap = *capacity ? *capacity : 16;
    size_t bytes = 0;
    while (cap < need)
        cap = cap <= UINT32_MAX / 2 ? cap * 2 : need;
    void *grown = xip_mul_size(cap, size, &bytes) ? realloc(*array, bytes) : NULL;
    if (!grown) {
        fprintf(stderr, "xipwasm: out of memory\n");
        abort();
    }
    *array = grown;
    *capacity = cap;
}

uint32_t xc_ir_emit(xc_ir_func *func, unsigned op, int64_t a, int64_t b, int64_t c, int64_t d,
                    uint32_t wasm_offset)
{
    assert(op < XIP_OP_COUNT);
    xc_grow((void **)&func->insns, &func->insn_capacity, func->insn_count + 1, sizeof *func->insns);
    xc_ir_insn *insn = &func->insns[func->insn_count];
    memset(insn, 0, sizeof *insn);
    insn->op = (uint8_t)op;
    insn->operand[0] = a;
    insn->operand[1] = b;
    insn->operand[2] = c;
    insn->operand[3] = d;
    insn->wasm_offset = wasm_offset;
    return func->insn_count++;
}

uint32_t xc_ir_new_label(xc_ir_func *func)
{
    xc_grow((void **)&func->label_insn, &func->label_capacity, func->label_count + 1,
            sizeof *func->label_insn);
    func->label_insn[func->label_count] = XC_LABEL_UNBOUND;
    return func->label_count++;
}

void xc_ir_bind_label(xc_ir_func *func, uint32_t label)
{
    assert(label < func->label_count && func->label_insn[label] == XC_LABEL_UNBOUND);
    func->label_insn[label] = func->insn_count;
}

uint32_t xc_ir_add_table_label(xc_ir_func *func, uint32_t label)
{
    xc_grow((void **)&func->table_labels, &func->table_label_capacity, func->table_label_count + 1,
            sizeof *func->table_labels);
    func->table_labels[func->table_label_count] = label;
    return func->table_label_count++;
}

void xc_program_free(xc_program *program)
{
    for (uint32_t i = 0; i < program->func_count; i++) {
        free(program->funcs[i].insns);
        free(program->funcs[i].label_insn);
        free(program->funcs[i].table_labels);
    }
    free(program->funcs);
    free(program->type_map);
    free(program->image_types);
    memset(program, 0, sizeof *program);
}

unsigned xc_op_inverse(unsigned op)
{
    assert(op < XIP_OP_COUNT);
    return op_rows[op].inverse;
}

enum xip_role xc_op_role(unsigned op, unsigned field)
{
    assert(op < XIP_OP_COUNT);
    return field < 4 ? xip_role_at(op_rows[op].roles, field) : XIP_ROLE__;
}

enum xc_reg_role xc_reg_role(const xc_ir_insn *insn, unsigned field)
{
    switch (xc_op_role(insn->op, field)) {
    case XIP_ROLE_W:
    case XIP_ROLE_WREF:
    case XIP_ROLE_WV:
    case XIP_ROLE_WK:
        return XC_ROLE_WRITE;
    case XIP_ROLE_B:
        return XC_ROLE_BASE;
    case XIP_ROLE_N:
        return XC_ROLE_RANGE;
    case XIP_ROLE_RW: /* read first; only fuse, after the passes that track writes, makes these rows */
    case XIP_ROLE_R:
    case XIP_ROLE_R3:
    case XIP_ROLE_RREF:
    case XIP_ROLE_RV:
        return XC_ROLE_READ;
    case XIP_ROLE__:
    case XIP_ROLE_TW:
        break;
    }
    assert(!"not a register operand");
    return XC_ROLE_READ;
}
