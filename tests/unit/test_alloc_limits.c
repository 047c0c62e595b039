/*
 * test_alloc_limits.c: the allocator's contract at exactly its register
 * limit (small limits through xc_options.max_registers). With the limit L
 * an instruction may name registers 0..L-1 directly and nothing above:
 *  - every register field of every instruction is below L, a three-register
 *    operand c, c+1, c+2 ends below L and an 8-bit call frame base is below
 *    L, for frames that sweep the operand stack and call bases across L;
 *  - a function with L - 4 parameters compiles (and runs) with a frame past
 *    L; one with L - 3 is refused with the parameter-limit message;
 *  - a frame of exactly L + 1 slots whose locals have disjoint live ranges
 *    is first shrunk by slot sharing, so it needs no far slots at all.
 * Every compiled module also runs and is compared with a value computed in C.
 * Prints one line per failure; exits non-zero on failure.
 */
#include "xrun.h"
#include "image_parts.h"

static int failures;
static long checks;

static void expect(bool ok, const char *what, unsigned limit, unsigned n)
{
    checks++;
    if (!ok) {
        printf("FAIL %s (register limit %u, n %u)\n", what, limit, n);
        failures++;
    }
}

/* What a walk over an image's code found. */
typedef struct walk {
    unsigned bad_reg, bad_reg3;   /* register fields >= limit; REG3 operands ending >= limit */
    unsigned far_ops, reg3_ops;   /* LOCAL_LOAD_FAR/STORE_FAR; REG3 instructions */
    unsigned max_frame;           /* the largest FUNC frame */
    unsigned wide_at_limit;       /* 16-bit call bases equal to the limit */
} walk;

/* Walks every instruction of every function of image against the register limit. */
static walk walk_image(const uint8_t *b, uint32_t n, uint32_t limit)
{
    uint32_t sec[XIP_SECTION_LAST + 1], len[XIP_SECTION_LAST + 1];
    walk w;
    memset(&w, 0, sizeof w);
    ti_find_sections(b, n, sec, len);
    const uint8_t *funcs = b + sec[XIP_SECTION_FUNC], *code = b + sec[XIP_SECTION_CODE];
    uint32_t count = xip_read_u16(funcs);
    for (uint32_t f = 0; f < count; f++) {
        const uint8_t *e = funcs + 2 + XIP_FUNC_ENTRY_SIZE * f;
        uint32_t start = xip_read_u32(e + 8);
        uint32_t end = f + 1 < count ? xip_read_u32(e + XIP_FUNC_ENTRY_SIZE + 8) : len[XIP_SECTION_CODE];
        if (xip_read_u16(e + 6) > w.max_frame)
            w.max_frame = xip_read_u16(e + 6);
        for (uint32_t pc = start; pc < end;) {
            const uint8_t *p = code + pc;
            uint32_t shape = ti_shape_of[p[0]], off = 1;
            w.far_ops += p[0] == XIP_OP_LOCAL_LOAD_FAR || p[0] == XIP_OP_LOCAL_STORE_FAR;
            for (uint32_t k = 0; k < 4; k++) {
                uint32_t field = ti_fields_of[shape][k];
                if (field == XIP_FIELD_REG && p[off] >= limit)
                    w.bad_reg++;
                if (field == XIP_FIELD_BASE16 && xip_read_u16(p + off) == limit)
                    w.wide_at_limit++;
                if (field == XIP_FIELD_REG3) {
                    w.reg3_ops++;
                    w.bad_reg3 += p[off] + 2u >= limit;
                }
                off += xip_field_size((enum xip_field)field);
            }
            pc += ti_insn_size(p);
        }
    }
    return w;
}

/*
 * Two functions with n locals each. f: the locals live across a call with
 * two arguments; with a call in the function the allocator puts the operand
 * stack after the locals, so sweeping n moves the call base across the
 * limit one slot at a time (a deeper expression earlier makes the operand
 * stack outgrow the call, so the frame exceeds the limit). h: no call, so the operand stack comes first;
 * d pending values below a table.copy (three registers) move its operands
 * across the limit as d is swept.
 */
