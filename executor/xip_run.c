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

/* Raises the stack high-water marks to the frame now running (at R) and the records below it. */
static inline void profile_frame(const xip_instance *inst, uint64_t *counts, const uint64_t *R)
{
    uint64_t top = (uint64_t)(R - inst->stack) + xip_read_u16(xipi_func_entry(inst, inst->func) + XIP_FUNC_FRAME);
    if (top > counts[XIP_PROFILE_STACK])
        counts[XIP_PROFILE_STACK] = top;
    if (inst->depth > counts[XIP_PROFILE_FRAMES])
        counts[XIP_PROFILE_FRAMES] = inst->depth;
}
#define PROFILE_FRAME() profile_frame(inst, counts, R)
#else
#define PROFILE_COUNT() ((void)0)
#define PROFILE_FRAME() ((void)0)
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
#if XIP_PREDECODE
#define CASE(name) case XIP_OP_##name: /* len: decoded before the switch */
#else
#define CASE(name) case XIP_OP_##name: len = XIP_LEN_##name;
#endif
#define NEXT() continue
#endif
/* XIP_DECODED: the operands are decoded before dispatching (the switch build with XIP_PREDECODE, see RA). */
#if !XIP_USE_GOTO && XIP_PREDECODE
#define XIP_DECODED 1
#else
#define XIP_DECODED 0
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

/*
 * SWITCH_ALSO(name): in the switch build, row name runs this handler too.
 * The rows with an immediate (RRK16, RRU16, RKJ) decode it into y, the
 * operand their register forms (RRR, RRJ) read from R[b], so one handler
 * serves both there; the computed-goto build keeps each row's own handler,
 * which reads its operands in place.
 */
#if !XIP_DECODED
#define SWITCH_ALSO(name)
#else
#define SWITCH_ALSO(name) case XIP_OP_##name:
#endif

/*
 * PUT(v) ends a handler that writes a result: R[d] = v, step past the
 * instruction, dispatch the next. With computed goto each handler does it
 * itself (PUT_INLINE); the switch build shares one tail (put:), so each such
 * handler is its operation and a jump.
 */
#define PUT_INLINE(v)                                                                              \
    {                                                                                              \
        RD = (v);                                                                                  \
        pc += len;                                                                                 \
        NEXT();                                                                                    \
    }
#if XIP_DISPATCH_GOTO
#define PUT(v) PUT_INLINE(v)
#else
#define PUT(v)                                                                                     \
    {                                                                                              \
        res = (v);                                                                                 \
        goto put;                                                                                  \
    }
#endif

/*
 * PUT_HERE(v) ends the hottest result-writing handlers (by CoreMark's
 * profile): the tail in the handler itself in every build. In the switch
 * build with floats it keeps those rows off put:, which then has fewer than
 * 100 incoming jumps, the most GCC's crossjumping (--param
 * max-crossjump-edges) considers: the pass then merges the other handlers'
 * ends into shared pieces (-284 B on Cortex-M4 -Os), and the hot rows, which
 * pay no jump, are faster (CoreMark -2.2 %). The switch build without floats
 * has 88 jumps to put: anyway, so its handlers are merged already, the hot
 * ones into chains of two extra jumps; there PUT_HERE costs 132 B and makes
 * CoreMark 7.3 % faster (5,649,390 -> 5,239,204 Cortex-M4 instructions per
 * iteration), the float build's speed.
 */
#define PUT_HERE(v) PUT_INLINE(v)

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

/*
 * Operands. RD is the destination R[d] of the shapes that write one, RC the
 * fourth register of RRRR; both are read from the instruction. The sources
 * and immediates, by shape:
 *   RA, RB       R[a], R[b] of RR, RRR, RRRR, RRK16, RRK32, RRU16, MEM
 *   K16_3, K64_3 the RRK16 immediate as u32, as u64; U16_3 the RRU16 one
 *   MEM_OFF      the MEM offset
 *   JA, JB_RRJ   the registers of RJ, RRJ and RKJ (JB_RRJ: R[b] of RRJ)
 *   RKJ_K        the RKJ immediate as u32
 *   JT_*         the branch target of J, RJ, RRJ, RKJ
 *   K16_2        the RK16 immediate as u64 (K16_2_U32: as u32)
 * The computed-goto build (and the switch build with XIP_PREDECODE=0) reads
 * them from the instruction in each handler (each handler knows its shape,
 * so the offsets are constants). The switch build, made to be small,
 * decodes them once before dispatching (XIP_DECODED), by the
 * shape's decoding class (op_decode below, expanded from opcodes.def), into
 * the locals x, y and t: handlers then differ only in their operation, and
 * the compiler merges their common tails (and handlers that become equal,
 * such as i32.add and i32.add_i).
 */
#define RC R[pc[4]]
#if !XIP_DECODED
#define RD R[pc[1]]
#define RA R[pc[2]]
#define RB R[pc[3]]
#define K16_3 k16_u32(pc + 3)
#define K64_3 ((uint64_t)(int64_t)xip_read_i16(pc + 3))
#define U16_3 ((uint32_t)xip_read_u16(pc + 3))
#define MEM_OFF ((uint32_t)xip_read_u16(pc + 3))
#define JA R[pc[1]]
#define JB_RRJ R[pc[2]]
#define RKJ_K k16_u32(pc + 2)
#define JT_J xip_read_i16(pc + 1)
#define JT_RJ xip_read_i16(pc + 2)
#define JT_RRJ xip_read_i16(pc + 3)
#define JT_RKJ xip_read_i16(pc + 4)
#define K16_2 k16_u64(pc + 2)
#define K16_2_U32 k16_u32(pc + 2)
#else
#define RD R[pc[1]]
#define RA x
#define RB y
#define K16_3 ((uint32_t)y)
#define K64_3 y
#define U16_3 ((uint32_t)y)
#define MEM_OFF ((uint32_t)y)
#define JA x
#define JB_RRJ y
#define RKJ_K ((uint32_t)y)
#define JT_J t
#define JT_RJ t
#define JT_RRJ t
#define JT_RKJ t
#define K16_2 y
#define K16_2_U32 ((uint32_t)y)

/* Decoding classes of the shapes (switch build): what goes into x, y and t. */
enum decode_class {
    DEC_NONE_,   /* the handler reads its operands itself */
    DEC_X2_,     /* x = R[a] (byte 2) */
    DEC_X2Y3_,   /* x = R[a], y = R[b] (byte 3) */
    DEC_X2K3_,   /* x = R[a], y = the i16 at byte 3, sign-extended */
    DEC_X2U3_,   /* x = R[a], y = the u16 at byte 3 */
    DEC_X1T2_,   /* x = R[byte 1], t = the target at byte 2 */
    DEC_X1Y2T3_, /* x = R[byte 1], y = R[byte 2], t = the target at byte 3 */
    DEC_X1K2T4_, /* x = R[byte 1], y = the i16 at byte 2 sign-extended, t = the target at byte 4 */
    DEC_T1_,     /* t = the target at byte 1 */
    DEC_K2_      /* y = the i16 at byte 2, sign-extended */
};
/* The class of each shape (a shape added to XIP_SHAPES without a class here does not compile). */
#define DEC_NONE DEC_NONE_
#define DEC_R DEC_NONE_
#define DEC_RN DEC_NONE_
#define DEC_RR DEC_X2_
#define DEC_RRR DEC_X2Y3_
#define DEC_RRRR DEC_X2Y3_
#define DEC_J DEC_T1_
#define DEC_RJ DEC_X1T2_
#define DEC_RRJ DEC_X1Y2T3_
#define DEC_RKJ DEC_X1K2T4_
#define DEC_BRTABLE DEC_NONE_
#define DEC_CALL DEC_NONE_
#define DEC_CALLI DEC_NONE_
#define DEC_RK16 DEC_K2_
#define DEC_RK32 DEC_NONE_
#define DEC_RK64 DEC_NONE_
#define DEC_RRK16 DEC_X2K3_
#define DEC_RRK32 DEC_X2_
#define DEC_RG DEC_NONE_
#define DEC_RF DEC_NONE_
#define DEC_MEM DEC_X2U3_
#define DEC_S DEC_NONE_
#define DEC_SRRR DEC_NONE_
#define DEC_STR3 DEC_NONE_
#define DEC_TTR3 DEC_NONE_
#define DEC_TR DEC_NONE_
#define DEC_TRR DEC_NONE_
#define DEC_TRRR DEC_NONE_
#define DEC_RFN DEC_NONE_
#define DEC_CALLW DEC_NONE_
#define DEC_CALLIW DEC_NONE_
#define DEC_RRU16 DEC_X2U3_

/* Per opcode: its decoding class (high 4 bits) and encoded length (low 4 bits). */
static const uint8_t op_decode[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) \
    (uint8_t)(DEC_##shape << 4 | XIP_LEN_##name),
#include "opcodes.def"
#undef OP
};
#define SHAPE_CHECK(name, size, f1, f2, f3, f4) \
    typedef char decode_fits_##name[DEC_##name < 16 && size < 16 ? 1 : -1];
XIP_SHAPES(SHAPE_CHECK)
#undef SHAPE_CHECK
#endif

#if !XIP_DECODED
/* The i16 stored little-endian at p, sign-extended to 32 bits, as a u32. */
static inline uint32_t k16_u32(const uint8_t *p)
{
    int32_t k = xip_read_i16(p);
    return (uint32_t)k;
}

/* The same sign-extended to 64 bits, as a u64. */
static inline uint64_t k16_u64(const uint8_t *p)
{
    int64_t k = xip_read_i16(p);
    return (uint64_t)k;
}
#endif

/* (i32)x without implementation-defined conversions. */
static inline int32_t s32(uint64_t x)
{
    uint32_t u = (uint32_t)x;
    return u >= 0x80000000u ? -(int32_t)(~u) - 1 : (int32_t)u;
}

#if XIP_USE_GOTO || !XIP_SMALL_DIV64 || (XIP_FLOAT && !XIP_SMALL_FLOAT) /* its users (the switch build compares by int_holds) */
/* (i64)x without implementation-defined conversions. */
static inline int64_t s64(uint64_t x)
{
    return x >= 0x8000000000000000u ? -(int64_t)(~x) - 1 : (int64_t)x;
}
#endif

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

