/*
 * test_locals.c: register allocation under pressure, through the real
 * compile and run path, against values computed in C:
 *  - chains of hundreds of locals whose live ranges touch (each dies in the
 *    instruction that defines the next), so slot sharing must reuse a slot
 *    exactly when one range ends where another starts;
 *  - frames of 240..270 locals that are all live at once (far slots), with
 *    a call whose frame base lands around register 256 (CALL and CALL_WIDE),
 *    and a three-register operand (table.copy, table.init) whose slots lie
 *    just below, across and above the 256-register line;
 *  - the same shapes with a small register limit (max_regs), which forces
 *    far slots and scratch registers in small functions.
 * Prints one line per failure; exits non-zero on failure.
 */
#include "xrun.h"

static int failures;
static long checks;

static void expect(int ok, const char *what, unsigned n, unsigned limit, uint64_t got, uint64_t want)
{
    checks++;
    if (!ok && failures++ < 40)
        printf("FAIL %s (locals %u, register limit %u): got 0x%llx, want 0x%llx\n", what, n, limit,
               (unsigned long long)got, (unsigned long long)want);
}

/* The chain step for local i from the two before it. */
static uint32_t chain_step(unsigned i, uint32_t a, uint32_t b)
{
    switch (i % 4) {
    case 0: return a * 3u + b;
    case 1: return a ^ (b >> 1);
    case 2: return a - b * 5u;
    default: return (a << 7 | a >> 25) + b;
    }
}

static void chain_wat(xr_text *t, unsigned n)
{
    static const char *const step[] = {
        "(i32.add (i32.mul (local.get %u) (i32.const 3)) (local.get %u))",
        "(i32.xor (local.get %u) (i32.shr_u (local.get %u) (i32.const 1)))",
        "(i32.sub (local.get %u) (i32.mul (local.get %u) (i32.const 5)))",
        "(i32.add (i32.rotl (local.get %u) (i32.const 7)) (local.get %u))",
    };
    xr_add(t, "(func (export \"chain\") (param i32 i32) (result i32) (local");
    for (unsigned i = 2; i < n; i++)
        xr_add(t, " i32");
    xr_add(t, ")\n");
    for (unsigned i = 2; i < n; i++) {
        xr_add(t, "(local.set %u ", i);
        xr_add(t, step[i % 4], i - 1, i - 2);
        xr_add(t, ")\n");
    }
    xr_add(t, "(local.get %u))\n", n - 1);
}

/* All n locals live at once, a call in the middle, then a checksum. */
static void wide_wat(xr_text *t, unsigned n)
{
    xr_add(t, "(func $g (param i32 i32 i32) (result i32)"
              " (i32.sub (i32.add (i32.mul (local.get 0) (i32.const 7)) (i32.mul (local.get 1) (i32.const 3))) (local.get 2)))\n");
    xr_add(t, "(func (export \"wide\") (param i32) (result i32) (local");
    for (unsigned i = 1; i < n; i++)
        xr_add(t, " i32");
    xr_add(t, ") (local.set 0 (local.get 0))\n");
    for (unsigned i = 1; i < n; i++)
        xr_add(t, "(local.set %u (i32.add (local.get %u) (i32.const %u)))\n", i, i - 1, i * 2654435761u >> 20);
    /* the call's args are operand stack temps above every local */
    xr_add(t, "(local.set 1 (call $g (local.get %u) (local.get %u) (local.get 1)))\n", n - 1, n / 2);
    xr_add(t, "(local.get 0)\n");
    for (unsigned i = 1; i < n; i++)
        xr_add(t, "(i32.add (i32.mul (i32.const 31)) (local.get %u))\n", i);
    xr_add(t, ")\n");
}

static uint32_t wide_ref(unsigned n, uint32_t p)
{
    uint32_t l[1024];
    l[0] = p;
    for (unsigned i = 1; i < n; i++)
        l[i] = l[i - 1] + (uint32_t)(i * 2654435761u >> 20);
    l[1] = l[n - 1] * 7u + l[n / 2] * 3u - l[1];
    uint32_t acc = l[0];
    for (unsigned i = 1; i < n; i++)
        acc = acc * 31u + l[i];
    return acc;
}

/*
 * n locals all live across a table.copy and a table.init whose three
 * operands are the operand stack temps right above the locals; then the
 * table is read back through call_indirect.
 */
