/* constexpr.c: compile-time evaluation of Wasm constant expressions. */
#include "constexpr.h"

#include "xip_format.h"

#define MAX_DEPTH 16

typedef struct reader {
    const uint8_t *p;
    const uint8_t *end;
} reader;

/* Reads a LEB128 of up to `bits` bits (signed if `sign`); false if truncated. */
static bool read_leb(reader *r, unsigned bits, bool sign, uint64_t *out)
{
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t byte;
    do {
        if (r->p >= r->end || shift >= bits + 7)
            return false;
        byte = *r->p++;
        if (shift < 64)
            v |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
    } while (byte & 0x80);
    if (sign && shift < 64 && (byte & 0x40))
        v |= ~(uint64_t)0 << shift;
    *out = v;
    return true;
}

/* Reads n little-endian bytes. */
static bool read_fixed(reader *r, unsigned n, uint64_t *out)
{
    if ((size_t)(r->end - r->p) < n)
        return false;
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)r->p[i] << (8 * i);
    r->p += n;
    *out = v;
    return true;
}

/* Applies a binary extended-const operator to a and b. */
static uint64_t binary(uint8_t op, uint64_t a, uint64_t b)
{
    switch (op) {
    case 0x6a: return (uint32_t)(a + b);
    case 0x6b: return (uint32_t)(a - b);
    case 0x6c: return (uint32_t)(a * b);
    case 0x7c: return a + b;
    case 0x7d: return a - b;
    default: return a * b;
    }
}

bool xc_const_eval(const wasm_module *module, const wasm_const_expr *expr, const uint64_t *globals,
                   uint32_t global_count, uint64_t *value, xc_error *error)
{
    reader r = {expr->code, expr->code + expr->size};
    uint64_t stack[MAX_DEPTH];
    unsigned depth = 0;
    while (r.p < r.end) {
        size_t at = expr->offset + (size_t)(r.p - expr->code);
        uint8_t op = *r.p++;
        uint64_t v = 0;
        bool ok = true;
        if (op == 0x0b) {
            if (depth != 1)
                return xc_error_set(error, at, XC_NO_FUNC, "constant expression leaves %u values", depth);
            *value = stack[0];
            return true;
        }
        if (op == 0x6a || op == 0x6b || op == 0x6c || op == 0x7c || op == 0x7d || op == 0x7e) {
            if (depth < 2)
                return xc_error_set(error, at, XC_NO_FUNC, "constant expression: operand missing");
            depth--;
            stack[depth - 1] = binary(op, stack[depth - 1], stack[depth]);
            continue;
        }
        switch (op) {
        case 0x41:
            ok = read_leb(&r, 32, true, &v);
            v = (uint32_t)v;
            break;
        case 0x42:
            ok = read_leb(&r, 64, true, &v);
            break;
        case 0x43:
            ok = read_fixed(&r, 4, &v);
            break;
        case 0x44:
            ok = read_fixed(&r, 8, &v);
            break;
        case 0xd0:
            ok = read_fixed(&r, 1, &v);
            v = XIP_NULL_FUNC;
            break;
        case 0xd2:
            ok = read_leb(&r, 32, false, &v);
            break;
        case 0x23: {
            ok = read_leb(&r, 32, false, &v);
            if (ok && v < module->import_global_count)
                return xc_error_set(error, at, XC_NO_FUNC,
                                    "global.get of an imported global in a constant expression is not supported yet");
            v -= module->import_global_count;
            if (ok && v >= global_count)
                return xc_error_set(error, at, XC_NO_FUNC,
                                    "constant expression reads global %u before it is defined", (unsigned)v);
            if (ok)
                v = globals[v];
            break;
        }
        default:
            return xc_error_set(error, at, XC_NO_FUNC,
                                "unsupported instruction 0x%02x in a constant expression", op);
        }
        if (!ok)
            return xc_error_set(error, at, XC_NO_FUNC, "truncated constant expression");
        if (depth == MAX_DEPTH)
            return xc_error_set(error, at, XC_NO_FUNC, "constant expression deeper than %d", MAX_DEPTH);
        stack[depth++] = v;
    }
    return xc_error_set(error, expr->offset, XC_NO_FUNC, "constant expression without end");
}
