/*
 * xip_verify.c: the image and bytecode verifier. It checks everything the
 * run loop relies on (offsets, counts, indices, operands, branch targets) so
 * the interpreter only checks memory bounds, stack depth and call_indirect.
 * No byte string may make it read outside image[0..size).
 */
#include "xip_internal.h"

#if XIP_FLOAT
#define XIP_FLOAT_OK 1
#else
#define XIP_FLOAT_OK 0
#endif
#if XIP_EXT
#define XIP_EXT_OK 1
#else
#define XIP_EXT_OK 0
#endif

/*
 * What the verifier needs of an opcode's flags, as a class in 3 bits: BRANCH
 * (1) and NOFALL (2) for an opcode this build runs, or which feature it
 * lacks (an opcode it refuses needs neither bit).
 */
enum xip_vclass {
    XIP_VC_BRANCH = 1,
    XIP_VC_NOFALL = 2,
    XIP_VC_NO_FLOAT = 4, /* needs XIP_FLOAT */
    XIP_VC_NO_EXT = 5    /* needs XIP_EXT */
};
#define XIP_VCLASS(flags)                                                  \
    (((flags) & XIP_F_FLOAT) && !XIP_FLOAT_OK ? XIP_VC_NO_FLOAT            \
     : ((flags) & XIP_F_EXT) && !XIP_EXT_OK ? XIP_VC_NO_EXT                \
     : ((flags) & XIP_F_BRANCH ? XIP_VC_BRANCH : 0) | ((flags) & XIP_F_NOFALL ? XIP_VC_NOFALL : 0))

/* Per-opcode operand shape (low 5 bits) and verifier class (high 3 bits), from opcodes.def. */
typedef char xip_shape_fits_5_bits[XIP_SHAPE_COUNT <= 32 ? 1 : -1];

static const uint8_t op_info[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) \
    (uint8_t)(XIP_SHAPE_##shape | (XIP_VCLASS(XIP_OP_FLAGS(feature, flags)) << 5)),
#include "opcodes.def"
#undef OP
};

/* The shape and the verifier class of opcode op (< XIP_OP_COUNT). */
static uint32_t op_shape(uint32_t op)
{
    return op_info[op] & 31u;
}

static uint32_t op_class(uint32_t op)
{
    return op_info[op] >> 5;
}

/* Per-shape fixed size and operand fields, from XIP_SHAPES. */
static const uint8_t shape_size[XIP_SHAPE_COUNT] = {
#define XIP_SHAPE_SZ(name, size, f1, f2, f3, f4) size,
    XIP_SHAPES(XIP_SHAPE_SZ)
#undef XIP_SHAPE_SZ
};

static const uint8_t shape_fields[XIP_SHAPE_COUNT][4] = {
#define XIP_SHAPE_FIELDS(name, size, f1, f2, f3, f4) {f1, f2, f3, f4},
    XIP_SHAPES(XIP_SHAPE_FIELDS)
#undef XIP_SHAPE_FIELDS
};

/* The verifier reads sections through the image reader's checked cursors (xip_image.h). */
typedef xipi_cursor cursor;

/* True for the value type codes an image may use. */
static int valid_valtype(uint32_t t)
{
    return t == XIP_I32 || t == XIP_I64 || t == XIP_F32 || t == XIP_F64 || t == XIP_FUNCREF ||
           t == XIP_EXTERNREF;
}

/* True for the element types of tables and element segments. */
static int valid_elemtype(uint32_t t)
{
    return t == XIP_FUNCREF || t == XIP_EXTERNREF;
}

/* Marks the cursor bad at image offset at unless cond holds (the earliest problem wins). */
static void expect_at(cursor *c, int cond, uint32_t at)
{
    if (!cond)
        xipi_fail(c, at);
}

