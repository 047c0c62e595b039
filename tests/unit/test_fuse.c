/*
 * test_fuse.c: the fuse pass (compiler/fuse.c): i32.add_i then jnz or jz on
 * its own result becomes one i32.add_i_jnz / i32.add_i_jz; pairs split by a
 * label, or where the add writes another register, stay apart. Each case
 * compiles a small .wat, checks the program dump after the fuse pass, and
 * runs the image on edge values (wrap-around at 2^32, the 16-bit immediate
 * extremes) to check the results against C. Also i32.shr_u_i then i32.and_i
 * on the shifted value, fused into i32.shr_u_and_i when the shifted value is
 * dead after the pair; i32.mul then i32.add of the product into
 * i32.mul_add; two in-place i32.add_i of two registers (a loop latch) into
 * i32.add_i2. Also built in the switch variants (test_fuse-switch, ...),
 * whose fused handlers differ.
 */
#include "pass_case.h"

/* Compiles wat, dumping after the fuse pass. */
static compiled build(const char *wat)
{
    return pass_case_build(wat, "fuse");
}

/*
 * A counted loop: x += K until x is 0, counting the rounds. The add and the
 * backward br_if fuse into i32.add_i_jnz.
 */
static const char *countdown(int k, char *wat, size_t size)
{
    snprintf(wat, size,
             "(module (func (export \"f\") (param i32) (result i32) (local i32)"
             " loop local.get 1 i32.const 1 i32.add local.set 1"
             " local.get 0 i32.const %d i32.add local.tee 0 br_if 0 end local.get 1))", k);
    return wat;
}

static void test_add_jnz(void)
{
    /* K, a start value, the rounds until x + K*rounds wraps to 0 */
    static const struct { int k; uint32_t start; uint32_t rounds; } cases[] = {
        {-1, 1, 1}, {-1, 3, 3}, {1, 0xffffffffu, 1}, {1, 0xfffffffdu, 3},
        {32767, 0xffff0002u, 2}, {-32768, 0x10000u, 2}, {-32768, 0x8000u, 1},
        {2, 0xfffffffeu, 1}, {-2, 6, 3}, {0x7ff0, 0xffff0020u, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char wat[512];
        compiled c = build(countdown(cases[i].k, wat, sizeof wat));
        char want[64];
        snprintf(want, sizeof want, "i32.add_i_jnz r0, #%d, ", cases[i].k);
        if (!CHECK_EQ(count_lines(c.dump, want), 1))
            printf("  expected \"%s\" in:\n%s\n", want, c.dump);
        CHECK_EQ(count_lines(c.dump, "  jnz "), 0);
        expect_result(&c, "f", cases[i].start, 0, 1, cases[i].rounds);
        release(&c);
    }
}

/*
 * The add then an if on its result: the if branches to its else arm when the
 * result is 0, so the pair becomes i32.add_i_jz. Returns the new x, plus
 * 0x1000 when it is not 0 (the then arm).
 */
static void test_add_jz(void)
{
    static const int ks[] = {1, -1, 32767, -32768, 0};
    static const uint32_t xs[] = {0, 1, 0xffffffffu, 0x8000u, 0xffff8001u, 0x80000000u, 0xffff8000u};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        char wat[512];
        snprintf(wat, sizeof wat,
                 "(module (func (export \"f\") (param i32) (result i32)"
                 " local.get 0 i32.const %d i32.add local.tee 0"
                 " if (result i32) local.get 0 i32.const 4096 i32.or else local.get 0 end))", ks[i]);
        compiled c = build(wat);
        char want[64];
        snprintf(want, sizeof want, "i32.add_i_jz r0, #%d, ", ks[i]);
        if (ks[i] != 0 && !CHECK_EQ(count_lines(c.dump, want), 1))
            printf("  expected \"%s\" in:\n%s\n", want, c.dump);
        for (size_t j = 0; j < sizeof xs / sizeof xs[0]; j++) {
            uint32_t x = xs[j] + (uint32_t)ks[i];
            expect_result(&c, "f", xs[j], 0, 1, x != 0 ? (x | 0x1000u) : 0);
        }
        release(&c);
    }
}

