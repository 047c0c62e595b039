/*
 * wast_link.c: the spec-test runner's module pipeline and linking. A module
 * goes xc_compile -> xip_prepare -> link imports -> xip_instantiate (see
 * wast_load_module). Imported globals, memories and tables are copies of
 * spectest's or of a registered module's exports; a mutable one that two
 * instances share stays one object: each instance keeps a copy, and the one
 * about to run (or be read) first takes the current state from the last one
 * that ran (wast_sync_in). Function references crossing instances travel as
 * handles (XIP_HOST_REF_BASE | n, naming an instance's function).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler.h"
#include "wast_internal.h"
#include "xip_image.h"

/* ---- sharing between instances ------------------------------------------ */

/*
 * The handle naming function func of m (made on first use; an import linked
 * to another module names that module's function); WAST_REF_NULL when out of
 * memory.
 */
static uint32_t handle_of(wast_run *r, wast_module *m, uint32_t func)
{
    if (func < m->import_count && m->links && m->links[func].kind == LINK_FUNC) {
        const wast_link *link = &m->links[func];
        m = link->target;
        func = link->func;
    }
    for (size_t i = 0; i < r->handle_count; i++)
        if (r->handles[i].module == m && r->handles[i].func == func)
            return XIP_HOST_REF_BASE | (uint32_t)i;
    wast_handle *list = realloc(r->handles, (r->handle_count + 1) * sizeof *list);
    if (!list || r->handle_count >= WAST_REF_NULL - XIP_HOST_REF_BASE)
        return WAST_REF_NULL;
    r->handles = list;
    list[r->handle_count].module = m;
    list[r->handle_count].func = func;
    m->shared = m->keep = true; /* the handle may be called at any later time */
    return XIP_HOST_REF_BASE | (uint32_t)r->handle_count++;
}

/* The function a handle names, or NULL when ref is not a known handle. */
const wast_handle *wast_handle_target(const wast_run *r, uint64_t ref)
{
    if (ref >= WAST_REF_NULL || ref < XIP_HOST_REF_BASE || ref - XIP_HOST_REF_BASE >= r->handle_count)
        return NULL;
    return &r->handles[ref - XIP_HOST_REF_BASE];
}

/* A funcref leaving instance m: m's own function indices become handles. */
static uint64_t ref_out(wast_run *r, wast_module *m, uint64_t ref)
{
    if (ref >= XIP_HOST_REF_BASE)
        return ref; /* null or already a handle */
    return handle_of(r, m, (uint32_t)ref);
}

/* A funcref entering instance m: a handle of one of m's own functions becomes its index. */
static uint64_t ref_in(const wast_run *r, const wast_module *m, uint64_t ref)
{
    const wast_handle *h = wast_handle_target(r, ref);
    return h && h->module == m ? h->func : ref;
}

/* A funcref moved from instance `from` to instance `to`. */
static uint32_t ref_move(wast_run *r, wast_module *from, wast_module *to, uint32_t ref)
{
    return (uint32_t)ref_in(r, to, ref_out(r, from, ref));
}

/* The shared object that global, table or memory `index` of m is part of, or NULL. */
static wast_shared *find_shared(const wast_run *r, const wast_module *m, uint8_t kind, uint32_t index)
{
    for (size_t i = 0; i < r->shared_count; i++) {
        wast_shared *sh = r->shared[i];
        for (size_t k = 0; sh->kind == kind && k < sh->count; k++)
            if (sh->bindings[k].module == m && sh->bindings[k].index == index)
                return sh;
    }
    return NULL;
}

/* Adds binding (m, index) to sh; false when out of memory. */
static bool add_binding(wast_shared *sh, wast_module *m, uint32_t index)
{
    wast_binding *list = realloc(sh->bindings, (sh->count + 1) * sizeof *list);
    if (!list)
        return false;
    sh->bindings = list;
    list[sh->count].module = m;
    list[sh->count].index = index;
    sh->count++;
    m->shared = m->keep = true;
    return true;
}