/* Parameter and result counts of function f (imports first; f is in range). */
static void func_sig(const xip_instance *inst, uint32_t f, uint32_t *np, uint32_t *nr)
{
    xipi_type t;
    if (f >= inst->import_count) {
        xipi_func e;
        uint32_t end;
        xipi_func_at(inst, f - inst->import_count, &e, &end);
        *np = e.nparams;
        *nr = e.nresults;
        return;
    }
    xipi_type_at(inst, xipi_func_type_index(inst, f), &t);
    *np = t.nparams;
    *nr = t.nresults;
}

/* TYPE: every value type is known. */
static void parse_types(xip_instance *inst, cursor *c, uint32_t count)
{
    xipi_type e;
    uint32_t i, j;
    for (i = 0; i < count && !c->bad; i++) {
        xipi_read_type(c, &e); /* value types past the end: bad at the end */
        for (j = 0; j < e.nparams + e.nresults && e.valtypes + j < c->end; j++)
            expect_at(c, valid_valtype(c->img[e.valtypes + j]), e.valtypes + j + 1);
    }
    inst->type_count = (uint16_t)count;
}

/* Memory limits (at most one memory): sane, page_log2 <= 16; bad at `after` (past the limits). */
static void check_memory(xip_instance *inst, cursor *c, const xipi_limits *limits, uint32_t page_log2,
                         uint32_t after)
{
    expect_at(c, !inst->has_memory, limits->at); /* one memory at most */
    expect_at(c, page_log2 <= 16 && (limits->max == XIP_NO_MAX || limits->max >= limits->min), after);
    inst->memory_limits = limits->at;
    inst->has_memory = 1;
    inst->page_log2 = (uint8_t)page_log2;
    inst->memory_max_pages = limits->max;
}

/* IMPORT: grouped by kind; function types exist; table, memory and global descriptions are sane. */
static void parse_imports(xip_instance *inst, cursor *c, uint32_t count)
{
    uint32_t i, last = 0, n[4] = {0, 0, 0, 0};
    xipi_import e;
    for (i = 0; i < count && !c->bad; i++) {
        xipi_read_import(c, &e); /* an unknown kind stops it */
        expect_at(c, e.kind >= last, e.at + 1);
        if (e.kind > XIP_EXTERN_GLOBAL)
            break;
        last = e.kind;
        n[e.kind & 3u]++; /* kind <= 3 here */
        if (e.kind == XIP_EXTERN_FUNC) {
            expect_at(c, e.type < inst->type_count, e.at + 3);
        } else if (e.kind == XIP_EXTERN_TABLE) {
            expect_at(c, valid_elemtype(e.valtype) &&
                             (e.limits.max == XIP_NO_MAX || e.limits.max >= e.limits.min), e.limits.at + 8);
        } else if (e.kind == XIP_EXTERN_MEMORY) {
            check_memory(inst, c, &e.limits, e.page_log2, e.limits.at + 9);
            inst->memory_imported = 1;
        } else {
            expect_at(c, valid_valtype(e.valtype), e.at + 2);
            expect_at(c, e.mutable_ <= 1, e.at + 3);
        }
    }
    expect_at(c, n[XIP_EXTERN_TABLE] <= 256, c->pos);
    inst->import_total = (uint16_t)count;
    inst->import_count = (uint16_t)n[XIP_EXTERN_FUNC];
    inst->import_table_count = (uint16_t)n[XIP_EXTERN_TABLE];
    inst->import_global_count = (uint16_t)n[XIP_EXTERN_GLOBAL];
    inst->table_count = inst->import_table_count;
    inst->ram_table_count = inst->import_table_count;
    inst->global_count = inst->import_global_count;
}

/* FUNC: signatures match their type, frames and code offsets are sane. */
static void parse_funcs(xip_instance *inst, cursor *c, uint32_t count, uint32_t code_size)
{
    uint32_t i, prev = 0;
    xipi_func e;
    xipi_type t;
    for (i = 0; i < count && !c->bad; i++) {
        xipi_read_func(c, &e);
        if (c->bad)
            break;
        expect_at(c, e.type < inst->type_count, c->pos);
        if (c->bad)
            break;
        xipi_type_at(inst, e.type, &t);
        expect_at(c, t.nparams == e.nparams && t.nresults == e.nresults, c->pos);
        expect_at(c, e.nparams <= e.nlocals && e.nlocals <= e.frame, c->pos);
        expect_at(c, e.code < code_size && (i == 0 || e.code > prev), c->pos);
        prev = e.code;
    }
    expect_at(c, (uint32_t)inst->import_count + count < XIP_NULL_FUNC, c->pos);
    inst->func_count = (uint16_t)count;
}

