/*
 * test_refs.c: references cannot be forged (docs/verifier.md). Each case
 * compiles a module that handles references, turns one value into a number
 * the way a hostile image would (ref.func patched into const_i16, a move's
 * source changed, a REFS entry changed), reseals the checksum, and checks that
 * xip_load refuses it with the exact status and error offset: table.set,
 * table.fill and table.grow, a direct, indirect and host-import call's
 * reference parameter, a reference result, a reference global, select,
 * moves, far slots, branch targets and calls, ref.is_null, call_indirect and
 * table.copy through an externref table. The unpatched module loads and
 * runs, and xip_call refuses reference arguments the instance cannot hold.
 * Prints one line per failure; exits non-zero on failure.
 */
#include "xrun.h"
#include "image_parts.h"
#include "xip_refs.h"

static int failures;
static int checks;

typedef ti_image img;

/* Compiles wat under the register limit (0: 256) and finds the sections. */
static bool compile(img *m, const char *wat, uint32_t max_regs)
{
    if (ti_compile_image(m, wat, max_regs))
        return true;
    failures++;
    return false;
}

static uint32_t func_count(const img *m) { return xip_read_u16(m->b + m->sec[XIP_SECTION_FUNC]); }
static uint32_t start_of(const img *m, uint32_t f)
{
    return xip_read_u32(m->b + m->sec[XIP_SECTION_FUNC] + 2 + XIP_FUNC_ENTRY_SIZE * f + 8);
}
static uint32_t end_of(const img *m, uint32_t f)
{
    uint32_t code = m->sec[XIP_SECTION_CODE];
    return f + 1 < func_count(m) ? start_of(m, f + 1) : xip_read_u32(m->b + code - 4);
}

/* Image offset of the n-th (0-based) instruction `op` of defined function f, or 0. */
static uint32_t find(const img *m, uint32_t f, unsigned op, uint32_t n)
{
    uint32_t code = m->sec[XIP_SECTION_CODE];
    for (uint32_t pc = start_of(m, f); pc < end_of(m, f);) {
        const uint8_t *p = m->b + code + pc;
        if (p[0] == op && n-- == 0)
            return code + pc;
        pc += ti_insn_size(p);
    }
    printf("FAIL setup: no opcode %u (#%u) in function %u\n", op, (unsigned)n, (unsigned)f);
    failures++;
    return 0;
}

static uint8_t copy[1 << 16];
static xip_instance inst;

/* Loads a copy of m with the n bytes at image offset at replaced (checksum resealed). */
static xip_status load_patched(const img *m, uint32_t at, const uint8_t *bytes, uint32_t n, uint32_t *offset)
{
    memcpy(copy, m->b, m->n);
    memcpy(copy + at, bytes, n);
    xip_write_u32(copy + 16, xip_adler32(1, copy + 20, m->n - 20));
    xip_buffers buffers = {xr_memory, sizeof xr_memory, xr_globals, XR_GLOBALS, xr_stack, XR_STACK,
                           xr_frames, XR_FRAMES, xr_tables, 1024};
    xip_status st = xip_load(&inst, copy, m->n, &buffers);
    *offset = xip_error_offset(&inst);
    return st;
}

/* Expects the patch to be refused with want at image offset want_at. */
static void refuse(const char *what, const img *m, uint32_t at, const uint8_t *bytes, uint32_t n,
                   xip_status want, uint32_t want_at)
{
    uint32_t offset;
    xip_status st;
    checks++;
    if (at == 0 || want_at == 0)
        return; /* setup failed (reported) */
    st = load_patched(m, at, bytes, n, &offset);
    if (st != want || offset != want_at) {
        printf("FAIL %s: %s at 0x%x, want %s at 0x%x\n", what, xip_status_name(st), (unsigned)offset,
               xip_status_name(want), (unsigned)want_at);
        failures++;
    }
}

/* Turns the n-th ref.func of f into const_i16 of the same register (a number), refused at the
   n2-th instruction op2 of f. */
static void forge(const char *what, const img *m, uint32_t f, uint32_t n, unsigned op2, uint32_t n2)
{
    uint32_t at = find(m, f, XIP_OP_REF_FUNC, n);
    uint8_t patch[4] = {XIP_OP_CONST_I16, at ? m->b[at + 1] : 0, 0, 0};
    refuse(what, m, at, patch, 4, XIP_ERR_BAD_CODE, find(m, f, op2, n2));
}