/*
 * Records that import `index` (of kind) of m is object `tindex` of the
 * exporter `target`, which holds its current state; false when out of memory.
 */
static bool share(wast_run *r, wast_module *m, uint32_t index, wast_module *target, uint32_t tindex,
                  uint8_t kind, bool funcref)
{
    wast_shared *sh = find_shared(r, target, kind, tindex);
    if (!sh) {
        wast_shared **list = realloc(r->shared, (r->shared_count + 1) * sizeof *list);
        if (!list)
            return false;
        r->shared = list;
        sh = calloc(1, sizeof *sh);
        if (!sh || !add_binding(sh, target, tindex)) {
            free(sh);
            return false;
        }
        sh->kind = kind;
        sh->funcref = funcref;
        sh->fresh = target;
        r->shared[r->shared_count++] = sh;
    }
    return add_binding(sh, m, index);
}

/* Copies the state of shared object sh from binding a to binding b. */
static void copy_shared(wast_run *r, const wast_shared *sh, const wast_binding *a, const wast_binding *b)
{
    xip_instance *src = &a->module->vm.inst, *dst = &b->module->vm.inst;
    uint32_t n = 0, room = 0;
    if (sh->kind == XIP_EXTERN_GLOBAL) {
        uint64_t v = 0;
        xip_global_get(src, a->index, &v);
        xip_global_set(dst, b->index, sh->funcref ? ref_move(r, a->module, b->module, (uint32_t)v) : v);
    } else if (sh->kind == XIP_EXTERN_MEMORY) {
        const uint8_t *from = xip_memory(src, &n);
        if (xip_memory_set_size(dst, n) == XIP_OK && n)
            memcpy(xip_memory(dst, NULL), from, n);
    } else {
        const uint32_t *from = xip_table_entries(src, a->index, &n);
        uint32_t *to = xip_table_set_size(dst, b->index, n) == XIP_OK ? xip_table_entries(dst, b->index, &room) : NULL;
        for (uint32_t i = 0; to && from && i < n && i < room; i++)
            to[i] = sh->funcref ? ref_move(r, a->module, b->module, from[i]) : from[i];
    }
}

/* Before m runs or is read: brings every object m shares up to date in m, which then holds them. */
void wast_sync_in(wast_run *r, wast_module *m)
{
    if (!m || !m->shared)
        return;
    for (size_t i = 0; i < r->shared_count; i++) {
        wast_shared *sh = r->shared[i];
        const wast_binding *from = NULL;
        bool mine = false;
        for (size_t k = 0; k < sh->count; k++) {
            if (sh->bindings[k].module == sh->fresh && !from)
                from = &sh->bindings[k];
            mine = mine || sh->bindings[k].module == m;
        }
        if (!mine || sh->fresh == m)
            continue;
        for (size_t k = 0; from && k < sh->count; k++)
            if (sh->bindings[k].module == m)
                copy_shared(r, sh, from, &sh->bindings[k]);
        sh->fresh = m;
    }
}

/* Moves the funcref values among n slots of types `types` from instance `from` to `to` (NULL: the runner). */
void wast_move_refs(wast_run *r, wast_module *from, wast_module *to, const uint8_t *types, uint64_t *slots,
                    uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (types[i] != XIP_FUNCREF)
            continue;
        if (from)
            slots[i] = ref_out(r, from, slots[i]);
        if (to)
            slots[i] = ref_in(r, to, slots[i]);
    }
}

/* True when two signatures are identical. */
bool wast_same_type(const xip_functype *a, const xip_functype *b)
{
    return a->param_count == b->param_count && a->result_count == b->result_count &&
           memcmp(a->params, b->params, a->param_count) == 0 &&
           memcmp(a->results, b->results, a->result_count) == 0;
}