/* TABLE: sane limits and flags; a flash table has min entries, each a function or null. */
static void parse_tables(xip_instance *inst, cursor *c, uint32_t count)
{
    uint32_t i, j, total = (uint32_t)inst->import_count + inst->func_count;
    xipi_table e;
    for (i = 0; i < count && !c->bad; i++) {
        xipi_read_table(c, &e); /* refuses an n the section cannot hold */
        expect_at(c, valid_elemtype(e.elemtype) && (e.limits.max == XIP_NO_MAX || e.limits.max >= e.limits.min) &&
                         e.flags <= XIP_TABLE_RAM, e.limits.at + 8);
        if (e.flags & XIP_TABLE_RAM) {
            inst->ram_table_count++;
            continue;
        }
        expect_at(c, e.n == e.limits.min, e.items);
        for (j = 0; j < e.n && !c->bad; j++) {
            uint32_t f = xipi_flash_entry(c->img, &e, j);
            expect_at(c, (f < total && e.elemtype == XIP_FUNCREF) || f == XIP_NULL_FUNC, e.items + 2 * j + 2);
        }
    }
    expect_at(c, inst->import_table_count + count <= 256, c->pos);
    inst->table_count = (uint16_t)(inst->import_table_count + count);
}

/* MEMORY: count 0 or 1 (at most one memory, imported or not). */
static void parse_memory(xip_instance *inst, cursor *c, uint32_t count)
{
    xipi_limits limits;
    uint32_t page_log2;
    expect_at(c, count <= 1, c->pos);
    if (count == 1 && !c->bad) {
        xipi_read_memory(c, &limits, &page_log2);
        if (!c->bad)
            check_memory(inst, c, &limits, page_log2, c->pos);
    }
}

/* Value classes of constant expressions: which values may stand where. */
enum { CL_BAD = 0, CL_32, CL_64, CL_FUNCREF, CL_EXTERNREF, CL_NULL };

/* The class of values of type t. */
static uint32_t class_of(uint32_t t)
{
    switch (t) {
    case XIP_I32: case XIP_F32: return CL_32;
    case XIP_I64: case XIP_F64: return CL_64;
    case XIP_FUNCREF: return CL_FUNCREF;
    case XIP_EXTERNREF: return CL_EXTERNREF;
    default: return CL_BAD;
    }
}

/*
 * Checks a cexpr at the cursor whose value must be of class want; it may
 * read globals [0, globals). Moves past its END.
 */
static void parse_cexpr(const xip_instance *inst, cursor *c, uint32_t want, uint32_t globals)
{
    uint8_t stack[XIP_CEXPR_MAX_DEPTH];
    uint32_t depth = 0, op, cl = CL_BAD;
    uint64_t v;
    xipi_global g;
    for (;;) {
        op = xipi_read_cexpr_op(c, &v); /* an unknown opcode stops it */
        if (c->bad || op == XIP_CEXPR_END)
            break;
        if (op >= XIP_CEXPR_ADD32 && op <= XIP_CEXPR_MUL64) {
            cl = op <= XIP_CEXPR_MUL32 ? CL_32 : CL_64;
            expect_at(c, depth >= 2 && stack[depth - 1] == cl && stack[depth - 2] == cl, c->pos);
            depth--;
            continue;
        }
        switch (op) {
        case XIP_CEXPR_I32: cl = CL_32; break;
        case XIP_CEXPR_I64: cl = CL_64; break;
        case XIP_CEXPR_REF_NULL: cl = CL_NULL; break;
        case XIP_CEXPR_REF_FUNC:
            expect_at(c, v < (uint32_t)inst->import_count + inst->func_count, c->pos);
            cl = CL_FUNCREF;
            break;
        default: /* XIP_CEXPR_GLOBAL */
            expect_at(c, v < globals, c->pos);
            if (!c->bad)
                xipi_global_at(inst, (uint32_t)v, &g);
            cl = c->bad ? CL_BAD : class_of(g.valtype);
            break;
        }
        expect_at(c, cl != CL_BAD && depth < XIP_CEXPR_MAX_DEPTH, c->pos);
        if (c->bad)
            return;
        stack[depth++] = (uint8_t)cl;
    }
    expect_at(c, depth == 1, c->pos);
    if (c->bad)
        return;
    cl = stack[0];
    expect_at(c, cl == want || (cl == CL_NULL && (want == CL_FUNCREF || want == CL_EXTERNREF)), c->pos);
}