static const char main_wat[] =
    "(module\n"
    " (import \"m\" \"h\" (func $h (param funcref)))\n"
    " (type $tf (func (param funcref) (result i32)))\n"
    " (table $t 4 funcref)\n"
    " (table $e 2 externref)\n"
    " (global $g (mut funcref) (ref.null func))\n"
    " (elem declare func $f)\n"
    " (func $f (param funcref) (result i32) (i32.const 7))\n"
    " (func (export \"ts\") (param i32) (table.set $t (local.get 0) (ref.func $f)))\n"
    " (func (export \"tf\") (table.fill $t (i32.const 0) (ref.func $f) (i32.const 1)))\n"
    " (func (export \"tg\") (result i32) (table.grow $t (ref.func $f) (i32.const 1)))\n"
    " (func (export \"cd\") (result i32) (call $f (ref.func $f)))\n"
    " (func (export \"ci\") (result i32) (call_indirect $t (type $tf) (ref.func $f) (i32.const 0)))\n"
    " (func (export \"ch\") (call $h (ref.func $f)))\n"
    " (func (export \"rr\") (result funcref) (ref.func $f))\n"
    " (func (export \"gs\") (global.set $g (ref.func $f)))\n"
    " (func (export \"sel\") (param i32) (table.set $t (i32.const 0)\n"
    "   (select (result funcref) (ref.func $f) (ref.null func) (local.get 0))))\n"
    " (func (export \"mv\") (param i32 funcref) (local funcref) (local.set 2 (local.get 1))\n"
    "   (local.set 1 (ref.null func)) (table.set $t (local.get 0) (local.get 2))\n"
    "   (table.set $t (local.get 0) (local.get 1)))\n"
    " (func (export \"isn\") (result i32) (ref.is_null (ref.func $f)))\n"
    " (func (export \"join\") (param i32) (table.set $t (i32.const 1)\n"
    "   (if (result funcref) (local.get 0) (then (ref.func $f)) (else (ref.null func)))))\n"
    " (func (export \"keep\") (param i32) (result i32) (local funcref) (local.set 1 (ref.func $f))\n"
    "   (drop (call $f (ref.null func))) (table.set $t (local.get 0) (local.get 1))\n"
    "   (call_indirect $t (type $tf) (ref.null func) (local.get 0)))\n"
    " (func (export \"copy\") (table.copy $t $t (i32.const 0) (i32.const 1) (i32.const 1)))\n"
    " (func (export \"host\") (param funcref) (table.set $t (i32.const 3) (local.get 0)))\n"
    " (func (export \"call3\") (param i32) (result i32) (call_indirect $t (type $tf) (ref.null func) (local.get 0)))\n"
    " (func (export \"joink\") (param i32) (table.set $t (i32.const 1)\n"
    "   (if (result funcref) (i32.eq (local.get 0) (i32.const 5)) (then (ref.func $f)) (else (ref.null func)))))\n"
    " (elem $se externref (ref.null extern))\n"
    " (func (export \"ti\") (table.init $e $se (i32.const 0) (i32.const 0) (i32.const 1))))\n";

/* Defined function indices in main_wat. */
enum { F, TS, TF, TG, CD, CI, CH, RR, GS, SEL, MV, ISN, JOIN, KEEP, COPY, HOST, CALL3, JOINK, TI };

/* Every consumer refuses a number where a reference must be. */
static void test_forged_numbers(const img *m)
{
    forge("number into a table (table.set)", m, TS, 0, XIP_OP_TABLE_SET, 0);
    forge("number into a table (table.fill)", m, TF, 0, XIP_OP_TABLE_FILL, 0);
    forge("number into a table (table.grow)", m, TG, 0, XIP_OP_TABLE_GROW, 0);
    forge("number as a direct call's funcref parameter", m, CD, 0, XIP_OP_CALL, 0);
    forge("number as an indirect call's funcref parameter", m, CI, 0, XIP_OP_CALL_INDIRECT, 0);
    forge("number as a host import's funcref parameter", m, CH, 0, XIP_OP_CALL, 0);
    forge("number returned as a funcref result", m, RR, 0, XIP_OP_RET, 0);
    forge("number into a funcref global", m, GS, 0, XIP_OP_GLOBAL_SET, 0);
    forge("select of a number and a null into a table", m, SEL, 0, XIP_OP_TABLE_SET, 0);
    forge("ref.is_null of a number", m, ISN, 0, XIP_OP_REF_IS_NULL, 0);
    /* the then arm jumps to the join with a number where the join lists a funcref */
    forge("number arriving at a join that holds a funcref", m, JOIN, 0, XIP_OP_JMP, 0);
    /* a funcref local kept across a call (the call's list) then stored */
    forge("number kept across a call as a funcref", m, KEEP, 0, XIP_OP_CALL, 0);
}

