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

/* A bounded reader over image[pos..end); the first overrun sets bad and stops it. */
typedef struct cursor {
    const uint8_t *img;
    uint32_t pos;
    uint32_t end;
    int bad;
} cursor;

/* True if n more bytes are there; otherwise marks the cursor bad. */
static int has(cursor *c, uint32_t n)
{
    if (c->bad || c->end - c->pos < n) {
        c->bad = 1;
        return 0;
    }
    return 1;
}

/* Reads a u8 (0 once bad). */
static uint32_t get8(cursor *c)
{
    return has(c, 1) ? c->img[c->pos++] : 0;
}

/* Reads a u16 (0 once bad). */
static uint32_t get16(cursor *c)
{
    uint32_t v;
    if (!has(c, 2))
        return 0;
    v = xip_read_u16(c->img + c->pos);
    c->pos += 2;
    return v;
}

/* Reads a u32 (0 once bad). */
static uint32_t get32(cursor *c)
{
    uint32_t v;
    if (!has(c, 4))
        return 0;
    v = xip_read_u32(c->img + c->pos);
    c->pos += 4;
    return v;
}

/* Skips n bytes (the cursor turns bad if they are not there). */
static void skip(cursor *c, uint32_t n)
{
    if (has(c, n))
        c->pos += n;
}

/* Skips a name (u16 length + bytes). */
static void skip_name(cursor *c)
{
    skip(c, get16(c));
}

/* True for the value type codes an image may use. */
static int valid_valtype(uint32_t t)
{
    return t == XIP_I32 || t == XIP_I64 || t == XIP_F32 || t == XIP_F64 || t == XIP_FUNCREF ||
           t == XIP_EXTERNREF;
}

/* Marks the cursor bad unless cond holds. */
static void expect(cursor *c, int cond)
{
    if (!cond)
        c->bad = 1;
}

/* Parameter and result counts of function f (imports first; f is in range). */
static void func_sig(const xip_instance *inst, uint32_t f, uint32_t *np, uint32_t *nr)
{
    uint32_t t;
    if (f >= inst->import_count) {
        const uint8_t *e = xip_func_entry(inst, f - inst->import_count);
        *np = e[XIP_FUNC_NPARAMS];
        *nr = e[XIP_FUNC_NRESULTS];
        return;
    }
    t = xip_type_offset(inst, xip_func_type_index(inst, f));
    *np = inst->image[t];
    *nr = inst->image[t + 1];
}

/* TYPE: count x { nparams, nresults, valtypes }. */
static void parse_types(xip_instance *inst, cursor *c)
{
    uint32_t count = get16(c), i, j, n;
    for (i = 0; i < count && !c->bad; i++) {
        n = get8(c);
        n += get8(c);
        for (j = 0; j < n && !c->bad; j++)
            expect(c, valid_valtype(get8(c)));
    }
    inst->type_count = (uint16_t)count;
}

/* Memory limits { min, max, page_log2 }: sane, the initial size fits 32 bits. */
static void parse_memory_limits(xip_instance *inst, cursor *c)
{
    uint32_t min, max, log2;
    expect(c, !inst->has_memory); /* one memory at most */
    inst->memory_limits = c->pos;
    min = get32(c);
    max = get32(c);
    log2 = get8(c);
    expect(c, log2 <= 16);
    expect(c, max == XIP_NO_MAX || max >= min);
    inst->has_memory = 1;
    inst->page_log2 = (uint8_t)log2;
    inst->memory_max_pages = max;
}

/* Table limits { elemtype, min, max }. */
static void parse_table_limits(cursor *c)
{
    uint32_t elem = get8(c), min = get32(c), max = get32(c);
    expect(c, elem == XIP_FUNCREF || elem == XIP_EXTERNREF);
    expect(c, max == XIP_NO_MAX || max >= min);
}

