/*
 * encode.c: writes the image (format/xip_format.h): header, then the
 * sections TYPE, IMPORT, FUNC, TABLE, MEMORY, GLOBAL, EXPORT, START, DATA,
 * CODE in that order (empty ones omitted), then patches the size and CRC.
 * The output depends only on the program, so it is deterministic.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "constexpr.h"
#include "passes.h"
#include "program.h"

typedef struct enc {
    const xc_program *program;
    const wasm_module *module;
    xc_buffer *out;
    xc_error *error;
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

/* Writes a name (u8 length + bytes). */
static bool put_name(enc *e, xc_buffer *b, const char *name, uint32_t len, size_t offset)
{
    if (len > 255)
        return xc_error_set(e->error, offset, XC_NO_FUNC, "name of %u bytes exceeds the limit of 255",
                            (unsigned)len);
    put_u8(b, len);
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
    xc_buffer b = {0};
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
        put_u8(&b, t->param_count);
        put_u8(&b, t->result_count);
        ok = put_valtypes(e, &b, t->params, t->param_count) &&
             put_valtypes(e, &b, t->results, t->result_count);
    }
    put_section(e, XIP_SECTION_TYPE, &b);
    return ok;
}

static bool encode_imports(enc *e)
{
    const wasm_module *m = e->module;
    xc_buffer b = {0};
    bool ok = check_count(e, m->import_count, "imports");
    if (m->import_count)
        put_u16(&b, m->import_count);
    for (uint32_t i = 0; i < m->import_count && ok; i++) {
        const wasm_import *imp = &m->imports[i];
        assert(imp->kind == WASM_EXTERN_FUNC); /* lower rejects the others */
        put_u8(&b, XIP_EXTERN_FUNC);
        put_u16(&b, e->program->type_map[imp->desc.type_index]);
        ok = put_name(e, &b, imp->module, imp->module_len, imp->offset) &&
             put_name(e, &b, imp->field, imp->field_len, imp->offset);
    }
    put_section(e, XIP_SECTION_IMPORT, &b);
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
        uint32_t *at = insn_offsets(f);
        for (uint32_t k = 0; k < f->insn_count && ok; k++)
            ok = put_insn(e, code, f, at, k, func_index);
        free(at);
    }
    put_section(e, XIP_SECTION_FUNC, &b);
    return ok;
}

/* Fills the contents of table t from its active element segments. */
static bool fill_table(enc *e, uint32_t t, uint16_t *slots, uint32_t n)
{
    const wasm_module *m = e->module;
    for (uint32_t i = 0; i < n; i++)
        slots[i] = XIP_NULL_FUNC;
    for (uint32_t s = 0; s < m->elem_count; s++) {
        const wasm_elem *el = &m->elems[s];
        if (el->mode != WASM_SEGMENT_ACTIVE || el->table_index != t)
            continue;
        uint64_t start;
        if (!xc_const_eval(m, &el->offset_expr, NULL, 0, &start, e->error))
            return false;
        start = (uint32_t)start;
        if (start + el->count > n)
            return xc_error_set(e->error, el->offset, XC_NO_FUNC,
                                "element segment does not fit (offset %u + %u entries > table size %u)",
                                (unsigned)start, (unsigned)el->count, (unsigned)n);
        for (uint32_t i = 0; i < el->count; i++) {
            uint64_t f;
            if (el->func_indices)
                f = el->func_indices[i];
            else if (!xc_const_eval(m, &el->exprs[i], NULL, 0, &f, e->error))
                return false;
            if (f > XIP_NULL_FUNC)
                return xc_error_set(e->error, el->offset, XC_NO_FUNC,
                                    "element function index %llu exceeds the limit of 65534",
                                    (unsigned long long)f);
            slots[start + i] = (uint16_t)f;
        }
    }
    return true;
}

static bool encode_tables(enc *e)
{
    const wasm_module *m = e->module;
    xc_buffer b = {0};
    bool ok = check_count(e, m->table_count, "tables");
    if (m->table_count)
        put_u16(&b, m->table_count);
    for (uint32_t t = 0; t < m->table_count && ok; t++) {
        const wasm_table_type *tt = &m->tables[t];
        if (tt->limits.min > 0xffff) {
            ok = xc_error_set(e->error, XC_NO_OFFSET, XC_NO_FUNC,
                              "table %u of %llu entries exceeds the limit of 65535", (unsigned)t,
                              (unsigned long long)tt->limits.min);
            break;
        }
        uint32_t n = (uint32_t)tt->limits.min;
        uint16_t *slots = malloc((n ? n : 1) * sizeof *slots);
        assert(slots);
        ok = fill_table(e, t, slots, n);
        put_u8(&b, tt->elem_type);
        put_u32(&b, n);
        put_u32(&b, tt->limits.has_max && tt->limits.max < XIP_NO_MAX ? (uint32_t)tt->limits.max : XIP_NO_MAX);
        put_u32(&b, n);
        for (uint32_t i = 0; i < n; i++)
            put_u16(&b, slots[i]);
        free(slots);
    }
    put_section(e, XIP_SECTION_TABLE, &b);
    return ok;
}