/* Moves carry classes: a move from a number register gives a number. */
static void test_moves(const img *m)
{
    /* sel's null (const32, 6 bytes) becomes two moves of the i32 parameter r0 */
    uint32_t at = find(m, SEL, XIP_OP_CONST32, 0);
    uint8_t r = at ? m->b[at + 1] : 0, patch[6] = {XIP_OP_MOV, r, 0, XIP_OP_MOV, r, r};
    refuse("moves of a number into a select of funcrefs", m, at, patch, 6, XIP_ERR_BAD_CODE,
           find(m, SEL, XIP_OP_TABLE_SET, 0));
    at = find(m, SEL, XIP_OP_SELECT, 0);
    uint8_t sel[5] = {XIP_OP_SELECT, at ? m->b[at + 1] : 0, at ? m->b[at + 2] : 0, at ? m->b[at + 4] : 0,
                      at ? m->b[at + 4] : 0}; /* select d, a, c, c: one side is the i32 condition */
    refuse("select mixing a funcref and a number", m, at, sel, 5, XIP_ERR_BAD_CODE, find(m, SEL, XIP_OP_TABLE_SET, 0));
}

/* Tables meet only tables of their element type. */
static void test_table_types(const img *m)
{
    uint32_t at = find(m, CALL3, XIP_OP_CALL_INDIRECT, 0);
    uint8_t one = 1;
    refuse("call_indirect through an externref table", m, at ? at + 3 : 0, &one, 1, XIP_ERR_BAD_CODE, at);
    at = find(m, COPY, XIP_OP_TABLE_COPY, 0);
    refuse("table.copy from an externref table into a funcref table", m, at ? at + 2 : 0, &one, 1,
           XIP_ERR_BAD_CODE, at);
    at = find(m, TI, XIP_OP_TABLE_INIT, 0);
    uint8_t zero = 0; /* table 0 is the funcref one */
    refuse("table.init of an externref segment into a funcref table", m, at ? at + 3 : 0, &zero, 1,
           XIP_ERR_BAD_CODE, at);
}

