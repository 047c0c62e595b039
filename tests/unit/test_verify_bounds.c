/*
 * test_verify_bounds.c: the verifier at every "one past the end" boundary.
 * Each case compiles a small module, patches one field of the image to the
 * first value out of range (and, where that is valid, to the last value in
 * range), reseals the checksum, and checks xip_load's exact status and error
 * offset: registers, three-register operands, far slots, branch targets
 * (every branch shape and br_table), call frames and RET ranges, and the
 * type, function, global, table, segment and import indices, and the
 * opcode byte itself.
 * Prints one line per failure; exits non-zero on failure.
 */
#include "xrun.h"
#include "image_parts.h"

static int failures;
static int checks;

typedef ti_image img;

/* Compiles wat (default wat2wasm features) under the register limit; finds the sections. */
static bool compile(img *m, const char *wat, uint32_t max_regs)
{
    if (ti_compile_image(m, wat, max_regs))
        return true;
    failures++;
    return false;
}

/* The FUNC entry of defined function f. */
static uint8_t *entry(const img *m, uint32_t f)
{
    return m->b + m->sec[XIP_SECTION_FUNC] + 2 + XIP_FUNC_ENTRY_SIZE * f;
}

/* Image offset of entry k of indexed section id (its u16 count, then the offset table: format/xip_format.h). */
static uint32_t entry_of(const img *m, unsigned id, uint32_t k)
{
    uint32_t body = m->sec[id], w = xip_index_width(m->len[id]), count = xip_read_u16(m->b + body), at = 0;
    if (k == 0)
        return body + 2 + (count - 1) * w;
    for (uint32_t i = 0; i < w; i++)
        at |= (uint32_t)m->b[body + 2 + (k - 1) * w + i] << (8 * i);
    return body + at;
}

static uint32_t func_count(const img *m) { return xip_read_u16(m->b + m->sec[XIP_SECTION_FUNC]); }
static uint32_t frame_of(const img *m, uint32_t f) { return xip_read_u16(entry(m, f) + 6); }
static uint32_t start_of(const img *m, uint32_t f) { return xip_read_u32(entry(m, f) + 8); }
static uint32_t end_of(const img *m, uint32_t f)
{
    return f + 1 < func_count(m) ? start_of(m, f + 1) : m->len[XIP_SECTION_CODE];
}

/* Size of the instruction at CODE-relative pc. */
static uint32_t insn_size(const img *m, uint32_t pc)
{
    return ti_insn_size(m->b + m->sec[XIP_SECTION_CODE] + pc);
}

/* CODE-relative pc of the first instruction `op` of defined function f; aborts the case if none. */
static int64_t find(const img *m, uint32_t f, unsigned op)
{
    for (uint32_t pc = start_of(m, f); pc < end_of(m, f); pc += insn_size(m, pc))
        if (m->b[m->sec[XIP_SECTION_CODE] + pc] == op)
            return pc;
    printf("FAIL setup: no %u in function %u\n", op, (unsigned)f);
    failures++;
    return -1;
}

/* Loads a copy of m with `width` bytes at image offset `at` set to v (checksum resealed). */
static xip_status load_patched(const img *m, uint32_t at, uint32_t width, uint32_t v, uint32_t *offset)
{
    static uint8_t copy[1 << 16];
    static xip_instance inst;
    memcpy(copy, m->b, m->n);
    if (width == 1)
        copy[at] = (uint8_t)v;
    else if (width == 2)
        xip_write_u16(copy + at, (uint16_t)v);
    else
        xip_write_u32(copy + at, v);
    xip_write_u32(copy + 16, xip_adler32(1, copy + 20, m->n - 20));
    xip_buffers buffers = {xr_memory, sizeof xr_memory, xr_globals, XR_GLOBALS, xr_stack, XR_STACK,
                           xr_frames, XR_FRAMES, xr_tables, 1024};
    xip_status st = xip_load(&inst, copy, m->n, &buffers);
    *offset = xip_error_offset(&inst);
    return st;
}

/* Expects the patch to be refused with want at image offset want_at. */
static void refuse(const char *what, const img *m, uint32_t at, uint32_t width, uint32_t v,
                   xip_status want, uint32_t want_at)
{
    uint32_t offset;
    xip_status st = load_patched(m, at, width, v, &offset);
    checks++;
    if (st != want || offset != want_at) {
        printf("FAIL %s = %u: %s at 0x%x, want %s at 0x%x\n", what, (unsigned)v, xip_status_name(st),
               (unsigned)offset, xip_status_name(want), (unsigned)want_at);
        failures++;
    }
}

/* Expects the patch to load. */
static void accept(const char *what, const img *m, uint32_t at, uint32_t width, uint32_t v)
{
    uint32_t offset;
    xip_status st = load_patched(m, at, width, v, &offset);
    checks++;
    if (st != XIP_OK) {
        printf("FAIL %s = %u (the last valid value): %s at 0x%x\n", what, (unsigned)v, xip_status_name(st),
               (unsigned)offset);
        failures++;
    }
}

/* Image offset of CODE-relative pc. */
static uint32_t code_at(const img *m, int64_t pc)
{
    return m->sec[XIP_SECTION_CODE] + (uint32_t)pc;
}

/* Refuses value `limit` and accepts `limit - 1` for the field at pc + field of the first `op` of f. */
static void bound(const char *what, const img *m, uint32_t f, unsigned op, uint32_t field, uint32_t width,
                  uint32_t limit, int check_below)
{
    int64_t pc = find(m, f, op);
    if (pc < 0)
        return;
    refuse(what, m, code_at(m, pc) + field, width, limit, XIP_ERR_BAD_CODE, code_at(m, pc));
    if (check_below)
        accept(what, m, code_at(m, pc) + field, width, limit - 1);
}

