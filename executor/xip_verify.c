/*
 * xip_verify.c: the image and bytecode verifier. It checks everything the
 * run loop relies on (offsets, counts, indices, operands, branch targets) so
 * the interpreter only checks memory bounds, stack depth and call_indirect.
 * No byte string may make it read outside image[0..size).
 */
#include "xip_internal.h"
#include "xip_refs.h"

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
 * The bytecode verifier's view of an opcode: one descriptor byte per opcode
 * byte value, expanded from opcodes.def. The low 5 bits are the operand shape
 * (it fixes the length and which operand checks apply, see check_insn); the
 * high 3 bits a class, ordered so that one comparison refuses what cannot
 * run: a byte that is no opcode (the table's unused tail is 0), an opcode of
 * a feature this build lacks, a memory instruction in a module without one.
 * The other classes carry the one per-opcode fact the shape does not
 * (enum xip_vclass, in xip_internal.h beside the table's declaration).
 */
#define XIP_VCLASS(flags, roles)                                    \
    (((flags) & XIP_F_FLOAT) && !XIP_FLOAT_OK ? XIP_VC_NO_FLOAT     \
     : ((flags) & XIP_F_EXT) && !XIP_EXT_OK ? XIP_VC_NO_EXT         \
     : (flags) & XIP_F_MEM ? XIP_VC_MEM                             \
     : (flags) & XIP_F_NOFALL ? XIP_VC_NOFALL                       \
     : (flags) & XIP_F_CALL ? XIP_VC_CALL                           \
     : XIP_ROLE_FIELDS(roles, XIP_ROLE_TW) ? XIP_VC_TW : XIP_VC_PLAIN)
#define XIP_VDESC(shape, class) ((shape) | (class) << 5)

typedef char xip_shape_fits_5_bits[XIP_SHAPE_COUNT <= 32 ? 1 : -1];

const uint8_t xipi_op_desc[256] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) \
    (uint8_t)XIP_VDESC(XIP_SHAPE_##shape, XIP_VCLASS(XIP_OP_FLAGS(feature, flags), roles)),
#include "opcodes.def"
#undef OP
};

#ifndef XIP_NO_TABLE_CHECKS /* cppcheck skips these, as xip_format.h's */
/*
 * What check_insn assumes of the rows, checked per row at compile time:
 * - a row has at most one of MEM, NOFALL, CALL and a TW operand (one class each);
 * - a row is a CALL exactly when its shape is one of the four call shapes;
 * - a TW operand is the shape's first TABLE field;
 * - the REG fields with role B or N (not checked as registers) are exactly
 *   those of XIP_VERIFY_BASES: RET's result range, the calls' frame bases;
 * - shape RN is RET's alone (its case checks the function's results);
 * - a row has branch targets (a TARGET or TARGETS field) exactly when it is
 *   a BRANCH, and a TARGET is the shape's last field (at size - 2).
 */
#define XIP_FIRST_FIELD_(fields, kind)                                                     \
    (((fields) & 31) == (kind) ? 1 : ((fields) >> 5 & 31) == (kind) ? 2                   \
     : ((fields) >> 10 & 31) == (kind) ? 4 : ((fields) >> 15 & 31) == (kind) ? 8 : 0)
#define XIP_LAST_FIELD_(fields)                                                            \
    ((fields) >> 15 & 31 ? (fields) >> 15 & 31 : (fields) >> 10 & 31 ? (fields) >> 10 & 31 \
     : (fields) >> 5 & 31 ? (fields) >> 5 & 31 : (fields) & 31)
#define XIP_VERIFY_BASES(s)                                                                \
    ((s) == XIP_SHAPE_RN ? 1 : (s) == XIP_SHAPE_CALL || (s) == XIP_SHAPE_CALLW ? 2         \
     : (s) == XIP_SHAPE_CALLI || (s) == XIP_SHAPE_CALLIW ? 8 : 0)
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics)                               \
    typedef char xip_verify_assumes_##name[                                                                \
        (((flags) & XIP_F_MEM) != 0) + (((flags) & XIP_F_NOFALL) != 0) + (((flags) & XIP_F_CALL) != 0) +   \
                    (XIP_ROLE_FIELDS(roles, XIP_ROLE_TW) != 0) <= 1 &&                                     \
                (((flags) & XIP_F_CALL) != 0) ==                                                           \
                    (XIP_SHAPE_##shape == XIP_SHAPE_CALL || XIP_SHAPE_##shape == XIP_SHAPE_CALLW ||        \
                     XIP_SHAPE_##shape == XIP_SHAPE_CALLI || XIP_SHAPE_##shape == XIP_SHAPE_CALLIW) &&     \
                (XIP_ROLE_FIELDS(roles, XIP_ROLE_TW) == 0 ||                                               \
                 XIP_ROLE_FIELDS(roles, XIP_ROLE_TW) ==                                                    \
                     XIP_FIRST_FIELD_(XIP_SHAPE_FIELDS_##shape, XIP_FIELD_TABLE)) &&                       \
                (XIP_ROLE_FIELDS(roles, XIP_ROLE_B) | XIP_ROLE_FIELDS(roles, XIP_ROLE_N)) ==               \
                    XIP_VERIFY_BASES(XIP_SHAPE_##shape) &&                                                 \
                ((int)XIP_SHAPE_##shape == (int)XIP_SHAPE_RN) == ((int)XIP_OP_##name == (int)XIP_OP_RET) && \
                ((XIP_FIRST_FIELD_(XIP_SHAPE_FIELDS_##shape, XIP_FIELD_TARGET) |                           \
                  XIP_FIRST_FIELD_(XIP_SHAPE_FIELDS_##shape, XIP_FIELD_TARGETS)) != 0) ==                  \
                    (((flags) & XIP_F_BRANCH) != 0) &&                                                     \
                (XIP_FIRST_FIELD_(XIP_SHAPE_FIELDS_##shape, XIP_FIELD_TARGET) == 0 ||                      \
                 XIP_LAST_FIELD_(XIP_SHAPE_FIELDS_##shape) == XIP_FIELD_TARGET)                            \
            ? 1 : -1];
#include "opcodes.def"
#undef OP
#endif

/*
 * The reference pass's view of an opcode (xip_refs.h): the 2-bit class role
 * of each field (XIP_RR_PACK) and whether the scans of verified code stop
 * there (the calls, BR_TABLE). The rows use few such patterns; they are
 * listed here as XIP_SHAPES lists the operand shapes (a vocabulary, not a
 * list of opcodes: a row whose pattern is missing does not compile), the
 * stop patterns last. A pattern's position in the list is the high nibble
 * of its rows' xipi_op_scan bytes and xipi_op_rr maps it back, so one
 * comparison tells a scan where to stop.
 */
#define XIP_RR_PATTERNS(X, key)                                                                              \
    X(key, NONE, NONE, NONE, NONE, 0) X(key, NUM, NONE, NONE, NONE, 0) X(key, READ, NONE, NONE, NONE, 0)    \
    X(key, WRITE, NONE, NONE, NONE, 0) X(key, NONE, NUM, NONE, NONE, 0) X(key, NUM, NUM, NONE, NONE, 0)    \
    X(key, NUM, READ, NONE, NONE, 0) X(key, WRITE, READ, NONE, NONE, 0) X(key, NONE, WRITE, NONE, NONE, 0)  \
    X(key, READ, WRITE, NONE, NONE, 0) X(key, NONE, NONE, READ, NONE, 0) X(key, NONE, NUM, READ, NONE, 0)   \
    X(key, WRITE, READ, READ, NONE, 0)                                                                      \
    X(key, NONE, NONE, NONE, NONE, 1) /* BR_TABLE */                                                        \
    X(key, NONE, READ, NONE, NONE, 1) /* the direct calls */                                                \
    X(key, NONE, NONE, NONE, READ, 1) /* the indirect calls */
/* A pattern's key: its roles, and 1 << 8 if a scan stops there; a row's key likewise. */
#define XIP_RR_KEY_(f0, f1, f2, f3, stop) \
    ((uint32_t)(XIP_RR_##f0 | XIP_RR_##f1 << 2 | XIP_RR_##f2 << 4 | XIP_RR_##f3 << 6) | (uint32_t)(stop) << 8)
#define XIP_RR_ROW_KEY_(name, feature, flags, roles)                                              \
    ((uint32_t)XIP_RR_PACK roles |                                                                \
     (uint32_t)((XIP_OP_FLAGS(feature, flags) & XIP_F_CALL) || XIP_OP_##name == XIP_OP_BR_TABLE) << 8)
#define XIP_RR_ENUM_(key, f0, f1, f2, f3, stop) XIP_RR_P_##f0##_##f1##_##f2##_##f3##_##stop,
#define XIP_RR_AT_(key, f0, f1, f2, f3, stop) +(XIP_RR_KEY_(f0, f1, f2, f3, stop) == (key)) * XIP_RR_P_##f0##_##f1##_##f2##_##f3##_##stop
#define XIP_RR_SAME_(key, f0, f1, f2, f3, stop) +(XIP_RR_KEY_(f0, f1, f2, f3, stop) == (key))
#define XIP_RR_NOSTOP_(key, f0, f1, f2, f3, stop) +!(stop)
#define XIP_RR_VALUE_(key, f0, f1, f2, f3, stop) (uint8_t)XIP_RR_KEY_(f0, f1, f2, f3, 0),
#define XIP_RR_LAST_(key, f0, f1, f2, f3, stop) \
    typedef char xip_rr_stop_last_##f0##_##f1##_##f2##_##f3##_##stop[ \
        (stop) == ((int)XIP_RR_P_##f0##_##f1##_##f2##_##f3##_##stop >= (int)XIP_RR_NOSTOP_COUNT) ? 1 : -1];
enum xip_rr_pattern { XIP_RR_PATTERNS(XIP_RR_ENUM_, 0) XIP_RR_PATTERN_COUNT };
enum { XIP_RR_NOSTOP_COUNT = 0 XIP_RR_PATTERNS(XIP_RR_NOSTOP_, 0) };
typedef char xip_rr_patterns_fit_a_nibble[XIP_RR_PATTERN_COUNT <= 16 ? 1 : -1];
typedef char xip_scan_stop_is_the_first_stop_pattern[XIP_SCAN_STOP == XIP_RR_NOSTOP_COUNT << 4 ? 1 : -1];
XIP_RR_PATTERNS(XIP_RR_LAST_, 0) /* the stop patterns are the last ones */

const uint8_t xipi_op_rr[16] = {XIP_RR_PATTERNS(XIP_RR_VALUE_, 0)};

const uint8_t xipi_op_scan[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) \
    (uint8_t)(XIP_LEN_##name | (0 XIP_RR_PATTERNS(XIP_RR_AT_, XIP_RR_ROW_KEY_(name, feature, flags, roles))) << 4),
#include "opcodes.def"
#undef OP
};
#ifndef XIP_NO_TABLE_CHECKS
/* Per row: its length fits the low nibble, its pattern is listed once (so its scan byte stops it iff it should). */
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics)                                  \
    typedef char xip_rr_pattern_of_##name[XIP_LEN_##name <= XIP_SCAN_LEN &&                                   \
                                          (0 XIP_RR_PATTERNS(XIP_RR_SAME_,                                    \
                                                             XIP_RR_ROW_KEY_(name, feature, flags, roles))) == 1 \
                                              ? 1 : -1];
#include "opcodes.def"
#undef OP
#endif

/* The verifier reads sections through the image reader's checked cursors (xip_image.h). */
typedef xipi_cursor cursor;

/* True for the value type codes an image may use: those with a value class (xip_image.h). */
static int valid_valtype(uint32_t t)
{
    return xipi_value_class(t) != XIPI_CL_BAD;
}

/* True for the element types of tables and element segments. */
static int valid_elemtype(uint32_t t)
{
    return t == XIP_FUNCREF || t == XIP_EXTERNREF;
}

/*
 * Marks the cursor bad at image offset at unless cond holds (the earliest
 * problem wins). Inlined: a branch around a call of xipi_fail at each of its
 * thirty callers, instead of a 0 or 1 for cond and a call (-144 B).
 */
static inline XIPI_ALWAYS_INLINE void expect_at(cursor *c, int cond, uint32_t at)
{
    if (!cond)
        xipi_fail(c, at);
}

/* Parameter and result counts of function f (imports first; f is in range), its type's (FUNC checked: the same). */
static void func_sig(const xip_instance *inst, uint32_t f, uint32_t *np, uint32_t *nr)
{
    xipi_type t;
    xipi_type_at(inst, xipi_func_type_index(inst, f), &t);
    *np = t.nparams;
    *nr = t.nresults;
}

/* True if limits have no max or a max >= min (XIP_NO_MAX, none, is >= every min: one comparison). */
static int limits_ok(const xipi_limits *l)
{
    return l->max >= l->min;
}
typedef char xip_no_max_is_the_top[XIP_NO_MAX == 0xffffffffu ? 1 : -1];

/*
 * Memory limits (at most one memory): sane, page_log2 <= 16; bad past the
 * memory's 9 bytes { u32 min, u32 max, u8 page_log2 } (the same in IMPORT
 * and MEMORY). Out of line: IMPORT and MEMORY share one copy (-44 B).
 */
static XIPI_NOINLINE void check_memory(xip_instance *inst, cursor *c, const xipi_limits *limits,
                                       uint32_t page_log2)
{
    expect_at(c, !inst->has_memory, limits->at); /* one memory at most */
    expect_at(c, page_log2 <= 16 && limits_ok(limits), limits->at + 9);
    inst->memory_limits = limits->at;
    inst->has_memory = 1;
    inst->page_log2 = (uint8_t)page_log2;
    inst->memory_max_pages = limits->max;
}

/* Words a RAM table with these limits takes in the table buffer (the last one may take more): its max, or min. */
static uint64_t ram_capacity(const xipi_limits *l)
{
    return l->max == XIP_NO_MAX ? l->min : l->max;
}

/* A count of table buffer words as a RAM table's `before` field holds it: saturated at 0xffffffff. */
static uint32_t saturated(uint64_t words)
{
    return words > 0xffffffffu ? 0xffffffffu : (uint32_t)words;
}

/*
 * A RAM table of limits l (imported or defined) takes its words after the
 * RAM tables before it: true if its `before` field holds their capacity
 * words (saturated). Counts its own in *words. Out of line: one copy for both (-36 B).
 */
static XIPI_NOINLINE int ram_place_ok(uint64_t *words, const xipi_limits *l, uint32_t before)
{
    int ok = before == saturated(*words);
    *words += ram_capacity(l);
    return ok;
}

/*
 * Checks the cexpr at image offset at (inside c's range, even after c went
 * bad: the earliest problem wins): a value of type t (xipi_walk_cexpr; a
 * null reference stands for either reference type). Returns the offset past
 * it, or 0 if it is bad (no cexpr starts at 0, the header's).
 */
static uint32_t check_cexpr_at(const xip_instance *inst, cursor *c, uint32_t at, uint32_t t)
{
    cursor e = xipi_checked(c->img, at, c->end);
    uint32_t cl, want = xipi_value_class(t);
    (void)xipi_walk_cexpr(inst, &e, inst->global_count, 0, &cl);
    expect_at(&e, cl == want || (cl == XIPI_CL_NULL && (want == XIPI_CL_FUNCREF || want == XIPI_CL_EXTERNREF)),
              e.pos);
    if (!e.bad)
        return e.pos;
    xipi_fail(c, e.pos);
    return 0;
}

/* What the checks of one section's entries carry from entry to entry (and from IMPORT to TABLE). */
typedef struct sect_state {
    uint64_t words;   /* capacities of the RAM tables so far (imported ones first) */
    uint32_t last;    /* IMPORT: the kind of the previous entry */
    uint32_t next;    /* FUNC: the lowest code offset the next entry may have (past the previous one's) */
    uint32_t n[4];    /* IMPORT: entries of each kind */
} sect_state;

/* TYPE entry: every value type is known. */
static void check_type(cursor *c)
{
    xipi_type e;
    uint32_t j;
    xipi_read_type(c, &e); /* value types past the end: bad at the end */
    for (j = 0; j < e.nparams + e.nresults && e.valtypes + j < c->end; j++)
        expect_at(c, valid_valtype(c->img[e.valtypes + j]), e.valtypes + j + 1);
}

/* IMPORT entry: grouped by kind; function types exist; table, memory and global descriptions are sane. */
static void check_import(xip_instance *inst, cursor *c, sect_state *s)
{
    xipi_import e;
    xipi_read_import(c, &e); /* an unknown kind stops it */
    expect_at(c, e.kind >= s->last, e.at + 1);
    if (e.kind > XIP_EXTERN_GLOBAL)
        return;
    s->last = e.kind;
    s->n[e.kind & 3u]++; /* kind <= 3 here */
    if (e.kind == XIP_EXTERN_FUNC) {
        expect_at(c, e.type < inst->type_count, e.at + 3);
    } else if (e.kind == XIP_EXTERN_TABLE) {
        expect_at(c, valid_elemtype(e.valtype) &&
                         limits_ok(&e.limits), e.limits.at + 8);
        expect_at(c, ram_place_ok(&s->words, &e.limits, e.before), e.limits.at + 12);
    } else if (e.kind == XIP_EXTERN_MEMORY) {
        check_memory(inst, c, &e.limits, e.page_log2);
        inst->memory_imported = 1;
    } else {
        expect_at(c, valid_valtype(e.valtype), e.at + 2);
        expect_at(c, e.mutable_ <= 1, e.at + 3);
    }
}

/* FUNC entry: its signature matches its type, its frame and code offset are sane (offsets increase). */
static void check_func(xip_instance *inst, cursor *c, sect_state *s)
{
    xipi_func e;
    xipi_type t;
    xipi_read_func(c, &e);
    if (c->bad)
        return;
    expect_at(c, e.type < inst->type_count, c->pos);
    if (c->bad)
        return;
    xipi_type_at(inst, e.type, &t);
    expect_at(c, t.nparams == e.nparams && t.nresults == e.nresults &&
                     e.nparams <= e.nlocals && e.nlocals <= e.frame &&
                     e.code < inst->code_size && e.code >= s->next, c->pos);
    s->next = e.code + 1; /* no overflow where it matters: after a bad entry no other is checked */
}

/* TABLE entry: sane limits (flags other than XIP_TABLE_RAM the reader refuses); a flash table has min entries, each a function or null. */
static void check_table(xip_instance *inst, cursor *c, sect_state *s)
{
    uint32_t j, total = (uint32_t)inst->import_count + inst->func_count;
    xipi_table e;
    xipi_read_table(c, &e); /* refuses an n the section cannot hold */
    expect_at(c, valid_elemtype(e.elemtype) && limits_ok(&e.limits), e.limits.at + 8);
    if (e.flags & XIP_TABLE_RAM) {
        /* ram_place_ok first: it counts the table's words whatever e.ram holds */
        expect_at(c, ram_place_ok(&s->words, &e.limits, e.before) && e.ram == inst->ram_table_count,
                  e.ram_at + 5);
        inst->ram_table_count++;
        return;
    }
    expect_at(c, e.n == e.limits.min, e.items);
    for (j = 0; j < e.n && !c->bad; j++) {
        uint32_t f = xipi_flash_entry(c->img, &e, j);
        expect_at(c, (f < total && e.elemtype == XIP_FUNCREF) || f == XIP_NULL_FUNC, e.items + 2 * j + 2);
    }
}

/* MEMORY entry (there is at most one). */
static void check_memory_entry(xip_instance *inst, cursor *c)
{
    xipi_limits limits;
    uint32_t page_log2;
    xipi_read_memory(c, &limits, &page_log2);
    if (!c->bad)
        check_memory(inst, c, &limits, page_log2);
}

/* GLOBAL entry: known value type, mutable 0/1, init reading imported or earlier globals. */
static void check_global(xip_instance *inst, cursor *c)
{
    uint32_t at = c->pos;
    xipi_global e;
    xipi_read_global(c, &e);
    expect_at(c, valid_valtype(e.valtype), at + 1);
    expect_at(c, e.mutable_ <= 1, at + 2);
    (void)check_cexpr_at(inst, c, e.init, e.valtype);
    inst->global_count++; /* so far: xipi_global_at may look at the earlier ones */
}

/* EXPORT entry: its index in range for its kind. */
static void check_export(const xip_instance *inst, cursor *c)
{
    uint32_t limit = 0;
    xipi_export e;
    xipi_read_export(c, &e);
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

/* START: a function of type [] -> []. */
static void check_start(xip_instance *inst, cursor *c)
{
    uint32_t f = xipi_read_start(c), np, nr;
    expect_at(c, f < (uint32_t)inst->import_count + inst->func_count, c->pos);
    if (c->bad)
        return;
    func_sig(inst, f, &np, &nr);
    expect_at(c, np == 0 && nr == 0, c->pos);
    inst->start_func = (uint16_t)f;
}

/* DATA entry: active or passive (the reader refuses other modes); an active one needs a memory and an i32 offset. */
static void check_data(xip_instance *inst, cursor *c)
{
    xipi_segment e;
    xipi_read_data(c, &e);
    expect_at(c, inst->has_memory || e.mode == XIP_SEGMENT_PASSIVE, e.at + 1);
    inst->has_passive |= e.mode == XIP_SEGMENT_PASSIVE;
    if (e.mode == XIP_SEGMENT_ACTIVE)
        (void)check_cexpr_at(inst, c, e.offset, XIP_I32);
}

/* ELEM entry (the reader refuses unknown modes): an active segment goes to a RAM table of its element type at an i32 offset; items typed. */
static void check_elem(xip_instance *inst, cursor *c)
{
    uint32_t k, at;
    xipi_segment e;
    xipi_table t;
    xipi_read_elem_head(c, &e); /* the items walked once, below */
    expect_at(c, valid_elemtype(e.elemtype), e.at + 2);
    inst->has_passive |= e.mode == XIP_SEGMENT_PASSIVE;
    if (e.mode == XIP_SEGMENT_ACTIVE) {
        expect_at(c, e.table < inst->table_count, e.at + 3);
        if (e.table >= inst->table_count)
            return;
        xipi_table_at(inst, e.table, &t);
        expect_at(c, (t.flags & XIP_TABLE_RAM) && t.elemtype == e.elemtype, e.at + 3);
        if (check_cexpr_at(inst, c, e.offset, XIP_I32) == 0)
            return;
    }
    for (k = 0, at = e.items; k < e.count && (at = check_cexpr_at(inst, c, at, e.elemtype)) != 0; k++)
        ;
    if (!c->bad) /* every item good: past the last */
        c->pos = at;
}

/* Checks the entry of section id at the cursor and moves past it (out of line: parse_section is smaller so). */
static XIPI_NOINLINE void check_entry(xip_instance *inst, cursor *c, uint32_t id, sect_state *s)
{
    switch (id) {
    case XIP_SECTION_TYPE: check_type(c); break;
    case XIP_SECTION_IMPORT: check_import(inst, c, s); break;
    case XIP_SECTION_FUNC: check_func(inst, c, s); break;
    case XIP_SECTION_TABLE: check_table(inst, c, s); break;
    case XIP_SECTION_MEMORY: check_memory_entry(inst, c); break;
    case XIP_SECTION_GLOBAL: check_global(inst, c); break;
    case XIP_SECTION_EXPORT: check_export(inst, c); break;
    case XIP_SECTION_START: check_start(inst, c); break;
    case XIP_SECTION_DATA: check_data(inst, c); break;
    case XIP_SECTION_ELEM: check_elem(inst, c); break;
    default: xipi_parse_stack(inst, c); break; /* STACK */
    }
}

/*
 * One function's bytecode verification. The bitmap (in the caller's scratch
 * buffer) has a bit per code byte of the function, and one walk checks the
 * branch targets with it: behind the walk, a bit is set exactly at the
 * instruction starts; ahead of it, at the forward targets seen so far, which
 * `forward` counts. The walk counts the instruction starts whose bit was
 * already set, each one of those targets; a backward target must find its
 * bit set. A forward target into the middle of an instruction is never
 * counted so, and one outside the function sets target_bad. Either way a
 * walk that only marks the starts, then an exact walk over that complete
 * bitmap, finds the first instruction with a bad target, which is where the
 * refusal points.
 */
typedef struct fn_ctx {
    const xip_instance *inst;
    const uint8_t *code;            /* the function's code */
    uint32_t start, len;            /* its CODE-relative offset and its length */
    uint32_t frame;                 /* frame_size */
    uint32_t nresults;
    uint8_t *bitmap;                /* bit k: function offset k, see above */
    const uint8_t *mutable_globals; /* bit g: global g is mutable */
    uint32_t forward;               /* forward targets noted (distinct offsets) */
    uint32_t settled;               /* after a walk: the starts it reached that were forward targets */
    uint32_t bad_at;                /* after a walk: the instruction refused, or the last one (function-relative) */
    uint8_t target_bad;             /* a target outside the function, or a backward one not at a start */
    uint8_t mode;                   /* which walk: WALK_FIRST, WALK_MARK or WALK_EXACT */
} fn_ctx;

/*
 * The walks of a function: the first one; after it found a bad target, one
 * that only marks the starts (targets are ignored) and the exact one, over
 * the complete bitmap of starts, which refuses at the first bad target.
 */
enum { WALK_FIRST, WALK_MARK, WALK_EXACT };

/*
 * Notes the i16 branch offset at `at` of the instruction at function offset
 * rel (already marked); the marking walk ignores it. Returns 0 only in the
 * exact walk, for a bad target.
 */
static int note_target(fn_ctx *v, uint32_t rel, const uint8_t *at)
{
    int32_t delta = xip_read_i16(at);
    uint32_t t, bit, byte;
    if (v->mode == WALK_MARK)
        return 1;
    if (delta < 0 ? (uint32_t)-delta > rel : (uint32_t)delta >= v->len - rel) {
        v->target_bad = 1; /* outside the function */
        return v->mode != WALK_EXACT;
    }
    t = rel + (uint32_t)delta; /* modulo 2^32: a backward delta subtracts */
    bit = 1u << (t & 7);
    byte = v->bitmap[t >> 3];
    if (delta > 0 && v->mode == WALK_FIRST) { /* forward: noted, once per offset */
        if (!(byte & bit)) {
            v->bitmap[t >> 3] = (uint8_t)(byte | bit);
            v->forward++;
        }
        return 1;
    }
    if (byte & bit) /* backward (or the exact walk): at a start */
        return 1;
    v->target_bad = 1;
    return v->mode != WALK_EXACT;
}

/* BR_TABLE at p (fixed size `size`): its size with its n + 1 targets, which fit and are noted; or 0. */
static uint32_t br_table(fn_ctx *v, const uint8_t *p, uint32_t rel, uint32_t size)
{
    uint32_t n = xip_read_u16(p + 2), i;
    if (v->len - rel - size < 2u * (n + 1u))
        return 0;
    for (i = 0; i <= n; i++)
        if (!note_target(v, rel, p + XIP_SIZE_BRTABLE + 2 * i))
            return 0;
    return size + 2u * (n + 1u);
}

/*
 * A call at p of shape `shape` (CALL, CALLW: function at p+1, base at p+3;
 * CALLI, CALLIW: type at p+1, table at p+3, index register at p+4, base at
 * p+5): its operands exist, and its frame base plus the callee's
 * max(params, results) lies inside the caller's frame.
 */
static int call_ok(const fn_ctx *v, const uint8_t *p, uint32_t shape)
{
    const xip_instance *inst = v->inst;
    uint32_t indirect = shape == XIP_SHAPE_CALLI || shape == XIP_SHAPE_CALLIW, at = indirect ? 5u : 3u;
    uint32_t index = xip_read_u16(p + 1), np, nr, base;
    xipi_type t;
    base = shape == XIP_SHAPE_CALL || shape == XIP_SHAPE_CALLI ? p[at] : xip_read_u16(p + at);
    if (indirect) {
        if (p[4] >= v->frame || index >= inst->type_count || p[3] >= inst->table_count)
            return 0;
        xipi_type_at(inst, index, &t);
        np = t.nparams;
        nr = t.nresults;
    } else {
        if (index >= (uint32_t)inst->import_count + inst->func_count)
            return 0;
        func_sig(inst, index, &np, &nr);
    }
    return base + (np > nr ? np : nr) <= v->frame;
}

/* True if table t (< table_count) is a RAM table. */
static int is_ram_table(const xip_instance *inst, uint32_t t)
{
    xipi_table e;
    xipi_table_at(inst, t, &e);
    return (e.flags & XIP_TABLE_RAM) != 0;
}

/* The first TABLE operand t of an instruction with descriptor d: it exists, and is a RAM table if written. */
static int table_ok(const xip_instance *inst, uint32_t t, uint32_t d)
{
    return t < inst->table_count && (d >> 5 != XIP_VC_TW || is_ram_table(inst, t));
}

/* The SEGMENT operand (u16 at p+1) of the instruction at p names a DATA or ELEM segment, by opcode. */
static int segment_ok(const xip_instance *inst, const uint8_t *p)
{
    uint32_t n = p[0] == XIP_OP_MEMORY_INIT || p[0] == XIP_OP_DATA_DROP ? inst->data_count : inst->elem_count;
    return xip_read_u16(p + 1) < n;
}

/* The GLOBAL operand g of opcode op: it exists, and global.set writes only a mutable one. */
static int global_ok(const fn_ctx *v, uint32_t op, uint32_t g)
{
    return g < v->inst->global_count &&
           (op != XIP_OP_GLOBAL_SET || ((v->mutable_globals[g >> 3] >> (g & 7)) & 1));
}

/*
 * check_insn's shapes with more than registers and a target to check (calls,
 * BR_TABLE, globals, tables, segments, RET), out of the walk's loop: they are
 * rare, and inlined they would crowd the loop's registers. Calls and RET
 * have a case each; the others are checked field by field in XIP_SHAPES
 * order, so BR_TABLE's register is checked before its targets are noted.
 */
XIPI_NOINLINE static uint32_t check_rare(fn_ctx *v, const uint8_t *p, uint32_t rel, uint32_t d, uint32_t frame,
                                        uint32_t size)
{
    const xip_instance *inst = v->inst;
    uint32_t shape = d & 31, k, off = 1, tables = 0, funcs = (uint32_t)inst->import_count + inst->func_count;
    switch ((enum xip_shape)shape) {
    case XIP_SHAPE_RN: /* RET: the function's results, from registers inside the frame */
        return p[2] == v->nresults && (uint32_t)p[1] + p[2] <= frame ? size : 0;
    case XIP_SHAPE_CALL: case XIP_SHAPE_CALLW: case XIP_SHAPE_CALLI: case XIP_SHAPE_CALLIW:
        return call_ok(v, p, shape) ? size : 0;
    default:
        break;
    }
    for (k = 0; k < 4; k++) {
        uint32_t field = xipi_shape_field(shape, k), x;
        int ok;
        if (field == XIP_FIELD_NONE)
            return size; /* past the shape's fields: the next byte may lie past the image */
        x = xip_shape_field_size(field) == 1 ? p[off] : xip_read_u16(p + off);
        switch ((enum xip_field)field) {
        case XIP_FIELD_REG: case XIP_FIELD_FAR: ok = x < frame; break;
        case XIP_FIELD_REG3: ok = x + 2u < frame; break;
        case XIP_FIELD_TABLE: ok = tables++ ? x < inst->table_count : table_ok(inst, x, d); break; /* TW: the first */
        case XIP_FIELD_SEGMENT: ok = segment_ok(inst, p); break;
        case XIP_FIELD_GLOBAL: ok = global_ok(v, p[0], x); break;
        case XIP_FIELD_FUNC: ok = x < funcs; break;
        case XIP_FIELD_TARGETS: return br_table(v, p, rel, size); /* the last field */
        default: ok = 0; break; /* no rare shape has another field */
        }
        if (!ok)
            return 0;
        off += xip_shape_field_size(field);
    }
    return size;
}

/*
 * Checks the operands of the instruction at p (descriptor d, at function
 * offset rel; its fixed size fits the function; frame is v->frame) and
 * notes its branch targets: one case per shape, decoding the fields in
 * XIP_SHAPES order (the shapes of registers and a target here, the others
 * in check_rare). Returns its size (a BR_TABLE's with its targets), or 0 if
 * it is refused.
 */
static uint32_t check_insn(fn_ctx *v, const uint8_t *p, uint32_t rel, uint32_t d, uint32_t frame, uint32_t size)
{
    uint32_t shape = d & 31;
    switch ((enum xip_shape)shape) {
    case XIP_SHAPE_NONE:
        return size;
    /* registers in the leading fields, then immediates: each case checks one and falls through */
    case XIP_SHAPE_RRRR:
        if (p[4] >= frame)
            return 0;
        /* fall through */
    case XIP_SHAPE_RRR:
        if (p[3] >= frame)
            return 0;
        /* fall through */
    case XIP_SHAPE_RR: case XIP_SHAPE_RRK16: case XIP_SHAPE_RRK32: case XIP_SHAPE_RRU16: case XIP_SHAPE_MEM:
        if (p[2] >= frame)
            return 0;
        /* fall through */
    case XIP_SHAPE_R: case XIP_SHAPE_RK16: case XIP_SHAPE_RK32: case XIP_SHAPE_RK64:
        return p[1] < frame ? size : 0;
    /* registers, then the target, the last field (XIP_VERIFY_ASSUMES) */
    case XIP_SHAPE_RRJ:
        if (p[2] >= frame)
            return 0;
        /* fall through */
    case XIP_SHAPE_RJ: case XIP_SHAPE_RKJ:
        if (p[1] >= frame)
            return 0;
        /* fall through */
    case XIP_SHAPE_J:
        return note_target(v, rel, p + size - 2) ? size : 0;
    default:
        return check_rare(v, p, rel, d, frame, size);
    }
}

/* The status refusing an opcode of class cls (below XIP_VC_PLAIN). */
static xip_status refusal(uint32_t cls)
{
    return cls == XIP_VC_NO_FLOAT ? XIP_ERR_FLOAT_UNSUPPORTED
           : cls == XIP_VC_NO_EXT ? XIP_ERR_EXT_UNSUPPORTED : XIP_ERR_BAD_CODE;
}

/*
 * Fuel bound on straight-line code (xip_fuel.h): a run of instructions
 * restarts after a call (it pays) and after an instruction that never falls
 * through (what follows is reached only by a taken branch, which pays).
 * *left counts down the instructions the run may still take (XIP_FUEL_RUN
 * at the function's start and after a restart); returns 0 when the
 * instruction with descriptor d would make the run longer.
 */
static int fuel_run_ok(uint32_t d, uint32_t *left)
{
    if (d >= XIP_VDESC(0u, (uint32_t)XIP_VC_NOFALL)) { /* NOFALL or CALL */
        *left = XIP_FUEL_RUN;
        return 1;
    }
    if (*left == 0)
        return 0;
    (*left)--;
    return 1;
}

/*
 * Walks the function's code once: each instruction is decoded, its operands
 * checked and its start and targets noted. Returns XIP_OK or the status,
 * with v->bad_at the instruction (function-relative); v->settled counts the
 * starts that were forward targets.
 */
static xip_status walk(fn_ctx *v)
{
    /* cppcheck-suppress ctuuninitvar ; v->settled and v->bad_at, which walk only writes, are set here */
    const uint8_t *const code = v->code;
    uint8_t *const bitmap = v->bitmap;
    const uint32_t len = v->len, frame = v->frame;
    const uint32_t refuse_below = XIP_VDESC(0u, v->inst->has_memory ? (uint32_t)XIP_VC_MEM : (uint32_t)XIP_VC_PLAIN);
    uint32_t rel, size = 0, d = 0, hits = 0, run = XIP_FUEL_RUN;
    for (rel = 0; rel < len; rel += size) {
        const uint8_t *p = code + rel;
        uint32_t op = p[0], byte, bit;
        d = xipi_op_desc[op];
        if (d < refuse_below)
            break;
        size = xipi_op_scan[op] & XIP_SCAN_LEN; /* an opcode: the descriptor refused the other bytes */
        byte = bitmap[rel >> 3];
        bit = 1u << (rel & 7);
        hits += (byte >> (rel & 7)) & 1u; /* a forward target reached */
        bitmap[rel >> 3] = (uint8_t)(byte | bit);
        if (len - rel < size || (size = check_insn(v, p, rel, d, frame, size)) == 0)
            break;
        /* the instruction at rel is checked: per-instruction hooks go here */
        if (!fuel_run_ok(d, &run))
            break;
    }
    v->settled = hits;
    if (rel < len) { /* refused at rel */
        v->bad_at = rel;
        return d < refuse_below ? refusal(d >> 5) : XIP_ERR_BAD_CODE;
    }
    v->bad_at = len - size; /* the last instruction: it cannot fall through */
    return d >> 5 == XIP_VC_NOFALL ? XIP_OK : XIP_ERR_BAD_CODE;
}

/*
 * Verifies the bytecode of defined function i; on failure sets *bad_at
 * (CODE-relative). mutable_globals has a bit per global.
 */
static xip_status verify_function(const xip_instance *inst, uint32_t i, const uint8_t *mutable_globals,
                                  uint8_t *scratch, uint32_t scratch_bytes, uint32_t *bad_at)
{
    xipi_func e;
    fn_ctx fn;
    uint32_t end, bytes;
    xip_status st;
    xipi_func_at(inst, i, &e, &end);
    fn.inst = inst;
    fn.code = inst->image + inst->code + e.code;
    fn.start = e.code;
    fn.len = end - e.code;
    fn.frame = e.frame;
    fn.nresults = e.nresults;
    fn.bitmap = scratch;
    fn.mutable_globals = mutable_globals;
    fn.forward = 0;
    fn.target_bad = 0;
    fn.mode = WALK_FIRST;
    *bad_at = fn.start;
    bytes = (fn.len + 7) / 8;
    if (bytes > scratch_bytes)
        return XIP_ERR_BUFFER_TOO_SMALL;
    memset(scratch, 0, bytes);
    st = walk(&fn);
    if (st == XIP_OK && (fn.settled != fn.forward || fn.target_bad)) {
        /* some branch target is bad: find the first instruction with one */
        memset(scratch, 0, bytes);
        fn.mode = WALK_MARK; /* the same instructions pass again: only their starts are marked */
        (void)walk(&fn);
        fn.mode = WALK_EXACT;
        st = walk(&fn);
        if (st == XIP_OK)
            st = XIP_ERR_BAD_CODE; /* cannot happen: refuse anyway */
    }
    *bad_at = fn.start + fn.bad_at;
    return st;
}

/*
 * Where parse_section records a section in the instance: its body offset
 * (a uint32_t field) and its entry count (a uint16_t field), as offsetof
 * values; 0 (the image pointer's offset) where it records none there. One
 * table instead of a store per section in a switch (-8 B).
 */
#define XIPI_FIELD(name) (uint8_t)offsetof(xip_instance, name)
static const uint8_t section_body_field[XIP_SECTION_END] = {
    [XIP_SECTION_TYPE] = XIPI_FIELD(types),           [XIP_SECTION_IMPORT] = XIPI_FIELD(imports),
    [XIP_SECTION_FUNC] = XIPI_FIELD(funcs),           [XIP_SECTION_TABLE] = XIPI_FIELD(tables),
    [XIP_SECTION_MEMORY] = XIPI_FIELD(memory_section), [XIP_SECTION_GLOBAL] = XIPI_FIELD(globals_section),
    [XIP_SECTION_EXPORT] = XIPI_FIELD(exports),       [XIP_SECTION_DATA] = XIPI_FIELD(data),
    [XIP_SECTION_CODE] = XIPI_FIELD(code),
    [XIP_SECTION_ELEM] = XIPI_FIELD(elems),           [XIP_SECTION_REFS] = XIPI_FIELD(refs),
};
static const uint8_t section_count_field[XIP_SECTION_END] = {
    [XIP_SECTION_TYPE] = XIPI_FIELD(type_count),   [XIP_SECTION_IMPORT] = XIPI_FIELD(import_total),
    [XIP_SECTION_FUNC] = XIPI_FIELD(func_count),   [XIP_SECTION_EXPORT] = XIPI_FIELD(export_count),
    [XIP_SECTION_DATA] = XIPI_FIELD(data_count),   [XIP_SECTION_ELEM] = XIPI_FIELD(elem_count),
};
#undef XIPI_FIELD
typedef char xip_section_fields_fit_8_bits[offsetof(xip_instance, refs) <= 0xff ? 1 : -1]; /* refs: the last */

/*
 * Checks the section body of id (if present), entry by entry, and that it
 * is consumed exactly; sets inst's fields for the section.
 */
static xip_status parse_section(xip_instance *inst, const xipi_image *img, uint32_t id, sect_state *s)
{
    cursor c = xipi_section_cursor(img, id);
    uint32_t body = img->offset[id], count, i;
    if (body == 0)
        return XIP_OK;
    count = xipi_read_count(&c, id);
    /* the fields are of these types (xip.h): the pointers address them as such */
    if (section_body_field[id])
        *(uint32_t *)(void *)((uint8_t *)inst + section_body_field[id]) = body;
    if (section_count_field[id])
        *(uint16_t *)(void *)((uint8_t *)inst + section_count_field[id]) = (uint16_t)count;
    switch (id) { /* what else the entry checks of the section need */
    case XIP_SECTION_TABLE: inst->table_count = (uint16_t)(inst->import_table_count + count); break;
    case XIP_SECTION_MEMORY: expect_at(&c, count <= 1, c.pos); break;
    case XIP_SECTION_GLOBAL: expect_at(&c, (uint32_t)inst->import_global_count + count <= 0xffff, c.pos); break;
    case XIP_SECTION_REFS: xipi_parse_refs(inst, &c, count); count = 0; break; /* walked */
    case XIP_SECTION_CODE: c.pos = c.end; break; /* checked function by function */
    case XIP_SECTION_START: case XIP_SECTION_STACK: count = 1; break; /* one entry, no count */
    default: break;
    }
    for (i = 0; i < count && !c.bad; i++) {
        if (xip_section_indexed(id) && !xipi_check_entry(&c, body, i))
            break;
        check_entry(inst, &c, id, s);
    }
    switch (id) {
    case XIP_SECTION_IMPORT:
        expect_at(&c, s->n[XIP_EXTERN_TABLE] <= 256, c.pos);
        inst->import_count = (uint16_t)s->n[XIP_EXTERN_FUNC];
        inst->import_table_count = (uint16_t)s->n[XIP_EXTERN_TABLE];
        inst->import_global_count = (uint16_t)s->n[XIP_EXTERN_GLOBAL];
        inst->table_count = inst->import_table_count;
        inst->ram_table_count = inst->import_table_count;
        inst->global_count = inst->import_global_count;
        break;
    case XIP_SECTION_FUNC: expect_at(&c, (uint32_t)inst->import_count + count < XIP_NULL_FUNC, c.pos); break;
    case XIP_SECTION_TABLE: expect_at(&c, inst->import_table_count + count <= 256, c.pos); break;
    default: break;
    }
    expect_at(&c, c.pos == c.end, c.pos);
    inst->error_offset = c.pos;
    return c.bad ? XIP_ERR_MALFORMED : XIP_OK;
}

/* Sets bit g of bits[] for each mutable global g (each looked up in O(1)). */
static void mark_mutable_globals(const xip_instance *inst, uint8_t *bits)
{
    uint32_t g;
    xipi_global e;
    memset(bits, 0, (inst->global_count + 7u) / 8u);
    for (g = 0; g < inst->global_count; g++) {
        xipi_global_at(inst, g, &e);
        if (e.mutable_)
            bits[g >> 3] |= (uint8_t)(1u << (g & 7));
    }
}

xip_status xipi_verify_sections(xip_instance *inst, const uint8_t *image, uint32_t size)
{
    xipi_image img;
    sect_state s;
    uint32_t id;
    xip_status st;
    inst->image = image; /* the rest of *inst is zero */
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
    inst->code_size = img.length[XIP_SECTION_CODE];
    memset(&s, 0, sizeof s);
    for (id = 1; id <= XIP_SECTION_LAST; id++) {
        st = parse_section(inst, &img, id, &s);
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
    uint32_t i, gbytes, rbytes;
    xipi_refs_cursor refs;
    xip_status st;
    xipi_refs_begin(inst, &refs);
    rbytes = 3u * refs.max_frame; /* the reference check's state, at the end of scratch */
    gbytes = (inst->global_count + 7u) / 8u;
    if (inst->func_count && (rbytes > scratch_bytes || gbytes > scratch_bytes - rbytes))
        return XIP_ERR_BUFFER_TOO_SMALL;
    scratch_bytes -= rbytes;
    refs.state = scratch + scratch_bytes;
    memset(refs.state, 0, rbytes);
    if (inst->func_count)
        mark_mutable_globals(inst, scratch);
    for (i = 0; i < inst->func_count; i++) {
        uint32_t bad_at;
        st = verify_function(inst, i, scratch, scratch + gbytes, scratch_bytes - gbytes, &bad_at);
        if (st == XIP_OK)
            st = xipi_verify_refs(inst, i, &refs, &bad_at);
        if (st != XIP_OK) {
            inst->error_offset = inst->code + bad_at;
            return st;
        }
    }
    return XIP_OK;
}
