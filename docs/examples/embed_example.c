/*
 * embed_example.c: a complete host for the xipwasm executor, written the way
 * firmware uses it: all RAM is static (no malloc), the image is only read,
 * and two applets share the CPU round-robin in fuel slices.
 *
 * Each applet is an instance of the same image; it calls the image's export
 * `run(i32) -> i32` with its own argument and serves the host functions
 * env.print_i32(i32) and env.print_str(ptr i32, len i32). Any other import
 * traps with XIP_TRAP_UNLINKED_IMPORT.
 *
 * Build (from the repository root; SOURCES = every .c file in executor/):
 *   cc -std=c99 -Iformat -Iexecutor docs/examples/embed_example.c SOURCES -o embed_example
 * Run:
 *   xipwasm compile applet.wasm -o applet.xip && ./embed_example applet.xip
 */
#include <stdio.h>
#include <string.h>

#include "xip.h"
#include "xip_format.h" /* XIP_EXTERN_FUNC, XIP_I32 */

#define APPLETS 2
#define MEMORY_BYTES (2u * 65536u) /* linear memory per applet: two Wasm pages */
#define GLOBALS 16                 /* globals per applet */
#define STACK_SLOTS 4096           /* registers of all active frames, 8 bytes each */
#define FRAMES 64                  /* call depth */
#define FUEL_SLICE 50              /* units of fuel (taken branches, calls, returns) per turn */
#define IMAGE_CAPACITY (256u * 1024u)

/* Everything one applet needs in RAM. */
typedef struct applet {
    xip_instance inst;
    uint8_t memory[MEMORY_BYTES];
    uint64_t globals[GLOBALS];
    uint64_t stack[STACK_SLOTS];
    xip_frame frames[FRAMES];
    xip_status status; /* of the last run step */
    unsigned slices;   /* turns taken */
    int finished;
} applet;

static applet applets[APPLETS];

/* On a device this is a const array in flash, e.g. placed by the linker; the
 * executor reads it in place. Here it is loaded from a file. */
static uint8_t image[IMAGE_CAPACITY];

/* True when the import name (not NUL-terminated) equals s. */
static int name_is(const char *name, uint32_t len, const char *s)
{
    return strlen(s) == len && memcmp(name, s, len) == 0;
}

/* True when function f has exactly the given parameter types and no results. */
static int takes(const xip_instance *inst, uint32_t f, const char *params)
{
    xip_functype type;
    if (xip_func_type(inst, f, &type) != XIP_OK || type.result_count != 0)
        return 0;
    return type.param_count == strlen(params) && memcmp(type.params, params, type.param_count) == 0;
}

/* Serves the pending host call of applet `id`, then continues its run. */
static xip_status serve_host_call(applet *a, int id)
{
    uint32_t import = xip_host_import(&a->inst);
    uint64_t *slots = xip_host_args(&a->inst); /* arguments in, results out */
    const char *module, *field;
    uint32_t module_len, field_len;
    xip_import_name(&a->inst, import, &module, &module_len, &field, &field_len);
    if (!name_is(module, module_len, "env"))
        return xip_host_trap(&a->inst, XIP_TRAP_UNLINKED_IMPORT);
    if (name_is(field, field_len, "print_i32") && takes(&a->inst, import, "\x7f")) {
        printf("applet %d: print %d\n", id, (int)(int32_t)(uint32_t)slots[0]);
        return xip_resume(&a->inst);
    }
    if (name_is(field, field_len, "print_str") && takes(&a->inst, import, "\x7f\x7f")) {
        uint32_t size, ptr = (uint32_t)slots[0], len = (uint32_t)slots[1];
        const uint8_t *memory = xip_memory(&a->inst, &size);
        if (ptr > size || len > size - ptr)
            return xip_host_trap(&a->inst, XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
        printf("applet %d: print \"%.*s\"\n", id, (int)len, (const char *)memory + ptr);
        return xip_resume(&a->inst);
    }
    return xip_host_trap(&a->inst, XIP_TRAP_UNLINKED_IMPORT);
}

/* Gives applet `id` a turn: a slice of fuel, host calls served, until it
 * finishes, traps or runs out of fuel again. */
static void take_turn(applet *a, int id)
{
    if (a->status == XIP_OUT_OF_FUEL) {
        a->slices++;
        xip_set_fuel(&a->inst, FUEL_SLICE);
        a->status = xip_resume(&a->inst);
    }
    while (a->status == XIP_HOST_CALL)
        a->status = serve_host_call(a, id);
}

/* Loads and instantiates applet `id` from the image; returns 0 on failure. */
static int start_applet(applet *a, int id, uint32_t image_size)
{
    xip_buffers buffers = {a->memory, MEMORY_BYTES, a->globals, GLOBALS,
                           a->stack, STACK_SLOTS, a->frames, FRAMES, NULL, 0};
    xip_status st = xip_load(&a->inst, image, image_size, &buffers);
    if (st != XIP_OK) {
        printf("applet %d: refused: %s (at offset 0x%lx)\n", id, xip_status_name(st),
               (unsigned long)xip_error_offset(&a->inst));
        return 0;
    }
    xip_set_fuel(&a->inst, XIP_FUEL_UNLIMITED); /* the start function runs to completion */
    st = xip_instantiate(&a->inst);
    while (st == XIP_HOST_CALL)
        st = serve_host_call(a, id);
    if (st != XIP_OK) {
        printf("applet %d: start failed: %s\n", id, xip_status_name(st));
        return 0;
    }
    int32_t run = xip_find_export(&a->inst, "run", 3, XIP_EXTERN_FUNC);
    xip_functype type;
    if (run < 0 || xip_func_type(&a->inst, (uint32_t)run, &type) != XIP_OK || type.param_count != 1 ||
        type.params[0] != XIP_I32 || type.result_count != 1 || type.results[0] != XIP_I32) {
        printf("applet %d: no export run(i32) -> i32\n", id);
        return 0;
    }
    uint64_t arg = (uint64_t)(100 * (id + 1)); /* i32 arguments are zero-extended */
    xip_set_fuel(&a->inst, FUEL_SLICE); /* the call runs for the applet's first turn */
    a->status = xip_call(&a->inst, (uint32_t)run, &arg, 1);
    a->slices = 1;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: embed_example IMAGE.xip\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    uint32_t image_size = (uint32_t)fread(image, 1, sizeof image, f);
    fclose(f);

    int running = 0;
    for (int id = 0; id < APPLETS; id++) {
        applets[id].finished = !start_applet(&applets[id], id, image_size);
        running += !applets[id].finished;
    }
    /* Round-robin: each turn gives one applet a slice of fuel. */
    while (running > 0) {
        for (int id = 0; id < APPLETS; id++) {
            applet *a = &applets[id];
            if (a->finished)
                continue;
            take_turn(a, id);
            if (a->status == XIP_OUT_OF_FUEL)
                continue;
            a->finished = 1;
            running--;
            if (a->status == XIP_OK) {
                uint32_t count;
                const uint64_t *results = xip_results(&a->inst, &count);
                printf("applet %d: result %d\n", id, count ? (int)(int32_t)(uint32_t)results[0] : 0);
            } else {
                printf("applet %d: %s\n", id, xip_status_name(a->status));
            }
            printf("applet %d: %u slices\n", id, a->slices);
        }
    }
    return 0;
}
