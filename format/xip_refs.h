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

/*
 * What each operand field of a row does to classes, 2 bits a field (field
 * 0 in the low bits), from the ROLES column: XIP_RR_NONE (R, R3, TW, _),
 * XIP_RR_NUM writes a number (W, RW: what it reads is a number too, unchecked like R), XIP_RR_READ reads a class (B, N, RREF,
 * RV), XIP_RR_WRITE writes one (WREF, WV, WK). Which read or write it is
 * follows from the row's other fields, as xip_refs_step decodes it (and
 * XIP_REFS_DECODES checks on every row below):
 *   a read beside a FUNC or TYPE field is a call's frame base (B), beside
 *   a COUNT8 RET's result range (N); else RREF in a row with a TABLE field
 *   or one that writes no class and has no GLOBAL (ref.is_null), else RV;
 *   a write is WREF in a row with a TABLE or a FUNC field, WK with a K32,
 *   else WV (the global's class with a GLOBAL field, else the reads' meet).
 */
enum { XIP_RR_NONE = 0, XIP_RR_NUM = 1, XIP_RR_READ = 2, XIP_RR_WRITE = 3 };
#define XIP_RR__ XIP_RR_NONE
#define XIP_RR_R XIP_RR_NONE
#define XIP_RR_R3 XIP_RR_NONE
#define XIP_RR_TW XIP_RR_NONE
#define XIP_RR_W XIP_RR_NUM
#define XIP_RR_RW XIP_RR_NUM
#define XIP_RR_B XIP_RR_READ
#define XIP_RR_N XIP_RR_READ
#define XIP_RR_RREF XIP_RR_READ
#define XIP_RR_RV XIP_RR_READ
#define XIP_RR_WREF XIP_RR_WRITE
#define XIP_RR_WV XIP_RR_WRITE
#define XIP_RR_WK XIP_RR_WRITE
#define XIP_RR_PACK(r0, r1, r2, r3) (XIP_RR_##r0 | XIP_RR_##r1 << 2 | XIP_RR_##r2 << 4 | XIP_RR_##r3 << 6)

/* The 2-bit class roles of opcode op (< XIP_OP_COUNT), from opcodes.def (a table: cppcheck's value
   flow does not try every case of a switch at every call). */
static inline uint32_t xip_op_refs(uint32_t op)
{
    static const uint8_t refs_of[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) (uint8_t)XIP_RR_PACK roles,
#include "opcodes.def"
#undef OP
    };
    return op < XIP_OP_COUNT ? refs_of[op] : 0u;
}

#ifndef XIP_NO_TABLE_CHECKS /* cppcheck skips these, as xip_format.h's */
/* Per row: each field's 2-bit code decodes, by the rule above, to the role the row gives it. */
enum xip_refs_of {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) \
    XIP_RR_OF_##name = XIP_RR_PACK roles, XIP_ROLES_OF_##name = XIP_ROLES(roles),
#include "opcodes.def"
#undef OP
    XIP_RR_OF__ = 0
};
#define XIP_HAS_FIELD_(f, kind) \
    (((f) & 31) == (kind) || ((f) >> 5 & 31) == (kind) || ((f) >> 10 & 31) == (kind) || ((f) >> 15 & 31) == (kind))
#define XIP_RR_ROLE_(c, f, writes)                                                                           \
    ((c) == XIP_RR_NUM ? XIP_ROLE_W                                                                        \
     : (c) == XIP_RR_READ                                                                                  \
         ? (XIP_HAS_FIELD_(f, XIP_FIELD_FUNC) || XIP_HAS_FIELD_(f, XIP_FIELD_TYPE) ? XIP_ROLE_B            \
            : XIP_HAS_FIELD_(f, XIP_FIELD_COUNT8) ? XIP_ROLE_N                                             \
            : XIP_HAS_FIELD_(f, XIP_FIELD_TABLE) || (!(writes) && !XIP_HAS_FIELD_(f, XIP_FIELD_GLOBAL))     \
                ? XIP_ROLE_RREF : XIP_ROLE_RV)                                                             \
     : XIP_HAS_FIELD_(f, XIP_FIELD_TABLE) || XIP_HAS_FIELD_(f, XIP_FIELD_FUNC) ? XIP_ROLE_WREF             \
     : XIP_HAS_FIELD_(f, XIP_FIELD_K32) ? XIP_ROLE_WK : XIP_ROLE_WV)
#define XIP_RR_FIELD_OK_(rr, pack, f, k)          \
    (((rr) >> (2 * (k)) & 3) == XIP_RR_NONE ||    \
     XIP_RR_ROLE_((rr) >> (2 * (k)) & 3, f, ((rr) & (rr) >> 1 & 0x55) != 0) ==                \
         XIP_RR_AS_W_((pack) >> (4 * (k)) & 15))
