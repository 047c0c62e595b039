/*
 * validate.c: the validate pass, module level. Builds the index spaces,
 * checks types, imports, limits, globals, segments, start and exports, then
 * hands every function body to validate_code.c. Error texts begin with the
 * specification test suite's assert_invalid texts ("unknown table", "type
 * mismatch", ...) so a spec runner can match them by prefix.
 */
#include "passes.h"
#include "validate_internal.h"

#include <stdlib.h>
#include <string.h>

void *xc_valloc(size_t count, size_t size, bool zero)
{
    if (count == 0 || size == 0)
        count = size = 1;
    if (count > SIZE_MAX / size)
        abort();
    void *p = zero ? calloc(count, size) : malloc(count * size);
    if (!p)
        abort();
    return p;
}

void xc_vgrow(void **array, size_t *capacity, size_t need, size_t elem_size)
{
    if (need <= *capacity)
        return;
    size_t cap = *capacity ? *capacity : 16;
    while (cap < need)
        cap = cap <= SIZE_MAX / 2 ? cap * 2 : need;
    if (cap > SIZE_MAX / elem_size)
        abort();
    void *p = realloc(*array, cap * elem_size);
    if (!p)
        abort();
    *array = p;
    *capacity = cap;
}

const char *xc_valtype_name(wasm_valtype type)
{
    switch (type) {
    case XC_TYPE_UNKNOWN: return "unknown";
    default: return wasm_valtype_name(type);
    }
}

bool xc_is_ref_type(wasm_valtype type)
{
    return type == WASM_FUNCREF || type == WASM_EXTERNREF;
}

/* Fills the flattened index spaces of ctx from the imports and definitions. */
static void build_spaces(xc_vctx *ctx)
{
    const wasm_module *m = ctx->module;
    ctx->func_total = m->import_func_count + m->func_count;
    ctx->global_total = m->import_global_count + m->global_count;
    ctx->table_total = m->import_table_count + m->table_count;
    ctx->memory_total = m->import_memory_count + m->memory_count;
    ctx->func_types = xc_valloc(ctx->func_total, sizeof *ctx->func_types, true);
    ctx->globals = xc_valloc(ctx->global_total, sizeof *ctx->globals, true);
    ctx->tables = xc_valloc(ctx->table_total, sizeof *ctx->tables, true);
    ctx->memories = xc_valloc(ctx->memory_total, sizeof *ctx->memories, true);
    ctx->declared = xc_valloc(ctx->func_total, sizeof *ctx->declared, true);
    uint32_t nf = 0, ng = 0, nt = 0, nm = 0;
    for (uint32_t i = 0; i < m->import_count; i++) {
        const wasm_import *imp = &m->imports[i];
        if (imp->kind == WASM_EXTERN_FUNC && nf < m->import_func_count)
            ctx->func_types[nf++] = imp->desc.type_index;
        else if (imp->kind == WASM_EXTERN_GLOBAL && ng < m->import_global_count)
            ctx->globals[ng++] = imp->desc.global;
        else if (imp->kind == WASM_EXTERN_TABLE && nt < m->import_table_count)
            ctx->tables[nt++] = imp->desc.table;
        else if (imp->kind == WASM_EXTERN_MEMORY && nm < m->import_memory_count)
            ctx->memories[nm++] = imp->desc.memory;
    }
    for (uint32_t i = 0; i < m->func_count; i++)
        ctx->func_types[m->import_func_count + i] = m->funcs[i].type_index;
    for (uint32_t i = 0; i < m->global_count; i++)
        ctx->globals[m->import_global_count + i] = m->globals[i].type;
    for (uint32_t i = 0; i < m->table_count; i++)
        ctx->tables[m->import_table_count + i] = m->tables[i];
    for (uint32_t i = 0; i < m->memory_count; i++)
        ctx->memories[m->import_memory_count + i] = m->memories[i];
    ctx->data_total = m->has_data_count ? m->data_count_value : m->data_count;
}

/* Checks that a type index names a function type. */
static bool check_type_index(xc_vctx *ctx, uint32_t index, size_t where, uint32_t func)
{
    if (index >= ctx->module->type_count)
        return xc_error_set(ctx->error, where, func, "unknown type %u", (unsigned)index);
    return true;
}

/* Checks table limits: the minimum must not exceed the maximum, nor XC_MAX_TABLE_MIN. */
static bool check_table_type(xc_vctx *ctx, const wasm_table_type *t, size_t where)
{
    if (!xc_is_ref_type(t->elem_type))
        return xc_error_set(ctx->error, where, XC_NO_FUNC, "malformed reference type");
    if (t->limits.has_max && t->limits.min > t->limits.max)
        return xc_error_set(ctx->error, where, XC_NO_FUNC,
                            "size minimum must not be greater than maximum");
    if (t->limits.min > XC_MAX_TABLE_MIN)
        return xc_error_set(ctx->error, where, XC_NO_FUNC,
                            "table minimum of %llu entries exceeds the implementation limit of %u",
                            (unsigned long long)t->limits.min, (unsigned)XC_MAX_TABLE_MIN);
    return true;
}

