/*
 * xip_internal.h: what the executor's files share and the embedder does not
 * see: instance states, tables and segments, the verifier and the run loop.
 *
 * The executor's files, one job each:
 *   xip.c             life cycle: load, instantiate, call, resume, host calls, queries
 *   xip_exports.c     queries of the exports and of the last trap's site
 *   xip_link.c        API setters and getters: imported and shared globals, memory, RAM tables
 *   xip_image.c/.h    the image reader: every section entry is parsed there
 *   xip_verify.c      the verifier (sections, then bytecode)
 *   xip_verify_stack.c the stack bound (STACK section): recomputed from the bytecode and checked
 *   xip_tables.c      constant expressions (walked by xip_image.c), table reads, instantiation's segments
 *   xip_ram_tables.c  RAM tables and passive segments (XIP_EXT)
 *   xip_run.c         the run loop; xip_bulk.c its bulk memory and table slow paths
 *   xip_float.c/.h    float semantics by integer arithmetic (XIP_FLOAT)
 *
 * Everything here relies on the image having passed the verifier: the
 * accessors do no bounds checks of their own.
 */
#ifndef XIP_INTERNAL_H
#define XIP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "xip.h"
#include "xip_format.h"
#include "xip_image.h"

/*
 * Keeps a slow path out of the loop that calls it, so the loop's values stay
 * in registers, or keeps one copy of a small helper that -Os would copy into
 * each of its callers (GCC and Clang; elsewhere a no-op: the code means the same).
 */
#if defined(__GNUC__)
#define XIPI_NOINLINE __attribute__((noinline))
#else
#define XIPI_NOINLINE
#endif
/*
 * The opposite, for a helper so small that a call costs more than its body
 * where -Os still calls it (a conditional store whose condition the call
 * would have to materialize as 0 or 1).
 */
#if defined(__GNUC__)
#define XIPI_ALWAYS_INLINE __attribute__((always_inline))
#else
#define XIPI_ALWAYS_INLINE
#endif

/* inst->state: the low bits say what the instance is doing... */
enum xip_state {
    XIP_ST_NONE = 0,     /* not loaded (or the load failed) */
    XIP_ST_LOADED = 1,   /* loaded, xip_instantiate not finished */
    XIP_ST_READY = 2,    /* idle: xip_call may start a run */
    XIP_ST_HOST = 3,     /* paused at a CALL of an import inside bytecode */
    XIP_ST_HOST_TOP = 4, /* paused: xip_call called an import directly */
    XIP_ST_FUEL = 5      /* paused: out of fuel */
};
#define XIP_ST_MASK 0x0fu
/* ...and the flags: the start function has completed; a run of it is under way. */
#define XIP_ST_INSTANTIATED 0x10u
#define XIP_ST_IN_START 0x20u
/* Not loaded yet (low bits XIP_ST_NONE): xip_prepare checked the sections, xip_load_prepared may follow. */
#define XIP_ST_PREPARED 0x40u

/* Leading zero bits of x (64 for 0): the CPU's instruction where GCC or clang has it. */
static inline uint32_t xipi_clz64(uint64_t x)
{
    uint32_t n = 0;
    if (x == 0)
        return 64;
#if defined(__GNUC__)
    n = (uint32_t)__builtin_clzll(x);
#else
    while (!(x & 0x8000000000000000u)) {
        x <<= 1;
        n++;
    }
#endif
    return n;
}

/* True if [offset, offset + n) lies inside [0, size): offset + n <= size, without 64 bits. */
static inline int xipi_range_ok(uint32_t offset, uint32_t n, uint32_t size)
{
    return n <= size && offset <= size - n;
}

/* True if bytes is a whole number of pages between the memory's minimum and its (clamped) maximum. */
static inline int xipi_memory_size_ok(const xip_instance *inst, uint32_t bytes)
{
    uint32_t pages = bytes >> inst->page_log2;
    return (bytes & ((1u << inst->page_log2) - 1u)) == 0 &&
           pages >= xipi_memory_min(inst) && pages <= inst->memory_max_pages;
}

/* Stores value in global g, truncated to 32 bits unless the global is i64 or f64. */
static inline void xipi_global_store(xip_instance *inst, uint32_t g, uint64_t value)
{
    xipi_global e;
    xipi_global_at(inst, g, &e);
    inst->globals[g] = e.valtype == XIP_I64 || e.valtype == XIP_F64 ? value : (uint32_t)value;
}