/*
 * Checks the cexpr at image offset at (inside c's range, even after c went
 * bad: the earliest problem wins) with parse_cexpr; sets *next past it.
 * Returns 0 if it is bad.
 */
static int check_cexpr_at(const xip_instance *inst, cursor *c, uint32_t at, uint32_t want, uint32_t *next)
{
    cursor e = xipi_checked(c->img, at, c->end);
    parse_cexpr(inst, &e, want, inst->global_count);
    if (e.bad)
        xipi_fail(c, e.pos);
    *next = e.pos;
    return !e.bad;
}

/* GLOBAL: known value type, mutable 0/1, init reading imported or earlier globals. */
static void parse_globals(xip_instance *inst, cursor *c, uint32_t count)
{
    uint32_t i, at;
    xipi_global e;
    expect_at(c, (uint32_t)inst->import_global_count + count <= 0xffff, c->pos);
    for (i = 0; i < count && !c->bad; i++) {
        at = c->pos;
        xipi_read_global(c, &e);
        expect_at(c, valid_valtype(e.valtype), at + 1);
        expect_at(c, e.mutable_ <= 1, at + 2);
        check_cexpr_at(inst, c, e.init, class_of(e.valtype), &at);
        inst->global_count++; /* so far: xipi_global_at may look at the earlier ones */
    }
}

/* EXPORT: each index in range for its kind. */
static void parse_exports(xip_instance *inst, cursor *c, uint32_t count)
{
    uint32_t i, limit;
    xipi_export e;
    for (i = 0; i < count && !c->bad; i++) {
        xipi_read_export(c, &e);
        limit = 0;
        if (e.kind == XIP_EXTERN_FUNC)
            limit = (uint32_t)inst->import_count + inst->func_count;
        else if (e.kind == XIP_EXTERN_TABLE)
            limit = inst->table_count;
        else if (e.kind == XIP_EXTERN_MEMORY)
            limit = inst->has_memory;
        else if (e.kind == XIP_EXTERN_GLOBAL)
            limit = inst->global_count;
        expect_at(c, e.index < limit, e.at + 3);
    }
    inst->export_count = (uint16_t)count;
}

/* START: a function of type [] -> []. */
static void parse_start(xip_instance *inst, cursor *c)
{
    uint32_t f = xipi_read_start(c), np, nr;
    expect_at(c, f < (uint32_t)inst->import_count + inst->func_count, c->pos);
    if (c->bad)
        return;
    func_sig(inst, f, &np, &nr);
    expect_at(c, np == 0 && nr == 0, c->pos);
    inst->start_func = (uint16_t)f;
}

/* DATA: active or passive; an active one needs a memory and an i32 offset. */
static void parse_data(xip_instance *inst, cursor *c, uint32_t count)
{
    uint32_t i, next;
    xipi_segment e;
    for (i = 0; i < count && !c->bad; i++) {
        xipi_read_data(c, &e);
        expect_at(c, e.mode == XIP_SEGMENT_ACTIVE || e.mode == XIP_SEGMENT_PASSIVE, e.at + 1);
        inst->has_passive |= e.mode == XIP_SEGMENT_PASSIVE;
        if (e.mode == XIP_SEGMENT_ACTIVE) {
            expect_at(c, inst->has_memory, e.at + 1);
            check_cexpr_at(inst, c, e.offset, CL_32, &next);
        }
    }
    inst->data_count = (uint16_t)count;
}