/* A label between the add and the branch (a loop starts there): they stay two instructions. */
static void test_label_between(void)
{
    compiled c = build("(module (func (export \"f\") (param i32) (result i32) (local i32)"
                       " block $out local.get 0 i32.const -1 i32.add local.set 0"
                       " loop $l local.get 0 br_if $out"
                       " local.get 1 i32.const 1 i32.add local.set 1 i32.const 1 local.set 0 br $l end end"
                       " local.get 1))");
    CHECK_EQ(count_lines(c.dump, "i32.add_i_j"), 0);
    CHECK_EQ(count_lines(c.dump, "i32.add_i r0, r0, #-1"), 1);
    expect_result(&c, "f", 1, 0, 1, 1);
    expect_result(&c, "f", 5, 0, 1, 0);
    release(&c);
}

/* The add writes another register than it reads: no fused form has room for both. */
static void test_other_register(void)
{
    compiled c = build("(module (func (export \"f\") (param i32) (result i32) (local i32)"
                       " block $out local.get 0 i32.const 1 i32.add local.tee 1 br_if $out"
                       " i32.const 7 return end local.get 1 local.get 0 i32.add))");
    CHECK_EQ(count_lines(c.dump, "i32.add_i_j"), 0);
    expect_result(&c, "f", 0xffffffffu, 0, 1, 7);
    expect_result(&c, "f", 4, 0, 1, 9);
    release(&c);
}

/* Inputs for the shift-and-mask cases: the bit patterns where a wrong shift or mask shows. */
static const uint32_t sm_inputs[] = {0, 1, 0xffffffffu, 0x80000000u, 0x7fffffffu, 0x12345678u, 0xdeadbeefu, 0xffff0000u, 0x0000ffffu};

/* (x >> s) & m in C, with Wasm's shift count modulo 32. */
static uint32_t shr_and(uint32_t x, int s, int m)
{
    return (x >> (s & 31)) & (uint32_t)m;
}

/*
 * Shift then mask, on the shift result straight away (the mask writes the same
 * register) and through a local (the shifted value dies when the next
 * instruction overwrites its register): both fuse; shift counts 0, 31 and 32
 * (modulo 32), masks at the 16-bit immediate's extremes and -1.
 */
static void test_shr_and(void)
{
    static const int shifts[] = {0, 1, 3, 16, 31, 32, 33};
    static const int masks[] = {1, 15, 255, 32767, -1, -32768, -256};
    for (size_t i = 0; i < sizeof shifts / sizeof shifts[0]; i++)
        for (size_t j = 0; j < sizeof masks / sizeof masks[0]; j++) {
            char wat[512];
            snprintf(wat, sizeof wat,
                     "(module (func (export \"f\") (param i32) (result i32)"
                     " local.get 0 i32.const %d i32.shr_u i32.const %d i32.and)"
                     " (func (export \"g\") (param i32 i32) (result i32) (local i32)"
                     " local.get 0 i32.const %d i32.shr_u i32.const %d i32.and local.set 2"
                     " local.get 1 local.get 0 i32.add local.get 2 i32.xor))",
                     shifts[i], masks[j], shifts[i], masks[j]);
            compiled c = build(wat);
            if (!CHECK_EQ(count_lines(c.dump, "i32.shr_u_and_i "), 2) || !CHECK_EQ(count_lines(c.dump, "i32.shr_u_i "), 0))
                printf("  dump:\n%s\n", c.dump);
            for (size_t k = 0; k < sizeof sm_inputs / sizeof sm_inputs[0]; k++) {
                uint32_t x = sm_inputs[k], y = 0x5a5a5a5au;
                expect_result(&c, "f", x, 0, 1, shr_and(x, shifts[i], masks[j]));
                expect_result(&c, "g", x, y, 2, (uint32_t)(y + x) ^ shr_and(x, shifts[i], masks[j]));
            }
            release(&c);
        }
}