#if !XIP_PROFILE /* the profiled build adds only its run loop */
uint64_t xipi_divmod_u64(uint64_t n, uint64_t d, uint64_t *rem)
{
    uint64_t q = 0, r = 0;
    uint32_t i;
    if (((n | d) >> 32) == 0) { /* the CPU's 32-bit division */
        *rem = (uint32_t)n % (uint32_t)d;
        return (uint32_t)n / (uint32_t)d;
    }
    /* One quotient bit per step, from the top. Before step i, r <= the top i bits of n < 2^63: r << 1 cannot overflow. */
    for (i = 0; i < 64; i++) {
        r = r << 1 | n >> 63;
        n <<= 1;
        q <<= 1;
        if (r >= d) {
            r -= d;
            q |= 1;
        }
    }
    *rem = r;
    return q;
}
#endif

/*
 * i64 division and remainder of bit patterns, b != 0 (and not INT64_MIN / -1
 * for div_s64): the C operators, or xipi_divmod_u64 with XIP_SMALL_DIV64.
 */
#define SIGN64 0x8000000000000000u
#if XIP_SMALL_DIV64
/* One out-of-line path for all four (one call in the switch build): the signed ones divide the magnitudes. */
static XIPI_NOINLINE uint64_t div64(uint64_t a, uint64_t b, int is_signed, int rem)
{
    int na = is_signed && (a & SIGN64), nb = is_signed && (b & SIGN64);
    uint64_t r, q = xipi_divmod_u64(na ? 0 - a : a, nb ? 0 - b : b, &r);
    if (rem)
        return na ? 0 - r : r;
    return na != nb ? 0 - q : q;
}
#define div_u64(a, b, rem) div64(a, b, 0, rem)
#define div_s64(a, b, rem) div64(a, b, 1, rem)
#else
static inline uint64_t div_u64(uint64_t a, uint64_t b, int rem)
{
    return rem ? a % b : a / b;
}

static inline uint64_t div_s64(uint64_t a, uint64_t b, int rem)
{
    return (uint64_t)(rem ? s64(a) % s64(b) : s64(a) / s64(b));
}

#if !XIP_USE_GOTO /* (the switch build's one call) */
static inline uint64_t div64(uint64_t a, uint64_t b, int is_signed, int rem)
{
    return is_signed ? div_s64(a, b, rem) : div_u64(a, b, rem);
}
#endif
#endif

/* Sign-extends the low `bits` bits of x to 64 bits. */
static inline uint64_t sext(uint64_t x, uint32_t bits)
{
    uint64_t m = (uint64_t)1 << (bits - 1);
    x &= (m << 1) - 1;
    return (x ^ m) - m;
}

/*
 * Comparisons as relations: the set of outcomes (a < b, a == b, a > b; the
 * floats add unordered) that make one true. The integer ones carry
 * REL_SIGNED for a signed comparison.
 */
#define FREL_LT 1u
#define FREL_EQ 2u
#define FREL_GT 4u
#define FREL_UN 8u
#define REL_SIGNED 16u

#if !XIP_USE_GOTO
/*
 * The switch build's shared handlers of the integer comparison rows take the
 * relation from the row's place in its group (EQ, NE, LT_S, LT_U, GT_S,
 * GT_U, LE_S, LE_U, GE_S, GE_U; int_rows checks the order).
 */
static const uint8_t int_rel[10] = {
    FREL_EQ, FREL_LT | FREL_GT, FREL_LT | REL_SIGNED, FREL_LT, FREL_GT | REL_SIGNED, FREL_GT,
    FREL_LT | FREL_EQ | REL_SIGNED, FREL_LT | FREL_EQ, FREL_GT | FREL_EQ | REL_SIGNED, FREL_GT | FREL_EQ,
};
#define INT_GROUP(base, eq, ne, lt_s, lt_u, gt_s, gt_u, le_s, le_u, ge_s, ge_u)                          \
    (ROW_AT(base, 0, eq) && ROW_AT(base, 1, ne) && ROW_AT(base, 2, lt_s) && ROW_AT(base, 3, lt_u) &&    \
     ROW_AT(base, 4, gt_s) && ROW_AT(base, 5, gt_u) && ROW_AT(base, 6, le_s) && ROW_AT(base, 7, le_u) && \
     ROW_AT(base, 8, ge_s) && ROW_AT(base, 9, ge_u))
#define ROW_AT(base, k, name) (XIP_OP_##base + (k) == XIP_OP_##name)
#define I64_OF_I32 (XIP_OP_I64_EQZ - XIP_OP_I32_EQZ) /* the i64 row that mirrors an i32 row, that many rows on */
typedef char int_rows[INT_GROUP(I64_EQ, I64_EQ, I64_NE, I64_LT_S, I64_LT_U, I64_GT_S, I64_GT_U, I64_LE_S, I64_LE_U,
                                I64_GE_S, I64_GE_U) &&
                      INT_GROUP(JEQ, JEQ, JNE, JLT_S, JLT_U, JGT_S, JGT_U, JLE_S, JLE_U, JGE_S, JGE_U) &&
                      XIP_OP_JGE_U < XIP_OP_JEQ64 && XIP_LEN_JEQ == XIP_LEN_JEQ64 &&
                      INT_GROUP(JEQ64, JEQ64, JNE64, JLT_S64, JLT_U64, JGT_S64, JGT_U64, JLE_S64, JLE_U64, JGE_S64,
                                JGE_U64) &&
                      INT_GROUP(I32_EQ, I32_EQ, I32_NE, I32_LT_S, I32_LT_U, I32_GT_S, I32_GT_U, I32_LE_S, I32_LE_U,
                                I32_GE_S, I32_GE_U) && XIP_OP_I32_GE_U < XIP_OP_I32_EQ_I &&
                      INT_GROUP(I32_EQ_I, I32_EQ_I, I32_NE_I, I32_LT_S_I, I32_LT_U_I, I32_GT_S_I, I32_GT_U_I,
                                I32_LE_S_I, I32_LE_U_I, I32_GE_S_I, I32_GE_U_I) &&
                      ROW_AT(I64_DIV_S, 1, I64_DIV_U) && ROW_AT(I64_DIV_S, 2, I64_REM_S) &&
                      ROW_AT(I64_DIV_S, 3, I64_REM_U) && ROW_AT(I32_DIV_S, 1, I32_DIV_U) &&
                      ROW_AT(I32_DIV_S, 2, I32_REM_S) && ROW_AT(I32_DIV_S, 3, I32_REM_U) &&
                      ROW_AT(I32_EQZ, I64_OF_I32, I64_EQZ) && ROW_AT(I32_CLZ, I64_OF_I32, I64_CLZ) &&
                      ROW_AT(I32_CTZ, I64_OF_I32, I64_CTZ) && ROW_AT(I32_POPCNT, I64_OF_I32, I64_POPCNT) &&
                      ROW_AT(I32_EXTEND8_S, I64_OF_I32, I64_EXTEND8_S) &&
                      ROW_AT(I32_EXTEND16_S, I64_OF_I32, I64_EXTEND16_S) &&
                      ROW_AT(I32_WRAP, I64_OF_I32, I64_EXTEND32_S) && ROW_AT(I32_EQ, I64_OF_I32, I64_EQ) && XIP_OP_I32_WRAP < XIP_OP_I64_EQZ &&
                      XIP_LEN_GLOBAL_GET == XIP_LEN_LOCAL_LOAD_FAR && XIP_LEN_GLOBAL_SET == XIP_LEN_LOCAL_STORE_FAR &&
                      XIP_OP_I64_GE_U < XIP_OP_I64_ADD && XIP_OP_I64_ROTR < XIP_OP_I64_ADD_I &&
                      XIP_OP_I64_SHR_U_I == XIP_OP_I64_ADD_I + 4
                      ? 1 : -1];

/* 1 if relation rel (int_rel) holds between two i64 bit patterns (i32 ones: sign-extended), else 0. */
static XIPI_NOINLINE uint32_t int_holds(uint64_t a, uint64_t b, uint32_t rel)
{
    if (rel & REL_SIGNED) { /* order the signed values as unsigned ones */
        a ^= SIGN64;
        b ^= SIGN64;
    }
    return ((a < b ? FREL_LT : a == b ? FREL_EQ : FREL_GT) & rel) != 0;
}
#endif

/*
 * Memory bounds: an access of `size` bytes at ea = (u32)addr + offset is in
 * bounds when ea + size <= memory size, that is ea < lim = memory size -
 * size + 1 (0 when the memory is smaller than size). The run loop keeps one
 * lim per access size, set whenever the memory size changes, so a check is
 * one add and one compare. On 64-bit hosts ea is computed in 64 bits; on
 * 32-bit CPUs ea is the 32-bit sum, refused when it wrapped (ea < offset).
 */
#if UINTPTR_MAX > 0xffffffffu
typedef uint64_t mem_limit;
#else
typedef uint32_t mem_limit;
#endif

typedef struct mem_limits {
    mem_limit b1, b2, b4, b8; /* lim for 1-, 2-, 4- and 8-byte accesses */
} mem_limits;

/* The limits for a memory of mem_bytes bytes (out of line: the run's start and memory.grow share it). */
static XIPI_NOINLINE mem_limits limits_for(uint32_t mem_bytes)
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
    uint32_t ea = (uint32_t)addr + offset; /* wrapped when the true sum needs 33 bits: then ea < offset */
    return ea >= offset && ea < lim;
#endif
}

/*
 * Stores of 2, 4 and 8 bytes into linear memory, little-endian. On a
 * little-endian ARM with unaligned access each is one store (memcpy of the
 * value): gcc merges xip_read_u32's byte loads into one load there, but not
 * xip_write_u32's byte stores (ARM counts as strict-alignment to its store
 * merging), which cost 3 to 14 instructions more per store. Elsewhere the
 * byte stores of xip_write_u16/u32/u64.
 */
#if defined(__GNUC__) && defined(__ARM_FEATURE_UNALIGNED) && defined(__ARMEL__)
static inline void mem_store16(uint8_t *p, uint16_t v)
{
    __builtin_memcpy(p, &v, sizeof v);
}

static inline void mem_store32(uint8_t *p, uint32_t v)
{
    __builtin_memcpy(p, &v, sizeof v);
}

static inline void mem_store64(uint8_t *p, uint64_t v)
{
    __builtin_memcpy(p, &v, sizeof v);
}
#else
#define mem_store16 xip_write_u16
#define mem_store32 xip_write_u32
#define mem_store64 xip_write_u64
#endif

