/*
 * test_link.c: the executor API for hosts that link instances: setting a
 * global, the memory size and a table size between runs (also while
 * paused), and host references (table entries >= XIP_HOST_REF_BASE) that
 * pause call_indirect with XIP_HOST_CALL: right reference and signature,
 * results written back, a mismatch trap. Compiles .wat with wat2wasm at
 * test time. Prints one line per failure; exits non-zero on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compiler/compiler.h"
#include "xip.h"
#include "wat.h"
#include "xip_format.h"

/* Compiles wat (through wat2wasm) into a malloc'd image; NULL after printing a failure. */
static uint8_t *compile(const char *wat, size_t *image_size)
{
    uint8_t *wasm, *image = NULL;
    size_t size = 0;
    xc_error error = {0};
    xc_options options = {XC_PASS_NONE, NULL, 0};
    wasm = test_assemble(wat, "", &size);
    if (!wasm || !xc_compile(wasm, size, &options, &image, image_size, &error)) {
        printf("FAIL compile: %s\n", wasm ? error.message : "wat2wasm failed");
        check_failure();
        image = NULL;
    }
    free(wasm);
    return image;
}

static const char *wat =
    "(module\n"
    "  (type $ii (func (param i32) (result i32)))\n"
    "  (type $v (func))\n"
    "  (import \"host\" \"f\" (func $f))\n"
    "  (import \"host\" \"t\" (table 4 8 funcref))\n"
    "  (memory 1 4)\n"
    "  (global $g (mut i32) (i32.const 1))\n"
    "  (func (export \"calli\") (param i32 i32) (result i32)\n"
    "    (global.set $g (i32.const 7))\n"
    "    (call $f)\n"
    "    (i32.add (global.get $g)\n"
    "      (call_indirect (type $ii) (local.get 1) (local.get 0))))\n"
    "  (func (export \"size\") (result i32) (memory.size))\n"
    "  (func (export \"tsize\") (result i32) (table.size 0))\n"
    "  (export \"g\" (global $g)))\n";

/* Buffers of the one instance. */
static xip_instance inst;
static uint8_t memory[4 * 65536];
static uint64_t globals[4], stack[256];
static xip_frame frames[16];
static uint32_t tables[64];

/* Calls export name with args; the status. */
static xip_status call(const char *name, const uint64_t *args, uint32_t n)
{
    int32_t f = xip_find_export(&inst, name, (uint32_t)strlen(name), XIP_EXTERN_FUNC);
    return f < 0 ? XIP_ERR_ARGUMENT : xip_call(&inst, (uint32_t)f, args, n);
}

/* Imported tables, host references, globals set while paused, and the size setters. */
static void test_host_link(void)
{
    size_t size = 0;
    uint8_t *image = compile(wat, &size);
    xip_buffers b = {memory, sizeof memory, globals, 4, stack, 256, frames, 16, tables, 64};
    uint64_t args[2], value = 0;
    uint32_t ref = 0, n = 0, count = 0, *entries;
    xip_functype type;
    int32_t g;
    if (!image)
        return;
    CHECK(sizeof(xip_instance) <= 256);
    CHECK(xip_load(&inst, image, (uint32_t)size, &b) == XIP_OK);
    CHECK(xip_set_import_table(&inst, 0, 4) == XIP_OK);
    CHECK(xip_instantiate(&inst) == XIP_OK);
    g = xip_find_export(&inst, "g", 1, XIP_EXTERN_GLOBAL);
    CHECK(g >= 0);
    entries = xip_table_entries(&inst, 0, &n);
    CHECK(entries != NULL && n == 4);
    if (!entries || g < 0) {
        free(image);
        return;
    }
    entries[2] = XIP_HOST_REF_BASE | 5u;

    /* paused at the import: set the global; the code sees it */
    args[0] = 2;
    args[1] = 10;
    CHECK(call("calli", args, 2) == XIP_HOST_CALL);
    CHECK(!xip_host_ref(&inst, &ref, &type));
    CHECK(xip_host_import(&inst) == 0);
    CHECK(xip_global_set(&inst, (uint32_t)g, 100) == XIP_OK);
    /* ... then at the host reference: its value and the expected signature */
    CHECK(xip_resume(&inst) == XIP_HOST_CALL);
    CHECK(xip_host_ref(&inst, &ref, &type));
    CHECK(ref == (XIP_HOST_REF_BASE | 5u));
    CHECK(type.param_count == 1 && type.result_count == 1 && type.params[0] == XIP_I32 &&
          type.results[0] == XIP_I32);
    CHECK(xip_host_args(&inst)[0] == 10);
    uint64_t *host_args = xip_host_args(&inst); /* a named pointer: cppcheck misreads the indexed call */
    host_args[0] = 32;
    CHECK(xip_resume(&inst) == XIP_OK);
    CHECK(xip_results(&inst, &count)[0] == 132 && count == 1);
    CHECK(xip_global_get(&inst, (uint32_t)g, &value) == XIP_OK && value == 100);

    /* a mismatch found by the host traps */
    CHECK(call("calli", args, 2) == XIP_HOST_CALL);
    CHECK(xip_resume(&inst) == XIP_HOST_CALL);
    CHECK(xip_host_ref(&inst, NULL, NULL));
    CHECK(xip_host_trap(&inst, XIP_TRAP_INDIRECT_CALL_MISMATCH) == XIP_TRAP_INDIRECT_CALL_MISMATCH);
    CHECK(!xip_host_ref(&inst, &ref, &type));
    /* null and out-of-bounds entries still trap in the executor */
    args[0] = 1;
    CHECK(call("calli", args, 2) == XIP_HOST_CALL);
    CHECK(xip_resume(&inst) == XIP_TRAP_UNINITIALIZED_ELEMENT);
    args[0] = 4;
    CHECK(call("calli", args, 2) == XIP_HOST_CALL);
    CHECK(xip_resume(&inst) == XIP_TRAP_UNDEFINED_ELEMENT);

    /* memory size: whole pages within the max and the buffer */
    CHECK(xip_memory_set_size(&inst, 3 * 65536) == XIP_OK);
    CHECK(call("size", NULL, 0) == XIP_OK && xip_results(&inst, &count)[0] == 3);
    CHECK(xip_memory_set_size(&inst, 65536 + 1) == XIP_ERR_ARGUMENT);
    CHECK(xip_memory_set_size(&inst, 5 * 65536) == XIP_ERR_ARGUMENT);
    CHECK(xip_memory_set_size(&inst, 0) == XIP_ERR_ARGUMENT);

    /* table size: within min, max and the buffer; new entries null */
    CHECK(xip_table_set_size(&inst, 0, 6) == XIP_OK);
    CHECK(call("tsize", NULL, 0) == XIP_OK && xip_results(&inst, &count)[0] == 6);
    entries = xip_table_entries(&inst, 0, &n);
    CHECK(n == 6 && entries[5] == XIP_NULL_REF);
    CHECK(xip_table_set_size(&inst, 0, 3) == XIP_ERR_ARGUMENT);
    CHECK(xip_table_set_size(&inst, 0, 9) == XIP_ERR_ARGUMENT);
    CHECK(xip_table_set_size(&inst, 1, 4) == XIP_ERR_ARGUMENT);
    CHECK(xip_global_set(&inst, 9, 0) == XIP_ERR_ARGUMENT);

    free(image);
}

static const check_case cases[] = {
    {"host_link", test_host_link},
};

int main(int argc, char **argv)
{
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
