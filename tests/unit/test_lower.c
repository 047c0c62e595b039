/*
 * test_lower.c: golden tests for the compiler back end (lower, allocate,
 * encode). Each case compiles a small .wat (wat2wasm at test time) and checks
 * the program dump for the key lowering patterns, the limit errors, or runs
 * the image with the executor. Prints one line per failure; exits non-zero
 * on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pass_case.h"
#include "compiler/compiler.h"
#include "compiler/program.h"
#include "wat.h"
#include "xip.h"
#include "xip_format.h"


/* Assembles wat with wat2wasm; returns malloc'd bytes or NULL. */
static uint8_t *assemble(const char *wat, size_t *size)
{
    return test_assemble(wat, "--enable-all", size);
}

/* Compiles wat with a dump after `pass`; returns the dump (or the error text) malloc'd. */
static char *compile(const char *wat, const char *pass, uint32_t max_regs, uint8_t **image,
                     size_t *image_size, bool *ok)
{
    size_t size = 0;
    uint8_t *wasm = assemble(wat, &size);
    *ok = false;
    if (!wasm)
        return strdup("wat2wasm failed");
    char *text = NULL;
    size_t text_size = 0;
    FILE *out = open_memstream(&text, &text_size);
    xc_options options = {xc_pass_from_name(pass), out, max_regs};
    xc_error error = {0};
    uint8_t *img = NULL;
    size_t img_size = 0;
    *ok = xc_compile(wasm, size, &options, &img, &img_size, &error);
    if (!*ok)
        fprintf(out, "error: %s", error.message);
    fclose(out);
    free(wasm);
    if (image) {
        *image = img;
        *image_size = img_size;
    } else {
        free(img);
    }
    return text;
}

/* Checks that the dump after `pass` contains every line of `expect` in order. */
static void expect_dump(const char *name, const char *wat, const char *pass, uint32_t max_regs,
                        const char *expect)
{
    bool ok;
    char *dump = compile(wat, pass, max_regs, NULL, NULL, &ok);
    check_total++;
    const char *at = dump;
    const char *line = expect;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char want[256];
        snprintf(want, sizeof want, "%.*s\n", (int)n, line);
        const char *hit = strstr(at, want);
        if (!hit) {
            printf("FAIL %s: missing \"%.*s\" in:\n%s\n", name, (int)n, line, dump);
            check_failed++;
            break;
        }
        at = hit + strlen(want);
        line += n + (end ? 1 : 0);
    }
    free(dump);
}

/* Checks that a whole function dump equals `expect` exactly. */
static void expect_exact(const char *name, const char *wat, const char *expect)
{
    bool ok;
    char *dump = compile(wat, "allocate", 0, NULL, NULL, &ok);
    check_total++;
    if (strcmp(dump, expect) != 0) {
        printf("FAIL %s: got:\n%swant:\n%s", name, dump, expect);
        check_failed++;
    }
    free(dump);
}

/* Checks that compiling fails with a message containing `want`. */
static void expect_error(const char *name, const char *wat, uint32_t max_regs, const char *want)
{
    bool ok;
    char *text = compile(wat, "none", max_regs, NULL, NULL, &ok);
    check_total++;
    if (ok || !strstr(text, want)) {
        printf("FAIL %s: want error \"%s\", got: %s\n", name, want, ok ? "success" : text);
        check_failed++;
    }
    free(text);
}

/* Compiles, loads and calls export `func` with args; checks the first result. */
static void expect_run(const char *name, const char *wat, uint32_t max_regs, const char *func,
                       const uint64_t *args, uint32_t nargs, uint64_t want)
{
    bool ok;
    uint8_t *image = NULL;
    size_t size = 0;
    char *text = compile(wat, "none", max_regs, &image, &size, &ok);
    check_total++;
    if (!ok) {
        printf("FAIL %s: %s\n", name, text);
        check_failed++;
        free(text);
        return;
    }
    free(text);
    xip_status st;
    uint64_t got;
    if (!pass_case_call(image, size, func, args, nargs, &st, &got) || got != want) {
        printf("FAIL %s: status %s, result %llu, want %llu\n", name, xip_status_name(st), (unsigned long long)got,
               (unsigned long long)want);
        check_failed++;
    }
    free(image);
}