/* IMPORT: count x { kind, kind-specific part, module name, field name }, grouped by kind. */
static void parse_imports(xip_instance *inst, cursor *c)
{
    uint32_t count = get16(c), i, kind, last = 0, n[4] = {0, 0, 0, 0};
    for (i = 0; i < count && !c->bad; i++) {
        kind = get8(c);
        expect(c, kind >= last && kind <= XIP_EXTERN_GLOBAL);
        if (c->bad)
            break;
        last = kind;
        n[kind & 3u]++; /* kind <= 3 here */
        if (kind == XIP_EXTERN_FUNC) {
            expect(c, get16(c) < inst->type_count);
        } else if (kind == XIP_EXTERN_TABLE) {
            parse_table_limits(c);
        } else if (kind == XIP_EXTERN_MEMORY) {
            parse_memory_limits(inst, c);
            inst->memory_imported = 1;
        } else {
            expect(c, valid_valtype(get8(c)));
            expect(c, get8(c) <= 1);
        }
        skip_name(c);
        skip_name(c);
    }
    expect(c, n[XIP_EXTERN_TABLE] <= 256);
    inst->import_total = (uint16_t)count;
    inst->import_count = (uint16_t)n[XIP_EXTERN_FUNC];
    inst->import_table_count = (uint16_t)n[XIP_EXTERN_TABLE];
    inst->import_global_count = (uint16_t)n[XIP_EXTERN_GLOBAL];
    inst->table_count = inst->import_table_count;
    inst->ram_table_count = inst->import_table_count;
    inst->global_count = inst->import_global_count;
}

/* FUNC: fixed entries; signatures match their type, frames and code offsets are sane. */
static void parse_funcs(xip_instance *inst, cursor *c, uint32_t code_size)
{
    uint32_t count = get16(c), i, prev = 0;
    for (i = 0; i < count && !c->bad; i++) {
        uint32_t type = get16(c), np = get8(c), nr = get8(c);
        uint32_t nlocals = get16(c), frame = get16(c), code = get32(c), t;
        if (c->bad)
            break;
        expect(c, type < inst->type_count);
        if (c->bad)
            break;
        t = xip_type_offset(inst, type);
        expect(c, inst->image[t] == np && inst->image[t + 1] == nr);
        expect(c, np <= nlocals && nlocals <= frame);
        expect(c, code < code_size && (i == 0 || code > prev));
        prev = code;
    }
    expect(c, (uint32_t)inst->import_count + count < XIP_NULL_FUNC);
    inst->func_count = (uint16_t)count;
}

/* TABLE: count x { elemtype, flags, min, max, [n = min, func[n]] }; entries are functions or null. */
static void parse_tables(xip_instance *inst, cursor *c)
{
    uint32_t count = get16(c), i, j, total = (uint32_t)inst->import_count + inst->func_count;
    for (i = 0; i < count && !c->bad; i++) {
        uint32_t elem = get8(c), flags = get8(c), min = get32(c), max = get32(c), n;
        expect(c, elem == XIP_FUNCREF || elem == XIP_EXTERNREF);
        expect(c, max == XIP_NO_MAX || max >= min);
        expect(c, flags <= XIP_TABLE_RAM);
        if (flags & XIP_TABLE_RAM) {
            inst->ram_table_count++;
            continue;
        }
        n = get32(c);
        expect(c, n == min && n <= (c->end - c->pos) / 2);
        for (j = 0; j < n && !c->bad; j++) {
            uint32_t f = get16(c);
            expect(c, (f < total && elem == XIP_FUNCREF) || f == XIP_NULL_FUNC);
        }
    }
    expect(c, inst->import_table_count + count <= 256);
    inst->table_count = (uint16_t)(inst->import_table_count + count);
}

