/*
 * compiler.c: the driver. Runs the passes in order (XC_PASSES) and writes
 * the dump requested after any of them.
 */
#include "compiler.h"

#include <string.h>

#include "check_ir.h"
#include "passes.h"
#include "xip_format.h"

static const char *const pass_names[] = {
#define XC_PASS_NAME(name, text) [XC_PASS_##name] = text,
    XC_PASSES(XC_PASS_NAME)
#undef XC_PASS_NAME
};

typedef char xc_every_pass_has_a_name[(sizeof pass_names / sizeof pass_names[0] == XC_PASS_END) ? 1 : -1];

const char *xc_pass_name(enum xc_pass pass)
{
    return pass > XC_PASS_NONE && pass < XC_PASS_END ? pass_names[pass] : NULL;
}

enum xc_pass xc_pass_from_name(const char *name)
{
    for (unsigned i = XC_PASS_NONE + 1; i < XC_PASS_END; i++)
        if (strcmp(name, pass_names[i]) == 0)
            return (enum xc_pass)i;
    return XC_PASS_NONE;
}

/* Prints the section list of an encoded image (the dump after encode). */
static void dump_image(const xc_buffer *image, FILE *out)
{
    fprintf(out, "image: %zu bytes, checksum 0x%08x\n", image->size, (unsigned)xip_read_u32(image->data + 16));
    size_t at = XIP_HEADER_SIZE;
    while (at + XIP_SECTION_HEADER_SIZE <= image->size) {
        uint8_t id = image->data[at];
        uint32_t size = xip_read_u32(image->data + at + 1);
        fprintf(out, "  section %-6s at %6zu: %u bytes\n", xip_section_name(id), at,
                (unsigned)size);
        at += XIP_SECTION_HEADER_SIZE + size;
    }
}

/* What the passes read and write, and the dump request. */
typedef struct driver {
    wasm_module module;
    xc_program program;
    xc_plan plan;
    xc_buffer image;
    enum xc_pass dump;
    FILE *out;
} driver;

/* Runs after each pass that succeeded: writes its dump if it is the one requested. */
static bool after(driver *d, enum xc_pass pass)
{
    if (d->dump != pass)
        return true;
    switch (pass) {
    case XC_PASS_DECODE:
    case XC_PASS_VALIDATE:
        xc_dump_module(&d->module, d->out);
        break;
    case XC_PASS_LOWER:
    case XC_PASS_LIVENESS:
    case XC_PASS_ALLOCATE:
    case XC_PASS_FUSE:
        xc_dump_program(&d->program, d->out);
        break;
    case XC_PASS_PLAN:
        xc_dump_plan(&d->program, &d->plan, d->out);
        break;
    default:
        dump_image(&d->image, d->out);
        break;
    }
    return true;
}

bool xc_compile(const uint8_t *wasm, size_t size, const xc_options *options,
                uint8_t **image, size_t *image_size, xc_error *error)
{
    return xc_compile_mapped(wasm, size, options, image, image_size, NULL, error);
}

bool xc_compile_mapped(const uint8_t *wasm, size_t size, const xc_options *options,
                       uint8_t **image, size_t *image_size, xc_map *map, xc_error *error)
{
    driver d;
    memset(&d, 0, sizeof d);
    d.dump = options ? options->dump_after : XC_PASS_NONE;
    d.out = options && options->dump_out ? options->dump_out : stderr;
    d.program.register_limit = options ? options->max_registers : 0;
    *image = NULL;
    *image_size = 0;
    bool ok = xc_decode(wasm, size, &d.module, error) && after(&d, XC_PASS_DECODE);
    ok = ok && xc_validate(&d.module, error) && after(&d, XC_PASS_VALIDATE);
    ok = ok && xc_lower(&d.module, &d.program, error) && after(&d, XC_PASS_LOWER);
    if (ok)
        xc_check_ir(&d.program, XC_PASS_LOWER);
    ok = ok && xc_liveness(&d.program, error) && after(&d, XC_PASS_LIVENESS);
    ok = ok && xc_allocate(&d.program, error) && after(&d, XC_PASS_ALLOCATE);
    if (ok) {
        xc_fuel_points(&d.program);
        xc_check_ir(&d.program, XC_PASS_ALLOCATE);
    }
    ok = ok && xc_fuse(&d.program, error) && after(&d, XC_PASS_FUSE);
    if (ok)
        xc_check_ir(&d.program, XC_PASS_FUSE);
    ok = ok && xc_plan_image(&d.program, &d.plan, error) && after(&d, XC_PASS_PLAN);
    ok = ok && xc_encode(&d.program, &d.plan, &d.image, error) && xc_stack_bound(&d.program, &d.image, error) &&
         after(&d, XC_PASS_ENCODE);
    if (ok && map)
        xc_map_build(&d.program, map);
    xc_plan_free(&d.plan);
    xc_program_free(&d.program);
    wasm_module_free(&d.module);
    if (!ok) {
        xc_buffer_free(&d.image);
        return false;
    }
    *image = d.image.data;
    *image_size = d.image.size;
    return true;
}