/* Resolves import i of m against a registered module; false with why set when it cannot. */
static bool link_registered(wast_module *target, wast_link *link, const char *field, uint32_t field_len,
                            const xip_functype *type, char *why, size_t size)
{
    const xip_instance *inst = &target->vm.inst;
    int32_t index = target->ready ? xip_find_export(inst, field, field_len, XIP_EXTERN_FUNC) : -1;
    xip_functype found;
    if (index < 0) {
        bool other = false;
        for (uint8_t kind = XIP_EXTERN_TABLE; kind <= XIP_EXTERN_GLOBAL && target->ready; kind++)
            other = other || xip_find_export(inst, field, field_len, kind) >= 0;
        snprintf(why, size, "%s: %.*s", other ? "incompatible import type" : "unknown import",
                 (int)field_len, field);
        return false;
    }
    if (xip_func_type(inst, (uint32_t)index, &found) != XIP_OK || !wast_same_type(type, &found)) {
        snprintf(why, size, "incompatible import type: %.*s", (int)field_len, field);
        return false;
    }
    if ((uint32_t)index < target->import_count) {
        *link = target->links[index]; /* a re-export: serve it where it comes from */
        if (link->kind == LINK_UNRESOLVED) {
            snprintf(why, size, "unknown import: %.*s (unresolved re-export)", (int)field_len, field);
            return false;
        }
        return true;
    }
    link->kind = LINK_FUNC;
    link->target = target;
    link->func = (uint32_t)index;
    return true;
}

/* Type and mutability of global g of inst, packed as type | mutable << 8 (0 if unknown). */
static uint32_t global_type(const xip_instance *inst, uint32_t g)
{
    uint8_t type, mut;
    if (xip_global_type(inst, g, &type, &mut) != XIP_OK)
        return 0;
    return type | (uint32_t)mut << 8;
}

/* Limits {elemtype or page_log2, min, max} of table or memory `index` of a verified image. */
typedef struct wast_limits {
    uint8_t elem;
    uint32_t min, max;
} wast_limits;

/* The limits of table `index` (kind XIP_EXTERN_TABLE) or of the memory of a prepared or loaded instance. */
static bool find_limits(const xip_instance *inst, uint8_t kind, uint32_t index, wast_limits *out)
{
    xipi_limits limits;
    uint32_t page_log2;
    if (kind == XIP_EXTERN_MEMORY) {
        if (!inst->has_memory)
            return false;
        xipi_memory_at(inst, &limits, &page_log2);
        out->elem = (uint8_t)page_log2;
    } else {
        xipi_table table;
        if (index >= inst->table_count)
            return false;
        xipi_table_at(inst, index, &table);
        out->elem = (uint8_t)table.elemtype;
        limits = table.limits;
    }
    out->min = limits.min;
    out->max = limits.max;
    return true;
}

/* True when an exported extern of current size `size` and max `max` fits the import's limits. */
static bool limits_match(uint32_t size, uint32_t max, const wast_limits *want)
{
    return size >= want->min && (want->max == XIP_NO_MAX || (max != XIP_NO_MAX && max <= want->max));
}

