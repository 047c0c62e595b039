/*
 * encode.c: writes the image (format/xip_format.h): header, then the
 * sections TYPE, IMPORT, FUNC, TABLE, MEMORY, GLOBAL, EXPORT, START, DATA,
 * CODE, ELEM, REFS (refs.c) in that order (empty ones omitted), then patches the size and
 * checksum. The output depends only on the program and the plan (plan.c: which
 * tables live in flash, which element segments fold into them, which
 * globals have compile-time values), so it is deterministic.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "constexpr.h"
#include "passes.h"
#include "program.h"
#include "wasm_ops.h"
#include "xip_checked.h"

typedef struct enc {
    const xc_program *program;
    const wasm_module *module;
    xc_buffer *out;
    xc_error *error;
    const xc_plan *plan;
    uint32_t *code_starts; /* per defined function: its CODE offset */
} enc;

static void put_u8(xc_buffer *b, uint32_t v)
{
    uint8_t x = (uint8_t)v;
    xc_buffer_append(b, &x, 1);
}

static void put_u16(xc_buffer *b, uint32_t v)
{
    uint8_t x[2];
    xip_write_u16(x, (uint16_t)v);
    xc_buffer_append(b, x, 2);
}

static void put_u32(xc_buffer *b, uint32_t v)
{
    uint8_t x[4];
    xip_write_u32(x, v);
    xc_buffer_append(b, x, 4);
}

static void put_u64(xc_buffer *b, uint64_t v)
{
    uint8_t x[8];
    xip_write_u64(x, v);
    xc_buffer_append(b, x, 8);
}

/* Writes a name (u16 length + bytes). */
static bool put_name(enc *e, xc_buffer *b, const char *name, uint32_t len, size_t offset)
{
    if (len > 0xffff)
        return xc_error_set(e->error, offset, XC_NO_FUNC, "name of %u bytes exceeds the limit of 65535",
                            (unsigned)len);
    put_u16(b, len);
    xc_buffer_append(b, name, len);
    return true;
}

/* Fails unless count fits a u16 count field. */
static bool check_count(enc *e, uint64_t count, const char *what)
{
    if (count > 0xffff)
        return xc_error_set(e->error, XC_NO_OFFSET, XC_NO_FUNC, "%llu %s exceed the limit of 65535",
                            (unsigned long long)count, what);
    return true;
}

/* Appends section `id` with the body in b (omitted when empty unless forced). */
static void put_section(enc *e, unsigned id, xc_buffer *body)
{
    if (body->size > 0) {
        put_u8(e->out, id);
        put_u32(e->out, (uint32_t)body->size);
        xc_buffer_append(e->out, body->data, body->size);
    }
    xc_buffer_free(body);
}

/* Records that the next entry of an indexed section starts at body->size (its offset in the body). */
static void mark_entry(xc_buffer *marks, const xc_buffer *body)
{
    uint32_t at = (uint32_t)body->size;
    xc_buffer_append(marks, &at, sizeof at);
}

/*
 * Appends indexed section `id` from body (u16 count, then the entries, each
 * start recorded by mark_entry in marks): inserts the offset table after the
 * count, in the narrowest width the resulting body size allows.
 */
static void put_indexed_section(enc *e, unsigned id, xc_buffer *body, xc_buffer *marks)
{
    uint32_t n = (uint32_t)(marks->size / sizeof(uint32_t)), w = 1, i, at;
    xc_buffer out = {0};
    assert(n <= 0xffff && (n == 0) == (body->size == 0));
    if (n > 0) {
        while (w < 4 && xip_index_width((uint32_t)body->size + (n - 1) * w) != w)
            w *= 2;
        xc_buffer_append(&out, body->data, 2); /* the count */
        for (i = 1; i < n; i++) {
            uint8_t x[4];
            memcpy(&at, marks->data + i * sizeof at, sizeof at);
            xip_write_u32(x, at + (n - 1) * w); /* little-endian: the low w bytes are the offset */
            xc_buffer_append(&out, x, w);
        }
        xc_buffer_append(&out, body->data + 2, body->size - 2);
    }
    xc_buffer_free(body);
    xc_buffer_free(marks);
    put_section(e, id, &out);
}

static bool put_valtypes(enc *e, xc_buffer *b, const wasm_valtype *types, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        if (types[i] == WASM_V128)
            return xc_error_set(e->error, XC_NO_OFFSET, XC_NO_FUNC, "v128 values are not supported");
    xc_buffer_append(b, types, count);
    return true;
}