/* A module with one function of `locals` i32 locals summing them after setting each. */
static char *many_locals(unsigned locals, bool with_call)
{
    size_t cap = 64 + locals * 120;
    char *wat = malloc(cap);
    size_t n = (size_t)snprintf(wat, cap, "(module (func $id (param i32) (result i32) local.get 0)\n"
                                          "(func (export \"f\") (param i32) (result i32) (local");
    for (unsigned i = 0; i < locals; i++)
        n += (size_t)snprintf(wat + n, cap - n, " i32");
    n += (size_t)snprintf(wat + n, cap - n, ")\n");
    for (unsigned i = 1; i <= locals; i++)
        n += (size_t)snprintf(wat + n, cap - n, "local.get 0 i32.const %u i32.add local.set %u\n", i, i);
    n += (size_t)snprintf(wat + n, cap - n, "local.get 0\n");
    for (unsigned i = 1; i <= locals; i++)
        n += (size_t)snprintf(wat + n, cap - n, "local.get %u i32.add\n", i);
    n += (size_t)snprintf(wat + n, cap - n, with_call ? "call $id))" : "))");
    return wat;
}

/* A module whose function chains `locals` short-lived i32 locals, then calls. */
static char *short_lived_locals(unsigned locals)
{
    size_t cap = 160 + locals * 90;
    char *wat = malloc(cap);
    size_t n = (size_t)snprintf(wat, cap, "(module (func $id (param i32) (result i32) local.get 0)\n"
                                          "(func (export \"f\") (param i32) (result i32) (local");
    for (unsigned i = 0; i < locals; i++)
        n += (size_t)snprintf(wat + n, cap - n, " i32");
    n += (size_t)snprintf(wat + n, cap - n, ")\n");
    for (unsigned i = 1; i <= locals; i++)
        n += (size_t)snprintf(wat + n, cap - n, "local.get 0 i32.const 1 i32.add local.set %u local.get %u local.set 0\n",
                              i, i);
    snprintf(wat + n, cap - n, "local.get 0 call $id))");
    return wat;
}

