/*
 * xip_run.c: the interpreter. One loop of short handlers, one per row of
 * opcodes.def, built as computed goto (XIP_DISPATCH_GOTO=1) or as a switch.
 * The verifier has checked every operand, so handlers decode without checks;
 * they check memory bounds, division and the call stack. Slow paths (calls,
 * memory.grow, traps) live out of line or after the handlers.
 *
 * Registers: R = stack + base of the current frame; R[x] is a 64-bit slot.
 * i32 values live zero-extended. Each handler reads its sources before it
 * writes its destination, so d may equal a source.
 */
#include "xip_bulk.h"
#include "xip_fuel.h"
#include "xip_internal.h"

#if XIP_FLOAT
#include "xip_float.h"
#endif

/*
 * Dispatch. CASE(name) starts the handler of XIP_OP_name and sets len to that
 * row's encoded length (XIP_LEN_name, from its shape in opcodes.def), so a
 * handler steps with `pc += len`: a constant the compiler folds into the add.
 * A handler shared by several rows starts with ROW_LABEL(A) ... CASE(Z): the
 * labels of the other rows, then CASE of the last one (len is Z's, so such a
 * handler takes the lengths from elsewhere). NEXT() dispatches the
 * instruction at pc. The computed-goto table is expanded from opcodes.def
 * and needs a label for every row: the rows of a feature this build leaves
 * out (FLOAT with XIP_FLOAT=0, EXT with XIP_EXT=0) get theirs on one trapping
 * handler, also expanded from the table (the verifier lets none through).
 */
#if XIP_DISPATCH_GOTO && !defined(__GNUC__)
#error "XIP_DISPATCH_GOTO=1 needs computed goto (GCC or clang); build with XIP_DISPATCH_GOTO=0"
#endif
/*
 * Computed goto (`&&label`, `goto *p`) is the GNU C extension the goto build
 * asks for by name: -pedantic is told so for this file alone (popped at its
 * end), so firmware builds with -pedantic -Werror stay warning-free.
 */
#if XIP_DISPATCH_GOTO
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
/*
 * Profiling (host CLI only): cli/profile_run.c compiles this file a second
 * time with XIP_PROFILE=1 into xip_run_profiled, whose every dispatch counts
 * its opcode and the pair (previous opcode, opcode) in counts[] (layout in
 * cli/profile.h). The CLI's own xip_run.o is built with
 * XIP_PROFILE_HOOK=1: on entry it asks cli/profile.c whether inst is being
 * profiled (one call per run or resume, none per instruction). Device builds
 * define neither, so their loop has no trace of this.
 */
#ifndef XIP_PROFILE
#define XIP_PROFILE 0
#endif
#ifndef XIP_PROFILE_HOOK
#define XIP_PROFILE_HOOK 0
#endif
#if XIP_PROFILE || XIP_PROFILE_HOOK
#include "cli/profile.h" /* the counter layout, xip_profile_counters, xip_run_profiled */
#endif
#if XIP_PROFILE
/* Counts one dispatch of opcode op. */
static inline void profile_count(uint64_t *counts, uint32_t op)
{
    uint64_t prev = counts[XIP_PROFILE_PREV];
    counts[XIP_PROFILE_OP + op]++;
    if (prev < 256)
        counts[XIP_PROFILE_PAIR + 256 * prev + op]++;
    counts[XIP_PROFILE_PREV] = op;
}
#define PROFILE_COUNT() profile_count(counts, *pc)
#else
#define PROFILE_COUNT() ((void)0)
#endif

#if XIP_DISPATCH_GOTO
#define XIP_USE_GOTO 1
#define ROW_LABEL(name) L_##name:
#define CASE(name) L_##name: len = XIP_LEN_##name;
#if XIP_PROFILE
#define NEXT() do { PROFILE_COUNT(); goto *dispatch[*pc]; } while (0)
#else
#define NEXT() goto *dispatch[*pc]
#endif
#else
#define XIP_USE_GOTO 0
#define ROW_LABEL(name) case XIP_OP_##name:
#define CASE(name) case XIP_OP_##name: len = XIP_LEN_##name;
#define NEXT() continue
#endif

/*
 * TAKE(t) takes the branch at pc to pc + t. Every taken branch, forward or
 * backward, costs one fuel (xip_fuel.h): with the verifier's XIP_FUEL_RUN
 * that bounds the straight-line work one unit buys. With none left the run
 * pauses at the branch, which runs again on resume. With computed
 * goto the branch is taken inside each handler, so each has its own
 * dispatch (measured: 44 k fewer x86 instructions per CoreMark iteration);
 * the switch build, which has one dispatch anyway, shares one tail (branch:)
 * and stays smaller. A plain block, not do-while: NEXT() is `continue` in
 * the switch build.
 */
#if XIP_DISPATCH_GOTO
#define TAKE(t)                                                                                    \
    {                                                                                              \
        int32_t take_ = (t);                                                                       \
        if (fuel == 0)                                                                             \
            goto out_of_fuel;                                                                      \
        fuel--;                                                                                    \
        pc += take_;                                                                               \
        NEXT();                                                                                    \
    }
#else
#define TAKE(t)                                                                                    \
    {                                                                                              \
        off = (t);                                                                                 \
        goto branch;                                                                               \
    }
#endif

/* Labels for the rows of the features this build lacks (the FEATURE column). */
#define XIP_LEFT_OUT_CORE(name)
#if XIP_FLOAT
#define XIP_LEFT_OUT_FLOAT(name)
#else
#define XIP_LEFT_OUT_FLOAT(name) ROW_LABEL(name)
#endif
#if XIP_EXT
#define XIP_LEFT_OUT_EXT(name)
#else
#define XIP_LEFT_OUT_EXT(name) ROW_LABEL(name)
#endif

/* Operands of the RR/RRR/RRRR/RRK16/MEM shapes: d, a, b, c. */
#define RD R[pc[1]]
#define RA R[pc[2]]
#define RB R[pc[3]]
#define RC R[pc[4]]
#define K16_3 k16_u32(pc + 3)                  /* RRK16 immediate as u32 */
#define U16_3 ((uint32_t)xip_read_u16(pc + 3))           /* RRU16 immediate */

/* The i16 stored little-endian at p, sign-extended to 32 bits, as a u32. */
static inline uint32_t k16_u32(const uint8_t *p)
{
    int32_t k = xip_read_i16(p);
    return (uint32_t)k;
}

/* (i32)x without implementation-defined conversions. */
static inline int32_t s32(uint64_t x)
{
    uint32_t u = (uint32_t)x;
    return u >= 0x80000000u ? -(int32_t)(~u) - 1 : (int32_t)u;
}

/* (i64)x without implementation-defined conversions. */
static inline int64_t s64(uint64_t x)
{
    return x >= 0x8000000000000000u ? -(int64_t)(~x) - 1 : (int64_t)x;
}