/* MEMORY: count 0 or 1 (0 with an imported memory); { min, max, page_log2 }. */
static void parse_memory(xip_instance *inst, cursor *c)
{
    uint32_t count = get8(c);
    expect(c, count <= 1);
    if (count == 1 && !c->bad)
        parse_memory_limits(inst, c);
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
    uint32_t depth = 0, op, cl = CL_BAD, v;
    for (;;) {
        op = get8(c);
        if (c->bad || op == XIP_CEXPR_END)
            break;
        if (op >= XIP_CEXPR_ADD32 && op <= XIP_CEXPR_MUL64) {
            cl = op <= XIP_CEXPR_MUL32 ? CL_32 : CL_64;
            expect(c, depth >= 2 && stack[depth - 1] == cl && stack[depth - 2] == cl);
            depth--;
            continue;
        }
        switch (op) {
        case XIP_CEXPR_I32: skip(c, 4); cl = CL_32; break;
        case XIP_CEXPR_I64: skip(c, 8); cl = CL_64; break;
        case XIP_CEXPR_REF_NULL: cl = CL_NULL; break;
        case XIP_CEXPR_REF_FUNC:
            expect(c, get16(c) < (uint32_t)inst->import_count + inst->func_count);
            cl = CL_FUNCREF;
            break;
        case XIP_CEXPR_GLOBAL:
            v = get16(c);
            expect(c, v < globals);
            cl = c->bad ? CL_BAD : class_of(inst->image[xip_global_offset(inst, v)]);
            break;
        default: cl = CL_BAD; break;
        }
        expect(c, cl != CL_BAD && depth < XIP_CEXPR_MAX_DEPTH);
        if (c->bad)
            return;
        stack[depth++] = (uint8_t)cl;
    }
    expect(c, depth == 1);
    if (c->bad)
        return;
    cl = stack[0];
    expect(c, cl == want || (cl == CL_NULL && (want == CL_FUNCREF || want == CL_EXTERNREF)));
}

/* GLOBAL: count x { valtype, mutable 0/1, cexpr init reading imported or earlier globals }. */
static void parse_globals(xip_instance *inst, cursor *c)
{
    uint32_t count = get16(c), i, t;
    expect(c, (uint32_t)inst->import_global_count + count <= 0xffff);
    for (i = 0; i < count && !c->bad; i++) {
        t = get8(c);
        expect(c, valid_valtype(t));
        expect(c, get8(c) <= 1);
        parse_cexpr(inst, c, class_of(t), inst->global_count);
        inst->global_count++; /* so far: xip_global_offset may look at the earlier ones */
    }
}

/* EXPORT: count x { kind, index in range for the kind, name }. */
static void parse_exports(xip_instance *inst, cursor *c)
{
    uint32_t count = get16(c), i;
    for (i = 0; i < count && !c->bad; i++) {
        uint32_t kind = get8(c), index = get16(c), limit = 0;
        if (kind == XIP_EXTERN_FUNC)
            limit = (uint32_t)inst->import_count + inst->func_count;
        else if (kind == XIP_EXTERN_TABLE)
            limit = inst->table_count;
        else if (kind == XIP_EXTERN_MEMORY)
            limit = inst->has_memory;
        else if (kind == XIP_EXTERN_GLOBAL)
            limit = inst->global_count;
        expect(c, index < limit);
        skip_name(c);
    }
    inst->export_count = (uint16_t)count;
}

/* START: a function of type [] -> []. */
static void parse_start(xip_instance *inst, cursor *c)
{
    uint32_t f = get16(c), np, nr;
    expect(c, f < (uint32_t)inst->import_count + inst->func_count);
    if (c->bad)
        return;
    func_sig(inst, f, &np, &nr);
    expect(c, np == 0 && nr == 0);
    inst->start_func = (uint16_t)f;
}

/* DATA: count x { mode, [cexpr offset if active], length, bytes }; active ones need a memory. */
static void parse_data(xip_instance *inst, cursor *c)
{
    uint32_t count = get16(c), i, mode;
    for (i = 0; i < count && !c->bad; i++) {
        mode = get8(c);
        expect(c, mode == XIP_SEGMENT_ACTIVE || mode == XIP_SEGMENT_PASSIVE);
        inst->has_passive |= mode == XIP_SEGMENT_PASSIVE;
        if (mode == XIP_SEGMENT_ACTIVE) {
            expect(c, inst->has_memory);
            parse_cexpr(inst, c, CL_32, inst->global_count);
        }
        skip(c, get32(c));
    }
    inst->data_count = (uint16_t)count;
}