static void test_patterns(void)
{
    expect_dump("locals in place",
                "(module (func (param i32 i32) (local i32) local.get 0 local.get 1 i32.add local.set 2))",
                "lower", 0, "  i32.add r2, r0, r1\n  ret r0, 0");
    expect_exact("locals in place, whole function",
                 "(module (func (param i32 i32) (result i32) (local i32)"
                 " local.get 0 local.get 1 i32.add local.tee 2 local.get 2 i32.mul))",
                 "func 0: type 0, params 2, results 1, locals 2, frame 5\n"
                 "  i32.add r2, r0, r1\n"
                 "  i32.mul r3, r2, r2\n"
                 "  ret r3, 1\n");
    expect_dump("constant operand, immediate form",
                "(module (func (param i32) (result i32) local.get 0 i32.const 5 i32.sub))", "lower", 0,
                "  i32.add_i r1, r0, #-5\n  ret r1, 1");
    expect_dump("negative i32 constants take the immediate form (sign-extended, to -32768)",
                "(module (func (param i32) (result i32) (block local.get 0 i32.const -1 i32.lt_s br_if 0)"
                " local.get 0 i32.const -32768 i32.add i32.const -3 i32.mul))",
                "lower", 0, "  jlt_s_i r0, #-1, L1\nL1:\n  i32.add_i r1, r0, #-32768\n  i32.mul_i r1, r1, #-3\n");
    expect_dump("constant left operand of a commutative op",
                "(module (func (param i32) (result i32) i32.const 7 local.get 0 i32.and))", "lower", 0,
                "  i32.and_i r1, r0, #7\n");
    expect_dump("mask beyond i16, zero-extended immediate",
                "(module (func (param i32) (result i32) local.get 0 i32.const 0xffff i32.and))", "lower", 0,
                "  i32.and_u r1, r0, #65535\n");
    expect_dump("or and xor with a zero-extended immediate",
                "(module (func (param i32) (result i32) local.get 0 i32.const 0x8000 i32.or i32.const 0xfffe i32.xor))",
                "lower", 0, "  i32.or_u r1, r0, #32768\n  i32.xor_u r1, r1, #65534\n");
    expect_dump("i32 mask with the high bit set stays const32",
                "(module (func (param i32) (result i32) local.get 0 i32.const 0x10000 i32.and))", "lower", 0,
                "  const32 r2, #0x10000\n  i32.and r1, r0, r2\n");
    expect_dump("constant too large for i16",
                "(module (func (param i32) (result i32) local.get 0 i32.const 100000 i32.add))", "lower",
                0, "  const32 r2, #0x186a0\n  i32.add r1, r0, r2\n");
    expect_dump("compare + br_if fusion",
                "(module (func (param i32 i32) (block local.get 0 i32.const 10 i32.lt_s br_if 0"
                " local.get 0 local.get 1 i32.ge_u br_if 0 local.get 0 i32.eqz br_if 0 nop)))",
                "lower", 0, "  jlt_s_i r0, #10, L1\n  jge_u r0, r1, L1\n  jz r0, L1\n");
    expect_dump("if fused with an inverted compare",
                "(module (func (param i32) (result i32) local.get 0 i32.const 3 i32.gt_u"
                " if (result i32) i32.const 1 else i32.const 2 end))",
                "lower", 0, "  jle_u_i r0, #3, L2\n  const_i16 r1, #1\n  jmp L1\nL2:\n  const_i16 r1, #2\nL1:\n  ret r1, 1");
    expect_dump("i64 compare fusion",
                "(module (func (param i64 i64) (loop local.get 0 local.get 1 i64.lt_s br_if 0"
                " local.get 0 i64.eqz br_if 0)))",
                "lower", 0, "L1:\n  jlt_s64 r0, r1, L1\n  jz64 r0, L1\n");
    expect_dump("memory offsets",
                "(module (memory 1) (func (param i32) (result i32) local.get 0 i32.load offset=8"
                " local.get 0 i32.load offset=70000 i32.add local.get 0 i64.load32_u drop))",
                "lower", 0, "  load32 r1, r0, +8\n  addr_far r2, r0, #0x11170\n  load32 r2, r2, +0\n");
    expect_dump("stores by width",
                "(module (memory 1) (func (param i32 i64) local.get 0 local.get 1 i64.store32 offset=4"
                " local.get 0 i32.const 1 i32.store8))",
                "lower", 0, "  store32 r1, r0, +4\n  const_i16 r3, #1\n  store8 r3, r0, +0\n");
    expect_exact("block result without copies",
                 "(module (func (param i32) (result i32) (block (result i32) local.get 0 i32.const 1"
                 " i32.add local.get 0 br_if 0 drop i32.const 5)))",
                 "func 0: type 0, params 1, results 1, locals 1, frame 3\n"
                 "  i32.add_i r1, r0, #1\n"
                 "  jnz r0, L1\n"
                 "  const_i16 r1, #5\n"
                 "L1:\n"
                 "  ret r1, 1\n");
    expect_exact("multi-value block",
                 "(module (func (param i32) (result i32 i32) (block (result i32 i32) i32.const 1"
                 " local.get 0 local.get 0 br_if 0 i32.const 2 i32.add)))",
                 "func 0: type 0, params 1, results 2, locals 1, frame 4\n"
                 "  jz r0, L2\n"
                 "  const_i16 r1, #1\n"
                 "  mov r2, r0\n"
                 "  jmp L1\n"
                 "L2:\n"
                 "  i32.add_i r2, r0, #2\n"
                 "  const_i16 r1, #1\n"
                 "L1:\n"
                 "  ret r1, 2\n");
    expect_exact("if result written straight into the local that takes it",
                 "(module (func (param i32) (result i32) (local i32) local.get 0 if (result i32)"
                 " local.get 0 i32.const 1 i32.add else i32.const 7 end local.set 1 local.get 1 local.get 1 i32.mul))",
                 "func 0: type 0, params 1, results 1, locals 1, frame 4\n"
                 "  jz r0, L2\n"
                 "  i32.add_i r1, r0, #1\n"
                 "  jmp L1\n"
                 "L2:\n"
                 "  const_i16 r1, #7\n"
                 "L1:\n"
                 "  i32.mul r2, r1, r1\n"
                 "  ret r2, 1\n");
    const char *old_value = "(module (func (export \"f\") (param i32) (result i32) (local i32) i32.const 5 local.set 1"
                            " local.get 1 (block (result i32) local.get 0 br 0) local.set 1 local.get 1 i32.sub))";
    uint64_t arg = 2;
    expect_run("old value of the result local kept on the stack", old_value, 0, "f", &arg, 1, 3);
    expect_dump("reinterpret and extend are free",
                "(module (func (param i32 f64) (result i64) local.get 0 i64.extend_i32_u"
                " local.get 1 i64.reinterpret_f64 i64.add))",
                "lower", 0, "  i64.add r2, r0, r1\n  ret r2, 1");
    expect_dump("local overwritten while on the stack",
                "(module (func (param i32) (result i32) local.get 0 i32.const 1 local.set 0 local.get 0 i32.add))",
                "lower", 0, "  mov r1, r0\n  const_i16 r0, #1\n  i32.add r1, r1, r0\n");
    expect_dump("br_table with values moved in stubs",
                "(module (func (param i32) (result i32) (block (result i32) (block (result i32)"
                " i32.const 7 local.get 0 br_table 0 1 1) i32.const 1 i32.add)))",
                "lower", 0, "  br_table r0, [L3 L4 L4]\nL3:\n  const_i16 r1, #7\n  jmp L2\nL4:\n"
                "  const_i16 r1, #7\n  jmp L1\nL2:\n  i32.add_i r1, r1, #1\nL1:\n  ret r1, 1\n");
    expect_dump("call frames at the operand stack",
                "(module (func $g (param i32 i32) (result i32) local.get 0)"
                " (func (param i32) (result i32) (local i32) local.get 0 i32.const 3 call $g local.set 1 local.get 1))",
                "lower", 0, "func 1: type 1, params 1, results 1, locals 2, frame 4\n  mov r2, r0\n"
                            "  const_i16 r3, #3\n  call func0, r2\n  mov r1, r2\n  ret r1, 1");
    expect_dump("call_indirect with merged type",
                "(module (type (func (param i32) (result i32))) (type (func (param i32) (result i32)))"
                " (table 2 funcref) (func (type 1) local.get 0 i32.const 0 call_indirect (type 1)))",
                "lower", 0, "  const_i16 r2, #0\n  mov r1, r0\n  call_indirect type0, table0, r2, r1\n");
}