static bool encode_types(enc *e)
{
    xc_buffer b = {0}, marks = {0};
    const xc_program *p = e->program;
    bool ok = check_count(e, p->image_type_count, "types");
    if (p->image_type_count)
        put_u16(&b, p->image_type_count);
    for (uint32_t i = 0; i < p->image_type_count && ok; i++) {
        const wasm_functype *t = &e->module->types[p->image_types[i]];
        if (t->param_count > 255 || t->result_count > 255) {
            ok = xc_error_set(e->error, XC_NO_OFFSET, XC_NO_FUNC,
                              "type %u has %u params and %u results; the limit is 255 each",
                              (unsigned)p->image_types[i], (unsigned)t->param_count,
                              (unsigned)t->result_count);
            break;
        }
        mark_entry(&marks, &b);
        put_u8(&b, t->param_count);
        put_u8(&b, t->result_count);
        ok = put_valtypes(e, &b, t->params, t->param_count) &&
             put_valtypes(e, &b, t->results, t->result_count);
    }
    put_indexed_section(e, XIP_SECTION_TYPE, &b, &marks);
    return ok;
}

/* Writes limits as u32 min, u32 max (XIP_NO_MAX: none); fails if they exceed 32 bits. */
static bool put_limits(enc *e, xc_buffer *b, const wasm_limits *l, size_t offset)
{
    if (l->min > 0xffffffffu || (l->has_max && l->max > 0xffffffffu))
        return xc_error_set(e->error, offset, XC_NO_FUNC, "limits exceed 32 bits");
    put_u32(b, (uint32_t)l->min);
    put_u32(b, l->has_max ? (uint32_t)l->max : XIP_NO_MAX);
    return true;
}

/*
 * Table buffer words of a RAM table with limits l, for the `before` fields:
 * its max, or its min when it has none (the executor's placement).
 */
static uint64_t ram_capacity(const wasm_limits *l)
{
    return l->has_max ? l->max : l->min;
}

/* Writes a `before` field: words, saturated at 0xffffffff (no executor can hold such a table buffer). */
static void put_before(xc_buffer *b, uint64_t words)
{
    put_u32(b, words > 0xffffffffu ? 0xffffffffu : (uint32_t)words);
}

/* The words of the imported tables (each a RAM table), before the defined ones. */
static uint64_t imported_table_words(const wasm_module *m)
{
    uint64_t words = 0;
    for (uint32_t i = 0; i < m->import_count; i++)
        if (m->imports[i].kind == WASM_EXTERN_TABLE)
            words += ram_capacity(&m->imports[i].desc.table.limits);
    return words;
}

/* Writes the imports grouped by kind (functions, tables, memories, globals), as their index spaces. */
static bool encode_imports(enc *e)
{
    const wasm_module *m = e->module;
    xc_buffer b = {0}, marks = {0};
    uint64_t words = 0; /* the tables' so far */
    bool ok = check_count(e, m->import_count, "imports");
    if (m->import_count)
        put_u16(&b, m->import_count);
    for (unsigned kind = WASM_EXTERN_FUNC; kind <= WASM_EXTERN_GLOBAL; kind++) {
        for (uint32_t i = 0; i < m->import_count && ok; i++) {
            const wasm_import *imp = &m->imports[i];
            if (imp->kind != kind)
                continue;
            mark_entry(&marks, &b);
            put_u8(&b, kind);
            if (kind == WASM_EXTERN_FUNC) {
                put_u16(&b, e->program->type_map[imp->desc.type_index]);
            } else if (kind == WASM_EXTERN_TABLE) {
                put_u8(&b, imp->desc.table.elem_type);
                ok = put_limits(e, &b, &imp->desc.table.limits, imp->offset);
                put_before(&b, words);
                words += ram_capacity(&imp->desc.table.limits);
            } else if (kind == WASM_EXTERN_MEMORY) {
                ok = put_limits(e, &b, &imp->desc.memory.limits, imp->offset);
                put_u8(&b, imp->desc.memory.page_size_log2);
            } else {
                put_u8(&b, imp->desc.global.type);
                put_u8(&b, imp->desc.global.mutable_ ? 1 : 0);
            }
            ok = ok && put_name(e, &b, imp->module, imp->module_len, imp->offset) &&
                 put_name(e, &b, imp->field, imp->field_len, imp->offset);
        }
    }
    put_indexed_section(e, XIP_SECTION_IMPORT, &b, &marks);
    return ok;
}