static const char main_wat[] =
    "(module\n"
    " (import \"m\" \"f\" (func $imp (param i32) (result i32)))\n"
    " (import \"m\" \"g\" (global $ig i32))\n"
    " (type $v (func (result i32)))\n"
    " (table $t 4 funcref)\n"
    " (memory 1)\n"
    " (global $mg (mut i32) (global.get $ig))\n"
    " (global $cg i32 (i32.const 5))\n"
    " (data $d \"abc\")\n"
    " (elem $e func $f1 $f1)\n"
    " (elem (table $t) (i32.const 0) func $f1 $f1)\n"
    " (func $f1 (result i32) (i32.const 7))\n"
    " (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))\n"
    " (func (export \"br\") (param i32) (result i32) (block (block (br_table 0 1 0 (local.get 0))) (return (i32.const 2))) (i32.const 1))\n"
    " (func (export \"calls\") (param i32) (result i32) (call $imp (call $f1)) (call_indirect (type $v) (local.get 0)) (i32.add))\n"
    " (func (export \"globals\") (result i32) (global.set $mg (i32.const 3)) (global.get $cg))\n"
    " (func (export \"segs\") (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop $d) (elem.drop $e)\n"
    "   (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 1)) (table.copy (i32.const 0) (i32.const 1) (i32.const 1)))\n"
    " (func (export \"fused\") (param i32 i32) (result i32)\n"
    "   (block (br_if 0 (i32.lt_s (local.get 0) (local.get 1))) (br_if 0 (i32.lt_s (local.get 0) (i32.const 9))) (br_if 0 (local.get 0)))\n"
    "   (local.get 1))\n"
    " (func (export \"rf\") (result funcref) (ref.func $f1))\n"
    " (func (export \"spin\") (loop (br 0)))\n"
    " (func (export \"tab\") (param i32) (result i32) (local i32 i32) (drop (table.get $t (local.get 0)))\n"
    "   (i32.add (table.size $t) (select (local.get 0) (local.get 1) (local.get 2))))\n"
    " (func (export \"br2\") (param i32) (result i32) (block (br_table 0 0 (local.get 0)))\n"
    "   (block (br_if 0 (local.get 0)) (local.set 0 (i32.const 3))) (local.get 0))\n"
    " (start $f1s)\n"
    " (func $f1s))\n";

/* Defined function indices in main_wat. */
enum { F1, ADD, BR, CALLS, GLOBALS, SEGS, FUSED, RF, SPIN, TAB, BR2, START };

/* Registers, REG3, call frames, RET, and the type, function, global, table and segment operands. */
static void test_operands(const img *m)
{
    uint32_t types = xip_read_u16(m->b + m->sec[XIP_SECTION_TYPE]);
    uint32_t funcs = 1 + func_count(m); /* one imported function */
    bound("i32.add register b", m, ADD, XIP_OP_I32_ADD, 3, 1, frame_of(m, ADD), 1);
    bound("i32.add register d", m, ADD, XIP_OP_I32_ADD, 1, 1, frame_of(m, ADD), 1);
    bound("table.copy REG3 base", m, SEGS, XIP_OP_TABLE_COPY, 3, 1, frame_of(m, SEGS) - 2, 1);
    bound("table.init REG3 base", m, SEGS, XIP_OP_TABLE_INIT, 4, 1, frame_of(m, SEGS) - 2, 1);
    /* call f1 (0 -> 1 result) at base b needs b + 1 <= frame; f0 (1 -> 1) likewise */
    bound("call frame base", m, CALLS, XIP_OP_CALL, 3, 1, frame_of(m, CALLS), 1);
    bound("call_indirect frame base", m, CALLS, XIP_OP_CALL_INDIRECT, 5, 1, frame_of(m, CALLS), 1);
    bound("call_indirect index register", m, CALLS, XIP_OP_CALL_INDIRECT, 4, 1, frame_of(m, CALLS), 1);
    bound("call function index", m, CALLS, XIP_OP_CALL, 1, 2, funcs, 0);
    bound("ref.func function index", m, RF, XIP_OP_REF_FUNC, 2, 2, funcs, 1);
    bound("call_indirect type index", m, CALLS, XIP_OP_CALL_INDIRECT, 1, 2, types, 0);
    bound("call_indirect table index", m, CALLS, XIP_OP_CALL_INDIRECT, 3, 1, 1, 1);
    bound("global.get index", m, GLOBALS, XIP_OP_GLOBAL_GET, 2, 2, 3, 1);
    bound("memory.init segment", m, SEGS, XIP_OP_MEMORY_INIT, 1, 2, 1, 1);
    bound("data.drop segment", m, SEGS, XIP_OP_DATA_DROP, 1, 2, 1, 1);
    bound("elem.drop segment", m, SEGS, XIP_OP_ELEM_DROP, 1, 2, 2, 1);
    bound("table.init segment", m, SEGS, XIP_OP_TABLE_INIT, 1, 2, 2, 1);
    bound("table.copy table", m, SEGS, XIP_OP_TABLE_COPY, 1, 1, 1, 1);
    bound("table.copy source table", m, SEGS, XIP_OP_TABLE_COPY, 2, 1, 1, 1);
    /* table operands equal to the table count of tables only read (no RAM-table check behind them) */
    bound("table.get table", m, TAB, XIP_OP_TABLE_GET, 1, 1, 1, 1);
    bound("table.size table", m, TAB, XIP_OP_TABLE_SIZE, 1, 1, 1, 1);
    bound("select register c", m, TAB, XIP_OP_SELECT, 4, 1, frame_of(m, TAB), 1);
    /* RET r, n: r + n <= frame */
    bound("ret first register", m, ADD, XIP_OP_RET, 1, 1, frame_of(m, ADD), 1);
    {   /* global.set of the immutable global 2 is refused; of the mutable 1 accepted */
        int64_t pc = find(m, GLOBALS, XIP_OP_GLOBAL_SET);
        if (pc >= 0) {
            refuse("global.set of an immutable global", m, code_at(m, pc) + 2, 2, 2, XIP_ERR_BAD_CODE,
                   code_at(m, pc));
            refuse("global.set index", m, code_at(m, pc) + 2, 2, 3, XIP_ERR_BAD_CODE, code_at(m, pc));
            accept("global.set index", m, code_at(m, pc) + 2, 2, 1);
        }
    }
    {   /* the result count of RET must be the function's */
        int64_t pc = find(m, ADD, XIP_OP_RET);
        if (pc >= 0) {
            refuse("ret count", m, code_at(m, pc) + 2, 1, 2, XIP_ERR_BAD_CODE, code_at(m, pc));
            refuse("ret count", m, code_at(m, pc) + 2, 1, 0, XIP_ERR_BAD_CODE, code_at(m, pc));
        }
    }
}

