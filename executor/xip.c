/*
 * xip.c: the executor's public API: load, instantiate, call and resume,
 * queries, and the image accessors shared by the verifier and the run loop.
 */
#include "xip_internal.h"

uint32_t xip_type_offset(const xip_instance *inst, uint32_t type)
{
    uint32_t pos = inst->types + 2, i;
    for (i = 0; i < type; i++)
        pos += 2u + inst->image[pos] + inst->image[pos + 1];
    return pos;
}

/* Size of the kind-specific part of an import of kind `kind`. */
static uint32_t import_desc_size(uint32_t kind)
{
    return kind == XIP_EXTERN_FUNC || kind == XIP_EXTERN_GLOBAL ? 2u : 9u;
}

uint32_t xip_import_offset(const xip_instance *inst, uint32_t import)
{
    uint32_t pos = inst->imports + 2, i;
    for (i = 0; i < import; i++) {
        pos += 1u + import_desc_size(inst->image[pos]);
        pos += 2u + xip_read_u16(inst->image + pos); /* module */
        pos += 2u + xip_read_u16(inst->image + pos); /* field */
    }
    return pos;
}

uint32_t xip_table_offset(const xip_instance *inst, uint32_t defined)
{
    uint32_t pos = inst->tables + 2, i;
    for (i = 0; i < defined; i++) {
        if (inst->image[pos + 1] & XIP_TABLE_RAM)
            pos += 10;
        else
            pos += 14u + 2u * xip_read_u32(inst->image + pos + 10);
    }
    return pos;
}

uint32_t xip_func_type_index(const xip_instance *inst, uint32_t func)
{
    if (func < inst->import_count)
        return xip_read_u16(inst->image + xip_import_offset(inst, func) + 1);
    return xip_read_u16(xip_func_entry(inst, func - inst->import_count) + XIP_FUNC_TYPE);
}

/* Initial memory size in bytes (more than 32 bits for 65536 pages of 64 KiB). */
static uint64_t initial_memory(const xip_instance *inst)
{
    if (!inst->has_memory)
        return 0;
    return (uint64_t)xip_read_u32(inst->image + inst->memory_limits) << inst->page_log2;
}

xip_status xip_load(xip_instance *inst, const uint8_t *image, uint32_t image_size,
                    const xip_buffers *buffers)
{
    xip_status st;
    uint32_t scratch_bytes, cap_pages, need = 0, max_need;
    if (inst == NULL)
        return XIP_ERR_ARGUMENT;
    memset(inst, 0, sizeof *inst);
    if (image == NULL || buffers == NULL || (buffers->memory == NULL && buffers->memory_size) ||
        (buffers->globals == NULL && buffers->global_count) ||
        (buffers->stack == NULL && buffers->stack_slots) ||
        (buffers->frames == NULL && buffers->frame_count) ||
        (buffers->tables == NULL && buffers->table_slots))
        return XIP_ERR_ARGUMENT;
    scratch_bytes = buffers->stack_slots > 0x1fffffffu ? 0xffffffffu : buffers->stack_slots * 8u;
    st = xip_verify_image(inst, image, image_size, (uint8_t *)buffers->stack, scratch_bytes);
    if (st == XIP_OK)
        xip_table_words(inst, &need, &max_need);
    if (st == XIP_OK && (initial_memory(inst) > buffers->memory_size ||
                         inst->global_count > buffers->global_count || need > buffers->table_slots))
        st = XIP_ERR_BUFFER_TOO_SMALL;
    if (st != XIP_OK) {
        inst->state = XIP_ST_NONE;
        return st;
    }
    inst->memory = buffers->memory;
    inst->memory_capacity = buffers->memory_size;
    cap_pages = buffers->memory_size >> inst->page_log2;
    if (inst->memory_max_pages > cap_pages || !inst->has_memory)
        inst->memory_max_pages = inst->has_memory ? cap_pages : 0;
    inst->globals = buffers->globals;
    if (inst->import_global_count)
        memset(inst->globals, 0, inst->import_global_count * sizeof *inst->globals);
    inst->table_buf = buffers->tables;
    inst->table_slots = buffers->table_slots;
    xip_reset_tables(inst, 1);
    inst->stack = buffers->stack;
    inst->stack_slots = buffers->stack_slots;
    inst->frames = buffers->frames;
    inst->frame_capacity = buffers->frame_count;
    xip_set_fuel(inst, XIP_FUEL_UNLIMITED);
    inst->trap_func = XIP_NO_TRAP_SITE;
    inst->state = XIP_ST_LOADED;
    return XIP_OK;
}