/* Checks memory limits against the page size (64 KiB, or 1 byte with custom-page-sizes). */
static bool check_memory_type(xc_vctx *ctx, const wasm_memory_type *t, size_t where)
{
    if (t->page_size_log2 != 0 && t->page_size_log2 != 16)
        return xc_error_set(ctx->error, where, XC_NO_FUNC, "invalid custom page size");
    /* 4 GiB of 64 KiB pages; with 1-byte pages, what a 32-bit limit can hold. */
    uint64_t max_pages = t->page_size_log2 == 16 ? 65536 : UINT32_MAX;
    if (t->limits.min > max_pages || (t->limits.has_max && t->limits.max > max_pages))
        return xc_error_set(ctx->error, where, XC_NO_FUNC,
                            "memory size must be at most %llu pages (4GiB)",
                            (unsigned long long)max_pages);
    if (t->limits.has_max && t->limits.min > t->limits.max)
        return xc_error_set(ctx->error, where, XC_NO_FUNC,
                            "size minimum must not be greater than maximum");
    return true;
}

/* Validates the imports: function type indices, table and memory limits. */
static bool check_imports(xc_vctx *ctx)
{
    const wasm_module *m = ctx->module;
    for (uint32_t i = 0; i < m->import_count; i++) {
        const wasm_import *imp = &m->imports[i];
        bool ok = true;
        if (imp->kind == WASM_EXTERN_FUNC)
            ok = check_type_index(ctx, imp->desc.type_index, imp->offset, XC_NO_FUNC);
        else if (imp->kind == WASM_EXTERN_TABLE)
            ok = check_table_type(ctx, &imp->desc.table, imp->offset);
        else if (imp->kind == WASM_EXTERN_MEMORY)
            ok = check_memory_type(ctx, &imp->desc.memory, imp->offset);
        if (!ok)
            return false;
    }
    return true;
}

/* Validates the function, table, memory and global definitions. */
static bool check_definitions(xc_vctx *ctx)
{
    const wasm_module *m = ctx->module;
    for (uint32_t i = 0; i < m->func_count; i++) {
        if (!check_type_index(ctx, m->funcs[i].type_index, m->funcs[i].body_offset,
                              m->import_func_count + i))
            return false;
    }
    for (uint32_t i = 0; i < m->table_count; i++) {
        if (!check_table_type(ctx, &m->tables[i], m->tables[i].offset))
            return false;
    }
    for (uint32_t i = 0; i < m->memory_count; i++) {
        if (!check_memory_type(ctx, &m->memories[i], XC_NO_OFFSET))
            return false;
    }
    if (ctx->memory_total > 1)
        return xc_error_set(ctx->error, XC_NO_OFFSET, XC_NO_FUNC, "multiple memories (the multi-memory proposal is not supported)");
    for (uint32_t i = 0; i < m->global_count; i++) {
        if (!xc_validate_const_expr(ctx, &m->globals[i].init, m->globals[i].type.type))
            return false;
    }
    return true;
}

/* Validates one element segment: table, offset, element type and items. */
static bool check_elem(xc_vctx *ctx, const wasm_elem *e)
{
    if (e->mode == WASM_SEGMENT_ACTIVE) {
        if (e->table_index >= ctx->table_total)
            return xc_error_set(ctx->error, e->offset, XC_NO_FUNC, "unknown table %u",
                                (unsigned)e->table_index);
        if (!xc_validate_const_expr(ctx, &e->offset_expr, WASM_I32))
            return false;
        if (ctx->tables[e->table_index].elem_type != e->elem_type)
            return xc_error_set(ctx->error, e->offset, XC_NO_FUNC,
                                "type mismatch: segment of %s for a table of %s",
                                xc_valtype_name(e->elem_type),
                                xc_valtype_name(ctx->tables[e->table_index].elem_type));
    }
    if (!xc_is_ref_type(e->elem_type))
        return xc_error_set(ctx->error, e->offset, XC_NO_FUNC, "malformed reference type");
    for (uint32_t j = 0; j < e->count; j++) {
        if (e->exprs) {
            if (!xc_validate_const_expr(ctx, &e->exprs[j], e->elem_type))
                return false;
        } else if (e->func_indices) {
            uint32_t f = e->func_indices[j];
            if (e->elem_type != WASM_FUNCREF)
                return xc_error_set(ctx->error, e->offset, XC_NO_FUNC, "type mismatch");
            if (f >= ctx->func_total)
                return xc_error_set(ctx->error, e->offset, XC_NO_FUNC, "unknown function %u",
                                    (unsigned)f);
            ctx->declared[f] = true;
        }
    }
    return true;
}