/* Branch targets: one past the end, one before the start, mid-instruction; the last valid ones. */
static void test_targets(const img *m)
{
    {   /* a bad target after a br_table: the exact walk (instruction starts past the br_table's targets) refuses there */
        int64_t pc = find(m, BR2, XIP_OP_JNZ);
        if (pc >= 0)
            refuse("jnz into itself after a br_table", m, code_at(m, pc) + 2, 2, 1, XIP_ERR_BAD_CODE, code_at(m, pc));
    }
    static const struct { uint32_t f; unsigned op; uint32_t field; const char *what; } br[] = {
        {SPIN, XIP_OP_JMP, 1, "jmp"},        {FUSED, XIP_OP_JLT_S, 3, "jlt_s"},
        {FUSED, XIP_OP_JLT_S_I, 4, "jlt_s_i"}, {FUSED, XIP_OP_JNZ, 2, "jnz"},
    };
    for (unsigned i = 0; i < sizeof br / sizeof br[0]; i++) {
        int64_t pc = find(m, br[i].f, br[i].op);
        if (pc < 0)
            continue;
        uint32_t at = code_at(m, pc) + br[i].field, start = start_of(m, br[i].f), end = end_of(m, br[i].f);
        int32_t past = (int32_t)(end - (uint32_t)pc), before = (int32_t)start - (int32_t)pc - 1;
        uint32_t last = start;
        for (uint32_t q = start; q < end; q += insn_size(m, q))
            last = q;
        refuse(br[i].what, m, at, 2, (uint16_t)past, XIP_ERR_BAD_CODE, code_at(m, pc));
        refuse(br[i].what, m, at, 2, (uint16_t)before, XIP_ERR_BAD_CODE, code_at(m, pc));
        refuse(br[i].what, m, at, 2, (uint16_t)(int16_t)((int32_t)last - (int32_t)pc + 1), XIP_ERR_BAD_CODE,
               code_at(m, pc));
        accept(br[i].what, m, at, 2, (uint16_t)(int16_t)((int32_t)last - (int32_t)pc));
        accept(br[i].what, m, at, 2, (uint16_t)(int16_t)((int32_t)start - (int32_t)pc));
    }
    int64_t pc = find(m, BR, XIP_OP_BR_TABLE);
    if (pc < 0)
        return;
    uint32_t n = xip_read_u16(m->b + code_at(m, pc) + 2), end = end_of(m, BR);
    for (uint32_t k = 0; k <= n; k++) { /* every entry, the default (k == n) included */
        uint32_t at = code_at(m, pc) + 4 + 2 * k;
        refuse("br_table entry", m, at, 2, end - (uint32_t)pc, XIP_ERR_BAD_CODE, code_at(m, pc));
        accept("br_table entry", m, at, 2, 0);
    }
    /* a br_table whose count runs past the function */
    refuse("br_table count", m, code_at(m, pc) + 2, 2, n + 1000, XIP_ERR_BAD_CODE, code_at(m, pc));
}

/* FUNC entries: type index, frame against locals, code offsets. */
static void test_func_entries(const img *m)
{
    uint32_t types = xip_read_u16(m->b + m->sec[XIP_SECTION_TYPE]);
    uint32_t at = (uint32_t)(entry(m, ADD) - m->b);
    /* the parser stops at the end of the entry that is bad */
    refuse("func type index", m, at, 2, types, XIP_ERR_MALFORMED, at + XIP_FUNC_ENTRY_SIZE);
    refuse("func result count differs from its type", m, at + 3, 1, m->b[at + 3] + 1u, XIP_ERR_MALFORMED,
           at + XIP_FUNC_ENTRY_SIZE);
    refuse("func param count differs from its type", m, at + 2, 1, m->b[at + 2] - 1u, XIP_ERR_MALFORMED,
           at + XIP_FUNC_ENTRY_SIZE);
    refuse("func frame below its locals", m, at + 6, 2, xip_read_u16(m->b + at + 4) - 1, XIP_ERR_MALFORMED,
           at + XIP_FUNC_ENTRY_SIZE);
    accept("func frame equal to its locals + temps", m, at + 6, 2, frame_of(m, ADD));
    uint32_t last = (uint32_t)(entry(m, START) - m->b);
    refuse("last function's code offset = code size", m, last + 8, 4, m->len[XIP_SECTION_CODE], XIP_ERR_MALFORMED,
           last + XIP_FUNC_ENTRY_SIZE);
    refuse("code offset not increasing", m, at + 8, 4, start_of(m, F1), XIP_ERR_MALFORMED, at + XIP_FUNC_ENTRY_SIZE);
    {   /* BR starting one byte early cuts ADD's last instruction (ret) short: refused there */
        uint32_t br = (uint32_t)(entry(m, BR) - m->b), last = start_of(m, ADD);
        for (uint32_t q = start_of(m, ADD); q < end_of(m, ADD); q += insn_size(m, q))
            last = q;
        refuse("an instruction running past the function's end", m, br + 8, 4, start_of(m, BR) - 1, XIP_ERR_BAD_CODE,
               code_at(m, last));
    }
}

/* Section-level indices: imports, exports, start, cexpr globals, elem tables. */
static void test_sections(const img *m)
{
    uint32_t types = xip_read_u16(m->b + m->sec[XIP_SECTION_TYPE]);
    uint32_t imp = entry_of(m, XIP_SECTION_IMPORT, 0), exp = entry_of(m, XIP_SECTION_EXPORT, 0);
    /* import 0: u8 kind, u16 type */
    refuse("import function type", m, imp + 1, 2, types, XIP_ERR_MALFORMED, imp + 3);
    accept("import function type", m, imp + 1, 2, types - 2); /* the last, () -> funcref, does not fit the call */
    /* export 0 (function "add"): u8 kind, u16 index */
    uint32_t funcs = 1 + func_count(m);
    refuse("export function index", m, exp + 1, 2, funcs, XIP_ERR_MALFORMED, exp + 3);
    accept("export function index", m, exp + 1, 2, funcs - 1);
    refuse("export table index", m, exp, 1, XIP_EXTERN_TABLE, XIP_ERR_MALFORMED, exp + 3); /* index 2 >= 1 table */
    /* start: a function of type [] -> []; index = count refused; f1 (() -> i32) refused */
    uint32_t st = m->sec[XIP_SECTION_START];
    refuse("start function index", m, st, 2, funcs, XIP_ERR_MALFORMED, st + 2);
    refuse("start function type", m, st, 2, 1, XIP_ERR_MALFORMED, st + 2);
    /* global 1 (first defined): u8 type, u8 mut, cexpr GLOBAL u16 index: may read global 0 only */
    uint32_t gl = entry_of(m, XIP_SECTION_GLOBAL, 0);
    if (m->b[gl + 2] == XIP_CEXPR_GLOBAL) {
        refuse("cexpr global index", m, gl + 3, 2, 1, XIP_ERR_MALFORMED, gl + 5);
        accept("cexpr global index", m, gl + 3, 2, 0);
    } else {
        printf("FAIL setup: global 1 does not start with a global.get cexpr\n");
        failures++;
    }
    /* elem segment 1 is active: mode, type, u8 table */
    uint32_t pos = entry_of(m, XIP_SECTION_ELEM, 1);
    if (m->b[pos] == XIP_SEGMENT_ACTIVE) {
        refuse("elem table index", m, pos + 2, 1, 1, XIP_ERR_MALFORMED, pos + 3);
        accept("elem table index", m, pos + 2, 1, 0);
    } else {
        printf("FAIL setup: elem segment 1 is not active\n");
        failures++;
    }
}

