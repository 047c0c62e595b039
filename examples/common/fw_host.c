/*
 * fw_host.c: the host module "env" of the example firmware, the same
 * functions and output formats as `xipwasm run` (cli/host_env.c) and the
 * native corpus build (corpus/native_host.c):
 *
 *   clock_ms  () -> i64          (k-1) * clock_step at the k-th call (deterministic)
 *   print_str (i32 ptr, i32 len) len bytes of linear memory
 *   print_i32 (i32) "%d"   print_i64 (i64) "%lld"   print_f64 (f64) "%.17g"   print_f32 (f32) "%.9g"
 *
 * Output is collected per applet into lines, so that two applets running at
 * once print whole lines, each behind the applet's prefix.
 */
#include <string.h>

#include "fw.h"
#include "xip_format.h"

enum fw_host_func {
    FW_NONE = 0,
    FW_CLOCK_MS,
    FW_PRINT_STR,
    FW_PRINT_I32,
    FW_PRINT_I64,
    FW_PRINT_F64,
    FW_PRINT_F32
};

typedef struct fw_env_entry {
    const char *name;
    const char *params; /* value type codes */
    const char *results;
    enum fw_host_func func;
} fw_env_entry;

static const fw_env_entry env[] = {
    {"clock_ms", "", "\x7e", FW_CLOCK_MS},     {"print_str", "\x7f\x7f", "", FW_PRINT_STR},
    {"print_i32", "\x7f", "", FW_PRINT_I32},   {"print_i64", "\x7e", "", FW_PRINT_I64},
    {"print_f64", "\x7c", "", FW_PRINT_F64},   {"print_f32", "\x7d", "", FW_PRINT_F32},
};

/* True when the n bytes at s (in the image: any alignment) equal the C string c. */
static int same(const void *s, uint32_t n, const char *c)
{
    const uint8_t *p = s;
    for (uint32_t i = 0; i < n; i++)
        if (c[i] == 0 || p[i] != (uint8_t)c[i])
            return 0;
    return c[n] == 0;
}

/* The env function serving function import i of inst, or FW_NONE. */
static enum fw_host_func lookup(const xip_instance *inst, uint32_t i)
{
    const char *module, *field;
    uint32_t module_len, field_len;
    xip_functype type;
    if (xip_import_name(inst, i, &module, &module_len, &field, &field_len) != XIP_OK ||
        xip_func_type(inst, i, &type) != XIP_OK || !same(module, module_len, "env"))
        return FW_NONE;
    for (size_t k = 0; k < sizeof env / sizeof env[0]; k++)
        if (same(field, field_len, env[k].name) && same(type.params, type.param_count, env[k].params) &&
            same(type.results, type.result_count, env[k].results))
            return env[k].func;
    return FW_NONE;
}

int fw_host_bind(fw_host *host, const xip_instance *inst)
{
    uint8_t kind;
    uint32_t index, funcs = xip_func_count(inst);
    host->import_count = 0;
    while (host->import_count < funcs && xip_import_kind(inst, host->import_count, &kind, &index) == XIP_OK &&
           kind == XIP_EXTERN_FUNC)
        host->import_count++;
    if (host->import_count > sizeof host->binding)
        return 0;
    for (uint32_t i = 0; i < host->import_count; i++)
        host->binding[i] = (uint8_t)lookup(inst, i);
    host->clock_calls = 0;
    host->line_len = 0;
    return 1;
}

void fw_host_flush(fw_host *host)
{
    if (host->line_len == 0)
        return;
    fw_puts(FW_STDOUT, host->prefix);
    fw_write(FW_STDOUT, host->line, host->line_len);
    host->line_len = 0;
}

void fw_host_out(fw_host *host, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        host->line[host->line_len++] = s[i];
        if (s[i] == '\n' || host->line_len == sizeof host->line)
            fw_host_flush(host);
    }
}

/* Appends v in decimal ("%lld"), without the C library's long long support. */
static void out_i64(fw_host *host, int64_t v)
{
    char digits[24];
    int n = sizeof digits;
    uint64_t u = v < 0 ? 0u - (uint64_t)v : (uint64_t)v;
    do {
        digits[--n] = (char)('0' + u % 10u);
        u /= 10u;
    } while (u != 0);
    if (v < 0)
        digits[--n] = '-';
    fw_host_out(host, digits + n, sizeof digits - (size_t)n);
}

