/*
 * minimal.c: the smallest firmware, built twice by scripts/footprint.sh to
 * measure the executor's linked flash footprint: with MIN_EXECUTOR=1 it
 * runs an image from an applet slot the way a device does (requirements,
 * load, instantiate, find the export, call in fuel slices, serve host calls
 * by import name, read the results and memory); with MIN_EXECUTOR=0 it does
 * nothing. The difference of the two linked images (--gc-sections) is what
 * the executor costs: its code and constants plus the libgcc helpers and C
 * library routines it pulls in. xip_status_name is left out (a device build
 * can report status numbers); footprint.sh prints its cost separately.
 */
#include <stddef.h>
#include <stdint.h>

#if MIN_EXECUTOR
#include "xip.h"
#include "xip_format.h"
#endif

extern uint8_t __stack_top[];
extern const uint8_t __xip_slot_applet_start[];
int main(void);

volatile uint32_t min_sink; /* keeps results alive */

#if MIN_EXECUTOR
static uint8_t memory[65536];
static uint64_t globals[16];
static uint64_t stack[1024];
static xip_frame frames[64];
static xip_instance inst;

/* Serves a host call: an "env" import gets its index as its result. */
static xip_status serve(void)
{
    const char *module, *field;
    uint32_t module_len, field_len, size;
    xip_functype type;
    uint32_t import = xip_host_import(&inst);
    if (xip_import_name(&inst, import, &module, &module_len, &field, &field_len) != XIP_OK ||
        xip_func_type(&inst, import, &type) != XIP_OK || module_len != 3)
        return xip_host_trap(&inst, XIP_TRAP_UNLINKED_IMPORT);
    uint8_t *mem = xip_memory(&inst, &size);
    xip_host_args(&inst)[0] = import + (mem != NULL && size > 0 ? mem[0] : 0);
    return xip_resume(&inst);
}

int main(void)
{
    const uint8_t *image = __xip_slot_applet_start;
    uint32_t size = xip_read_u32(image + 12);
    xip_requirements req;
    xip_buffers b = {memory, sizeof memory, globals, 16, stack, 1024, frames, 64, NULL, 0};
    if (xip_image_requirements(image, size, &req) != XIP_OK || xip_load(&inst, image, size, &b) != XIP_OK) {
        min_sink = xip_error_offset(&inst);
        return 1;
    }
    xip_status st = xip_instantiate(&inst);
    int32_t run = xip_find_export(&inst, "run", 3, XIP_EXTERN_FUNC);
    if (st != XIP_OK || run < 0)
        return 1;
    xip_set_fuel(&inst, 1000);
    st = xip_call(&inst, (uint32_t)run, NULL, 0);
    while (st == XIP_HOST_CALL || st == XIP_OUT_OF_FUEL) {
        if (st == XIP_HOST_CALL) {
            st = serve();
        } else {
            xip_set_fuel(&inst, 1000);
            st = xip_resume(&inst);
        }
    }
    uint32_t count;
    const uint64_t *results = xip_results(&inst, &count);
    min_sink = st == XIP_OK && count > 0 ? (uint32_t)results[0] : (uint32_t)st;
#if MIN_STATUS_NAMES
    min_sink += (uint8_t)xip_status_name(st)[0]; /* footprint.sh: what the names cost */
#endif
    return 0;
}
#else
int main(void)
{
    min_sink = __xip_slot_applet_start[0];
    return 0;
}
#endif

/* Reset: no .data copy or .bss clear (both images would carry the same). */
void min_reset(void)
{
    main();
    for (;;)
        ;
}

#if defined(__arm__)
typedef void (*min_vector)(void);
__attribute__((section(".vectors"), used)) static const min_vector vectors[2] = {
    (min_vector)(uintptr_t)__stack_top, min_reset};
#endif