xip_status xip_image_requirements(const uint8_t *image, uint32_t image_size, xip_requirements *req)
{
    xip_instance inst;
    xip_status st;
    uint64_t max_bytes;
    if (image == NULL || req == NULL)
        return XIP_ERR_ARGUMENT;
    memset(&inst, 0, sizeof inst);
    memset(req, 0, sizeof *req);
    st = xip_verify_sections(&inst, image, image_size);
    if (st != XIP_OK)
        return st;
    req->memory_bytes = initial_memory(&inst) > 0xffffffffu ? 0xffffffffu : (uint32_t)initial_memory(&inst);
    max_bytes = (uint64_t)inst.memory_max_pages << inst.page_log2;
    req->memory_max_bytes = !inst.has_memory ? 0
                            : inst.memory_max_pages == XIP_NO_MAX || max_bytes > 0xffffffffu
                                ? 0xffffffffu : (uint32_t)max_bytes;
    req->globals = inst.global_count;
    xip_table_words(&inst, &req->table_slots, &req->table_max_slots);
    return XIP_OK;
}

/* True between xip_load and the end of xip_instantiate's segment setup. */
static int before_instantiate(const xip_instance *inst)
{
    return inst != NULL && (inst->state & XIP_ST_MASK) == XIP_ST_LOADED;
}

xip_status xip_set_import_global(xip_instance *inst, uint32_t global, uint64_t value)
{
    if (!before_instantiate(inst))
        return XIP_ERR_STATE;
    if (global >= inst->import_global_count)
        return XIP_ERR_ARGUMENT;
    xip_global_store(inst, global, value);
    return XIP_OK;
}

xip_status xip_set_import_memory(xip_instance *inst, uint32_t current_bytes)
{
    if (!before_instantiate(inst))
        return XIP_ERR_STATE;
    if (!inst->memory_imported || !xip_memory_size_ok(inst, current_bytes))
        return current_bytes > inst->memory_capacity ? XIP_ERR_BUFFER_TOO_SMALL : XIP_ERR_ARGUMENT;
    inst->memory_bytes = current_bytes;
    inst->memory_set = 1;
    return XIP_OK;
}

/* Sets the low state bits, keeping the flags. */
static void set_state(xip_instance *inst, uint32_t st)
{
    inst->state = (uint8_t)((inst->state & ~XIP_ST_MASK) | st);
}

/* Settles the flags after a run stopped with status. */
static xip_status settle(xip_instance *inst, xip_status status)
{
    /* a trap of the start function leaves the instance callable too: see xip.h */
    if ((inst->state & XIP_ST_IN_START) && (status == XIP_OK || XIP_IS_TRAP(status)))
        inst->state = (uint8_t)((inst->state | XIP_ST_INSTANTIATED) & ~XIP_ST_IN_START);
    return status;
}

/* Starts function f at stack slot 0 with args (nparams of them) and runs it. */
static xip_status start_call(xip_instance *inst, uint32_t f, const uint64_t *args)
{
    uint32_t np, nr, t = xip_type_offset(inst, xip_func_type_index(inst, f)), i;
    xip_status st;
    np = inst->image[t];
    nr = inst->image[t + 1];
    inst->depth = 0;
    inst->result_count = 0;
    inst->trap_func = XIP_NO_TRAP_SITE;
    set_state(inst, XIP_ST_READY);
    if ((np > nr ? np : nr) > inst->stack_slots)
        return settle(inst, XIP_TRAP_CALL_STACK_EXHAUSTED);
    for (i = 0; i < np; i++)
        inst->stack[i] = args[i];
    if (f < inst->import_count) {
        inst->host_import = f;
        inst->host_base = 0;
        inst->result_count = (uint8_t)nr;
        set_state(inst, XIP_ST_HOST_TOP);
        return XIP_HOST_CALL;
    }
    st = xip_enter(inst, f - inst->import_count, 0, 1, 0, 0);
    if (st != XIP_OK)
        return settle(inst, st);
    return settle(inst, xip_run(inst));
}

