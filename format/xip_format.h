/*
 * xip_format.h: the xipwasm image container and instruction encoding, shared
 * by the compiler, the executor and the tools. docs/format.md is the prose
 * specification; this header is its machine-readable half.
 *
 * All multi-byte fields are little-endian and unaligned: read them byte by
 * byte with the helpers below, never by casting a pointer.
 *
 * Image layout
 * ------------
 *   offset  size  field
 *   0       8     magic 89 'X' 'I' 'P' 0D 0A 1A 0A (catches text-mode mangling)
 *   8       1     format version (XIP_FORMAT_VERSION)
 *   9       1     flags (XIP_IMAGE_FLOAT: some function uses float opcodes)
 *   10      2     reserved, zero
 *   12      4     image size in bytes, header included
 *   16      4     Adler-32 (RFC 1950, xip_adler32) of bytes [20, size)
 *   20      ...   sections, ids strictly increasing, each present at most once:
 *
 *   +----+------------+----------------------+
 *   | id | size (u32) | body (size bytes)    |   repeated until the image end
 *   +----+------------+----------------------+
 *
 * Section bodies (u8/u16/u32/u64 little-endian; "name" = u16 length + bytes;
 * "cexpr" = a constant expression, see XIP_CEXPR_* below). In the sections
 * marked [indexed], whose entries vary in size, an offset table follows the
 * count so that entry i is found in O(1):
 *
 *   u16 count; uW offset[count - 1] (none when count is 0); entry[0..count)
 *
 * offset[i - 1] is entry i's offset from the body start; entry 0 follows the
 * table. W, 1, 2 or 4 bytes, is the smallest that holds any body offset:
 * 1 if the body size is at most 0xff, 2 if at most 0xffff, else 4
 * (xip_index_width). The verifier checks every offset against where its
 * entry starts, in its one pass over the section, so the table cannot lie.
 *
 *   1 TYPE    [indexed] u16 count; count x { u8 nparams, u8 nresults, valtype[nparams+nresults] }
 *             (the compiler merges identical signatures: equal index == equal type)
 *   2 IMPORT  [indexed] u16 count; count x { u8 kind, kind-specific part, name module, name field }
 *             kind 0 function: u16 type
 *             kind 1 table:    u8 elemtype, u32 min, u32 max (0xffffffff: none), u32 before
 *             kind 2 memory:   u32 min, u32 max, u8 page_log2
 *             kind 3 global:   u8 valtype, u8 mutable
 *             Imports come first in each index space; entries are grouped by kind in
 *             this order (functions, tables, memories, globals).
 *   3 FUNC    u16 count; count x { u16 type, u8 nparams, u8 nresults, u16 nlocals,
 *             u16 frame_size, u32 code_offset } (12 bytes each; nlocals counts the
 *             params; locals [nparams, nlocals) start at zero; code_offset is from
 *             the CODE body start; a function's code ends where the next one starts)
 *   4 TABLE   [indexed] u16 count (defined tables); count x { u8 elemtype, u8 flags, u32 min,
 *             u32 max (0xffffffff: none), then if flags & XIP_TABLE_RAM is clear:
 *             u32 n, u16 func[n] (0xffff = null), else u8 ram, u32 before } A table
 *             without XIP_TABLE_RAM is never written: its contents (fixed by the
 *             compiler from the active element segments) are read from the image.
 *             A RAM table lives in the caller's table buffer and is filled at
 *             instantiation from ELEM. Imported tables are always RAM tables.
 *             Where a RAM table lies in the table buffer, so that it is found in
 *             O(1): `ram` = the RAM tables before it (an imported table's is its
 *             index), `before` = the sum, saturated at 0xffffffff, of their
 *             capacities (max, or min when there is none), in words.
 *   5 MEMORY  u8 count (0 or 1); { u32 min, u32 max (0xffffffff: none), u8 page_log2 }
 *   6 GLOBAL  [indexed] u16 count; count x { u8 valtype, u8 mutable, cexpr init }
 *   7 EXPORT  [indexed] u16 count; count x { u8 kind (0 func, 1 table, 2 memory, 3 global),
 *             u16 index, name }
 *   8 START   u16 function index
 *   9 DATA    [indexed] u16 count; count x { u8 mode, [cexpr offset if mode is active],
 *             u32 length, u8 bytes[length] } mode: XIP_SEGMENT_ACTIVE (copied to
 *             memory at instantiation, then dropped), XIP_SEGMENT_PASSIVE (for
 *             memory.init until data.drop)
 *  10 CODE    the bytecode of every defined function, back to back
 *  11 ELEM    [indexed] u16 count; count x { u8 mode, u8 elemtype, [u8 table, cexpr offset if
 *             active], u32 n, cexpr item[n] } mode: ACTIVE (written into a RAM table
 *             at instantiation, then dropped), PASSIVE (for table.init until
 *             elem.drop), DROPPED (declarative segments, and active segments already
 *             folded into a flash table: present only to keep segment indices)
 *  12 REFS    optional, only when some function handles references (xip_refs.h):
 *             u16 count; count x { u16 func (defined index, increasing), u16 njoins,
 *             u16 ncalls, u32 npool, njoins x { u32 pc (from the function's first
 *             byte, increasing), u32 first, u8 n }, ncalls x { u32 first, u16 n },
 *             npool x { u16 register, u8 class } } Each join (every branch target)
 *             and each call, in code order, names the pool entries [first, first+n):
 *             the registers that hold a reference there (class 1 funcref, 2
 *             externref, 3 null).
 *  13 STACK   u32 slots, u16 frames: the deepest value stack (in 64-bit slots) and
 *             the most frame records any call of any function can need, when the
 *             call graph has no cycle (omitted otherwise). Not trusted: the loader
 *             recomputes both from the bytecode and refuses an image whose figures
 *             are lower; it refuses buffers smaller than them.
 *
 * Constant expressions (cexpr): a byte-coded stack program ending with
 * XIP_CEXPR_END, at most XIP_CEXPR_MAX_DEPTH values deep, evaluated at
 * instantiation (global initializers, segment offsets, element items):
 *   I32 k32 | I64 k64 | GLOBAL g:u16 (an earlier or imported global) |
 *   REF_FUNC f:u16 | REF_NULL | ADD32 | SUB32 | MUL32 | ADD64 | SUB64 | MUL64 | END
 * f32/f64 constants use I32/I64 with their bit patterns. The compiler folds
 * whatever it can, so most are a single constant.
 *
 * Function indices count imports first, then FUNC entries, as in Wasm.
 *
 * Instruction encoding
 * --------------------
 * One opcode byte (its row in opcodes.def) followed by the operands of its
 * shape. r = u8 register index in the current frame, k16 = i16, u16 = u16 (zero-extended), k32/k64 =
 * u32/u64 immediates, T = i16 branch offset relative to the opcode byte,
 * f/y/g/F = u16 function/type/global/far-slot index, t = u8 table, n = u8 count.
 *
 *   NONE    [op]                       RR      [op][d][a]
 *   R       [op][d]                    RRR     [op][d][a][b]
 *   RN      [op][a][n]                 RRRR    [op][d][a][b][c]
 *   J       [op][T:2]                  RK16    [op][d][k16:2]
 *   RJ      [op][a][T:2]               RK32    [op][d][k32:4]
 *   RRJ     [op][a][b][T:2]            RK64    [op][d][k64:8]
 *   RKJ     [op][a][k16:2][T:2]        RRK16   [op][d][a][k16:2]
 *   CALL    [op][f:2][b]               RRK32   [op][d][a][k32:4]
 *   CALLI   [op][y:2][t][a][b]         MEM     [op][d][a][o:u16]
 *   RG      [op][d][g:2]               RF      [op][d][F:2]
 *   BRTABLE [op][a][n:u16][T0:2]...[Tn:2]   (n targets, then the default)
 *   S       [op][s:2]                  SRRR    [op][s:2][d][a][b]
 *   STR3    [op][s:2][t][c]            TTR3    [op][t1][t2][c]
 *   TR      [op][t][d]                 TRR     [op][t][d][a]
 *   TRRR    [op][t][d][a][b]           RFN     [op][d][f:2]
 *   CALLW   [op][f:2][b:2]             CALLIW  [op][y:2][t][a][b:2]
 *   RRU16   [op][d][a][u16:2]
 * s = u16 data or element segment index (by opcode); c = u8 register whose
 * slots c, c+1, c+2 hold three operands (in Wasm operand order). b:2 = u16
 * frame slot used as a call's frame base (the wide calls, for frames whose
 * call base lies beyond the 8-bit register range).
 */