/* The container: declared size, section ids and lengths, memory limits. */
static void test_container(const img *m)
{
    refuse("declared image size", m, 12, 4, m->n + 1, XIP_ERR_TRUNCATED, 12);
    /* IMPORT's id made equal to TYPE's: ids must increase strictly */
    uint32_t imp_header = m->sec[XIP_SECTION_IMPORT] - XIP_SECTION_HEADER_SIZE;
    refuse("a repeated section id", m, imp_header, 1, XIP_SECTION_TYPE, XIP_ERR_MALFORMED, imp_header);
    /* the last section (STACK after REFS, or whichever is last) one byte longer than the image */
    uint32_t last = XIP_SECTION_LAST;
    while (last > 1 && m->sec[last] == 0)
        last--;
    uint32_t last_header = m->sec[last] - XIP_SECTION_HEADER_SIZE;
    refuse("the last section's length", m, last_header + 1, 4, m->len[last] + 1, XIP_ERR_MALFORMED,
           last_header);
    /* MEMORY: u8 count, u32 min, u32 max, u8 page_log2 */
    uint32_t mem = m->sec[XIP_SECTION_MEMORY];
    refuse("memory page_log2", m, mem + 9, 1, 17, XIP_ERR_MALFORMED, mem + 10);
    accept("memory page_log2", m, mem + 9, 1, 16);
    accept("memory max equal to min", m, mem + 5, 4, xip_read_u32(m->b + mem + 1));
    refuse("memory max below min", m, mem + 5, 4, xip_read_u32(m->b + mem + 1) - 1, XIP_ERR_MALFORMED, mem + 10);
    {   /* a byte left over at the end of the last section */
        static uint8_t copy[1 << 16];
        static xip_instance inst;
        memcpy(copy, m->b, m->n);
        copy[m->n] = 0;
        xip_write_u32(copy + 12, m->n + 1);
        xip_write_u32(copy + last_header + 1, m->len[last] + 1);
        xip_write_u32(copy + 16, xip_adler32(1, copy + 20, m->n + 1 - 20));
        xip_buffers buffers = {xr_memory, sizeof xr_memory, xr_globals, XR_GLOBALS, xr_stack, XR_STACK,
                               xr_frames, XR_FRAMES, xr_tables, 1024};
        xip_status st = xip_load(&inst, copy, m->n + 1, &buffers);
        checks++;
        if (st != XIP_ERR_MALFORMED || xip_error_offset(&inst) != m->n) {
            printf("FAIL a trailing byte in the last section: %s at 0x%x, want malformed at 0x%x\n",
                   xip_status_name(st), (unsigned)xip_error_offset(&inst), (unsigned)m->n);
            failures++;
        }
    }
}

/* Writes the 1..5 bytes at pc of function f of m (checksum resealed) and loads; returns the status and offset. */
static xip_status load_rewritten(const img *m, uint32_t f, unsigned op, const uint8_t *bytes, uint32_t n,
                                 uint32_t *at, uint32_t *offset)
{
    static img copy;
    static uint8_t buf[1 << 16];
    int64_t pc = find(m, f, op);
    if (pc < 0)
        return XIP_OK;
    copy = *m;
    copy.b = buf;
    memcpy(buf, m->b, m->n);
    memcpy(buf + code_at(m, pc), bytes, n);
    *at = code_at(m, pc);
    return load_patched(&copy, 16, 1, buf[16], offset); /* a no-op patch; the checksum is resealed */
}

/* Opcodes that need a memory, and table writes, refused where there is none (or only a flash table). */
static void test_memory_and_flash_tables(const img *with)
{
    img m;
    if (!compile(&m, "(module (table 2 funcref) (elem (i32.const 0) $f $f)\n"
                     " (func $f (export \"f\") (param i32) (result i32) (local i32)\n"
                     "  (local.set 1 (i32.add (local.get 0) (i32.const 5)))\n"
                     "  (i32.add (call_indirect (param i32) (result i32) (local.get 1) (local.get 0))\n"
                     "           (local.get 1))))\n", 0)) /* local 1 lives on: its copy to the argument stays a mov */
        return;
    uint32_t at = 0, offset = 0;
    int64_t pc = find(&m, 0, XIP_OP_MOV);
    uint8_t grow[3] = {XIP_OP_MEMORY_GROW, 2, 1};
    xip_status st = load_rewritten(&m, 0, XIP_OP_MOV, grow, 3, &at, &offset);
    checks++;
    if (pc >= 0 && (st != XIP_ERR_BAD_CODE || offset != at)) {
        printf("FAIL memory.grow without a memory: %s at 0x%x, want bad code at 0x%x\n", xip_status_name(st),
               (unsigned)offset, (unsigned)at);
        failures++;
    }
    st = load_rewritten(with, SEGS, XIP_OP_MOV, grow, 3, &at, &offset);
    checks++;
    if (st != XIP_OK) {
        printf("FAIL memory.grow with a memory: %s at 0x%x\n", xip_status_name(st), (unsigned)offset);
        failures++;
    }
    /* table.grow (writes its table) over the 5-byte i32.add_i: flash table 0 refused, RAM table accepted */
    uint8_t tgrow[5] = {XIP_OP_TABLE_GROW, 0, 1, 0, 0};
    pc = find(&m, 0, XIP_OP_I32_ADD_I);
    st = load_rewritten(&m, 0, XIP_OP_I32_ADD_I, tgrow, 5, &at, &offset);
    checks++;
    if (pc >= 0 && (st != XIP_ERR_BAD_CODE || offset != at)) {
        printf("FAIL table.grow of a flash table: %s at 0x%x, want bad code at 0x%x\n", xip_status_name(st),
               (unsigned)offset, (unsigned)at);
        failures++;
    }
    /* a RAM table may be written, but not with the number in r0: the reference check refuses it */
    st = load_rewritten(with, FUSED, XIP_OP_JLT_S, tgrow, 5, &at, &offset);
    checks++;
    if (st != XIP_ERR_BAD_CODE || offset != at) {
        printf("FAIL table.grow of a RAM table with a number: %s at 0x%x\n", xip_status_name(st), (unsigned)offset);
        failures++;
    }
    free(m.b);
}

/* A field of the image to overwrite: `width` bytes at image offset `at` set to v. */
typedef struct patch {
    uint32_t at, width, v;
} patch;