static void sweep_wat(xr_text *t, unsigned n, unsigned d)
{
    xr_add(t, "(module\n (table $t 4 funcref) (elem (table $t) (i32.const 0) func $g $g)\n"
              " (func $g (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))\n");
    for (unsigned h = 0; h < 2; h++) {
        xr_add(t, " (func (export \"%s\") (param i32) (result i32)", h ? "h" : "f");
        for (unsigned i = 0; i < n; i++)
            xr_add(t, " (local i32)");
        xr_add(t, "\n");
        for (unsigned i = 0; i < n; i++)
            xr_add(t, "  (local.set %u (i32.add (local.get 0) (i32.const %u)))\n", i + 1, 3 * i + 1);
        if (!h) { /* a deeper stack elsewhere: the operand stack outgrows the call's base */
            xr_add(t, "  (local.set 0 (i32.sub (local.get 0)");
            for (unsigned i = 0; i < 12; i++)
                xr_add(t, " (i32.add (i32.const %u)", i);
            xr_add(t, " (i32.const 0)");
            for (unsigned i = 0; i < 12; i++)
                xr_add(t, ")");
            xr_add(t, "))\n");
        }
        for (unsigned i = 0; i < d; i++)
            xr_add(t, "  (i32.add (local.get 0) (i32.const %u))\n", i + 5);
        if (h)
            xr_add(t, "  (table.copy $t $t (i32.const 2) (i32.const 0) (i32.const 2)) (local.get 0)\n");
        else
            xr_add(t, "  (call $g (local.get 0) (i32.const 9))\n");
        for (unsigned i = 0; i < d; i++)
            xr_add(t, "  (i32.add)\n");
        for (unsigned i = 0; i < n; i++)
            xr_add(t, " (local.get %u) (i32.add)", i + 1);
        xr_add(t, ")\n");
    }
    xr_add(t, ")\n");
}

/* The result of f or h. */
static uint32_t sweep_ref(unsigned n, unsigned d, int h, uint32_t p)
{
    uint32_t q = h ? p : p - 66u; /* f subtracts 0 + 1 + ... + 11 after setting the locals */
    uint32_t r = h ? q : q - 9u;
    for (unsigned i = 0; i < d; i++)
        r += q + i + 5u;
    for (unsigned i = 0; i < n; i++)
        r += p + 3u * i + 1u;
    return r;
}

static void sweep_one(uint32_t limit, unsigned n, unsigned d, unsigned *reg3, unsigned *wide)
{
    xr_text t = {0};
    xr_module m;
    sweep_wat(&t, n, d);
    bool ok = xr_load(&m, t.s, limit);
    free(t.s);
    expect(ok, "compile and load", limit, n);
    if (!ok) {
        xr_free(&m);
        return;
    }
    walk w = walk_image(m.image, (uint32_t)m.size, limit);
    expect(w.bad_reg == 0, "every register field below the limit (call bases included)", limit, n);
    expect(w.bad_reg3 == 0, "every three-register operand ends below the limit", limit, n);
    *reg3 += w.reg3_ops;
    *wide += w.wide_at_limit;
    for (int h = 0; h < 2; h++) {
        uint64_t arg = 1000, got = 0;
        xip_status st = xr_call(&m, h ? "h" : "f", &arg, 1, &got);
        expect(st == XIP_OK && (uint32_t)got == sweep_ref(n, d, h, 1000), h ? "result of h" : "result of f",
               limit, n);
    }
    xr_free(&m);
}

static void test_sweep(uint32_t limit)
{
    unsigned reg3 = 0, wide = 0;
    for (unsigned n = 0; n <= limit + 6; n++)
        sweep_one(limit, n, 2, &reg3, &wide);
    for (unsigned d = 0; d <= limit; d++)
        sweep_one(limit, limit + 2, d, &reg3, &wide);
    expect(reg3 > 0, "setup: the sweep has three-register instructions", limit, 0);
    expect(wide > 0, "setup: the sweep has a call whose base is exactly the limit", limit, 0);
}

/* A function with np i32 params and `extra` locals, all live to the end. */
static void params_wat(xr_text *t, unsigned np, unsigned extra)
{
    xr_add(t, "(module (func (export \"f\") (param");
    for (unsigned i = 0; i < np; i++)
        xr_add(t, " i32");
    xr_add(t, ") (result i32)");
    for (unsigned i = 0; i < extra; i++)
        xr_add(t, " (local i32)");
    xr_add(t, "\n");
    for (unsigned i = 0; i < extra; i++)
        xr_add(t, "  (local.set %u (i32.add (local.get 0) (i32.const %u)))\n", np + i, i + 2);
    xr_add(t, "  (local.get 0)");
    for (unsigned i = 1; i < np + extra; i++)
        xr_add(t, " (local.get %u) (i32.add)", i);
    xr_add(t, "))\n");
}

