/*
 * decode.c: the decode pass. Parses a Wasm 2.0 binary (no SIMD; with the
 * custom-page-sizes memory flag) into a wasm_module and rejects malformed
 * input with the byte offset and a message in the spirit of the spec's
 * assert_malformed texts. Structural validation is left to validate.c.
 *
 * Like the reference interpreter, a section's (or body's) contents are read
 * until the file end and only then checked against the declared size, so a
 * truncated entry reports what it ran into. Custom sections are skipped
 * within their declared size.
 */
#include "decode_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    SECTION_CUSTOM = 0,
    SECTION_TYPE = 1,
    SECTION_IMPORT = 2,
    SECTION_FUNCTION = 3,
    SECTION_TABLE = 4,
    SECTION_MEMORY = 5,
    SECTION_GLOBAL = 6,
    SECTION_EXPORT = 7,
    SECTION_START = 8,
    SECTION_ELEMENT = 9,
    SECTION_CODE = 10,
    SECTION_DATA = 11,
    SECTION_DATA_COUNT = 12,
    SECTION_ID_COUNT = 13
};

/*
 * Reads a section's item count (at most the bytes left) and refuses it when
 * `before` (items of the same index space already imported) plus the count
 * exceed XC_MAX_ITEMS: the image holds every count and index in 16 bits.
 */
static bool read_item_count(xc_reader *r, uint32_t before, const char *what, uint32_t *count)
{
    size_t at = r->pos;
    if (!xc_read_count(r, count))
        return false;
    if ((uint64_t)before + *count > XC_MAX_ITEMS) {
        char message[128];
        snprintf(message, sizeof message, "%llu %s exceed the implementation limit of %u",
                 (unsigned long long)before + *count, what, (unsigned)XC_MAX_ITEMS);
        return xc_reader_fail(r, at, message);
    }
    return true;
}

/* Position of each known section in the required order (data count sits before code). */
static const uint8_t section_rank[SECTION_ID_COUNT] = {
    [SECTION_TYPE] = 1,     [SECTION_IMPORT] = 2, [SECTION_FUNCTION] = 3,    [SECTION_TABLE] = 4,
    [SECTION_MEMORY] = 5,   [SECTION_GLOBAL] = 6, [SECTION_EXPORT] = 7,      [SECTION_START] = 8,
    [SECTION_ELEMENT] = 9,  [SECTION_DATA_COUNT] = 10, [SECTION_CODE] = 11,  [SECTION_DATA] = 12,
};

/* State of one decode run beyond the shared decoder. */
typedef struct module_state {
    xc_decoder decoder;
    xc_reader reader;
    uint32_t *func_types;   /* the function section */
    uint32_t declared_funcs;
    bool has_function_section;
    bool has_code_section;
    uint32_t code_count;      /* bodies in the code section, checked against declared_funcs at the end */
    size_t code_count_offset;
    bool has_data_section;
} module_state;

/* type section: vec(0x60 vec(valtype) vec(valtype)) */
static bool decode_types(module_state *state)
{
    xc_reader *r = &state->reader;
    wasm_module *m = state->decoder.module;
    uint32_t count;
    if (!xc_read_count(r, &count))
        return false;
    m->types = xc_alloc_array(count, sizeof *m->types);
    for (uint32_t i = 0; i < count; i++) {
        wasm_functype *type = &m->types[i];
        size_t at = r->pos;
        uint8_t form;
        m->type_count = i + 1;
        if (!xc_read_u8(r, &form))
            return false;
        if (form & 0x80)
            return xc_reader_fail(r, at, "integer representation too long");
        if (form != 0x60)
            return xc_reader_fail(r, at, form == 0x4e || form == 0x4f || form == 0x50 || form == 0x5e || form == 0x5f
                                             ? "malformed function type (a GC type: the gc proposal is not supported)"
                                             : "malformed function type");
        if (!xc_read_count(r, &type->param_count))
            return false;
        type->params = xc_alloc_array(type->param_count, 1);
        for (uint32_t j = 0; j < type->param_count; j++)
            if (!xc_read_valtype(r, &type->params[j]))
                return false;
        if (!xc_read_count(r, &type->result_count))
            return false;
        type->results = xc_alloc_array(type->result_count, 1);
        for (uint32_t j = 0; j < type->result_count; j++)
            if (!xc_read_valtype(r, &type->results[j]))
                return false;
    }
    return true;
}