/* Byte offset of every instruction of f from the function start; [insn_count] = its size. */
static uint32_t *insn_offsets(const xc_ir_func *f)
{
    uint32_t *at = malloc(((size_t)f->insn_count + 1) * sizeof *at);
    assert(at);
    uint32_t pos = 0;
    for (uint32_t i = 0; i < f->insn_count; i++) {
        at[i] = pos;
        pos += xc_insn_size(&f->insns[i]);
    }
    at[f->insn_count] = pos;
    return at;
}

/* Writes the relative branch offset from `from` to label. */
static bool put_target(enc *e, xc_buffer *b, const xc_ir_func *f, const uint32_t *at, uint32_t from,
                       uint32_t label, uint32_t func_index)
{
    assert(label < f->label_count && f->label_insn[label] != XC_LABEL_UNBOUND);
    int64_t delta = (int64_t)at[f->label_insn[label]] - (int64_t)from;
    if (delta < -32768 || delta > 32767)
        return xc_error_set(e->error, XC_NO_OFFSET, func_index,
                            "function code too large: a branch spans %lld bytes, beyond the i16 branch range",
                            (long long)delta);
    put_u16(b, (uint16_t)(int16_t)delta);
    return true;
}

/* Writes one instruction. */
static bool put_insn(enc *e, xc_buffer *b, const xc_ir_func *f, const uint32_t *at, uint32_t index,
                     uint32_t func_index)
{
    const xc_ir_insn *insn = &f->insns[index];
    put_u8(b, insn->op);
    for (unsigned k = 0; k < 4; k++) {
        int64_t v = insn->operand[k];
        switch (xc_op_field(insn->op, k)) {
        case XIP_FIELD_NONE:
            return true;
        case XIP_FIELD_REG:
        case XIP_FIELD_REG3:
            assert(v >= 0 && v < (int64_t)XIP_MAX_REGISTERS);
            put_u8(b, (uint32_t)v);
            break;
        case XIP_FIELD_COUNT8:
        case XIP_FIELD_TABLE:
            assert(v >= 0 && v <= 255);
            put_u8(b, (uint32_t)v);
            break;
        case XIP_FIELD_K16:
        case XIP_FIELD_OFFSET16:
        case XIP_FIELD_U16:
            put_u16(b, (uint16_t)v);
            break;
        case XIP_FIELD_K32:
            put_u32(b, (uint32_t)v);
            break;
        case XIP_FIELD_K64:
            put_u64(b, (uint64_t)v);
            break;
        case XIP_FIELD_FUNC:
        case XIP_FIELD_TYPE:
        case XIP_FIELD_GLOBAL:
        case XIP_FIELD_FAR:
        case XIP_FIELD_BASE16:
        case XIP_FIELD_SEGMENT:
            if (v < 0 || v > 0xffff)
                return xc_error_set(e->error, insn->wasm_offset, func_index,
                                    "index %lld exceeds the limit of 65535", (long long)v);
            put_u16(b, (uint32_t)v);
            break;
        case XIP_FIELD_TARGET:
            if (!put_target(e, b, f, at, at[index], (uint32_t)v, func_index))
                return false;
            break;
        case XIP_FIELD_TARGETS:
            if (insn->table_count - 1 > 0xffff)
                return xc_error_set(e->error, insn->wasm_offset, func_index,
                                    "br_table with %u targets exceeds the limit of 65535",
                                    (unsigned)(insn->table_count - 1));
            put_u16(b, insn->table_count - 1);
            for (uint32_t t = 0; t < insn->table_count; t++)
                if (!put_target(e, b, f, at, at[index], f->table_labels[(uint32_t)v + t], func_index))
                    return false;
            break;
        }
    }
    return true;
}