/* Arithmetic right shift of a u32 by k (0..31). */
static inline uint32_t sar32(uint32_t x, uint32_t k)
{
    uint32_t sign = 0u - (x >> 31);
    return ((x ^ sign) >> k) ^ sign;
}

/* Arithmetic right shift of a u64 by k (0..63). */
static inline uint64_t sar64(uint64_t x, uint32_t k)
{
    uint64_t sign = 0u - (x >> 63);
    return ((x ^ sign) >> k) ^ sign;
}

/* Rotations (k taken modulo the width). */
static inline uint32_t rotl32(uint32_t x, uint32_t k)
{
    k &= 31;
    return (x << k) | (x >> ((32 - k) & 31));
}

static inline uint64_t rotl64(uint64_t x, uint32_t k)
{
    k &= 63;
    return (x << k) | (x >> ((64 - k) & 63));
}

/* Leading zero bits of x (64 for 0). */
static uint32_t clz64(uint64_t x)
{
    uint32_t n = 0;
    if (x == 0)
        return 64;
    while (!(x & 0x8000000000000000u)) {
        x <<= 1;
        n++;
    }
    return n;
}

/* Trailing zero bits of x (64 for 0). */
static uint32_t ctz64(uint64_t x)
{
    uint32_t n = 0;
    if (x == 0)
        return 64;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
}