/* ELEM: an active segment goes to a RAM table of its element type at an i32 offset; items typed. */
static void parse_elems(xip_instance *inst, cursor *c, uint32_t count)
{
    uint32_t i, k, at;
    xipi_segment e;
    xipi_table t;
    for (i = 0; i < count && !c->bad; i++) {
        xipi_read_elem(c, &e);
        expect_at(c, e.mode <= XIP_SEGMENT_DROPPED && valid_elemtype(e.elemtype), e.at + 2);
        inst->has_passive |= e.mode == XIP_SEGMENT_PASSIVE;
        if (e.mode == XIP_SEGMENT_ACTIVE) {
            expect_at(c, e.table < inst->table_count, e.at + 3);
            if (e.table >= inst->table_count)
                break;
            xipi_table_at(inst, e.table, &t);
            expect_at(c, (t.flags & XIP_TABLE_RAM) && t.elemtype == e.elemtype, e.at + 3);
            if (!check_cexpr_at(inst, c, e.offset, CL_32, &at))
                break;
        }
        for (k = 0, at = e.items; k < e.count && check_cexpr_at(inst, c, at, class_of(e.elemtype), &at); k++)
            ;
    }
    inst->elem_count = (uint16_t)count;
}

/* The bytecode checks of one instruction at code[pc] in a function; returns 0 if bad. */
typedef struct fn_ctx {
    uint32_t start, end;    /* the function's code, CODE-relative */
    uint32_t frame;         /* frame_size */
    uint32_t nresults;
    uint8_t *bitmap;        /* instruction starts, bit (pc - start) */
    const uint8_t *mutable_globals; /* bit g: global g is mutable */
} fn_ctx;

/* Size of the instruction at pc (0 if it does not fit in the function). */
static uint32_t insn_size(const uint8_t *code, uint32_t pc, uint32_t end)
{
    uint32_t shape = op_shape(code[pc]), size = shape_size[shape];
    if (end - pc < size)
        return 0;
    if (shape == XIP_SHAPE_BRTABLE) {
        uint32_t extra = 2u * (xip_read_u16(code + pc + 2) + 1u);
        if (end - pc - size < extra)
            return 0;
        size += extra;
    }
    return size;
}

/*
 * Operand facts from the ROLES and FLAGS columns of opcodes.def. Each is one
 * test per row: the rows without the fact fold to 0, so what is compiled is a
 * comparison for each row that has it.
 */

/* True if REG operand k of op is a frame base or a RET range (checked against the callee or
   the results, not as a register). */
static int is_base_operand(uint32_t op, uint32_t k)
{
    return 0
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) \
    || (op == XIP_OP_##name && ((XIP_ROLE_FIELDS(roles, XIP_ROLE_B) | XIP_ROLE_FIELDS(roles, XIP_ROLE_N)) >> k & 1))
#include "opcodes.def"
#undef OP
        ;
}

/* True for the opcodes that need a memory (XIP_F_MEM). */
static int uses_memory(uint32_t op)
{
    return 0
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) \
    || (op == XIP_OP_##name && ((flags) & XIP_F_MEM))
#include "opcodes.def"
#undef OP
        ;
}

/* True if TABLE operand k of op is a table the instruction writes (which must be a RAM table). */
static int writes_table(uint32_t op, uint32_t k)
{
    return 0
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) \
    || (op == XIP_OP_##name && (XIP_ROLE_FIELDS(roles, XIP_ROLE_TW) >> k & 1))
#include "opcodes.def"
#undef OP
        ;
}

