/*
 * xip_refs.h: the reference check, shared by the compiler (which computes
 * the REFS section from its own bytecode) and the verifier (which checks
 * the bytecode against it). One rule, one copy: xip_refs_step.
 *
 * Every register holds, at each point of the code, a value of one class:
 * a number, a function reference, an external reference, or the null
 * reference (a reference of either type). Classes follow the ROLES column
 * of opcodes.def (RREF, WREF, RV, WV, WK; see its header): a reference is
 * only ever made by ref.func, const32 of XIP_NULL_REF, table.get, a global,
 * a parameter or a call result of reference type, and moved by the
 * instructions that carry a class (mov, select, the far moves). Every
 * other register write makes a number. Tables, reference globals, the
 * reference parameters of a call and the reference results of RET accept
 * only registers of the matching class; nothing else looks at classes, so a
 * number read from a reference is harmless (it cannot become one again).
 *
 * The check is flow-sensitive inside straight-line code and resets at the
 * points where control meets: at each branch target (a join) and after each
 * call, the image's REFS section lists the registers that hold references
 * there; everything else is a number from that point. A branch must arrive
 * with every listed register of its target in the listed class, and so must
 * the instruction before a join that falls into it; a call keeps only the
 * listed registers, all below its frame base (the callee may overwrite
 * anything from the base up), and its results. So one linear pass checks a
 * function, with one class byte per register of state.
 */
#ifndef XIP_REFS_H
#define XIP_REFS_H

#include <stdint.h>

#include "xip_format.h"

/* Value classes. XIP_RC_ANY is only a requirement (ref.is_null: either reference type). */
enum xip_refclass {
    XIP_RC_NUM = 0,    /* a number (i32, i64, f32, f64), or anything unknown */
    XIP_RC_FUNC = 1,   /* a funcref: a function index, a host reference or null */
    XIP_RC_EXTERN = 2, /* an externref: a value the host gave, or null */
    XIP_RC_NULL = 3,   /* the null reference: both a funcref and an externref */
    XIP_RC_ANY = 4
};

/* REFS section entry sizes in bytes (xip_format.h, section 12). */
#define XIP_REFS_FUNC_SIZE 10u /* u16 func, u16 njoins, u16 ncalls, u32 npool */
#define XIP_REFS_JOIN_SIZE 9u  /* u32 pc, u32 first, u8 n */
#define XIP_REFS_CALL_SIZE 6u  /* u32 first, u16 n */
#define XIP_REFS_POOL_SIZE 3u  /* u16 register, u8 class */

/* The class of values of Wasm value type t. */
static inline uint32_t xip_rc_of_type(uint32_t t)
{
    return t == XIP_FUNCREF ? XIP_RC_FUNC : t == XIP_EXTERNREF ? XIP_RC_EXTERN : XIP_RC_NUM;
}

/* The class of a value that is of class a on one path and of class b on another. */
static inline uint32_t xip_rc_meet(uint32_t a, uint32_t b)
{
    if (a == b || b == XIP_RC_NULL)
        return a;
    return a == XIP_RC_NULL ? b : XIP_RC_NUM;
}

/* True if a value of class have may stand where class want is needed (want is never NUM). */
static inline int xip_rc_fits(uint32_t have, uint32_t want)
{
    return have != XIP_RC_NUM && (have == want || have == XIP_RC_NULL || want == XIP_RC_ANY);
}

/* The packed ROLES of opcode op (< XIP_OP_COUNT), from opcodes.def. A table,
   not a switch: the same bytes, and cppcheck's value flow does not try
   every case at every call. */
static inline uint32_t xip_op_roles(uint32_t op)
{
    static const uint16_t roles_of[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) (uint16_t)XIP_ROLES(roles),
#include "opcodes.def"
#undef OP
    };
    return op < XIP_OP_COUNT ? roles_of[op] : 0u;
}

/* The operand shape of opcode op (< XIP_OP_COUNT), from opcodes.def. The
   executor reads shapes from its own opcode table (xipi_op_desc) and does
   not link this one. */
static inline uint32_t xip_op_shape(uint32_t op)
{
    static const uint8_t shape_of[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) (uint8_t)XIP_SHAPE_##shape,
#include "opcodes.def"
#undef OP
    };
    return op < XIP_OP_COUNT ? shape_of[op] : (uint32_t)XIP_SHAPE_NONE;
}

/* Field k (0..3) of shape (< XIP_SHAPE_COUNT). */
static inline uint32_t xip_shape_field(uint32_t shape, uint32_t k)
{
    static const uint8_t fields[XIP_SHAPE_COUNT][4] = {
#define XIP_REFS_FIELDS(name, size, f1, f2, f3, f4) {f1, f2, f3, f4},
        XIP_SHAPES(XIP_REFS_FIELDS)
#undef XIP_REFS_FIELDS
    };
    return fields[shape][k];
}

