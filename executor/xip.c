/*
 * xip.c: the executor's life cycle: load, instantiate, call and resume,
 * host calls, fuel, and the queries of an instance's functions, imports and
 * exports. The image is read through xip_image.h; the setters are in
 * xip_link.c.
 */
#include "xip_internal.h"

/* pages of the memory in bytes, saturated at 0xffffffff (65536 pages of 64 KiB need more than 32 bits); one copy. */
static XIPI_NOINLINE uint32_t page_bytes(const xip_instance *inst, uint32_t pages)
{
    return pages > 0xffffffffu >> inst->page_log2 ? 0xffffffffu : pages << inst->page_log2;
}

/* Initial memory size in bytes, saturated (0 without a memory). */
static uint32_t initial_memory(const xip_instance *inst)
{
    return inst->has_memory ? page_bytes(inst, xipi_memory_min(inst)) : 0;
}

/* True if every buffer pointer is set when its size is not zero. */
static int buffers_ok(const xip_buffers *b)
{
    return b != NULL && !(b->memory == NULL && b->memory_size) && !(b->globals == NULL && b->global_count) &&
           !(b->stack == NULL && b->stack_slots) && !(b->frames == NULL && b->frame_count) &&
           !(b->tables == NULL && b->table_slots);
}

/* What the verified sections of inst need from xip_buffers. */
static void requirements(const xip_instance *inst, xip_requirements *req)
{
    req->memory_bytes = initial_memory(inst);
    req->memory_max_bytes = inst->has_memory ? page_bytes(inst, inst->memory_max_pages) : 0; /* no max: saturated */
    req->globals = inst->global_count;
    xipi_table_words(inst, &req->table_slots, &req->table_max_slots);
    req->stack_slots = inst->stack_section ? xip_read_u32(inst->image + inst->stack_section) : 0;
    req->frames = inst->stack_section ? xip_read_u16(inst->image + inst->stack_section + 4) : 0;
}

/*
 * After the sections are verified: verifies the bytecode (the stack buffer
 * is its scratch RAM), checks the buffers are large enough and binds them.
 */
static xip_status bind(xip_instance *inst, const xip_buffers *buffers)
{
    xip_status st;
    uint32_t scratch_bytes, cap_pages, need = 0, max_need;
    scratch_bytes = buffers->stack_slots > 0x1fffffffu ? 0xffffffffu : buffers->stack_slots * 8u;
    st = xipi_verify_code(inst, (uint8_t *)buffers->stack, scratch_bytes);
    if (st == XIP_OK)
        xipi_table_words(inst, &need, &max_need);
    /* need saturates at 0xffffffff: a larger need could not be indexed in 32 bits */
    if (st == XIP_OK && ((inst->has_memory && xipi_memory_min(inst) > buffers->memory_size >> inst->page_log2) ||
                         inst->global_count > buffers->global_count || need > buffers->table_slots ||
                         need == 0xffffffffu))
        st = XIP_ERR_BUFFER_TOO_SMALL;
    if (st == XIP_OK)
        st = xipi_check_stack(inst, buffers);
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
    xipi_reset_tables(inst, 1);
    inst->stack = buffers->stack;
    inst->stack_slots = buffers->stack_slots;
    inst->frames = buffers->frames;
    inst->frame_capacity = buffers->frame_count;
    xip_set_fuel(inst, XIP_FUEL_UNLIMITED);
    inst->trap_func = XIP_NO_TRAP_SITE;
    inst->state = XIP_ST_LOADED;
    return XIP_OK;
}

/*
 * The first step of xip_load and xip_prepare: resets inst, refuses a
 * missing image or other arguments (args_ok 0) and checks the header and
 * the sections. A failure leaves the state XIP_ST_NONE, the reset's.
 */
static XIPI_NOINLINE xip_status load_sections(xip_instance *inst, const uint8_t *image, uint32_t image_size, int args_ok)
{
    if (inst == NULL)
        return XIP_ERR_ARGUMENT;
    memset(inst, 0, sizeof *inst);
    if (image == NULL || !args_ok)
        return XIP_ERR_ARGUMENT;
    return xipi_verify_sections(inst, image, image_size);
}