/* True if table t (< table_count) is a RAM table. */
static int is_ram_table(const xip_instance *inst, uint32_t t)
{
    xipi_table e;
    xipi_table_at(inst, t, &e);
    return (e.flags & XIP_TABLE_RAM) != 0;
}

/* The number of segments a SEGMENT operand of op may name: DATA or ELEM. */
static uint32_t segment_count(const xip_instance *inst, uint32_t op)
{
    return op == XIP_OP_MEMORY_INIT || op == XIP_OP_DATA_DROP ? inst->data_count : inst->elem_count;
}

/* Checks the operands of the instruction at code[pc] (fits, opcode valid). */
static int check_operands(const xip_instance *inst, const fn_ctx *fn, const uint8_t *code,
                          uint32_t pc)
{
    uint32_t op = code[pc], shape = op_shape(op), off = 1, k;
    const uint8_t *p = code + pc;
    for (k = 0; k < 4; k++) {
        uint32_t field = shape_fields[shape][k], v = 0;
        switch (field) {
        case XIP_FIELD_REG:
            if (!is_base_operand(op, k) && p[off] >= fn->frame)
                return 0;
            break;
        case XIP_FIELD_TABLE:
            if (p[off] >= inst->table_count)
                return 0;
            if (writes_table(op, k) && !is_ram_table(inst, p[off]))
                return 0; /* a flash table is never written */
            break;
        case XIP_FIELD_SEGMENT:
            if (xip_read_u16(p + off) >= segment_count(inst, op))
                return 0;
            break;
        case XIP_FIELD_REG3:
            if (p[off] + 2u >= fn->frame)
                return 0;
            break;
        case XIP_FIELD_FUNC:
            if (xip_read_u16(p + off) >= (uint32_t)inst->import_count + inst->func_count)
                return 0;
            break;
        case XIP_FIELD_TYPE:
            if (xip_read_u16(p + off) >= inst->type_count)
                return 0;
            break;
        case XIP_FIELD_GLOBAL:
            v = xip_read_u16(p + off);
            if (v >= inst->global_count)
                return 0;
            if (op == XIP_OP_GLOBAL_SET && !((fn->mutable_globals[v >> 3] >> (v & 7)) & 1))
                return 0;
            break;
        case XIP_FIELD_FAR:
            if (xip_read_u16(p + off) >= fn->frame)
                return 0;
            break;
        default:
            break;
        }
        off += xip_field_size((enum xip_field)field);
    }
    if (uses_memory(op) && !inst->has_memory)
        return 0;
    if (op == XIP_OP_RET)
        return p[2] == fn->nresults && (uint32_t)p[1] + p[2] <= fn->frame;
    if (op == XIP_OP_CALL || op == XIP_OP_CALL_INDIRECT || op == XIP_OP_CALL_WIDE ||
        op == XIP_OP_CALL_INDIRECT_WIDE) {
        uint32_t np, nr, base;
        if (op == XIP_OP_CALL || op == XIP_OP_CALL_WIDE) {
            func_sig(inst, xip_read_u16(p + 1), &np, &nr);
            base = op == XIP_OP_CALL ? p[3] : xip_read_u16(p + 3);
        } else {
            xipi_type t;
            xipi_type_at(inst, xip_read_u16(p + 1), &t);
            np = t.nparams;
            nr = t.nresults;
            base = op == XIP_OP_CALL_INDIRECT ? p[5] : xip_read_u16(p + 5);
        }
        return base + (np > nr ? np : nr) <= fn->frame;
    }
    return 1;
}

/* True if code offset pc + delta is an instruction start of the function. */
static int good_target(const fn_ctx *fn, uint32_t pc, int32_t delta)
{
    int64_t t = (int64_t)pc + delta - fn->start;
    if (t < 0 || t >= (int64_t)(fn->end - fn->start))
        return 0;
    return (fn->bitmap[(uint32_t)t >> 3] >> ((uint32_t)t & 7)) & 1;
}