/* importdesc: 0x00 typeidx | 0x01 tabletype | 0x02 memtype | 0x03 globaltype */
static bool decode_import_desc(module_state *state, wasm_import *import)
{
    xc_reader *r = &state->reader;
    wasm_module *m = state->decoder.module;
    size_t at = r->pos;
    if (!xc_read_u8(r, &import->kind))
        return false;
    switch (import->kind) {
    case WASM_EXTERN_FUNC:
        m->import_func_count++;
        return xc_read_u32(r, &import->desc.type_index);
    case WASM_EXTERN_TABLE:
        m->import_table_count++;
        return xc_read_table_type(r, &import->desc.table);
    case WASM_EXTERN_MEMORY:
        m->import_memory_count++;
        return xc_read_memory_type(r, &import->desc.memory);
    case WASM_EXTERN_GLOBAL:
        m->import_global_count++;
        return xc_read_global_type(r, &import->desc.global);
    default:
        return xc_reader_fail(r, at, import->kind == 4 ? "malformed import kind (a tag: the exception-handling proposal is not supported)"
                                               : "malformed import kind");
    }
}

/* import section: vec(name name importdesc) */
static bool decode_imports(module_state *state)
{
    xc_reader *r = &state->reader;
    wasm_module *m = state->decoder.module;
    uint32_t count;
    if (!read_item_count(r, 0, "imports", &count))
        return false;
    m->imports = xc_alloc_array(count, sizeof *m->imports);
    for (uint32_t i = 0; i < count; i++) {
        wasm_import *import = &m->imports[i];
        m->import_count = i + 1;
        import->offset = r->pos;
        if (!xc_read_name(r, &import->module, &import->module_len) ||
            !xc_read_name(r, &import->field, &import->field_len) || !decode_import_desc(state, import))
            return false;
    }
    return true;
}

/* function section: vec(typeidx) */
static bool decode_functions(module_state *state)
{
    xc_reader *r = &state->reader;
    uint32_t count;
    if (!read_item_count(r, state->decoder.module->import_func_count, "functions", &count))
        return false;
    state->func_types = xc_alloc_array(count, sizeof *state->func_types);
    state->declared_funcs = count;
    state->has_function_section = true;
    for (uint32_t i = 0; i < count; i++)
        if (!xc_read_u32(r, &state->func_types[i]))
            return false;
    return true;
}

/* table section: vec(tabletype) */
static bool decode_tables(module_state *state)
{
    xc_reader *r = &state->reader;
    wasm_module *m = state->decoder.module;
    uint32_t count;
    if (!read_item_count(r, m->import_table_count, "tables", &count))
        return false;
    m->tables = xc_alloc_array(count, sizeof *m->tables);
    for (uint32_t i = 0; i < count; i++) {
        m->table_count = i + 1;
        if (!xc_read_table_type(r, &m->tables[i]))
            return false;
    }
    return true;
}

/* memory section: vec(memtype) */
static bool decode_memories(module_state *state)
{
    xc_reader *r = &state->reader;
    wasm_module *m = state->decoder.module;
    uint32_t count;
    if (!xc_read_count(r, &count))
        return false;
    m->memories = xc_alloc_array(count, sizeof *m->memories);
    for (uint32_t i = 0; i < count; i++) {
        m->memory_count = i + 1;
        if (!xc_read_memory_type(r, &m->memories[i]))
            return false;
    }
    return true;
}

