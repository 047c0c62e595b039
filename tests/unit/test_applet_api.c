/*
 * test_applet_api.c: the executor calls an applet host relies on: fuel
 * (XIP_FUEL_UNLIMITED as the default and as a setting, budgets, and in the
 * -long build a run past 2^32 units), trap sites (xip_trap_site) and export enumeration
 * (xip_export_count, xip_export_info). Modules come from WebAssembly text
 * through wat2wasm and the compiler.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler.h"
#include "wat.h"
#include "xip.h"
#include "xip_format.h"
#include "xip_internal.h" /* the fuel counter, to test the refill of unlimited fuel cheaply */

static int failures;

#define CHECK_EQ(got, want)                                                                          \
    do {                                                                                             \
        unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want);          \
        if (g_ != w_) {                                                                              \
            printf("FAIL %s:%d: %s = %llu (0x%llx), want %llu\n", __FILE__, __LINE__, #got, g_, g_, w_); \
            failures++;                                                                              \
        }                                                                                            \
    } while (0)

/* One instance with generous static buffers. */
static xip_instance inst;
static uint8_t memory[65536];
static uint64_t globals[8], stack[4096];
static xip_frame frames[64];

/* Compiles wat and loads it into inst; returns the image (free it) or NULL. */
static uint8_t *load(const char *wat)
{
    size_t size = 0, image_size = 0;
    uint8_t *wasm = test_assemble(wat, "", &size), *image = NULL;
    xc_options options;
    xc_error error;
    memset(&options, 0, sizeof options);
    memset(&error, 0, sizeof error);
    if (wasm == NULL || !xc_compile(wasm, size, &options, &image, &image_size, &error)) {
        printf("FAIL: cannot compile test module\n");
        failures++;
        free(wasm);
        return NULL;
    }
    free(wasm);
    xip_buffers b = {memory, sizeof memory, globals, 8, stack, 4096, frames, 64, NULL, 0};
    CHECK_EQ(xip_load(&inst, image, (uint32_t)image_size, &b), XIP_OK);
    return image;
}

/* Index of export `name` (a function). */
static uint32_t func(const char *name)
{
    int32_t f = xip_find_export(&inst, name, (uint32_t)strlen(name), XIP_EXTERN_FUNC);
    CHECK_EQ(f >= 0, 1);
    return (uint32_t)f;
}

static const char *loop_wat =
    "(module (func (export \"spin\") (param i64) (result i64) (local i64)\n"
    "  (loop $l local.get 1 i64.const 1 i64.add local.tee 1 local.get 0 i64.lt_u br_if $l)\n"
    "  local.get 1))";

static void test_fuel(void)
{
    uint8_t *image = load(loop_wat);
    uint64_t arg = 1000;
    uint32_t n;
    if (image == NULL)
        return;
    /* the default: unlimited, and it stays so */
    CHECK_EQ(xip_fuel(&inst), XIP_FUEL_UNLIMITED);
    CHECK_EQ(xip_instantiate(&inst), XIP_OK);
    CHECK_EQ(xip_call(&inst, func("spin"), &arg, 1), XIP_OK);
    CHECK_EQ(xip_results(&inst, &n)[0], 1000);
    CHECK_EQ(xip_fuel(&inst), XIP_FUEL_UNLIMITED);
    /* unlimited refills when its counter runs out: start it nearly empty */
    inst.fuel = 5;
    CHECK_EQ(xip_call(&inst, func("spin"), &arg, 1), XIP_OK);
    CHECK_EQ(xip_results(&inst, &n)[0], 1000);
    CHECK_EQ(xip_fuel(&inst), XIP_FUEL_UNLIMITED);
    /* a budget pauses (999 backward branches and the return needed), spans calls, and can be lifted */
    xip_set_fuel(&inst, 500);
    CHECK_EQ(xip_fuel(&inst), 500);
    CHECK_EQ(xip_call(&inst, func("spin"), &arg, 1), XIP_OUT_OF_FUEL);
    CHECK_EQ(xip_fuel(&inst), 0);
    xip_set_fuel(&inst, XIP_FUEL_UNLIMITED);
    CHECK_EQ(xip_resume(&inst), XIP_OK);
    CHECK_EQ(xip_results(&inst, &n)[0], 1000);
    xip_set_fuel(&inst, 2000);
    CHECK_EQ(xip_call(&inst, func("spin"), &arg, 1), XIP_OK);
    CHECK_EQ(xip_fuel(&inst), 2000 - 1000);
    CHECK_EQ(xip_call(&inst, func("spin"), &arg, 1), XIP_OK);
    CHECK_EQ(xip_fuel(&inst), 2000 - 2 * 1000);
    CHECK_EQ(xip_call(&inst, func("spin"), &arg, 1), XIP_OUT_OF_FUEL);
    free(image);
}

/* A run of 2^32 + 16 backward branches finishes with the default fuel (it paused at 2^32 - 1 before). */
static void test_fuel_past_2_32(void)
{
    uint8_t *image = load(loop_wat);
    uint64_t arg = (1ull << 32) + 17;
    uint32_t n;
    if (image == NULL)
        return;
    CHECK_EQ(xip_instantiate(&inst), XIP_OK);
    CHECK_EQ(xip_call(&inst, func("spin"), &arg, 1), XIP_OK);
    CHECK_EQ(xip_results(&inst, &n)[0], arg);
    free(image);
}