xip_status xip_instantiate(xip_instance *inst)
{
    uint32_t i, pos;
    xip_status st;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return XIP_ERR_STATE;
    inst->trap_func = XIP_NO_TRAP_SITE;
    pos = inst->globals_section + 2;
    for (i = inst->import_global_count; i < inst->global_count; i++) {
        uint32_t t = inst->image[pos];
        uint64_t v;
        pos += 2;
        v = xip_eval_cexpr(inst, &pos);
        inst->globals[i] = t == XIP_I64 || t == XIP_F64 ? v : (uint32_t)v;
    }
    xip_reset_tables(inst, 0);
    if (!inst->memory_set) {
        inst->memory_bytes = (uint32_t)initial_memory(inst); /* fits: xip_load checked the buffer */
        if (inst->memory_bytes)
            memset(inst->memory, 0, inst->memory_bytes);
    }
    st = xip_apply_segments(inst);
    if (st != XIP_OK) {
        inst->state = XIP_ST_READY | XIP_ST_INSTANTIATED; /* callable, start not run: see xip.h */
        return st;
    }
    inst->state = XIP_ST_READY;
    if (inst->start_func == XIP_NULL_FUNC) {
        inst->state = XIP_ST_READY | XIP_ST_INSTANTIATED;
        return XIP_OK;
    }
    inst->state = XIP_ST_READY | XIP_ST_IN_START;
    return start_call(inst, inst->start_func, NULL);
}

int32_t xip_find_export(const xip_instance *inst, const char *name, uint32_t name_len, uint8_t kind)
{
    uint32_t pos, i;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE || (name == NULL && name_len))
        return -1;
    pos = inst->exports + 2;
    for (i = 0; i < inst->export_count; i++) {
        const uint8_t *e = inst->image + pos;
        uint32_t len = xip_read_u16(e + 3);
        if (e[0] == kind && len == name_len && (name_len == 0 || memcmp(e + 5, name, name_len) == 0))
            return (int32_t)xip_read_u16(e + 1);
        pos += 5u + len;
    }
    return -1;
}

uint32_t xip_func_count(const xip_instance *inst)
{
    return (uint32_t)inst->import_count + inst->func_count;
}

xip_status xip_func_type(const xip_instance *inst, uint32_t func_index, xip_functype *type)
{
    uint32_t t;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return XIP_ERR_STATE;
    if (func_index >= xip_func_count(inst) || type == NULL)
        return XIP_ERR_ARGUMENT;
    t = xip_type_offset(inst, xip_func_type_index(inst, func_index));
    type->param_count = inst->image[t];
    type->result_count = inst->image[t + 1];
    type->params = inst->image + t + 2;
    type->results = type->params + type->param_count;
    return XIP_OK;
}

xip_status xip_import_name(const xip_instance *inst, uint32_t import, const char **module,
                           uint32_t *module_len, const char **field, uint32_t *field_len)
{
    uint32_t pos;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return XIP_ERR_STATE;
    if (import >= inst->import_total || !module || !module_len || !field || !field_len)
        return XIP_ERR_ARGUMENT;
    pos = xip_import_offset(inst, import);
    pos += 1u + import_desc_size(inst->image[pos]);
    *module_len = xip_read_u16(inst->image + pos);
    *module = (const char *)inst->image + pos + 2;
    pos += 2u + *module_len;
    *field_len = xip_read_u16(inst->image + pos);
    *field = (const char *)inst->image + pos + 2;
    return XIP_OK;
}

