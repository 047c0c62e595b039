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
 *    far slots and scratch registers in small functions;
 *  - locals start at zero even where an earlier call left values; global
 *    indices above 255; the call-frame limit and the register stack used
 *    exactly to the last frame and slot, and one past.
 * Prints one line per failure; exits non-zero on failure.
 */
#include "xrun.h"
#include "image_parts.h"

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

/*
 * n locals live only across a loop's back edge (each is read in the body
 * before it is written, and not after the loop): a temporary defined late in
 * the body must not take one of their slots.
 */
static void loop_wat(xr_text *t, unsigned n)
{
    xr_add(t, "(func (export \"loop\") (param i32) (result i32) (local $k i32) (local $t i32) (local $acc i32) (local");
    for (unsigned i = 0; i < n; i++)
        xr_add(t, " i32");
    xr_add(t, ")\n");
    for (unsigned i = 0; i < n; i++)
        xr_add(t, "(local.set %u (i32.add (local.get 0) (i32.const %u)))\n", i + 4, i * 7 + 1);
    xr_add(t, "(loop $l\n");
    for (unsigned i = 0; i + 1 < n; i++) /* l[i] = l[i] * 3 + l[i + 1] */
        xr_add(t, "(local.set %u (i32.add (i32.mul (local.get %u) (i32.const 3)) (local.get %u)))\n", i + 4, i + 4, i + 5);
    /* a temporary defined after the last read of l[n-1] in the body: only the back edge keeps l[n-1] live */
    xr_add(t, "(local.set $t (i32.xor (local.get 4) (local.get 5)))\n"
              "(local.set $acc (i32.add (i32.rotl (local.get $acc) (i32.const 5)) (local.get $t)))\n");
    xr_add(t, "(local.set $k (i32.add (local.get $k) (i32.const 1)))\n"
              "(br_if $l (i32.lt_u (local.get $k) (i32.const 5))))\n(local.get $acc))\n");
}

static uint32_t loop_ref(unsigned n, uint32_t p)
{
    uint32_t l[1024] = {0};
    for (unsigned i = 0; i < n; i++)
        l[i] = p + i * 7u + 1;
    uint32_t acc = 0;
    for (int k = 0; k < 5; k++) {
        for (unsigned i = 0; i + 1 < n; i++)
            l[i] = l[i] * 3u + l[i + 1];
        acc = (acc << 5 | acc >> 27) + (l[0] ^ l[1]);
    }
    return acc;
}

/* Builds and runs the three shapes with n locals under the register limit. */
static void run_shapes(unsigned n, unsigned limit)
{
    xr_text t = {0};
    xr_add(&t, "(module\n");
    chain_wat(&t, n);
    wide_wat(&t, n);
    table_wat(&t, n);
    loop_wat(&t, n);
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
        st = xr_call(&m, "loop", args, 1, &got);
        want = loop_ref(n, params[i][0]);
        expect(st == XIP_OK && got == want, "locals live across a loop's back edge", n, limit, got, want);
    }
    uint64_t zero = 0, got;
    xip_status st = xr_call(&m, "tables", &zero, 1, &got);
    expect(st == XIP_OK && got == table_ref(n), "table.copy/table.init beside many live locals", n, limit, got,
           table_ref(n));
    xr_free(&m);
    free(t.s);
}

/* Locals are zero in a frame an earlier call dirtied; globals beyond index 255. */
static void test_fresh_locals_and_globals(void)
{
    xr_text t = {0};
    xr_add(&t, "(module\n");
    for (unsigned g = 0; g < 300; g++)
        xr_add(&t, "(global $g%u (mut i64) (i64.const %u))\n", g, g * 3 + 1);
    xr_add(&t, "(func (export \"dirty\") (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)\n");
    for (unsigned i = 0; i < 10; i++)
        xr_add(&t, "(local.set %u (i64.const -1))\n", i);
    xr_add(&t, "(global.set $g299 (i64.add (local.get 9) (local.get 8))))\n"
               "(func (export \"fresh\") (result i64) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)\n"
               "(i64.or (i64.or (i64.or (local.get 0) (local.get 1)) (i64.or (local.get 2) (local.get 3)))"
               " (i64.or (i64.or (i64.or (local.get 4) (local.get 5)) (i64.or (local.get 6) (local.get 7)))"
               " (i64.or (local.get 8) (local.get 9)))))\n"
               "(func (export \"globals\") (result i64)\n"
               " (global.set $g290 (i64.add (global.get $g256) (global.get $g255)))\n"
               " (i64.add (i64.mul (global.get $g290) (i64.const 1000)) (global.get $g299))))\n");
    xr_module m;
    if (!xr_load(&m, t.s, 0)) {
        failures++;
        free(t.s);
        return;
    }
    uint64_t got;
    xip_status st = xr_call(&m, "globals", NULL, 0, &got);
    expect(st == XIP_OK && got == (256u * 3 + 1 + 255u * 3 + 1) * 1000u + 299u * 3 + 1, "globals 255, 256, 290, 299",
           300, 0, got, (256u * 3 + 1 + 255u * 3 + 1) * 1000u + 299u * 3 + 1);
    xr_call(&m, "dirty", NULL, 0, NULL);
    st = xr_call(&m, "fresh", NULL, 0, &got);
    expect(st == XIP_OK && got == 0, "i64 locals start at zero after a call left -1 in their slots", 10, 0, got, 0);
    xr_free(&m);
    free(t.s);
}

