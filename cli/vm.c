/*
 * vm.c: the CLI's executor harness. The executor never allocates: here the
 * CLI mallocs the memory, globals, stack, frame and table buffers for an
 * image (sized with xip_image_requirements) and hands them to xip_load.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define DEFAULT_MEMORY (64u << 20)
#define DEFAULT_STACK_SLOTS 1048576u
#define DEFAULT_FRAMES 10000u
#define DEFAULT_TABLE_SLOTS 1048576u /* table words when the tables may grow without bound */

cli_limits cli_default_limits(void)
{
    cli_limits limits = {0, DEFAULT_STACK_SLOTS, DEFAULT_FRAMES};
    return limits;
}

/* Table buffer words for an image: room for its tables' maximum sizes, within reason. */
static uint32_t table_capacity(const uint8_t *image, size_t size)
{
    xip_requirements req;
    if (size > UINT32_MAX || xip_image_requirements(image, (uint32_t)size, &req) != XIP_OK)
        return 0;
    if (req.table_max_slots <= DEFAULT_TABLE_SLOTS)
        return req.table_max_slots;
    return req.table_slots > DEFAULT_TABLE_SLOTS ? req.table_slots : DEFAULT_TABLE_SLOTS;
}

/* Linear memory capacity for an image: its maximum, or 64 MiB (at least its minimum). */
static uint32_t memory_capacity(const cli_image_info *info, const cli_limits *limits)
{
    if (limits->memory_bytes != 0)
        return limits->memory_bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)limits->memory_bytes;
    if (!info->has_memory)
        return 0;
    unsigned shift = info->page_log2 <= 16 ? info->page_log2 : 16;
    uint64_t min = (uint64_t)info->memory_min << shift;
    uint64_t max = (uint64_t)info->memory_max << shift;
    if (info->memory_max != XIP_NO_MAX && max <= UINT32_MAX)
        return (uint32_t)max;
    if (min > UINT32_MAX)
        return UINT32_MAX;
    return min > DEFAULT_MEMORY ? (uint32_t)min : DEFAULT_MEMORY;
}

xip_status cli_vm_load(cli_vm *vm, const char *file, const uint8_t *image, size_t size,
                       const cli_limits *limits, bool quiet)
{
    memset(vm, 0, sizeof *vm);
    if (size > UINT32_MAX) {
        if (!quiet)
            cli_error("%s: image too large", file);
        return XIP_ERR_MALFORMED;
    }
    cli_image_info info;
    cli_image_scan(image, size, &info);
    xip_buffers *b = &vm->buffers;
    b->memory_size = memory_capacity(&info, limits);
    b->global_count = info.global_count;
    b->stack_slots = limits->stack_slots;
    b->frame_count = limits->frames;
    b->table_slots = table_capacity(image, size);
    /* +1: never ask for zero bytes, so NULL always means out of memory. */
    b->memory = calloc((size_t)b->memory_size + 1, 1);
    b->globals = calloc((size_t)b->global_count + 1, sizeof *b->globals);
    b->stack = calloc((size_t)b->stack_slots + 1, sizeof *b->stack);
    b->frames = calloc((size_t)b->frame_count + 1, sizeof *b->frames);
    b->tables = calloc((size_t)b->table_slots + 1, sizeof *b->tables);
    if (b->memory == NULL || b->globals == NULL || b->stack == NULL || b->frames == NULL ||
        b->tables == NULL) {
        if (!quiet)
            cli_error("%s: cannot allocate %lu bytes of linear memory (try --memory)", file,
                      (unsigned long)b->memory_size);
        return XIP_ERR_BUFFER_TOO_SMALL;
    }
    xip_status status = xip_load(&vm->inst, image, (uint32_t)size, b);
    if (status != XIP_OK && !quiet)
        cli_error("%s:0x%lx: %s", file, (unsigned long)xip_error_offset(&vm->inst),
                  xip_status_name(status));
    return status;
}

void cli_vm_free(cli_vm *vm)
{
    free(vm->buffers.memory);
    free(vm->buffers.globals);
    free(vm->buffers.stack);
    free(vm->buffers.frames);
    free(vm->buffers.tables);
    memset(vm, 0, sizeof *vm);
}