/* Writes FUNC (entries) and CODE (bytecode) together. */
static bool encode_funcs(enc *e, xc_buffer *code)
{
    const xc_program *p = e->program;
    const wasm_module *m = e->module;
    xc_buffer b = {0};
    bool ok = check_count(e, (uint64_t)m->import_func_count + p->func_count, "functions");
    if (p->func_count)
        put_u16(&b, p->func_count);
    for (uint32_t i = 0; i < p->func_count && ok; i++) {
        const xc_ir_func *f = &p->funcs[i];
        uint32_t func_index = m->import_func_count + i;
        if (f->local_count > 0xffff || f->frame_size > 0xffff)
            ok = xc_error_set(e->error, XC_NO_OFFSET, func_index, "frame of %u slots exceeds the limit of 65535",
                              (unsigned)f->frame_size);
        if (!ok)
            break;
        put_u16(&b, f->image_type);
        put_u8(&b, f->param_count);
        put_u8(&b, f->result_count);
        put_u16(&b, f->local_count);
        put_u16(&b, f->frame_size);
        put_u32(&b, (uint32_t)code->size);
        e->code_starts[i] = (uint32_t)code->size;
        uint32_t *at = insn_offsets(f);
        for (uint32_t k = 0; k < f->insn_count && ok; k++)
            ok = put_insn(e, code, f, at, k, func_index);
        free(at);
    }
    put_section(e, XIP_SECTION_FUNC, &b);
    return ok;
}

/* Translates expr into out with every global readable. */
static bool put_cexpr(enc *e, xc_buffer *out, const wasm_const_expr *expr, xc_const *result)
{
    return xc_plan_const(e->module, e->plan, expr, out, result, e->error);
}

/* Writes GLOBAL: each initializer may read the globals before it. */
static bool encode_globals(enc *e)
{
    const wasm_module *m = e->module;
    xc_buffer b = {0}, marks = {0};
    bool ok = true;
    if (m->global_count)
        put_u16(&b, m->global_count);
    for (uint32_t g = 0; g < m->global_count && ok; g++) {
        uint32_t index = m->import_global_count + g;
        xc_const_env env = {e->plan->global_values, e->plan->global_known, index};
        xc_const c;
        mark_entry(&marks, &b);
        put_u8(&b, m->globals[g].type.type);
        put_u8(&b, m->globals[g].type.mutable_ ? 1 : 0);
        ok = xc_const_encode(m, &m->globals[g].init, &env, &b, &c, e->error);
    }
    put_indexed_section(e, XIP_SECTION_GLOBAL, &b, &marks);
    return ok;
}

/* Writes the contents of flash table t (n entries) from the segments folded into it. */
static bool put_flash_table(enc *e, xc_buffer *b, uint32_t t, uint32_t n)
{
    const wasm_module *m = e->module;
    size_t bytes;
    uint16_t *slots = xip_array_bytes(n, 1, sizeof *slots, &bytes) ? malloc(bytes) : NULL;
    assert(slots); /* n <= XC_MAX_TABLE_MIN: the validator refused larger tables */
    bool ok = true;
    for (uint32_t i = 0; i < n; i++)
        slots[i] = XIP_NULL_FUNC;
    for (uint32_t s = 0; s < m->elem_count && ok; s++) {
        const wasm_elem *el = &m->elems[s];
        if (!e->plan->folded_elem[s] || el->table_index != m->import_table_count + t)
            continue;
        xc_buffer scratch = {0};
        xc_const off;
        ok = put_cexpr(e, &scratch, &el->offset_expr, &off);
        xc_buffer_free(&scratch);
        for (uint32_t i = 0; i < el->count && ok; i++) {
            bool folded;
            uint64_t f;
            ok = xc_plan_elem_item(m, e->plan, el, i, &folded, &f, e->error);
            if (ok && f != XIP_NULL_REF && f >= XIP_NULL_FUNC)
                ok = xc_error_set(e->error, el->offset, XC_NO_FUNC,
                                  "element function index %llu exceeds the limit of 65534", (unsigned long long)f);
            slots[(uint32_t)off.value + i] = f == XIP_NULL_REF ? XIP_NULL_FUNC : (uint16_t)f;
        }
    }
    put_u32(b, n);
    for (uint32_t i = 0; i < n; i++)
        put_u16(b, slots[i]);
    free(slots);
    return ok;
}