/* The REFS section itself: a wrong class, an entry moved to another function, a bad class code. */
static void test_refs_section(const img *m)
{
    uint32_t refs = m->sec[XIP_SECTION_REFS], pos, i, count;
    checks++;
    if (!refs) {
        printf("FAIL no REFS section\n");
        failures++;
        return;
    }
    count = xip_read_u16(m->b + refs);
    for (i = 0, pos = refs + 2; i < count; i++) { /* find the entry of JOIN */
        const uint8_t *p = m->b + pos;
        uint32_t nj = xip_read_u16(p + 2), nc = xip_read_u16(p + 4), np = xip_read_u32(p + 6);
        if (xip_read_u16(p) == JOIN) {
            uint32_t pool = pos + XIP_REFS_FUNC_SIZE + XIP_REFS_JOIN_SIZE * nj + XIP_REFS_CALL_SIZE * nc;
            uint8_t ext = XIP_RC_EXTERN, bad = 4, other[2];
            /* the join's funcref claimed to be an externref: the then arm's jump arrives with a funcref */
            refuse("join listing the wrong class", m, pool + 2, &ext, 1, XIP_ERR_BAD_CODE, find(m, JOIN, XIP_OP_JMP, 0));
            refuse("pool entry of an unknown class", m, pool + 2, &bad, 1, XIP_ERR_MALFORMED, pool);
            /* the first join (the jz's target) moved one byte on: the jz's target is no listed join */
            uint8_t moved[4];
            xip_write_u32(moved, xip_read_u32(p + XIP_REFS_FUNC_SIZE) + 1);
            refuse("a branch to a target the entry does not list", m, pos + XIP_REFS_FUNC_SIZE, moved, 4,
                   XIP_ERR_BAD_CODE, find(m, JOIN, XIP_OP_JZ, 0));
            /* the second join at the first one's pc: joins must increase */
            uint8_t same[4];
            xip_write_u32(same, xip_read_u32(p + XIP_REFS_FUNC_SIZE));
            checks++;
            if (nj < 2) {
                printf("FAIL JOIN's entry has fewer than two joins\n");
                failures++;
            } else {
                refuse("two joins at one pc", m, pos + XIP_REFS_FUNC_SIZE + XIP_REFS_JOIN_SIZE, same, 4,
                       XIP_ERR_MALFORMED, pos + XIP_REFS_FUNC_SIZE + XIP_REFS_JOIN_SIZE);
            }
            /* the entry names TS's successor instead: JOIN's parameters have no class... */
            xip_write_u16(other, (uint16_t)(JOIN - 1));
            refuse("entry of the wrong function", m, pos, other, 2, XIP_ERR_MALFORMED, pos); /* out of order */
            (void)np;
        }
        pos += XIP_REFS_FUNC_SIZE + XIP_REFS_JOIN_SIZE * nj + XIP_REFS_CALL_SIZE * nc + XIP_REFS_POOL_SIZE * np;
    }
    /* without the REFS section (renamed past the last id) the image is malformed; truncating the
       count to 0 leaves every reference function without an entry: refused at TS's start */
    uint8_t zero[2] = {0, 0};
    uint8_t patched[1 << 16];
    memcpy(patched, m->b, m->n);
    img m2 = *m;
    m2.b = patched;
    m2.n = refs + 2; /* drop the entries: the section holds only its count */
    xip_write_u32(patched + refs - 4, 2);
    xip_write_u32(patched + 12, m2.n);
    refuse("functions handling references without entries", &m2, refs, zero, 2, XIP_ERR_BAD_CODE,
           m->sec[XIP_SECTION_CODE] + start_of(m, F));
}

/* Image offset of defined function f's REFS entry, or 0 (reported). */
static uint32_t refs_entry(const img *m, uint32_t f)
{
    uint32_t refs = m->sec[XIP_SECTION_REFS], pos, i, count;
    count = refs ? xip_read_u16(m->b + refs) : 0;
    for (i = 0, pos = refs + 2; i < count; i++) {
        const uint8_t *p = m->b + pos;
        if (xip_read_u16(p) == f)
            return pos;
        pos += XIP_REFS_FUNC_SIZE + XIP_REFS_JOIN_SIZE * xip_read_u16(p + 2) +
               XIP_REFS_CALL_SIZE * xip_read_u16(p + 4) + XIP_REFS_POOL_SIZE * xip_read_u32(p + 6);
    }
    printf("FAIL setup: no REFS entry for function %u\n", (unsigned)f);
    failures++;
    return 0;
}

/* A compare-with-immediate branch (shape RKJ) arrives at its target's join too: with the join moved a byte
   on, the target is no listed join. */
static void test_rkj_branch(const img *m)
{
    uint32_t pos = refs_entry(m, JOINK), at = find(m, JOINK, XIP_OP_JNE_I, 0);
    uint8_t moved[4];
    if (!at)
        at = find(m, JOINK, XIP_OP_JEQ_I, 0);
    if (!pos || !at) {
        checks++;
        printf("FAIL setup: JOINK has no entry or no jeq_i/jne_i\n");
        failures++;
        return;
    }
    xip_write_u32(moved, xip_read_u32(m->b + pos + XIP_REFS_FUNC_SIZE) + 1);
    refuse("an immediate compare's branch to a target the entry does not list", m, pos + XIP_REFS_FUNC_SIZE, moved,
           4, XIP_ERR_BAD_CODE, at);
}

/* The entry's fields one past their range: a join at the function's end, a pool register equal to the frame,
   a call's list holding a reference at the call's frame base. */
