/*
 * pass_case.h: shared by the unit tests of one compiler pass (test_coalesce,
 * test_fuse): a case compiles a small .wat through the real pipeline with a
 * program dump after the pass under test, checks lines of that dump, and
 * runs exports of the image with the executor to check the values. One
 * case's buffers are static; cases run one at a time. test_lower runs its
 * images through pass_case_call too.
 */
#ifndef TEST_PASS_CASE_H
#define TEST_PASS_CASE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compiler/compiler.h"
#include "wat.h"
#include "xip.h"
#include "xip_format.h"

/* A compiled case: the program dump after the pass (or "error: ..."), and the image (NULL if compiling failed). */
typedef struct compiled {
    char *dump;
    uint8_t *image;
    size_t size;
} compiled;

/* Compiles wat with a program dump after the pass named pass. */
static inline compiled pass_case_build(const char *wat, const char *pass)
{
    compiled c = {NULL, NULL, 0};
    size_t size = 0;
    uint8_t *wasm = test_assemble(wat, "--enable-all", &size);
    if (!wasm) {
        c.dump = strdup("wat2wasm failed");
        return c;
    }
    size_t text_size = 0;
    FILE *out = open_memstream(&c.dump, &text_size);
    xc_options options = {xc_pass_from_name(pass), out, 0};
    xc_error error = {0};
    if (!xc_compile(wasm, size, &options, &c.image, &c.size, &error))
        fprintf(out, "error: %s", error.message);
    fclose(out);
    free(wasm);
    return c;
}

/*
 * Loads image, instantiates it and calls export func with args[0..nargs) (static buffers: 128 KiB of
 * memory, registers painted with junk first); true if that ran and gave a result, which is in *result.
 * *status is the first status that was not XIP_OK (XIP_OK also when the export is missing or gave none).
 */
static inline bool pass_case_call(const uint8_t *image, size_t size, const char *func, const uint64_t *args,
                                  uint32_t nargs, xip_status *status, uint64_t *result)
{
    static uint8_t memory[65536 * 2];
    static uint64_t globals[16], stack[4096];
    static xip_frame frames[64];
    xip_buffers buffers = {memory, sizeof memory, globals, 16, stack, 4096, frames, 64, NULL, 0};
    xip_instance inst;
    uint32_t count = 0;
    const uint64_t *results = NULL;
    memset(stack, 0xa5, sizeof stack); /* registers nobody zeroes hold junk */
    xip_status st = xip_load(&inst, image, (uint32_t)size, &buffers);
    if (st == XIP_OK)
        st = xip_instantiate(&inst);
    int32_t index = st == XIP_OK ? xip_find_export(&inst, func, (uint32_t)strlen(func), XIP_EXTERN_FUNC) : -1;
    if (index >= 0)
        st = xip_call(&inst, (uint32_t)index, args, nargs);
    if (st == XIP_OK && index >= 0)
        results = xip_results(&inst, &count);
    *status = st;
    *result = results && count > 0 ? results[0] : 0;
    return results && count > 0;
}

/* Runs export func of c's image with args[0..nargs); its first result, or UINT64_MAX when anything fails. */
static inline uint64_t pass_case_run(const compiled *c, const char *func, const uint64_t *args, uint32_t nargs)
{
    xip_status st;
    uint64_t result;
    return c->image && pass_case_call(c->image, c->size, func, args, nargs, &st, &result) ? result : UINT64_MAX;
}

/* The number of lines of dump that contain what. */
static inline unsigned count_lines(const char *dump, const char *what)
{
    unsigned n = 0;
    for (const char *line = dump; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *hit = strstr(line, what);
        if (hit && hit < line + len)
            n++;
        line = end ? end + 1 : NULL;
    }
    return n;
}

/* Checks func(args[0..nargs)) == want, printing the dump on failure. */
static inline void expect_results(const compiled *c, const char *func, const uint64_t *args, uint32_t nargs,
                                  uint64_t want)
{
    if (!CHECK_EQ(pass_case_run(c, func, args, nargs), want))
        printf("  dump:\n%s\n", c->dump);
}

/* Checks func(arg0[, arg1]) == want (nargs of the two are passed). */
static inline void expect_result(const compiled *c, const char *func, uint64_t arg0, uint64_t arg1, uint32_t nargs,
                                 uint64_t want)
{
    uint64_t args[2] = {arg0, arg1};
    expect_results(c, func, args, nargs, want);
}

/* Frees a case. */
static inline void release(compiled *c)
{
    free(c->dump);
    free(c->image);
}

#endif /* TEST_PASS_CASE_H */
