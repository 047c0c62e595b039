/*
 * xip_link.c: the API setters and getters a host uses to link an instance:
 * imported globals and memories before instantiation, and globals and the
 * memory size of an instance that shares them, between runs; with XIP_EXT,
 * imported and shared RAM tables too.
 */
#include "xip_internal.h"

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
    xipi_global_store(inst, global, value);
    return XIP_OK;
}

xip_status xip_set_import_memory(xip_instance *inst, uint32_t current_bytes)
{
    if (!before_instantiate(inst))
        return XIP_ERR_STATE;
    if (!inst->memory_imported || !xipi_memory_size_ok(inst, current_bytes))
        return current_bytes > inst->memory_capacity ? XIP_ERR_BUFFER_TOO_SMALL : XIP_ERR_ARGUMENT;
    inst->memory_bytes = current_bytes;
    inst->memory_set = 1;
    return XIP_OK;
}


/* True when the instance is loaded and not inside xipi_run: loaded, idle or paused. */
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
    xipi_global_store(inst, global_index, value);
    return XIP_OK;
}

xip_status xip_memory_set_size(xip_instance *inst, uint32_t bytes)
{
    if (!settable(inst))
        return XIP_ERR_STATE;
    if (!inst->has_memory || !xipi_memory_size_ok(inst, bytes) || bytes > inst->memory_capacity)
        return XIP_ERR_ARGUMENT;
    inst->memory_bytes = bytes;
    return XIP_OK;
}

xip_status xip_global_get(const xip_instance *inst, uint32_t global_index, uint64_t *value)
{
    if (inst == 0 || value == 0 || inst->globals == 0 || global_index >= inst->global_count)
        return XIP_ERR_ARGUMENT;
    *value = inst->globals[global_index];
    return XIP_OK;
}

xip_status xip_global_type(const xip_instance *inst, uint32_t global_index, uint8_t *type, uint8_t *mutable_)
{
    xipi_global e;
    if (inst == 0 || type == 0 || mutable_ == 0 || (inst->state & XIP_ST_MASK) == XIP_ST_NONE ||
        global_index >= inst->global_count)
        return XIP_ERR_ARGUMENT;
    xipi_global_at(inst, global_index, &e);
    *type = (uint8_t)e.valtype;
    *mutable_ = (uint8_t)e.mutable_;
    return XIP_OK;
}

#if XIP_EXT /* RAM tables */

xip_status xip_set_import_table(xip_instance *inst, uint32_t table, uint32_t size)
{
    if (inst == NULL || (inst->state & XIP_ST_MASK) != XIP_ST_LOADED)
        return XIP_ERR_STATE;
    if (table >= inst->import_table_count)
        return XIP_ERR_ARGUMENT;
    return xipi_resize_ram_table(inst, table, size);
}

uint32_t *xip_table_entries(xip_instance *inst, uint32_t table, uint32_t *size)
{
    uint32_t *entries, *size_word, cap;
    xipi_table e;
    if (size)
        *size = 0;
    if (inst == NULL || (inst->state & XIP_ST_MASK) == XIP_ST_NONE || table >= inst->table_count)
        return NULL;
    entries = xipi_ram_table_at(inst, table, &e, &size_word, &cap);
    if (entries && size)
        *size = *size_word;
    return entries;
}

xip_status xip_table_set_size(xip_instance *inst, uint32_t table, uint32_t size)
{
    if (inst == NULL || (inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return XIP_ERR_STATE;
    if (table >= inst->table_count)
        return XIP_ERR_ARGUMENT;
    return xipi_resize_ram_table(inst, table, size);
}

#endif /* XIP_EXT */