/* Appends the double with bit pattern bits as printf("%.Pg") would, P = p. */
static void out_g(fw_host *host, uint64_t bits, int p)
{
    char text[32];
    fw_host_out(host, text, fw_format_g(text, bits, p));
}

/* The f64 bit pattern of the f32 with bit pattern bits (exact). */
static uint64_t f32_to_f64_bits(uint32_t bits)
{
    float f;
    double d;
    uint64_t out;
    memcpy(&f, &bits, sizeof f);
    d = (double)f;
    memcpy(&out, &d, sizeof out);
    return out;
}

/* Appends a NaN as `xipwasm run` prints it: "nan" (canonical) or "nan:0xPAYLOAD", signed. */
static void out_nan(fw_host *host, int negative, uint64_t payload, uint64_t canonical)
{
    fw_host_out(host, negative ? "-nan" : "nan", negative ? 4 : 3);
    if (payload != canonical) {
        char hex[20];
        int n = 0;
        for (int shift = 60; shift >= 0; shift -= 4)
            if ((payload >> shift) != 0 || shift == 0)
                hex[n++] = "0123456789abcdef"[(payload >> shift) & 15u];
        fw_host_out(host, ":0x", 3);
        fw_host_out(host, hex, (size_t)n);
    }
}

void fw_host_print_value(fw_host *host, uint8_t type, uint64_t slot)
{
    switch (type) {
    case XIP_I32:
        fw_host_out(host, "i32:", 4);
        out_i64(host, (int32_t)(uint32_t)slot);
        break;
    case XIP_I64:
        fw_host_out(host, "i64:", 4);
        out_i64(host, (int64_t)slot);
        break;
    case XIP_F32:
        fw_host_out(host, "f32:", 4);
        if ((slot & 0x7f800000u) == 0x7f800000u && (slot & 0x007fffffu) != 0)
            out_nan(host, (int)((slot >> 31) & 1u), slot & 0x007fffffu, 0x00400000u);
        else
            out_g(host, f32_to_f64_bits((uint32_t)slot), 9);
        break;
    case XIP_F64:
        fw_host_out(host, "f64:", 4);
        if ((slot >> 52 & 0x7ffu) == 0x7ffu && (slot & 0x000fffffffffffffull) != 0)
            out_nan(host, (int)(slot >> 63), slot & 0x000fffffffffffffull, 0x0008000000000000ull);
        else
            out_g(host, slot, 17);
        break;
    default:
        fw_host_out(host, "?", 1);
        break;
    }
    fw_host_out(host, "\n", 1);
}

xip_status fw_host_serve(fw_host *host, xip_instance *inst)
{
    uint32_t import = xip_host_import(inst);
    uint64_t *slots = xip_host_args(inst);
    enum fw_host_func func = import < host->import_count ? (enum fw_host_func)host->binding[import] : FW_NONE;
    uint32_t size, ptr, len;
    const uint8_t *memory;
    switch (func) {
    case FW_CLOCK_MS:
        slots[0] = host->clock_calls++ * host->clock_step;
        break;
    case FW_PRINT_STR:
        ptr = (uint32_t)slots[0];
        len = (uint32_t)slots[1];
        if ((int32_t)len <= 0)
            break;
        memory = xip_memory(inst, &size);
        if (memory == NULL || ptr > size || len > size - ptr)
            return xip_host_trap(inst, XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
        fw_host_out(host, (const char *)memory + ptr, len);
        break;
    case FW_PRINT_I32:
        out_i64(host, (int32_t)(uint32_t)slots[0]);
        break;
    case FW_PRINT_I64:
        out_i64(host, (int64_t)slots[0]);
        break;
    case FW_PRINT_F64:
        out_g(host, slots[0], 17);
        break;
    case FW_PRINT_F32:
        out_g(host, f32_to_f64_bits((uint32_t)slots[0]), 9);
        break;
    case FW_NONE:
    default:
        return xip_host_trap(inst, XIP_TRAP_UNLINKED_IMPORT);
    }
    return XIP_OK;
}
