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
 * traps with XIP_TRAP_UNLINKED_IMPORT, unless --stub or --stub-all makes it
 * a stub that returns given values or zeros. With --quiet the printing
 * functions print nothing; cli_host_end_output ends unterminated output.
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
    HOST_PRINT_F32,
    HOST_STUB
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

/* The built-in env function named like import i (whatever its signature), or NULL. */
static const host_entry *builtin_named(const xip_instance *inst, uint32_t i)
{
    const char *module, *field;
    uint32_t module_len, field_len;
    if (xip_import_name(inst, i, &module, &module_len, &field, &field_len) != XIP_OK ||
        !name_is(module, module_len, "env"))
        return NULL;
    for (size_t k = 0; k < sizeof env_functions / sizeof env_functions[0]; k++)
        if (name_is(field, field_len, env_functions[k].name))
            return &env_functions[k];
    return NULL;
}

/* The env function that serves import i (same name and signature), or HOST_NONE. */
static enum host_func bind_import(const xip_instance *inst, uint32_t i)
{
    const host_entry *e = builtin_named(inst, i);
    xip_functype type;
    if (e == NULL || xip_func_type(inst, i, &type) != XIP_OK)
        return HOST_NONE;
    if (types_are(type.params, type.param_count, e->params) && types_are(type.results, type.result_count, e->results))
        return e->func;
    return HOST_NONE;
}

/* The number of function imports of inst. */
static uint32_t function_imports(const xip_instance *inst)
{
    uint32_t count = 0, funcs = xip_func_count(inst), index;
    uint8_t kind;
    while (count < funcs && xip_import_kind(inst, count, &kind, &index) == XIP_OK && kind == XIP_EXTERN_FUNC)
        count++;
    return count;
}

/* Parses the comma-separated values of a --stub into results typed like the import's results. */
static int parse_stub_values(const char *spec, const char *values, const xip_functype *type, uint64_t *results)
{
    char text[128], signature[256];
    uint32_t n = 0;
    const char *p = values;
    while (*values != '\0' && n < type->result_count) {
        size_t len = strcspn(p, ",");
        if (len >= sizeof text)
            len = sizeof text - 1;
        memcpy(text, p, len);
        text[len] = '\0';
        if (!cli_parse_value(text, type->results[n], &results[n]))
            return cli_usage_error("run", "--stub %s: '%s' is not a valid %s", spec, text,
                                   cli_type_name(type->results[n]));
        n++;
        p += len;
        if (*p != ',')
            break;
        p++;
    }
    if (n == type->result_count && *p == '\0' && (n > 0 || *values == '\0'))
        return CLI_EXIT_OK;
    cli_format_functype(type, signature, sizeof signature);
    return cli_usage_error("run", "--stub %s: the import %s returns %lu value%s", spec, signature,
                           (unsigned long)type->result_count, type->result_count == 1 ? "" : "s");
}

/* Binds every function import named by spec ("MODULE.FIELD[=V,...]") to a stub; returns an exit code. */
static int bind_stub(cli_host *host, const xip_instance *inst, const char *file, const char *spec)
{
    const char *dot = strchr(spec, '.'), *eq = strchr(spec, '=');
    size_t name_end = eq != NULL ? (size_t)(eq - spec) : strlen(spec);
    if (dot == NULL || (size_t)(dot - spec) >= name_end || dot == spec || (size_t)(dot - spec) + 1 == name_end)
        return cli_usage_error("run", "--stub %s: expected MODULE.FIELD or MODULE.FIELD=VALUE,...", spec);
    bool found = false;
    for (uint32_t i = 0; i < host->import_count; i++) {
        const char *module, *field;
        uint32_t module_len, field_len;
        xip_functype type;
        if (xip_import_name(inst, i, &module, &module_len, &field, &field_len) != XIP_OK ||
            xip_func_type(inst, i, &type) != XIP_OK || module_len != (size_t)(dot - spec) ||
            memcmp(module, spec, module_len) != 0 || field_len != name_end - module_len - 1 ||
            memcmp(field, dot + 1, field_len) != 0)
            continue;
        found = true;
        host->binding[i] = HOST_STUB;
        if (eq == NULL)
            continue;
        free(host->stub_results[i]);
        host->stub_results[i] = calloc((size_t)type.result_count + 1, sizeof(uint64_t));
        if (host->stub_results[i] == NULL)
            return cli_error("out of memory");
        int code = parse_stub_values(spec, eq + 1, &type, host->stub_results[i]);
        if (code != CLI_EXIT_OK)
            return code;
    }
    if (!found)
        return cli_usage_error("run", "--stub %s: %s imports no function %.*s", spec, file, (int)name_end, spec);
    return CLI_EXIT_OK;
}

