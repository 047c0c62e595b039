/*
 * constexpr.c: translates Wasm constant expressions into image cexprs. Each
 * value on the evaluation stack is either folded (a compile-time constant)
 * or a piece of cexpr code; operators on two constants fold, anything else
 * concatenates code.
 */
#include <assert.h>
#include <stdlib.h>

#include "constexpr.h"
#include "wasm_ops.h"
#include "xip_format.h"

#define MAX_DEPTH 16

/* One value of the evaluation stack. */
typedef struct item {
    bool folded;
    uint8_t width;   /* 32, 64, or 0 for a reference */
    uint64_t value;  /* when folded */
    xc_buffer code;  /* when not folded: cexpr code pushing the value */
    uint32_t depth;  /* cexpr stack depth that code needs */
} item;

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

wasm_global_type xc_global_type(const wasm_module *module, uint32_t global)
{
    if (global >= module->import_global_count)
        return module->globals[global - module->import_global_count].type;
    for (uint32_t i = 0, n = 0; i < module->import_count; i++) {
        if (module->imports[i].kind != WASM_EXTERN_GLOBAL)
            continue;
        if (n++ == global)
            return module->imports[i].desc.global;
    }
    wasm_global_type none = {WASM_I32, false};
    return none;
}

/* Value width of a value type: 32, 64, or 0 for references. */
static uint8_t width_of(wasm_valtype t)
{
    if (t == WASM_I32 || t == WASM_F32)
        return 32;
    if (t == WASM_I64 || t == WASM_F64)
        return 64;
    return 0;
}

static void put_u8(xc_buffer *b, uint32_t v)
{
    uint8_t x = (uint8_t)v;
    xc_buffer_append(b, &x, 1);
}

/* Appends the cexpr code pushing it. */
static void put_item(xc_buffer *out, const item *it)
{
    uint8_t x[8];
    if (!it->folded) {
        xc_buffer_append(out, it->code.data, it->code.size);
    } else if (it->width == 32) {
        put_u8(out, XIP_CEXPR_I32);
        xip_write_u32(x, (uint32_t)it->value);
        xc_buffer_append(out, x, 4);
    } else if (it->width == 64) {
        put_u8(out, XIP_CEXPR_I64);
        xip_write_u64(x, it->value);
        xc_buffer_append(out, x, 8);
    } else if (it->value == XIP_NULL_REF) {
        put_u8(out, XIP_CEXPR_REF_NULL);
    } else {
        put_u8(out, XIP_CEXPR_REF_FUNC);
        xip_write_u16(x, (uint16_t)it->value);
        xc_buffer_append(out, x, 2);
    }
}

/* The cexpr operator of an extended-const Wasm operator: add, sub, mul (i32 0..2, i64 3..5). */
static unsigned arith_index(uint8_t op)
{
    switch (op) {
    case WASM_OP_I32_ADD: return 0;
    case WASM_OP_I32_SUB: return 1;
    case WASM_OP_I32_MUL: return 2;
    case WASM_OP_I64_ADD: return 3;
    case WASM_OP_I64_SUB: return 4;
    default: assert(op == WASM_OP_I64_MUL); return 5;
    }
}

/* Folds or composes the extended-const operator op (a Wasm opcode) over a and b into a. */
static void binary(uint8_t op, item *a, item *b)
{
    static const uint8_t cexpr_op[] = {XIP_CEXPR_ADD32, XIP_CEXPR_SUB32, XIP_CEXPR_MUL32,
                                       XIP_CEXPR_ADD64, XIP_CEXPR_SUB64, XIP_CEXPR_MUL64};
    unsigned k = arith_index(op);
    if (a->folded && b->folded) {
        uint64_t x = a->value, y = b->value;
        uint64_t r = k % 3 == 0 ? x + y : k % 3 == 1 ? x - y : x * y;
        a->value = k < 3 ? (uint32_t)r : r;
        return;
    }
    xc_buffer code = {0};
    put_item(&code, a);
    put_item(&code, b);
    put_u8(&code, cexpr_op[k]);
    uint32_t da = a->folded ? 1 : a->depth, db = (b->folded ? 1 : b->depth) + 1;
    xc_buffer_free(&a->code);
    xc_buffer_free(&b->code);
    a->folded = false;
    a->code = code;
    a->depth = da > db ? da : db;
}