/* Links imported global g of m (spectest or a registered export): its value before instantiation. */
static bool link_global(wast_run *r, wast_module *m, uint32_t g, const char *module, uint32_t module_len,
                        const char *field, uint32_t field_len, char *why, size_t size)
{
    static const struct {
        const char *name;
        uint8_t type;
    } spectest_globals[] = {{"global_i32", XIP_I32}, {"global_i64", XIP_I64}, {"global_f32", XIP_F32},
                            {"global_f64", XIP_F64}};
    xip_instance *inst = &m->vm.inst;
    uint32_t want = global_type(inst, g), have = 0;
    uint64_t value = 0;
    wast_module *target = NULL;
    int32_t index = -1;
    if (module_len == 8 && memcmp(module, "spectest", 8) == 0) {
        for (size_t i = 0; i < sizeof spectest_globals / sizeof spectest_globals[0]; i++) {
            if (strlen(spectest_globals[i].name) != field_len || memcmp(spectest_globals[i].name, field, field_len))
                continue;
            float f = 666.6f;
            double d = 666.6;
            uint32_t bits;
            have = spectest_globals[i].type;
            value = 666;
            if (have == XIP_F32) {
                memcpy(&bits, &f, sizeof bits);
                value = bits;
            } else if (have == XIP_F64) {
                memcpy(&value, &d, sizeof value);
            }
        }
    } else {
        target = wast_find_registered(r, module, module_len);
        index = target && target->ready ? xip_find_export(&target->vm.inst, field, field_len, XIP_EXTERN_GLOBAL)
                                        : -1;
        if (!target) {
            snprintf(why, size, "unknown import: module \"%.*s\" is not registered", (int)module_len, module);
            return false;
        }
        if (index >= 0) {
            wast_sync_in(r, target);
            have = global_type(&target->vm.inst, (uint32_t)index);
            xip_global_get(&target->vm.inst, (uint32_t)index, &value);
            if ((have & 0xff) == XIP_FUNCREF)
                value = ref_move(r, target, m, (uint32_t)value);
        }
    }
    if (have == 0) {
        snprintf(why, size, "unknown import: %.*s.%.*s", (int)module_len, module, (int)field_len, field);
        return false;
    }
    if (have != want) {
        snprintf(why, size, "incompatible import type: %.*s", (int)field_len, field);
        return false;
    }
    xip_set_import_global(inst, g, value);
    if (target && (have >> 8) && !share(r, m, g, target, (uint32_t)index, XIP_EXTERN_GLOBAL,
                                        (have & 0xff) == XIP_FUNCREF)) {
        snprintf(why, size, "out of memory");
        return false;
    }
    return true;
}

/* Links the imported memory or imported table t of m: a copy of the exporter's contents. */
static bool link_table_memory(wast_run *r, wast_module *m, uint8_t kind, uint32_t t, const char *module,
                              uint32_t module_len, const char *field, uint32_t field_len, char *why, size_t size)
{
    xip_instance *inst = &m->vm.inst;
    wast_limits want, have = {XIP_FUNCREF, 10, 20};
    uint32_t current = kind == XIP_EXTERN_TABLE ? 10 : 1, *from = NULL;
    const uint8_t *bytes = NULL;
    bool spectest = module_len == 8 && memcmp(module, "spectest", 8) == 0;
    wast_module *target = NULL;
    int32_t index = -1;
    find_limits(inst, kind, t, &want);
    if (spectest) {
        const char *name = kind == XIP_EXTERN_TABLE ? "table" : "memory";
        if (strlen(name) != field_len || memcmp(name, field, field_len) != 0) {
            snprintf(why, size, "unknown import: spectest.%.*s", (int)field_len, field);
            return false;
        }
        if (kind == XIP_EXTERN_MEMORY) {
            have.elem = 16;
            have.max = 2;
        }
    } else {
        target = wast_find_registered(r, module, module_len);
        index = target && target->ready ? xip_find_export(&target->vm.inst, field, field_len, kind) : -1;
        if (index < 0) {
            snprintf(why, size, "unknown import: %.*s.%.*s", (int)module_len, module, (int)field_len, field);
            return false;
        }
        wast_sync_in(r, target);
        find_limits(&target->vm.inst, kind, (uint32_t)index, &have);
        if (kind == XIP_EXTERN_TABLE) {
            from = xip_table_entries(&target->vm.inst, (uint32_t)index, &current);
        } else {
            bytes = xip_memory(&target->vm.inst, &current);
            current >>= have.elem;
        }
    }
    if (have.elem != want.elem || !limits_match(current, have.max, &want)) {
        snprintf(why, size, "incompatible import type: %.*s", (int)field_len, field);
        return false;
    }
    if (kind == XIP_EXTERN_MEMORY) {
        uint32_t n = current << have.elem;
        if (n > m->vm.buffers.memory_size) {
            snprintf(why, size, "imported memory of %lu bytes exceeds the buffer", (unsigned long)n);
            return false;
        }
        memset(m->vm.buffers.memory, 0, n);
        if (bytes && n)
            memcpy(m->vm.buffers.memory, bytes, n);
        if (xip_set_import_memory(inst, n) != XIP_OK)
            return false;
        if (target && !share(r, m, 0, target, 0, kind, false)) {
            snprintf(why, size, "out of memory");
            return false;
        }
        return true;
    }
    uint32_t n;
    if (xip_set_import_table(inst, t, current) != XIP_OK) {
        snprintf(why, size, "imported table of %lu entries exceeds the buffer", (unsigned long)current);
        return false;
    }
    uint32_t *to = xip_table_entries(inst, t, &n);
    for (uint32_t i = 0; i < n && from; i++)
        to[i] = want.elem == XIP_FUNCREF ? ref_move(r, target, m, from[i]) : from[i];
    if (target && !share(r, m, t, target, (uint32_t)index, kind, want.elem == XIP_FUNCREF)) {
        snprintf(why, size, "out of memory");
        return false;
    }
    return true;
}