static void test_far_slots(void)
{
    char *wat = many_locals(20, false);
    expect_dump("far slots with 16 registers", wat, "allocate", 16,
                "  i32.add_i r1, r0, #11\n  local.store_far r1, @16\n  local.load_far r1, @16\n  i32.add r4, r4, r1\n");
    uint64_t arg = 1000;
    uint64_t want = 1000;
    for (unsigned i = 1; i <= 20; i++)
        want += 1000 + i;
    expect_run("far slots run", wat, 16, "f", &arg, 1, want);
    expect_run("same without the knob", wat, 0, "f", &arg, 1, want);
    free(wat);
    wat = many_locals(20, true);
    expect_run("far slots with a call run", wat, 24, "f", &arg, 1, want);
    free(wat);
    wat = many_locals(300, false);
    want = 1000;
    for (unsigned i = 1; i <= 300; i++)
        want += 1000 + i;
    expect_run("300 locals run", wat, 0, "f", &arg, 1, want & 0xffffffffu);
    free(wat);
}

/* The library reads no environment: XIPWASM_MAX_REGS is the CLI's business (options.max_registers). */
static void test_no_environment(void)
{
    char *wat = many_locals(20, false);
    bool ok;
    setenv("XIPWASM_MAX_REGS", "16", 1);
    char *dump = compile(wat, "allocate", 0, NULL, NULL, &ok);
    unsetenv("XIPWASM_MAX_REGS");
    if (!CHECK(ok && strstr(dump, "local.load_far") == NULL))
        printf("  XIPWASM_MAX_REGS must be ignored by the library: got:\n%s\n", dump);
    free(dump);
    free(wat);
}