/* Reads the operand of a push instruction op into *it; false (with the error set) if bad. */
static bool read_push(const wasm_module *module, const xc_const_env *env, uint8_t op, reader *r, item *it,
                      size_t at, xc_error *error)
{
    uint64_t v = 0;
    bool ok = true;
    it->folded = true;
    it->depth = 1;
    switch (op) {
    case WASM_OP_I32_CONST: ok = read_leb(r, 32, true, &v); v = (uint32_t)v; it->width = 32; break;
    case WASM_OP_I64_CONST: ok = read_leb(r, 64, true, &v); it->width = 64; break;
    case WASM_OP_F32_CONST: ok = read_fixed(r, 4, &v); it->width = 32; break;
    case WASM_OP_F64_CONST: ok = read_fixed(r, 8, &v); it->width = 64; break;
    case WASM_OP_REF_NULL: ok = read_fixed(r, 1, &v); v = XIP_NULL_REF; it->width = 0; break;
    case WASM_OP_REF_FUNC:
        ok = read_leb(r, 32, false, &v);
        it->width = 0;
        if (ok && v >= XIP_NULL_FUNC)
            return xc_error_set(error, at, XC_NO_FUNC, "function index %llu exceeds the limit of 65534",
                                (unsigned long long)v);
        break;
    case WASM_OP_GLOBAL_GET:
        ok = read_leb(r, 32, false, &v);
        if (!ok)
            break;
        if (v >= env->count)
            return xc_error_set(error, at, XC_NO_FUNC,
                                "constant expression reads global %u before it is defined", (unsigned)v);
        it->width = width_of(xc_global_type(module, (uint32_t)v).type);
        if (env->known[v]) {
            v = env->values[v];
            break;
        }
        if (v > 0xffff)
            return xc_error_set(error, at, XC_NO_FUNC, "global index %llu exceeds the limit of 65535",
                                (unsigned long long)v);
        it->folded = false;
        put_u8(&it->code, XIP_CEXPR_GLOBAL);
        put_u8(&it->code, (uint32_t)v);
        put_u8(&it->code, (uint32_t)(v >> 8));
        break;
    default:
        return xc_error_set(error, at, XC_NO_FUNC, "unsupported instruction 0x%02x in a constant expression", op);
    }
    if (!ok)
        return xc_error_set(error, at, XC_NO_FUNC, "truncated constant expression");
    it->value = v;
    return true;
}

/* True for the extended-const operators (WF_CONST_EXPR operators). */
static bool is_binary(uint8_t op)
{
    const wasm_op_info *info = wasm_op_lookup(op);
    return info != NULL && info->kind == WK_OP && (info->flags & WF_CONST_EXPR);
}

/* Translates expr with stack[] as the evaluation stack; *depth values are left there. */
static bool translate(const wasm_module *module, const wasm_const_expr *expr, const xc_const_env *env,
                      item *stack, unsigned *depth, xc_error *error)
{
    reader r = {expr->code, expr->code + expr->size};
    while (r.p < r.end) {
        size_t at = expr->offset + (size_t)(r.p - expr->code);
        uint8_t op = *r.p++;
        if (op == WASM_OP_END) {
            if (*depth != 1)
                return xc_error_set(error, at, XC_NO_FUNC, "constant expression leaves %u values", *depth);
            if (!stack[0].folded && stack[0].depth > XIP_CEXPR_MAX_DEPTH)
                return xc_error_set(error, expr->offset, XC_NO_FUNC,
                                    "constant expression needs %u stack values; the limit is %d",
                                    (unsigned)stack[0].depth, XIP_CEXPR_MAX_DEPTH);
            return true;
        }
        if (is_binary(op)) {
            if (*depth < 2)
                return xc_error_set(error, at, XC_NO_FUNC, "constant expression: operand missing");
            binary(op, &stack[*depth - 2], &stack[*depth - 1]);
            (*depth)--;
            continue;
        }
        if (*depth == MAX_DEPTH)
            return xc_error_set(error, at, XC_NO_FUNC, "constant expression deeper than %d", MAX_DEPTH);
        if (!read_push(module, env, op, &r, &stack[*depth], at, error))
            return false;
        (*depth)++;
    }
    return xc_error_set(error, expr->offset, XC_NO_FUNC, "constant expression without end");
}

bool xc_const_encode(const wasm_module *module, const wasm_const_expr *expr, const xc_const_env *env,
                     xc_buffer *out, xc_const *result, xc_error *error)
{
    item stack[MAX_DEPTH + 1];
    unsigned depth = 0;
    for (unsigned i = 0; i <= MAX_DEPTH; i++) {
        xc_buffer empty = {0};
        stack[i].code = empty;
    }
    bool ok = translate(module, expr, env, stack, &depth, error);
    if (ok) {
        put_item(out, &stack[0]);
        put_u8(out, XIP_CEXPR_END);
        result->folded = stack[0].folded;
        result->value = stack[0].folded ? stack[0].value : 0;
    }
    for (unsigned i = 0; i <= MAX_DEPTH; i++)
        xc_buffer_free(&stack[i].code);
    return ok;
}
