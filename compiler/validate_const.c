/*
 * validate_const.c: validation of constant expressions (global initializers,
 * element and data segment offsets, element expressions).
 *
 * Constant expressions are kept as raw bytes by decode, so this file reads
 * them itself. Allowed: i32/i64/f32/f64.const, ref.null, ref.func, global.get
 * of an imported immutable global (Wasm 2.0), and the extended-const
 * proposal's i32/i64 add, sub and mul.
 */
#include "validate_internal.h"
#include "wasm_ops.h"

#include <stdio.h>

/* The operand stack of a constant expression is small: a few deep in practice. */
#define CONST_STACK_MAX 64

typedef struct const_reader {
    const uint8_t *code;
    size_t size;
    size_t pos;
} const_reader;

/* Reads an unsigned LEB128 of at most bits bits; false if it runs off the end or is too long. */
static bool read_uleb(const_reader *r, unsigned bits, uint64_t *value)
{
    uint64_t result = 0;
    unsigned shift = 0;
    for (;;) {
        if (r->pos >= r->size || shift >= bits)
            return false;
        uint8_t byte = r->code[r->pos++];
        if (shift < 64)
            result |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
        if (!(byte & 0x80))
            break;
    }
    *value = result;
    return true;
}

/* Skips n raw bytes; false if fewer remain. */
static bool skip_bytes(const_reader *r, size_t n)
{
    if (r->size - r->pos < n)
        return false;
    r->pos += n;
    return true;
}

/* The operand type of the extended-const arithmetic opcodes (WF_CONST_EXPR operators), or 0. */
static wasm_valtype arith_type(uint8_t op)
{
    const wasm_op_info *info = wasm_op_lookup(op);
    if (info != NULL && info->kind == WK_OP && (info->flags & WF_CONST_EXPR))
        return info->params[0];
    return 0;
}

/* Checks a global.get x inside a constant expression and returns its type through *type. */
static bool const_global_get(xc_vctx *ctx, uint64_t index, size_t where, wasm_valtype *type)
{
    if (index >= ctx->module->import_global_count)
        return xc_error_set(ctx->error, where, XC_NO_FUNC, "unknown global %llu",
                            (unsigned long long)index);
    if (ctx->globals[index].mutable_)
        return xc_error_set(ctx->error, where, XC_NO_FUNC,
                            "constant expression required: global %llu is mutable",
                            (unsigned long long)index);
    *type = ctx->globals[index].type;
    return true;
}

/* Reads one constant instruction at r and pushes its result; false (error set) if not constant. */
static bool const_step(xc_vctx *ctx, const_reader *r, size_t base, wasm_valtype *stack,
                       unsigned *depth)
{
    size_t where = base + r->pos;
    uint8_t op = r->code[r->pos++];
    uint64_t value = 0;
    wasm_valtype pushed = 0;
    bool ok = true;
    switch (op) {
    case WASM_OP_I32_CONST: ok = read_uleb(r, 32, &value); pushed = WASM_I32; break;
    case WASM_OP_I64_CONST: ok = read_uleb(r, 64, &value); pushed = WASM_I64; break;
    case WASM_OP_F32_CONST: ok = skip_bytes(r, 4); pushed = WASM_F32; break;
    case WASM_OP_F64_CONST: ok = skip_bytes(r, 8); pushed = WASM_F64; break;
    case WASM_OP_REF_NULL:
        ok = r->pos < r->size;
        if (ok)
            pushed = r->code[r->pos++];
        if (ok && !xc_is_ref_type(pushed))
            return xc_error_set(ctx->error, where, XC_NO_FUNC, "malformed reference type");
        break;
    case WASM_OP_REF_FUNC:
        ok = read_uleb(r, 32, &value);
        if (!ok)
            break;
        if (value >= ctx->func_total)
            return xc_error_set(ctx->error, where, XC_NO_FUNC, "unknown function %llu",
                                (unsigned long long)value);
        ctx->declared[value] = true;
        pushed = WASM_FUNCREF;
        break;
    case WASM_OP_GLOBAL_GET:
        ok = read_uleb(r, 32, &value);
        if (ok && !const_global_get(ctx, value, where, &pushed))
            return false;
        break;
    default: {
        wasm_valtype t = arith_type(op);
        if (t == 0)
            return xc_error_set(ctx->error, where, XC_NO_FUNC,
                                "constant expression required: opcode 0x%02x is not constant", op);
        if (*depth < 2 || stack[*depth - 1] != t || stack[*depth - 2] != t)
            return xc_error_set(ctx->error, where, XC_NO_FUNC,
                                "type mismatch: %s arithmetic needs two %s operands",
                                xc_valtype_name(t), xc_valtype_name(t));
        *depth -= 1;
        return true;
    }
    }
    if (!ok)
        return xc_error_set(ctx->error, where, XC_NO_FUNC, "unexpected end of constant expression");
    if (*depth >= CONST_STACK_MAX)
        return xc_error_set(ctx->error, where, XC_NO_FUNC, "constant expression too deep");
    stack[(*depth)++] = pushed;
    return true;
}

bool xc_validate_const_expr(xc_vctx *ctx, const wasm_const_expr *expr, wasm_valtype expected)
{
    wasm_valtype stack[CONST_STACK_MAX];
    unsigned depth = 0;
    const_reader r = {expr->code, expr->size, 0};
    while (r.pos < r.size && r.code[r.pos] != WASM_OP_END) {
        if (!const_step(ctx, &r, expr->offset, stack, &depth))
            return false;
    }
    size_t end = expr->offset + r.pos;
    if (r.pos >= r.size)
        return xc_error_set(ctx->error, end, XC_NO_FUNC, "unexpected end of constant expression");
    if (depth != 1)
        return xc_error_set(ctx->error, end, XC_NO_FUNC,
                            "type mismatch: constant expression leaves %u values, expected one %s",
                            depth, xc_valtype_name(expected));
    if (stack[0] != expected)
        return xc_error_set(ctx->error, end, XC_NO_FUNC,
                            "type mismatch: constant expression has type %s, expected %s",
                            xc_valtype_name(stack[0]), xc_valtype_name(expected));
    return true;
}
