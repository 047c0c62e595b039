/*
 * test_limits.c: size arithmetic and resource limits (docs/limits.md): the
 * checked helpers at their edges, the compiler's table and count limits with
 * their offsets, and the executor's table-buffer need when it saturates.
 * Built 64- and 32-bit (tests/m32.mk) like every unit test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "wat.h"
#include "xip.h"
#include "xip_checked.h"
#include "xip_format.h"

static int failures, checks;

#define CHECK(cond)                                                         \
    do {                                                                    \
        checks++;                                                           \
        if (!(cond)) {                                                      \
            failures++;                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                   \
    } while (0)

static void test_checked(void)
{
    uint32_t u = 7;
    size_t z = 7;
    CHECK(xip_add_u32(UINT32_MAX - 1, 1, &u) && u == UINT32_MAX);
    CHECK(!xip_add_u32(UINT32_MAX, 1, &u) && u == UINT32_MAX);
    CHECK(xip_mul_u32(0x10000, 0xffff, &u) && u == 0xffff0000u);
    CHECK(!xip_mul_u32(0x10000, 0x10000, &u));
    CHECK(xip_mul_u32(0, UINT32_MAX, &u) && u == 0);
    CHECK(xip_add_size(SIZE_MAX - 2, 2, &z) && z == SIZE_MAX);
    CHECK(!xip_add_size(SIZE_MAX, 1, &z));
    CHECK(!xip_mul_size(SIZE_MAX / 2 + 1, 2, &z));
    CHECK(xip_mul_size(SIZE_MAX / 4, 4, &z) && z == SIZE_MAX / 4 * 4);
    /* (count + 1) * size: 0xffffffff + 1 must not wrap to 0 on a 32-bit size_t */
    int fits = xip_array_bytes(0xffffffffu, 1, 4, &z);
    CHECK(fits == (SIZE_MAX > 0xffffffffu));
    CHECK(!fits || z == (size_t)0x100000000u * 4);
    CHECK(xip_array_bytes(0, 1, 8, &z) && z == 8);
    CHECK(!xip_array_bytes(UINT64_MAX, 0, 1, &z) || SIZE_MAX == UINT64_MAX);
}

/* Compiles wat; returns the image (NULL on a compile error, then *error says why). */
static uint8_t *compile(const char *wat, size_t *image_size, xc_error *error)
{
    size_t size = 0;
    uint8_t *wasm = test_assemble(wat, "", &size);
    uint8_t *image = NULL;
    xc_options options = {XC_PASS_NONE, NULL, 0};
    memset(error, 0, sizeof *error);
    if (wasm == NULL) {
        fprintf(stderr, "wat2wasm failed on %s\n", wat);
        failures++;
        return NULL;
    }
    if (!xc_compile(wasm, size, &options, &image, image_size, error))
        image = NULL;
    free(wasm);
    return image;
}

static void test_compiler(void)
{
    size_t n = 0;
    xc_error e;
    uint8_t *image = compile("(module (table 0x80000001 funcref))", &n, &e);
    CHECK(image == NULL && e.set && e.offset == 0xb);
    CHECK(strstr(e.message, "table minimum of 2147483649 entries exceeds the implementation limit of 65536"));
    image = compile("(module (table 65537 funcref))", &n, &e);
    CHECK(image == NULL && strstr(e.message, "65537 entries"));
    image = compile("(module (import \"m\" \"t\" (table 0x10000000 funcref)))", &n, &e);
    CHECK(image == NULL && strstr(e.message, "268435456 entries"));
    image = compile("(module (table 65536 funcref))", &n, &e);
    CHECK(image != NULL && n > 2u * 65536u); /* a flash table: two bytes per entry */
    free(image);
}

/* Copies image with its first RAM table's minimum set to min, the checksum recomputed. */
static uint8_t *with_table_min(const uint8_t *image, size_t n, uint32_t min)
{
    static const uint8_t entry[] = {XIP_FUNCREF, XIP_TABLE_RAM, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};
    uint8_t *copy = malloc(n);
    size_t at;
    memcpy(copy, image, n);
    for (at = XIP_HEADER_SIZE; at + sizeof entry <= n && memcmp(copy + at, entry, sizeof entry) != 0; at++)
        ;
    CHECK(at + sizeof entry <= n);
    if (at + sizeof entry > n)
        return copy;
    xip_write_u32(copy + at + 2, min);
    xip_write_u32(copy + 16, xip_adler32(1, copy + XIP_HEADER_SIZE, (uint32_t)n - XIP_HEADER_SIZE));
    return copy;
}

/* Loads image with a 16-word table buffer that claims `claimed` words; the words past 16 must stay untouched. */
static xip_status load_claiming(const uint8_t *image, size_t n, uint32_t claimed)
{
    static xip_instance inst;
    static uint64_t stack[4096], globals[4];
    static xip_frame frames[16];
    static uint8_t memory[16];
    uint32_t tables[32];
    for (int i = 0; i < 32; i++)
        tables[i] = 0x5a5a5a5au;
    xip_buffers b = {memory, sizeof memory, globals, 4, stack, 4096, frames, 16, tables, claimed};
    xip_status st = xip_load(&inst, image, (uint32_t)n, &b);
    for (int i = 16; i < 32; i++)
        CHECK(tables[i] == 0x5a5a5a5au);
    return st;
}

static void test_executor_tables(void)
{
    size_t n = 0;
    xc_error e;
    uint8_t *image = compile("(module (table $t 1 funcref)"
                             " (func (export \"f\") (table.set $t (i32.const 0) (ref.null func))))", &n, &e);
    CHECK(image != NULL);
    if (image == NULL)
        return;
    xip_requirements req;
    CHECK(xip_image_requirements(image, (uint32_t)n, &req) == XIP_OK && req.table_slots == 2);
    CHECK(load_claiming(image, n, 2) == XIP_OK);

    /* min 0xfffffffe: 1 size word + the entries = 0xffffffff words, saturated: refused even if claimed */
    uint8_t *big = with_table_min(image, n, 0xfffffffeu);
    CHECK(xip_image_requirements(big, (uint32_t)n, &req) == XIP_OK);
    CHECK(req.table_slots == 0xffffffffu && req.table_max_slots == 0xffffffffu);
    CHECK(load_claiming(big, n, 16) == XIP_ERR_BUFFER_TOO_SMALL);
    CHECK(load_claiming(big, n, 0xffffffffu) == XIP_ERR_BUFFER_TOO_SMALL);
    free(big);
    /* min 0xffffffff: the need is 2^32 words, more than 32 bits hold */
    big = with_table_min(image, n, 0xffffffffu);
    CHECK(xip_image_requirements(big, (uint32_t)n, &req) == XIP_OK && req.table_slots == 0xffffffffu);
    CHECK(load_claiming(big, n, 0xffffffffu) == XIP_ERR_BUFFER_TOO_SMALL);
    free(big);
    /* min 0x10000000: needs 0x10000001 words; a 16-word buffer is too small */
    big = with_table_min(image, n, 0x10000000u);
    CHECK(xip_image_requirements(big, (uint32_t)n, &req) == XIP_OK && req.table_slots == 0x10000001u);
    CHECK(load_claiming(big, n, 16) == XIP_ERR_BUFFER_TOO_SMALL);
    free(big);
    free(image);
}

int main(void)
{
    test_checked();
    test_compiler();
    test_executor_tables();
    printf("test_limits: %d checks, %d failed\n", checks, failures);
    return failures != 0;
}
