/*
 * xrun.h: shared by the unit tests that take WebAssembly text through the
 * real compile and run path: wat2wasm, xc_compile (optionally with a small
 * register limit), xip_load, xip_instantiate, xip_call. One module is
 * loaded at a time; the buffers are the test's own.
 */
#ifndef TEST_XRUN_H
#define TEST_XRUN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler.h"
#include "wat.h"
#include "xip.h"
#include "xip_format.h"

typedef struct xr_module {
    uint8_t *image;
    size_t size;
    xip_instance inst;
    xip_status status; /* of compile (XIP_ERR_MALFORMED if it failed), load and instantiate */
} xr_module;

enum { XR_MEMORY = 65536 * 4, XR_GLOBALS = 512, XR_STACK = 1 << 16, XR_FRAMES = 256 };
static uint8_t xr_memory[XR_MEMORY];
static uint64_t xr_globals[XR_GLOBALS], xr_stack[XR_STACK];
static xip_frame xr_frames[XR_FRAMES];
static uint32_t xr_tables[1024];

/* A growing text buffer for generated modules. */
typedef struct xr_text {
    char *s;
    size_t n, cap;
} xr_text;

/* Appends printf-style text to t. */
static inline void xr_add(xr_text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        size_t room = t->cap - t->n;
        va_start(ap, fmt);
        int k = vsnprintf(t->s ? t->s + t->n : NULL, t->s ? room : 0, fmt, ap);
        va_end(ap);
        if (t->s && (size_t)k < room) {
            t->n += (size_t)k;
            return;
        }
        t->cap = t->cap * 2 + (size_t)k + 4096;
        t->s = realloc(t->s, t->cap);
        if (!t->s)
            abort();
    }
}

/* Compiles wat (wat2wasm --enable-all) with the register limit max_regs (0: 256), loads it. */
static inline bool xr_load(xr_module *m, const char *wat, uint32_t max_regs)
{
    size_t size = 0;
    uint8_t *wasm = test_assemble(wat, "--enable-all", &size);
    xc_options options = {XC_PASS_NONE, NULL, max_regs};
    xc_error error;
    memset(m, 0, sizeof *m);
    memset(&error, 0, sizeof error);
    m->status = XIP_ERR_MALFORMED;
    if (!wasm) {
        printf("xrun: wat2wasm failed\n");
        return false;
    }
    bool ok = xc_compile(wasm, size, &options, &m->image, &m->size, &error);
    free(wasm);
    if (!ok) {
        printf("xrun: compile failed: %s\n", error.message);
        return false;
    }
    xip_buffers buffers = {xr_memory, sizeof xr_memory, xr_globals, XR_GLOBALS, xr_stack, XR_STACK,
                           xr_frames, XR_FRAMES, xr_tables, 1024};
    m->status = xip_load(&m->inst, m->image, (uint32_t)m->size, &buffers);
    if (m->status == XIP_OK)
        m->status = xip_instantiate(&m->inst);
    if (m->status != XIP_OK)
        printf("xrun: load: %s at offset %u\n", xip_status_name(m->status),
               (unsigned)xip_error_offset(&m->inst));
    return m->status == XIP_OK;
}

/* Frees the module's image. */
static inline void xr_free(xr_module *m)
{
    free(m->image);
    m->image = NULL;
}

/* Calls export name with args under fuel; on XIP_OK stores result 0 (if any) in *out. */
static inline xip_status xr_call_fuel(xr_module *m, const char *name, const uint64_t *args, uint32_t nargs,
                               uint32_t fuel, uint64_t *out)
{
    int32_t f = xip_find_export(&m->inst, name, (uint32_t)strlen(name), XIP_EXTERN_FUNC);
    if (out)
        *out = 0;
    if (f < 0)
        return XIP_ERR_ARGUMENT;
    xip_set_fuel(&m->inst, fuel);
    xip_status st = xip_call(&m->inst, (uint32_t)f, args, nargs);
    uint32_t count = 0;
    const uint64_t *results = st == XIP_OK ? xip_results(&m->inst, &count) : NULL;
    if (out)
        *out = results && count ? results[0] : 0;
    return st;
}

/* Calls export name with args and all the fuel there is. */
static inline xip_status xr_call(xr_module *m, const char *name, const uint64_t *args, uint32_t nargs,
                          uint64_t *out)
{
    return xr_call_fuel(m, name, args, nargs, 0xffffffffu, out);
}

#endif /* TEST_XRUN_H */