/* ELEM: count x { mode, elemtype, [table, cexpr offset if active], n, cexpr item[n] }. */
static void parse_elems(xip_instance *inst, cursor *c)
{
    uint32_t count = get16(c), i, k, n, mode, elem, t, telem, min, max;
    for (i = 0; i < count && !c->bad; i++) {
        mode = get8(c);
        elem = get8(c);
        expect(c, mode <= XIP_SEGMENT_DROPPED && (elem == XIP_FUNCREF || elem == XIP_EXTERNREF));
        inst->has_passive |= mode == XIP_SEGMENT_PASSIVE;
        if (mode == XIP_SEGMENT_ACTIVE) {
            t = get8(c);
            expect(c, t < inst->table_count);
            if (c->bad)
                break;
            expect(c, xip_table_info(inst, t, &telem, &min, &max) == 0); /* a RAM table */
            expect(c, telem == elem);
            parse_cexpr(inst, c, CL_32, inst->global_count);
        }
        n = get32(c);
        for (k = 0; k < n && !c->bad; k++)
            parse_cexpr(inst, c, class_of(elem), inst->global_count);
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
    uint32_t elem, min, max;
    return xip_table_info(inst, t, &elem, &min, &max) == 0;
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
            uint32_t t = xip_type_offset(inst, xip_read_u16(p + 1));
            np = inst->image[t];
            nr = inst->image[t + 1];
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
    const uint8_t *e = xip_func_entry(inst, i);
    const uint8_t *code = inst->image + inst->code;
    fn_ctx fn;
    uint32_t pc, size = 0, cls = 0;
    fn.start = xip_read_u32(e + XIP_FUNC_CODE);
    fn.end = i + 1 < inst->func_count ? xip_read_u32(e + XIP_FUNC_ENTRY_SIZE + XIP_FUNC_CODE)
                                       : inst->code_size;
    fn.frame = xip_read_u16(e + XIP_FUNC_FRAME);
    fn.nresults = e[XIP_FUNC_NRESULTS];
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

/* Checks the fixed header; sets *declared to the image size it declares. */
static xip_status check_header(xip_instance *inst, const uint8_t *image, uint32_t size,
                               uint32_t *declared)
{
    uint32_t n = size < XIP_MAGIC_SIZE ? size : XIP_MAGIC_SIZE;
    if (memcmp(image, xip_magic(), n) != 0)
        return XIP_ERR_MAGIC;
    if (size < XIP_HEADER_SIZE)
        return XIP_ERR_TRUNCATED;
    inst->error_offset = 8;
    if (image[8] != XIP_FORMAT_VERSION)
        return XIP_ERR_VERSION;
    inst->error_offset = 12;
    *declared = xip_read_u32(image + 12);
    if (*declared > size)
        return XIP_ERR_TRUNCATED;
    if (*declared < XIP_HEADER_SIZE)
        return XIP_ERR_MALFORMED;
    inst->error_offset = 16;
    if (xip_crc32(0, image + 20, *declared - 20) != xip_read_u32(image + 16))
        return XIP_ERR_CHECKSUM;
    inst->error_offset = 9;
    if ((image[9] & ~XIP_IMAGE_FLOAT) != 0 || image[10] != 0 || image[11] != 0)
        return XIP_ERR_MALFORMED;
    if ((image[9] & XIP_IMAGE_FLOAT) && !XIP_FLOAT_OK)
        return XIP_ERR_FLOAT_UNSUPPORTED;
    return XIP_OK;
}

/* Finds the sections: ids increasing, bodies inside the image. */
static xip_status find_sections(xip_instance *inst, uint32_t size, uint32_t *off, uint32_t *len)
{
    uint32_t pos = XIP_HEADER_SIZE, last = 0;
    while (pos < size) {
        uint32_t id, n;
        inst->error_offset = pos;
        if (size - pos < XIP_SECTION_HEADER_SIZE)
            return XIP_ERR_MALFORMED;
        id = inst->image[pos];
        n = xip_read_u32(inst->image + pos + 1);
        if (id <= last || id > XIP_SECTION_LAST || n > size - pos - XIP_SECTION_HEADER_SIZE)
            return XIP_ERR_MALFORMED;
        off[id] = pos + XIP_SECTION_HEADER_SIZE;
        len[id] = n;
        last = id;
        pos += XIP_SECTION_HEADER_SIZE + n;
    }
    return XIP_OK;
}

/* Parses section id (if present) with parse and checks it is consumed exactly. */
static xip_status parse_section(xip_instance *inst, uint32_t id, const uint32_t *off,
                                const uint32_t *len, uint32_t code_size)
{
    cursor c;
    if (off[id] == 0)
        return XIP_OK;
    c.img = inst->image;
    c.pos = off[id];
    c.end = off[id] + len[id];
    c.bad = 0;
    switch (id) {
    case XIP_SECTION_TYPE: inst->types = c.pos; parse_types(inst, &c); break;
    case XIP_SECTION_IMPORT: inst->imports = c.pos; parse_imports(inst, &c); break;
    case XIP_SECTION_FUNC: inst->funcs = c.pos; parse_funcs(inst, &c, code_size); break;
    case XIP_SECTION_TABLE: inst->tables = c.pos; parse_tables(inst, &c); break;
    case XIP_SECTION_MEMORY: inst->memory_section = c.pos; parse_memory(inst, &c); break;
    case XIP_SECTION_GLOBAL: inst->globals_section = c.pos; parse_globals(inst, &c); break;
    case XIP_SECTION_EXPORT: inst->exports = c.pos; parse_exports(inst, &c); break;
    case XIP_SECTION_START: parse_start(inst, &c); break;
    case XIP_SECTION_DATA: inst->data = c.pos; parse_data(inst, &c); break;
    case XIP_SECTION_ELEM: inst->elems = c.pos; parse_elems(inst, &c); break;
    default: c.pos = c.end; break; /* CODE: checked function by function */
    }
    expect(&c, c.pos == c.end);
    inst->error_offset = c.pos;
    return c.bad ? XIP_ERR_MALFORMED : XIP_OK;
}

/* Sets bit g of bits[] for each mutable global g (one pass over IMPORT and GLOBAL). */
static void mark_mutable_globals(const xip_instance *inst, uint8_t *bits)
{
    const uint8_t *img = inst->image;
    uint32_t g = 0, pos = 0, n;
    memset(bits, 0, (inst->global_count + 7u) / 8u);
    if (inst->import_global_count)
        pos = xip_import_offset(inst, (uint32_t)inst->import_total - inst->import_global_count);
    for (; g < inst->import_global_count; g++) {
        if (img[pos + 2])
            bits[g >> 3] |= (uint8_t)(1u << (g & 7));
        pos += 3;
        pos += 2u + xip_read_u16(img + pos); /* module */
        pos += 2u + xip_read_u16(img + pos); /* field */
    }
    pos = inst->globals_section + 2;
    for (n = 0; g < inst->global_count; g++, n++) {
        if (img[pos + 1])
            bits[g >> 3] |= (uint8_t)(1u << (g & 7));
        pos = xip_skip_cexpr(inst, pos + 2);
    }
}

xip_status xip_verify_sections(xip_instance *inst, const uint8_t *image, uint32_t size)
{
    uint32_t off[XIP_SECTION_LAST + 1], len[XIP_SECTION_LAST + 1], declared = 0, id;
    xip_status st;
    memset(off, 0, sizeof off);
    memset(len, 0, sizeof len);
    inst->image = image;
    inst->error_offset = 0;
    inst->start_func = XIP_NULL_FUNC;
    st = check_header(inst, image, size, &declared);
    if (st != XIP_OK)
        return st;
    inst->image_size = declared;
    st = find_sections(inst, declared, off, len);
    if (st != XIP_OK)
        return st;
    inst->code = off[XIP_SECTION_CODE];
    inst->code_size = len[XIP_SECTION_CODE];
    for (id = 1; id <= XIP_SECTION_LAST; id++) {
        st = parse_section(inst, id, off, len, inst->code_size);
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

xip_status xip_verify_image(xip_instance *inst, const uint8_t *image, uint32_t size,
                            uint8_t *scratch, uint32_t scratch_bytes)
{
    uint32_t i, gbytes;
    xip_status st = xip_verify_sections(inst, image, size);
    if (st != XIP_OK)
        return st;
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