/* Loads a copy of m with every patch applied (checksum resealed); *offset is the error offset. */
static xip_status load_patches(const img *m, const patch *p, uint32_t n, uint32_t *offset)
{
    static uint8_t copy[1 << 16];
    static xip_instance inst;
    memcpy(copy, m->b, m->n);
    for (uint32_t i = 0; i < n; i++) {
        if (p[i].width == 1)
            copy[p[i].at] = (uint8_t)p[i].v;
        else if (p[i].width == 2)
            xip_write_u16(copy + p[i].at, (uint16_t)p[i].v);
        else
            xip_write_u32(copy + p[i].at, p[i].v);
    }
    xip_write_u32(copy + 16, xip_adler32(1, copy + 20, m->n - 20));
    xip_buffers buffers = {xr_memory, sizeof xr_memory, xr_globals, XR_GLOBALS, xr_stack, XR_STACK,
                           xr_frames, XR_FRAMES, xr_tables, 1024};
    xip_status st = xip_load(&inst, copy, m->n, &buffers);
    *offset = xip_error_offset(&inst);
    return st;
}

/* Checks that load_patches refuses with want at want_at. */
static void refuse_patches(const char *what, const img *m, const patch *p, uint32_t n, xip_status want,
                           uint32_t want_at)
{
    uint32_t offset;
    xip_status st = load_patches(m, p, n, &offset);
    checks++;
    if (st != want || offset != want_at) {
        printf("FAIL %s: %s at 0x%x, want %s at 0x%x\n", what, xip_status_name(st), (unsigned)offset,
               xip_status_name(want), (unsigned)want_at);
        failures++;
    }
}

/*
 * A FUNC entry's type equal to the type count, with the entry's counts set
 * to what a read of type `count` finds (its offset-table slot is one past
 * the table: the first bytes of type 0, read as an offset into the
 * section), so only the index check can refuse it.
 */
static void test_func_type_past_the_end(const img *m)
{
    uint32_t types = xip_read_u16(m->b + m->sec[XIP_SECTION_TYPE]);
    uint32_t next = entry_of(m, XIP_SECTION_TYPE, types); /* where a read of type `types` lands */
    uint32_t at = (uint32_t)(entry(m, ADD) - m->b);
    uint32_t np = m->b[next], nr = m->b[next + 1];
    uint32_t nlocals = xip_read_u16(m->b + at + 4), frame = frame_of(m, ADD);
    if (nlocals < np)
        nlocals = np;
    if (frame < nlocals)
        frame = nlocals;
    const patch p[] = {{at, 2, types}, {at + 2, 1, np}, {at + 3, 1, nr}, {at + 4, 2, nlocals}, {at + 6, 2, frame}};
    refuse_patches("func type index = count, counts as read past the last type", m, p, 5, XIP_ERR_MALFORMED,
                   at + XIP_FUNC_ENTRY_SIZE);
}

/* Imports out of kind order: the function import and the global import swap their kinds and payloads. */
static void test_import_order(const img *m)
{
    uint32_t e1 = entry_of(m, XIP_SECTION_IMPORT, 0);
    uint32_t mlen = xip_read_u16(m->b + e1 + 3), flen = xip_read_u16(m->b + e1 + 5 + mlen);
    uint32_t e2 = e1 + 3 + 2 + mlen + 2 + flen;
    checks++;
    if (m->b[e1] != XIP_EXTERN_FUNC || m->b[e2] != XIP_EXTERN_GLOBAL) {
        printf("FAIL setup: the imports are not a function then a global\n");
        failures++;
        return;
    }
    const patch p[] = {{e1, 1, XIP_EXTERN_GLOBAL}, {e1 + 1, 1, m->b[e2 + 1]}, {e1 + 2, 1, m->b[e2 + 2]},
                       {e2, 1, XIP_EXTERN_FUNC}, {e2 + 1, 2, xip_read_u16(m->b + e1 + 1)}};
    refuse_patches("a function import after a global import", m, p, 5, XIP_ERR_MALFORMED, e2 + 1);
    refuse("an unknown import kind", m, e1, 1, XIP_EXTERN_GLOBAL + 1, XIP_ERR_MALFORMED, e1 + 1);
    /* the last import's field name one byte longer than what is left of IMPORT: refused at the name */
    uint32_t mlen2 = xip_read_u16(m->b + e2 + 3), flen_at = e2 + 3 + 2 + mlen2;
    uint32_t flen2 = xip_read_u16(m->b + flen_at);
    checks++;
    if (flen_at + 2 + flen2 != m->sec[XIP_SECTION_IMPORT] + m->len[XIP_SECTION_IMPORT]) {
        printf("FAIL setup: the global import's field name does not end IMPORT\n");
        failures++;
        return;
    }
    refuse("an import name one byte past its section", m, flen_at, 2, flen2 + 1, XIP_ERR_MALFORMED, flen_at + 2);
}

/* Loads the first size bytes of b (a buffer of at least 20 bytes); *offset is the error offset. */
static xip_status load_bytes(const uint8_t *b, uint32_t size, uint32_t *offset)
{
    static xip_instance inst;
    xip_buffers buffers = {xr_memory, sizeof xr_memory, xr_globals, XR_GLOBALS, xr_stack, XR_STACK,
                           xr_frames, XR_FRAMES, xr_tables, 1024};
    xip_status st = xip_load(&inst, b, size, &buffers);
    *offset = xip_error_offset(&inst);
    return st;
}

static void expect_load(const char *what, xip_status st, uint32_t offset, xip_status want, uint32_t want_at)
{
    checks++;
    if (st != want || offset != want_at) {
        printf("FAIL %s: %s at 0x%x, want %s at 0x%x\n", what, xip_status_name(st), (unsigned)offset,
               xip_status_name(want), (unsigned)want_at);
        failures++;
    }
}

/*
 * The image reader's own bounds: a field one byte longer than what is left
 * of its section, the earliest of two problems in one entry, and a buffer
 * or a declared size one byte short of the header.
 */