/* Resolves import i (function index i) of m; false with why set when it cannot. */
static bool link_function(wast_run *r, wast_module *m, uint32_t i, const char *module, uint32_t module_len,
                          const char *field, uint32_t field_len, char *why, size_t size)
{
    xip_functype type;
    if (xip_func_type(&m->vm.inst, i, &type) != XIP_OK) {
        snprintf(why, size, "import %lu has no signature", (unsigned long)i);
        return false;
    }
    if (module_len == 8 && memcmp(module, "spectest", 8) == 0)
        return wast_link_spectest(&m->links[i], field, field_len, &type, why, size);
    wast_module *target = wast_find_registered(r, module, module_len);
    if (target)
        return link_registered(target, &m->links[i], field, field_len, &type, why, size);
    snprintf(why, size, "unknown import: module \"%.*s\" is not registered", (int)module_len, module);
    return false;
}

/* Resolves every import of m; returns false with why set when one is unresolved. */
static bool link_imports(wast_run *r, wast_module *m, char *why, size_t size)
{
    xip_instance *inst = &m->vm.inst;
    const char *module, *field;
    uint32_t module_len, field_len, n = 0, index;
    uint8_t kind;
    bool ok = true;
    m->import_count = 0;
    while (n < 0xffffu && xip_import_name(inst, n, &module, &module_len, &field, &field_len) == XIP_OK) {
        if (xip_import_kind(inst, n, &kind, &index) == XIP_OK && kind == XIP_EXTERN_FUNC)
            m->import_count++;
        n++;
    }
    m->links = calloc(m->import_count + 1, sizeof *m->links);
    if (!m->links) {
        snprintf(why, size, "out of memory");
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        char reason[256];
        bool linked;
        xip_import_name(inst, i, &module, &module_len, &field, &field_len);
        xip_import_kind(inst, i, &kind, &index);
        if (kind == XIP_EXTERN_FUNC)
            linked = link_function(r, m, index, module, module_len, field, field_len, reason, sizeof reason);
        else if (kind == XIP_EXTERN_GLOBAL)
            linked = link_global(r, m, index, module, module_len, field, field_len, reason, sizeof reason);
        else
            linked = link_table_memory(r, m, kind, index, module, module_len, field, field_len, reason,
                                       sizeof reason);
        if (!linked && ok)
            snprintf(why, size, "%s", reason);
        ok = ok && linked;
    }
    return ok;
}

/*
 * The most the imported memory of a prepared instance may grow to: its
 * exporter's maximum in bytes (spectest's is 2 pages), or WAST_MEMORY_CAP.
 */
static uint64_t imported_memory_cap(wast_run *r, const xip_instance *inst)
{
    xipi_cursor c = xipi_begin(inst, inst->imports);
    xipi_import e;
    wast_limits have;
    if (!inst->memory_imported)
        return WAST_MEMORY_CAP;
    do
        xipi_read_import(&c, &e);
    while (e.kind != XIP_EXTERN_MEMORY);
    const char *module = (const char *)inst->image + e.module;
    if (e.module_len == 8 && memcmp(module, "spectest", 8) == 0)
        return 2u << 16;
    wast_module *target = wast_find_registered(r, module, e.module_len);
    if (target && target->ready && find_limits(&target->vm.inst, XIP_EXTERN_MEMORY, 0, &have) &&
        have.max != XIP_NO_MAX && have.elem <= 16)
        return (uint64_t)have.max << have.elem;
    return WAST_MEMORY_CAP;
}