/* One bits of x. */
static uint32_t popcnt64(uint64_t x)
{
    uint32_t n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

/* Sign-extends the low `bits` bits of x to 64 bits. */
static inline uint64_t sext(uint64_t x, uint32_t bits)
{
    uint64_t m = (uint64_t)1 << (bits - 1);
    x &= (m << 1) - 1;
    return (x ^ m) - m;
}

/*
 * Memory bounds: an access of `size` bytes at ea = (u32)addr + offset is in
 * bounds when ea + size <= memory size, that is ea < lim = memory size -
 * size + 1 (0 when the memory is smaller than size). The run loop keeps one
 * lim per access size, set whenever the memory size changes, so a check is
 * one add and one compare. On 64-bit hosts ea is computed in 64 bits; on
 * 32-bit CPUs it is checked as offset < lim && addr < lim - offset.
 */
#if UINTPTR_MAX > 0xffffffffu
typedef uint64_t mem_limit;
#else
typedef uint32_t mem_limit;
#endif

typedef struct mem_limits {
    mem_limit b1, b2, b4, b8; /* lim for 1-, 2-, 4- and 8-byte accesses */
} mem_limits;

/* The limits for a memory of mem_bytes bytes. */
static inline mem_limits limits_for(uint32_t mem_bytes)
{
    mem_limits l;
    l.b1 = mem_bytes;
    l.b2 = mem_bytes >= 2 ? (mem_limit)mem_bytes - 1 : 0;
    l.b4 = mem_bytes >= 4 ? (mem_limit)mem_bytes - 3 : 0;
    l.b8 = mem_bytes >= 8 ? (mem_limit)mem_bytes - 7 : 0;
    return l;
}

/* True if the access at (u32)addr + offset whose size has limit lim lies inside memory. */
static inline int in_bounds(uint64_t addr, uint32_t offset, mem_limit lim)
{
#if UINTPTR_MAX > 0xffffffffu
    return (uint64_t)(uint32_t)addr + offset < lim;
#else
    return offset < lim && (uint32_t)addr < lim - offset;
#endif
}

/* Sets what the instance is doing (the low state bits), keeping the flags. */
static inline void set_state(xip_instance *inst, enum xip_state st)
{
    inst->state = (uint8_t)((inst->state & ~XIP_ST_MASK) | st);
}

/* Fuel for growing memory by delta pages: the bytes to zero, 0 if the grow fails. */
static inline uint32_t grow_fuel(const xip_instance *inst, uint32_t delta)
{
    uint32_t old = inst->memory_bytes >> inst->page_log2;
    if (delta > inst->memory_max_pages - old)
        return 0;
    return (uint32_t)((((uint64_t)delta << inst->page_log2) + (1u << XIP_FUEL_BYTES_LOG2) - 1u) >>
                      XIP_FUEL_BYTES_LOG2);
}

/* Grows memory by delta pages; returns the old size in pages or 0xffffffff. */
static uint32_t grow(xip_instance *inst, uint32_t delta)
{
    uint32_t old = inst->memory_bytes >> inst->page_log2;
    if (delta > inst->memory_max_pages - old)
        return 0xffffffffu;
    if (delta) {
        uint32_t bytes = (old + delta) << inst->page_log2;
        memset(inst->memory + inst->memory_bytes, 0, bytes - inst->memory_bytes);
        inst->memory_bytes = bytes;
    }
    return old;
}

#define NO_FRAME 0xffffffffu /* enter_frame: the stack or the frame records ran out */

/*
 * Sets up a frame of defined function `defined` at stack slot new_base for a
 * caller at cur_base continuing at return_pc (pushes its record unless top):
 * zeroes the locals that are not parameters (the arguments are in place).
 * Returns the function's code offset, or NO_FRAME. Inlined into CALL.
 */
static inline uint32_t enter_frame(xip_instance *inst, uint32_t defined, uint32_t new_base, int top,
                                   uint32_t cur_base, uint32_t return_pc)
{
    const uint8_t *e = xipi_func_entry(inst, defined); /* its fuel was paid: xipi_call_fuel */
    uint32_t frame = xip_read_u16(e + XIP_FUNC_FRAME), np = e[XIP_FUNC_NPARAMS];
    uint32_t nlocals = xip_read_u16(e + XIP_FUNC_NLOCALS);
    if (new_base > inst->stack_slots || frame > inst->stack_slots - new_base)
        return NO_FRAME;
    if (!top) {
        xip_frame *f;
        if (inst->depth >= inst->frame_capacity)
            return NO_FRAME;
        f = &inst->frames[inst->depth++];
        f->return_pc = return_pc;
        f->base = cur_base;
        f->func = (uint16_t)inst->func;
    }
    if (nlocals > np) /* most functions write their locals before reading them: no call */
        memset(inst->stack + new_base + np, 0, (nlocals - np) * sizeof(uint64_t));
    inst->func = defined;
    return xip_read_u32(e + XIP_FUNC_CODE);
}

#if !XIP_PROFILE /* the profiled build adds only its run loop */
xip_status xipi_enter(xip_instance *inst, uint32_t defined, uint32_t new_base, int top,
                     uint32_t cur_base, uint32_t return_pc)
{
    uint32_t at = enter_frame(inst, defined, new_base, top, cur_base, return_pc);
    if (at == NO_FRAME)
        return XIP_TRAP_CALL_STACK_EXHAUSTED;
    inst->pc = at;
    inst->base = new_base;
    return XIP_OK;
}
#endif

/* CALL f with frame base cur_base + b: pauses for imports and host references, else enters f. */
static xip_status call(xip_instance *inst, uint32_t f, uint32_t cur_base, uint32_t b,
                       uint32_t return_pc)
{
    if (f < inst->import_count || f >= XIP_HOST_REF_BASE) {
        inst->host_import = f;
        inst->host_base = cur_base + b;
        inst->pc = return_pc;
        inst->base = cur_base;
        set_state(inst, XIP_ST_HOST);
        return XIP_HOST_CALL;
    }
    return xipi_enter(inst, f - inst->import_count, cur_base + b, 0, cur_base, return_pc);
}

/*
 * CALL_INDIRECT (instruction at p): resolves entry (u32)idx of table t (flash
 * or RAM) against type y, then calls. A RAM table may hold anything the host
 * or an externref wrote, so a non-function entry traps as a mismatch, except
 * a host reference (>= XIP_HOST_REF_BASE), which pauses like an import call.
 * Pays from inst->fuel (xip_fuel.h): 1 and the table lookup, plus the
 * callee (an import's type lookup walks the imports; a defined callee's
 * locals are zeroed), all before the call, or XIP_OUT_OF_FUEL taking
 * nothing; the lookup runs only when the fuel left covers its price. A trap
 * takes the lookup's price.
 */
static xip_status call_indirect(xip_instance *inst, const uint8_t *p, uint64_t idx,
                                uint32_t cur_base, uint32_t return_pc)
{
    uint32_t f, w = 1u + xipi_table_walk_fuel(inst, p[3]), need = w;
    xip_status trap = XIP_OK;
    if (!xipi_fuel_covers(inst, w) || xipi_fuel_memo_short(inst))
        return XIP_OUT_OF_FUEL;
    if (!xipi_table_get(inst, p[3], (uint32_t)idx, &f))
        trap = XIP_TRAP_UNDEFINED_ELEMENT;
    else if (f == XIP_NULL_REF)
        trap = XIP_TRAP_UNINITIALIZED_ELEMENT;
    else if (f < XIP_HOST_REF_BASE && f >= (uint32_t)inst->import_count + inst->func_count)
        trap = XIP_TRAP_INDIRECT_CALL_MISMATCH;
    else if (f < inst->import_count)
        need += xipi_fuel_for(2u * (f + 1u), XIP_FUEL_STEPS_LOG2); /* an import: 2 steps */
    else
        need += xipi_call_fuel(inst, f) - 1u;
    if (trap != XIP_OK) {
        (void)xipi_take_fuel(inst, w);
        inst->fuel_need = 0;
        return trap;
    }
    if (!xipi_take_fuel(inst, need))
        return xipi_fuel_paused(inst, need);
    inst->fuel_need = 0;
    inst->host_type = xip_read_u16(p + 1); /* for a host reference (call pauses) */
    if (f < XIP_HOST_REF_BASE && xipi_func_type_index(inst, f) != xip_read_u16(p + 1))
        return XIP_TRAP_INDIRECT_CALL_MISMATCH;
    return call(inst, f, cur_base, p[0] == XIP_OP_CALL_INDIRECT ? p[5] : xip_read_u16(p + 5), return_pc);
}

#if XIP_FLOAT
/* Float values from and to their bit patterns (memcpy: no type punning). */
static inline float f32v(uint64_t bits)
{
    uint32_t u = (uint32_t)bits;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static inline uint64_t f32b(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static inline double f64v(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

static inline uint64_t f64b(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}
#endif

#if XIP_PROFILE
xip_status xip_run_profiled(xip_instance *inst, uint64_t *counts)
#else
xip_status xipi_run(xip_instance *inst)
#endif
{
#if XIP_USE_GOTO
    static const void *const dispatch[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) &&L_##name,
#include "opcodes.def"
#undef OP
    };
#endif
    const uint8_t *const code = inst->image + inst->code;
    const uint8_t *pc = code + inst->pc;
    uint64_t *const stack = inst->stack;
    uint64_t *R = stack + inst->base;
    uint64_t *const globals = inst->globals;
    uint8_t *const mem = inst->memory;
    mem_limits lim = limits_for(inst->memory_bytes);
    uint32_t fuel = inst->fuel;
    uint32_t nres = 0;
    uint32_t len = 0;   /* encoded length of the row being run: set by CASE */
#if !XIP_USE_GOTO
    int32_t off = 0;    /* offset of a taken branch (TAKE) */
#endif
#if XIP_FLOAT
    uint64_t tv;        /* result of a trapping truncation */
#endif
    xip_status status = XIP_OK;
#if XIP_PROFILE_HOOK && !XIP_PROFILE
    uint64_t *counts = xip_profile_counters(inst);
    if (counts != NULL)
        return xip_run_profiled(inst, counts);
#endif

#if XIP_USE_GOTO
    NEXT();
#else
    for (;;) {
        PROFILE_COUNT();
        switch (*pc) {
#endif

    /* ---- control ---- */
    CASE(UNREACHABLE) { status = XIP_TRAP_UNREACHABLE; goto trap; }
    CASE(JMP) TAKE(xip_read_i16(pc + 1))
    CASE(JZ) { if ((uint32_t)R[pc[1]] == 0) TAKE(xip_read_i16(pc + 2)); pc += len; NEXT(); }
    CASE(JNZ) { if ((uint32_t)R[pc[1]] != 0) TAKE(xip_read_i16(pc + 2)); pc += len; NEXT(); }
    CASE(BR_TABLE) {
        uint32_t i = (uint32_t)R[pc[1]], n = xip_read_u16(pc + 2);
        TAKE(xip_read_i16(pc + 4 + 2 * (i < n ? i : n)));
    }
    CASE(RET) {
        uint32_t a = pc[1], i;
        const xip_frame *f;
        if (fuel == 0)
            goto out_of_fuel;
        fuel--;
        nres = pc[2];
        for (i = 0; i < nres; i++)
            R[i] = R[a + i];
        if (inst->depth == 0)
            goto finished;
        f = &inst->frames[--inst->depth];
        pc = code + f->return_pc;
        R = stack + f->base;
        inst->func = f->func;
        NEXT();
    }
    CASE(CALL) {
        uint32_t f = xip_read_u16(pc + 1), need = xipi_call_fuel(inst, f);
        if (need > fuel)
            goto out_of_fuel;
        fuel -= need;
        if (f >= inst->import_count) { /* a defined function: entered here */
            uint32_t cur = (uint32_t)(R - stack), at;
            at = enter_frame(inst, f - inst->import_count, cur + pc[3], 0, cur, (uint32_t)(pc + len - code));
            if (at == NO_FRAME) {
                status = XIP_TRAP_CALL_STACK_EXHAUSTED;
                goto trap;
            }
            R += pc[3];
            pc = code + at;
            NEXT();
        }
        status = call(inst, f, (uint32_t)(R - stack), pc[3], (uint32_t)(pc + len - code));
        if (status != XIP_OK)
            goto call_stopped;
        pc = code + inst->pc;
        R = stack + inst->base;
        NEXT();
    }
    CASE(CALL_INDIRECT) {
        inst->fuel = fuel; /* call_indirect pays from inst->fuel */
        status = call_indirect(inst, pc, (uint32_t)R[pc[4]], (uint32_t)(R - stack),
                               (uint32_t)(pc + len - code));
        fuel = inst->fuel;
        if (status != XIP_OK)
            goto call_stopped;
        pc = code + inst->pc;
        R = stack + inst->base;
        NEXT();
    }

    /* ---- fused compare and branch: i32 registers ---- */
#define RRJ_A ((uint32_t)R[pc[1]])
#define RRJ_B ((uint32_t)R[pc[2]])
#define RRJ_T xip_read_i16(pc + 3)
    CASE(JEQ) { if (RRJ_A == RRJ_B) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JNE) { if (RRJ_A != RRJ_B) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JLT_S) { if (s32(RRJ_A) < s32(RRJ_B)) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JLT_U) { if (RRJ_A < RRJ_B) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JGT_S) { if (s32(RRJ_A) > s32(RRJ_B)) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JGT_U) { if (RRJ_A > RRJ_B) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JLE_S) { if (s32(RRJ_A) <= s32(RRJ_B)) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JLE_U) { if (RRJ_A <= RRJ_B) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JGE_S) { if (s32(RRJ_A) >= s32(RRJ_B)) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JGE_U) { if (RRJ_A >= RRJ_B) TAKE(RRJ_T); pc += len; NEXT(); }

    /* ---- fused compare with an immediate and branch ---- */
#define RKJ_K k16_u32(pc + 2)
#define RKJ_T xip_read_i16(pc + 4)
    CASE(JEQ_I) { if (RRJ_A == RKJ_K) TAKE(RKJ_T); pc += len; NEXT(); }
    CASE(JNE_I) { if (RRJ_A != RKJ_K) TAKE(RKJ_T); pc += len; NEXT(); }
    CASE(JLT_S_I) { if (s32(RRJ_A) < s32(RKJ_K)) TAKE(RKJ_T); pc += len; NEXT(); }
    CASE(JLT_U_I) { if (RRJ_A < RKJ_K) TAKE(RKJ_T); pc += len; NEXT(); }
    CASE(JGT_S_I) { if (s32(RRJ_A) > s32(RKJ_K)) TAKE(RKJ_T); pc += len; NEXT(); }
    CASE(JGT_U_I) { if (RRJ_A > RKJ_K) TAKE(RKJ_T); pc += len; NEXT(); }
    CASE(JLE_S_I) { if (s32(RRJ_A) <= s32(RKJ_K)) TAKE(RKJ_T); pc += len; NEXT(); }
    CASE(JLE_U_I) { if (RRJ_A <= RKJ_K) TAKE(RKJ_T); pc += len; NEXT(); }
    CASE(JGE_S_I) { if (s32(RRJ_A) >= s32(RKJ_K)) TAKE(RKJ_T); pc += len; NEXT(); }
    CASE(JGE_U_I) { if (RRJ_A >= RKJ_K) TAKE(RKJ_T); pc += len; NEXT(); }
    CASE(I32_ADD_I_JNZ) { uint32_t v = (uint32_t)(RRJ_A + RKJ_K); RD = v; if (v != 0) TAKE(RKJ_T); pc += len; NEXT(); }
    CASE(I32_ADD_I_JZ) { uint32_t v = (uint32_t)(RRJ_A + RKJ_K); RD = v; if (v == 0) TAKE(RKJ_T); pc += len; NEXT(); }

    /* ---- fused compare and branch: i64 ---- */
#define RRJ_A64 R[pc[1]]
#define RRJ_B64 R[pc[2]]
    CASE(JEQ64) { if (RRJ_A64 == RRJ_B64) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JNE64) { if (RRJ_A64 != RRJ_B64) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JLT_S64) { if (s64(RRJ_A64) < s64(RRJ_B64)) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JLT_U64) { if (RRJ_A64 < RRJ_B64) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JGT_S64) { if (s64(RRJ_A64) > s64(RRJ_B64)) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JGT_U64) { if (RRJ_A64 > RRJ_B64) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JLE_S64) { if (s64(RRJ_A64) <= s64(RRJ_B64)) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JLE_U64) { if (RRJ_A64 <= RRJ_B64) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JGE_S64) { if (s64(RRJ_A64) >= s64(RRJ_B64)) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JGE_U64) { if (RRJ_A64 >= RRJ_B64) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JZ64) { if (RRJ_A64 == 0) TAKE(xip_read_i16(pc + 2)); pc += len; NEXT(); }
    CASE(JNZ64) { if (RRJ_A64 != 0) TAKE(xip_read_i16(pc + 2)); pc += len; NEXT(); }

    /* ---- moves, constants, select, globals, far locals ---- */
    CASE(MOV) { RD = RA; pc += len; NEXT(); }
    CASE(CONST32) { RD = xip_read_u32(pc + 2); pc += len; NEXT(); }
    CASE(CONST64) { RD = xip_read_u64(pc + 2); pc += len; NEXT(); }
    CASE(CONST_I16) { RD = k16_u32(pc + 2); pc += len; NEXT(); }
    CASE(CONST64_I16) { RD = (uint64_t)(int64_t)xip_read_i16(pc + 2); pc += len; NEXT(); }
    CASE(SELECT) { RD = (uint32_t)RC ? RA : RB; pc += len; NEXT(); }
    CASE(GLOBAL_GET) { RD = globals[xip_read_u16(pc + 2)]; pc += len; NEXT(); }
    CASE(GLOBAL_SET) { globals[xip_read_u16(pc + 2)] = RD; pc += len; NEXT(); }
    CASE(LOCAL_LOAD_FAR) { RD = R[xip_read_u16(pc + 2)]; pc += len; NEXT(); }
    CASE(LOCAL_STORE_FAR) { R[xip_read_u16(pc + 2)] = RD; pc += len; NEXT(); }

    /* ---- memory: MEM_OK(size) checks the access, MEM_P is its first byte ---- */
#define MEM_OK(size) in_bounds(RA, xip_read_u16(pc + 3), lim.b##size)
#define MEM_P (mem + (uint32_t)RA + xip_read_u16(pc + 3))
    CASE(LOAD32) { if (!MEM_OK(4)) goto trap_oob; RD = xip_read_u32(MEM_P); pc += len; NEXT(); }
    CASE(LOAD64) { if (!MEM_OK(8)) goto trap_oob; RD = xip_read_u64(MEM_P); pc += len; NEXT(); }
    CASE(LOAD8_S32) { if (!MEM_OK(1)) goto trap_oob; RD = (uint32_t)sext(MEM_P[0], 8); pc += len; NEXT(); }
    CASE(LOAD8_U) { if (!MEM_OK(1)) goto trap_oob; RD = MEM_P[0]; pc += len; NEXT(); }
    CASE(LOAD16_S32) { if (!MEM_OK(2)) goto trap_oob; RD = (uint32_t)sext(xip_read_u16(MEM_P), 16); pc += len; NEXT(); }
    CASE(LOAD16_U) { if (!MEM_OK(2)) goto trap_oob; RD = xip_read_u16(MEM_P); pc += len; NEXT(); }
    CASE(LOAD8_S64) { if (!MEM_OK(1)) goto trap_oob; RD = sext(MEM_P[0], 8); pc += len; NEXT(); }
    CASE(LOAD16_S64) { if (!MEM_OK(2)) goto trap_oob; RD = sext(xip_read_u16(MEM_P), 16); pc += len; NEXT(); }
    CASE(LOAD32_S64) { if (!MEM_OK(4)) goto trap_oob; RD = sext(xip_read_u32(MEM_P), 32); pc += len; NEXT(); }
    CASE(STORE8) { if (!MEM_OK(1)) goto trap_oob; MEM_P[0] = (uint8_t)RD; pc += len; NEXT(); }
    CASE(STORE16) { if (!MEM_OK(2)) goto trap_oob; xip_write_u16(MEM_P, (uint16_t)RD); pc += len; NEXT(); }
    CASE(STORE32) { if (!MEM_OK(4)) goto trap_oob; xip_write_u32(MEM_P, (uint32_t)RD); pc += len; NEXT(); }
    CASE(STORE64) { if (!MEM_OK(8)) goto trap_oob; xip_write_u64(MEM_P, RD); pc += len; NEXT(); }
    CASE(ADDR_FAR) {
        uint32_t a = (uint32_t)RA, k = xip_read_u32(pc + 3);
        if (!in_bounds(a, k, lim.b1))
            goto trap_oob;
        RD = a + k;
        pc += len;
        NEXT();
    }
    CASE(MEMORY_SIZE) { RD = inst->memory_bytes >> inst->page_log2; pc += len; NEXT(); }
    CASE(MEMORY_GROW) {
        uint32_t need = grow_fuel(inst, (uint32_t)RA), old;
        if (need > fuel)
            goto out_of_fuel;
        fuel -= need;
        old = grow(inst, (uint32_t)RA);
        lim = limits_for(inst->memory_bytes);
        RD = old;
        pc += len;
        NEXT();
    }

    /* ---- i32 ---- */
#define A32 ((uint32_t)RA)
#define B32 ((uint32_t)RB)
    CASE(I32_EQZ) { RD = A32 == 0; pc += len; NEXT(); }
    CASE(I32_EQ) { RD = A32 == B32; pc += len; NEXT(); }
    CASE(I32_NE) { RD = A32 != B32; pc += len; NEXT(); }
    CASE(I32_LT_S) { RD = s32(A32) < s32(B32); pc += len; NEXT(); }
    CASE(I32_LT_U) { RD = A32 < B32; pc += len; NEXT(); }
    CASE(I32_GT_S) { RD = s32(A32) > s32(B32); pc += len; NEXT(); }
    CASE(I32_GT_U) { RD = A32 > B32; pc += len; NEXT(); }
    CASE(I32_LE_S) { RD = s32(A32) <= s32(B32); pc += len; NEXT(); }
    CASE(I32_LE_U) { RD = A32 <= B32; pc += len; NEXT(); }
    CASE(I32_GE_S) { RD = s32(A32) >= s32(B32); pc += len; NEXT(); }
    CASE(I32_GE_U) { RD = A32 >= B32; pc += len; NEXT(); }
    CASE(I32_CLZ) { RD = clz64(A32) - 32; pc += len; NEXT(); }
    CASE(I32_CTZ) { uint32_t a = A32; RD = a ? ctz64(a) : 32; pc += len; NEXT(); }
    CASE(I32_POPCNT) { RD = popcnt64(A32); pc += len; NEXT(); }
    CASE(I32_ADD) { RD = (uint32_t)(RA + RB); pc += len; NEXT(); }
    CASE(I32_SUB) { RD = (uint32_t)(RA - RB); pc += len; NEXT(); }
    CASE(I32_MUL) { RD = (uint32_t)(A32 * B32); pc += len; NEXT(); }
    CASE(I32_DIV_S) {
        int32_t a = s32(RA), b = s32(RB);
        if (b == 0)
            goto trap_div0;
        if (a == INT32_MIN && b == -1)
            goto trap_overflow;
        RD = (uint32_t)(a / b);
        pc += len;
        NEXT();
    }
    CASE(I32_DIV_U) { uint32_t a = A32, b = B32; if (b == 0) goto trap_div0; RD = a / b; pc += len; NEXT(); }
    CASE(I32_REM_S) {
        int32_t a = s32(RA), b = s32(RB);
        if (b == 0)
            goto trap_div0;
        RD = b == -1 ? 0 : (uint32_t)(a % b);
        pc += len;
        NEXT();
    }
    CASE(I32_REM_U) { uint32_t a = A32, b = B32; if (b == 0) goto trap_div0; RD = a % b; pc += len; NEXT(); }
    CASE(I32_AND) { RD = A32 & B32; pc += len; NEXT(); }
    CASE(I32_OR) { RD = A32 | B32; pc += len; NEXT(); }
    CASE(I32_XOR) { RD = A32 ^ B32; pc += len; NEXT(); }
    CASE(I32_SHL) { RD = (uint32_t)(A32 << (B32 & 31)); pc += len; NEXT(); }
    CASE(I32_SHR_S) { RD = sar32(A32, B32 & 31); pc += len; NEXT(); }
    CASE(I32_SHR_U) { RD = A32 >> (B32 & 31); pc += len; NEXT(); }
    CASE(I32_ROTL) { RD = rotl32(A32, B32); pc += len; NEXT(); }
    CASE(I32_ROTR) { RD = rotl32(A32, 32 - (B32 & 31)); pc += len; NEXT(); }
    CASE(I32_EXTEND8_S) { RD = (uint32_t)sext(RA, 8); pc += len; NEXT(); }
    CASE(I32_EXTEND16_S) { RD = (uint32_t)sext(RA, 16); pc += len; NEXT(); }
    CASE(I32_WRAP) { RD = A32; pc += len; NEXT(); }

    /* ---- i32 with an immediate ---- */
    CASE(I32_ADD_I) { RD = (uint32_t)(A32 + K16_3); pc += len; NEXT(); }
    CASE(I32_MUL_I) { RD = (uint32_t)(A32 * K16_3); pc += len; NEXT(); }
    CASE(I32_AND_I) { RD = A32 & K16_3; pc += len; NEXT(); }
    CASE(I32_OR_I) { RD = A32 | K16_3; pc += len; NEXT(); }
    CASE(I32_XOR_I) { RD = A32 ^ K16_3; pc += len; NEXT(); }
    CASE(I32_AND_U) { RD = A32 & U16_3; pc += len; NEXT(); }
    CASE(I32_OR_U) { RD = A32 | U16_3; pc += len; NEXT(); }
    CASE(I32_XOR_U) { RD = A32 ^ U16_3; pc += len; NEXT(); }
    CASE(I32_SHR_U_AND_I) { RD = (A32 >> (pc[3] & 31)) & k16_u32(pc + 5); pc += len; NEXT(); }
    CASE(I32_SHL_I) { RD = (uint32_t)(A32 << (K16_3 & 31)); pc += len; NEXT(); }
    CASE(I32_SHR_S_I) { RD = sar32(A32, K16_3 & 31); pc += len; NEXT(); }
    CASE(I32_SHR_U_I) { RD = A32 >> (K16_3 & 31); pc += len; NEXT(); }
    CASE(I32_EQ_I) { RD = A32 == K16_3; pc += len; NEXT(); }
    CASE(I32_NE_I) { RD = A32 != K16_3; pc += len; NEXT(); }
    CASE(I32_LT_S_I) { RD = s32(A32) < s32(K16_3); pc += len; NEXT(); }
    CASE(I32_LT_U_I) { RD = A32 < K16_3; pc += len; NEXT(); }
    CASE(I32_GT_S_I) { RD = s32(A32) > s32(K16_3); pc += len; NEXT(); }
    CASE(I32_GT_U_I) { RD = A32 > K16_3; pc += len; NEXT(); }
    CASE(I32_LE_S_I) { RD = s32(A32) <= s32(K16_3); pc += len; NEXT(); }
    CASE(I32_LE_U_I) { RD = A32 <= K16_3; pc += len; NEXT(); }
    CASE(I32_GE_S_I) { RD = s32(A32) >= s32(K16_3); pc += len; NEXT(); }
    CASE(I32_GE_U_I) { RD = A32 >= K16_3; pc += len; NEXT(); }

    /* ---- i64 ---- */
    CASE(I64_EQZ) { RD = RA == 0; pc += len; NEXT(); }
    CASE(I64_EQ) { RD = RA == RB; pc += len; NEXT(); }
    CASE(I64_NE) { RD = RA != RB; pc += len; NEXT(); }
    CASE(I64_LT_S) { RD = s64(RA) < s64(RB); pc += len; NEXT(); }
    CASE(I64_LT_U) { RD = RA < RB; pc += len; NEXT(); }
    CASE(I64_GT_S) { RD = s64(RA) > s64(RB); pc += len; NEXT(); }
    CASE(I64_GT_U) { RD = RA > RB; pc += len; NEXT(); }
    CASE(I64_LE_S) { RD = s64(RA) <= s64(RB); pc += len; NEXT(); }
    CASE(I64_LE_U) { RD = RA <= RB; pc += len; NEXT(); }
    CASE(I64_GE_S) { RD = s64(RA) >= s64(RB); pc += len; NEXT(); }
    CASE(I64_GE_U) { RD = RA >= RB; pc += len; NEXT(); }
    CASE(I64_CLZ) { RD = clz64(RA); pc += len; NEXT(); }
    CASE(I64_CTZ) { RD = ctz64(RA); pc += len; NEXT(); }
    CASE(I64_POPCNT) { RD = popcnt64(RA); pc += len; NEXT(); }
    CASE(I64_ADD) { RD = RA + RB; pc += len; NEXT(); }
    CASE(I64_SUB) { RD = RA - RB; pc += len; NEXT(); }
    CASE(I64_MUL) { RD = RA * RB; pc += len; NEXT(); }
    CASE(I64_DIV_S) {
        int64_t a = s64(RA), b = s64(RB);
        if (b == 0)
            goto trap_div0;
        if (a == INT64_MIN && b == -1)
            goto trap_overflow;
        RD = (uint64_t)(a / b);
        pc += len;
        NEXT();
    }
    CASE(I64_DIV_U) { uint64_t a = RA, b = RB; if (b == 0) goto trap_div0; RD = a / b; pc += len; NEXT(); }
    CASE(I64_REM_S) {
        int64_t a = s64(RA), b = s64(RB);
        if (b == 0)
            goto trap_div0;
        RD = b == -1 ? 0 : (uint64_t)(a % b);
        pc += len;
        NEXT();
    }
    CASE(I64_REM_U) { uint64_t a = RA, b = RB; if (b == 0) goto trap_div0; RD = a % b; pc += len; NEXT(); }
    CASE(I64_AND) { RD = RA & RB; pc += len; NEXT(); }
    CASE(I64_OR) { RD = RA | RB; pc += len; NEXT(); }
    CASE(I64_XOR) { RD = RA ^ RB; pc += len; NEXT(); }
    CASE(I64_SHL) { RD = RA << (RB & 63); pc += len; NEXT(); }
    CASE(I64_SHR_S) { RD = sar64(RA, (uint32_t)RB & 63); pc += len; NEXT(); }
    CASE(I64_SHR_U) { RD = RA >> (RB & 63); pc += len; NEXT(); }
    CASE(I64_ROTL) { RD = rotl64(RA, (uint32_t)RB); pc += len; NEXT(); }
    CASE(I64_ROTR) { RD = rotl64(RA, 64 - ((uint32_t)RB & 63)); pc += len; NEXT(); }
    CASE(I64_EXTEND8_S) { RD = sext(RA, 8); pc += len; NEXT(); }
    CASE(I64_EXTEND16_S) { RD = sext(RA, 16); pc += len; NEXT(); }
    CASE(I64_EXTEND32_S) { RD = sext(RA, 32); pc += len; NEXT(); }

    /* ---- i64 with an immediate ---- */
#define K64_3 ((uint64_t)(int64_t)xip_read_i16(pc + 3))
    CASE(I64_ADD_I) { RD = RA + K64_3; pc += len; NEXT(); }
    CASE(I64_AND_I) { RD = RA & K64_3; pc += len; NEXT(); }
    CASE(I64_SHL_I) { RD = RA << (K16_3 & 63); pc += len; NEXT(); }
    CASE(I64_SHR_S_I) { RD = sar64(RA, K16_3 & 63); pc += len; NEXT(); }
    CASE(I64_SHR_U_I) { RD = RA >> (K16_3 & 63); pc += len; NEXT(); }

#if XIP_FLOAT
    /* ---- f32 ---- */
#define FA f32v(RA)
#define FB f32v(RB)
    CASE(F32_EQ) { RD = FA == FB; pc += len; NEXT(); }
    CASE(F32_NE) { RD = FA != FB; pc += len; NEXT(); }
    CASE(F32_LT) { RD = FA < FB; pc += len; NEXT(); }
    CASE(F32_GT) { RD = FA > FB; pc += len; NEXT(); }
    CASE(F32_LE) { RD = FA <= FB; pc += len; NEXT(); }
    CASE(F32_GE) { RD = FA >= FB; pc += len; NEXT(); }
    CASE(F32_ABS) { RD = A32 & 0x7fffffffu; pc += len; NEXT(); }
    CASE(F32_NEG) { RD = A32 ^ 0x80000000u; pc += len; NEXT(); }
    CASE(F32_CEIL) { RD = xipi_f32_ceil(A32); pc += len; NEXT(); }
    CASE(F32_FLOOR) { RD = xipi_f32_floor(A32); pc += len; NEXT(); }
    CASE(F32_TRUNC) { RD = xipi_f32_trunc(A32); pc += len; NEXT(); }
    CASE(F32_NEAREST) { RD = xipi_f32_nearest(A32); pc += len; NEXT(); }
    CASE(F32_SQRT) { RD = xipi_f32_sqrt(A32); pc += len; NEXT(); }
    CASE(F32_ADD) { RD = f32b(FA + FB); pc += len; NEXT(); }
    CASE(F32_SUB) { RD = f32b(FA - FB); pc += len; NEXT(); }
    CASE(F32_MUL) { RD = f32b(FA * FB); pc += len; NEXT(); }
    CASE(F32_DIV) { RD = f32b(FA / FB); pc += len; NEXT(); }
    CASE(F32_MIN) { RD = xipi_f32_min(A32, B32); pc += len; NEXT(); }
    CASE(F32_MAX) { RD = xipi_f32_max(A32, B32); pc += len; NEXT(); }
    CASE(F32_COPYSIGN) { RD = (A32 & 0x7fffffffu) | (B32 & 0x80000000u); pc += len; NEXT(); }

    /* ---- f64 ---- */
#define DA f64v(RA)
#define DB f64v(RB)
#define SIGN64 0x8000000000000000u
    CASE(F64_EQ) { RD = DA == DB; pc += len; NEXT(); }
    CASE(F64_NE) { RD = DA != DB; pc += len; NEXT(); }
    CASE(F64_LT) { RD = DA < DB; pc += len; NEXT(); }
    CASE(F64_GT) { RD = DA > DB; pc += len; NEXT(); }
    CASE(F64_LE) { RD = DA <= DB; pc += len; NEXT(); }
    CASE(F64_GE) { RD = DA >= DB; pc += len; NEXT(); }
    CASE(F64_ABS) { RD = RA & ~SIGN64; pc += len; NEXT(); }
    CASE(F64_NEG) { RD = RA ^ SIGN64; pc += len; NEXT(); }
    CASE(F64_CEIL) { RD = xipi_f64_ceil(RA); pc += len; NEXT(); }
    CASE(F64_FLOOR) { RD = xipi_f64_floor(RA); pc += len; NEXT(); }
    CASE(F64_TRUNC) { RD = xipi_f64_trunc(RA); pc += len; NEXT(); }
    CASE(F64_NEAREST) { RD = xipi_f64_nearest(RA); pc += len; NEXT(); }
    CASE(F64_SQRT) { RD = xipi_f64_sqrt(RA); pc += len; NEXT(); }
    CASE(F64_ADD) { RD = f64b(DA + DB); pc += len; NEXT(); }
    CASE(F64_SUB) { RD = f64b(DA - DB); pc += len; NEXT(); }
    CASE(F64_MUL) { RD = f64b(DA * DB); pc += len; NEXT(); }
    CASE(F64_DIV) { RD = f64b(DA / DB); pc += len; NEXT(); }
    CASE(F64_MIN) { RD = xipi_f64_min(RA, RB); pc += len; NEXT(); }
    CASE(F64_MAX) { RD = xipi_f64_max(RA, RB); pc += len; NEXT(); }
    CASE(F64_COPYSIGN) { RD = (RA & ~SIGN64) | (RB & SIGN64); pc += len; NEXT(); }

    /* ---- float conversions: trapping truncations go through f64 bits ---- */
#define TRUNC_OK(bits64, sgn, width) ((status = xipi_trunc_f64(bits64, sgn, width, &tv)) == XIP_OK)
    CASE(I32_TRUNC_F32_S) { if (!TRUNC_OK(xipi_f32_to_f64_bits(A32), 1, 32)) goto trap; RD = (uint32_t)tv; pc += len; NEXT(); }
    CASE(I32_TRUNC_F32_U) { if (!TRUNC_OK(xipi_f32_to_f64_bits(A32), 0, 32)) goto trap; RD = (uint32_t)tv; pc += len; NEXT(); }
    CASE(I32_TRUNC_F64_S) { if (!TRUNC_OK(RA, 1, 32)) goto trap; RD = (uint32_t)tv; pc += len; NEXT(); }
    CASE(I32_TRUNC_F64_U) { if (!TRUNC_OK(RA, 0, 32)) goto trap; RD = (uint32_t)tv; pc += len; NEXT(); }
    CASE(I64_TRUNC_F32_S) { if (!TRUNC_OK(xipi_f32_to_f64_bits(A32), 1, 64)) goto trap; RD = tv; pc += len; NEXT(); }
    CASE(I64_TRUNC_F32_U) { if (!TRUNC_OK(xipi_f32_to_f64_bits(A32), 0, 64)) goto trap; RD = tv; pc += len; NEXT(); }
    CASE(I64_TRUNC_F64_S) { if (!TRUNC_OK(RA, 1, 64)) goto trap; RD = tv; pc += len; NEXT(); }
    CASE(I64_TRUNC_F64_U) { if (!TRUNC_OK(RA, 0, 64)) goto trap; RD = tv; pc += len; NEXT(); }
    CASE(I32_TRUNC_SAT_F32_S) { RD = (uint32_t)xipi_trunc_sat_f64(xipi_f32_to_f64_bits(A32), 1, 32); pc += len; NEXT(); }
    CASE(I32_TRUNC_SAT_F32_U) { RD = (uint32_t)xipi_trunc_sat_f64(xipi_f32_to_f64_bits(A32), 0, 32); pc += len; NEXT(); }
    CASE(I32_TRUNC_SAT_F64_S) { RD = (uint32_t)xipi_trunc_sat_f64(RA, 1, 32); pc += len; NEXT(); }
    CASE(I32_TRUNC_SAT_F64_U) { RD = (uint32_t)xipi_trunc_sat_f64(RA, 0, 32); pc += len; NEXT(); }
    CASE(I64_TRUNC_SAT_F32_S) { RD = xipi_trunc_sat_f64(xipi_f32_to_f64_bits(A32), 1, 64); pc += len; NEXT(); }
    CASE(I64_TRUNC_SAT_F32_U) { RD = xipi_trunc_sat_f64(xipi_f32_to_f64_bits(A32), 0, 64); pc += len; NEXT(); }
    CASE(I64_TRUNC_SAT_F64_S) { RD = xipi_trunc_sat_f64(RA, 1, 64); pc += len; NEXT(); }
    CASE(I64_TRUNC_SAT_F64_U) { RD = xipi_trunc_sat_f64(RA, 0, 64); pc += len; NEXT(); }
    CASE(F32_CONVERT_I32_S) { RD = f32b((float)s32(RA)); pc += len; NEXT(); }
    CASE(F32_CONVERT_I32_U) { RD = f32b((float)A32); pc += len; NEXT(); }
    CASE(F32_CONVERT_I64_S) { RD = f32b((float)s64(RA)); pc += len; NEXT(); }
    CASE(F32_CONVERT_I64_U) { RD = f32b((float)RA); pc += len; NEXT(); }
    CASE(F64_CONVERT_I32_S) { RD = f64b((double)s32(RA)); pc += len; NEXT(); }
    CASE(F64_CONVERT_I32_U) { RD = f64b((double)A32); pc += len; NEXT(); }
    CASE(F64_CONVERT_I64_S) { RD = f64b((double)s64(RA)); pc += len; NEXT(); }
    CASE(F64_CONVERT_I64_U) { RD = f64b((double)RA); pc += len; NEXT(); }
    CASE(F32_DEMOTE_F64) { RD = xipi_f64_to_f32_bits(RA); pc += len; NEXT(); }
    CASE(F64_PROMOTE_F32) { RD = xipi_f32_to_f64_bits(A32); pc += len; NEXT(); }
#endif /* XIP_FLOAT */

#if XIP_EXT
    /* ---- bulk memory and tables: out of line in xip_bulk.c; references ---- */
    ROW_LABEL(MEMORY_COPY) ROW_LABEL(MEMORY_FILL) ROW_LABEL(MEMORY_INIT) ROW_LABEL(DATA_DROP)
    ROW_LABEL(TABLE_INIT) ROW_LABEL(ELEM_DROP) ROW_LABEL(TABLE_COPY) ROW_LABEL(TABLE_GET)
    ROW_LABEL(TABLE_SET) ROW_LABEL(TABLE_SIZE) ROW_LABEL(TABLE_GROW) CASE(TABLE_FILL) {
        uint32_t size; /* xipi_bulk steps over the row it ran */
        inst->fuel = fuel; /* xipi_bulk pays from inst->fuel */
        status = xipi_bulk(inst, pc, R, &size);
        fuel = inst->fuel;
        if (status == XIP_OUT_OF_FUEL)
            goto out_of_fuel;
        if (status != XIP_OK)
            goto trap;
        pc += size;
        NEXT();
    }
    CASE(REF_IS_NULL) { RD = (uint32_t)RA == XIP_NULL_REF; pc += len; NEXT(); }
    CASE(REF_FUNC) { RD = xip_read_u16(pc + 2); pc += len; NEXT(); }
#endif /* XIP_EXT */

#if !XIP_FLOAT || !XIP_EXT
    /* ---- the rows of the features this build leaves out: the verifier refuses them ---- */
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) XIP_LEFT_OUT_##feature(name)
#include "opcodes.def"
#undef OP
    {
        status = XIP_TRAP_UNREACHABLE;
        goto trap;
    }
#endif

    /* ---- calls whose frame base is a 16-bit slot (frames beyond 256 registers) ---- */
    ROW_LABEL(CALL_WIDE) CASE(CALL_INDIRECT_WIDE) {
        if (*pc == XIP_OP_CALL_WIDE) {
            uint32_t need = xipi_call_fuel(inst, xip_read_u16(pc + 1));
            if (need > fuel)
                goto out_of_fuel;
            fuel -= need;
            status = call(inst, xip_read_u16(pc + 1), (uint32_t)(R - stack), xip_read_u16(pc + 3),
                          (uint32_t)(pc + XIP_LEN_CALL_WIDE - code));
        } else {
            inst->fuel = fuel; /* call_indirect pays from inst->fuel */
            status = call_indirect(inst, pc, (uint32_t)R[pc[4]], (uint32_t)(R - stack),
                                   (uint32_t)(pc + XIP_LEN_CALL_INDIRECT_WIDE - code));
            fuel = inst->fuel;
        }
        if (status != XIP_OK)
            goto call_stopped;
        pc = code + inst->pc;
        R = stack + inst->base;
        NEXT();
    }

#if !XIP_USE_GOTO
        default: /* the verifier lets no other byte through */
            status = XIP_TRAP_UNREACHABLE;
            goto trap;
        }
#endif

    /* ---- shared tails (inside the loop in switch mode, for NEXT) ---- */
#if !XIP_USE_GOTO
branch: /* TAKE in the switch build */
    if (fuel == 0)
        goto out_of_fuel;
    fuel--;
    pc += off;
    NEXT();
#endif

out_of_fuel: /* pause so that xip_resume re-executes the instruction at pc; what is left is kept */
    if (inst->fuel_unlimited) { fuel = XIP_FUEL_UNLIMITED; NEXT(); } /* unlimited: refill */
    inst->pc = (uint32_t)(pc - code);
    inst->base = (uint32_t)(R - stack);
    inst->fuel = fuel;
    set_state(inst, XIP_ST_FUEL);
    return XIP_OUT_OF_FUEL;

finished: /* RET from the outermost frame: results in stack[0..nres) */
    inst->fuel = fuel;
    inst->result_count = (uint8_t)nres;
    set_state(inst, XIP_ST_READY);
    return XIP_OK;

call_stopped: /* a call paused for the host or for fuel, or trapped */
    if (status == XIP_OUT_OF_FUEL)
        goto out_of_fuel;
    if (status == XIP_HOST_CALL) {
        inst->fuel = fuel;
        inst->trap_pc = (uint32_t)(pc - code); /* the site, should the host trap the call */
        return status;
    }
    goto trap;

trap_oob:
    status = XIP_TRAP_MEMORY_OUT_OF_BOUNDS;
    goto trap;
trap_div0:
    status = XIP_TRAP_DIVIDE_BY_ZERO;
    goto trap;
trap_overflow:
    status = XIP_TRAP_INTEGER_OVERFLOW;
trap:
    inst->trap_func = inst->func;
    inst->trap_pc = (uint32_t)(pc - code);
    inst->fuel = fuel;
    inst->depth = 0;
    inst->result_count = 0;
    set_state(inst, XIP_ST_READY);
    return status;
#if !XIP_USE_GOTO
    }
#endif
}

#if XIP_DISPATCH_GOTO
#pragma GCC diagnostic pop
#endif