/* Validates the element and data segments. */
static bool check_segments(xc_vctx *ctx)
{
    const wasm_module *m = ctx->module;
    for (uint32_t i = 0; i < m->elem_count; i++) {
        if (!check_elem(ctx, &m->elems[i]))
            return false;
    }
    for (uint32_t i = 0; i < m->data_count; i++) {
        const wasm_data *d = &m->datas[i];
        if (d->mode != WASM_SEGMENT_ACTIVE)
            continue;
        if (d->memory_index >= ctx->memory_total)
            return xc_error_set(ctx->error, d->offset, XC_NO_FUNC, "unknown memory %u",
                                (unsigned)d->memory_index);
        if (!xc_validate_const_expr(ctx, &d->offset_expr, WASM_I32))
            return false;
    }
    return true;
}

/* Validates the start function: it must exist and have type [] -> []. */
static bool check_start(xc_vctx *ctx)
{
    const wasm_module *m = ctx->module;
    if (!m->has_start)
        return true;
    if (m->start_func >= ctx->func_total)
        return xc_error_set(ctx->error, XC_NO_OFFSET, XC_NO_FUNC, "unknown function %u",
                            (unsigned)m->start_func);
    uint32_t t = ctx->func_types[m->start_func];
    if (t < m->type_count && (m->types[t].param_count || m->types[t].result_count))
        return xc_error_set(ctx->error, XC_NO_OFFSET, m->start_func,
                            "start function must have type [] -> []");
    return true;
}

/* Orders exports by name (length first, then bytes) for the duplicate check. */
static int compare_export_names(const void *a, const void *b)
{
    const wasm_export *x = *(const wasm_export *const *)a;
    const wasm_export *y = *(const wasm_export *const *)b;
    if (x->name_len != y->name_len)
        return x->name_len < y->name_len ? -1 : 1;
    if (x->name_len == 0)
        return 0;
    int c = memcmp(x->name, y->name, x->name_len);
    if (c != 0)
        return c;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Checks one export's index against its index space and marks exported functions declared. */
static bool check_export_index(xc_vctx *ctx, const wasm_export *e)
{
    static const char *const kinds[] = {"function", "table", "memory", "global"};
    uint32_t limit = 0;
    switch (e->kind) {
    case WASM_EXTERN_FUNC: limit = ctx->func_total; break;
    case WASM_EXTERN_TABLE: limit = ctx->table_total; break;
    case WASM_EXTERN_MEMORY: limit = ctx->memory_total; break;
    case WASM_EXTERN_GLOBAL: limit = ctx->global_total; break;
    default:
        return xc_error_set(ctx->error, e->offset, XC_NO_FUNC, "malformed export kind");
    }
    if (e->index >= limit)
        return xc_error_set(ctx->error, e->offset, XC_NO_FUNC, "unknown %s %u", kinds[e->kind],
                            (unsigned)e->index);
    if (e->kind == WASM_EXTERN_FUNC)
        ctx->declared[e->index] = true;
    return true;
}

/* Validates the exports: indices in range and names unique. */
static bool check_exports(xc_vctx *ctx)
{
    const wasm_module *m = ctx->module;
    for (uint32_t i = 0; i < m->export_count; i++) {
        if (!check_export_index(ctx, &m->exports[i]))
            return false;
    }
    if (m->export_count < 2)
        return true;
    const wasm_export **sorted = xc_valloc(m->export_count, sizeof *sorted, false);
    for (uint32_t i = 0; i < m->export_count; i++)
        sorted[i] = &m->exports[i];
    qsort(sorted, m->export_count, sizeof *sorted, compare_export_names);
    bool ok = true;
    for (uint32_t i = 1; i < m->export_count && ok; i++) {
        const wasm_export *a = sorted[i - 1], *b = sorted[i];
        if (a->name_len == b->name_len && (a->name_len == 0 || !memcmp(a->name, b->name, a->name_len)))
            ok = xc_error_set(ctx->error, b->offset, XC_NO_FUNC, "duplicate export name \"%.*s\"",
                              (int)(b->name_len > 64 ? 64 : b->name_len), b->name);
    }
    free(sorted);
    return ok;
}

/* Runs the module-level checks, then validates every function body. */
static bool validate_module(xc_vctx *ctx)
{
    const wasm_module *m = ctx->module;
    if (!check_imports(ctx) || !check_definitions(ctx) || !check_segments(ctx) ||
        !check_start(ctx) || !check_exports(ctx))
        return false;
    for (uint32_t i = 0; i < m->func_count; i++) {
        if (!xc_validate_function(ctx, i))
            return false;
    }
    return true;
}

bool xc_validate(const wasm_module *module, xc_error *error)
{
    xc_vctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.module = module;
    ctx.error = error;
    build_spaces(&ctx);
    bool ok = validate_module(&ctx);
    free(ctx.func_types);
    free(ctx.globals);
    free(ctx.tables);
    free(ctx.memories);
    free(ctx.declared);
    return ok;
}