/* ---- tables, segments, constant expressions (xip_tables.c, xip_ram_tables.c)
 * Table indices count imported tables first. A RAM table's entries are u32
 * references (XIP_NULL_REF = null); a flash table's are read from the image.
 * Segment drop bits live in the table buffer: DATA segment s is bit s, ELEM
 * segment s is bit data_count + s (see xip_buffers.tables). Only passive
 * segments have a live bit: the others count as dropped once instantiated.
 * The verifier must refuse writes (table.set/grow/fill/init, table.copy into
 * it) to a flash table: xipi_ram_table_at returns NULL for those.
 */

/* Entry idx of table t (flash or RAM) into *ref; returns 0 if idx is out of bounds. */
int xipi_table_get(const xip_instance *inst, uint32_t table, uint32_t idx, uint32_t *ref);

/*
 * Evaluates the (verified) cexpr at image offset *pos and moves *pos past its
 * END: i32/f32 zero-extended, references as a function index or XIP_NULL_REF.
 */
uint64_t xipi_eval_cexpr(const xip_instance *inst, uint32_t *pos);

/*
 * Instantiation: applies the ELEM then the DATA segments in order (active:
 * bounds check, copy into a RAM table or the memory, drop; declarative and
 * folded: drop; without XIP_EXT every ELEM segment is one of these).
 * Stops at the first that does not fit with XIP_TRAP_TABLE_OUT_OF_BOUNDS or
 * XIP_TRAP_MEMORY_OUT_OF_BOUNDS, keeping the writes before it.
 */
xip_status xipi_apply_segments(xip_instance *inst);

/*
 * RAM tables and passive segments: xip_ram_tables.c, built only with XIP_EXT.
 * Without it the verifier refuses images that have them, and the few calls
 * the other files make get the inline stand-ins below (no RAM table, no table
 * buffer words, nothing to reset).
 */
#if XIP_EXT
/*
 * A RAM table's entries, its size word (*size) and entry capacity (*capacity); NULL for a flash table.
 * Table t's entry in *e (filled for a flash table too: its size is e->n).
 */
uint32_t *xipi_ram_table_at(const xip_instance *inst, uint32_t table, xipi_table *e, uint32_t **size,
                           uint32_t *capacity);

/* True if segment seg of section (XIP_SECTION_DATA or XIP_SECTION_ELEM) is dropped (every non-passive one is). */
int xipi_segment_dropped(const xip_instance *inst, uint32_t section, uint32_t seg);

/* Drops segment seg of section (XIP_SECTION_DATA or XIP_SECTION_ELEM); a no-op unless it is passive. */
void xipi_drop_segment(xip_instance *inst, uint32_t section, uint32_t seg);

/*
 * Segment seg of section (XIP_SECTION_DATA or XIP_SECTION_ELEM): the image
 * offset of its bytes (DATA) or of its first item cexpr (ELEM: evaluate the
 * items in order with xipi_eval_cexpr); *count, its bytes or items, is 0
 * once dropped.
 */
uint32_t xipi_live_segment(const xip_instance *inst, uint32_t section, uint32_t seg, uint32_t *count);

/*
 * Words of table buffer the image needs: *need with the last RAM table at its
 * min (the smallest buffer xip_load accepts), *max_need at its max
 * (0xffffffff: unbounded).
 */
void xipi_table_words(const xip_instance *inst, uint32_t *need, uint32_t *max_need);

/* Sets RAM tables to their min size, all null (imported ones only if imported_too), and clears the drop bits. */
void xipi_reset_tables(xip_instance *inst, int imported_too);


/* Sets RAM table `table` to size entries within its limits and capacity (new ones null); else ARGUMENT or BUFFER_TOO_SMALL. */
xip_status xipi_resize_ram_table(xip_instance *inst, uint32_t table, uint32_t size);

#else
/* Without XIP_EXT: table t's entry in *e, and no table is a RAM table. */
static inline uint32_t *xipi_ram_table_at(const xip_instance *inst, uint32_t table, xipi_table *e,
                                         uint32_t **size, uint32_t *capacity)
{
    (void)size;
    (void)capacity;
    xipi_table_at(inst, table, e);
    return NULL;
}