/* Sets what the instance is doing (the low state bits), keeping the flags. */
static inline void set_state(xip_instance *inst, enum xip_state st)
{
    inst->state = (uint8_t)((inst->state & ~XIP_ST_MASK) | st);
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
 * takes the lookup's price. Out of line: with one caller gcc would inline it.
 */
static XIPI_NOINLINE xip_status call_indirect(xip_instance *inst, const uint8_t *p, uint64_t idx,
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
    if (trap != XIP_OK)
        need = w; /* covered: taken below */
    if (!xipi_take_fuel(inst, need))
        return xipi_fuel_paused(inst, need);
    inst->fuel_need = 0;
    if (trap != XIP_OK)
        return trap;
    inst->host_type = xip_read_u16(p + 1); /* for a host reference (call pauses) */
    if (f < XIP_HOST_REF_BASE && xipi_func_type_index(inst, f) != xip_read_u16(p + 1))
        return XIP_TRAP_INDIRECT_CALL_MISMATCH;
    return call(inst, f, cur_base, p[0] == XIP_OP_CALL_INDIRECT ? p[5] : xip_read_u16(p + 5), return_pc);
}

#if XIP_FLOAT
/* Float values from and to their bit patterns (memcpy: no type punning). */
#if !XIP_SMALL_FLOAT
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

/*
 * Float comparisons, additions, multiplications and divisions, and int ->
 * float conversions, on bit patterns: the C operators, or with
 * XIP_SMALL_FLOAT a few generic paths (see xip.h). A comparison's relation
 * is the set of outcomes that make it true.
 */
#define F_EQ FREL_EQ
#define F_NE (FREL_LT | FREL_GT | FREL_UN)
#define F_LT FREL_LT
#define F_GT FREL_GT
#define F_LE (FREL_LT | FREL_EQ)
#define F_GE (FREL_GT | FREL_EQ)
enum farith { FOP_ADD = XIP_FADD, FOP_SUB = XIP_FSUB, FOP_MUL = XIP_FMUL, FOP_DIV = XIP_FDIV };

/* a op b in f64 (op an enum farith): integer arithmetic with XIP_SMALL_FLOAT (xip_float.c). */
#if XIP_SMALL_FLOAT
#define farith64(a, b, op) xipi_f64_arith(a, b, (int)(op))
#else
static inline uint64_t farith64(uint64_t a, uint64_t b, enum farith op)
{
    double x = f64v(a), y = f64v(b);
    switch (op) {
    case FOP_ADD:
        return f64b(x + y);
    case FOP_SUB:
        return f64b(x - y);
    case FOP_MUL:
        return f64b(x * y);
    default:
        return f64b(x / y);
    }
}
#endif

#if XIP_SMALL_FLOAT
/* The outcome (an FREL_ bit) of comparing two f64 bit patterns. */
static uint32_t f64_outcome(uint64_t a, uint64_t b)
{
    uint64_t ma = a & ~SIGN64, mb = b & ~SIGN64, neg = a >> 63;
    if (ma > 0x7ff0000000000000u || mb > 0x7ff0000000000000u)
        return FREL_UN;
    if (a == b || (ma | mb) == 0) /* -0 and +0 equal */
        return FREL_EQ;
    /* a < b: a is the negative one of two signs, or of one sign, the bits order as the values (reversed if negative) */
    return ((a ^ b) >> 63 ? neg : (uint64_t)(a < b) ^ neg) ? FREL_LT : FREL_GT;
}

/* 1 if a rel b holds for two f64 bit patterns, else 0. */
static uint32_t fcmp64(uint64_t a, uint64_t b, uint32_t rel)
{
    return (f64_outcome(a, b) & rel) != 0;
}

#if XIP_USE_GOTO /* (the computed-goto rows only: the switch build runs the float rows in float_row) */
/* The same for f32 (exactly promoted to f64). */
static uint32_t fcmp32(uint64_t a, uint64_t b, uint32_t rel)
{
    return fcmp64(xipi_f32_to_f64_bits((uint32_t)a), xipi_f32_to_f64_bits((uint32_t)b), rel);
}

/* a op b in f32: in f64, then rounded once (exact, see xip.h). */
static uint32_t farith32(uint64_t a, uint64_t b, enum farith op)
{
    return xipi_f64_to_f32_bits(farith64(xipi_f32_to_f64_bits((uint32_t)a), xipi_f32_to_f64_bits((uint32_t)b), op));
}
#endif

/* The integer x * 2^e (x signed: an i64 bit pattern) as an f64 (to_f64) or f32, rounded to nearest even. */
static uint64_t from_int(uint64_t x, int e, int is_signed, int to_f64)
{
    uint64_t sign = 0;
    if (is_signed && (x & SIGN64)) {
        sign = to_f64 ? SIGN64 : 0x80000000u;
        x = 0 - x;
    }
    return sign | xipi_round_pack(x, e, to_f64);
}
#define F32_FROM_S32(x) from_int(sext(x, 32), 0, 1, 0)
#define F32_FROM_U32(x) from_int((uint32_t)(x), 0, 0, 0)
#define F32_FROM_S64(x) from_int(x, 0, 1, 0)
#define F32_FROM_U64(x) from_int(x, 0, 0, 0)
#define F64_FROM_S32(x) from_int(sext(x, 32), 0, 1, 1)
#define F64_FROM_U32(x) from_int((uint32_t)(x), 0, 0, 1)
#define F64_FROM_S64(x) from_int(x, 0, 1, 1)
#define F64_FROM_U64(x) from_int(x, 0, 0, 1)
#else
/* Relation rel between two doubles (an f32 widens to double exactly, so f32 compares go here too). */
static inline uint32_t fcmp_double(double x, double y, uint32_t rel)
{
    switch (rel) {
    case F_EQ:
        return x == y;
    case F_NE:
        return x != y;
    case F_LT:
        return x < y;
    case F_GT:
        return x > y;
    case F_LE:
        return x <= y;
    default:
        return x >= y;
    }
}

static inline uint32_t fcmp64(uint64_t a, uint64_t b, uint32_t rel)
{
    return fcmp_double(f64v(a), f64v(b), rel);
}

#if XIP_USE_GOTO /* (the computed-goto rows only: the switch build runs the float rows in float_row) */
static inline uint32_t fcmp32(uint64_t a, uint64_t b, uint32_t rel)
{
    return fcmp_double((double)f32v(a), (double)f32v(b), rel);
}
#endif

static inline uint64_t farith32(uint64_t a, uint64_t b, enum farith op)
{
    float x = f32v(a), y = f32v(b);
    switch (op) {
    case FOP_ADD:
        return f32b(x + y);
    case FOP_SUB:
        return f32b(x - y);
    case FOP_MUL:
        return f32b(x * y);
    default:
        return f32b(x / y);
    }
}

/* The register x read as an i32, u32, i64 or u64, converted to f32 or f64 bits. */
#define F32_FROM_S32(x) f32b((float)s32(x))
#define F32_FROM_U32(x) f32b((float)(uint32_t)(x))
#define F32_FROM_S64(x) f32b((float)s64(x))
#define F32_FROM_U64(x) f32b((float)(x))
#define F64_FROM_S32(x) f64b((double)s32(x))
#define F64_FROM_U32(x) f64b((double)(uint32_t)(x))
#define F64_FROM_S64(x) f64b((double)s64(x))
#define F64_FROM_U64(x) f64b((double)(x))
#endif

#if !XIP_USE_GOTO
/*
 * The switch build runs the float rows in float_row, from two handlers (the
 * RRR rows and the RR rows; f64 add, sub, mul and div, the most frequent,
 * have their own, without the detour: 9 % fewer Cortex-M4 instructions in
 * the corpus fmath program): the row's place among the float rows says what
 * it does (float_rows checks the order). The f64 rows F64_EQ..F64_COPYSIGN
 * are the f32 rows F32_EQ..F32_COPYSIGN in the same order; the f32 ones run
 * in f64 and come back exactly (see xip_float.c), except abs, neg and
 * copysign (sign bits only: a NaN's payload stays as it is) and, without
 * XIP_SMALL_FLOAT, the arithmetic (the C operators on float).
 */
static const uint8_t frel_of[6] = {F_EQ, F_NE, F_LT, F_GT, F_LE, F_GE};
typedef char float_rows[ROW_AT(F32_EQ, 1, F32_NE) && ROW_AT(F32_EQ, 2, F32_LT) && ROW_AT(F32_EQ, 3, F32_GT) &&
                        ROW_AT(F32_EQ, 4, F32_LE) && ROW_AT(F32_EQ, 5, F32_GE) && ROW_AT(F32_EQ, 6, F32_ABS) &&
                        ROW_AT(F32_ABS, 1, F32_NEG) && ROW_AT(F32_ABS, 2, F32_CEIL) &&
                        ROW_AT(F32_CEIL, XIP_ROUND_FLOOR, F32_FLOOR) && ROW_AT(F32_CEIL, XIP_ROUND_TRUNC, F32_TRUNC) &&
                        ROW_AT(F32_CEIL, XIP_ROUND_NEAREST, F32_NEAREST) && XIP_ROUND_CEIL == 0 &&
                        ROW_AT(F32_CEIL, 4, F32_SQRT) && ROW_AT(F32_SQRT, 1, F32_ADD) &&
                        ROW_AT(F32_ADD, FOP_SUB, F32_SUB) && ROW_AT(F32_ADD, FOP_MUL, F32_MUL) &&
                        ROW_AT(F32_ADD, FOP_DIV, F32_DIV) && FOP_ADD == 0 && ROW_AT(F32_DIV, 1, F32_MIN) &&
                        ROW_AT(F32_MIN, 1, F32_MAX) && ROW_AT(F32_MAX, 1, F32_COPYSIGN) &&
                        ROW_AT(F32_EQ, 20, F64_EQ) && ROW_AT(F32_ABS, 20, F64_ABS) && ROW_AT(F32_NEG, 20, F64_NEG) &&
                        ROW_AT(F32_CEIL, 20, F64_CEIL) && ROW_AT(F32_FLOOR, 20, F64_FLOOR) &&
                        ROW_AT(F32_TRUNC, 20, F64_TRUNC) && ROW_AT(F32_NEAREST, 20, F64_NEAREST) &&
                        ROW_AT(F32_SQRT, 20, F64_SQRT) && ROW_AT(F32_ADD, 20, F64_ADD) && ROW_AT(F32_SUB, 20, F64_SUB) &&
                        ROW_AT(F32_MUL, 20, F64_MUL) && ROW_AT(F32_DIV, 20, F64_DIV) && ROW_AT(F32_MIN, 20, F64_MIN) &&
                        ROW_AT(F32_MAX, 20, F64_MAX) && ROW_AT(F32_COPYSIGN, 20, F64_COPYSIGN) &&
                        ROW_AT(F32_EQ, 40, I32_TRUNC_F32_S) && ROW_AT(I32_TRUNC_F32_S, 1, I32_TRUNC_F32_U) &&
                        ROW_AT(I32_TRUNC_F32_S, 2, I32_TRUNC_F64_S) && ROW_AT(I32_TRUNC_F32_S, 4, I64_TRUNC_F32_S) &&
                        ROW_AT(I32_TRUNC_F32_S, 7, I64_TRUNC_F64_U) &&
                        ROW_AT(I32_TRUNC_F32_S, 8, I32_TRUNC_SAT_F32_S) &&
                        ROW_AT(I32_TRUNC_F32_S, 9, I32_TRUNC_SAT_F32_U) &&
                        ROW_AT(I32_TRUNC_F32_S, 10, I32_TRUNC_SAT_F64_S) &&
                        ROW_AT(I32_TRUNC_F32_S, 12, I64_TRUNC_SAT_F32_S) &&
                        ROW_AT(I32_TRUNC_F32_S, 15, I64_TRUNC_SAT_F64_U) &&
                        ROW_AT(I32_TRUNC_F32_S, 16, F32_CONVERT_I32_S) &&
                        ROW_AT(F32_CONVERT_I32_S, 1, F32_CONVERT_I32_U) &&
                        ROW_AT(F32_CONVERT_I32_S, 2, F32_CONVERT_I64_S) &&
                        ROW_AT(F32_CONVERT_I32_S, 4, F64_CONVERT_I32_S) &&
                        ROW_AT(F32_CONVERT_I32_S, 7, F64_CONVERT_I64_U) &&
                        ROW_AT(F32_CONVERT_I32_S, 8, F32_DEMOTE_F64) && ROW_AT(F32_DEMOTE_F64, 1, F64_PROMOTE_F32) &&
                        XIP_TO_UNSIGNED == 1 && XIP_TO_I64 == 4 && XIP_TO_SATURATE == 8
                        ? 1 : -1];

/* Row k of the conversions of register x: bit 0 unsigned, bit 1 from i64 (else i32), bit 2 to f64 (else f32). */
static uint64_t convert_row(uint32_t k, uint64_t x)
{
    int is_signed = !(k & 1);
#if XIP_SMALL_FLOAT
    int e = 0;
    if (!(k & 2)) { /* an i32: its bits on top, an i64 2^32 times its value */
        x <<= 32;
        e = -32;
    }
    return from_int(x, e, is_signed, k & 4);
#else
    if (!(k & 2))
        x = is_signed ? sext(x, 32) : (uint32_t)x;
    if (k & 4)
        return is_signed ? F64_FROM_S64(x) : F64_FROM_U64(x);
    return is_signed ? F32_FROM_S64(x) : F32_FROM_U64(x);
#endif
}

/*
 * Runs the float row at pc on the registers R (R[a], and R[b] if is_rrr, else
 * 0): its result into *out; XIP_OK, or the trap of a trapping truncation. The truncation
 * rows: bit 0 of their place unsigned, bit 1 from f64 (else f32), bit 2 to
 * i64 (else i32), bit 3 saturating.
 */
static XIPI_NOINLINE xip_status float_row(const uint8_t *pc, const uint64_t *R, int is_rrr, uint64_t *out)
{
    uint32_t op = pc[0];
    uint64_t a = R[pc[2]], b = is_rrr ? R[pc[3]] : 0;
    int is_f64 = op >= XIP_OP_F64_EQ;
    uint64_t sign = is_f64 ? SIGN64 : 0x80000000u, r, fa, fb;
    if (op >= XIP_OP_I32_TRUNC_F32_S) {
        uint32_t k = op - XIP_OP_I32_TRUNC_F32_S;
        if (k < 16)
            return xipi_f64_to_int(k & 2 ? a : xipi_f32_to_f64_bits((uint32_t)a), k, out); /* k: XIP_TO_ flags */
        if (op == XIP_OP_F32_DEMOTE_F64)
            r = xipi_f64_to_f32_bits(a);
        else if (op == XIP_OP_F64_PROMOTE_F32)
            r = xipi_f32_to_f64_bits((uint32_t)a);
        else
            r = convert_row(k - 16, a);
        *out = r;
        return XIP_OK;
    }
    if (is_f64)
        op -= XIP_OP_F64_EQ - XIP_OP_F32_EQ; /* the f32 row of the same operation */
#if !XIP_SMALL_FLOAT
    if (!is_f64 && op >= XIP_OP_F32_ADD && op <= XIP_OP_F32_DIV) {
        *out = farith32(a, b, (enum farith)(op - XIP_OP_F32_ADD));
        return XIP_OK;
    }
#endif
    fa = a; /* the operands in f64: an f32's exactly */
    fb = b;
    if (!is_f64) {
        fa = xipi_f32_to_f64_bits((uint32_t)a);
        fb = xipi_f32_to_f64_bits((uint32_t)b);
    }
    if (op >= XIP_OP_F32_ADD && op <= XIP_OP_F32_DIV) /* the most frequent first */
        r = farith64(fa, fb, (enum farith)(op - XIP_OP_F32_ADD));
    else if (op <= XIP_OP_F32_GE) {
        *out = fcmp64(fa, fb, frel_of[op - XIP_OP_F32_EQ]);
        return XIP_OK;
    } else if (op == XIP_OP_F32_ABS || op == XIP_OP_F32_NEG || op == XIP_OP_F32_COPYSIGN) {
        if (op == XIP_OP_F32_NEG) /* sign bits only, of the operands as they are; abs: b is 0 */
            b = ~a;
        *out = (a & ~sign) | (b & sign);
        return XIP_OK;
    } else if (op <= XIP_OP_F32_NEAREST)
        r = xipi_f64_round_integral(fa, (int)(op - XIP_OP_F32_CEIL));
    else if (op == XIP_OP_F32_SQRT)
        r = xipi_f64_sqrt(fa);
    else { /* max(a, b) is -min(-a, -b) (xipi_f64_max) */
        uint64_t negate = op == XIP_OP_F32_MAX ? SIGN64 : 0;
        r = xipi_f64_min(fa ^ negate, fb ^ negate) ^ negate;
    }
    *out = is_f64 ? r : xipi_f64_to_f32_bits(r);
    return XIP_OK;
}
#endif
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
    uint64_t res = 0;   /* the result PUT writes */
#endif
#if XIP_DECODED
    uint64_t x = 0, y = 0; /* the decoded operands (see RA) */
    int32_t t = 0;
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

    PROFILE_FRAME();
#if XIP_USE_GOTO
    NEXT();
#else
    for (;;) {
        PROFILE_COUNT();
#if XIP_DECODED
        uint32_t dec = op_decode[*pc];
        len = dec & 15;
        switch (dec >> 4) { /* the operands, by decoding class (see RA) */
        case DEC_X2Y3_:
            y = R[pc[3]];
            x = R[pc[2]];
            break;
        case DEC_X2K3_:
            y = (uint64_t)(int64_t)xip_read_i16(pc + 3);
            x = R[pc[2]];
            break;
        case DEC_X2U3_:
            y = xip_read_u16(pc + 3);
            x = R[pc[2]];
            break;
        case DEC_X2_:
            x = R[pc[2]];
            break;
        case DEC_X1T2_:
            t = xip_read_i16(pc + 2);
            x = R[pc[1]];
            break;
        case DEC_X1Y2T3_:
            t = xip_read_i16(pc + 3);
            y = R[pc[2]];
            x = R[pc[1]];
            break;
        case DEC_X1K2T4_:
            t = xip_read_i16(pc + 4);
            y = (uint64_t)(int64_t)xip_read_i16(pc + 2);
            x = R[pc[1]];
            break;
        case DEC_T1_:
            t = xip_read_i16(pc + 1);
            break;
        case DEC_K2_:
            y = (uint64_t)(int64_t)xip_read_i16(pc + 2);
            break;
        default:
            break;
        }
#endif
        switch (*pc) {
#endif

    /* ---- control ---- */
    CASE(UNREACHABLE) { status = XIP_TRAP_UNREACHABLE; goto trap; }
    CASE(JMP) TAKE(JT_J)
    CASE(JZ) { if ((uint32_t)JA == 0) TAKE(JT_RJ); pc += len; NEXT(); }
    CASE(JNZ) { if ((uint32_t)JA != 0) TAKE(JT_RJ); pc += len; NEXT(); }
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
        if (inst->depth == 0) { status = XIP_OK; goto finished; }
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
            PROFILE_FRAME();
            NEXT();
        }
        status = call(inst, f, (uint32_t)(R - stack), pc[3], (uint32_t)(pc + len - code));
        if (status != XIP_OK)
            goto call_stopped;
        pc = code + inst->pc;
        R = stack + inst->base;
        PROFILE_FRAME();
        NEXT();
    }
    ROW_LABEL(CALL_INDIRECT_WIDE) CASE(CALL_INDIRECT) { /* (call_indirect reads either frame base) */
        len = *pc == XIP_OP_CALL_INDIRECT ? XIP_LEN_CALL_INDIRECT : XIP_LEN_CALL_INDIRECT_WIDE;
        inst->fuel = fuel; /* call_indirect pays from inst->fuel */
        status = call_indirect(inst, pc, (uint32_t)R[pc[4]], (uint32_t)(R - stack),
                               (uint32_t)(pc + len - code));
        fuel = inst->fuel;
        if (status != XIP_OK)
            goto call_stopped;
        pc = code + inst->pc;
        R = stack + inst->base;
        PROFILE_FRAME();
        NEXT();
    }

    /* ---- fused compare and branch: i32 registers ---- */
#define RRJ_A ((uint32_t)JA)
#define RRJ_B ((uint32_t)JB_RRJ)
#define RRJ_T JT_RRJ
    CASE(JEQ) SWITCH_ALSO(JEQ_I) { if (RRJ_A == RRJ_B) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JNE) SWITCH_ALSO(JNE_I) { if (RRJ_A != RRJ_B) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JLT_S) SWITCH_ALSO(JLT_S_I) { if (s32(RRJ_A) < s32(RRJ_B)) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JLT_U) SWITCH_ALSO(JLT_U_I) { if (RRJ_A < RRJ_B) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JLE_S) SWITCH_ALSO(JLE_S_I) { if (s32(RRJ_A) <= s32(RRJ_B)) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JLE_U) SWITCH_ALSO(JLE_U_I) { if (RRJ_A <= RRJ_B) TAKE(RRJ_T); pc += len; NEXT(); }
#if XIP_USE_GOTO || XIP_DECODED /* (the switch build reading its own operands: with the i64 rows, below) */
    CASE(JGT_S) SWITCH_ALSO(JGT_S_I) { if (s32(RRJ_A) > s32(RRJ_B)) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JGT_U) SWITCH_ALSO(JGT_U_I) { if (RRJ_A > RRJ_B) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JGE_S) SWITCH_ALSO(JGE_S_I) { if (s32(RRJ_A) >= s32(RRJ_B)) TAKE(RRJ_T); pc += len; NEXT(); }
    CASE(JGE_U) SWITCH_ALSO(JGE_U_I) { if (RRJ_A >= RRJ_B) TAKE(RRJ_T); pc += len; NEXT(); }
#endif

    /* ---- fused compare with an immediate and branch (the switch build runs them as JEQ...: SWITCH_ALSO) ---- */
#if !XIP_DECODED
#define RKJ_T JT_RKJ
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
#endif
    /* add then branch on the sum: a taken branch that must pause for fuel pauses before the write,
       since xip_resume runs the instruction again */
    CASE(I32_ADD_I_JNZ) {
        uint32_t v = (uint32_t)(RRJ_A + RKJ_K);
        if (v != 0 && fuel == 0)
            goto out_of_fuel;
        RD = v;
        if (v != 0)
            TAKE(JT_RKJ);
        pc += len;
        NEXT();
    }
    CASE(I32_ADD_I_JZ) {
        uint32_t v = (uint32_t)(RRJ_A + RKJ_K);
        if (v == 0 && fuel == 0)
            goto out_of_fuel;
        RD = v;
        if (v == 0)
            TAKE(JT_RKJ);
        pc += len;
        NEXT();
    }

    /* ---- fused compare and branch: i64 ---- */
#define RRJ_A64 JA
#define RRJ_B64 JB_RRJ
#if XIP_USE_GOTO
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
#else
    /*
     * The switch build: one handler, the relation by the row's place
     * (int_rel); without XIP_DECODED also the i32 rows rare in hot code
     * (jgt and jge), their operands sign-extended (which keeps both orders).
     */
#if !XIP_DECODED
    ROW_LABEL(JGT_S) ROW_LABEL(JGT_U) ROW_LABEL(JGE_S) ROW_LABEL(JGE_U)
#endif
    ROW_LABEL(JEQ64) ROW_LABEL(JNE64) ROW_LABEL(JLT_S64) ROW_LABEL(JLT_U64) ROW_LABEL(JGT_S64) ROW_LABEL(JGT_U64)
    ROW_LABEL(JLE_S64) ROW_LABEL(JLE_U64) ROW_LABEL(JGE_S64) CASE(JGE_U64) {
        uint32_t op = *pc;
        int is32 = op < XIP_OP_JEQ64;
        uint64_t a = RRJ_A64, b = RRJ_B64;
        if (is32) {
            a = sext(a, 32);
            b = sext(b, 32);
        }
        if (int_holds(a, b, int_rel[op - (is32 ? XIP_OP_JEQ : XIP_OP_JEQ64)]))
            TAKE(RRJ_T);
        pc += len;
        NEXT();
    }
#endif
    CASE(JZ64) { if (JA == 0) TAKE(JT_RJ); pc += len; NEXT(); }
    CASE(JNZ64) { if (JA != 0) TAKE(JT_RJ); pc += len; NEXT(); }

    /* ---- moves, constants, select, globals, far locals ---- */
    CASE(MOV) { PUT_HERE(RA); }
    CASE(CONST32) { PUT(xip_read_u32(pc + 2)); }
    CASE(CONST64) { PUT(xip_read_u64(pc + 2)); }
    CASE(CONST_I16) { PUT_HERE(K16_2_U32); }
    CASE(CONST64_I16) { PUT(K16_2); }
    CASE(SELECT) { PUT_HERE((uint32_t)RC ? RA : RB); }
#if XIP_USE_GOTO
    CASE(GLOBAL_GET) { PUT(globals[xip_read_u16(pc + 2)]); }
    CASE(GLOBAL_SET) { globals[xip_read_u16(pc + 2)] = RD; pc += len; NEXT(); }
    CASE(LOCAL_LOAD_FAR) { PUT(R[xip_read_u16(pc + 2)]); }
    CASE(LOCAL_STORE_FAR) { R[xip_read_u16(pc + 2)] = RD; pc += len; NEXT(); }
#else /* the switch build: a global and a far local by one handler each way (the same shape, the slot array by the row) */
    ROW_LABEL(GLOBAL_GET) CASE(LOCAL_LOAD_FAR) { PUT((*pc == XIP_OP_GLOBAL_GET ? globals : R)[xip_read_u16(pc + 2)]); }
    ROW_LABEL(GLOBAL_SET) CASE(LOCAL_STORE_FAR) {
        (*pc == XIP_OP_GLOBAL_SET ? globals : R)[xip_read_u16(pc + 2)] = RD;
        pc += len;
        NEXT();
    }
#endif

    /* ---- memory: MEM_OK(size) checks the access, MEM_P is its first byte ---- */
#define MEM_OK(size) in_bounds(RA, MEM_OFF, lim.b##size)
#define MEM_P (mem + (uint32_t)RA + MEM_OFF)
    CASE(LOAD32) { if (!MEM_OK(4)) goto trap_oob; PUT_HERE(xip_read_u32(MEM_P)); }
    CASE(LOAD8_U) { if (!MEM_OK(1)) goto trap_oob; PUT_HERE(MEM_P[0]); }
    CASE(LOAD16_S32) { if (!MEM_OK(2)) goto trap_oob; PUT_HERE((uint32_t)sext(xip_read_u16(MEM_P), 16)); }
    CASE(LOAD16_U) { if (!MEM_OK(2)) goto trap_oob; PUT_HERE(xip_read_u16(MEM_P)); }
#if XIP_USE_GOTO
    CASE(LOAD64) { if (!MEM_OK(8)) goto trap_oob; PUT(xip_read_u64(MEM_P)); }
    CASE(LOAD8_S32) { if (!MEM_OK(1)) goto trap_oob; PUT((uint32_t)sext(MEM_P[0], 8)); }
    CASE(LOAD8_S64) { if (!MEM_OK(1)) goto trap_oob; PUT(sext(MEM_P[0], 8)); }
    CASE(LOAD16_S64) { if (!MEM_OK(2)) goto trap_oob; PUT(sext(xip_read_u16(MEM_P), 16)); }
    CASE(LOAD32_S64) { if (!MEM_OK(4)) goto trap_oob; PUT(sext(xip_read_u32(MEM_P), 32)); }
#else
    /*
     * The switch build: the loads rare in hot code share one handler, the
     * width from the row, the bytes read one at a time. Bytes [ea, ea + n)
     * lie in memory when ea + n - 1 < the memory size (the offset a u16 plus
     * at most 7). The size and the memory are read from inst: used here, the
     * run loop's copies (lim.b1, mem) lose their registers in the hot
     * handlers (measured: CoreMark +1.1 %).
     */
    ROW_LABEL(LOAD64) ROW_LABEL(LOAD8_S32) ROW_LABEL(LOAD8_S64) ROW_LABEL(LOAD16_S64) CASE(LOAD32_S64) {
        uint32_t op = *pc;
        uint32_t n = op == XIP_OP_LOAD64 ? 8 : op == XIP_OP_LOAD32_S64 ? 4 : op == XIP_OP_LOAD16_S64 ? 2 : 1;
        const uint8_t *p;
        uint64_t v;
        if (!in_bounds(RA, MEM_OFF + n - 1, inst->memory_bytes))
            goto trap_oob;
        p = inst->memory + (uint32_t)RA + MEM_OFF;
        v = sext(p[n - 1], 8); /* the last byte, sign-extended (for n = 8 its high bits shift out) */
        while (--n > 0) /* the others, little-endian */
            v = v << 8 | p[n - 1];
        PUT(op == XIP_OP_LOAD8_S32 ? (uint32_t)v : v);
    }
#endif
    CASE(STORE8) { if (!MEM_OK(1)) goto trap_oob; MEM_P[0] = (uint8_t)RD; pc += len; NEXT(); }
    CASE(STORE16) { if (!MEM_OK(2)) goto trap_oob; mem_store16(MEM_P, (uint16_t)RD); pc += len; NEXT(); }
    CASE(STORE32) { if (!MEM_OK(4)) goto trap_oob; mem_store32(MEM_P, (uint32_t)RD); pc += len; NEXT(); }
    CASE(STORE64) { if (!MEM_OK(8)) goto trap_oob; mem_store64(MEM_P, RD); pc += len; NEXT(); }
    CASE(ADDR_FAR) {
        uint32_t a = (uint32_t)RA, k = xip_read_u32(pc + 3);
        if (!in_bounds(a, k, lim.b1))
            goto trap_oob;
        PUT(a + k);
    }
    CASE(MEMORY_SIZE) { PUT(inst->memory_bytes >> inst->page_log2); }
    CASE(MEMORY_GROW) { /* -1 past the maximum (no fuel); else the old size in pages, the zeroing paid first */
        uint32_t delta = (uint32_t)RA, old = inst->memory_bytes >> inst->page_log2, need;
        if (delta > inst->memory_max_pages - old)
            PUT(0xffffffffu);
        need = xipi_fuel_for(delta << inst->page_log2, XIP_FUEL_BYTES_LOG2); /* the new size fits 32 bits */
        if (need > fuel)
            goto out_of_fuel;
        fuel -= need;
        if (delta) {
            uint32_t bytes = (old + delta) << inst->page_log2;
            memset(mem + inst->memory_bytes, 0, bytes - inst->memory_bytes);
            inst->memory_bytes = bytes;
            lim = limits_for(bytes);
        }
        PUT(old);
    }

    /* ---- i32 ---- */
#define A32 ((uint32_t)RA)
#define B32 ((uint32_t)RB)
#if XIP_USE_GOTO /* (the switch build: with the i64 rows of one operand, below) */
    CASE(I32_EQZ) { PUT(A32 == 0); }
#endif
    CASE(I32_EQ) SWITCH_ALSO(I32_EQ_I) { PUT(A32 == B32); }
    CASE(I32_GT_S) SWITCH_ALSO(I32_GT_S_I) { PUT(s32(A32) > s32(B32)); }
#if XIP_USE_GOTO || XIP_DECODED /* (the switch build reading its own operands: with the immediate forms, below) */
    CASE(I32_NE) SWITCH_ALSO(I32_NE_I) { PUT(A32 != B32); }
    CASE(I32_LT_S) SWITCH_ALSO(I32_LT_S_I) { PUT(s32(A32) < s32(B32)); }
    CASE(I32_LT_U) SWITCH_ALSO(I32_LT_U_I) { PUT(A32 < B32); }
    CASE(I32_GT_U) SWITCH_ALSO(I32_GT_U_I) { PUT(A32 > B32); }
    CASE(I32_LE_S) SWITCH_ALSO(I32_LE_S_I) { PUT(s32(A32) <= s32(B32)); }
    CASE(I32_LE_U) SWITCH_ALSO(I32_LE_U_I) { PUT(A32 <= B32); }
    CASE(I32_GE_S) SWITCH_ALSO(I32_GE_S_I) { PUT(s32(A32) >= s32(B32)); }
    CASE(I32_GE_U) SWITCH_ALSO(I32_GE_U_I) { PUT(A32 >= B32); }
#endif
#if XIP_USE_GOTO /* (the switch build: with the i64 rows of one operand, below) */
    CASE(I32_CLZ) { PUT(xipi_clz64(A32) - 32); }
    CASE(I32_CTZ) { uint32_t a = A32; PUT(a ? ctz64(a) : 32); }
    CASE(I32_POPCNT) { PUT(popcnt64(A32)); }
#endif
    CASE(I32_ADD) SWITCH_ALSO(I32_ADD_I) { PUT_HERE((uint32_t)(RA + RB)); }
    CASE(I32_SUB) { PUT((uint32_t)(RA - RB)); }
    CASE(I32_MUL) SWITCH_ALSO(I32_MUL_I) { PUT((uint32_t)(A32 * B32)); }
#if XIP_USE_GOTO /* (the switch build: one handler for the divisions and rotations, below) */
    CASE(I32_DIV_S) {
        int32_t a = s32(RA), b = s32(RB);
        if (b == 0)
            goto trap_div0;
        if (a == INT32_MIN && b == -1)
            goto trap_overflow;
        PUT((uint32_t)(a / b));
    }
    CASE(I32_DIV_U) { uint32_t a = A32, b = B32; if (b == 0) goto trap_div0; PUT(a / b); }
    CASE(I32_REM_S) {
        int32_t a = s32(RA), b = s32(RB);
        if (b == 0)
            goto trap_div0;
        PUT(b == -1 ? 0 : (uint32_t)(a % b));
    }
    CASE(I32_REM_U) { uint32_t a = A32, b = B32; if (b == 0) goto trap_div0; PUT(a % b); }
#endif
    CASE(I32_AND) SWITCH_ALSO(I32_AND_I) SWITCH_ALSO(I32_AND_U) { PUT(A32 & B32); }
    CASE(I32_OR) SWITCH_ALSO(I32_OR_I) SWITCH_ALSO(I32_OR_U) { PUT(A32 | B32); }
    CASE(I32_XOR) SWITCH_ALSO(I32_XOR_I) SWITCH_ALSO(I32_XOR_U) { PUT_HERE(A32 ^ B32); }
    CASE(I32_SHL) SWITCH_ALSO(I32_SHL_I) { PUT((uint32_t)(A32 << (B32 & 31))); }
    CASE(I32_SHR_S) SWITCH_ALSO(I32_SHR_S_I) { PUT(sar32(A32, B32 & 31)); }
    CASE(I32_SHR_U) SWITCH_ALSO(I32_SHR_U_I) { PUT(A32 >> (B32 & 31)); }
#if XIP_USE_GOTO
    CASE(I32_ROTL) { PUT(rotl32(A32, B32)); }
    CASE(I32_ROTR) { PUT(rotl32(A32, 32 - (B32 & 31))); }
    CASE(I32_EXTEND8_S) { PUT((uint32_t)sext(RA, 8)); }
    CASE(I32_EXTEND16_S) { PUT((uint32_t)sext(RA, 16)); }
#else
    /* The switch build: the i32 rows of two operands rare in hot code share one handler (those of one: below). */
    ROW_LABEL(I32_DIV_S) ROW_LABEL(I32_DIV_U) ROW_LABEL(I32_REM_S) ROW_LABEL(I32_REM_U) ROW_LABEL(I32_ROTL)
    CASE(I32_ROTR) {
        uint32_t a = A32, b = B32, k = (uint32_t)*pc - XIP_OP_I32_DIV_S;
        if (*pc == XIP_OP_I32_ROTL)
            PUT(rotl32(a, b));
        if (*pc == XIP_OP_I32_ROTR)
            PUT(rotl32(a, 32 - (b & 31)));
        /* DIV_S, DIV_U, REM_S, REM_U: bit 0 unsigned, bit 1 remainder */
        if (b == 0)
            goto trap_div0;
        if (k & 1)
            PUT(k & 2 ? a % b : a / b);
        if (b == 0xffffffffu) { /* INT32_MIN / -1 overflows; any x % -1 is 0 */
            if (k & 2)
                PUT(0);
            if (a == 0x80000000u)
                goto trap_overflow;
        }
        PUT((uint32_t)(k & 2 ? s32(a) % s32(b) : s32(a) / s32(b)));
    }
#endif
#if XIP_USE_GOTO
    CASE(I32_WRAP) { PUT(A32); }
#endif

    /* ---- i32 with an immediate (the switch build runs them as I32_ADD...: SWITCH_ALSO) ---- */
#if !XIP_DECODED
    CASE(I32_ADD_I) { PUT_HERE((uint32_t)(A32 + K16_3)); }
    CASE(I32_MUL_I) { PUT((uint32_t)(A32 * K16_3)); }
    CASE(I32_AND_I) { PUT_HERE(A32 & K16_3); }
    CASE(I32_OR_I) { PUT(A32 | K16_3); }
    CASE(I32_XOR_I) { PUT_HERE(A32 ^ K16_3); }
    CASE(I32_AND_U) { PUT(A32 & U16_3); }
    CASE(I32_OR_U) { PUT(A32 | U16_3); }
    CASE(I32_XOR_U) { PUT(A32 ^ U16_3); }
    CASE(I32_SHL_I) { PUT((uint32_t)(A32 << (K16_3 & 31))); }
    CASE(I32_SHR_S_I) { PUT(sar32(A32, K16_3 & 31)); }
    CASE(I32_SHR_U_I) { PUT_HERE(A32 >> (K16_3 & 31)); }
#if XIP_USE_GOTO
    CASE(I32_EQ_I) { PUT(A32 == K16_3); }
    CASE(I32_NE_I) { PUT(A32 != K16_3); }
    CASE(I32_LT_S_I) { PUT(s32(A32) < s32(K16_3)); }
    CASE(I32_LT_U_I) { PUT(A32 < K16_3); }
    CASE(I32_GT_S_I) { PUT(s32(A32) > s32(K16_3)); }
    CASE(I32_GT_U_I) { PUT(A32 > K16_3); }
    CASE(I32_LE_S_I) { PUT(s32(A32) <= s32(K16_3)); }
    CASE(I32_LE_U_I) { PUT(A32 <= K16_3); }
    CASE(I32_GE_S_I) { PUT(s32(A32) >= s32(K16_3)); }
    CASE(I32_GE_U_I) { PUT(A32 >= K16_3); }
#else
    /*
     * The switch build: one handler (sign-extension keeps both the signed
     * and the unsigned order); the register forms rare in hot code (all but
     * eq and gt_s) run with the i64 comparisons.
     */
    ROW_LABEL(I32_EQ_I) ROW_LABEL(I32_NE_I) ROW_LABEL(I32_LT_S_I) ROW_LABEL(I32_LT_U_I) ROW_LABEL(I32_GT_S_I)
    ROW_LABEL(I32_GT_U_I) ROW_LABEL(I32_LE_S_I) ROW_LABEL(I32_LE_U_I) ROW_LABEL(I32_GE_S_I) CASE(I32_GE_U_I) {
        PUT(int_holds(sext(A32, 32), sext(K16_3, 32), int_rel[*pc - XIP_OP_I32_EQ_I]));
    }
#endif
#endif
    CASE(I32_SHR_U_AND_I) { /* k32: the shift count in its low half, the sign-extended mask in its high half */
        uint32_t shifted = A32 >> (pc[3] & 31u);
        int32_t mask = xip_read_i16(pc + 5);
        RD = shifted & (uint32_t)mask;
        pc += len;
        NEXT();
    }
    CASE(I32_MUL_ADD) { PUT_HERE((uint32_t)(A32 * B32 + (uint32_t)RC)); }
    CASE(I32_ADD_I2) { /* k32: the step of R[d] in its low half, then that of R[a] (a may be d) in its high half */
        int32_t kd = xip_read_i16(pc + 3), ka = xip_read_i16(pc + 5);
        RD = (uint32_t)((uint32_t)RD + (uint32_t)kd);
        R[pc[2]] = (uint32_t)((uint32_t)R[pc[2]] + (uint32_t)ka);
        pc += len;
        NEXT();
    }

    /* ---- i64 (the switch build: two shared handlers, below) ---- */
#if XIP_USE_GOTO
    CASE(I64_EQZ) { PUT(RA == 0); }
    CASE(I64_EQ) { PUT(RA == RB); }
    CASE(I64_NE) { PUT(RA != RB); }
    CASE(I64_LT_S) { PUT(s64(RA) < s64(RB)); }
    CASE(I64_LT_U) { PUT(RA < RB); }
    CASE(I64_GT_S) { PUT(s64(RA) > s64(RB)); }
    CASE(I64_GT_U) { PUT(RA > RB); }
    CASE(I64_LE_S) { PUT(s64(RA) <= s64(RB)); }
    CASE(I64_LE_U) { PUT(RA <= RB); }
    CASE(I64_GE_S) { PUT(s64(RA) >= s64(RB)); }
    CASE(I64_GE_U) { PUT(RA >= RB); }
    CASE(I64_CLZ) { PUT(xipi_clz64(RA)); }
    CASE(I64_CTZ) { PUT(ctz64(RA)); }
    CASE(I64_POPCNT) { PUT(popcnt64(RA)); }
    CASE(I64_ADD) SWITCH_ALSO(I64_ADD_I) { PUT(RA + RB); }
    CASE(I64_SUB) { PUT(RA - RB); }
    CASE(I64_MUL) { PUT(RA * RB); }
    CASE(I64_DIV_S) {
        uint64_t a = RA, b = RB;
        if (b == 0)
            goto trap_div0;
        if (a == SIGN64 && b == ~(uint64_t)0)
            goto trap_overflow;
        PUT(div_s64(a, b, 0));
    }
    CASE(I64_DIV_U) { uint64_t a = RA, b = RB; if (b == 0) goto trap_div0; PUT(div_u64(a, b, 0)); }
    CASE(I64_REM_S) {
        uint64_t a = RA, b = RB;
        if (b == 0)
            goto trap_div0;
        PUT(b == ~(uint64_t)0 ? 0 : div_s64(a, b, 1));
    }
    CASE(I64_REM_U) { uint64_t a = RA, b = RB; if (b == 0) goto trap_div0; PUT(div_u64(a, b, 1)); }
    CASE(I64_AND) SWITCH_ALSO(I64_AND_I) { PUT(RA & RB); }
    CASE(I64_OR) { PUT(RA | RB); }
    CASE(I64_XOR) { PUT(RA ^ RB); }
    CASE(I64_SHL) SWITCH_ALSO(I64_SHL_I) { PUT(RA << (RB & 63)); }
    CASE(I64_SHR_S) SWITCH_ALSO(I64_SHR_S_I) { PUT(sar64(RA, (uint32_t)RB & 63)); }
    CASE(I64_SHR_U) SWITCH_ALSO(I64_SHR_U_I) { PUT(RA >> (RB & 63)); }
    CASE(I64_ROTL) { PUT(rotl64(RA, (uint32_t)RB)); }
    CASE(I64_ROTR) { PUT(rotl64(RA, 64 - ((uint32_t)RB & 63))); }
    CASE(I64_EXTEND8_S) { PUT(sext(RA, 8)); }
    CASE(I64_EXTEND16_S) { PUT(sext(RA, 16)); }
    CASE(I64_EXTEND32_S) { PUT(sext(RA, 32)); }

    /* ---- i64 with an immediate ---- */
    CASE(I64_ADD_I) { PUT(RA + K64_3); }
    CASE(I64_AND_I) { PUT(RA & K64_3); }
    CASE(I64_SHL_I) { PUT(RA << (K16_3 & 63)); }
    CASE(I64_SHR_S_I) { PUT(sar64(RA, K16_3 & 63)); }
    CASE(I64_SHR_U_I) { PUT(RA >> (K16_3 & 63)); }
#else
    /*
     * The switch build: the i64 rows, rare in hot code, share two handlers,
     * one for those of one operand and one for those of two (the register
     * and the immediate forms: K64_3 is the immediate, RB the register).
     * The first also runs the i32 rows of one operand: each mirrors the i64
     * row I64_OF_I32 rows on (i32.wrap: i64.extend32_s), run on the
     * zero-extended operand, the result cut to 32 bits.
     */
    ROW_LABEL(I32_EQZ) ROW_LABEL(I32_CLZ) ROW_LABEL(I32_CTZ) ROW_LABEL(I32_POPCNT) ROW_LABEL(I32_EXTEND8_S)
    ROW_LABEL(I32_EXTEND16_S) ROW_LABEL(I32_WRAP)
    ROW_LABEL(I64_EQZ) ROW_LABEL(I64_CLZ) ROW_LABEL(I64_CTZ) ROW_LABEL(I64_POPCNT) ROW_LABEL(I64_EXTEND8_S)
    ROW_LABEL(I64_EXTEND16_S) CASE(I64_EXTEND32_S) {
        uint32_t op = *pc, width = op < XIP_OP_I64_EQZ ? 32 : 64;
        uint64_t a = RA, r;
        switch (width == 32 ? op + I64_OF_I32 : op) {
        case XIP_OP_I64_EQZ: r = a == 0; break;
        case XIP_OP_I64_CLZ: r = xipi_clz64(a) - (64 - width); break;
        case XIP_OP_I64_CTZ: r = ctz64(a); r = r < width ? r : width; break;
        case XIP_OP_I64_POPCNT: r = popcnt64(a); break;
        case XIP_OP_I64_EXTEND8_S: r = sext(a, 8); break;
        case XIP_OP_I64_EXTEND16_S: r = sext(a, 16); break;
        default: r = sext(a, 32); break;
        }
        PUT(width == 32 ? (uint32_t)r : r);
    }
#if !XIP_DECODED /* (with XIP_DECODED these share their immediate forms' handlers, above) */
    ROW_LABEL(I32_NE) ROW_LABEL(I32_LT_S) ROW_LABEL(I32_LT_U) ROW_LABEL(I32_GT_U) ROW_LABEL(I32_LE_S)
    ROW_LABEL(I32_LE_U) ROW_LABEL(I32_GE_S) ROW_LABEL(I32_GE_U)
#endif
    ROW_LABEL(I64_EQ) ROW_LABEL(I64_NE) ROW_LABEL(I64_LT_S) ROW_LABEL(I64_LT_U) ROW_LABEL(I64_GT_S)
    ROW_LABEL(I64_GT_U) ROW_LABEL(I64_LE_S) ROW_LABEL(I64_LE_U) ROW_LABEL(I64_GE_S) ROW_LABEL(I64_GE_U)
    ROW_LABEL(I64_ADD) ROW_LABEL(I64_SUB) ROW_LABEL(I64_MUL) ROW_LABEL(I64_DIV_S) ROW_LABEL(I64_DIV_U)
    ROW_LABEL(I64_REM_S) ROW_LABEL(I64_REM_U) ROW_LABEL(I64_AND) ROW_LABEL(I64_OR) ROW_LABEL(I64_XOR)
    ROW_LABEL(I64_SHL) ROW_LABEL(I64_SHR_S) ROW_LABEL(I64_SHR_U) ROW_LABEL(I64_ROTL) ROW_LABEL(I64_ROTR)
    ROW_LABEL(I64_ADD_I) ROW_LABEL(I64_AND_I) ROW_LABEL(I64_SHL_I) ROW_LABEL(I64_SHR_S_I) CASE(I64_SHR_U_I) {
        uint32_t op = *pc, k;
        int imm = op >= XIP_OP_I64_ADD_I;
        uint64_t a = RA, b = imm ? K64_3 : RB;
        len = imm ? XIP_LEN_I64_ADD_I : XIP_LEN_I64_ADD;
        if (op < XIP_OP_I64_EQ) { /* an i32 comparison (I32_EQ..I32_GE_U): sign-extended, as i64 */
            a = sext(a, 32);
            b = sext(b, 32);
            op += I64_OF_I32;
        }
        if (op <= XIP_OP_I64_GE_U)
            PUT(int_holds(a, b, int_rel[op - XIP_OP_I64_EQ]));
        switch (op) {
        case XIP_OP_I64_ADD: case XIP_OP_I64_ADD_I: PUT(a + b);
        case XIP_OP_I64_SUB: PUT(a - b);
        case XIP_OP_I64_MUL: PUT(a * b);
        case XIP_OP_I64_AND: case XIP_OP_I64_AND_I: PUT(a & b);
        case XIP_OP_I64_OR: PUT(a | b);
        case XIP_OP_I64_XOR: PUT(a ^ b);
        case XIP_OP_I64_SHL: case XIP_OP_I64_SHL_I: PUT(a << (b & 63));
        case XIP_OP_I64_SHR_S: case XIP_OP_I64_SHR_S_I: PUT(sar64(a, (uint32_t)b & 63));
        case XIP_OP_I64_SHR_U: case XIP_OP_I64_SHR_U_I: PUT(a >> (b & 63));
        case XIP_OP_I64_ROTL: PUT(rotl64(a, (uint32_t)b));
        case XIP_OP_I64_ROTR: PUT(rotl64(a, 64 - ((uint32_t)b & 63)));
        default: /* DIV_S, DIV_U, REM_S, REM_U: bit 0 unsigned, bit 1 remainder */
            k = op - XIP_OP_I64_DIV_S;
            if (b == 0)
                goto trap_div0;
            if (!(k & 1) && b == ~(uint64_t)0) { /* INT64_MIN / -1 overflows; any x % -1 is 0 */
                if (k & 2)
                    PUT(0);
                if (a == SIGN64)
                    goto trap_overflow;
            }
            PUT(div64(a, b, !(k & 1), (int)(k >> 1)));
        }
    }
#endif

#if XIP_FLOAT
#if XIP_USE_GOTO /* (the switch build runs these rows in float_row instead, below) */
    /* ---- f32 ---- */
    CASE(F32_EQ) { PUT(fcmp32(RA, RB, F_EQ)); }
    CASE(F32_NE) { PUT(fcmp32(RA, RB, F_NE)); }
    CASE(F32_LT) { PUT(fcmp32(RA, RB, F_LT)); }
    CASE(F32_GT) { PUT(fcmp32(RA, RB, F_GT)); }
    CASE(F32_LE) { PUT(fcmp32(RA, RB, F_LE)); }
    CASE(F32_GE) { PUT(fcmp32(RA, RB, F_GE)); }
    CASE(F32_ABS) { PUT(A32 & 0x7fffffffu); }
    CASE(F32_NEG) { PUT(A32 ^ 0x80000000u); }
    CASE(F32_CEIL) { PUT(xipi_f32_ceil(A32)); }
    CASE(F32_FLOOR) { PUT(xipi_f32_floor(A32)); }
    CASE(F32_TRUNC) { PUT(xipi_f32_trunc(A32)); }
    CASE(F32_NEAREST) { PUT(xipi_f32_nearest(A32)); }
    CASE(F32_SQRT) { PUT(xipi_f32_sqrt(A32)); }
    CASE(F32_ADD) { PUT(farith32(RA, RB, FOP_ADD)); }
    CASE(F32_SUB) { PUT(farith32(RA, RB, FOP_SUB)); }
    CASE(F32_MUL) { PUT(farith32(RA, RB, FOP_MUL)); }
    CASE(F32_DIV) { PUT(farith32(RA, RB, FOP_DIV)); }
    CASE(F32_MIN) { PUT(xipi_f32_min(A32, B32)); }
    CASE(F32_MAX) { PUT(xipi_f32_max(A32, B32)); }
    CASE(F32_COPYSIGN) { PUT((A32 & 0x7fffffffu) | (B32 & 0x80000000u)); }

    /* ---- f64 ---- */
    CASE(F64_EQ) { PUT(fcmp64(RA, RB, F_EQ)); }
    CASE(F64_NE) { PUT(fcmp64(RA, RB, F_NE)); }
    CASE(F64_LT) { PUT(fcmp64(RA, RB, F_LT)); }
    CASE(F64_GT) { PUT(fcmp64(RA, RB, F_GT)); }
    CASE(F64_LE) { PUT(fcmp64(RA, RB, F_LE)); }
    CASE(F64_GE) { PUT(fcmp64(RA, RB, F_GE)); }
    CASE(F64_ABS) { PUT(RA & ~SIGN64); }
    CASE(F64_NEG) { PUT(RA ^ SIGN64); }
    CASE(F64_CEIL) { PUT(xipi_f64_ceil(RA)); }
    CASE(F64_FLOOR) { PUT(xipi_f64_floor(RA)); }
    CASE(F64_TRUNC) { PUT(xipi_f64_trunc(RA)); }
    CASE(F64_NEAREST) { PUT(xipi_f64_nearest(RA)); }
    CASE(F64_SQRT) { PUT(xipi_f64_sqrt(RA)); }
    CASE(F64_ADD) { PUT(farith64(RA, RB, FOP_ADD)); }
    CASE(F64_SUB) { PUT(farith64(RA, RB, FOP_SUB)); }
    CASE(F64_MUL) { PUT(farith64(RA, RB, FOP_MUL)); }
    CASE(F64_DIV) { PUT(farith64(RA, RB, FOP_DIV)); }
    CASE(F64_MIN) { PUT(xipi_f64_min(RA, RB)); }
    CASE(F64_MAX) { PUT(xipi_f64_max(RA, RB)); }
    CASE(F64_COPYSIGN) { PUT((RA & ~SIGN64) | (RB & SIGN64)); }

    /* ---- float conversions: trapping truncations go through f64 bits ---- */
#define TRUNC_OK(bits64, sgn, width) ((status = xipi_trunc_f64(bits64, sgn, width, &tv)) == XIP_OK)
    CASE(I32_TRUNC_F32_S) { if (!TRUNC_OK(xipi_f32_to_f64_bits(A32), 1, 32)) goto trap; PUT((uint32_t)tv); }
    CASE(I32_TRUNC_F32_U) { if (!TRUNC_OK(xipi_f32_to_f64_bits(A32), 0, 32)) goto trap; PUT((uint32_t)tv); }
    CASE(I32_TRUNC_F64_S) { if (!TRUNC_OK(RA, 1, 32)) goto trap; PUT((uint32_t)tv); }
    CASE(I32_TRUNC_F64_U) { if (!TRUNC_OK(RA, 0, 32)) goto trap; PUT((uint32_t)tv); }
    CASE(I64_TRUNC_F32_S) { if (!TRUNC_OK(xipi_f32_to_f64_bits(A32), 1, 64)) goto trap; PUT(tv); }
    CASE(I64_TRUNC_F32_U) { if (!TRUNC_OK(xipi_f32_to_f64_bits(A32), 0, 64)) goto trap; PUT(tv); }
    CASE(I64_TRUNC_F64_S) { if (!TRUNC_OK(RA, 1, 64)) goto trap; PUT(tv); }
    CASE(I64_TRUNC_F64_U) { if (!TRUNC_OK(RA, 0, 64)) goto trap; PUT(tv); }
    CASE(I32_TRUNC_SAT_F32_S) { PUT((uint32_t)xipi_trunc_sat_f64(xipi_f32_to_f64_bits(A32), 1, 32)); }
    CASE(I32_TRUNC_SAT_F32_U) { PUT((uint32_t)xipi_trunc_sat_f64(xipi_f32_to_f64_bits(A32), 0, 32)); }
    CASE(I32_TRUNC_SAT_F64_S) { PUT((uint32_t)xipi_trunc_sat_f64(RA, 1, 32)); }
    CASE(I32_TRUNC_SAT_F64_U) { PUT((uint32_t)xipi_trunc_sat_f64(RA, 0, 32)); }
    CASE(I64_TRUNC_SAT_F32_S) { PUT(xipi_trunc_sat_f64(xipi_f32_to_f64_bits(A32), 1, 64)); }
    CASE(I64_TRUNC_SAT_F32_U) { PUT(xipi_trunc_sat_f64(xipi_f32_to_f64_bits(A32), 0, 64)); }
    CASE(I64_TRUNC_SAT_F64_S) { PUT(xipi_trunc_sat_f64(RA, 1, 64)); }
    CASE(I64_TRUNC_SAT_F64_U) { PUT(xipi_trunc_sat_f64(RA, 0, 64)); }
    CASE(F32_CONVERT_I32_S) { PUT(F32_FROM_S32(RA)); }
    CASE(F32_CONVERT_I32_U) { PUT(F32_FROM_U32(RA)); }
    CASE(F32_CONVERT_I64_S) { PUT(F32_FROM_S64(RA)); }
    CASE(F32_CONVERT_I64_U) { PUT(F32_FROM_U64(RA)); }
    CASE(F64_CONVERT_I32_S) { PUT(F64_FROM_S32(RA)); }
    CASE(F64_CONVERT_I32_U) { PUT(F64_FROM_U32(RA)); }
    CASE(F64_CONVERT_I64_S) { PUT(F64_FROM_S64(RA)); }
    CASE(F64_CONVERT_I64_U) { PUT(F64_FROM_U64(RA)); }
    CASE(F32_DEMOTE_F64) { PUT(xipi_f64_to_f32_bits(RA)); }
    CASE(F64_PROMOTE_F32) { PUT(xipi_f32_to_f64_bits(A32)); }
#else
    /* The switch build: the float rows in float_row, by the operand shape (RRR, RR). */
    ROW_LABEL(F64_ADD) ROW_LABEL(F64_SUB) ROW_LABEL(F64_MUL) CASE(F64_DIV) { /* the most frequent: no detour */
        PUT(farith64(RA, RB, (enum farith)((uint32_t)*pc - XIP_OP_F64_ADD)));
    }
    ROW_LABEL(F32_EQ) ROW_LABEL(F32_NE) ROW_LABEL(F32_LT) ROW_LABEL(F32_GT) ROW_LABEL(F32_LE) ROW_LABEL(F32_GE)
    ROW_LABEL(F32_ADD) ROW_LABEL(F32_SUB) ROW_LABEL(F32_MUL) ROW_LABEL(F32_DIV) ROW_LABEL(F32_MIN)
    ROW_LABEL(F32_MAX) ROW_LABEL(F32_COPYSIGN) ROW_LABEL(F64_EQ) ROW_LABEL(F64_NE) ROW_LABEL(F64_LT)
    ROW_LABEL(F64_GT) ROW_LABEL(F64_LE) ROW_LABEL(F64_GE) ROW_LABEL(F64_MIN) ROW_LABEL(F64_MAX) CASE(F64_COPYSIGN) {
        (void)float_row(pc, R, 1, &tv); /* no RRR row traps */
        PUT(tv);
    }
    ROW_LABEL(F32_ABS) ROW_LABEL(F32_NEG) ROW_LABEL(F32_CEIL) ROW_LABEL(F32_FLOOR) ROW_LABEL(F32_TRUNC)
    ROW_LABEL(F32_NEAREST) ROW_LABEL(F32_SQRT) ROW_LABEL(F64_ABS) ROW_LABEL(F64_NEG) ROW_LABEL(F64_CEIL)
    ROW_LABEL(F64_FLOOR) ROW_LABEL(F64_TRUNC) ROW_LABEL(F64_NEAREST) ROW_LABEL(F64_SQRT)
    ROW_LABEL(I32_TRUNC_F32_S) ROW_LABEL(I32_TRUNC_F32_U) ROW_LABEL(I32_TRUNC_F64_S) ROW_LABEL(I32_TRUNC_F64_U)
    ROW_LABEL(I64_TRUNC_F32_S) ROW_LABEL(I64_TRUNC_F32_U) ROW_LABEL(I64_TRUNC_F64_S) ROW_LABEL(I64_TRUNC_F64_U)
    ROW_LABEL(I32_TRUNC_SAT_F32_S) ROW_LABEL(I32_TRUNC_SAT_F32_U) ROW_LABEL(I32_TRUNC_SAT_F64_S)
    ROW_LABEL(I32_TRUNC_SAT_F64_U) ROW_LABEL(I64_TRUNC_SAT_F32_S) ROW_LABEL(I64_TRUNC_SAT_F32_U)
    ROW_LABEL(I64_TRUNC_SAT_F64_S) ROW_LABEL(I64_TRUNC_SAT_F64_U) ROW_LABEL(F32_CONVERT_I32_S)
    ROW_LABEL(F32_CONVERT_I32_U) ROW_LABEL(F32_CONVERT_I64_S) ROW_LABEL(F32_CONVERT_I64_U)
    ROW_LABEL(F64_CONVERT_I32_S) ROW_LABEL(F64_CONVERT_I32_U) ROW_LABEL(F64_CONVERT_I64_S)
    ROW_LABEL(F64_CONVERT_I64_U) ROW_LABEL(F32_DEMOTE_F64) CASE(F64_PROMOTE_F32) {
        if ((status = float_row(pc, R, 0, &tv)) != XIP_OK)
            goto trap;
        PUT(tv);
    }
#endif
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
    CASE(REF_IS_NULL) { PUT((uint32_t)RA == XIP_NULL_REF); }
    CASE(REF_FUNC) { PUT(xip_read_u16(pc + 2)); }
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

    /* ---- calls whose frame base is a 16-bit slot (frames beyond 256 registers; call_indirect_wide: above) ---- */
    CASE(CALL_WIDE) {
        uint32_t need = xipi_call_fuel(inst, xip_read_u16(pc + 1));
        if (need > fuel)
            goto out_of_fuel;
        fuel -= need;
        status = call(inst, xip_read_u16(pc + 1), (uint32_t)(R - stack), xip_read_u16(pc + 3),
                      (uint32_t)(pc + len - code));
        if (status != XIP_OK)
            goto call_stopped;
        pc = code + inst->pc;
        R = stack + inst->base;
        PROFILE_FRAME();
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
put: /* PUT in the switch build */
    RD = res;
    pc += len;
    NEXT();
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
    inst->depth = 0;
    nres = 0;
finished: /* RET from the outermost frame (status XIP_OK, results in stack[0..nres)) or a trap */
    inst->fuel = fuel;
    inst->result_count = (uint8_t)nres;
    set_state(inst, XIP_ST_READY);
    return status;
#if !XIP_USE_GOTO
    }
#endif
}

#if XIP_DISPATCH_GOTO
#pragma GCC diagnostic pop
#endif
