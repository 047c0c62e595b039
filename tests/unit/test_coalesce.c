/*
 * test_coalesce.c: the register allocation done in the liveness pass
 * (compiler/coalesce.c): movs coalesced away, movs that must stay, loop
 * invariants moved before their loop, and NLOCALS covering exactly the
 * locals read before they are written. Each case compiles a small .wat,
 * checks the program dump after the liveness pass, and runs the image with
 * the executor to check the values are unchanged.
 */
#include "pass_case.h"

/* Compiles wat, dumping after the liveness pass. */
static compiled build(const char *wat)
{
    return pass_case_build(wat, "liveness");
}

/* Checks that the dump holds the lines of expect, in order. */
static void expect_lines(const compiled *c, const char *expect)
{
    const char *at = c->dump;
    for (const char *line = expect; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char want[256];
        snprintf(want, sizeof want, "%.*s\n", (int)n, line);
        const char *hit = strstr(at, want);
        if (!CHECK(hit != NULL)) {
            printf("  missing \"%.*s\" (in order) in:\n%s\n", (int)n, line, c->dump);
            return;
        }
        at = hit + strlen(want);
        line += n + (end ? 1 : 0);
    }
}

/* A copy whose source dies there: both sides share a register, the mov goes. */
static void test_copy_coalesced(void)
{
    compiled c = build("(module (func (export \"f\") (param i32) (result i32) (local i32)"
                       " local.get 0 i32.const 1 i32.add local.set 1"
                       " local.get 1 local.set 0 local.get 0 local.get 0 i32.mul))");
    CHECK_EQ(count_lines(c.dump, "mov "), 0);
    expect_lines(&c, "  i32.add_i r1, r0, #1\n  i32.mul r2, r1, r1\n  ret r2, 1\n");
    expect_result(&c, "f", 4, 0, 1, 25);
    release(&c);
}

/* Touching live ranges: the source of the copy lives on, so the copy stays. */
static void test_copy_kept(void)
{
    compiled c = build("(module (func (export \"f\") (param i32) (result i32) (local i32)"
                       " local.get 0 local.set 1 local.get 1 i32.const 1 i32.add local.set 1"
                       " local.get 0 local.get 1 i32.add))");
    CHECK_EQ(count_lines(c.dump, "mov "), 1);
    expect_result(&c, "f", 5, 0, 1, 11);
    release(&c);
}

/*
 * A param overwritten while its old value waits on the operand stack: the
 * new value goes to another register instead of the old one being saved.
 */
static void test_overwritten_on_stack(void)
{
    compiled c = build("(module (func (export \"f\") (param i32) (result i32)"
                       " local.get 0 i32.const 1 local.set 0 local.get 0 i32.add"
                       " local.get 0 i32.mul))");
    CHECK_EQ(count_lines(c.dump, "mov "), 0);
    expect_result(&c, "f", 5, 0, 1, 6);
    release(&c);
    /* the same with a declared local and a tee inside an expression */
    c = build("(module (func (export \"f\") (param i32) (result i32) (local i32)"
              " i32.const 10 local.set 1"
              " local.get 1 local.get 0 local.get 0 i32.mul local.tee 1 i32.const 3 i32.shr_u i32.add"
              " local.get 1 i32.sub))");
    expect_result(&c, "f", 9, 0, 1, (uint32_t)(10 + (81 >> 3) - 81));
    release(&c);
}

/* Locals carried around a loop (a rotation: a, b = b, a + b) keep their values. */
static void test_loop_carried(void)
{
    const char *wat = "(module (func (export \"fib\") (param i32) (result i32) (local i32 i32 i32)"
                      " i32.const 0 local.set 1 i32.const 1 local.set 2"
                      " block loop local.get 0 i32.eqz br_if 1"
                      " local.get 1 local.get 2 i32.add local.set 3"
                      " local.get 2 local.set 1 local.get 3 local.set 2"
                      " local.get 0 i32.const 1 i32.sub local.set 0 br 0 end end local.get 1))";
    compiled c = build(wat);
    expect_result(&c, "fib", 0, 0, 1, 0);
    expect_result(&c, "fib", 1, 0, 1, 1);
    expect_result(&c, "fib", 10, 0, 1, 55);
    expect_result(&c, "fib", 30, 0, 1, 832040);
    release(&c);
}