#ifndef XIP_FORMAT_H
#define XIP_FORMAT_H

#include <stdint.h>

#define XIP_FORMAT_VERSION 4u
#define XIP_MAGIC_SIZE 8u
#define XIP_HEADER_SIZE 20u
#define XIP_SECTION_HEADER_SIZE 5u
#define XIP_FUNC_ENTRY_SIZE 12u
#define XIP_GLOBAL_ENTRY_SIZE 10u
#define XIP_STACK_BODY_SIZE 6u     /* STACK: u32 slots, u16 frames */
#define XIP_NO_MAX 0xffffffffu
#define XIP_NULL_FUNC 0xffffu      /* null entry of a flash table */
#define XIP_NULL_REF 0xffffffffu   /* null reference in a register or a RAM table */
/*
 * References >= XIP_HOST_REF_BASE (but not XIP_NULL_REF) in a register, a
 * global or a RAM table are the host's (for example a function of another
 * instance): call_indirect on one pauses with XIP_HOST_CALL (see xip_host_ref).
 */
#define XIP_HOST_REF_BASE 0x80000000u
#define XIP_MAX_REGISTERS 256u   /* registers addressable by an 8-bit operand */
#define XIP_MAX_FRAME 65535u     /* frame slots including far slots */
/*
 * Fuel (docs/embedding.md): every taken branch, call and return pays fuel, so a
 * function runs at most XIP_FUEL_RUN instructions in a row between two payments.
 * The verifier refuses a longer straight run, counted from the function's start,
 * a call, or an instruction that never falls through (what follows one is reached
 * only by a taken branch); the compiler breaks longer runs with a `jmp` to the
 * next instruction.
 */