int cli_host_init(cli_host *host, const xip_instance *inst, const char *file)
{
    uint32_t count = function_imports(inst);
    host->import_count = count;
    host->binding = calloc((size_t)count + 1, 1);
    host->stub_results = calloc((size_t)count + 1, sizeof *host->stub_results);
    host->clock_calls = 0;
    host->trapped_import = UINT32_MAX;
    host->output_open = false;
    if (host->binding == NULL || host->stub_results == NULL)
        return cli_error("out of memory");
    for (uint32_t i = 0; i < count; i++) {
        host->binding[i] = (uint8_t)bind_import(inst, i);
        if (host->binding[i] == HOST_NONE && host->stub_all)
            host->binding[i] = HOST_STUB;
    }
    for (int k = 0; k < host->stub_count; k++) {
        int code = bind_stub(host, inst, file, host->stubs[k]);
        if (code != CLI_EXIT_OK)
            return code;
    }
    return CLI_EXIT_OK;
}

void cli_host_free(cli_host *host)
{
    for (uint32_t i = 0; host->stub_results != NULL && i < host->import_count; i++)
        free(host->stub_results[i]);
    free(host->stub_results);
    free(host->binding);
    host->binding = NULL;
    host->stub_results = NULL;
}

/* Appends the codes of a built-in's type list as "(i32, i64)". */
static void format_codes(const char *codes, char *out, size_t size)
{
    size_t n = strlen(codes);
    snprintf(out, size, "(");
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s", i ? ", " : "", cli_type_name((uint8_t)codes[i]));
    }
    size_t used = strlen(out);
    snprintf(out + used, size - used, ")");
}

void cli_host_unlinked_reason(const xip_instance *inst, uint32_t import, char *out, size_t size)
{
    const host_entry *e = builtin_named(inst, import);
    xip_functype type;
    char have[256], params[128], results[128];
    out[0] = '\0';
    if (xip_func_type(inst, import, &type) != XIP_OK)
        return;
    cli_format_functype(&type, have, sizeof have);
    if (e == NULL) {
        snprintf(out, size, "%s is not provided (try --stub MODULE.FIELD=VALUE,... or --stub-all)", have);
        return;
    }
    format_codes(e->params, params, sizeof params);
    format_codes(e->results, results, sizeof results);
    snprintf(out, size, "the module's signature %s differs from the built-in %s -> %s", have, params, results);
}

void cli_host_end_output(cli_host *host)
{
    if (host->output_open)
        fputc('\n', stdout);
    host->output_open = false;
    fflush(stdout);
}

/* Writes program output, remembering whether it ends a line; nothing with --quiet. */
static void host_write(cli_host *host, const char *text, size_t len)
{
    if (host->quiet || len == 0)
        return;
    fwrite(text, 1, len, stdout);
    host->output_open = text[len - 1] != '\n';
}

/* Writes the n characters snprintf put in text (truncated to its size) to the program's output. */
static void host_write_formatted(cli_host *host, const char *text, size_t size, int n)
{
    if (n > 0)
        host_write(host, text, (size_t)n < size ? (size_t)n : size - 1);
}

/* Prints integer i in decimal into the program's output. */
static void host_print_int(cli_host *host, long long i)
{
    char text[32];
    int n = snprintf(text, sizeof text, "%lld", i);
    host_write_formatted(host, text, sizeof text, n);
}

/* Prints d with `digits` significant digits (%.*g) into the program's output. */
static void host_print_float(cli_host *host, int digits, double d)
{
    char text[64];
    int n = snprintf(text, sizeof text, "%.*g", digits, d);
    host_write_formatted(host, text, sizeof text, n);
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
static bool print_str(cli_host *host, xip_instance *inst, uint32_t ptr, int32_t len)
{
    if (len <= 0)
        return true;
    uint32_t size;
    uint8_t *memory = xip_memory(inst, &size);
    if (memory == NULL || (uint64_t)ptr + (uint64_t)len > size)
        return false;
    host_write(host, (const char *)memory + ptr, (size_t)len);
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
        if (!print_str(host, inst, (uint32_t)slots[0], (int32_t)(uint32_t)slots[1]))
            return xip_host_trap(inst, XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
        break;
    case HOST_PRINT_I32:
        host_print_int(host, (long long)(int32_t)(uint32_t)slots[0]);
        break;
    case HOST_PRINT_I64:
        host_print_int(host, (long long)(int64_t)slots[0]);
        break;
    case HOST_PRINT_F64:
        memcpy(&d, &slots[0], sizeof d);
        host_print_float(host, 17, d);
        break;
    case HOST_PRINT_F32: {
        uint32_t bits = (uint32_t)slots[0];
        memcpy(&f, &bits, sizeof f);
        host_print_float(host, 9, (double)f);
        break;
    }
    case HOST_STUB: {
        xip_functype type;
        if (xip_func_type(inst, import, &type) == XIP_OK)
            for (uint32_t i = 0; i < type.result_count; i++)
                slots[i] = host->stub_results[import] ? host->stub_results[import][i] : 0;
        break;
    }
    case HOST_NONE:
    default:
        host->trapped_import = import;
        return xip_host_trap(inst, XIP_TRAP_UNLINKED_IMPORT);
    }
    return xip_resume(inst);
}