static bool encode_tables(enc *e)
{
    const wasm_module *m = e->module;
    xc_buffer b = {0}, marks = {0};
    uint64_t words = imported_table_words(m); /* the RAM tables' so far */
    uint32_t ram = m->import_table_count;     /* RAM tables so far */
    bool ok = check_count(e, m->table_count, "tables") &&
              check_count(e, (uint64_t)m->import_table_count + m->table_count, "tables");
    if (m->table_count)
        put_u16(&b, m->table_count);
    for (uint32_t t = 0; t < m->table_count && ok; t++) {
        const wasm_table_type *tt = &m->tables[t];
        mark_entry(&marks, &b);
        put_u8(&b, tt->elem_type);
        put_u8(&b, e->plan->ram_table[t] ? XIP_TABLE_RAM : 0);
        ok = put_limits(e, &b, &tt->limits, XC_NO_OFFSET);
        if (ok && !e->plan->ram_table[t]) {
            ok = put_flash_table(e, &b, t, (uint32_t)tt->limits.min);
        } else if (ok && ram > 255) {
            ok = xc_error_set(e->error, XC_NO_OFFSET, XC_NO_FUNC,
                              "table %u: more than 256 tables are not supported", (unsigned)(m->import_table_count + t));
        } else if (ok) {
            put_u8(&b, ram++);
            put_before(&b, words);
            words += ram_capacity(&tt->limits);
        }
    }
    put_indexed_section(e, XIP_SECTION_TABLE, &b, &marks);
    return ok;
}

static bool encode_memory(enc *e)
{
    const wasm_module *m = e->module;
    if (m->import_memory_count + m->memory_count > 1)
        return xc_error_set(e->error, XC_NO_OFFSET, XC_NO_FUNC, "multiple memories are not supported yet");
    if (m->memory_count == 0)
        return true;
    const wasm_memory_type *mt = &m->memories[0];
    xc_buffer b = {0};
    put_u8(&b, 1);
    bool ok = put_limits(e, &b, &mt->limits, XC_NO_OFFSET);
    put_u8(&b, mt->page_size_log2);
    put_section(e, XIP_SECTION_MEMORY, &b);
    return ok;
}

static bool encode_exports(enc *e)
{
    const wasm_module *m = e->module;
    xc_buffer b = {0}, marks = {0};
    bool ok = check_count(e, m->export_count, "exports");
    if (m->export_count)
        put_u16(&b, m->export_count);
    for (uint32_t i = 0; i < m->export_count && ok; i++) {
        const wasm_export *x = &m->exports[i];
        mark_entry(&marks, &b);
        put_u8(&b, x->kind);
        put_u16(&b, x->index);
        ok = put_name(e, &b, x->name, x->name_len, x->offset);
    }
    put_indexed_section(e, XIP_SECTION_EXPORT, &b, &marks);
    return ok;
}

static bool encode_data(enc *e)
{
    const wasm_module *m = e->module;
    xc_buffer b = {0}, marks = {0};
    bool ok = check_count(e, m->data_count, "data segments");
    if (m->data_count)
        put_u16(&b, m->data_count);
    for (uint32_t i = 0; i < m->data_count && ok; i++) {
        const wasm_data *d = &m->datas[i];
        xc_const off;
        mark_entry(&marks, &b);
        put_u8(&b, d->mode == WASM_SEGMENT_ACTIVE ? XIP_SEGMENT_ACTIVE : XIP_SEGMENT_PASSIVE);
        if (d->mode == WASM_SEGMENT_ACTIVE)
            ok = put_cexpr(e, &b, &d->offset_expr, &off);
        put_u32(&b, d->size);
        xc_buffer_append(&b, d->bytes, d->size);
    }
    put_indexed_section(e, XIP_SECTION_DATA, &b, &marks);
    return ok;
}

/* Element segments the image must list: every one up to the last that is not dropped or is named by code. */
static uint32_t elem_needed(const enc *e)
{
    const wasm_module *m = e->module;
    uint32_t needed = 0;
    for (uint32_t s = 0; s < m->elem_count; s++)
        if (m->elems[s].mode == WASM_SEGMENT_PASSIVE || (m->elems[s].mode == WASM_SEGMENT_ACTIVE && !e->plan->folded_elem[s]))
            needed = s + 1;
    for (uint32_t f = 0; f < m->func_count; f++) {
        for (uint32_t i = 0; i < m->funcs[f].insn_count; i++) {
            const wasm_insn *in = &m->funcs[f].insns[i];
            if (in->opcode == WASM_OP_TABLE_INIT && in->imm.pair.a >= needed)
                needed = in->imm.pair.a + 1;
            if (in->opcode == WASM_OP_ELEM_DROP && in->imm.index >= needed)
                needed = in->imm.index + 1;
        }
    }
    return needed;
}