#define XIP_FUEL_RUN 256u

/* Header flags. */
#define XIP_IMAGE_FLOAT 0x01u

/*
 * The sections: SECTION(name, id, text name), one row each, in the order
 * they must appear. Expanded into enum xip_section and xip_section_name;
 * the check below makes the ids run 1, 2, ... in row order.
 */
#define XIP_SECTIONS(X)          \
    X(TYPE, 1, "type")           \
    X(IMPORT, 2, "import")       \
    X(FUNC, 3, "func")           \
    X(TABLE, 4, "table")         \
    X(MEMORY, 5, "memory")       \
    X(GLOBAL, 6, "global")       \
    X(EXPORT, 7, "export")       \
    X(START, 8, "start")         \
    X(DATA, 9, "data")           \
    X(CODE, 10, "code")          \
    X(ELEM, 11, "elem")          \
    X(REFS, 12, "refs")           \
    X(STACK, 13, "stack")

enum xip_section {
#define XIP_SECTION_ENUM(name, id, text) XIP_SECTION_##name = id,
    XIP_SECTIONS(XIP_SECTION_ENUM)
#undef XIP_SECTION_ENUM
    XIP_SECTION_END,                  /* one past the last id */
    XIP_SECTION_LAST = XIP_SECTION_END - 1
};

/* Row positions (1, 2, ...): each id must equal its row's position. */
enum xip_section_row {
    XIP_SECTION_ROW_NONE = 0,
#define XIP_SECTION_ROW(name, id, text) XIP_SECTION_ROW_##name,
    XIP_SECTIONS(XIP_SECTION_ROW)
#undef XIP_SECTION_ROW
    XIP_SECTION_ROW_END
};
#define XIP_SECTION_CHECK(name, id, text) \
    typedef char xip_section_id_in_order_##name[(int)XIP_SECTION_##name == (int)XIP_SECTION_ROW_##name ? 1 : -1];
XIP_SECTIONS(XIP_SECTION_CHECK)
#undef XIP_SECTION_CHECK
typedef char xip_section_count_matches[(int)XIP_SECTION_END == (int)XIP_SECTION_ROW_END ? 1 : -1];

/* The lower-case name of section id ("type", ...), or "?" for an unknown id. */
static inline const char *xip_section_name(uint32_t section)
{
    switch (section) {
#define XIP_SECTION_NAME(name, id, text) case id: return text;
    XIP_SECTIONS(XIP_SECTION_NAME)
#undef XIP_SECTION_NAME
    default: return "?";
    }
}

/* True for the sections whose entries vary in size: an offset table follows their count. */
static inline int xip_section_indexed(uint32_t section)
{
    return section == XIP_SECTION_TYPE || section == XIP_SECTION_IMPORT || section == XIP_SECTION_TABLE ||
           section == XIP_SECTION_GLOBAL || section == XIP_SECTION_EXPORT || section == XIP_SECTION_DATA ||
           section == XIP_SECTION_ELEM;
}

/* Bytes per offset in the offset table of an indexed section whose body is body_size bytes. */
static inline uint32_t xip_index_width(uint32_t body_size)
{
    return body_size <= 0xffu ? 1u : body_size <= 0xffffu ? 2u : 4u;
}

/* Table flags. */
#define XIP_TABLE_RAM 0x01u

/* Segment modes (DATA and ELEM). */
enum xip_segment_mode {
    XIP_SEGMENT_ACTIVE = 0,
    XIP_SEGMENT_PASSIVE = 1,
    XIP_SEGMENT_DROPPED = 2
};