static void test_reader_bounds(const img *m)
{
    static uint8_t copy[1 << 16];
    uint32_t offset, st_body = m->sec[XIP_SECTION_START];
    xip_status st;
    /* START's u16 with its second byte cut off: the section is one byte long, the next header follows */
    memcpy(copy, m->b, st_body + 1);
    memcpy(copy + st_body + 1, m->b + st_body + 2, m->n - st_body - 2);
    xip_write_u32(copy + st_body - 4, 1);
    xip_write_u32(copy + 12, m->n - 1);
    xip_write_u32(copy + 16, xip_adler32(1, copy + 20, m->n - 1 - 20));
    st = load_bytes(copy, m->n - 1, &offset);
    expect_load("a u16 field one byte past its section's end", st, offset, XIP_ERR_MALFORMED, st_body);
    {   /* two unknown value types in one type: the first is reported */
        uint32_t t = entry_of(m, XIP_SECTION_TYPE, 0), types = xip_read_u16(m->b + m->sec[XIP_SECTION_TYPE]), i;
        for (i = 0; i < types && m->b[t] + m->b[t + 1] < 2; i++)
            t += 2u + m->b[t] + m->b[t + 1];
        checks++;
        if (i == types) {
            printf("FAIL setup: no type with two value types\n");
            failures++;
        } else {
            const patch p[] = {{t + 2, 1, 0}, {t + 3, 1, 0}};
            refuse_patches("two unknown value types (the earliest wins)", m, p, 2, XIP_ERR_MALFORMED, t + 3);
        }
    }
    /* the header's reserved bytes 10 and 11 */
    refuse("reserved header byte 10", m, 10, 1, 1, XIP_ERR_MALFORMED, 9);
    refuse("reserved header byte 11", m, 11, 1, 1, XIP_ERR_MALFORMED, 9);
    {   /* the last type's value types one byte longer than what is left of TYPE */
        uint32_t types = xip_read_u16(m->b + m->sec[XIP_SECTION_TYPE]), t = entry_of(m, XIP_SECTION_TYPE, types - 1);
        refuse("the last type's value types one past its section", m, t + 1, 1, m->b[t + 1] + 1u,
               XIP_ERR_MALFORMED, m->sec[XIP_SECTION_TYPE] + m->len[XIP_SECTION_TYPE]);
    }
    /* a buffer of 19 bytes (one short of the header) that declares 19 */
    memcpy(copy, m->b, XIP_HEADER_SIZE);
    xip_write_u32(copy + 12, XIP_HEADER_SIZE - 1);
    st = load_bytes(copy, XIP_HEADER_SIZE - 1, &offset);
    expect_load("a buffer one byte short of the header", st, offset, XIP_ERR_TRUNCATED, 0);
    /* a whole image that declares a size one byte short of the header */
    memcpy(copy, m->b, m->n);
    xip_write_u32(copy + 12, XIP_HEADER_SIZE - 1);
    st = load_bytes(copy, m->n, &offset);
    expect_load("a declared size one byte short of the header", st, offset, XIP_ERR_MALFORMED, 12);
}

/* Four bytes after the last section (STACK dropped: nothing may follow it): one short of a section header. */
static void test_partial_section_header(void)
{
    static uint8_t copy[1 << 16];
    img m;
    if (!compile(&m, "(module (func (export \"f\") (result i32) (i32.const 1)))", 0))
        return;
    uint32_t offset, n = m.n, last = 0, last_at = 0;
    for (uint32_t id = 1; id <= XIP_SECTION_LAST; id++)
        if (m.sec[id] && m.sec[id] > last_at) {
            last = id;
            last_at = m.sec[id];
        }
    if (last == XIP_SECTION_STACK) { /* optional, and nothing may follow it: drop it */
        n = last_at - XIP_SECTION_HEADER_SIZE;
        last = 0;
        for (uint32_t id = 1; id < XIP_SECTION_STACK; id++)
            if (m.sec[id])
                last = id;
    }
    memset(copy, 0, sizeof copy);
    memcpy(copy, m.b, n);
    copy[n] = (uint8_t)(last + 1); /* an id that may follow the last section, then 3 of the length's 4 bytes */
    xip_write_u32(copy + 12, n + 4);
    xip_write_u32(copy + 16, xip_adler32(1, copy + 20, n + 4 - 20));
    xip_status st = load_bytes(copy, n + 4, &offset);
    expect_load("four bytes of a section header", st, offset, XIP_ERR_MALFORMED, n);
    free(m.b);
}

/*
 * The last cexpr opcode (MUL64) is read, not refused: the compiler folds
 * constant initialisers, so the global's folded I64 is replaced by
 * I64 3, I64 -5, MUL64 in a rebuilt image.
 */
static void test_cexpr_mul64(void)
{
    static uint8_t copy[1 << 16];
    static xip_instance inst;
    img m;
    if (!compile(&m, "(module (global $g i64 (i64.const 7)) (func (export \"g\") (result i64) (global.get $g)))", 0))
        return;
    uint32_t cx = m.sec[XIP_SECTION_GLOBAL] + 4, n = 0; /* count u16, valtype, mutable, then the cexpr */
    checks++;
    if (m.b[cx] != XIP_CEXPR_I64 || m.b[cx + 9] != XIP_CEXPR_END) {
        printf("FAIL setup: the global's init is not one I64\n");
        failures++;
        free(m.b);
        return;
    }
    memcpy(copy, m.b, cx);
    n = cx;
    copy[n++] = XIP_CEXPR_I64;
    xip_write_u32(copy + n, 3), xip_write_u32(copy + n + 4, 0), n += 8;
    copy[n++] = XIP_CEXPR_I64;
    xip_write_u32(copy + n, 0xfffffffbu), xip_write_u32(copy + n + 4, 0xffffffffu), n += 8;
    copy[n++] = XIP_CEXPR_MUL64;
    memcpy(copy + n, m.b + cx + 9, m.n - cx - 9); /* END and the rest */
    n += m.n - cx - 9;
    xip_write_u32(copy + m.sec[XIP_SECTION_GLOBAL] - 4, m.len[XIP_SECTION_GLOBAL] + 10);
    xip_write_u32(copy + 12, n);
    xip_write_u32(copy + 16, xip_adler32(1, copy + 20, n - 20));
    xip_buffers buffers = {xr_memory, sizeof xr_memory, xr_globals, XR_GLOBALS, xr_stack, XR_STACK,
                           xr_frames, XR_FRAMES, xr_tables, 1024};
    xip_status st = xip_load(&inst, copy, n, &buffers);
    if (st == XIP_OK)
        st = xip_instantiate(&inst);
    uint64_t v = 0;
    if (st == XIP_OK)
        st = xip_global_get(&inst, 0, &v);
    checks++;
    if (st != XIP_OK || v != (uint64_t)-15) {
        printf("FAIL a global initialised by I64 3, I64 -5, MUL64: %s at 0x%x, value 0x%llx\n", xip_status_name(st),
               (unsigned)xip_error_offset(&inst), (unsigned long long)v);
        failures++;
    }
    free(m.b);
}