static bool encode_memory(enc *e)
{
    const wasm_module *m = e->module;
    if (m->memory_count == 0)
        return true;
    if (m->memory_count > 1)
        return xc_error_set(e->error, XC_NO_OFFSET, XC_NO_FUNC, "multiple memories are not supported yet");
    const wasm_memory_type *mt = &m->memories[0];
    if (mt->limits.min > 0xffffffffu || (mt->limits.has_max && mt->limits.max > 0xffffffffu))
        return xc_error_set(e->error, XC_NO_OFFSET, XC_NO_FUNC, "memory limits exceed 32 bits");
    xc_buffer b = {0};
    put_u8(&b, 1);
    put_u32(&b, (uint32_t)mt->limits.min);
    put_u32(&b, mt->limits.has_max ? (uint32_t)mt->limits.max : XIP_NO_MAX);
    put_u8(&b, mt->page_size_log2);
    put_section(e, XIP_SECTION_MEMORY, &b);
    return true;
}

static bool encode_globals(enc *e)
{
    const wasm_module *m = e->module;
    if (!check_count(e, m->global_count, "globals"))
        return false;
    uint64_t *values = calloc(m->global_count ? m->global_count : 1, sizeof *values);
    assert(values);
    xc_buffer b = {0};
    bool ok = true;
    if (m->global_count)
        put_u16(&b, m->global_count);
    for (uint32_t g = 0; g < m->global_count && ok; g++) {
        ok = xc_const_eval(m, &m->globals[g].init, values, g, &values[g], e->error);
        put_u8(&b, m->globals[g].type.type);
        put_u8(&b, m->globals[g].type.mutable_ ? 1 : 0);
        put_u64(&b, values[g]);
    }
    free(values);
    put_section(e, XIP_SECTION_GLOBAL, &b);
    return ok;
}

static bool encode_exports(enc *e)
{
    const wasm_module *m = e->module;
    xc_buffer b = {0};
    bool ok = check_count(e, m->export_count, "exports");
    if (m->export_count)
        put_u16(&b, m->export_count);
    for (uint32_t i = 0; i < m->export_count && ok; i++) {
        const wasm_export *x = &m->exports[i];
        put_u8(&b, x->kind);
        put_u16(&b, x->index);
        ok = put_name(e, &b, x->name, x->name_len, x->offset);
    }
    put_section(e, XIP_SECTION_EXPORT, &b);
    return ok;
}

static bool encode_data(enc *e)
{
    const wasm_module *m = e->module;
    xc_buffer b = {0};
    bool ok = check_count(e, m->data_count, "data segments");
    if (m->data_count)
        put_u16(&b, m->data_count);
    for (uint32_t i = 0; i < m->data_count && ok; i++) {
        const wasm_data *d = &m->datas[i];
        uint64_t offset = 0;
        if (d->mode != WASM_SEGMENT_ACTIVE)
            ok = xc_error_set(e->error, d->offset, XC_NO_FUNC, "passive data segments are not supported yet");
        else
            ok = xc_const_eval(m, &d->offset_expr, NULL, 0, &offset, e->error);
        put_u32(&b, (uint32_t)offset);
        put_u32(&b, d->size);
        xc_buffer_append(&b, d->bytes, d->size);
    }
    put_section(e, XIP_SECTION_DATA, &b);
    return ok;
}

bool xc_encode(const xc_program *program, xc_buffer *out, xc_error *error)
{
    enc e = {program, program->module, out, error};
    const wasm_module *m = program->module;
    xc_buffer_append(out, xip_magic(), XIP_MAGIC_SIZE);
    put_u8(out, XIP_FORMAT_VERSION);
    put_u8(out, program->uses_float ? XIP_IMAGE_FLOAT : 0);
    put_u16(out, 0);
    put_u32(out, 0); /* size, patched below */
    put_u32(out, 0); /* CRC, patched below */
    xc_buffer code = {0};
    bool ok = encode_types(&e) && encode_imports(&e) && encode_funcs(&e, &code) && encode_tables(&e) &&
              encode_memory(&e) && encode_globals(&e) && encode_exports(&e);
    if (ok && m->has_start) {
        xc_buffer b = {0};
        put_u16(&b, m->start_func);
        put_section(&e, XIP_SECTION_START, &b);
    }
    ok = ok && encode_data(&e);
    if (ok)
        put_section(&e, XIP_SECTION_CODE, &code);
    xc_buffer_free(&code);
    if (!ok)
        return false;
    if (out->size > 0xffffffffu)
        return xc_error_set(error, XC_NO_OFFSET, XC_NO_FUNC, "image exceeds 4 GiB");
    xip_write_u32(out->data + 12, (uint32_t)out->size);
    xip_write_u32(out->data + 16, xip_crc32(0, out->data + XIP_HEADER_SIZE, (uint32_t)(out->size - XIP_HEADER_SIZE)));
    return true;
}
