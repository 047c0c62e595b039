/*
 * values.c: Wasm values as text for `xipwasm run`: parsing arguments into
 * 64-bit slots (i32 zero-extended, f32 as bits in the low half) and printing
 * results as "TYPE:VALUE".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define F32_QUIET 0x00400000u
#define F64_QUIET 0x0008000000000000ull

const char *cli_type_name(uint8_t type)
{
    switch (type) {
    case XIP_I32: return "i32";
    case XIP_I64: return "i64";
    case XIP_F32: return "f32";
    case XIP_F64: return "f64";
    case XIP_FUNCREF: return "funcref";
    case XIP_EXTERNREF: return "externref";
    default: return "unknown";
    }
}

/* Parses an optionally negative integer whose magnitude is at most max_neg (negative) or max_pos. */
static bool parse_int(const char *s, uint64_t max_pos, uint64_t max_neg, uint64_t *out)
{
    bool negative = s[0] == '-';
    uint64_t magnitude;
    if (!cli_parse_u64(s + negative, &magnitude))
        return false;
    if (negative ? magnitude > max_neg : magnitude > max_pos)
        return false;
    *out = negative ? 0 - magnitude : magnitude;
    return true;
}

/* Parses "nan:0xPAYLOAD" (after an optional sign) into its payload bits. */
static bool parse_nan_payload(const char *s, uint64_t limit, uint64_t *payload)
{
    if (strncmp(s, "nan:", 4) != 0 || strncmp(s + 4, "0x", 2) != 0)
        return false;
    return cli_parse_u64(s + 4, payload) && *payload != 0 && *payload <= limit;
}

/* Parses a float of width 32 or 64 into its bit pattern. */
static bool parse_float(const char *s, int bits, uint64_t *slot)
{
    bool negative = s[0] == '-';
    uint64_t payload;
    if (bits == 32 && parse_nan_payload(s + negative, F32_QUIET * 2 - 1, &payload)) {
        *slot = (negative ? 0x80000000u : 0) | 0x7f800000u | payload;
        return true;
    }
    if (bits == 64 && parse_nan_payload(s + negative, F64_QUIET * 2 - 1, &payload)) {
        *slot = (negative ? 0x8000000000000000ull : 0) | 0x7ff0000000000000ull | payload;
        return true;
    }
    char *end;
    if (bits == 32) {
        float f = strtof(s, &end);
        uint32_t u;
        memcpy(&u, &f, sizeof u);
        *slot = u;
    } else {
        double d = strtod(s, &end);
        memcpy(slot, &d, sizeof *slot);
    }
    return end != s && *end == '\0' && !(s[0] == ' ' || s[0] == '\t');
}

bool cli_parse_value(const char *text, uint8_t type, uint64_t *slot)
{
    uint64_t v;
    switch (type) {
    case XIP_I32:
        if (!parse_int(text, UINT32_MAX, 0x80000000u, &v))
            return false;
        *slot = (uint32_t)v;
        return true;
    case XIP_I64:
        return parse_int(text, UINT64_MAX, 0x8000000000000000ull, slot);
    case XIP_F32:
        return parse_float(text, 32, slot);
    case XIP_F64:
        return parse_float(text, 64, slot);
    default:
        return false;
    }
}

/* Formats a NaN as "nan" (canonical payload) or "nan:0xPAYLOAD", signed. */
static void format_nan(const char *type, bool negative, uint64_t payload, uint64_t canonical, char *out,
                       size_t size)
{
    if (payload != canonical)
        snprintf(out, size, "%s:%snan:0x%llx", type, negative ? "-" : "", (unsigned long long)payload);
    else
        snprintf(out, size, "%s:%snan", type, negative ? "-" : "");
}

void cli_format_value(uint8_t type, uint64_t slot, char *out, size_t size)
{
    switch (type) {
    case XIP_I32:
        snprintf(out, size, "i32:%ld", (long)(int32_t)(uint32_t)slot);
        break;
    case XIP_I64:
        snprintf(out, size, "i64:%lld", (long long)(int64_t)slot);
        break;
    case XIP_F32: {
        uint32_t u = (uint32_t)slot;
        float f;
        memcpy(&f, &u, sizeof f);
        if (isnan(f))
            format_nan("f32", u >> 31, u & 0x007fffffu, F32_QUIET, out, size);
        else
            snprintf(out, size, "f32:%.9g", (double)f);
        break;
    }
    case XIP_F64: {
        double d;
        memcpy(&d, &slot, sizeof d);
        if (isnan(d))
            format_nan("f64", slot >> 63, slot & 0x000fffffffffffffull, F64_QUIET, out, size);
        else
            snprintf(out, size, "f64:%.17g", d);
        break;
    }
    default:
        snprintf(out, size, "%s:0x%llx", cli_type_name(type), (unsigned long long)slot);
        break;
    }
}

void cli_print_value(uint8_t type, uint64_t slot)
{
    char text[64];
    cli_format_value(type, slot, text, sizeof text);
    puts(text);
}

/* Appends s to the NUL-terminated out[0..size), truncating. */
static void append(char *out, size_t size, const char *s)
{
    size_t len = strlen(out);
    if (len + 1 < size)
        strncat(out, s, size - len - 1);
}

void cli_format_functype(const xip_functype *type, char *out, size_t out_size)
{
    if (out_size == 0)
        return;
    out[0] = '\0';
    const uint8_t *list[2] = {type->params, type->results};
    uint32_t count[2] = {type->param_count, type->result_count};
    for (int side = 0; side < 2; side++) {
        append(out, out_size, side ? " -> (" : "(");
        for (uint32_t i = 0; i < count[side]; i++) {
            append(out, out_size, i ? ", " : "");
            append(out, out_size, cli_type_name(list[side][i]));
        }
        append(out, out_size, ")");
    }
}
