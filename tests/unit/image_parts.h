/*
 * image_parts.h: shared by the unit tests that look inside a compiled image
 * (to read or corrupt one field of it): where each section's body lies, the
 * operand shape, size and fields of each opcode (expanded from opcodes.def,
 * like every other list of them), and one compile of WebAssembly text.
 * The tests walk the image's headers themselves, so that a bug in the
 * executor's section reader cannot hide one in the code under test.
 */
#ifndef TEST_IMAGE_PARTS_H
#define TEST_IMAGE_PARTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler.h"
#include "wat.h"
#include "xip_format.h"

/* Fills sec[id] with each section's body offset (0: absent) and, if len is not NULL, len[id] with its
 * length, from the section headers of image[0..size), which the compiler wrote. */
static inline void ti_find_sections(const uint8_t *image, size_t size, uint32_t sec[XIP_SECTION_LAST + 1],
                                    uint32_t len[XIP_SECTION_LAST + 1])
{
    memset(sec, 0, (XIP_SECTION_LAST + 1) * sizeof *sec);
    if (len)
        memset(len, 0, (XIP_SECTION_LAST + 1) * sizeof *len);
    for (size_t pos = XIP_HEADER_SIZE; pos + XIP_SECTION_HEADER_SIZE <= size;) {
        uint32_t id = image[pos], n = xip_read_u32(image + pos + 1);
        if (id <= XIP_SECTION_LAST) {
            sec[id] = (uint32_t)(pos + XIP_SECTION_HEADER_SIZE);
            if (len)
                len[id] = n;
        }
        pos += XIP_SECTION_HEADER_SIZE + (size_t)n;
    }
}

/* Body offset of section id in image[0..size), 0 if absent; its length in *len if len is not NULL. */
static inline uint32_t ti_section(const uint8_t *image, size_t size, uint32_t id, uint32_t *len)
{
    uint32_t sec[XIP_SECTION_LAST + 1], lens[XIP_SECTION_LAST + 1];
    ti_find_sections(image, size, sec, lens);
    if (len)
        *len = lens[id];
    return sec[id];
}

/* The operand shape of each opcode; the size and the four fields of each shape. */
static const uint8_t ti_shape_of[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) XIP_SHAPE_##shape,
#include "opcodes.def"
#undef OP
};
static const uint8_t ti_size_of[XIP_SHAPE_COUNT] = {
#define SIZE(name, size, f1, f2, f3, f4) size,
    XIP_SHAPES(SIZE)
#undef SIZE
};
static const uint8_t ti_fields_of[XIP_SHAPE_COUNT][4] = {
#define FIELDS(name, size, f1, f2, f3, f4) {f1, f2, f3, f4},
    XIP_SHAPES(FIELDS)
#undef FIELDS
};

/* Length in bytes of the instruction at p (a br_table counts its targets). */
static inline uint32_t ti_insn_size(const uint8_t *p)
{
    uint32_t shape = ti_shape_of[p[0]];
    return ti_size_of[shape] + (shape == XIP_SHAPE_BRTABLE ? 2u * (xip_read_u16(p + 2) + 1u) : 0u);
}

/* Compiles wat (default wat2wasm features) under the register limit (0: the default) into *image
 * (malloc'd) of *size bytes; prints "FAIL compile: why" and returns false when it cannot. */
static inline bool ti_compile(const char *wat, uint32_t max_regs, uint8_t **image, size_t *size)
{
    size_t wasm_size = 0;
    uint8_t *wasm = test_assemble(wat, "", &wasm_size);
    xc_options options = {XC_PASS_NONE, NULL, max_regs};
    xc_error error;
    bool ok;
    memset(&error, 0, sizeof error);
    *image = NULL;
    *size = 0;
    ok = wasm && xc_compile(wasm, wasm_size, &options, image, size, &error);
    if (!ok)
        printf("FAIL compile: %s\n", wasm ? error.message : "wat2wasm failed");
    free(wasm);
    return ok;
}

/* A compiled image and where its sections lie. */
typedef struct ti_image {
    uint8_t *b;
    uint32_t n;
    uint32_t sec[XIP_SECTION_LAST + 1]; /* section body offsets (0: absent) */
    uint32_t len[XIP_SECTION_LAST + 1];
} ti_image;

/* Compiles wat under the register limit (0: the default) into m and finds its sections; false (and
 * "FAIL compile" printed) when it cannot. */
static inline bool ti_compile_image(ti_image *m, const char *wat, uint32_t max_regs)
{
    size_t size;
    memset(m, 0, sizeof *m);
    if (!ti_compile(wat, max_regs, &m->b, &size))
        return false;
    m->n = (uint32_t)size;
    ti_find_sections(m->b, size, m->sec, m->len);
    return true;
}

#endif /* TEST_IMAGE_PARTS_H */