static const char *trap_wat =
    "(module\n"
    "  (import \"env\" \"host\" (func $host (param i32)))\n"
    "  (memory 1)\n"
    "  (func $div (export \"div\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_u)\n"
    "  (func (export \"outer\") (param i32) (result i32) i32.const 9 local.get 0 call $div)\n"
    "  (func (export \"callhost\") i32.const 1 call $host i32.const 2 call $host)\n"
    "  (func (export \"ok\") (result i32) i32.const 3)\n"
    "  (global (export \"g\") i32 (i32.const 7))\n"
    "  (export \"mem\" (memory 0))\n"
    "  (export \"div2\" (func $div)))";

static void test_trap_site(void)
{
    uint8_t *image = load(trap_wat);
    uint64_t args[2] = {1, 0};
    uint32_t f = 99, off = 99;
    if (image == NULL)
        return;
    CHECK_EQ(xip_trap_site(&inst, &f, &off), XIP_ERR_STATE); /* nothing ran */
    CHECK_EQ(xip_instantiate(&inst), XIP_OK);
    CHECK_EQ(xip_call(&inst, func("div"), args, 2), XIP_TRAP_DIVIDE_BY_ZERO);
    CHECK_EQ(xip_trap_site(&inst, &f, &off), XIP_OK);
    CHECK_EQ(f, 1); /* the import is function 0 */
    CHECK_EQ(off, 0);
    CHECK_EQ(xip_trap_site(&inst, NULL, &off), XIP_ERR_ARGUMENT);
    /* a trap in a callee names the callee */
    CHECK_EQ(xip_call(&inst, func("outer"), args + 1, 1), XIP_TRAP_DIVIDE_BY_ZERO);
    CHECK_EQ(xip_trap_site(&inst, &f, &off), XIP_OK);
    CHECK_EQ(f, 1);
    /* a finished call clears it */
    CHECK_EQ(xip_call(&inst, func("ok"), NULL, 0), XIP_OK);
    CHECK_EQ(xip_trap_site(&inst, &f, &off), XIP_ERR_STATE);
    /* a trap the host raises is at the call: the second call sits after the first */
    CHECK_EQ(xip_call(&inst, func("callhost"), NULL, 0), XIP_HOST_CALL);
    CHECK_EQ(xip_host_trap(&inst, XIP_TRAP_HOST), XIP_TRAP_HOST);
    CHECK_EQ(xip_trap_site(&inst, &f, &off), XIP_OK);
    CHECK_EQ(f, 3);
    uint32_t first = off;
    CHECK_EQ(xip_call(&inst, func("callhost"), NULL, 0), XIP_HOST_CALL);
    CHECK_EQ(xip_resume(&inst), XIP_HOST_CALL);
    CHECK_EQ(xip_host_trap(&inst, XIP_TRAP_HOST), XIP_TRAP_HOST);
    CHECK_EQ(xip_trap_site(&inst, &f, &off), XIP_OK);
    CHECK_EQ(f, 3);
    CHECK_EQ(off > first, 1);
    /* calling the import directly: no bytecode trapped */
    CHECK_EQ(xip_call(&inst, 0, args, 1), XIP_HOST_CALL);
    CHECK_EQ(xip_host_trap(&inst, XIP_TRAP_HOST), XIP_TRAP_HOST);
    CHECK_EQ(xip_trap_site(&inst, &f, &off), XIP_ERR_STATE);
    free(image);
}

static void test_exports(void)
{
    uint8_t *image = load(trap_wat);
    const char *name;
    uint32_t len, index, k, funcs = 0;
    uint8_t kind;
    int seen_mem = 0, seen_global = 0, seen_div2 = 0;
    if (image == NULL)
        return;
    CHECK_EQ(xip_export_count(&inst), 7);
    for (k = 0; k < xip_export_count(&inst); k++) {
        CHECK_EQ(xip_export_info(&inst, k, &name, &len, &kind, &index), XIP_OK);
        if (kind == XIP_EXTERN_FUNC) {
            funcs++;
            CHECK_EQ(xip_find_export(&inst, name, len, XIP_EXTERN_FUNC), index);
            seen_div2 += len == 4 && memcmp(name, "div2", 4) == 0 && index == 1;
        }
        seen_mem += kind == XIP_EXTERN_MEMORY && len == 3 && memcmp(name, "mem", 3) == 0 && index == 0;
        seen_global += kind == XIP_EXTERN_GLOBAL && len == 1 && name[0] == 'g' && index == 0;
    }
    CHECK_EQ(funcs, 5);
    CHECK_EQ(seen_mem, 1);
    CHECK_EQ(seen_global, 1);
    CHECK_EQ(seen_div2, 1);
    CHECK_EQ(xip_export_info(&inst, 0, &name, &len, &kind, &index), XIP_OK);
    CHECK_EQ(len == 3 && memcmp(name, "div", 3) == 0, 1); /* image order */
    CHECK_EQ(xip_export_info(&inst, 7, &name, &len, &kind, &index), XIP_ERR_ARGUMENT);
    CHECK_EQ(xip_export_info(&inst, 0, NULL, &len, &kind, &index), XIP_ERR_ARGUMENT);
    free(image);
    memset(&inst, 0, sizeof inst); /* not loaded */
    CHECK_EQ(xip_export_count(&inst), 0);
    CHECK_EQ(xip_export_info(&inst, 0, &name, &len, &kind, &index), XIP_ERR_STATE);
}

/*
 * The run past 2^32 units takes about 20 s optimized and minutes under the
 * sanitizers: it is built into test_applet_api-long (-O2, APPLET_API_LONG=1,
 * see tests/tests.mk) only.
 */
#ifndef APPLET_API_LONG
#define APPLET_API_LONG 0
#endif

int main(void)
{
    test_fuel();
    test_trap_site();
    test_exports();
    if (APPLET_API_LONG)
        test_fuel_past_2_32();
    if (failures)
        printf("%d failures\n", failures);
    else
        printf("test_applet_api: ok\n");
    return failures != 0;
}