/* Linear memory for a prepared instance: its maximum capped at `cap`, at least its minimum. */
static uint64_t memory_bytes(const xip_instance *inst, uint64_t cap)
{
    wast_limits limits;
    if (!find_limits(inst, XIP_EXTERN_MEMORY, 0, &limits))
        return 0;
    unsigned shift = limits.elem <= 16 ? limits.elem : 16;
    uint64_t min = (uint64_t)limits.min << shift;
    uint64_t bytes = cap < WAST_MEMORY_CAP ? cap : WAST_MEMORY_CAP;
    if (limits.max != XIP_NO_MAX && ((uint64_t)limits.max << shift) < bytes)
        bytes = (uint64_t)limits.max << shift;
    if (bytes < min)
        bytes = min;
    return bytes ? bytes : 1; /* 0 would mean "the default" to cli_vm_bind */
}

/*
 * Loads dir/filename into m through the whole pipeline. strict_link: an
 * unresolved import stops at STAGE_LINK; otherwise it traps when called.
 * Returns the stage that failed (m->why says why) or STAGE_OK.
 */
enum stage wast_load_module(wast_run *r, wast_module *m, const char *filename, bool strict_link)
{
    char path[1024];
    uint8_t *wasm;
    size_t wasm_size, image_size;
    xc_error error;
    xc_options options;
    memset(&error, 0, sizeof error);
    memset(&options, 0, sizeof options);
    options.dump_after = XC_PASS_NONE;
    options.max_registers = cli_max_registers();
    m->stage = STAGE_READ;
    snprintf(path, sizeof path, "%s/%s", r->dir, filename);
    if (!cli_read_file(path, &wasm, &wasm_size)) {
        snprintf(m->why, sizeof m->why, "cannot read %.300s", path);
        return m->stage;
    }
    m->stage = STAGE_COMPILE;
    bool compiled = xc_compile(wasm, wasm_size, &options, &m->image, &image_size, &error);
    free(wasm);
    m->image_size = image_size;
    if (!compiled) {
        snprintf(m->why, sizeof m->why, "%s", error.set ? error.message : "(no message)");
        return m->stage;
    }
    m->stage = STAGE_LOAD;
    xip_status st = cli_vm_prepare(&m->vm, filename, m->image, image_size, true);
    m->vm_live = true;
    if (st == XIP_OK) {
        cli_limits limits = cli_default_limits();
        limits.memory_bytes = memory_bytes(&m->vm.inst, imported_memory_cap(r, &m->vm.inst));
        limits.stack_slots = WAST_STACK_SLOTS;
        limits.frames = WAST_FRAMES;
        st = cli_vm_bind(&m->vm, filename, &limits, true);
    }
    if (st != XIP_OK) {
        snprintf(m->why, sizeof m->why, "xip_load refused the image: %s at offset 0x%lx", xip_status_name(st),
                 (unsigned long)xip_error_offset(&m->vm.inst));
        return m->stage;
    }
    m->stage = STAGE_LINK;
    if (!link_imports(r, m, m->why, sizeof m->why) && strict_link)
        return m->stage;
    m->stage = STAGE_INSTANTIATE;
    wast_sync_in(r, m);
    xip_set_fuel(&m->vm.inst, WAST_FUEL_CHUNK);
    r->nesting++;
    st = wast_finish_run(r, m, xip_instantiate(&m->vm.inst));
    r->nesting--;
    if (st != XIP_OK) {
        snprintf(m->why, sizeof m->why, "%s", xip_status_name(st));
        return m->stage;
    }
    m->stage = STAGE_OK;
    m->ready = true;
    m->why[0] = '\0';
    return m->stage;
}
