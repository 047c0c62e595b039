/*
 * fuzz_run.h: shared by the fuzz targets: loads an image with the executor's
 * checks and, when it loads, instantiates it and calls every exported
 * function with zero arguments under a small fuel budget, answering host
 * calls with zero results. Any crash or sanitizer report is a bug.
 */
#ifndef FUZZ_RUN_H
#define FUZZ_RUN_H

#include <stdint.h>
#include <string.h>

#include "xip.h"

#define FUZZ_MEMORY (1u << 20)
#define FUZZ_GLOBALS 256u
#define FUZZ_STACK 8192u
#define FUZZ_FRAMES 256u
#define FUZZ_TABLE_SLOTS 4096u
#define FUZZ_FUEL 20000u
#define FUZZ_HOST_CALLS 64

typedef struct fuzz_buffers {
    uint8_t memory[FUZZ_MEMORY];
    uint64_t globals[FUZZ_GLOBALS];
    uint64_t stack[FUZZ_STACK];
    xip_frame frames[FUZZ_FRAMES];
    uint32_t tables[FUZZ_TABLE_SLOTS];
} fuzz_buffers;

/* Drives a paused run to its end: host calls return zeros, fuel is not refilled. */
static xip_status fuzz_finish(xip_instance *inst, xip_status status)
{
    for (int calls = 0; status == XIP_HOST_CALL && calls < FUZZ_HOST_CALLS; calls++) {
        xip_functype type;
        uint32_t import = xip_host_import(inst);
        if (xip_func_type(inst, import, &type) != XIP_OK)
            return XIP_ERR_STATE;
        uint64_t *slots = xip_host_args(inst);
        for (uint32_t i = 0; i < type.result_count; i++)
            slots[i] = 0;
        status = xip_resume(inst);
    }
    return status;
}

/* Loads, instantiates and runs every exported function of the image. */
static void fuzz_run_image(const uint8_t *image, uint32_t size)
{
    static fuzz_buffers buffers;
    static xip_instance inst;
    xip_buffers b = {buffers.memory, FUZZ_MEMORY, buffers.globals, FUZZ_GLOBALS,
                     buffers.stack, FUZZ_STACK, buffers.frames, FUZZ_FRAMES,
                     buffers.tables, FUZZ_TABLE_SLOTS};
    if (xip_load(&inst, image, size, &b) != XIP_OK)
        return;
    xip_set_fuel(&inst, FUZZ_FUEL);
    xip_status status = fuzz_finish(&inst, xip_instantiate(&inst));
    if (status != XIP_OK)
        return;
    uint32_t count = xip_func_count(&inst);
    for (uint32_t f = 0; f < count; f++) {
        xip_functype type;
        if (xip_func_type(&inst, f, &type) != XIP_OK)
            continue;
        uint64_t args[16] = {0};
        if (type.param_count > 16)
            continue;
        xip_set_fuel(&inst, FUZZ_FUEL);
        fuzz_finish(&inst, xip_call(&inst, f, args, type.param_count));
    }
}

#endif /* FUZZ_RUN_H */
