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
    uint32_t pos, i;
    const uint8_t *e;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return XIP_ERR_STATE;
    if (export_index >= inst->export_count || !name || !name_len || !kind || !index)
        return XIP_ERR_ARGUMENT;
    pos = inst->exports + 2;
    for (i = 0; i < export_index; i++)
        pos += 5u + xip_read_u16(inst->image + pos + 3);
    e = inst->image + pos;
    *kind = e[0];
    *index = xip_read_u16(e + 1);
    *name_len = xip_read_u16(e + 3);
    *name = (const char *)e + 5;
    return XIP_OK;
}

xip_status xip_trap_site(const xip_instance *inst, uint32_t *func, uint32_t *offset)
{
    uint32_t start;
    if ((inst->state & XIP_ST_MASK) == XIP_ST_NONE || inst->trap_func == XIP_NO_TRAP_SITE)
        return XIP_ERR_STATE;
    if (!func || !offset)
        return XIP_ERR_ARGUMENT;
    start = xip_read_u32(xip_func_entry(inst, inst->trap_func) + XIP_FUNC_CODE);
    *func = inst->import_count + inst->trap_func;
    *offset = inst->trap_pc - start;
    return XIP_OK;
}