xip_status xip_load(xip_instance *inst, const uint8_t *image, uint32_t image_size,
                    const xip_buffers *buffers)
{
    xip_status st = load_sections(inst, image, image_size, buffers_ok(buffers));
    return st != XIP_OK ? st : bind(inst, buffers);
}

xip_status xip_prepare(xip_instance *inst, const uint8_t *image, uint32_t image_size, xip_requirements *req)
{
    xip_status st = load_sections(inst, image, image_size, req != NULL);
    if (st != XIP_OK) {
        if (req != NULL && inst != NULL)
            memset(req, 0, sizeof *req); /* what a refused image needs: nothing */
        return st;
    }
    requirements(inst, req);
    inst->state = XIP_ST_PREPARED;
    return XIP_OK;
}

xip_status xip_load_prepared(xip_instance *inst, const xip_buffers *buffers)
{
    if (inst == NULL || !buffers_ok(buffers))
        return XIP_ERR_ARGUMENT;
    if (inst->state != XIP_ST_PREPARED)
        return XIP_ERR_STATE;
    return bind(inst, buffers);
}

xip_status xip_image_requirements(const uint8_t *image, uint32_t image_size, xip_requirements *req)
{
    xip_instance inst;
    if (image == NULL || req == NULL)
        return XIP_ERR_ARGUMENT;
    return xip_prepare(&inst, image, image_size, req);
}

/* Sets the low state bits, keeping the flags (one copy for its five callers). */
static XIPI_NOINLINE void set_state(xip_instance *inst, uint32_t st)
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

/* Starts function f, of np parameters and nr results, at stack slot 0 with args (np of them) and runs it. */
static xip_status start_call(xip_instance *inst, uint32_t f, const uint64_t *args, uint32_t np, uint32_t nr)
{
    uint32_t i;
    xip_status st;
    inst->depth = 0;
    inst->result_count = 0;
    inst->trap_func = XIP_NO_TRAP_SITE;
    inst->fuel_need = 0;
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
    st = xipi_enter(inst, f - inst->import_count, 0, 1, 0, 0);
    if (st != XIP_OK)
        return settle(inst, st);
    return settle(inst, xipi_run(inst));
}

xip_status xip_instantiate(xip_instance *inst)
{
    uint32_t i;
    xip_status st;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return XIP_ERR_STATE;
    inst->trap_func = XIP_NO_TRAP_SITE;
    for (i = inst->import_global_count; i < inst->global_count; i++) {
        xipi_global g;
        xipi_global_at(inst, i, &g); /* O(1): its init cexpr is walked once, by the evaluation */
        /* stored as it is: the verifier checked the init is of the global's class, so a 32-bit one is zero-extended */
        inst->globals[i] = xipi_eval_cexpr(inst, &g.init);
    }
    xipi_reset_tables(inst, 0);
    if (!inst->memory_set) {
        inst->memory_bytes = initial_memory(inst); /* fits: xip_load checked the buffer */
        if (inst->memory_bytes)
            memset(inst->memory, 0, inst->memory_bytes);
    }
    st = xipi_apply_segments(inst);
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
    return start_call(inst, inst->start_func, NULL, 0, 0); /* the verifier checked its type: [] -> [] */
}

int32_t xip_find_export(const xip_instance *inst, const char *name, uint32_t name_len, uint8_t kind)
{
    xipi_cursor c;
    xipi_export e;
    uint32_t i;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE || (name == NULL && name_len))
        return -1;
    c = xipi_begin(inst, inst->exports);
    for (i = 0; i < inst->export_count; i++) {
        xipi_read_export(&c, &e);
        if (e.kind == kind && e.name_len == name_len &&
            xipi_same_bytes(inst->image + e.name, (const uint8_t *)name, name_len))
            return (int32_t)e.index;
    }
    return -1;
}

