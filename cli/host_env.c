/*
 * host_env.c: the built-in host module "env" of `xipwasm run`. Output
 * formats match corpus/native_host.c exactly, so a program prints the same
 * natively and under the executor.
 *
 *   clock_ms  () -> i64         CLOCK_MONOTONIC milliseconds, or a fake clock
 *   print_str (i32 ptr, i32 len) writes len bytes of linear memory
 *   print_i32 (i32)  "%d"       print_i64 (i64)  "%lld"
 *   print_f64 (f64)  "%.17g"    print_f32 (f32)  "%.9g"
 *
 * Other imports (or these names with another signature) stay unbound: a call
 * traps with XIP_TRAP_UNLINKED_IMPORT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

enum host_func {
    HOST_NONE = 0,
    HOST_CLOCK_MS,
    HOST_PRINT_STR,
    HOST_PRINT_I32,
    HOST_PRINT_I64,
    HOST_PRINT_F64,
    HOST_PRINT_F32
};

typedef struct host_entry {
    const char *name;
    const char *params;  /* value type codes, NUL-terminated */
    const char *results;
    enum host_func func;
} host_entry;

static const host_entry env_functions[] = {
    {"clock_ms", "", "\x7e", HOST_CLOCK_MS},
    {"print_str", "\x7f\x7f", "", HOST_PRINT_STR},
    {"print_i32", "\x7f", "", HOST_PRINT_I32},
    {"print_i64", "\x7e", "", HOST_PRINT_I64},
    {"print_f64", "\x7c", "", HOST_PRINT_F64},
    {"print_f32", "\x7d", "", HOST_PRINT_F32},
};

/* True when a name of length len equals the C string s. */
static bool name_is(const char *name, uint32_t len, const char *s)
{
    return strlen(s) == len && memcmp(name, s, len) == 0;
}

/* True when the type list types[0..count) equals the codes in expected. */
static bool types_are(const uint8_t *types, uint32_t count, const char *expected)
{
    if (strlen(expected) != count)
        return false;
    for (uint32_t i = 0; i < count; i++)
        if (types[i] != (uint8_t)expected[i])
            return false;
    return true;
}

/* The env function that serves import i, or HOST_NONE. */
static enum host_func bind_import(const xip_instance *inst, uint32_t i)
{
    const char *module, *field;
    uint32_t module_len, field_len;
    xip_functype type;
    if (xip_import_name(inst, i, &module, &module_len, &field, &field_len) != XIP_OK ||
        xip_func_type(inst, i, &type) != XIP_OK || !name_is(module, module_len, "env"))
        return HOST_NONE;
    for (size_t k = 0; k < sizeof env_functions / sizeof env_functions[0]; k++) {
        const host_entry *e = &env_functions[k];
        if (name_is(field, field_len, e->name) && types_are(type.params, type.param_count, e->params) &&
            types_are(type.results, type.result_count, e->results))
            return e->func;
    }
    return HOST_NONE;
}

bool cli_host_init(cli_host *host, const xip_instance *inst)
{
    const char *module, *field;
    uint32_t module_len, field_len, count = 0, funcs = xip_func_count(inst);
    while (count < funcs && xip_import_name(inst, count, &module, &module_len, &field, &field_len) == XIP_OK)
        count++;
    host->import_count = count;
    host->binding = calloc((size_t)count + 1, 1);
    host->clock_calls = 0;
    host->trapped_import = UINT32_MAX;
    if (host->binding == NULL)
        return false;
    for (uint32_t i = 0; i < count; i++)
        host->binding[i] = (uint8_t)bind_import(inst, i);
    return true;
}

void cli_host_free(cli_host *host)
{
    free(host->binding);
    host->binding = NULL;
}

/* The value clock_ms returns: real monotonic milliseconds, or (k-1)*STEP. */
static uint64_t clock_value(cli_host *host)
{
    host->clock_calls++;
    if (host->fake_clock)
        return (host->clock_calls - 1) * (uint64_t)host->clock_step;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Writes print_str's bytes; false when they lie outside linear memory. */
static bool print_str(xip_instance *inst, uint32_t ptr, int32_t len)
{
    if (len <= 0)
        return true;
    uint32_t size;
    uint8_t *memory = xip_memory(inst, &size);
    if (memory == NULL || (uint64_t)ptr + (uint64_t)len > size)
        return false;
    fwrite(memory + ptr, 1, (size_t)len, stdout);
    return true;
}

xip_status cli_host_serve(cli_host *host, xip_instance *inst)
{
    uint32_t import = xip_host_import(inst);
    enum host_func func = import < host->import_count ? (enum host_func)host->binding[import] : HOST_NONE;
    uint64_t *slots = xip_host_args(inst);
    float f;
    double d;
    switch (func) {
    case HOST_CLOCK_MS:
        slots[0] = clock_value(host);
        break;
    case HOST_PRINT_STR:
        if (!print_str(inst, (uint32_t)slots[0], (int32_t)(uint32_t)slots[1]))
            return xip_host_trap(inst, XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
        break;
    case HOST_PRINT_I32:
        printf("%d", (int)(int32_t)(uint32_t)slots[0]);
        break;
    case HOST_PRINT_I64:
        printf("%lld", (long long)(int64_t)slots[0]);
        break;
    case HOST_PRINT_F64:
        memcpy(&d, &slots[0], sizeof d);
        printf("%.17g", d);
        break;
    case HOST_PRINT_F32: {
        uint32_t bits = (uint32_t)slots[0];
        memcpy(&f, &bits, sizeof f);
        printf("%.9g", (double)f);
        break;
    }
    case HOST_NONE:
    default:
        host->trapped_import = import;
        return xip_host_trap(inst, XIP_TRAP_UNLINKED_IMPORT);
    }
    return xip_resume(inst);
}