static void test_refs_bounds(const img *m)
{
    uint32_t pos = refs_entry(m, JOIN);
    if (pos) {
        const uint8_t *p = m->b + pos;
        uint32_t nj = xip_read_u16(p + 2), nc = xip_read_u16(p + 4);
        uint32_t last = pos + XIP_REFS_FUNC_SIZE + XIP_REFS_JOIN_SIZE * (nj - 1);
        uint32_t pool = pos + XIP_REFS_FUNC_SIZE + XIP_REFS_JOIN_SIZE * nj + XIP_REFS_CALL_SIZE * nc;
        uint32_t frame = xip_read_u16(m->b + m->sec[XIP_SECTION_FUNC] + 2 + XIP_FUNC_ENTRY_SIZE * JOIN + 6);
        uint8_t v[4];
        checks++;
        if (nj == 0 || xip_read_u32(m->b + pos + 6) == 0) {
            printf("FAIL setup: JOIN's entry has no join or no pool entry\n");
            failures++;
        } else {
            xip_write_u32(v, end_of(m, JOIN) - start_of(m, JOIN)); /* the function's length */
            refuse("join at the function's end", m, last, v, 4, XIP_ERR_MALFORMED, last);
            xip_write_u16(v, (uint16_t)frame);
            refuse("pool register equal to the frame", m, pool, v, 2, XIP_ERR_MALFORMED, pool);
        }
    }
    pos = refs_entry(m, KEEP);
    if (pos) { /* the funcref local kept across `call $f`: listed at the call's base instead */
        const uint8_t *p = m->b + pos;
        uint32_t nj = xip_read_u16(p + 2), nc = xip_read_u16(p + 4);
        uint32_t calls = pos + XIP_REFS_FUNC_SIZE + XIP_REFS_JOIN_SIZE * nj;
        uint32_t pool = calls + XIP_REFS_CALL_SIZE * nc, call = find(m, KEEP, XIP_OP_CALL, 0);
        checks++;
        if (nc == 0 || xip_read_u16(m->b + calls + 4) != 1 || call == 0) {
            printf("FAIL setup: KEEP's first call does not list one reference\n");
            failures++;
        } else {
            uint32_t at = pool + XIP_REFS_POOL_SIZE * xip_read_u32(m->b + calls);
            uint8_t v[2];
            xip_write_u16(v, m->b[call + 3]); /* CALL f, base */
            refuse("a reference listed at a call's frame base", m, at, v, 2, XIP_ERR_BAD_CODE, call);
        }
    }
}

/*
 * A function whose type holds no reference, without a REFS entry, makes a
 * reference: refused at the ref.func itself (ref.is_null would refuse the
 * number it then reads, one instruction later).
 */
static void test_ref_without_entry(void)
{
    img m;
    if (!compile(&m, "(module (table $t 1 funcref) (elem declare func $g) (func $g)\n"
                     " (func (export \"n\") (result i32) (ref.is_null (ref.func $g))))", 0))
        return;
    uint32_t refs = m.sec[XIP_SECTION_REFS], at = find(&m, 1, XIP_OP_REF_FUNC, 0);
    checks++;
    if (!refs || xip_read_u16(m.b + refs) != 1 || find(&m, 1, XIP_OP_REF_IS_NULL, 0) == 0) {
        printf("FAIL setup: not one REFS entry, or no ref.is_null\n");
        failures++;
    } else {
        uint8_t patched[1 << 16], zero[2] = {0, 0};
        img m2 = m;
        memcpy(patched, m.b, m.n);
        m2.b = patched;
        m2.n = refs + 2; /* keep REFS's count only (and drop STACK after it, which is optional) */
        xip_write_u32(patched + refs - 4, 2);
        xip_write_u32(patched + 12, m2.n);
        refuse("ref.func in a function without an entry", &m2, refs, zero, 2, XIP_ERR_BAD_CODE, at);
    }
    free(m.b);
}

