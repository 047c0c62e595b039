/*
 * test_verify_walk.c: the one-walk bytecode verifier's branch-target
 * bookkeeping (executor/xip_verify.c, fn_ctx) and the image checksum,
 * Adler-32 (format/xip_format.h). Branch targets: a forward target into the middle of
 * a later instruction, a backward one into an earlier instruction, a
 * branch to itself, several branches to one start, and which refusal wins
 * when a function has several problems (an operand anywhere before any
 * target; the first bad target of several). Checksum: the check values, the
 * definition over every length 0..300, across its reduction block and at
 * every split point.
 * Prints one line per failure; exits non-zero on failure.
 */
#include "xrun.h"
#include "image_parts.h"

static int failures;
static int checks;

static void expect(bool ok, const char *what)
{
    checks++;
    if (!ok) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

/* ---- Adler-32 ------------------------------------------------------------- */

/* The Adler-32 of data[0..n) from its definition (RFC 1950), reducing at every byte. */
static uint32_t adler_by_definition(const uint8_t *data, uint32_t n)
{
    uint32_t a = 1, b = 0;
    for (uint32_t i = 0; i < n; i++) {
        a = (a + data[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    return b << 16 | a;
}

/*
 * xip_adler32, the image checksum: the check values of RFC 1950's algorithm,
 * every length 0..300 of random bytes and the lengths around its reduction
 * block of all-0xff bytes (the largest sums), and continuation from a
 * partial checksum at every split.
 */
static void test_checksum(void)
{
    static uint8_t buf[3 * XIP_ADLER_BLOCK + 7];
    static const uint32_t long_lengths[] = {XIP_ADLER_BLOCK - 1, XIP_ADLER_BLOCK, XIP_ADLER_BLOCK + 1,
                                            2 * XIP_ADLER_BLOCK, 2 * XIP_ADLER_BLOCK + 3, sizeof buf};
    uint32_t seed = 12345;
    expect(xip_adler32(1, (const uint8_t *)"123456789", 9) == 0x091e01deu, "adler32 check value of \"123456789\"");
    expect(xip_adler32(1, (const uint8_t *)"Wikipedia", 9) == 0x11e60398u, "adler32 of \"Wikipedia\"");
    expect(xip_adler32(1, buf, 0) == 1, "adler32 of nothing");
    for (uint32_t i = 0; i < 300; i++) {
        seed = seed * 1103515245u + 12345u;
        buf[i] = (uint8_t)(seed >> 16);
    }
    int bad_len = 0, bad_split = 0, bad_long = 0;
    for (uint32_t n = 0; n <= 300; n++)
        bad_len += xip_adler32(1, buf, n) != adler_by_definition(buf, n);
    for (uint32_t k = 0; k <= 37; k++) /* continuing from a partial checksum, at every alignment */
        bad_split += xip_adler32(xip_adler32(1, buf, k), buf + k, 37 - k) != adler_by_definition(buf, 37);
    memset(buf, 0xff, sizeof buf);
    for (uint32_t i = 0; i < sizeof long_lengths / sizeof long_lengths[0]; i++)
        bad_long += xip_adler32(1, buf, long_lengths[i]) != adler_by_definition(buf, long_lengths[i]);
    expect(bad_len == 0, "adler32 equals the definition at every length 0..300");
    expect(bad_split == 0, "adler32 continued from a partial checksum equals the whole");
    expect(bad_long == 0, "adler32 of 0xff bytes around its reduction block equals the definition");
}

/* ---- branch targets ---------------------------------------------------------- */

typedef ti_image img;

/* A function with a loop (a backward branch) and forward branches out of it, and an add after them. */
static const char walk_wat[] =
    "(module\n"
    " (func (export \"f\") (param i32 i32) (result i32)\n"
    "   (block (loop\n"
    "     (br_if 1 (i32.eqz (local.get 0)))\n"
    "     (br_if 1 (i32.lt_s (local.get 1) (i32.const 3)))\n"
    "     (local.set 0 (i32.sub (local.get 0) (i32.const 1)))\n"
    "     (br 0)))\n"
    "   (i32.add (local.get 0) (local.get 1))))\n";

/* Compiles walk_wat into m; false (a failure counted) if it does not compile or lacks FUNC or CODE. */
static bool compile(img *m)
{
    if (ti_compile_image(m, walk_wat, 0) && m->sec[XIP_SECTION_CODE] && m->sec[XIP_SECTION_FUNC])
        return true;
    failures++;
    return false;
}

/* The instructions of the image's one function: image offsets of their starts, and their count. */
typedef struct insns {
    uint32_t at[256];
    uint32_t count, end;
} insns;

static void list_insns(const img *m, insns *l)
{
    uint32_t code = m->sec[XIP_SECTION_CODE], end = code + m->len[XIP_SECTION_CODE];
    uint32_t pc = code + xip_read_u32(m->b + m->sec[XIP_SECTION_FUNC] + 2 + 8); /* the code offset of FUNC entry 0 */
    l->count = 0;
    while (pc < end && l->count < 256) {
        l->at[l->count++] = pc;
        pc += ti_insn_size(m->b + pc);
    }
    l->end = end;
}

/* Offset of the i16 target field of the branch at image offset at (0 if it is none with one target). */
static uint32_t target_field(const img *m, uint32_t at)
{
    switch (ti_shape_of[m->b[at]]) {
    case XIP_SHAPE_J: return at + 1;
    case XIP_SHAPE_RJ: return at + 2;
    case XIP_SHAPE_RRJ: return at + 3;
    case XIP_SHAPE_RKJ: return at + 4;
    default: return 0;
    }
}

/* Loads buf[0..m->n) (checksum resealed); returns the status, *offset the error offset. */
static xip_status load(const img *m, uint8_t *buf, uint32_t *offset)
{
    static xip_instance inst;
    xip_write_u32(buf + 16, xip_adler32(1, buf + 20, m->n - 20));
    xip_buffers buffers = {xr_memory, sizeof xr_memory, xr_globals, XR_GLOBALS, xr_stack, XR_STACK,
                           xr_frames, XR_FRAMES, xr_tables, 1024};
    xip_status st = xip_load(&inst, buf, m->n, &buffers);
    *offset = xip_error_offset(&inst);
    return st;
}

/* Expects buf to load with status want at offset want_at (any offset for XIP_OK). */
static void expect_load(const img *m, uint8_t *buf, xip_status want, uint32_t want_at, const char *what)
{
    uint32_t offset;
    xip_status st = load(m, buf, &offset);
    checks++;
    if (st != want || (want != XIP_OK && offset != want_at)) {
        printf("FAIL %s: %s at 0x%x, want %s at 0x%x\n", what, xip_status_name(st), (unsigned)offset,
               xip_status_name(want), (unsigned)want_at);
        failures++;
    }
}

/* Points the branch at image offset br to image offset to. */
static void aim(const img *m, uint8_t *buf, uint32_t br, uint32_t to)
{
    xip_write_u16(buf + target_field(m, br), (uint16_t)(int16_t)((int32_t)to - (int32_t)br));
}

static void test_targets(void)
{
    static uint8_t buf[1 << 16];
    img m;
    insns l;
    if (!compile(&m))
        return;
    list_insns(&m, &l);
    /* the branches, the first instruction of two bytes or more, and the last register instruction */
    uint32_t br[8], nbr = 0, wide = 0, reg = 0;
    for (uint32_t i = 0; i < l.count; i++) {
        uint32_t at = l.at[i], next = i + 1 < l.count ? l.at[i + 1] : l.end;
        if (target_field(&m, at) && nbr < 8)
            br[nbr++] = at;
        if (!wide && next - at >= 2)
            wide = at;
        if (ti_shape_of[m.b[at]] == XIP_SHAPE_RRR)
            reg = at;
    }
    if (nbr < 3 || !wide || !reg) {
        printf("FAIL setup: %u branches, a wide instruction at 0x%x, an RRR at 0x%x\n", (unsigned)nbr,
               (unsigned)wide, (unsigned)reg);
        failures++;
        return;
    }
    uint32_t last_br = br[nbr - 1], first_br = br[0];
    memcpy(buf, m.b, m.n);
    expect_load(&m, buf, XIP_OK, 0, "the image as compiled");

    /* the loop's backward branch into the middle of the first wide instruction */
    memcpy(buf, m.b, m.n);
    aim(&m, buf, last_br, wide + 1);
    expect_load(&m, buf, XIP_ERR_BAD_CODE, last_br, "a backward target inside an instruction");
    /* the first branch forward into the middle of the last instruction (it is at least 2 bytes: RET) */
    memcpy(buf, m.b, m.n);
    aim(&m, buf, first_br, l.at[l.count - 1] + 1);
    expect_load(&m, buf, XIP_ERR_BAD_CODE, first_br, "a forward target inside a later instruction");
    /* forward inside its own operands */
    memcpy(buf, m.b, m.n);
    aim(&m, buf, first_br, first_br + 1);
    expect_load(&m, buf, XIP_ERR_BAD_CODE, first_br, "a target inside the branch itself");
    /* one past the function's end, and one before its start */
    memcpy(buf, m.b, m.n);
    aim(&m, buf, first_br, l.end);
    expect_load(&m, buf, XIP_ERR_BAD_CODE, first_br, "a target at the function's end");
    memcpy(buf, m.b, m.n);
    aim(&m, buf, last_br, l.at[0] - 1);
    expect_load(&m, buf, XIP_ERR_BAD_CODE, last_br, "a target before the function");
    /* a branch to itself; every branch forward to the same start (the last instruction) */
    memcpy(buf, m.b, m.n);
    aim(&m, buf, last_br, last_br);
    expect_load(&m, buf, XIP_OK, 0, "a branch to itself");
    memcpy(buf, m.b, m.n);
    for (uint32_t i = 0; i + 1 < nbr; i++)
        aim(&m, buf, br[i], l.at[l.count - 1]);
    expect_load(&m, buf, XIP_OK, 0, "several forward branches to one start");
    /* two bad targets: the first branch is where the refusal points */
    memcpy(buf, m.b, m.n);
    aim(&m, buf, br[1], l.at[l.count - 1] + 1);
    aim(&m, buf, last_br, wide + 1);
    expect_load(&m, buf, XIP_ERR_BAD_CODE, br[1], "two bad targets: the first");
    /* a bad target, then a register outside the frame: the operand refusal wins, as it always did */
    if (reg > first_br) {
        memcpy(buf, m.b, m.n);
        aim(&m, buf, first_br, l.at[l.count - 1] + 1);
        buf[reg + 1] = 0xff;
        expect_load(&m, buf, XIP_ERR_BAD_CODE, reg, "a bad target before a bad register");
    }
    /* the last instruction may not fall through: that refusal comes before a bad target's */
    memcpy(buf, m.b, m.n);
    aim(&m, buf, first_br, wide + 1);
    buf[l.at[l.count - 1]] = XIP_OP_MOV; /* RET r, n -> MOV r, n: falls through */
    expect_load(&m, buf, XIP_ERR_BAD_CODE, l.at[l.count - 1], "a bad target and a last instruction that falls through");
    free(m.b);
}

int main(void)
{
    test_checksum();
    test_targets();
    if (failures) {
        printf("test_verify_walk: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("test_verify_walk: %d checks passed\n", checks);
    return 0;
}