/* global section: vec(globaltype expr) */
static bool decode_globals(module_state *state)
{
    xc_reader *r = &state->reader;
    wasm_module *m = state->decoder.module;
    uint32_t count;
    if (!read_item_count(r, m->import_global_count, "globals", &count))
        return false;
    m->globals = xc_alloc_array(count, sizeof *m->globals);
    for (uint32_t i = 0; i < count; i++) {
        m->global_count = i + 1;
        if (!xc_read_global_type(r, &m->globals[i].type) ||
            !xc_decode_const_expr(&state->decoder, r, &m->globals[i].init))
            return false;
    }
    return true;
}

/* export section: vec(name exportdesc) */
static bool decode_exports(module_state *state)
{
    xc_reader *r = &state->reader;
    wasm_module *m = state->decoder.module;
    uint32_t count;
    if (!read_item_count(r, 0, "exports", &count))
        return false;
    m->exports = xc_alloc_array(count, sizeof *m->exports);
    for (uint32_t i = 0; i < count; i++) {
        wasm_export *export = &m->exports[i];
        m->export_count = i + 1;
        export->offset = r->pos;
        if (!xc_read_name(r, &export->name, &export->name_len))
            return false;
        size_t at = r->pos;
        if (!xc_read_u8(r, &export->kind))
            return false;
        if (export->kind > WASM_EXTERN_GLOBAL)
            return xc_reader_fail(r, at, "malformed export kind");
        if (!xc_read_u32(r, &export->index))
            return false;
    }
    return true;
}

/* start section: funcidx */
static bool decode_start(module_state *state)
{
    wasm_module *m = state->decoder.module;
    m->has_start = true;
    return xc_read_u32(&state->reader, &m->start_func);
}

/* The element list of a segment: vec(funcidx) or vec(expr). */
static bool decode_elem_items(module_state *state, wasm_elem *elem, bool exprs)
{
    xc_reader *r = &state->reader;
    if (!xc_read_count(r, &elem->count))
        return false;
    if (exprs)
        elem->exprs = xc_alloc_array(elem->count, sizeof *elem->exprs);
    else
        elem->func_indices = xc_alloc_array(elem->count, sizeof *elem->func_indices);
    for (uint32_t i = 0; i < elem->count; i++) {
        bool ok = exprs ? xc_decode_const_expr(&state->decoder, r, &elem->exprs[i])
                        : xc_read_u32(r, &elem->func_indices[i]);
        if (!ok)
            return false;
    }
    return true;
}

/*
 * One element segment. Flag bits: 0 passive/declarative, 1 explicit table
 * index (active) or declarative (otherwise), 2 expressions instead of
 * function indices. Forms 1-3 carry an elemkind byte, forms 5-7 a reftype.
 */
static bool decode_elem(module_state *state, wasm_elem *elem)
{
    xc_reader *r = &state->reader;
    size_t at = r->pos;
    uint32_t flags;
    elem->offset = at;
    elem->elem_type = WASM_FUNCREF;
    if (!xc_read_u32(r, &flags))
        return false;
    if (flags > 7)
        return xc_reader_fail(r, at, "malformed elements segment kind");
    bool passive = flags & 1, explicit = flags & 2, exprs = flags & 4;
    elem->mode = !passive ? WASM_SEGMENT_ACTIVE : explicit ? WASM_SEGMENT_DECLARATIVE : WASM_SEGMENT_PASSIVE;
    if (!passive) {
        if (explicit && !xc_read_u32(r, &elem->table_index))
            return false;
        if (!xc_decode_const_expr(&state->decoder, r, &elem->offset_expr))
            return false;
    }
    if (passive || explicit) {
        if (exprs) {
            if (!xc_read_reftype(r, &elem->elem_type))
                return false;
        } else {
            size_t kind_at = r->pos;
            uint8_t kind;
            if (!xc_read_u8(r, &kind))
                return false;
            if (kind != 0x00)
                return xc_reader_fail(r, kind_at, "malformed element kind");
        }
    }
    return decode_elem_items(state, elem, exprs);
}

/* element section: vec(elem) */
static bool decode_elems(module_state *state)
{
    xc_reader *r = &state->reader;
    wasm_module *m = state->decoder.module;
    uint32_t count;
    if (!xc_read_count(r, &count))
        return false;
    m->elems = xc_alloc_array(count, sizeof *m->elems);
    for (uint32_t i = 0; i < count; i++) {
        m->elem_count = i + 1;
        if (!decode_elem(state, &m->elems[i]))
            return false;
    }
    return true;
}