/* Far slots: a funcref local beyond the register range goes through local.store_far/load_far. */
static void test_far(void)
{
    img m;
    xr_text t = {0};
    xr_add(&t, "(module (table $t 1 funcref) (elem declare func $g) (func $g)\n"
               " (func (export \"far\") (param i32) (result i32) (local");
    for (int i = 0; i < 40; i++) /* all live to the end; the funcref, coldest, lands in a far slot */
        xr_add(&t, " i32");
    xr_add(&t, ") (local $r funcref)\n (local.set $r (ref.func $g))\n");
    for (int i = 1; i <= 40; i++)
        xr_add(&t, "(local.set %d (i32.add (local.get %d) (i32.const 1)))\n", i, i - 1);
    xr_add(&t, "(table.set $t (i32.const 0) (local.get $r)) (local.get 0)\n");
    for (int i = 1; i <= 40; i++)
        xr_add(&t, "(i32.mul (local.get %d) (local.get %d)) (i32.add)\n", i, i); /* hotter than $r */
    xr_add(&t, "))\n");
    if (compile(&m, t.s, 8)) {
        uint32_t at = find(&m, 1, XIP_OP_REF_FUNC, 0), store = 0;
        for (uint32_t k = 0; at && !store; k++) { /* the far store of the funcref */
            uint32_t s = find(&m, 1, XIP_OP_LOCAL_STORE_FAR, k);
            if (s == 0)
                break;
            if (s > at && m.b[s + 1] == m.b[at + 1])
                store = s;
        }
        uint8_t patch[4] = {XIP_OP_CONST_I16, at ? m.b[at + 1] : 0, 0, 0};
        refuse("number through a far slot into a table", &m, at, patch, 4, XIP_ERR_BAD_CODE,
               find(&m, 1, XIP_OP_TABLE_SET, 0));
        if (store) { /* store the i32 parameter r0 into the funcref far slot instead */
            uint8_t reg = 0;
            refuse("far store of a number into the funcref slot", &m, store + 1, &reg, 1, XIP_ERR_BAD_CODE,
                   find(&m, 1, XIP_OP_TABLE_SET, 0));
        }
        free(m.b);
    }
    free(t.s);
}

/* The unpatched module loads and runs; xip_call takes only reference arguments the instance can hold. */
static void test_runs(const img *m)
{
    uint32_t offset;
    uint64_t arg, out;
    uint8_t same = m->b[16];
    xr_module x;
    checks++;
    if (load_patched(m, 16, &same, 1, &offset) != XIP_OK || xip_instantiate(&inst) != XIP_OK) {
        printf("FAIL the unpatched module: refused at 0x%x\n", (unsigned)offset);
        failures++;
        return;
    }
    x.inst = inst;
    arg = 2;
    checks += 4;
    if (xr_call(&x, "ts", &arg, 1, NULL) != XIP_OK || xr_call(&x, "call3", &arg, 1, &out) != XIP_OK || out != 7) {
        printf("FAIL table.set then call_indirect\n");
        failures++;
    }
    arg = 0;
    if (xr_call(&x, "join", &arg, 1, NULL) != XIP_OK || xr_call(&x, "call3", (arg = 1, &arg), 1, NULL) !=
                                                           XIP_TRAP_UNINITIALIZED_ELEMENT) {
        printf("FAIL the join's null arm\n");
        failures++;
    }
    arg = XIP_HOST_REF_BASE | 5; /* a host reference: table.set, then call_indirect reports it */
    uint32_t ref = 0;
    xip_functype type;
    if (xr_call(&x, "host", &arg, 1, NULL) != XIP_OK || xr_call(&x, "call3", (arg = 3, &arg), 1, NULL) !=
                                                           XIP_HOST_CALL ||
        !xip_host_ref(&x.inst, &ref, &type) || ref != (XIP_HOST_REF_BASE | 5)) {
        printf("FAIL a host reference the host gave: ref 0x%x\n", (unsigned)ref);
        failures++;
    }
    xip_host_trap(&x.inst, XIP_TRAP_HOST);
    arg = 100; /* no such function: the instance cannot hold it */
    if (xr_call(&x, "host", &arg, 1, NULL) != XIP_ERR_ARGUMENT ||
        xr_call(&x, "host", (arg = 0x100000000ull, &arg), 1, NULL) != XIP_ERR_ARGUMENT ||
        xr_call(&x, "host", (arg = XIP_NULL_REF, &arg), 1, NULL) != XIP_OK) {
        printf("FAIL xip_call's reference arguments\n");
        failures++;
    }
}

int main(void)
{
    img m;
    if (compile(&m, main_wat, 0)) {
        test_runs(&m);
        test_forged_numbers(&m);
        test_rkj_branch(&m);
        test_moves(&m);
        test_table_types(&m);
        test_refs_section(&m);
        test_refs_bounds(&m);
        free(m.b);
    }
    test_far();
    test_ref_without_entry();
    if (failures) {
        printf("test_refs: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("test_refs: %d checks passed\n", checks);
    return 0;
}
