/*
 * xip_globals.c: read access to an instance's globals for embedders and the
 * spec-test runner (assert_return with `get`).
 */
#include "xip.h"

xip_status xip_global_get(const xip_instance *inst, uint32_t global_index, uint64_t *value)
{
    if (inst == 0 || value == 0 || inst->globals == 0 || global_index >= inst->global_count)
        return XIP_ERR_ARGUMENT;
    *value = inst->globals[global_index];
    return XIP_OK;
}