/* Checks the branch targets of the instruction at code[pc]. */
static int check_targets(const fn_ctx *fn, const uint8_t *code, uint32_t pc)
{
    uint32_t shape = op_shape(code[pc]), off = 1, k, i;
    for (k = 0; k < 4; k++) {
        uint32_t field = shape_fields[shape][k];
        if (field == XIP_FIELD_TARGET && !good_target(fn, pc, xip_read_i16(code + pc + off)))
            return 0;
        if (field == XIP_FIELD_TARGETS) {
            uint32_t n = xip_read_u16(code + pc + off);
            for (i = 0; i <= n; i++)
                if (!good_target(fn, pc, xip_read_i16(code + pc + off + 2 + 2 * i)))
                    return 0;
        }
        off += xip_field_size((enum xip_field)field);
    }
    return 1;
}

/*
 * Verifies the bytecode of defined function i; on failure sets *bad_at
 * (CODE-relative). mutable_globals has a bit per global.
 */
static xip_status verify_function(const xip_instance *inst, uint32_t i, const uint8_t *mutable_globals,
                                  uint8_t *scratch, uint32_t scratch_bytes, uint32_t *bad_at)
{
    xipi_func e;
    const uint8_t *code = inst->image + inst->code;
    fn_ctx fn;
    uint32_t pc, size = 0, cls = 0;
    xipi_func_at(inst, i, &e, &fn.end);
    fn.start = e.code;
    fn.frame = e.frame;
    fn.nresults = e.nresults;
    fn.bitmap = scratch;
    fn.mutable_globals = mutable_globals;
    *bad_at = fn.start;
    if ((fn.end - fn.start + 7) / 8 > scratch_bytes)
        return XIP_ERR_BUFFER_TOO_SMALL;
    memset(scratch, 0, (fn.end - fn.start + 7) / 8);
    for (pc = fn.start; pc < fn.end; pc += size) {
        uint32_t op = code[pc];
        *bad_at = pc;
        if (op >= XIP_OP_COUNT)
            return XIP_ERR_BAD_CODE;
        cls = op_class(op);
        if (cls >= XIP_VC_NO_FLOAT)
            return cls == XIP_VC_NO_FLOAT ? XIP_ERR_FLOAT_UNSUPPORTED : XIP_ERR_EXT_UNSUPPORTED;
        size = insn_size(code, pc, fn.end);
        if (size == 0 || !check_operands(inst, &fn, code, pc))
            return XIP_ERR_BAD_CODE;
        scratch[(pc - fn.start) >> 3] |= (uint8_t)(1u << ((pc - fn.start) & 7));
    }
    if (!(cls & XIP_VC_NOFALL))
        return XIP_ERR_BAD_CODE;
    for (pc = fn.start; pc < fn.end; pc += insn_size(code, pc, fn.end)) {
        *bad_at = pc;
        if ((op_class(code[pc]) & XIP_VC_BRANCH) && !check_targets(&fn, code, pc))
            return XIP_ERR_BAD_CODE;
    }
    return XIP_OK;
}

/* Checks the section body of id (if present) and that it is consumed exactly. */
static xip_status parse_section(xip_instance *inst, const xipi_image *img, uint32_t id)
{
    cursor c = xipi_section_cursor(img, id);
    uint32_t count;
    if (img->offset[id] == 0)
        return XIP_OK;
    count = xipi_read_count(&c, id);
    switch (id) {
    case XIP_SECTION_TYPE: inst->types = img->offset[id]; parse_types(inst, &c, count); break;
    case XIP_SECTION_IMPORT: inst->imports = img->offset[id]; parse_imports(inst, &c, count); break;
    case XIP_SECTION_FUNC: inst->funcs = img->offset[id]; parse_funcs(inst, &c, count, inst->code_size); break;
    case XIP_SECTION_TABLE: inst->tables = img->offset[id]; parse_tables(inst, &c, count); break;
    case XIP_SECTION_MEMORY: inst->memory_section = img->offset[id]; parse_memory(inst, &c, count); break;
    case XIP_SECTION_GLOBAL: inst->globals_section = img->offset[id]; parse_globals(inst, &c, count); break;
    case XIP_SECTION_EXPORT: inst->exports = img->offset[id]; parse_exports(inst, &c, count); break;
    case XIP_SECTION_START: parse_start(inst, &c); break;
    case XIP_SECTION_DATA: inst->data = img->offset[id]; parse_data(inst, &c, count); break;
    case XIP_SECTION_ELEM: inst->elems = img->offset[id]; parse_elems(inst, &c, count); break;
    case XIP_SECTION_STACK: xipi_parse_stack(inst, &c); break;
    default: c.pos = c.end; break; /* CODE: checked function by function */
    }
    expect_at(&c, c.pos == c.end, c.pos);
    inst->error_offset = c.pos;
    return c.bad ? XIP_ERR_MALFORMED : XIP_OK;
}