/* Constant expression opcodes. */
enum xip_cexpr_op {
    XIP_CEXPR_END = 0,
    XIP_CEXPR_I32 = 1,      /* u32 follows */
    XIP_CEXPR_I64 = 2,      /* u64 follows */
    XIP_CEXPR_GLOBAL = 3,   /* u16 global index follows */
    XIP_CEXPR_REF_FUNC = 4, /* u16 function index follows */
    XIP_CEXPR_REF_NULL = 5,
    XIP_CEXPR_ADD32 = 6,
    XIP_CEXPR_SUB32 = 7,
    XIP_CEXPR_MUL32 = 8,
    XIP_CEXPR_ADD64 = 9,
    XIP_CEXPR_SUB64 = 10,
    XIP_CEXPR_MUL64 = 11
};
#define XIP_CEXPR_MAX_DEPTH 8

/* Export and import kinds. */
enum xip_extern_kind {
    XIP_EXTERN_FUNC = 0,
    XIP_EXTERN_TABLE = 1,
    XIP_EXTERN_MEMORY = 2,
    XIP_EXTERN_GLOBAL = 3
};

/* Value types use the Wasm binary codes. */
enum xip_valtype {
    XIP_I32 = 0x7f,
    XIP_I64 = 0x7e,
    XIP_F32 = 0x7d,
    XIP_F64 = 0x7c,
    XIP_FUNCREF = 0x70,
    XIP_EXTERNREF = 0x6f
};

/*
 * Opcode flags: the FLAGS column of opcodes.def, plus FLOAT and EXT, which
 * come from the FEATURE column (XIP_OP_FLAGS(feature, flags) is a row's whole set).
 */
#define XIP_F_FLOAT 0x01u  /* needs float support in the executor (FEATURE FLOAT) */
#define XIP_F_BRANCH 0x02u /* carries relative branch targets */
#define XIP_F_NOFALL 0x04u /* never continues with the next instruction */
#define XIP_F_TRAP 0x08u   /* may trap */
#define XIP_F_CALL 0x10u   /* calls a function */
#define XIP_F_EXT 0x20u    /* needs the post-MVP extensions in the executor (FEATURE EXT, XIP_EXT) */
#define XIP_F_MEM 0x40u    /* accesses linear memory: the module must have one */

#define XIP_FEATURE_CORE 0u
#define XIP_FEATURE_FLOAT XIP_F_FLOAT
#define XIP_FEATURE_EXT XIP_F_EXT
#define XIP_OP_FLAGS(feature, flags) ((flags) | XIP_FEATURE_##feature)

/*
 * Operand roles: the ROLES column of opcodes.def, one per operand field.
 * XIP_ROLES(roles) packs a row's four roles into 4 bits each (field 0 in the
 * low bits); xip_role_at unpacks one; XIP_ROLE_FIELDS is the mask of the
 * fields (bit k: field k) that have a given role, a constant expression.
 */