#define XIP_RR_AS_W_(role) ((role) == XIP_ROLE_RW ? XIP_ROLE_W : (role)) /* RW decodes as W */
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics)                                       \
    typedef char xip_refs_decodes_##name[XIP_RR_FIELD_OK_(XIP_RR_OF_##name, XIP_ROLES_OF_##name, XIP_SHAPE_FIELDS_##shape, 0) && \
                                         XIP_RR_FIELD_OK_(XIP_RR_OF_##name, XIP_ROLES_OF_##name, XIP_SHAPE_FIELDS_##shape, 1) && \
                                         XIP_RR_FIELD_OK_(XIP_RR_OF_##name, XIP_ROLES_OF_##name, XIP_SHAPE_FIELDS_##shape, 2) && \
                                         XIP_RR_FIELD_OK_(XIP_RR_OF_##name, XIP_ROLES_OF_##name, XIP_SHAPE_FIELDS_##shape, 3)    \
                                         ? 1 : -1];
#include "opcodes.def"
#undef OP
#endif

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

/*
 * Field k (0..3) of shape (< XIP_SHAPE_COUNT), where the two kinds past 15
 * read as K16, a field of the same size that nothing checks: BASE16 (only
 * in the call shapes, whose frame base the readers take by position) and
 * U16. So a shape's fields take 4 bits each, 16 a shape.
 */
#define XIP_FIELD_NIBBLE_(f) ((f) == XIP_FIELD_BASE16 || (f) == XIP_FIELD_U16 ? XIP_FIELD_K16 : (f))
typedef char xip_other_fields_fit_4_bits[XIP_FIELD_REG3 == 15 && XIP_FIELD_BASE16 == 16 && XIP_FIELD_U16 == 17 ? 1 : -1];
static inline uint32_t xip_shape_field(uint32_t shape, uint32_t k)
{
    static const uint16_t fields[XIP_SHAPE_COUNT] = {
#define XIP_REFS_FIELDS(name, size, f1, f2, f3, f4)                                                     \
    (uint16_t)(XIP_FIELD_NIBBLE_(f1) | XIP_FIELD_NIBBLE_(f2) << 4 | XIP_FIELD_NIBBLE_(f3) << 8 |         \
               XIP_FIELD_NIBBLE_(f4) << 12),
        XIP_SHAPES(XIP_REFS_FIELDS)
#undef XIP_REFS_FIELDS
    };
    return fields[shape] >> 4 * k & 15u;
}

/*
 * The byte size of a field kind that xip_shape_field returns (NONE
 * excepted), as xip_field_size gives it: 1 << its 2-bit log2 from one
 * constant, no table. Each shape's fields checked below add up to its size.
 */
#define XIP_FIELD_LOG2_(f)                                                                                  \
    ((f) == XIP_FIELD_REG || (f) == XIP_FIELD_COUNT8 || (f) == XIP_FIELD_TABLE || (f) == XIP_FIELD_REG3 ? 0u \
     : (f) == XIP_FIELD_K32 ? 2u : (f) == XIP_FIELD_K64 ? 3u : 1u)
#define XIP_FIELD_LOG2_AT_(f) (XIP_FIELD_LOG2_(f) << 2 * (f))
#define XIP_FIELD_LOG2_SIZES                                                                                \
    (XIP_FIELD_LOG2_AT_(1u) | XIP_FIELD_LOG2_AT_(2u) | XIP_FIELD_LOG2_AT_(3u) | XIP_FIELD_LOG2_AT_(4u) |    \
     XIP_FIELD_LOG2_AT_(5u) | XIP_FIELD_LOG2_AT_(6u) | XIP_FIELD_LOG2_AT_(7u) | XIP_FIELD_LOG2_AT_(8u) |    \
     XIP_FIELD_LOG2_AT_(9u) | XIP_FIELD_LOG2_AT_(10u) | XIP_FIELD_LOG2_AT_(11u) | XIP_FIELD_LOG2_AT_(12u) | \
     XIP_FIELD_LOG2_AT_(13u) | XIP_FIELD_LOG2_AT_(14u) | XIP_FIELD_LOG2_AT_(15u))
static inline uint32_t xip_shape_field_size(uint32_t field)
{
    return 1u << (XIP_FIELD_LOG2_SIZES >> 2 * field & 3u);
}
#ifndef XIP_NO_TABLE_CHECKS
#define XIP_NIBBLE_SIZE_(f) (XIP_FIELD_NIBBLE_(f) == XIP_FIELD_NONE ? 0u : 1u << XIP_FIELD_LOG2_(XIP_FIELD_NIBBLE_(f)))
#define XIP_NIBBLE_SIZES_OK_(name, size, f1, f2, f3, f4)                                                     \
    typedef char xip_nibble_sizes_of_##name[1u + XIP_NIBBLE_SIZE_(f1) + XIP_NIBBLE_SIZE_(f2) +                 \
                                                    XIP_NIBBLE_SIZE_(f3) + XIP_NIBBLE_SIZE_(f4) == (size) ? 1 : -1];
XIP_SHAPES(XIP_NIBBLE_SIZES_OK_)
#undef XIP_NIBBLE_SIZES_OK_
#endif

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

/* Checks the n registers from reg on against value types types[0..n): a reference type needs its class. */
static inline int xip_refs_need_types(const xip_refs_env *env, uint32_t reg, const uint8_t *types, uint32_t n)
{
    uint32_t i;
    for (i = 0; i < n; i++) {
        uint32_t want = xip_rc_of_type(types[i]);
        if (want != XIP_RC_NUM && !env->need(env->ctx, reg + i, want))
            return 0;
    }
    return 1;
}

/*
 * Applies the reference rule to the instruction at p of operand shape
 * `shape` (xip_op_shape) and class roles rr (xip_op_refs; its operands
 * already checked): checks what it reads, then records what it writes (a
 * row without class roles only writes numbers). Returns 0 as soon as a
 * need(), set() or call_point() refuses. Branch targets are the caller's.
 * The executor reads shapes and roles from its own opcode tables.
 */
static inline int xip_refs_step(const xip_refs_env *env, const uint8_t *p, uint32_t shape, uint32_t rr)
{
    uint32_t k, i, off = 1, np, nr, reg[4], tables = 0, range = 0; /* a FUNC, TYPE or COUNT8 field's kind: its row reads a range */
    uint32_t row = XIP_RC_ANY, wcls = XIP_RC_ANY, global = XIP_RC_NUM, meet = XIP_RC_NULL; /* wcls ANY: the meet */
    int rref = !(rr & rr >> 1 & 0x55u); /* a read in a row that writes no class needs a reference */
    for (k = 0; k < 4; k++) { /* each operand: the registers, the table, the global, the immediate */
        uint32_t field = xip_shape_field(shape, k);
        reg[k] = 0;
        if (field == XIP_FIELD_NONE)
            continue; /* past the shape's fields: the next byte may lie past the image */
        reg[k] = xip_shape_field_size(field) == 1 ? p[off] : xip_read_u16(p + off);
        if (field == XIP_FIELD_TABLE && tables++ == 0) {
            row = wcls = env->table_class(env->ctx, reg[k]);
            rref = 1;
        } else if (field == XIP_FIELD_FUNC || field == XIP_FIELD_TYPE) {
            range = field; /* a call's frame base beside it; ref.func writes a function reference */
            wcls = XIP_RC_FUNC;
        } else if (field == XIP_FIELD_GLOBAL) {
            global = wcls = env->global_class(env->ctx, reg[k]);
            rref = 0;
        } else if (field == XIP_FIELD_K32) {
            wcls = xip_read_u32(p + off) == XIP_NULL_REF ? XIP_RC_NULL : XIP_RC_NUM;
        } else if (field == XIP_FIELD_COUNT8) {
            range = field; /* RET's result range beside it */
        }
        off += xip_shape_field_size(field);
    }
    for (k = 0; k < 4; k++) { /* reads */
        if ((rr >> 2 * k & 3u) != XIP_RR_READ)
            continue;
        if (range == XIP_FIELD_COUNT8) { /* RET a, n */
            if (!xip_refs_need_types(env, reg[k], env->results, p[2]))
                return 0;
        } else if (range) { /* a call: arguments from the base on, then results there */
            const uint8_t *types = env->signature(env->ctx, range == XIP_FIELD_TYPE, xip_read_u16(p + 1), &np, &nr);
            if (!xip_refs_need_types(env, reg[k], types, np) || !env->call_point(env->ctx, reg[k]))
                return 0;
            for (i = 0; i < nr; i++)
                if (!env->set(env->ctx, reg[k] + i, xip_rc_of_type(types[np + i])))
                    return 0;
        } else if (rref) {
            if (!env->need(env->ctx, reg[k], row))
                return 0;
        } else { /* RV: the global's class, if it has one; the class moves on */
            if (global != XIP_RC_NUM && !env->need(env->ctx, reg[k], global))
                return 0;
            meet = xip_rc_meet(meet, env->get(env->ctx, reg[k]));
        }
    }
    if (wcls == XIP_RC_ANY)
        wcls = meet;
    for (k = 0; k < 4; k++) { /* writes */
        uint32_t c = rr >> 2 * k & 3u;
        if ((c & 1u) && !env->set(env->ctx, reg[k], c == XIP_RR_NUM ? XIP_RC_NUM : wcls))
            return 0;
    }
    return 1;
}

#endif /* XIP_REFS_H */
