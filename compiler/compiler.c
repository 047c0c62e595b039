/*
 * compiler.c: the driver. Runs decode, validate, lower, allocate, encode in
 * order and writes the dump requested after any of them.
 */
#include "compiler.h"

#include <stdlib.h>
#include <string.h>

#include "check_ir.h"
#include "passes.h"
#include "xip_format.h"

enum xc_pass xc_pass_from_name(const char *name)
{
    static const char *const names[] = {"decode", "validate", "lower", "allocate", "encode"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return (enum xc_pass)(XC_PASS_DECODE + i);
    return XC_PASS_NONE;
}

/* Prints the section list of an encoded image (the dump after encode). */
static void dump_image(const xc_buffer *image, FILE *out)
{
    static const char *const names[XIP_SECTION_LAST + 1] = {"", "type", "import", "func", "table", "memory",
                                                        "global", "export", "start", "data", "code", "elem"};
    fprintf(out, "image: %zu bytes, crc 0x%08x\n", image->size, (unsigned)xip_read_u32(image->data + 16));
    size_t at = XIP_HEADER_SIZE;
    while (at + XIP_SECTION_HEADER_SIZE <= image->size) {
        uint8_t id = image->data[at];
        uint32_t size = xip_read_u32(image->data + at + 1);
        fprintf(out, "  section %-6s at %6zu: %u bytes\n", id <= XIP_SECTION_LAST ? names[id] : "?", at,
                (unsigned)size);
        at += XIP_SECTION_HEADER_SIZE + size;
    }
}

/* The register limit: the environment overrides the options. */
static uint32_t register_limit(const xc_options *options)
{
    const char *env = getenv("XIPWASM_MAX_REGS");
    if (env && *env)
        return (uint32_t)strtoul(env, NULL, 10);
    return options ? options->max_registers : 0;
}

bool xc_compile(const uint8_t *wasm, size_t size, const xc_options *options,
                uint8_t **image, size_t *image_size, xc_error *error)
{
    enum xc_pass dump = options ? options->dump_after : XC_PASS_NONE;
    FILE *out = options && options->dump_out ? options->dump_out : stderr;
    wasm_module module;
    xc_program program;
    xc_buffer buffer = {0};
    memset(&module, 0, sizeof module);
    memset(&program, 0, sizeof program);
    program.register_limit = register_limit(options);
    *image = NULL;
    *image_size = 0;
    bool ok = xc_decode(wasm, size, &module, error);
    if (ok && dump == XC_PASS_DECODE)
        xc_dump_module(&module, out);
    ok = ok && xc_validate(&module, error);
    if (ok && dump == XC_PASS_VALIDATE)
        xc_dump_module(&module, out);
    ok = ok && xc_lower(&module, &program, error);
    if (ok)
        xc_check_ir(&program, XC_PASS_LOWER);
    if (ok && dump == XC_PASS_LOWER)
        xc_dump_program(&program, out);
    ok = ok && xc_allocate(&program, error);
    if (ok)
        xc_check_ir(&program, XC_PASS_ALLOCATE);
    if (ok && dump == XC_PASS_ALLOCATE)
        xc_dump_program(&program, out);
    ok = ok && xc_encode(&program, &buffer, error);
    if (ok && dump == XC_PASS_ENCODE)
        dump_image(&buffer, out);
    xc_program_free(&program);
    wasm_module_free(&module);
    if (!ok) {
        xc_buffer_free(&buffer);
        return false;
    }
    *image = buffer.data;
    *image_size = buffer.size;
    return true;
}