static void test_shared_slots(void)
{
    char *wat = short_lived_locals(400);
    uint64_t arg = 5;
    expect_dump("400 locals before the liveness pass", wat, "lower", 0,
                "func 1: type 0, params 1, results 1, locals 401, frame 403\n");
    expect_dump("the liveness pass shares their slots", wat, "liveness", 0,
                "func 1: type 0, params 1, results 1, locals 1, frame 4\n  i32.add_i r1, r0, #1\n  i32.add_i r1, r1, #1\n");
    expect_dump("short-lived locals share one slot", wat, "allocate", 0,
                "func 1: type 0, params 1, results 1, locals 1, frame 4\n  i32.add_i r1, r0, #1\n  i32.add_i r1, r1, #1\n");
    expect_run("400 short-lived locals and a call", wat, 0, "f", &arg, 1, 405);
    expect_run("same with 8 registers", wat, 8, "f", &arg, 1, 405);
    free(wat);
}

/*
 * A function with `locals` live i32 locals (local i = i - 1) around a call,
 * a call_indirect and a multi-value return: returns (l298, 2 * l298 + x + sum).
 */
static char *calls_around_locals(unsigned locals)
{
    size_t cap = 512 + locals * 64;
    char *wat = malloc(cap);
    size_t n = (size_t)snprintf(wat, cap,
                                "(module (type $t2 (func (param i32 i32) (result i32 i32)))"
                                " (table 1 funcref) (elem (i32.const 0) $pair)"
                                " (func $pair (type $t2) local.get 1 local.get 0)"
                                " (func $add (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)"
                                " (func (export \"f\") (param i32) (result i32 i32) (local");
    for (unsigned i = 0; i < locals; i++)
        n += (size_t)snprintf(wat + n, cap - n, " i32");
    n += (size_t)snprintf(wat + n, cap - n, ")\n");
    for (unsigned i = 1; i <= locals; i++)
        n += (size_t)snprintf(wat + n, cap - n, "i32.const %u local.set %u\n", i - 1, i);
    n += (size_t)snprintf(wat + n, cap - n, "local.get %u local.get 0 call $add\n"
                          "local.get %u i32.const 0 call_indirect (type $t2) i32.add\n",
                          locals - 1, locals - 1);
    for (unsigned i = 1; i <= locals; i++)
        n += (size_t)snprintf(wat + n, cap - n, "local.get %u i32.add\n", i);
    snprintf(wat + n, cap - n, "local.get %u call $pair))", locals - 1);
    return wat;
}

/* Calls whose frame base lies beyond the register limit use the wide forms. */
static void test_wide_calls(void)
{
    char *wat = many_locals(300, true);
    uint64_t arg = 1000, want = 1000;
    for (unsigned i = 1; i <= 300; i++)
        want += 1000 + i;
    expect_dump("call in a frame beyond 255 registers", wat, "allocate", 0,
                "  local.load_far r1, @304\n  call_wide func0, @304\n  local.load_far r1, @304\n  ret r1, 1\n");
    expect_run("call in a frame beyond 255 registers runs", wat, 0, "f", &arg, 1, want & 0xffffffffu);
    free(wat);
    wat = calls_around_locals(300);
    arg = 5;
    want = 298 + 298 + 5 + 299 * 300 / 2;
    expect_dump("wide calls and a far multi-value return", wat, "allocate", 0,
                "  call_wide func1, @304\n  local.load_far r1, @306\n"
                "  call_indirect_wide type0, table0, r1, @304\n  call_wide func0, @304\n"
                "  local.load_far r0, @304\n  local.load_far r1, @305\n  ret r0, 2\n");
    expect_run("wide calls and a far multi-value return run", wat, 0, "f", &arg, 1, 298);
    free(wat);
    wat = calls_around_locals(20);
    want = 18 + 18 + 5 + 19 * 20 / 2;
    expect_dump("wide calls forced by a limit of 16 registers", wat, "allocate", 16,
                "  call_wide func1, @24\n  local.load_far r1, @26\n"
                "  call_indirect_wide type0, table0, r1, @24\n  call_wide func0, @24\n"
                "  local.load_far r0, @24\n  local.load_far r1, @25\n  ret r0, 2\n");
    expect_run("wide calls with 16 registers run", wat, 16, "f", &arg, 1, 18);
    free(wat);
}