/* The shifted value is read again after the mask: the pair stays apart. */
static void test_shr_and_kept(void)
{
    compiled c = build("(module (func (export \"f\") (param i32) (result i32) (local i32)"
                       " local.get 0 i32.const 7 i32.shr_u local.tee 1 i32.const 255 i32.and local.get 1 i32.add))");
    CHECK_EQ(count_lines(c.dump, "i32.shr_u_and_i "), 0);
    CHECK_EQ(count_lines(c.dump, "i32.shr_u_i "), 1);
    for (size_t k = 0; k < sizeof sm_inputs / sizeof sm_inputs[0]; k++) {
        uint32_t x = sm_inputs[k];
        expect_result(&c, "f", x, 0, 1, (uint32_t)(((x >> 7) & 255) + (x >> 7)));
    }
    release(&c);
}

/* Inputs for the multiply-add cases: products that wrap at 2^32, the sign bit, all ones. */
static const uint32_t ma_inputs[] = {0, 1, 3, 0xffffffffu, 0x80000000u, 0x7fffffffu, 0x10000u, 0xffffu, 0xdeadbeefu};

/*
 * a * b + c with the product as the add's first operand and as its second,
 * and through a local the next instruction overwrites: all three fuse into
 * i32.mul_add; every result is checked against C's wrapping u32 arithmetic.
 */
static void test_mul_add(void)
{
    compiled c = build("(module (func (export \"f\") (param i32 i32 i32) (result i32)"
                       " local.get 0 local.get 1 i32.mul local.get 2 i32.add)"
                       " (func (export \"g\") (param i32 i32 i32) (result i32)"
                       " local.get 2 local.get 0 local.get 1 i32.mul i32.add)"
                       " (func (export \"h\") (param i32 i32 i32) (result i32) (local i32)"
                       " local.get 0 local.get 1 i32.mul local.set 3 local.get 3 local.get 2 i32.add local.set 3"
                       " local.get 3 local.get 0 i32.xor))");
    if (!CHECK_EQ(count_lines(c.dump, "i32.mul_add "), 3) || !CHECK_EQ(count_lines(c.dump, "i32.mul "), 0))
        printf("  dump:\n%s\n", c.dump);
    for (size_t i = 0; i < sizeof ma_inputs / sizeof ma_inputs[0]; i++)
        for (size_t j = 0; j < sizeof ma_inputs / sizeof ma_inputs[0]; j++) {
            uint32_t a = ma_inputs[i], b = ma_inputs[j], k = ma_inputs[(i + j) % 9];
            uint64_t args[3] = {a, b, k};
            uint32_t want = a * b + k;
            expect_results(&c, "f", args, 3, want);
            expect_results(&c, "g", args, 3, want);
            expect_results(&c, "h", args, 3, want ^ a);
        }
    release(&c);
}

/* The product is read again after the add, or added to itself: the pair stays apart. */
static void test_mul_add_kept(void)
{
    compiled c = build("(module (func (export \"f\") (param i32 i32 i32) (result i32) (local i32)"
                       " local.get 0 local.get 1 i32.mul local.tee 3 local.get 2 i32.add local.get 3 i32.xor)"
                       " (func (export \"g\") (param i32 i32) (result i32) (local i32)"
                       " local.get 0 local.get 1 i32.mul local.tee 2 local.get 2 i32.add))");
    CHECK_EQ(count_lines(c.dump, "i32.mul_add "), 0);
    CHECK_EQ(count_lines(c.dump, "i32.mul "), 2);
    for (size_t i = 0; i < sizeof ma_inputs / sizeof ma_inputs[0]; i++) {
        uint32_t a = ma_inputs[i], b = ma_inputs[(i + 4) % 9], k = 0x9e3779b9u;
        uint64_t args[3] = {a, b, k};
        expect_results(&c, "f", args, 3, (a * b + k) ^ (a * b));
        expect_results(&c, "g", args, 2, 2u * (a * b));
    }
    release(&c);
}

/*
 * Two parameters stepped by immediates one after the other, then combined
 * into an i64 (x in the high half): the steps fuse into one i32.add_i2;
 * steps at the 16-bit immediate's extremes, values wrapping at 2^32.
 */