xip_status xip_import_kind(const xip_instance *inst, uint32_t import, uint8_t *kind, uint32_t *index)
{
    uint32_t first[4];
    uint8_t k;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return XIP_ERR_STATE;
    if (import >= inst->import_total || !kind || !index)
        return XIP_ERR_ARGUMENT;
    first[XIP_EXTERN_FUNC] = 0;
    first[XIP_EXTERN_TABLE] = inst->import_count;
    first[XIP_EXTERN_MEMORY] = first[XIP_EXTERN_TABLE] + inst->import_table_count;
    first[XIP_EXTERN_GLOBAL] = first[XIP_EXTERN_MEMORY] + inst->memory_imported;
    k = inst->image[xip_import_offset(inst, import)];
    *kind = k;
    *index = import - first[k];
    return XIP_OK;
}

xip_status xip_call(xip_instance *inst, uint32_t func_index, const uint64_t *args, uint32_t arg_count)
{
    uint32_t t, st = inst->state & XIP_ST_MASK;
    if (!(inst->state & XIP_ST_INSTANTIATED) || st == XIP_ST_NONE || st == XIP_ST_LOADED)
        return XIP_ERR_STATE;
    if (func_index >= xip_func_count(inst) || (args == NULL && arg_count))
        return XIP_ERR_ARGUMENT;
    t = xip_type_offset(inst, xip_func_type_index(inst, func_index));
    if (arg_count != inst->image[t])
        return XIP_ERR_ARGUMENT;
    return start_call(inst, func_index, args);
}

xip_status xip_resume(xip_instance *inst)
{
    switch (inst->state & XIP_ST_MASK) {
    case XIP_ST_HOST_TOP:
        set_state(inst, XIP_ST_READY);
        return settle(inst, XIP_OK);
    case XIP_ST_HOST:
    case XIP_ST_FUEL:
        set_state(inst, XIP_ST_READY);
        return settle(inst, xip_run(inst));
    default:
        return XIP_ERR_STATE;
    }
}

const uint64_t *xip_results(const xip_instance *inst, uint32_t *count)
{
    if (count)
        *count = (inst->state & XIP_ST_MASK) == XIP_ST_READY ? inst->result_count : 0;
    return inst->stack;
}

uint32_t xip_host_import(const xip_instance *inst)
{
    return inst->host_import;
}

uint64_t *xip_host_args(xip_instance *inst)
{
    return inst->stack + inst->host_base;
}

xip_status xip_host_trap(xip_instance *inst, xip_status trap)
{
    uint32_t st = inst->state & XIP_ST_MASK;
    if (st != XIP_ST_HOST && st != XIP_ST_HOST_TOP)
        return XIP_ERR_STATE;
    if (!XIP_IS_TRAP(trap))
        trap = XIP_TRAP_HOST;
    inst->trap_func = st == XIP_ST_HOST ? inst->func : XIP_NO_TRAP_SITE; /* trap_pc: the CALL */
    inst->depth = 0;
    inst->result_count = 0;
    set_state(inst, XIP_ST_READY);
    return settle(inst, trap);
}

void xip_set_fuel(xip_instance *inst, uint32_t fuel)
{
    inst->fuel = fuel;
    inst->fuel_unlimited = fuel == XIP_FUEL_UNLIMITED;
}

uint32_t xip_fuel(const xip_instance *inst)
{
    return inst->fuel_unlimited ? XIP_FUEL_UNLIMITED : inst->fuel;
}

uint8_t *xip_memory(const xip_instance *inst, uint32_t *size)
{
    if (size)
        *size = inst->memory_bytes;
    return inst->memory;
}

uint32_t xip_error_offset(const xip_instance *inst)
{
    return inst->error_offset;
}

/* Names of the statuses, each at its own status (designated initializers: order cannot drift). */
static const char *const status_names[XIP_STATUS_COUNT] = {
#define XIP_STATUS_NAME(name, text) [XIP_##name] = text,
    XIP_STATUSES(XIP_STATUS_NAME)
#undef XIP_STATUS_NAME
};

const char *xip_status_name(xip_status status)
{
    if ((uint32_t)status >= XIP_STATUS_COUNT)
        return "unknown status";
    return status_names[status];
}