enum xip_role {
    XIP_ROLE__ = 0,  /* not a register operand (immediate, index, target, a table read) */
    XIP_ROLE_R = 1,  /* register read */
    XIP_ROLE_W = 2,  /* register written */
    XIP_ROLE_B = 3,  /* call frame base: arguments and results from R[b] on */
    XIP_ROLE_N = 4,  /* RET result range R[a..a+n), n the next field */
    XIP_ROLE_R3 = 5, /* REG3: registers c, c+1, c+2, all read */
    XIP_ROLE_TW = 6, /* a table that is written (must be a RAM table) */
    XIP_ROLE_RREF = 7, /* register read that must hold a reference (xip_refs.h) */
    XIP_ROLE_WREF = 8, /* register written with a reference */
    XIP_ROLE_RV = 9,   /* register read whose value class moves on (move, select, global.set) */
    XIP_ROLE_WV = 10,  /* register written with the class of the RV registers or the global */
    XIP_ROLE_WK = 11,  /* register written with the immediate (null reference if XIP_NULL_REF) */
    XIP_ROLE_RW = 12   /* register read, then written with a number (a fused step in place) */
};
#define XIP_ROLE_PACK(r0, r1, r2, r3) \
    (XIP_ROLE_##r0 | XIP_ROLE_##r1 << 4 | XIP_ROLE_##r2 << 8 | XIP_ROLE_##r3 << 12)
#define XIP_ROLES(roles) XIP_ROLE_PACK roles
#define XIP_ROLE_FIELDS(roles, role) XIP_ROLE_MASK_(XIP_ROLES(roles), role)
#define XIP_ROLE_MASK_(pack, role)                                                       \
    ((((pack) & 15) == (role)) | ((((pack) >> 4 & 15) == (role)) << 1) |                 \
     ((((pack) >> 8 & 15) == (role)) << 2) | ((((pack) >> 12 & 15) == (role)) << 3))

/* The role of field k (0..3) in a packed XIP_ROLES value. */
static inline enum xip_role xip_role_at(uint32_t roles, uint32_t k)
{
    return (enum xip_role)(roles >> (4 * k) & 15u);
}

/* Operand fields, in encoding order, for each shape. */
enum xip_field {
    XIP_FIELD_NONE = 0, /* end of the list */
    XIP_FIELD_REG,      /* u8 register */
    XIP_FIELD_COUNT8,   /* u8 count (RET result count) */
    XIP_FIELD_TABLE,    /* u8 table index */
    XIP_FIELD_K16,      /* i16 immediate */
    XIP_FIELD_K32,      /* u32 immediate */
    XIP_FIELD_K64,      /* u64 immediate */
    XIP_FIELD_OFFSET16, /* u16 memory offset */
    XIP_FIELD_TARGET,   /* i16 branch offset from the opcode byte */
    XIP_FIELD_FUNC,     /* u16 function index */
    XIP_FIELD_TYPE,     /* u16 type index */
    XIP_FIELD_GLOBAL,   /* u16 global index */
    XIP_FIELD_FAR,      /* u16 frame slot */
    XIP_FIELD_TARGETS,  /* u16 n, then n+1 i16 branch offsets (BR_TABLE) */
    XIP_FIELD_SEGMENT,  /* u16 data or element segment index (by opcode) */
    XIP_FIELD_REG3,     /* u8 register c: operands in slots c, c+1, c+2 */
    XIP_FIELD_BASE16,   /* u16 frame slot used as a call's frame base */
    XIP_FIELD_U16       /* u16 immediate, zero-extended */
};

/* SHAPE(name, fixed size in bytes incl. opcode, field1..field4) */
#define XIP_SHAPES(X)                                                                   \
    X(NONE, 1, XIP_FIELD_NONE, XIP_FIELD_NONE, XIP_FIELD_NONE, XIP_FIELD_NONE)          \
    X(R, 2, XIP_FIELD_REG, XIP_FIELD_NONE, XIP_FIELD_NONE, XIP_FIELD_NONE)              \
    X(RN, 3, XIP_FIELD_REG, XIP_FIELD_COUNT8, XIP_FIELD_NONE, XIP_FIELD_NONE)           \
    X(RR, 3, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_NONE, XIP_FIELD_NONE)              \
    X(RRR, 4, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_NONE)              \
    X(RRRR, 5, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_REG)              \
    X(J, 3, XIP_FIELD_TARGET, XIP_FIELD_NONE, XIP_FIELD_NONE, XIP_FIELD_NONE)           \
    X(RJ, 4, XIP_FIELD_REG, XIP_FIELD_TARGET, XIP_FIELD_NONE, XIP_FIELD_NONE)           \
    X(RRJ, 5, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_TARGET, XIP_FIELD_NONE)           \
    X(RKJ, 6, XIP_FIELD_REG, XIP_FIELD_K16, XIP_FIELD_TARGET, XIP_FIELD_NONE)           \
    X(BRTABLE, 4, XIP_FIELD_REG, XIP_FIELD_TARGETS, XIP_FIELD_NONE, XIP_FIELD_NONE)     \
    X(CALL, 4, XIP_FIELD_FUNC, XIP_FIELD_REG, XIP_FIELD_NONE, XIP_FIELD_NONE)           \
    X(CALLI, 6, XIP_FIELD_TYPE, XIP_FIELD_TABLE, XIP_FIELD_REG, XIP_FIELD_REG)          \
    X(RK16, 4, XIP_FIELD_REG, XIP_FIELD_K16, XIP_FIELD_NONE, XIP_FIELD_NONE)            \
    X(RK32, 6, XIP_FIELD_REG, XIP_FIELD_K32, XIP_FIELD_NONE, XIP_FIELD_NONE)            \
    X(RK64, 10, XIP_FIELD_REG, XIP_FIELD_K64, XIP_FIELD_NONE, XIP_FIELD_NONE)           \
    X(RRK16, 5, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_K16, XIP_FIELD_NONE)            \
    X(RRK32, 7, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_K32, XIP_FIELD_NONE)            \
    X(RG, 4, XIP_FIELD_REG, XIP_FIELD_GLOBAL, XIP_FIELD_NONE, XIP_FIELD_NONE)           \
    X(RF, 4, XIP_FIELD_REG, XIP_FIELD_FAR, XIP_FIELD_NONE, XIP_FIELD_NONE)              \
    X(MEM, 5, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_OFFSET16, XIP_FIELD_NONE)         \
    X(S, 3, XIP_FIELD_SEGMENT, XIP_FIELD_NONE, XIP_FIELD_NONE, XIP_FIELD_NONE)          \
    X(SRRR, 6, XIP_FIELD_SEGMENT, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_REG)          \
    X(STR3, 5, XIP_FIELD_SEGMENT, XIP_FIELD_TABLE, XIP_FIELD_REG3, XIP_FIELD_NONE)      \
    X(TTR3, 4, XIP_FIELD_TABLE, XIP_FIELD_TABLE, XIP_FIELD_REG3, XIP_FIELD_NONE)        \
    X(TR, 3, XIP_FIELD_TABLE, XIP_FIELD_REG, XIP_FIELD_NONE, XIP_FIELD_NONE)            \
    X(TRR, 4, XIP_FIELD_TABLE, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_NONE)            \
    X(TRRR, 5, XIP_FIELD_TABLE, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_REG)            \
    X(RFN, 4, XIP_FIELD_REG, XIP_FIELD_FUNC, XIP_FIELD_NONE, XIP_FIELD_NONE)            \
    X(CALLW, 5, XIP_FIELD_FUNC, XIP_FIELD_BASE16, XIP_FIELD_NONE, XIP_FIELD_NONE)       \
    X(CALLIW, 7, XIP_FIELD_TYPE, XIP_FIELD_TABLE, XIP_FIELD_REG, XIP_FIELD_BASE16)     \
    X(RRU16, 5, XIP_FIELD_REG, XIP_FIELD_REG, XIP_FIELD_U16, XIP_FIELD_NONE)

enum xip_shape {
#define XIP_SHAPE_ENUM(name, size, f1, f2, f3, f4) XIP_SHAPE_##name,
    XIP_SHAPES(XIP_SHAPE_ENUM)
#undef XIP_SHAPE_ENUM
    XIP_SHAPE_COUNT
};

/* Fixed byte size of each shape, opcode included: XIP_SIZE_RRR, ... */
enum xip_shape_size {
#define XIP_SHAPE_SIZE(name, size, f1, f2, f3, f4) XIP_SIZE_##name = size,
    XIP_SHAPES(XIP_SHAPE_SIZE)
#undef XIP_SHAPE_SIZE
    XIP_SIZE_UNUSED = 0
};

/* Opcodes, numbered by their row in opcodes.def. */
enum xip_opcode {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) XIP_OP_##name,
#include "opcodes.def"
#undef OP
    XIP_OP_COUNT
};