/* Without XIP_EXT: the image needs no table buffer. */
static inline void xipi_table_words(const xip_instance *inst, uint32_t *need, uint32_t *max_need)
{
    (void)inst;
    *need = 0;
    *max_need = 0;
}

/* Without XIP_EXT: nothing to reset. */
static inline void xipi_reset_tables(xip_instance *inst, int imported_too)
{
    (void)inst;
    (void)imported_too;
}
#endif /* XIP_EXT */

/*
 * xip_verify.c: per opcode byte, the verifier's descriptor (low 5 bits the
 * operand shape, high 3 bits its class, see xip_verify.c); per opcode (<
 * XIP_OP_COUNT), its encoded length (BR_TABLE: the fixed part) in the
 * XIP_SCAN_LEN bits and in the high nibble the rank of its reference
 * roles' pattern (xipi_op_refs), which is XIP_SCAN_STOP >> 4 or more
 * exactly for the four calls and BR_TABLE: the scans of verified code skip
 * every other instruction with one lookup (xipi_insn_length, the stack
 * bound's walk). Two tables, not one: the length from a per-shape table
 * costs the Cortex-M4 -Os load about 6,000 instructions more on CoreMark
 * (measured).
 */
enum xip_vclass {
    XIP_VC_BAD = 0,      /* not an opcode */
    XIP_VC_NO_FLOAT = 1, /* needs XIP_FLOAT, which this build lacks */
    XIP_VC_NO_EXT = 2,   /* needs XIP_EXT, which this build lacks */
    XIP_VC_MEM = 3,      /* needs a memory (XIP_F_MEM) */
    XIP_VC_PLAIN = 4,    /* its operands are all there is to check */
    XIP_VC_TW = 5,       /* writes the table of its first TABLE operand (role TW): a RAM table */
    /* the two classes that restart the straight-run count (fuel_run_ok): one comparison */
    XIP_VC_NOFALL = 6,   /* never falls through (XIP_F_NOFALL): may end a function */
    XIP_VC_CALL = 7      /* a call (XIP_F_CALL) */
};
#define XIP_SCAN_LEN 0x0fu
#define XIP_SCAN_STOP 0xd0u /* the first stop pattern's rank, 13, << 4 (checked in xip_verify.c) */
extern const uint8_t xipi_op_desc[256];
extern const uint8_t xipi_op_scan[XIP_OP_COUNT];
extern const uint8_t xipi_op_rr[16]; /* per pattern rank: its 2-bit class roles (XIP_RR_PACK) */

/* The 2-bit class roles (xip_refs.h, XIP_RR_PACK) of the verified opcode op. */
static inline uint32_t xipi_op_refs(uint32_t op)
{
    return xipi_op_rr[xipi_op_scan[op] >> 4];
}

/* The operand shape of the verified opcode op. */
static inline uint32_t xipi_op_shape(uint32_t op)
{
    return xipi_op_desc[op] & 31u;
}

/* The length of the verified instruction at p (a BR_TABLE's with its targets). */
static inline uint32_t xipi_insn_length(const uint8_t *p)
{
    return (xipi_op_scan[p[0]] & XIP_SCAN_LEN) + (p[0] == XIP_OP_BR_TABLE ? 2u * (xip_read_u16(p + 2) + 1u) : 0u);
}

/* xip_verify.c: checks the header and every section but CODE; fills the image fields of *inst (all zero before). */
xip_status xipi_verify_sections(xip_instance *inst, const uint8_t *image, uint32_t size);

/*
 * xip_verify.c: after xipi_verify_sections, checks the bytecode of every
 * function. scratch[0..scratch_bytes) is free RAM for the instruction-start
 * bitmap. Sets inst->error_offset.
 */
xip_status xipi_verify_code(xip_instance *inst, uint8_t *scratch, uint32_t scratch_bytes);

/* ---- the reference check (xip_verify_refs.c, rule in format/xip_refs.h) ---- */