static void test_errors(void)
{
    expect_error("no params beyond the register limit",
                 "(module (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)"
                 " (result i32) local.get 0 local.get 13 i32.add))", 8, "fit the register limit of 8");
}

static void test_run(void)
{
    /* imported globals (zero until the host sets them) and extended-const initializers */
    expect_run("imported global", "(module (import \"a\" \"b\" (global i32)) (global i32 (global.get 0))"
               " (func (export \"f\") (result i32) global.get 1 i32.const 5 i32.add))", 0, "f", NULL, 0, 5);
    expect_run("extended const", "(module (global i32 (i32.mul (i32.const 6) (i32.sub (i32.const 9) (i32.const 2))))"
               " (func (export \"f\") (result i32) global.get 0))", 0, "f", NULL, 0, 42);
    const char *fac = "(module (func (export \"fac\") (param i64) (result i64)"
                      " local.get 0 i64.eqz if (result i64) i64.const 1 else"
                      " local.get 0 local.get 0 i64.const 1 i64.sub call 0 i64.mul end))";
    uint64_t arg = 20;
    expect_run("recursive factorial", fac, 0, "fac", &arg, 1, 2432902008176640000ull);
    const char *loop = "(module (memory 2) (func (export \"sum\") (param i32) (result i32) (local i32 i32)"
                       " (block (loop local.get 1 local.get 0 i32.ge_u br_if 1"
                       " local.get 1 i32.const 2 i32.shl local.get 1 i32.store offset=100000"
                       " local.get 2 local.get 1 i32.const 2 i32.shl i32.load offset=100000 i32.add local.set 2"
                       " local.get 1 i32.const 1 i32.add local.set 1 br 0)) local.get 2))";
    arg = 100;
    expect_run("loop with far memory offsets", loop, 0, "sum", &arg, 1, 4950);
    const char *table = "(module (table 3 funcref) (elem (i32.const 1) $a $b)"
                        " (func $a (result i32) i32.const 11) (func $b (result i32) i32.const 22)"
                        " (func (export \"pick\") (param i32) (result i32) local.get 0 call_indirect (result i32)))";
    arg = 2;
    expect_run("call_indirect through the table", table, 0, "pick", &arg, 1, 22);
    const char *multi = "(module (func $swap (param i32 i32) (result i32 i32) local.get 1 local.get 0)"
                        " (func (export \"f\") (param i32) (result i32) local.get 0 i32.const 10 call $swap i32.sub))";
    arg = 3;
    expect_run("multi-value call", multi, 0, "f", &arg, 1, 7);
    const char *dead = "(module (func (export \"x\") (result i32) block (result i32) i32.const 5 br 0"
                       " block unreachable end i32.const 6 end))";
    expect_run("regression: nested block in dead code", dead, 0, "x", NULL, 0, 5);
    /* a br_table with only a default: no label list (applied an offset to a null pointer) */
    const char *only_default = "(module (func (export \"f\") (param i32) (result i32)"
                               " block (result i32) i32.const 9 local.get 0 br_table 0 end))";
    arg = 3;
    expect_run("regression: br_table with only a default", only_default, 0, "f", &arg, 1, 9);
}

/* Records one check of a condition. */
static void expect_true(const char *name, bool cond)
{
    check_total++;
    if (!cond) {
        printf("FAIL %s\n", name);
        check_failed++;
    }
}