/* Loads wat with the given register stack and call-frame capacity; calls rec(n). */
static xip_status call_limited(const uint8_t *image, size_t size, uint32_t slots, uint32_t frames, uint64_t n,
                               uint64_t *got)
{
    static xip_instance inst;
    xip_buffers buffers = {xr_memory, sizeof xr_memory, xr_globals, XR_GLOBALS, xr_stack, slots,
                           xr_frames, frames, xr_tables, 1024};
    xip_status st = xip_load(&inst, image, (uint32_t)size, &buffers);
    if (st == XIP_OK)
        st = xip_instantiate(&inst);
    int32_t f = st == XIP_OK ? xip_find_export(&inst, "rec", 3, XIP_EXTERN_FUNC) : -1;
    if (f < 0)
        return st == XIP_OK ? XIP_ERR_ARGUMENT : st;
    xip_set_fuel(&inst, 0xffffffffu);
    st = xip_call(&inst, (uint32_t)f, &n, 1);
    uint32_t count = 0;
    const uint64_t *r = st == XIP_OK ? xip_results(&inst, &count) : NULL;
    *got = r && count ? r[0] : 0;
    return st;
}

/* rec(n) nests n calls: the frame limit and the register stack, exactly and one past. */
static void test_call_limits(void)
{
    static const char wat[] = "(module (func $rec (export \"rec\") (param i32) (result i32)\n"
                              " (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
                              "  (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1))))))))\n";
    size_t size = 0, isize = 0;
    uint8_t *wasm = test_assemble(wat, "", &size), *image = NULL;
    xc_options options = {XC_PASS_NONE, NULL, 0};
    xc_error error;
    memset(&error, 0, sizeof error);
    if (!wasm || !xc_compile(wasm, size, &options, &image, &isize, &error)) {
        printf("FAIL compile rec: %s\n", error.message);
        failures++;
        free(wasm);
        return;
    }
    free(wasm);
    uint64_t got;
    /* frames: the outermost call needs none, each nested call one */
    xip_status st = call_limited(image, isize, XR_STACK, 8, 8, &got);
    expect(st == XIP_OK && got == 8, "8 nested calls with 8 frames", 8, 0, got, 8);
    st = call_limited(image, isize, XR_STACK, 8, 9, &got);
    expect(st == XIP_TRAP_CALL_STACK_EXHAUSTED, "9 nested calls with 8 frames trap", 9, 0, st, XIP_TRAP_CALL_STACK_EXHAUSTED);
    /* stack: find the least number of slots that runs rec(5), then check one less traps */
    uint32_t need = 0;
    for (uint32_t slots = 1; slots < 256 && !need; slots++)
        if (call_limited(image, isize, slots, 64, 5, &got) == XIP_OK)
            need = slots;
    /* the exact need: rec's frame F plus five call bases b (the CALL's base operand) */
    uint32_t base = 0, code_len, code = ti_section(image, isize, XIP_SECTION_CODE, &code_len);
    uint32_t frame = xip_read_u16(image + ti_section(image, isize, XIP_SECTION_FUNC, NULL) + 2 + 6);
    for (uint32_t i = 0; i + 3 < code_len; i++)
        if (image[code + i] == XIP_OP_CALL && image[code + i + 1] == 0 && image[code + i + 2] == 0)
            base = image[code + i + 3];
    expect(need == 5 * base + frame, "rec(5) needs 5 call bases + one frame of stack", need, 0, need, 5 * base + frame);
    st = need ? call_limited(image, isize, need - 1, 64, 5, &got) : XIP_OK;
    expect(need && st == XIP_TRAP_CALL_STACK_EXHAUSTED, "rec(5) one slot short of the stack it needs traps", need, 0, st,
           XIP_TRAP_CALL_STACK_EXHAUSTED);
    /* each nested call takes the same slots: rec(6) needs exactly one frame's worth more than rec(5) */
    uint32_t need6 = 0;
    for (uint32_t slots = need; slots < 512 && !need6; slots++)
        if (call_limited(image, isize, slots, 64, 6, &got) == XIP_OK)
            need6 = slots;
    uint32_t need4 = 0;
    for (uint32_t slots = 1; slots < 512 && !need4; slots++)
        if (call_limited(image, isize, slots, 64, 4, &got) == XIP_OK)
            need4 = slots;
    expect(need6 - need == need - need4 && need6 > need, "stack per nested call is constant", need6 - need, 0,
           need - need4, need6 - need);
    free(image);
}

int main(void)
{
    test_fresh_locals_and_globals();
    test_call_limits();
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