/* A flash table entry equal to the function count (one past the last function) and the last one in range. */
static void test_flash_entry_past_the_end(void)
{
    img m;
    if (!compile(&m, "(module (table 2 funcref) (elem (i32.const 0) $f $g)\n"
                     " (func $f (export \"f\") (param i32) (result i32)\n"
                     "  (call_indirect (param i32) (result i32) (local.get 0) (local.get 0)))\n"
                     " (func $g (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))\n", 0))
        return;
    uint32_t t = m.sec[XIP_SECTION_TABLE], items = t + 2 + 1 + 1 + 8 + 4;
    checks++;
    if (t == 0 || (m.b[t + 3] & XIP_TABLE_RAM) != 0 || xip_read_u32(m.b + t + 12) != 2) {
        printf("FAIL setup: the table is not a flash table of 2 entries\n");
        failures++;
        free(m.b);
        return;
    }
    uint32_t total = func_count(&m); /* no imports */
    refuse("flash table entry 1 = function count", &m, items + 2, 2, total, XIP_ERR_MALFORMED, items + 4);
    accept("flash table entry 1 = last function", &m, items + 2, 2, total - 1);
    accept("flash table entry 1 = null", &m, items + 2, 2, XIP_NULL_FUNC);
    free(m.b);
}

/* CODE-relative pc of the first instruction of f with a TARGET field, and that field's offset in it. */
static int64_t find_branch(const img *m, uint32_t f, uint32_t *field_at)
{
    for (uint32_t pc = start_of(m, f); pc < end_of(m, f); pc += insn_size(m, pc)) {
        uint32_t shape = ti_shape_of[m->b[m->sec[XIP_SECTION_CODE] + pc]], off = 1;
        for (uint32_t k = 0; k < 4; k++) {
            if (ti_fields_of[shape][k] == XIP_FIELD_TARGET) {
                *field_at = off;
                return pc;
            }
            off += xip_field_size((enum xip_field)ti_fields_of[shape][k]);
        }
    }
    return -1;
}

/* True if an instruction of f starts at rel bytes from f's start. */
static bool starts_at(const img *m, uint32_t f, uint32_t rel)
{
    for (uint32_t pc = start_of(m, f); pc < end_of(m, f); pc += insn_size(m, pc))
        if (pc - start_of(m, f) == rel)
            return true;
    return false;
}

/*
 * A branch target equal to the function's length, where the instruction-
 * start bitmap cannot refuse it: the length is a multiple of 8 (so that bit
 * is in a byte the verifier did not clear for this function) and the
 * longer function verified before it has an instruction starting at that
 * offset (so the bit is set). Only the range check refuses it.
 */
static void test_target_at_function_end(void)
{
    unsigned tried = 0;
    for (unsigned k = 0; k < 16 && !tried; k++) {
        xr_text t = {0};
        xr_add(&t, "(module\n (func (export \"a\") (param i32) (result i32)\n");
        for (unsigned i = 0; i < 40; i++) /* three-register instructions: starts every 4 bytes */
            xr_add(&t, "  (local.set 0 (i32.%s (local.get 0) (local.get 0)))\n", i % 2 ? "mul" : "xor");
        xr_add(&t, "  (local.get 0))\n (func (export \"b\") (param i32) (result i32)\n"
                      "  (block (br_if 0 (local.get 0)))\n");
        for (unsigned i = 0; i < k; i++)
            xr_add(&t, "  (local.set 0 (i32.add (local.get 0) (i32.const %u)))\n", 7 + i);
        xr_add(&t, "  (local.get 0)))\n");
        img m;
        bool ok = compile(&m, t.s, 0);
        free(t.s);
        if (!ok)
            return;
        uint32_t field = 0, len = end_of(&m, 1) - start_of(&m, 1);
        int64_t pc = find_branch(&m, 1, &field);
        if (pc >= 0 && len % 8 == 0 && len < end_of(&m, 0) - start_of(&m, 0) && starts_at(&m, 0, len)) {
            tried++;
            uint32_t at = code_at(&m, pc) + field;
            refuse("branch target = the function's length (bitmap bit left set)", &m, at, 2,
                   (uint32_t)(end_of(&m, 1) - pc), XIP_ERR_BAD_CODE, code_at(&m, pc));
            uint32_t last = start_of(&m, 1);
            for (uint32_t q = start_of(&m, 1); q < end_of(&m, 1); q += insn_size(&m, q))
                last = q;
            accept("branch target = the function's last instruction", &m, at, 2, (uint32_t)(last - pc) & 0xffffu);
        }
        free(m.b);
    }
    checks++;
    if (!tried) {
        printf("FAIL setup: no padding gave a function length that is a multiple of 8 at an earlier start\n");
        failures++;
    }
}

/*
 * A call_indirect at a low stack height in a frame of some 300 slots (a deep
 * expression earlier): the type index one past the end must be refused by
 * its own check, as the frame check alone would pass most bytes read in
 * place of the type.
 */
static void test_type_index_big_frame(void)
{
    xr_text t = {0};
    xr_add(&t, "(module (type $v (func (result i32))) (table 1 funcref) (elem (i32.const 0) $g)\n"
               " (func $g (result i32) (i32.const 1))\n"
               " (func (export \"deep\") (param i32) (result i32)\n");
    for (int i = 0; i < 300; i++)
        xr_add(&t, "(i32.add (local.get 0) ");
    xr_add(&t, "(local.get 0)");
    for (int i = 0; i < 300; i++)
        xr_add(&t, ")");
    xr_add(&t, " (drop) (call_indirect (type $v) (i32.const 0))))\n");
    img m;
    if (!compile(&m, t.s, 0)) {
        free(t.s);
        return;
    }
    free(t.s);
    uint32_t types = xip_read_u16(m.b + m.sec[XIP_SECTION_TYPE]);
    int64_t pc = find(&m, 1, XIP_OP_CALL_INDIRECT);
    if (pc >= 0 && frame_of(&m, 1) > 256) {
        refuse("call_indirect type index (big frame)", &m, code_at(&m, pc) + 1, 2, types, XIP_ERR_BAD_CODE, code_at(&m, pc));
        accept("call_indirect type index (big frame)", &m, code_at(&m, pc) + 1, 2, 0);
    } else if (pc >= 0) {
        printf("FAIL setup: the deep function's frame is %u slots\n", (unsigned)frame_of(&m, 1));
        failures++;
    }
    free(m.b);
}

