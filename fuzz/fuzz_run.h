/*
 * fuzz_run.h: shared by the fuzz targets: loads an image with the executor's
 * checks and, when it loads, instantiates it and calls every exported
 * function with zero arguments under a small fuel budget, answering host
 * calls with zero results. Any crash or sanitizer report is a bug.
 *
 * The buffers are sized from the image's requirements (xip_image_requirements)
 * and allocated exactly, so a write past what the executor was given is an
 * ASan report; an image needing more than the caps below gets buffers clamped
 * at the caps, and must be refused as too big (docs/limits.md).
 */
#ifndef FUZZ_RUN_H
#define FUZZ_RUN_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xip.h"

#define FUZZ_MEMORY (1u << 20)          /* capacity for memories without a (smaller) maximum */
#define FUZZ_MEMORY_CAP (16u << 20)     /* initial memory above this: must be refused */
#define FUZZ_TABLE_SLOTS 4096u          /* table words when the tables may grow without bound */
#define FUZZ_TABLE_CAP (1u << 20)       /* initial table words above this: must be refused */
#define FUZZ_STACK 8192u
#define FUZZ_FRAMES 256u
#define FUZZ_FUEL 20000u
#define FUZZ_HOST_CALLS 64

/* Buffers for one image, each allocated to the size the executor is told. */
typedef struct fuzz_buffers {
    xip_buffers b;
} fuzz_buffers;

/* The smaller of a and b. */
static uint32_t fuzz_min(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

/* Allocates n elements of size bytes, or NULL for n == 0 (the executor accepts NULL with size 0). */
static void *fuzz_alloc(uint32_t n, size_t size)
{
    if (n == 0)
        return NULL;
    void *p = calloc(n, size);
    if (p == NULL)
        abort(); /* within the caps: a real out-of-memory */
    return p;
}

/*
 * Sizes and allocates buffers for the image from its requirements, clamped
 * at the caps; false when it needs more than the caps (then the buffers are
 * too small for it, and xip_load must refuse it).
 */
static int fuzz_buffers_alloc(fuzz_buffers *fb, const uint8_t *image, uint32_t size)
{
    xip_requirements req;
    int fits;
    memset(fb, 0, sizeof *fb);
    if (xip_image_requirements(image, size, &req) != XIP_OK) {
        req.memory_bytes = req.memory_max_bytes = req.globals = 0; /* let xip_load report it */
        req.table_slots = req.table_max_slots = 0;
    }
    fits = req.memory_bytes <= FUZZ_MEMORY_CAP && req.table_slots <= FUZZ_TABLE_CAP;
    req.memory_bytes = fuzz_min(req.memory_bytes, FUZZ_MEMORY_CAP);
    req.table_slots = fuzz_min(req.table_slots, FUZZ_TABLE_CAP);
    xip_buffers *b = &fb->b;
    /* memory: up to its maximum, at most FUZZ_MEMORY unless the minimum is larger */
    b->memory_size = fuzz_min(req.memory_max_bytes, FUZZ_MEMORY);
    if (b->memory_size < req.memory_bytes)
        b->memory_size = req.memory_bytes;
    b->global_count = req.globals;
    b->stack_slots = FUZZ_STACK;
    b->frame_count = FUZZ_FRAMES;
    b->table_slots = fuzz_min(req.table_max_slots, FUZZ_TABLE_SLOTS);
    if (b->table_slots < req.table_slots)
        b->table_slots = req.table_slots;
    b->memory = fuzz_alloc(b->memory_size, 1);
    b->globals = fuzz_alloc(b->global_count, sizeof *b->globals);
    b->stack = fuzz_alloc(b->stack_slots, sizeof *b->stack);
    b->frames = fuzz_alloc(b->frame_count, sizeof *b->frames);
    b->tables = fuzz_alloc(b->table_slots, sizeof *b->tables);
    return fits;
}

static void fuzz_buffers_free(fuzz_buffers *fb)
{
    free(fb->b.memory);
    free(fb->b.globals);
    free(fb->b.stack);
    free(fb->b.frames);
    free(fb->b.tables);
    memset(fb, 0, sizeof *fb);
}

/* Drives a paused run to its end: host calls return zeros, fuel is not refilled. */
static xip_status fuzz_finish(xip_instance *inst, xip_status status)
{
    for (int calls = 0; status == XIP_HOST_CALL && calls < FUZZ_HOST_CALLS; calls++) {
        xip_functype type;
        uint32_t import = xip_host_import(inst);
        if (xip_host_ref(inst, NULL, &type) == 0 && xip_func_type(inst, import, &type) != XIP_OK)
            return XIP_ERR_STATE;
        uint64_t *slots = xip_host_args(inst);
        for (uint32_t i = 0; i < type.result_count; i++)
            slots[i] = 0;
        status = xip_resume(inst);
    }
    return status;
}

/* Instantiates and runs every exported function of a loaded instance. */
static void fuzz_run_loaded(xip_instance *inst)
{
    xip_set_fuel(inst, FUZZ_FUEL);
    xip_status status = fuzz_finish(inst, xip_instantiate(inst));
    if (status != XIP_OK && !XIP_IS_TRAP(status))
        return;
    uint32_t count = xip_func_count(inst);
    for (uint32_t f = 0; f < count; f++) {
        xip_functype type;
        if (xip_func_type(inst, f, &type) != XIP_OK)
            continue;
        uint64_t args[16] = {0};
        if (type.param_count > 16)
            continue;
        xip_set_fuel(inst, FUZZ_FUEL);
        fuzz_finish(inst, xip_call(inst, f, args, type.param_count));
    }
}

/*
 * Loads the image into buffers sized from its requirements and runs it;
 * returns the status of xip_load. An image needing more than the caps gets
 * buffers clamped at them, which xip_load must refuse.
 */
static xip_status fuzz_run_image(const uint8_t *image, uint32_t size)
{
    static xip_instance inst;
    fuzz_buffers fb;
    int fits = fuzz_buffers_alloc(&fb, image, size);
    xip_status status = xip_load(&inst, image, size, &fb.b);
    if (status == XIP_OK && !fits)
        abort(); /* loaded into buffers smaller than its requirements */
    if (status == XIP_OK)
        fuzz_run_loaded(&inst);
    fuzz_buffers_free(&fb);
    return status;
}

#endif /* FUZZ_RUN_H */