/* Where the check stands in the REFS section while xipi_verify_code walks the functions. */
typedef struct xipi_refs_cursor {
    uint32_t pos, left;  /* the next entry and how many remain */
    uint32_t max_frame;  /* the largest frame of a function with an entry */
    int needed;          /* functions without an entry must be checked too */
    uint8_t *state;      /* the caller's: 3 * max_frame bytes, zero before the first function (and left so) */
} xipi_refs_cursor;

/* Field k (0..3) of shape (< XIP_SHAPE_COUNT): xip_shape_field, whose table the step links here once. */
uint32_t xipi_shape_field(uint32_t shape, uint32_t k);

/* True if the image could let a reference escape a function without an entry. */
int xipi_refs_needed(const xip_instance *inst);

/* Checks the REFS section body at c (count entries) against FUNC and CODE. */
void xipi_parse_refs(const xip_instance *inst, xipi_cursor *c, uint32_t count);

/* Starts a walk of the (checked) REFS section; the check needs 3 * max_frame bytes of state. */
void xipi_refs_begin(const xip_instance *inst, xipi_refs_cursor *cur);

/*
 * The reference check of defined function i (its bytecode already verified),
 * functions taken in increasing order, with cur->state set. On failure
 * *bad_at is the CODE-relative offset of the instruction refused.
 */
xip_status xipi_verify_refs(const xip_instance *inst, uint32_t i, xipi_refs_cursor *cur, uint32_t *bad_at);
/* ---- the stack bound (xip_verify_stack.c) ---- */

/* What xipi_stack_bound finds. */
typedef struct xipi_stack_info {
    uint32_t bounded;  /* 1: the call graph has no cycle and slots, frames hold */
    uint32_t slots;    /* the deepest value stack of any call (xip_call of any function) */
    uint32_t frames;   /* the most frame records of any call */
    uint32_t cycle_at; /* not bounded: image offset of a call that closes a cycle */
    uint32_t scratch;  /* bounded: the scratch slots the computation used */
} xipi_stack_info;

/*
 * Computes the stack bound of the verified code of inst in time linear in
 * its size, with scratch[0..scratch_slots) as working RAM (one slot per
 * function and per type, then at most as many again). XIP_OK (bounded),
 * XIP_ERR_BAD_CODE (a cycle: info->cycle_at) or XIP_ERR_BUFFER_TOO_SMALL.
 * After XIP_OK, xipi_stack_func reads each function's figures from scratch.
 */
xip_status xipi_stack_bound(const xip_instance *inst, uint64_t *scratch, uint32_t scratch_slots,
                            xipi_stack_info *info);

/* After xipi_stack_bound returned XIP_OK: the figures of a call of defined function `defined`. */
void xipi_stack_func(const uint64_t *scratch, uint32_t defined, uint32_t *slots, uint32_t *frames);

/* The largest frame and the largest call base (the slots one nested call adds at most) of the verified code. */
void xipi_stack_costs(const xip_instance *inst, uint32_t *max_frame, uint32_t *max_base);

/* xip_verify.c's STACK case: checks the body's shape (u32 slots >= 1, u16 frames) and notes its offset. */
void xipi_parse_stack(xip_instance *inst, xipi_cursor *c);

/*
 * After xipi_verify_code: with a STACK section, XIP_ERR_STACK_TOO_SMALL if
 * the buffers are below its figures, XIP_ERR_MALFORMED if the bytecode needs
 * more than they say (or has a cycle); the stack buffer is the scratch RAM.
 */
xip_status xipi_check_stack(xip_instance *inst, const xip_buffers *buffers);

/*
 * xip_run.c: sets up a frame of defined function func at stack slot
 * new_base, called from a frame at cur_base that continues at return_pc
 * (pushes a record unless this is the outermost frame, top != 0).
 * Returns XIP_OK or XIP_TRAP_CALL_STACK_EXHAUSTED.
 */
xip_status xipi_enter(xip_instance *inst, uint32_t defined, uint32_t new_base, int top,
                     uint32_t cur_base, uint32_t return_pc);

/* xip_run.c: runs from inst->pc in the frame at inst->base until it finishes, pauses or traps. */
xip_status xipi_run(xip_instance *inst);
/* n / d (d != 0) with *rem = n % d, by shift and subtract (XIP_SMALL_DIV64). */
uint64_t xipi_divmod_u64(uint64_t n, uint64_t d, uint64_t *rem);

#endif /* XIP_INTERNAL_H */
