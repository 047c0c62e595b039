/*
 * vm.c: the CLI's executor harness. The executor never allocates: here the
 * CLI mallocs the memory, globals, stack, frame and table buffers for an
 * image, sized from what xip_prepare reports, and hands them to
 * xip_load_prepared: each section is verified once.
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
static uint32_t table_capacity(const xip_requirements *req)
{
    if (req->table_max_slots <= DEFAULT_TABLE_SLOTS)
        return req->table_max_slots;
    return req->table_slots > DEFAULT_TABLE_SLOTS ? req->table_slots : DEFAULT_TABLE_SLOTS;
}

/* Linear memory capacity for an image: its maximum, or 64 MiB (at least its minimum). */
static uint32_t memory_capacity(const xip_requirements *req, const cli_limits *limits)
{
    if (limits->memory_bytes != 0)
        return limits->memory_bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)limits->memory_bytes;
    if (req->memory_max_bytes != 0xffffffffu) /* bounded (0 without a memory) */
        return req->memory_max_bytes;
    return req->memory_bytes > DEFAULT_MEMORY ? req->memory_bytes : DEFAULT_MEMORY;
}

/* Prints "xipwasm: FILE:0xOFFSET: message" for a refused image unless quiet; returns status. */
static xip_status refused(const cli_vm *vm, const char *file, xip_status status, bool quiet)
{
    if (status != XIP_OK && !quiet)
        cli_error("%s:0x%lx: %s", file, (unsigned long)xip_error_offset(&vm->inst), xip_status_name(status));
    return status;
}

xip_status cli_vm_prepare(cli_vm *vm, const char *file, const uint8_t *image, size_t size, bool quiet)
{
    memset(vm, 0, sizeof *vm);
    if (size > UINT32_MAX) {
        if (!quiet)
            cli_error("%s: image too large", file);
        return XIP_ERR_MALFORMED;
    }
    return refused(vm, file, xip_prepare(&vm->inst, image, (uint32_t)size, &vm->req), quiet);
}

xip_status cli_vm_bind(cli_vm *vm, const char *file, const cli_limits *limits, bool quiet)
{
    xip_buffers *b = &vm->buffers;
    b->memory_size = memory_capacity(&vm->req, limits);
    b->global_count = vm->req.globals;
    b->stack_slots = limits->stack_slots;
    b->frame_count = limits->frames;
    b->table_slots = table_capacity(&vm->req);
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
    return refused(vm, file, xip_load_prepared(&vm->inst, b), quiet);
}

xip_status cli_vm_load(cli_vm *vm, const char *file, const uint8_t *image, size_t size,
                       const cli_limits *limits, bool quiet)
{
    xip_status status = cli_vm_prepare(vm, file, image, size, quiet);
    return status == XIP_OK ? cli_vm_bind(vm, file, limits, quiet) : status;
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
