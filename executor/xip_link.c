/*
 * xip_link.c: what a host needs to link instances that share globals and
 * memories: setting them between runs. (Shared RAM tables and host
 * references need XIP_EXT: xip_ram_tables.c.)
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
    if (!settable(inst))
        return XIP_ERR_STATE;
    if (!inst->has_memory || !xip_memory_size_ok(inst, bytes) || bytes > inst->memory_capacity)
        return XIP_ERR_ARGUMENT;
    inst->memory_bytes = bytes;
    return XIP_OK;
}
