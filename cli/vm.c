/*
 * vm.c: the CLI's executor harness. The executor never allocates: here the
 * CLI mallocs the memory, globals, stack, frame and table buffers for an
 * image, sized from what xip_prepare reports, and hands them to
 * xip_load_prepared: each section is verified once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "xip_checked.h"

/* Defaults and caps of the buffers; docs/limits.md lists them. */
#define DEFAULT_MEMORY (64u << 20)        /* linear memory when the module has no maximum */
#define MAX_DEFAULT_MEMORY (1u << 30)     /* the most the CLI gives unasked (--memory gives more) */
#define DEFAULT_STACK_SLOTS 1048576u
#define DEFAULT_FRAMES 10000u
#define DEFAULT_TABLE_SLOTS 1048576u      /* table words when the tables may grow without bound */
#define MAX_TABLE_SLOTS (1u << 22)        /* table words (16 MiB): an image needing more is refused */

cli_limits cli_default_limits(void)
{
    cli_limits limits = {0, DEFAULT_STACK_SLOTS, DEFAULT_FRAMES};
    return limits;
}

/*
 * Table buffer words for an image: room for its tables' maximum sizes, within
 * reason (DEFAULT_TABLE_SLOTS when unbounded). False when even the initial
 * sizes exceed MAX_TABLE_SLOTS.
 */
static bool table_capacity(const xip_requirements *req, uint32_t *slots)
{
    *slots = 0;
    if (req->table_slots > MAX_TABLE_SLOTS)
        return false;
    if (req->table_max_slots <= DEFAULT_TABLE_SLOTS)
        *slots = req->table_max_slots;
    else
        *slots = req->table_slots > DEFAULT_TABLE_SLOTS ? req->table_slots : DEFAULT_TABLE_SLOTS;
    return true;
}

/*
 * Linear memory capacity for an image: --memory if given (checked by its
 * parser to be 1..4 GiB-1), else the module's maximum if at most
 * MAX_DEFAULT_MEMORY, else 64 MiB or its minimum if larger. False when that
 * exceeds MAX_DEFAULT_MEMORY.
 */
static bool memory_capacity(const xip_requirements *req, const cli_limits *limits, uint64_t *bytes)
{
    if (limits->memory_bytes != 0) {
        *bytes = limits->memory_bytes > UINT32_MAX ? UINT32_MAX : limits->memory_bytes;
        return true;
    }
    if (req->memory_max_bytes <= MAX_DEFAULT_MEMORY) /* bounded (0 without a memory) */
        *bytes = req->memory_max_bytes;
    else
        *bytes = req->memory_bytes > DEFAULT_MEMORY ? req->memory_bytes : DEFAULT_MEMORY;
    return *bytes <= MAX_DEFAULT_MEMORY;
}

/* A zeroed array of count + 1 elements (never zero bytes, so NULL means failure); NULL if the size wraps. */
static void *alloc_array(uint64_t count, size_t size)
{
    size_t bytes;
    if (!xip_array_bytes(count, 1, size, &bytes))
        return NULL;
    return calloc(bytes, 1);
}

/* Refuses the image for a buffer above a cap: the reason goes to vm->why (and stderr unless quiet). */
static xip_status refuse_cap(cli_vm *vm, const char *file, bool quiet, const char *what, uint64_t need,
                             uint64_t cap, const char *hint)
{
    snprintf(vm->why, sizeof vm->why, "%s: buffer too small: the image needs %llu %s, above the CLI's limit of %llu%s",
             file, (unsigned long long)need, what, (unsigned long long)cap, hint);
    if (!quiet)
        cli_error("%s", vm->why);
    return XIP_ERR_BUFFER_TOO_SMALL;
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
    uint64_t memory_bytes = 0;
    uint32_t table_slots = 0;
    if (!memory_capacity(&vm->req, limits, &memory_bytes))
        return refuse_cap(vm, file, quiet, "bytes of linear memory", memory_bytes, MAX_DEFAULT_MEMORY,
                          " (give --memory)");
    if (!table_capacity(&vm->req, &table_slots))
        return refuse_cap(vm, file, quiet, "table words", vm->req.table_slots, MAX_TABLE_SLOTS, "");
    b->memory_size = (uint32_t)memory_bytes;
    b->global_count = vm->req.globals;
    b->stack_slots = limits->stack_slots;
    b->frame_count = limits->frames;
    b->table_slots = table_slots;
    b->memory = alloc_array(b->memory_size, 1);
    b->globals = alloc_array(b->global_count, sizeof *b->globals);
    b->stack = alloc_array(b->stack_slots, sizeof *b->stack);
    b->frames = alloc_array(b->frame_count, sizeof *b->frames);
    b->tables = alloc_array(b->table_slots, sizeof *b->tables);
    if (b->memory == NULL || b->globals == NULL || b->stack == NULL || b->frames == NULL ||
        b->tables == NULL) {
        snprintf(vm->why, sizeof vm->why,
                 "%s: cannot allocate the buffers (%lu bytes of linear memory, %lu stack slots, "
                 "%lu frames, %lu table words): try smaller --memory, --stack or --frames",
                 file, (unsigned long)b->memory_size, (unsigned long)b->stack_slots,
                 (unsigned long)b->frame_count, (unsigned long)b->table_slots);
        if (!quiet)
            cli_error("%s", vm->why);
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