static void table_wat(xr_text *t, unsigned n)
{
    xr_add(t, "(type $v (func (result i32)))\n(table $t 8 funcref)\n"
              "(elem $e func $f0 $f1 $f2 $f3 $f4 $f5 $f6 $f7)\n(elem (table $t) (i32.const 0) func $f0 $f1 $f2 $f3 $f4 $f5 $f6 $f7)\n");
    for (unsigned i = 0; i < 8; i++)
        xr_add(t, "(func $f%u (result i32) (i32.const %u))\n", i, 100 + i);
    xr_add(t, "(func (export \"tables\") (param i32) (result i32) (local");
    for (unsigned i = 1; i < n; i++)
        xr_add(t, " i32");
    xr_add(t, ")\n");
    for (unsigned i = 1; i < n; i++)
        xr_add(t, "(local.set %u (i32.add (local.get %u) (i32.const 1)))\n", i, i - 1);
    /* dst 0 <- src p+4 (p is 0), 2 entries; then dst 6 <- elem 1..2 */
    xr_add(t, "(table.copy (i32.const 0) (i32.add (local.get 0) (i32.const 4)) (i32.const 2))\n");
    xr_add(t, "(table.init $t $e (i32.const 6) (i32.add (local.get 0) (i32.const 1)) (i32.const 2))\n");
    xr_add(t, "(i32.add (i32.mul (call_indirect (type $v) (i32.const 0)) (i32.const 1000))"
              " (call_indirect (type $v) (i32.const 1)))\n");
    xr_add(t, "(i32.add (i32.mul (call_indirect (type $v) (i32.const 6)) (i32.const 1000))"
              " (call_indirect (type $v) (i32.const 7)))\n(i32.mul (i32.const 1000000)) (i32.add)\n");
    for (unsigned i = 1; i < n; i++)
        xr_add(t, "(local.get %u) (i32.add)\n", i);
    xr_add(t, ")\n");
}

static uint32_t table_ref(unsigned n)
{
    uint32_t sum = 104105u + 101102u * 1000000u, l = 0;
    for (unsigned i = 1; i < n; i++)
        sum += ++l;
    return sum;
}

static uint32_t chain_ref(unsigned n, uint32_t p0, uint32_t p1)
{
    uint32_t a = p1, b = p0;
    for (unsigned i = 2; i < n; i++) {
        uint32_t c = chain_step(i, a, b);
        b = a;
        a = c;
    }
    return a;
}

/* Builds and runs the three shapes with n locals under the register limit. */
static void run_shapes(unsigned n, unsigned limit)
{
    xr_text t = {0};
    xr_add(&t, "(module\n");
    chain_wat(&t, n);
    wide_wat(&t, n);
    table_wat(&t, n);
    xr_add(&t, ")\n");
    xr_module m;
    if (!xr_load(&m, t.s, limit)) {
        printf("FAIL load (locals %u, limit %u)\n", n, limit);
        failures++;
        free(t.s);
        return;
    }
    static const uint32_t params[][2] = {{0, 0}, {1, 2}, {0x80000000u, 0xffffffffu}, {12345, 678}};
    for (unsigned i = 0; i < 4; i++) {
        uint64_t args[2] = {params[i][0], params[i][1]}, got;
        xip_status st = xr_call(&m, "chain", args, 2, &got);
        uint32_t want = chain_ref(n, params[i][0], params[i][1]);
        expect(st == XIP_OK && got == want, "chain of touching live ranges", n, limit, got, want);
        st = xr_call(&m, "wide", args, 1, &got);
        want = wide_ref(n, params[i][0]);
        expect(st == XIP_OK && got == want, "all locals live across a call", n, limit, got, want);
    }
    uint64_t zero = 0, got;
    xip_status st = xr_call(&m, "tables", &zero, 1, &got);
    expect(st == XIP_OK && got == table_ref(n), "table.copy/table.init beside many live locals", n, limit, got,
           table_ref(n));
    xr_free(&m);
    free(t.s);
}

int main(void)
{
    /* around the 256-register line with the default limit */
    for (unsigned n = 244; n <= 262; n++)
        run_shapes(n, 0);
    run_shapes(300, 0);
    run_shapes(600, 0);
    /* small limits: far slots and scratch registers in small functions */
    for (unsigned n = 6; n <= 14; n++)
        run_shapes(n, 10);
    run_shapes(40, 8);
    run_shapes(40, 16);
    if (failures) {
        printf("test_locals: %d of %ld checks failed\n", failures, checks);
        return 1;
    }
    printf("test_locals: %ld checks passed\n", checks);
    return 0;
}