/* L - 4 params with a frame past L: compiled and run; L - 3: refused naming the parameter limit. */
static void test_param_limit(uint32_t limit)
{
    for (unsigned np = limit - 4; np <= limit - 3; np++) {
        xr_text t = {0};
        params_wat(&t, np, limit);
        size_t size = 0, isize = 0;
        uint8_t *wasm = test_assemble(t.s, "", &size), *image = NULL;
        free(t.s);
        xc_options options = {XC_PASS_NONE, NULL, limit};
        xc_error error;
        memset(&error, 0, sizeof error);
        bool ok = wasm && xc_compile(wasm, size, &options, &image, &isize, &error);
        free(wasm);
        free(image);
        if (np == limit - 3) {
            expect(!ok && strstr(error.message, "params") != NULL, "L - 3 params refused (parameter limit)", limit,
                   np);
            continue;
        }
        expect(ok, "L - 4 params compile", limit, np);
        xr_text t2 = {0};
        xr_module m;
        params_wat(&t2, np, limit);
        ok = xr_load(&m, t2.s, limit);
        free(t2.s);
        if (!ok) {
            expect(false, "L - 4 params load", limit, np);
            xr_free(&m);
            continue;
        }
        uint64_t args[16] = {0}, got = 0;
        uint32_t want = 0;
        for (unsigned i = 0; i < np; i++) {
            args[i] = 100u * (i + 1);
            want += 100u * (i + 1);
        }
        for (unsigned i = 0; i < limit; i++)
            want += 100u + i + 2u;
        xip_status st = xr_call(&m, "f", args, np, &got);
        expect(st == XIP_OK && (uint32_t)got == want, "L - 4 params result", limit, np);
        xr_free(&m);
    }
}

/* n locals with disjoint live ranges: each is set, then folded into local 0 at once. */
static void disjoint_wat(xr_text *t, unsigned n)
{
    xr_add(t, "(module (func (export \"f\") (param i32) (result i32)");
    for (unsigned i = 0; i < n; i++)
        xr_add(t, " (local i32)");
    xr_add(t, "\n");
    for (unsigned i = 0; i < n; i++)
        xr_add(t, "  (local.set %u (i32.mul (local.get 0) (i32.const %u)))\n"
                  "  (local.set 0 (i32.add (local.get 0) (local.get %u)))\n", i + 1, i + 2, i + 1);
    xr_add(t, "  (local.get 0)))\n");
}

static uint32_t disjoint_ref(unsigned n, uint32_t p)
{
    for (unsigned i = 0; i < n; i++)
        p += p * (i + 2u);
    return p;
}

/* Compiles wat under limit; returns the walk (max_frame 0 if it failed). */
static walk compile_walk(const char *wat, uint32_t limit)
{
    size_t size = 0, isize = 0;
    uint8_t *wasm = test_assemble(wat, "", &size), *image = NULL;
    xc_options options = {XC_PASS_NONE, NULL, limit};
    xc_error error;
    walk w;
    memset(&w, 0, sizeof w);
    memset(&error, 0, sizeof error);
    if (wasm && xc_compile(wasm, size, &options, &image, &isize, &error))
        w = walk_image(image, (uint32_t)isize, limit ? limit : 256);
    free(wasm);
    free(image);
    return w;
}

/* A frame of exactly L + 1 slots before sharing: sharing alone makes it fit, no far slots. */
static void test_share_at_limit_plus_one(uint32_t limit)
{
    unsigned found = 0;
    for (unsigned n = 1; n <= limit + 2; n++) {
        xr_text t = {0};
        disjoint_wat(&t, n);
        walk whole = compile_walk(t.s, 0); /* frames under 256 are never shared: the unshared size */
        if (whole.max_frame == limit + 1) {
            found++;
            walk w = compile_walk(t.s, limit);
            expect(w.max_frame > 0 && w.max_frame <= limit, "frame of L + 1 shared down to the limit", limit, n);
            expect(w.max_frame > 0 && w.far_ops == 0, "frame of L + 1 needs no far slots after sharing", limit, n);
            xr_module m;
            if (xr_load(&m, t.s, limit)) {
                uint64_t arg = 7, got = 0;
                xip_status st = xr_call(&m, "f", &arg, 1, &got);
                expect(st == XIP_OK && (uint32_t)got == disjoint_ref(n, 7), "shared frame result", limit, n);
            } else {
                expect(false, "shared frame load", limit, n);
            }
            xr_free(&m);
        }
        free(t.s);
    }
    expect(found > 0, "setup: some n gives an unshared frame of L + 1", limit, 0);
}

int main(void)
{
    static const uint32_t limits[] = {8, 10, 12, 16};
    for (unsigned i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        test_sweep(limits[i]);
        test_param_limit(limits[i]);
        test_share_at_limit_plus_one(limits[i]);
    }
    if (failures) {
        printf("test_alloc_limits: %d of %ld checks failed\n", failures, checks);
        return 1;
    }
    printf("test_alloc_limits: %ld checks passed\n", checks);
    return 0;
}