/* One opcode byte must be enough. */
typedef char xip_opcode_count_fits_in_a_byte[(XIP_OP_COUNT <= 256) ? 1 : -1];

/* The INVERSE column's "_": no inverse (not an opcode). */
enum { XIP_OP__ = XIP_OP_COUNT };

/* Encoded length of each opcode, from its shape: XIP_LEN_JZ, ... (BR_TABLE: its fixed part). */
enum xip_op_length {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) \
    XIP_LEN_##name = XIP_SIZE_##shape,
#include "opcodes.def"
#undef OP
    XIP_LEN__ = 0
};

/*
 * Compile-time checks that the table agrees with itself. Per row, as
 * constants: its shape, the fields of each shape (5 bits each), its inverse.
 */
enum xip_op_shape_of {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) \
    XIP_SHAPE_OF_##name = XIP_SHAPE_##shape,
#include "opcodes.def"
#undef OP
    XIP_SHAPE_OF__ = XIP_SHAPE_COUNT
};
enum xip_op_inverse_of {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) \
    XIP_INVERSE_OF_##name = XIP_OP_##inverse,
#include "opcodes.def"
#undef OP
    XIP_INVERSE_OF__ = XIP_OP__
};
enum xip_shape_fields {
#define XIP_SHAPE_FIELDS_ENUM(name, size, f1, f2, f3, f4) \
    XIP_SHAPE_FIELDS_##name = (f1) | (f2) << 5 | (f3) << 10 | (f4) << 15,
    XIP_SHAPES(XIP_SHAPE_FIELDS_ENUM)
#undef XIP_SHAPE_FIELDS_ENUM
    XIP_SHAPE_FIELDS_UNUSED = 0
};
typedef char xip_fields_fit_5_bits[XIP_FIELD_BASE16 < 32 ? 1 : -1];