uint32_t xip_func_count(const xip_instance *inst)
{
    return (uint32_t)inst->import_count + inst->func_count;
}

xip_status xip_func_type(const xip_instance *inst, uint32_t func_index, xip_functype *type)
{
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return XIP_ERR_STATE;
    if (func_index >= xip_func_count(inst) || type == NULL)
        return XIP_ERR_ARGUMENT;
    xipi_functype(inst, xipi_func_type_index(inst, func_index), type);
    return XIP_OK;
}

xip_status xip_import_name(const xip_instance *inst, uint32_t import, const char **module,
                           uint32_t *module_len, const char **field, uint32_t *field_len)
{
    xipi_import e;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return XIP_ERR_STATE;
    if (import >= inst->import_total || !module || !module_len || !field || !field_len)
        return XIP_ERR_ARGUMENT;
    xipi_import_at(inst, import, &e);
    *module_len = e.module_len;
    *module = (const char *)inst->image + e.module;
    *field_len = e.field_len;
    *field = (const char *)inst->image + e.field;
    return XIP_OK;
}

xip_status xip_import_kind(const xip_instance *inst, uint32_t import, uint8_t *kind, uint32_t *index)
{
    uint32_t first[4];
    xipi_import e;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return XIP_ERR_STATE;
    if (import >= inst->import_total || !kind || !index)
        return XIP_ERR_ARGUMENT;
    first[XIP_EXTERN_FUNC] = 0;
    first[XIP_EXTERN_TABLE] = inst->import_count;
    first[XIP_EXTERN_MEMORY] = first[XIP_EXTERN_TABLE] + inst->import_table_count;
    first[XIP_EXTERN_GLOBAL] = first[XIP_EXTERN_MEMORY] + inst->memory_imported;
    xipi_import_at(inst, import, &e);
    *kind = (uint8_t)e.kind;
    *index = import - first[e.kind];
    return XIP_OK;
}

/*
 * True if every reference argument is one the instance may hold: 32 bits,
 * and a funcref null, one of its functions, or a host reference (the
 * verifier sees to it that only these ever reach a table, so xip_host_ref
 * reports only references the host gave).
 */
static int host_refs_ok(const xip_instance *inst, const xipi_type *type, const uint64_t *args)
{
    uint32_t i, t;
    for (i = 0; i < type->nparams; i++) {
        t = inst->image[type->valtypes + i];
        if ((t == XIP_FUNCREF || t == XIP_EXTERNREF) && args[i] > 0xffffffffu)
            return 0;
        if (t == XIP_FUNCREF && args[i] < XIP_HOST_REF_BASE && args[i] >= xip_func_count(inst))
            return 0;
    }
    return 1;
}

xip_status xip_call(xip_instance *inst, uint32_t func_index, const uint64_t *args, uint32_t arg_count)
{
    uint32_t st = inst->state & XIP_ST_MASK;
    xipi_type type;
    if (!(inst->state & XIP_ST_INSTANTIATED) || st == XIP_ST_NONE || st == XIP_ST_LOADED)
        return XIP_ERR_STATE;
    if (func_index >= xip_func_count(inst) || (args == NULL && arg_count))
        return XIP_ERR_ARGUMENT;
    xipi_type_at(inst, xipi_func_type_index(inst, func_index), &type);
    if (arg_count != type.nparams || !host_refs_ok(inst, &type, args))
        return XIP_ERR_ARGUMENT;
    return start_call(inst, func_index, args, type.nparams, type.nresults);
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
        return settle(inst, xipi_run(inst));
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

#if XIP_EXT /* host references */

int xip_host_ref(const xip_instance *inst, uint32_t *ref, xip_functype *type)
{
    uint32_t st;
    if (inst == NULL)
        return 0;
    st = inst->state & XIP_ST_MASK;
    if (st != XIP_ST_HOST || inst->host_import < XIP_HOST_REF_BASE)
        return 0;
    if (ref)
        *ref = inst->host_import;
    if (type)
        xipi_functype(inst, inst->host_type, type);
    return 1;
}

#endif /* XIP_EXT */