/* Writes one element segment. */
static bool put_elem(enc *e, xc_buffer *b, uint32_t s)
{
    const wasm_elem *el = &e->module->elems[s];
    bool dropped = el->mode == WASM_SEGMENT_DECLARATIVE || e->plan->folded_elem[s], ok = true;
    put_u8(b, dropped ? XIP_SEGMENT_DROPPED
                      : el->mode == WASM_SEGMENT_ACTIVE ? XIP_SEGMENT_ACTIVE : XIP_SEGMENT_PASSIVE);
    put_u8(b, el->elem_type);
    if (dropped) {
        put_u32(b, 0);
        return true;
    }
    if (el->mode == WASM_SEGMENT_ACTIVE) {
        xc_const off;
        if (el->table_index > 255)
            return xc_error_set(e->error, el->offset, XC_NO_FUNC, "table index %u exceeds the limit of 255",
                                (unsigned)el->table_index);
        put_u8(b, el->table_index);
        ok = put_cexpr(e, b, &el->offset_expr, &off);
    }
    put_u32(b, el->count);
    for (uint32_t i = 0; i < el->count && ok; i++) {
        xc_const c;
        if (!el->func_indices) {
            ok = put_cexpr(e, b, &el->exprs[i], &c);
            continue;
        }
        if (el->func_indices[i] >= XIP_NULL_FUNC)
            return xc_error_set(e->error, el->offset, XC_NO_FUNC,
                                "element function index %u exceeds the limit of 65534", (unsigned)el->func_indices[i]);
        put_u8(b, XIP_CEXPR_REF_FUNC);
        put_u16(b, el->func_indices[i]);
        put_u8(b, XIP_CEXPR_END);
    }
    return ok;
}

static bool encode_elems(enc *e)
{
    uint32_t needed = elem_needed(e);
    xc_buffer b = {0}, marks = {0};
    bool ok = check_count(e, needed, "element segments");
    if (needed)
        put_u16(&b, needed);
    for (uint32_t s = 0; s < needed && ok; s++) {
        mark_entry(&marks, &b);
        ok = put_elem(e, &b, s);
    }
    put_indexed_section(e, XIP_SECTION_ELEM, &b, &marks);
    return ok;
}

bool xc_encode(const xc_program *program, const xc_plan *plan, xc_buffer *out, xc_error *error)
{
    enc e = {program, program->module, out, error, plan, calloc(program->func_count + 1, sizeof(uint32_t))};
    const wasm_module *m = program->module;
    xc_buffer_append(out, xip_magic(), XIP_MAGIC_SIZE);
    put_u8(out, XIP_FORMAT_VERSION);
    put_u8(out, program->uses_float ? XIP_IMAGE_FLOAT : 0);
    put_u16(out, 0);
    put_u32(out, 0); /* size, patched below */
    put_u32(out, 0); /* checksum, patched below */
    xc_buffer code = {0};
    bool ok = encode_types(&e) && encode_imports(&e) && encode_funcs(&e, &code) && encode_tables(&e) &&
              encode_memory(&e) && encode_globals(&e) && encode_exports(&e);
    if (ok && m->has_start) {
        xc_buffer b = {0};
        put_u16(&b, m->start_func);
        put_section(&e, XIP_SECTION_START, &b);
    }
    ok = ok && encode_data(&e);
    xc_buffer refs = {0}; /* REFS, last: only functions that handle references get an entry */
    ok = ok && xc_encode_refs(program, code.data, e.code_starts, (uint32_t)code.size, &refs, error);
    if (ok)
        put_section(&e, XIP_SECTION_CODE, &code);
    ok = ok && encode_elems(&e);
    if (ok)
        put_section(&e, XIP_SECTION_REFS, &refs);
    free(e.code_starts);
    xc_buffer_free(&refs);
    xc_buffer_free(&code);
    if (!ok)
        return false;
    if (out->size > 0xffffffffu)
        return xc_error_set(error, XC_NO_OFFSET, XC_NO_FUNC, "image exceeds 4 GiB");
    xip_write_u32(out->data + 12, (uint32_t)out->size);
    xip_write_u32(out->data + 16, xip_adler32(1, out->data + XIP_HEADER_SIZE, (uint32_t)(out->size - XIP_HEADER_SIZE)));
    return true;
}