/* True if a role can describe a field of that kind (register roles only on register fields). */
#define XIP_ROLE_FITS(role, field)                                                                \
    ((role) == XIP_ROLE__ ? (field) != XIP_FIELD_REG && (field) != XIP_FIELD_REG3 &&              \
                                (field) != XIP_FIELD_FAR && (field) != XIP_FIELD_BASE16            \
     : (role) == XIP_ROLE_R || (role) == XIP_ROLE_W || (role) == XIP_ROLE_RV || (role) == XIP_ROLE_WV ||    \
           (role) == XIP_ROLE_RW                                                                             \
         ? (field) == XIP_FIELD_REG || (field) == XIP_FIELD_FAR                                              \
     : (role) == XIP_ROLE_RREF || (role) == XIP_ROLE_WREF || (role) == XIP_ROLE_WK ? (field) == XIP_FIELD_REG \
     : (role) == XIP_ROLE_B ? (field) == XIP_FIELD_REG || (field) == XIP_FIELD_BASE16             \
     : (role) == XIP_ROLE_N ? (field) == XIP_FIELD_REG                                            \
     : (role) == XIP_ROLE_R3 ? (field) == XIP_FIELD_REG3                                          \
     : (role) == XIP_ROLE_TW && (field) == XIP_FIELD_TABLE)
#define XIP_ROLE_FITS_FIELD_(pack, fields, k) XIP_ROLE_FITS((pack) >> (4 * (k)) & 15, (fields) >> (5 * (k)) & 31)

#ifndef XIP_NO_TABLE_CHECKS /* cppcheck (make cppcheck) skips these: it takes ~20 s a file to expand them */
/*
 * Per row: every role fits its field, and every register field has a role;
 * a call frame base (B) appears exactly on the CALL rows; a row has an
 * inverse exactly when it is a conditional branch (BRANCH, not NOFALL), and
 * the inverse has the same shape and has this row as its inverse.
 */
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics)                          \
    typedef char xip_roles_fit_shape_##name[XIP_ROLE_FITS_FIELD_(XIP_ROLES(roles), XIP_SHAPE_FIELDS_##shape, 0) && \
                                            XIP_ROLE_FITS_FIELD_(XIP_ROLES(roles), XIP_SHAPE_FIELDS_##shape, 1) && \
                                            XIP_ROLE_FITS_FIELD_(XIP_ROLES(roles), XIP_SHAPE_FIELDS_##shape, 2) && \
                                            XIP_ROLE_FITS_FIELD_(XIP_ROLES(roles), XIP_SHAPE_FIELDS_##shape, 3) && \
                                            (XIP_ROLE_FIELDS(roles, XIP_ROLE_B) != 0) == (((flags) & XIP_F_CALL) != 0) \
                                                ? 1 : -1];                                               \
    typedef char xip_inverse_pairs_##name[                                                            \
        (int)XIP_OP_##inverse == (int)XIP_OP__                                                            \
            ? ((flags) & (XIP_F_BRANCH | XIP_F_NOFALL)) != XIP_F_BRANCH                                \
            : (int)XIP_INVERSE_OF_##inverse == (int)XIP_OP_##name &&                                  \
              (int)XIP_SHAPE_OF_##inverse == (int)XIP_SHAPE_##shape &&                              \
              ((flags) & (XIP_F_BRANCH | XIP_F_NOFALL)) == XIP_F_BRANCH                                \
        ? 1 : -1];
#include "opcodes.def"
#undef OP
#endif

/* Byte size of one field (XIP_FIELD_TARGETS: of its fixed u16 count only). */
static inline uint32_t xip_field_size(enum xip_field field)
{
    switch (field) {
    case XIP_FIELD_REG: case XIP_FIELD_COUNT8: case XIP_FIELD_TABLE: case XIP_FIELD_REG3: return 1;
    case XIP_FIELD_K16: case XIP_FIELD_OFFSET16: case XIP_FIELD_U16: case XIP_FIELD_TARGET:
    case XIP_FIELD_FUNC: case XIP_FIELD_TYPE: case XIP_FIELD_GLOBAL:
    case XIP_FIELD_FAR: case XIP_FIELD_TARGETS: case XIP_FIELD_SEGMENT:
    case XIP_FIELD_BASE16: return 2;
    case XIP_FIELD_K32: return 4;
    case XIP_FIELD_K64: return 8;
    case XIP_FIELD_NONE: return 0;
    }
    return 0;
}

/* ---- little-endian byte access, safe on any CPU and alignment ---------- */

/*
 * The readers assemble plain byte loads: portable C99, correct at any
 * address. Where the target options allow unaligned accesses (ARMv7-M by
 * default), gcc merges them into one LDR/LDRH, which is legal on normal
 * memory and faster; a core or memory that traps unaligned accesses
 * (CCR.UNALIGN_TRP, device memory, some flash controllers) needs the executor
 * built with -mno-unaligned-access, because gcc also merges adjacent stores
 * elsewhere, and then it merges no loads either. No barrier against merging:
 * one cost about 18 % of CoreMark's instructions on the Cortex-M4 for no gain
 * (docs/porting.md, "Unaligned accesses").
 */

/* Reads a u16 stored little-endian at p. */
static inline uint16_t xip_read_u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

/* Reads an i16 stored little-endian at p. */
static inline int16_t xip_read_i16(const uint8_t *p)
{
    uint16_t u = xip_read_u16(p);
    return (int16_t)(u >= 0x8000u ? (int32_t)u - 0x10000 : (int32_t)u);
}

/*
 * XIP_READ32_INLINE: xip_read_u32 always inlined where gcc merges its byte
 * loads into one load (x86, ARM with unaligned access). At -Os gcc weighs
 * the four byte loads and calls it instead: the Cortex-M4 -Os switch loop
 * then spends a call and return on every load32 (measured: CoreMark 5,592,060
 * -> 5,482,586 instructions per iteration inlined, and 192 bytes less flash).
 * Where the loads stay bytes (-mno-unaligned-access, RISC-V) the call is
 * smaller and stays.
 */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__) || defined(__ARM_FEATURE_UNALIGNED))