/* Operand roles and branch inverses come from the ROLES and INVERSE columns of opcodes.def. */
static void test_roles(void)
{
    xc_ir_insn store = {0}, load = {0}, ret = {0}, call = {0}, grow = {0};
    store.op = XIP_OP_LOCAL_STORE_FAR;
    load.op = XIP_OP_LOCAL_LOAD_FAR;
    ret.op = XIP_OP_RET;
    call.op = XIP_OP_CALL_INDIRECT;
    grow.op = XIP_OP_TABLE_GROW;
    /* regression: local.store_far R[f] = R[d] reads d (it was reported as written) */
    expect_true("local.store_far reads d", xc_reg_role(&store, 0) == XC_ROLE_READ);
    expect_true("local.store_far writes its far slot", xc_reg_role(&store, 1) == XC_ROLE_WRITE);
    expect_true("local.load_far writes d", xc_reg_role(&load, 0) == XC_ROLE_WRITE);
    expect_true("ret is a result range", xc_reg_role(&ret, 0) == XC_ROLE_RANGE);
    expect_true("call_indirect reads the index", xc_reg_role(&call, 2) == XC_ROLE_READ);
    expect_true("call_indirect has a frame base", xc_reg_role(&call, 3) == XC_ROLE_BASE);
    expect_true("table.grow writes d", xc_reg_role(&grow, 1) == XC_ROLE_WRITE);
    expect_true("table.grow writes its table", xc_op_role(XIP_OP_TABLE_GROW, 0) == XIP_ROLE_TW);
    expect_true("table.copy reads a register triple", xc_op_role(XIP_OP_TABLE_COPY, 2) == XIP_ROLE_R3);
    expect_true("i32.add_i_jnz steps its register in place", xc_op_role(XIP_OP_I32_ADD_I_JNZ, 0) == XIP_ROLE_RW);
    expect_true("i32.add_i_jz steps its register in place", xc_op_role(XIP_OP_I32_ADD_I_JZ, 0) == XIP_ROLE_RW);
    expect_true("i32.add_i2 steps both registers in place",
                xc_op_role(XIP_OP_I32_ADD_I2, 0) == XIP_ROLE_RW && xc_op_role(XIP_OP_I32_ADD_I2, 1) == XIP_ROLE_RW);
    expect_true("jeq inverts to jne", xc_op_inverse(XIP_OP_JEQ) == XIP_OP_JNE);
    expect_true("jlt_s_i inverts to jge_s_i", xc_op_inverse(XIP_OP_JLT_S_I) == XIP_OP_JGE_S_I);
    expect_true("jgt_u64 inverts to jle_u64", xc_op_inverse(XIP_OP_JGT_U64) == XIP_OP_JLE_U64);
    expect_true("jz inverts to jnz", xc_op_inverse(XIP_OP_JZ) == XIP_OP_JNZ);
    expect_true("jmp has no inverse", xc_op_inverse(XIP_OP_JMP) == XIP_OP__);
    for (unsigned op = 0; op < XIP_OP_COUNT; op++) {
        unsigned inv = xc_op_inverse(op);
        bool conditional = (xc_op_flags(op) & (XIP_F_BRANCH | XIP_F_NOFALL)) == XIP_F_BRANCH;
        check_total++;
        if (conditional != (inv != XIP_OP__) ||
            (inv != XIP_OP__ && (xc_op_inverse(inv) != op || xc_op_shape(inv) != xc_op_shape(op)))) {
            printf("FAIL inverse of %s\n", xc_op_mnemonic(op));
            check_failed++;
        }
    }
}

