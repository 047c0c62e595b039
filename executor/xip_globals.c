/*
 * xip_globals.c: access to an instance's globals for embedders and the
 * spec-test runner (assert_return with `get`, linking imported globals).
 */
#include "xip_internal.h"

xip_status xip_global_get(const xip_instance *inst, uint32_t global_index, uint64_t *value)
{
    if (inst == 0 || value == 0 || inst->globals == 0 || global_index >= inst->global_count)
        return XIP_ERR_ARGUMENT;
    *value = inst->globals[global_index];
    return XIP_OK;
}

xip_status xip_global_type(const xip_instance *inst, uint32_t global_index, uint8_t *type, uint8_t *mutable_)
{
    uint32_t pos;
    if (inst == 0 || type == 0 || mutable_ == 0 || (inst->state & XIP_ST_MASK) == XIP_ST_NONE ||
        global_index >= inst->global_count)
        return XIP_ERR_ARGUMENT;
    pos = xip_global_offset(inst, global_index);
    *type = inst->image[pos];
    *mutable_ = inst->image[pos + 1];
    return XIP_OK;
}