#define XIP_READ32_INLINE __attribute__((always_inline))
#else
#define XIP_READ32_INLINE
#endif

/* Reads a u32 stored little-endian at p. */
static inline XIP_READ32_INLINE uint32_t xip_read_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Reads a u64 stored little-endian at p. */
static inline uint64_t xip_read_u64(const uint8_t *p)
{
    return (uint64_t)xip_read_u32(p) | ((uint64_t)xip_read_u32(p + 4) << 32);
}

/*
 * Copies n bytes from the image (any alignment) to RAM that does not overlap
 * it, one byte at a time: a C library memcpy may use unaligned word loads
 * (newlib's for ARMv7-M does), which fault where unaligned accesses trap.
 * The volatile read keeps the loop a loop: the compiler may not turn it into
 * a memcpy call (gcc does so at -O2 and -Os) nor widen its loads.
 */
static inline void xip_copy_bytes(uint8_t *dst, const uint8_t *src, uint32_t n)
{
    const volatile uint8_t *from = src;
    for (uint32_t i = 0; i < n; i++)
        dst[i] = from[i];
}

/* Writes v little-endian at p (2 bytes). */
static inline void xip_write_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

/* Writes v little-endian at p (4 bytes). */
static inline void xip_write_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Writes v little-endian at p (8 bytes). */
static inline void xip_write_u64(uint8_t *p, uint64_t v)
{
    xip_write_u32(p, (uint32_t)v);
    xip_write_u32(p + 4, (uint32_t)(v >> 32));
}

/* The image magic: 0x89 "XIP" CR LF SUB LF. */
static inline const uint8_t *xip_magic(void)
{
    static const uint8_t magic[XIP_MAGIC_SIZE] = {0x89, 'X', 'I', 'P', 0x0d, 0x0a, 0x1a, 0x0a};
    return magic;
}

/*
 * The image checksum is Adler-32 (RFC 1950, as zlib's adler32): a = 1 + the
 * sum of the bytes, b = the sum of the successive values of a, both modulo
 * 65521, the checksum b << 16 | a. It catches what flash corruption does
 * (an interrupted write, erased or flipped bits: every one- or two-byte
 * change is caught) in about 3 Cortex-M4 instructions a byte and no table;
 * safety never rests on it, the verifier checks every byte (docs/format.md).
 */
#define XIP_ADLER_MOD 65521u
/* The most bytes summed before a and b must be reduced: 255 n (n + 1) / 2 + (n + 1) (XIP_ADLER_MOD - 1) < 2^32. */
#define XIP_ADLER_BLOCK 5552u

/* Continues an Adler-32 over len bytes: xip_adler32(1, ...) starts one, and xip_adler32(xip_adler32(1, p, k), p + k, n - k) equals xip_adler32(1, p, n). */
static inline uint32_t xip_adler32(uint32_t adler, const uint8_t *data, uint32_t len)
{
    uint32_t a = adler & 0xffffu, b = adler >> 16;
    while (len > 0) {
        uint32_t n = len < XIP_ADLER_BLOCK ? len : XIP_ADLER_BLOCK;
        const uint8_t *end = data + (n & ~7u);
        len -= n;
        for (; data != end; data += 8) { /* eight bytes a turn: the loop's own cost on one in eight */
            a += data[0];
            b += a;
            a += data[1];
            b += a;
            a += data[2];
            b += a;
            a += data[3];
            b += a;
            a += data[4];
            b += a;
            a += data[5];
            b += a;
            a += data[6];
            b += a;
            a += data[7];
            b += a;
        }
        for (n &= 7u; n > 0; n--, data++) {
            a += data[0];
            b += a;
        }
        a %= XIP_ADLER_MOD;
        b %= XIP_ADLER_MOD;
    }
    return b << 16 | a;
}

#endif /* XIP_FORMAT_H */