/* data count section: u32 */
static bool decode_data_count(module_state *state)
{
    wasm_module *m = state->decoder.module;
    m->has_data_count = true;
    return xc_read_u32(&state->reader, &m->data_count_value);
}

/* code section: vec(size locals expr), matching the function section one to one */
static bool decode_code(module_state *state)
{
    xc_reader *r = &state->reader;
    wasm_module *m = state->decoder.module;
    size_t at = r->pos;
    uint32_t count;
    if (!xc_read_count(r, &count))
        return false;
    state->has_code_section = true;
    state->code_count = count;
    state->code_count_offset = at;
    m->funcs = xc_alloc_array(count, sizeof *m->funcs);
    for (uint32_t i = 0; i < count; i++) {
        wasm_func *func = &m->funcs[i];
        size_t size_at = r->pos;
        uint32_t size;
        m->func_count = i + 1;
        func->type_index = i < state->declared_funcs ? state->func_types[i] : 0;
        func->body_offset = size_at;
        if (!xc_read_u32(r, &size))
            return false;
        if (size > xc_reader_left(r))
            return xc_reader_fail(r, size_at, "length out of bounds");
        r->func_index = m->import_func_count + i;
        if (!xc_decode_body(&state->decoder, r, r->pos + size, func))
            return false;
        r->func_index = XC_NO_FUNC;
    }
    return true;
}

/* data section: vec(data); forms 0 (active, memory 0), 1 (passive), 2 (active, memidx) */
static bool decode_datas(module_state *state)
{
    xc_reader *r = &state->reader;
    wasm_module *m = state->decoder.module;
    size_t count_at = r->pos;
    uint32_t count;
    if (!read_item_count(r, 0, "data segments", &count))
        return false;
    state->has_data_section = true;
    if (m->has_data_count && count != m->data_count_value)
        return xc_reader_fail(r, count_at, "data count and data section have inconsistent lengths");
    m->datas = xc_alloc_array(count, sizeof *m->datas);
    for (uint32_t i = 0; i < count; i++) {
        wasm_data *data = &m->datas[i];
        size_t at = r->pos;
        uint32_t flags;
        const uint8_t *bytes = NULL;
        m->data_count = i + 1;
        data->offset = at;
        if (!xc_read_u32(r, &flags))
            return false;
        if (flags > 2)
            return xc_reader_fail(r, at, "malformed data segment kind");
        data->mode = flags == 1 ? WASM_SEGMENT_PASSIVE : WASM_SEGMENT_ACTIVE;
        if (flags == 2 && !xc_read_u32(r, &data->memory_index))
            return false;
        if (flags != 1 && !xc_decode_const_expr(&state->decoder, r, &data->offset_expr))
            return false;
        if (!xc_read_u32(r, &data->size) || !xc_read_bytes(r, data->size, &bytes))
            return false;
        data->bytes = bytes;
    }
    return true;
}

/* custom section: name, then bytes up to the declared end (the reader is bounded by it). */
static bool decode_custom(module_state *state)
{
    xc_reader *r = &state->reader;
    uint32_t length;
    if (!xc_read_name(r, NULL, &length))
        return false;
    r->pos = r->end;
    return true;
}

/* Decodes the contents of one section whose id and size were read. */
static bool decode_section(module_state *state, uint8_t id)
{
    switch (id) {
    case SECTION_CUSTOM: return decode_custom(state);
    case SECTION_TYPE: return decode_types(state);
    case SECTION_IMPORT: return decode_imports(state);
    case SECTION_FUNCTION: return decode_functions(state);
    case SECTION_TABLE: return decode_tables(state);
    case SECTION_MEMORY: return decode_memories(state);
    case SECTION_GLOBAL: return decode_globals(state);
    case SECTION_EXPORT: return decode_exports(state);
    case SECTION_START: return decode_start(state);
    case SECTION_ELEMENT: return decode_elems(state);
    case SECTION_DATA_COUNT: return decode_data_count(state);
    case SECTION_CODE: return decode_code(state);
    case SECTION_DATA: return decode_datas(state);
    default:
        assert(!"section id checked by the caller");
        return false;
    }
}