/* Bulk memory, tables and references: operand order, REG3 slots, far REG3 through scratch. */
static void test_bulk(void)
{
    expect_exact("bulk memory, table and reference instructions",
                 "(module (memory 1) (table 2 funcref) (elem declare func 0)"
                 " (func (param i32 i32) (result i32)"
                 " (memory.copy (local.get 0) (local.get 1) (i32.const 16))"
                 " (memory.fill (local.get 0) (i32.const 255) (local.get 1))"
                 " (table.copy (i32.const 0) (local.get 1) (i32.const 1))"
                 " (table.set 0 (local.get 0) (table.get 0 (local.get 1)))"
                 " (drop (ref.func 0)) (table.fill 0 (local.get 0) (table.get 0 (i32.const 1)) (local.get 1))"
                 " (i32.add (table.size 0) (ref.is_null (ref.null func)))"
                 " (table.grow 0 (ref.null func) (local.get 0)) i32.add))",
                 "func 0: type 0, params 2, results 1, locals 2, frame 5\n"
                 "  const_i16 r4, #16\n"
                 "  memory.copy r0, r1, r4\n"
                 "  const_i16 r3, #255\n"
                 "  memory.fill r0, r3, r1\n"
                 "  const_i16 r2, #0\n"
                 "  mov r3, r1\n"
                 "  const_i16 r4, #1\n"
                 "  table.copy table0, table0, r2..r4\n"
                 "  table.get table0, r3, r1\n"
                 "  table.set table0, r0, r3\n"
                 "  ref.func r2, func0\n"
                 "  table.get table0, r3, r4\n"
                 "  table.fill table0, r0, r3, r1\n"
                 "  table.size table0, r2\n"
                 "  i32.add_i r2, r2, #1\n"
                 "  const32 r3, #0xffffffff\n"
                 "  table.grow table0, r3, r3, r0\n"
                 "  i32.add r2, r2, r3\n"
                 "  ret r2, 1\n");
    const char *deep = "(module (table 4 funcref) (func (param i32) (local i32 i32 i32 i32 i32 i32 i32 i32)"
                       " local.get 0 local.get 1 local.get 2 local.get 3 local.get 4 local.get 5"
                       " local.get 6 local.get 7 local.get 8 i32.const 1 local.get 0 i32.const 2 table.copy"
                       " drop drop drop drop drop drop drop drop drop))";
    expect_dump("table.copy operands in far slots go through the scratch registers", deep, "allocate", 12,
                "  local.load_far r1, @13\n  local.load_far r2, @14\n  local.load_far r3, @15\n"
                "  table.copy table0, table0, r1..r3\n");
    expect_dump("table.init and memory.init segments",
                "(module (memory 1) (table 1 funcref) (data \"ab\") (elem func 0)"
                " (func (param i32) (memory.init 0 (local.get 0) (i32.const 0) (i32.const 2)) (data.drop 0)"
                " (table.init 0 (local.get 0) (i32.const 0) (i32.const 1)) (elem.drop 0)))",
                "lower", 0,
                "  memory.init seg0, r0, r2, r3\n  data.drop seg0\n  mov r1, r0\n  const_i16 r3, #1\n"
                "  table.init seg0, table0, r1..r3\n  elem.drop seg0\n");
}

/* The plan pass: folded globals, flash and RAM tables, folded element segments. */
static void test_plan(void)
{
    const char *wat =
        "(module\n"
        "  (import \"env\" \"g\" (global $ig i32))\n"
        "  (global $k i32 (i32.const 7))\n"
        "  (global $k2 i32 (i32.mul (i32.const 6) (i32.const 7)))\n"
        "  (global $d i32 (global.get $ig))\n"
        "  (table $flash 2 funcref)\n"
        "  (table $ram 1 funcref)\n"
        "  (table $exported (export \"t\") 1 funcref)\n"
        "  (table $short 1 funcref)\n"
        "  (elem (table $flash) (i32.const 1) func $f)\n"
        "  (elem (table $ram) (i32.const 0) func $f)\n"
        "  (elem (table $short) (i32.const 1) func $f)\n"
        "  (func $f (result i32) (table.set $ram (i32.const 0) (ref.null func)) (i32.const 1)))\n";
    expect_dump("plan: globals and tables", wat, "plan", 0,
                "plan:\n"
                "  global 1: constant 0x7\n"
                "  global 2: constant 0x2a\n"
                "  global 3: computed at instantiation\n"
                "  table 0: flash (contents in the image)\n"
                "  table 1: ram (filled at instantiation)\n"
                "  table 2: ram (filled at instantiation)\n"
                "  table 3: ram (filled at instantiation)\n"
                "  elem 0: folded into flash table 0\n");
}

/* The dump after encode names every section, the element section included
 * (it read past its name list before). */
static void test_encode_dump(void)
{
    bool ok;
    char *dump = compile("(module (table 1 funcref) (func) (elem func 0))", "encode", 0, NULL, NULL, &ok);
    CHECK(ok && strstr(dump, "  section elem ") != NULL && strstr(dump, "  section code ") != NULL);
    if (!ok || !strstr(dump, "section elem"))
        printf("  dump:\n%s\n", dump);
    free(dump);
}

static const check_case cases[] = {
    {"patterns", test_patterns},
    {"far_slots", test_far_slots},
    {"no_environment", test_no_environment},
    {"shared_slots", test_shared_slots},
    {"wide_calls", test_wide_calls},
    {"errors", test_errors},
    {"run", test_run},
    {"roles", test_roles},
    {"bulk", test_bulk},
    {"plan", test_plan},
    {"encode_dump", test_encode_dump},
};

int main(int argc, char **argv)
{
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