/* Sets bit g of bits[] for each mutable global g (one pass over IMPORT and GLOBAL). */
static void mark_mutable_globals(const xip_instance *inst, uint8_t *bits)
{
    uint32_t g = 0, i;
    xipi_cursor c;
    xipi_import imp;
    xipi_global e;
    memset(bits, 0, (inst->global_count + 7u) / 8u);
    if (inst->import_global_count) {
        c = xipi_begin(inst, inst->imports);
        for (i = 0; i < inst->import_total; i++) {
            xipi_read_import(&c, &imp);
            if (imp.kind != XIP_EXTERN_GLOBAL)
                continue;
            if (imp.mutable_)
                bits[g >> 3] |= (uint8_t)(1u << (g & 7));
            g++;
        }
    }
    if (g == inst->global_count)
        return;
    c = xipi_begin(inst, inst->globals_section);
    for (; g < inst->global_count; g++) {
        xipi_read_global(&c, &e);
        if (e.mutable_)
            bits[g >> 3] |= (uint8_t)(1u << (g & 7));
    }
}

xip_status xipi_verify_sections(xip_instance *inst, const uint8_t *image, uint32_t size)
{
    xipi_image img;
    uint32_t id;
    xip_status st;
    inst->image = image;
    inst->error_offset = 0;
    inst->start_func = XIP_NULL_FUNC;
    st = xipi_check_header(&img, image, size, &inst->error_offset);
    if (st != XIP_OK)
        return st;
    if ((img.flags & XIP_IMAGE_FLOAT) && !XIP_FLOAT_OK)
        return XIP_ERR_FLOAT_UNSUPPORTED;
    inst->image_size = img.size;
    st = xipi_find_sections(&img, &inst->error_offset);
    if (st != XIP_OK)
        return st;
    inst->code = img.offset[XIP_SECTION_CODE];
    inst->code_size = img.length[XIP_SECTION_CODE];
    for (id = 1; id <= XIP_SECTION_LAST; id++) {
        st = parse_section(inst, &img, id);
        if (st != XIP_OK)
            return st;
    }
    /* RAM tables (imported ones included) and passive segments need the extensions */
    if (!XIP_EXT_OK && (inst->ram_table_count || inst->has_passive)) {
        inst->error_offset = inst->ram_table_count ? inst->tables : inst->data ? inst->data : inst->elems;
        return XIP_ERR_EXT_UNSUPPORTED;
    }
    return XIP_OK;
}

xip_status xipi_verify_code(xip_instance *inst, uint8_t *scratch, uint32_t scratch_bytes)
{
    uint32_t i, gbytes;
    xip_status st;
    gbytes = (inst->global_count + 7u) / 8u;
    if (inst->func_count && gbytes > scratch_bytes)
        return XIP_ERR_BUFFER_TOO_SMALL;
    if (inst->func_count)
        mark_mutable_globals(inst, scratch);
    for (i = 0; i < inst->func_count; i++) {
        uint32_t bad_at;
        st = verify_function(inst, i, scratch, scratch + gbytes, scratch_bytes - gbytes, &bad_at);
        if (st != XIP_OK) {
            inst->error_offset = inst->code + bad_at;
            return st;
        }
    }
    return XIP_OK;
}