/* magic "\0asm" and version 1 */
static bool decode_header(module_state *state)
{
    xc_reader *r = &state->reader;
    static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6d};
    const uint8_t *bytes = NULL;
    uint32_t version;
    if (!xc_read_bytes(r, 4, &bytes))
        return false;
    if (memcmp(bytes, magic, 4) != 0)
        return xc_reader_fail(r, 0, "magic header not detected");
    if (!xc_read_fixed32(r, &version))
        return false;
    if (version != 1)
        return xc_reader_fail(r, 4, "unknown binary version");
    return true;
}

/* Reads one section header and contents; checks order, size and uniqueness. */
static bool decode_one_section(module_state *state, uint8_t *last_rank)
{
    xc_reader *r = &state->reader;
    size_t file_end = r->end;
    size_t id_at = r->pos;
    uint8_t id;
    uint32_t size;
    r->eof_message = "unexpected end";
    if (!xc_read_u8(r, &id))
        return false;
    if (id >= SECTION_ID_COUNT)
        return xc_reader_fail(r, id_at, id == 13 ? "malformed section id (13, tags: the exception-handling proposal is not supported)"
                                                 : "malformed section id");
    size_t size_at = r->pos;
    if (!xc_read_u32(r, &size))
        return false;
    if (size > xc_reader_left(r))
        return xc_reader_fail(r, size_at, "length out of bounds");
    size_t start = r->pos, end = r->pos + size;
    if (id != SECTION_CUSTOM) {
        if (section_rank[id] <= *last_rank)
            return xc_reader_fail(r, id_at, "unexpected content after last section");
        *last_rank = section_rank[id];
    }
    r->eof_message = NULL;
    if (id == SECTION_CUSTOM)
        r->end = end;
    bool ok = decode_section(state, id);
    r->end = file_end;
    if (!ok)
        return false;
    if (r->pos != end) {
        return xc_error_set(r->error, start, XC_NO_FUNC,
                            "section size mismatch: section %u declares %u bytes but its contents take %zu",
                            (unsigned)id, (unsigned)size, r->pos - start);
    }
    return true;
}

/* Checks the cross-section counts once every section is read. */
static bool check_counts(module_state *state)
{
    wasm_module *m = state->decoder.module;
    xc_reader *r = &state->reader;
    if (!state->has_code_section && state->declared_funcs != 0)
        return xc_reader_fail(r, r->pos, "function and code section have inconsistent lengths");
    if (state->has_code_section && state->code_count != state->declared_funcs)
        return xc_reader_fail(r, state->code_count_offset, "function and code section have inconsistent lengths");
    if (m->has_data_count && !state->has_data_section && m->data_count_value != 0)
        return xc_reader_fail(r, r->pos, "data count and data section have inconsistent lengths");
    return true;
}

bool xc_decode(const uint8_t *bytes, size_t size, wasm_module *module, xc_error *error)
{
    module_state state;
    memset(&state, 0, sizeof state);
    state.decoder.module = module;
    state.decoder.error = error;
    state.reader.bytes = bytes;
    state.reader.end = size;
    state.reader.error = error;
    state.reader.func_index = XC_NO_FUNC;
    state.reader.eof_message = "unexpected end";
    module->bytes = bytes;
    module->size = size;
    bool ok;
    if (size > UINT32_MAX) {
        ok = xc_error_set(error, 0, XC_NO_FUNC, "module too large (%zu bytes, the limit is 4 GiB)", size);
    } else {
        uint8_t last_rank = 0;
        ok = decode_header(&state);
        while (ok && state.reader.pos < size)
            ok = decode_one_section(&state, &last_rank);
        ok = ok && check_counts(&state);
    }
    free(state.func_types);
    xc_decoder_free_scratch(&state.decoder);
    return ok;
}