/* An active data segment needs a memory: the image with its MEMORY section cut out is refused at the segment. */
static void test_data_needs_memory(void)
{
    img m;
    if (!compile(&m, "(module (memory 1) (data (i32.const 8) \"xyz\") (func (export \"f\")))", 0))
        return;
    uint32_t mem = m.sec[XIP_SECTION_MEMORY], cut = XIP_SECTION_HEADER_SIZE + m.len[XIP_SECTION_MEMORY];
    uint32_t data = m.sec[XIP_SECTION_DATA] - cut; /* the DATA body after the cut */
    static uint8_t copy[1 << 16];
    static xip_instance inst;
    uint32_t n = m.n - cut;
    memcpy(copy, m.b, mem - XIP_SECTION_HEADER_SIZE);
    memcpy(copy + mem - XIP_SECTION_HEADER_SIZE, m.b + mem + m.len[XIP_SECTION_MEMORY], m.n - (mem + m.len[XIP_SECTION_MEMORY]));
    xip_write_u32(copy + 12, n);
    xip_write_u32(copy + 16, xip_adler32(1, copy + 20, n - 20));
    xip_buffers buffers = {xr_memory, sizeof xr_memory, xr_globals, XR_GLOBALS, xr_stack, XR_STACK,
                           xr_frames, XR_FRAMES, xr_tables, 1024};
    xip_status st = xip_load(&inst, copy, n, &buffers);
    checks++;
    /* DATA: u16 count, u8 mode (active): refused right after the mode */
    if (st != XIP_ERR_MALFORMED || xip_error_offset(&inst) != data + 3) {
        printf("FAIL an active data segment without a memory: %s at 0x%x, want malformed at 0x%x\n",
               xip_status_name(st), (unsigned)xip_error_offset(&inst), (unsigned)(data + 3));
        failures++;
    }
    free(m.b);
}

/* Far slots and wide calls: a function with many live locals under a register limit of 8. */
static void test_far(void)
{
    xr_text t = {0};
    xr_add(&t, "(module (func $g (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))\n"
               " (func (export \"far\") (param i32) (result i32) (local");
    for (int i = 0; i < 300; i++) /* a frame beyond 256 slots: base operands need their high byte */
        xr_add(&t, " i32");
    xr_add(&t, ")\n");
    for (int i = 1; i <= 300; i++)
        xr_add(&t, "(local.set %d (i32.add (local.get %d) (i32.const 1)))\n", i, i - 1);
    xr_add(&t, "(call $g (local.get 300) (local.get 7))\n");
    for (int i = 1; i <= 300; i++)
        xr_add(&t, "(local.get %d) (i32.add)\n", i);
    xr_add(&t, "))\n");
    img m;
    if (!compile(&m, t.s, 8)) {
        free(t.s);
        return;
    }
    free(t.s);
    uint32_t frame = frame_of(&m, 1);
    bound("local.load_far slot", &m, 1, XIP_OP_LOCAL_LOAD_FAR, 2, 2, frame, 1);
    bound("local.store_far slot", &m, 1, XIP_OP_LOCAL_STORE_FAR, 2, 2, frame, 1);
    /* call_wide f0 (2 -> 1) at base b needs b + 2 <= frame */
    int64_t pc = find(&m, 1, XIP_OP_CALL_WIDE);
    if (pc >= 0) {
        refuse("call_wide frame base", &m, code_at(&m, pc) + 3, 2, frame - 1, XIP_ERR_BAD_CODE, code_at(&m, pc));
        accept("call_wide frame base", &m, code_at(&m, pc) + 3, 2, frame - 2);
    }
    free(m.b);
}

/*
 * A br_table whose targets run one entry past its function's end. The
 * function is rewritten to its first instructions, then a br_table whose
 * every target is itself (offset 0) filling the rest (a last odd byte is
 * an unreachable, opcode 0); the next function's code is all unreachables,
 * so the two bytes just past the end read as one more valid target. With
 * the count that fits exactly the image loads; with one more the table
 * reads past the function and is refused at the br_table, whatever those
 * bytes are.
 */
static void test_br_table_past_the_end(void)
{
    static const char wat[] =
        "(module\n"
        " (func (export \"br\") (param i32) (result i32)\n"
        "   (block (block (br_table 0 1 (local.get 0))) (return (i32.const 2))) (i32.const 5))\n"
        " (func (export \"pad\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 7))))\n";
    img m;
    checks++;
    if (XIP_OP_UNREACHABLE != 0 || ti_shape_of[0] != XIP_SHAPE_NONE || ti_size_of[XIP_SHAPE_NONE] != 1) {
        printf("FAIL setup: opcode 0 is not a one-byte unreachable\n");
        failures++;
        return;
    }
    if (!compile(&m, wat, 0))
        return;
    int64_t pc = find(&m, 0, XIP_OP_BR_TABLE);
    if (pc >= 0) {
        static img copy;
        static uint8_t buf[1 << 16];
        uint32_t end = end_of(&m, 0), next_end = end_of(&m, 1);
        uint32_t room = end - (uint32_t)pc - XIP_SIZE_BRTABLE, fit = room / 2; /* targets that fit */
        copy = m;
        copy.b = buf;
        memcpy(buf, m.b, m.n);
        memset(buf + code_at(&m, pc) + XIP_SIZE_BRTABLE, 0, room);  /* targets 0; a last odd byte: unreachable */
        memset(buf + code_at(&m, end), 0, next_end - end);          /* the next function: unreachables */
        accept("br_table with targets up to its function's end", &copy, code_at(&m, pc) + 2, 2, fit - 1);
        refuse("br_table one target past its function's end", &copy, code_at(&m, pc) + 2, 2, fit,
               XIP_ERR_BAD_CODE, code_at(&m, pc));
    }
    free(m.b);
}

/* An opcode byte equal to the opcode count (and the largest byte) is refused at its instruction. */
static void test_opcode_past_the_end(const img *m)
{
    uint32_t at = code_at(m, start_of(m, 0));
    refuse("opcode", m, at, 1, XIP_OP_COUNT, XIP_ERR_BAD_CODE, at);
    refuse("opcode", m, at, 1, 255, XIP_ERR_BAD_CODE, at);
}

int main(void)
{
    img m;
    if (compile(&m, main_wat, 0)) {
        uint32_t offset;
        xip_status st = load_patched(&m, 16, 4, xip_read_u32(m.b + 16), &offset);
        checks++;
        if (st != XIP_OK) {
            printf("FAIL the unpatched image: %s at 0x%x\n", xip_status_name(st), (unsigned)offset);
            failures++;
        }
        test_operands(&m);
        test_targets(&m);
        test_func_entries(&m);
        test_sections(&m);
        test_container(&m);
        test_memory_and_flash_tables(&m);
        test_func_type_past_the_end(&m);
        test_import_order(&m);
        test_reader_bounds(&m);
        test_opcode_past_the_end(&m);
        free(m.b);
    }
    test_far();
    test_flash_entry_past_the_end();
    test_partial_section_header();
    test_cexpr_mul64();
    test_target_at_function_end();
    test_type_index_big_frame();
    test_data_needs_memory();
    test_br_table_past_the_end();
    if (failures) {
        printf("test_verify_bounds: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("test_verify_bounds: %d checks passed\n", checks);
    return 0;
}