static void test_add_i2(void)
{
    static const int ks[] = {1, -1, 4, 32767, -32768};
    static const uint32_t xs[] = {0, 1, 0xffffffffu, 0x80000000u, 0x7fffffffu, 0xffff8000u, 0x7fffu};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++)
        for (size_t j = 0; j < sizeof ks / sizeof ks[0]; j++) {
            char wat[512];
            snprintf(wat, sizeof wat,
                     "(module (func (export \"f\") (param i32 i32) (result i64)"
                     " local.get 0 i32.const %d i32.add local.set 0 local.get 1 i32.const %d i32.add local.set 1"
                     " local.get 0 i64.extend_i32_u i64.const 32 i64.shl local.get 1 i64.extend_i32_u i64.or))",
                     ks[i], ks[j]);
            compiled c = build(wat);
            if (!CHECK_EQ(count_lines(c.dump, "i32.add_i2 "), 1) || !CHECK_EQ(count_lines(c.dump, "i32.add_i "), 0))
                printf("  dump:\n%s\n", c.dump);
            for (size_t k = 0; k < sizeof xs / sizeof xs[0]; k++) {
                uint32_t x = xs[k], y = xs[(k + 3) % 7];
                uint64_t want = (uint64_t)(uint32_t)(x + (uint32_t)ks[i]) << 32 | (uint32_t)(y + (uint32_t)ks[j]);
                expect_result(&c, "f", x, y, 2, want);
            }
            release(&c);
        }
}

/*
 * A loop latch stepping a counter and a pointer (the most frequent pair in
 * the corpus), and one register stepped twice: the second step reads the
 * first's result. Both fuse; the results are checked.
 */
static void test_add_i2_loop(void)
{
    compiled c = build("(module (memory 1) (func (export \"f\") (param i32) (result i32) (local i32 i32)"
                       " i32.const 64 local.set 2"
                       " loop $l local.get 2 local.get 1 i32.store local.get 1 i32.const 1 i32.add local.set 1"
                       " local.get 2 i32.const 4 i32.add local.set 2"
                       " local.get 1 local.get 0 i32.lt_u br_if $l end"
                       " local.get 2 i32.const -4 i32.add i32.load local.get 2 i32.add)"
                       " (func (export \"g\") (param i32) (result i32)"
                       " local.get 0 i32.const 32767 i32.add local.set 0"
                       " local.get 0 i32.const 32767 i32.add local.set 0 local.get 0))");
    if (!CHECK_EQ(count_lines(c.dump, "i32.add_i2 "), 2))
        printf("  dump:\n%s\n", c.dump);
    static const uint32_t ns[] = {1, 2, 7, 100};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) /* last stored: n - 1 at 64 + 4 (n - 1); ends at 64 + 4 n */
        expect_result(&c, "f", ns[i], 0, 1, (ns[i] - 1) + 64 + 4 * ns[i]);
    static const uint32_t xs[] = {0, 0xffffffffu, 0xffff0002u, 0x80000000u};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++)
        expect_result(&c, "g", xs[i], 0, 1, (uint32_t)(xs[i] + 65534u));
    release(&c);
}

/* The shifted value is read by the instruction after the mask, which also overwrites it: the pair stays apart. */
static void test_shr_and_read_and_written(void)
{
    compiled c = build("(module (func (export \"f\") (param i32 i32) (result i32) (local i32)"
                       " local.get 0 i32.const 7 i32.shr_u local.tee 2 i32.const 255 i32.and"
                       " local.get 2 i32.add local.set 2 local.get 2 local.get 1 i32.mul))");
    CHECK_EQ(count_lines(c.dump, "i32.shr_u_and_i "), 0);
    for (size_t k = 0; k < sizeof sm_inputs / sizeof sm_inputs[0]; k++) {
        uint32_t x = sm_inputs[k];
        expect_result(&c, "f", x, 3, 2, (uint32_t)(((x >> 7) & 255) + (x >> 7)) * 3u);
    }
    release(&c);
}

static const check_case cases[] = {
    {"mul_add", test_mul_add},
    {"mul_add_kept", test_mul_add_kept},
    {"add_i2", test_add_i2},
    {"add_i2_loop", test_add_i2_loop},
    {"shr_and", test_shr_and},
    {"shr_and_kept", test_shr_and_kept},
    {"shr_and_read_and_written", test_shr_and_read_and_written},
    {"add_jnz", test_add_jnz},
    {"add_jz", test_add_jz},
    {"label_between", test_label_between},
    {"other_register", test_other_register},
};

int main(int argc, char **argv)
{
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