/* Checks that the dump holds first, and second after it; prints why and the dump on failure. */
static void expect_before(const compiled *c, const char *first, const char *second, const char *why)
{
    const char *a = strstr(c->dump, first);
    const char *b = strstr(c->dump, second);
    if (!CHECK(a && b && a < b))
        printf("  %s:\n%s\n", why, c->dump);
}

/* A mask of a value the loop does not change is computed once, before the loop. */
static void test_invariant_hoisted(void)
{
    compiled c = build("(module (func (export \"f\") (param i32 i32) (result i32) (local i32)"
                       " block loop local.get 0 i32.eqz br_if 1"
                       " local.get 2 local.get 1 i32.const 255 i32.and i32.add local.set 2"
                       " local.get 0 i32.const -1 i32.add local.set 0 br 0 end end local.get 2))");
    expect_before(&c, "i32.and_i", "L2:", "the mask should come before the loop label");
    expect_result(&c, "f", 3, 0x1ff, 2, 3 * 255);
    expect_result(&c, "f", 0, 0x1ff, 2, 0);
    release(&c);
}

/* A loop entered by a branch (an else arm that starts with it): the invariant goes between the two labels. */
static void test_invariant_before_entered_loop(void)
{
    compiled c = build("(module (func (export \"f\") (param i32 i32) (result i32) (local i32)"
                       " local.get 1 i32.const 1000 i32.gt_u if i32.const 7 local.set 2 else"
                       " block loop local.get 0 i32.eqz br_if 1"
                       " local.get 2 local.get 1 i32.const 255 i32.and i32.add local.set 2"
                       " local.get 0 i32.const -1 i32.add local.set 0 br 0 end end end local.get 2))");
    expect_lines(&c, "L2:\n  i32.and_i r4, r1, #255\nL4:\n  jz r0, L3\n");
    expect_result(&c, "f", 3, 0x1ff, 2, 3 * 255);
    expect_result(&c, "f", 3, 5000, 2, 7);
    release(&c);
}

/* An instruction whose input the loop's first instruction (its header) writes is not invariant: it stays. */
static void test_input_written_at_header(void)
{
    compiled c = build("(module (func (export \"f\") (param i32 i32) (result i32) (local i32 i32)"
                       " loop local.get 0 i32.const 1 i32.add local.set 0"
                       " local.get 2 local.get 0 i32.const 5 i32.xor i32.add local.set 2"
                       " local.get 0 local.get 1 i32.lt_u br_if 0 end local.get 2))");
    expect_before(&c, "L1:", "i32.xor_i", "the xor should stay in the loop");
    expect_result(&c, "f", 0, 4, 2, (1 ^ 5) + (2 ^ 5) + (3 ^ 5) + (4 ^ 5));
    expect_result(&c, "f", 9, 0, 2, 10 ^ 5);
    release(&c);
}

/* An invariant only some iterations compute stays in the loop. */
static void test_conditional_invariant_stays(void)
{
    compiled c = build("(module (func (export \"f\") (param i32 i32) (result i32) (local i32)"
                       " block loop local.get 0 i32.eqz br_if 1"
                       " local.get 0 i32.const 1 i32.and if"
                       " local.get 2 local.get 1 i32.const 255 i32.and i32.add local.set 2 end"
                       " local.get 0 i32.const -1 i32.add local.set 0 br 0 end end local.get 2))");
    const char *mask = strstr(c.dump, ", r1, #255");
    const char *label = strstr(c.dump, "L2:");
    if (!CHECK(mask && label && mask > label))
        printf("  the conditional mask should stay in the loop:\n%s\n", c.dump);
    expect_result(&c, "f", 4, 0x1ff, 2, 2 * 255);
    release(&c);
}

/* An invariant hoisted out of a loop that calls stays below the call's frame base. */
static void test_invariant_with_call(void)
{
    compiled c = build("(module (func $id (param i32) (result i32) (local i32 i32)"
                       " i32.const 99 local.set 1 i32.const 98 local.set 2 local.get 0)"
                       " (func (export \"f\") (param i32 i32) (result i32) (local i32)"
                       " block loop local.get 0 i32.eqz br_if 1"
                       " local.get 2 local.get 1 i32.const 0x70 i32.xor call $id i32.add local.set 2"
                       " local.get 0 i32.const -1 i32.add local.set 0 br 0 end end local.get 2))");
    expect_result(&c, "f", 5, 7, 2, 5 * (7 ^ 0x70));
    release(&c);
}

