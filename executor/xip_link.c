/*
 * xip_link.c: what a host needs to link instances that share globals,
 * memories and tables: setting them between runs, and host references
 * (table entries >= XIP_HOST_REF_BASE) reaching the host as host calls.
 */
#include "xip_internal.h"

/* True when the instance is loaded and not inside xip_run: loaded, idle or paused. */
static int settable(const xip_instance *inst)
{
    return inst != NULL && (inst->state & XIP_ST_MASK) != XIP_ST_NONE;
}

xip_status xip_global_set(xip_instance *inst, uint32_t global_index, uint64_t value)
{
    if (!settable(inst))
        return XIP_ERR_STATE;
    if (global_index >= inst->global_count)
        return XIP_ERR_ARGUMENT;
    xip_global_store(inst, global_index, value);
    return XIP_OK;
}

xip_status xip_memory_set_size(xip_instance *inst, uint32_t bytes)
{
    uint32_t pages;
    if (!settable(inst))
        return XIP_ERR_STATE;
    if (!inst->has_memory || (bytes & ((1u << inst->page_log2) - 1u)))
        return XIP_ERR_ARGUMENT;
    pages = bytes >> inst->page_log2;
    if (pages < xip_read_u32(inst->image + inst->memory_limits) || pages > inst->memory_max_pages ||
        bytes > inst->memory_capacity)
        return XIP_ERR_ARGUMENT;
    inst->memory_bytes = bytes;
    return XIP_OK;
}

xip_status xip_table_set_size(xip_instance *inst, uint32_t table, uint32_t size)
{
    uint32_t *entries, *size_word, cap, elem, min, max, i;
    if (!settable(inst))
        return XIP_ERR_STATE;
    if (table >= inst->table_count)
        return XIP_ERR_ARGUMENT;
    if (xip_table_info(inst, table, &elem, &min, &max) != 0)
        return XIP_ERR_ARGUMENT; /* a flash table */
    entries = xip_ram_table(inst, table, &size_word, &cap);
    if (size < min || size > max)
        return XIP_ERR_ARGUMENT;
    if (size > cap)
        return XIP_ERR_BUFFER_TOO_SMALL;
    for (i = *size_word; i < size; i++)
        entries[i] = XIP_NULL_REF;
    *size_word = size;
    return XIP_OK;
}

int xip_host_ref(const xip_instance *inst, uint32_t *ref, xip_functype *type)
{
    uint32_t st, t;
    if (inst == NULL)
        return 0;
    st = inst->state & XIP_ST_MASK;
    if (st != XIP_ST_HOST || inst->host_import < XIP_HOST_REF_BASE)
        return 0;
    if (ref)
        *ref = inst->host_import;
    if (type) {
        t = xip_type_offset(inst, inst->host_type);
        type->param_count = inst->image[t];
        type->result_count = inst->image[t + 1];
        type->params = inst->image + t + 2;
        type->results = type->params + type->param_count;
    }
    return 1;
}