/*
 * What xip_refs_step needs to know and do; the compiler and the verifier
 * each supply their own. The lookups get indices the verifier has already
 * checked. need() returns 0 to refuse (the verifier) and set() likewise.
 */
typedef struct xip_refs_env {
    void *ctx;
    uint32_t (*table_class)(void *ctx, uint32_t table);  /* of its elements */
    uint32_t (*global_class)(void *ctx, uint32_t global); /* of its type */
    /* The value types (params then results) of function index (indirect: 0) or type index. */
    const uint8_t *(*signature)(void *ctx, int indirect, uint32_t index, uint32_t *np, uint32_t *nr);
    uint32_t (*get)(void *ctx, uint32_t reg);
    int (*need)(void *ctx, uint32_t reg, uint32_t want);
    int (*set)(void *ctx, uint32_t reg, uint32_t cls);
    /* At a call with frame base `base`, after its arguments were read: keep what survives. */
    int (*call_point)(void *ctx, uint32_t base);
    const uint8_t *results; /* the function's result types (for RET) */
} xip_refs_env;

/*
 * Applies the reference rule to the instruction at p of operand shape
 * `shape` (xip_op_shape; its operands already checked): checks what it
 * reads, then records what it writes (a row without class roles only
 * writes numbers). Returns 0 as soon as a need(), set() or call_point()
 * refuses. Branch targets are the caller's.
 */
static inline int xip_refs_step(const xip_refs_env *env, const uint8_t *p, uint32_t shape)
{
    uint32_t op = p[0], roles = xip_op_roles(op);
    uint32_t k, off = 1, row = XIP_RC_ANY, meet = XIP_RC_NULL, global = 0, has_global = 0, wk = XIP_RC_NUM;
    uint32_t reg[4], table = 256; /* 256: no TABLE field */
    for (k = 0; k < 4; k++) { /* each register operand, the table, the global, the immediate */
        uint32_t field = xip_shape_field(shape, k);
        if (field == XIP_FIELD_NONE) { /* past the shape's fields: the next byte may lie past the image */
            reg[k] = 0;
            continue;
        }
        reg[k] = field == XIP_FIELD_FAR || field == XIP_FIELD_BASE16 ? xip_read_u16(p + off) : p[off];
        if (field == XIP_FIELD_TABLE && table == 256)
            table = p[off];
        else if (field == XIP_FIELD_GLOBAL) {
            global = env->global_class(env->ctx, xip_read_u16(p + off));
            has_global = 1;
        } else if (field == XIP_FIELD_K32 && xip_read_u32(p + off) == XIP_NULL_REF)
            wk = XIP_RC_NULL;
        off += xip_field_size((enum xip_field)field);
    }
    if (table != 256)
        row = env->table_class(env->ctx, table);
    else if (xip_role_at(roles, 0) == XIP_ROLE_WREF)
        row = XIP_RC_FUNC; /* ref.func */
    for (k = 0; k < 4; k++) { /* reads */
        uint32_t role = xip_role_at(roles, k), i, np, nr;
        if (role == XIP_ROLE_RREF && !env->need(env->ctx, reg[k], row))
            return 0;
        if (role == XIP_ROLE_RV) {
            if (has_global && global != XIP_RC_NUM && !env->need(env->ctx, reg[k], global))
                return 0;
            meet = xip_rc_meet(meet, env->get(env->ctx, reg[k]));
        }
        if (role == XIP_ROLE_N) { /* RET a, n */
            for (i = 0; i < p[2]; i++) {
                uint32_t want = xip_rc_of_type(env->results[i]);
                if (want != XIP_RC_NUM && !env->need(env->ctx, reg[k] + i, want))
                    return 0;
            }
        }
        if (role == XIP_ROLE_B) { /* a call: arguments from the base on, then results there */
            const uint8_t *types = env->signature(env->ctx, op != XIP_OP_CALL && op != XIP_OP_CALL_WIDE,
                                                  xip_read_u16(p + 1), &np, &nr);
            for (i = 0; i < np; i++) {
                uint32_t want = xip_rc_of_type(types[i]);
                if (want != XIP_RC_NUM && !env->need(env->ctx, reg[k] + i, want))
                    return 0;
            }
            if (!env->call_point(env->ctx, reg[k]))
                return 0;
            for (i = 0; i < nr; i++)
                if (!env->set(env->ctx, reg[k] + i, xip_rc_of_type(types[np + i])))
                    return 0;
        }
    }
    for (k = 0; k < 4; k++) { /* writes */
        uint32_t role = xip_role_at(roles, k), cls;
        if (role == XIP_ROLE_W)
            cls = XIP_RC_NUM;
        else if (role == XIP_ROLE_WREF)
            cls = row;
        else if (role == XIP_ROLE_WV)
            cls = has_global ? global : meet;
        else if (role == XIP_ROLE_WK)
            cls = wk;
        else
            continue;
        if (!env->set(env->ctx, reg[k], cls))
            return 0;
    }
    return 1;
}

#endif /* XIP_REFS_H */
