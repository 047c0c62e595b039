/*
 * xip_exports.c: what a host asks about an instance without the .wasm: its
 * exports (name, kind, index) and where the last trap happened.
 */
#include "xip_internal.h"

uint32_t xip_export_count(const xip_instance *inst)
{
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return 0;
    return inst->export_count;
}

xip_status xip_export_info(const xip_instance *inst, uint32_t export_index, const char **name,
                           uint32_t *name_len, uint8_t *kind, uint32_t *index)
{
    xipi_export e;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return XIP_ERR_STATE;
    if (export_index >= inst->export_count || !name || !name_len || !kind || !index)
        return XIP_ERR_ARGUMENT;
    xipi_export_at(inst, export_index, &e);
    *kind = (uint8_t)e.kind;
    *index = e.index;
    *name_len = e.name_len;
    *name = (const char *)inst->image + e.name;
    return XIP_OK;
}

xip_status xip_trap_site(const xip_instance *inst, uint32_t *func, uint32_t *offset)
{
    xipi_func e;
    uint32_t end;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE || inst->trap_func == XIP_NO_TRAP_SITE)
        return XIP_ERR_STATE;
    if (!func || !offset)
        return XIP_ERR_ARGUMENT;
    xipi_func_at(inst, inst->trap_func, &e, &end);
    *func = inst->import_count + inst->trap_func;
    *offset = inst->trap_pc - e.code;
    return XIP_OK;
}