/*
 * A call argument written on two paths, one of them a copy: the then arm's
 * block end joins its value before the call pins it, and the pin must reach
 * the whole web (fuzz_diff seed 1903766: the web moved into local 0's
 * register and the call read a stale argument).
 */
static void test_call_argument_after_branch(void)
{
    compiled c = build("(module (func $id (param i64) (result i64) local.get 0)"
                       " (func (export \"f\") (param i64 i32) (result i64)"
                       " local.get 1 if (result i64) block (result i64) i64.const 7 end"
                       " else i64.const 5 local.tee 0 end call $id))");
    expect_result(&c, "f", 1, 1, 2, 7);
    expect_result(&c, "f", 1, 0, 2, 5);
    release(&c);
}

/*
 * A copy of a call's result that lives across a second call taking and
 * returning nothing: the copy may not move into the result's register,
 * which is the second call's frame base (the callee zeroes its local
 * there), so the copy stays below the base.
 */
static void test_copy_across_call(void)
{
    compiled c = build("(module (global $g (mut i32) (i32.const 0))"
                       " (func $id (param i32) (result i32) (local.get 0))"
                       " (func $zero (local i32) (global.set $g (i32.add (global.get $g) (local.get 0))))"
                       " (func (export \"f\") (param i32) (result i32) (local i32)"
                       " (local.set 1 (call $id (local.get 0))) (call $zero) (local.get 1)))");
    expect_result(&c, "f", 41, 0, 1, 41);
    expect_result(&c, "f", 0xdeadbeef, 0, 1, 0xdeadbeef);
    release(&c);
}

/*
 * NLOCALS ends after the last local read before it is written: those are
 * zeroed at entry, the others are not (the run fills the stack with junk).
 */
static void test_zeroed_locals(void)
{
    compiled c = build("(module (func (export \"f\") (param i32) (result i32) (local i32 i32 i32)"
                       " local.get 0 local.set 3 local.get 3 local.get 2 i32.add local.get 3 i32.mul))");
    CHECK(strstr(c.dump, "func 0: type 0, params 1, results 1, locals 3, frame") != NULL);
    expect_result(&c, "f", 6, 0, 1, 36);
    release(&c);
    c = build("(module (func (export \"f\") (param i32) (result i32) (local i32 i32)"
              " local.get 0 i32.const 2 i32.mul local.set 1 local.get 1 local.get 1 i32.add local.set 2 local.get 2))");
    CHECK(strstr(c.dump, "func 0: type 0, params 1, results 1, locals 1, frame") != NULL);
    expect_result(&c, "f", 6, 0, 1, 24);
    release(&c);
    /* a callee that dirties its frame, then one that reads a local it never wrote, at the same base */
    c = build("(module (func $dirty (param i32) (result i32) (local i32 i32 i32)"
              " i32.const 1234 local.set 1 i32.const 1234 local.set 2 i32.const 1234 local.set 3"
              " local.get 1 local.get 2 i32.add local.get 3 i32.add)"
              " (func $clean (param i32) (result i32) (local i32 i32 i32)"
              " local.get 0 local.set 1 local.get 3 local.get 1 i32.add)"
              " (func (export \"f\") (param i32) (result i32)"
              " local.get 0 call $dirty drop local.get 0 call $clean))");
    expect_result(&c, "f", 7, 0, 1, 7);
    release(&c);
}

static const check_case cases[] = {
    {"copy_coalesced", test_copy_coalesced},
    {"copy_kept", test_copy_kept},
    {"overwritten_on_stack", test_overwritten_on_stack},
    {"loop_carried", test_loop_carried},
    {"invariant_hoisted", test_invariant_hoisted},
    {"invariant_before_entered_loop", test_invariant_before_entered_loop},
    {"input_written_at_header", test_input_written_at_header},
    {"conditional_invariant_stays", test_conditional_invariant_stays},
    {"invariant_with_call", test_invariant_with_call},
    {"copy_across_call", test_copy_across_call},
    {"zeroed_locals", test_zeroed_locals},
    {"call_argument_after_branch", test_call_argument_after_branch},
};

int main(int argc, char **argv)
{
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
