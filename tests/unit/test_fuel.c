/*
 * test_fuel.c: fuel bounds time (executor/xip_fuel.h). Worst-case modules,
 * each run in slices of fuel that grow by one unit per pause (the host adds
 * to what is left), so every instruction that pays in proportion pauses
 * before it starts, many times over: at each pause the test checks that the
 * instruction wrote nothing yet; at the end, the result and the fuel spent
 * (at least the proportional price). Also: unlimited fuel, the compiler's
 * jmps in a long straight run, and the verifier refusing a run too long.
 *
 * `test_fuel CASE` runs one case and prints "fuel used: N"; tests/fuel-bound.sh
 * runs each under callgrind (an -O2 build) and checks the host instructions
 * per unit of fuel against the bound in docs/embedding.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "image_parts.h"
#include "compiler/compiler.h"
#include "wat.h"
#include "xip.h"
#include "xip_disasm.h"
#include "xip_format.h"

enum { MEM_PAGES = 64, MEM = 65536 * MEM_PAGES, TABLE_WORDS = 1 << 17, STACK = 1 << 17 };
static uint8_t memory[MEM];
static uint64_t globals[64], stack[STACK];
static xip_frame frames[64];
static uint32_t tables[TABLE_WORDS];
static uint8_t *image;
static size_t image_size;
static xip_instance inst;
static uint64_t fuel_used; /* by the last run_slices */

/* A growing text buffer for generated modules. */
typedef struct text {
    char *s;
    size_t n, cap;
} text;

/* Appends s to t. */
static void add(text *t, const char *s)
{
    size_t k = strlen(s);
    if (t->n + k + 1 > t->cap) {
        t->cap = (t->n + k + 1) * 2;
        t->s = realloc(t->s, t->cap);
        if (!t->s)
            abort();
    }
    memcpy(t->s + t->n, s, k + 1);
    t->n += k;
}

/* Appends s n times. */
static void add_n(text *t, const char *s, unsigned n)
{
    while (n--)
        add(t, s);
}

/* Compiles wat into image (freeing the last one); false after a failed check. */
static int compile(const char *wat)
{
    size_t size = 0;
    uint8_t *wasm = test_assemble(wat, "", &size);
    xc_options options = {XC_PASS_NONE, NULL, 0};
    xc_error error;
    memset(&error, 0, sizeof error);
    free(image);
    image = NULL;
    if (!CHECK(wasm != NULL))
        return 0;
    int ok = xc_compile(wasm, size, &options, &image, &image_size, &error);
    free(wasm);
    if (!ok)
        printf("compile: %s\n", error.message);
    return CHECK(ok);
}

/* Loads image (without instantiating); the status. */
static xip_status load_only(void)
{
    xip_buffers b = {memory, MEM, globals, 64, stack, STACK, frames, 64, tables, TABLE_WORDS};
    memset(memory, 0, sizeof memory);
    return xip_load(&inst, image, (uint32_t)image_size, &b);
}

/* Compiles, loads and instantiates wat (imported_table: import table 0 with that size first). */
static int load(const char *wat, uint32_t imported_table)
{
    if (!compile(wat) || !CHECK_EQ(load_only(), XIP_OK))
        return 0;
    if (imported_table && !CHECK_EQ(xip_set_import_table(&inst, 0, imported_table), XIP_OK))
        return 0;
    return CHECK_EQ(xip_instantiate(&inst), XIP_OK);
}

/* Index of export name. */
static uint32_t func(const char *name)
{
    int32_t f = xip_find_export(&inst, name, (uint32_t)strlen(name), XIP_EXTERN_FUNC);
    CHECK(f >= 0);
    return (uint32_t)f;
}

/* Image offset of the body of section id of image (0 if absent); *size its length. */
static uint32_t section(uint32_t id, uint32_t *size)
{
    return ti_section(image, image_size, id, size);
}

/* Recomputes the image's checksum after a patch. */
static void reseal(void)
{
    xip_write_u32(image + 16, xip_adler32(1, image + 20, (uint32_t)image_size - 20));
}

/* Paused state checks of a case: called at each pause; 0 when the paused instruction left a trace. */
typedef int (*pause_check)(void);

/*
 * Calls export name(args) with fuel `first`, then at each pause adds `step`
 * to what is left and resumes, calling check (if any) at each pause. Sets
 * fuel_used; returns the final status and result 0 in *out.
 */
static xip_status run_slices(const char *name, const uint64_t *args, uint32_t nargs, uint32_t first,
                             uint32_t step, pause_check check, uint32_t *pauses, uint64_t *out)
{
    uint64_t given = first;
    uint32_t n = 0, count = 0;
    xip_status st;
    xip_set_fuel(&inst, first);
    st = xip_call(&inst, func(name), args, nargs);
    while (st == XIP_OUT_OF_FUEL) {
        n++;
        if (check && !check()) {
            check_failure();
            printf("[%s] pause %u: the paused instruction left a trace\n", check_case_name, n);
            check = NULL;
        }
        given += step;
        xip_set_fuel(&inst, xip_fuel(&inst) + step);
        st = xip_resume(&inst);
    }
    fuel_used = given - xip_fuel(&inst);
    if (pauses)
        *pauses = n;
    if (out) {
        const uint64_t *r = st == XIP_OK ? xip_results(&inst, &count) : NULL;
        *out = r && count ? r[0] : 0;
    }
    return st;
}

/* Prints the fuel the case used (for tests/fuel-bound.sh). */
static void report(void)
{
    printf("fuel used: %llu\n", (unsigned long long)fuel_used);
}

/* True if memory[at..at+n) all equal byte v. */
static int all(uint32_t at, uint32_t n, uint8_t v)
{
    for (uint32_t i = 0; i < n; i++)
        if (memory[at + i] != v)
            return 0;
    return 1;
}

/* ---- bulk memory ---------------------------------------------------------- */

#define FILL_N (MEM - 4096)

/* True if memory[at..at+n) is all v or all w judging by its first, middle and last bytes. */
static int one_of(uint32_t at, uint32_t n, uint8_t v, uint8_t w)
{
    uint8_t a = memory[at], b = memory[at + n / 2], c = memory[at + n - 1];
    return (a == v && b == v && c == v) || (a == w && b == w && c == w);
}

/* At a pause the fill has not started or (pausing at the return) has finished. */
static int fill_untouched(void)
{
    return one_of(16, FILL_N, 0, 0xa5);
}

/* memory.fill of ~4 MiB: pays FILL_N / 256 units, pausing before it writes a byte. */
static void test_fill(void)
{
    char wat[512];
    uint32_t pauses;
    snprintf(wat, sizeof wat,
             "(module (memory %d) (func (export \"f\") (memory.fill (i32.const 16) (i32.const 0xa5) (i32.const %d))))",
             MEM_PAGES, FILL_N);
    if (!load(wat, 0))
        return;
    CHECK_EQ(run_slices("f", NULL, 0, 1, 1, fill_untouched, &pauses, NULL), XIP_OK);
    CHECK(all(16, FILL_N, 0xa5) && memory[15] == 0 && memory[16 + FILL_N] == 0);
    CHECK(fuel_used >= FILL_N / 256);
    CHECK(pauses >= 1); /* one pause per unit short would be sum 1..k; the slices grow */
    report();
    /* unlimited fuel: runs at once */
    memset(memory, 0, sizeof memory);
    xip_set_fuel(&inst, XIP_FUEL_UNLIMITED);
    CHECK_EQ(xip_call(&inst, func("f"), NULL, 0), XIP_OK);
    CHECK(all(16, FILL_N, 0xa5));
    CHECK_EQ(xip_fuel(&inst), XIP_FUEL_UNLIMITED);
}

/* Pause before start, exactly: the fill needs FILL_N/256 units; one short pauses with the fuel kept. */
static void test_fill_exact(void)
{
    char wat[512];
    uint32_t need = (FILL_N + 255) / 256;
    snprintf(wat, sizeof wat,
             "(module (memory %d) (func (export \"f\") (memory.fill (i32.const 16) (i32.const 0xa5) (i32.const %d))))",
             MEM_PAGES, FILL_N);
    if (!load(wat, 0))
        return;
    xip_set_fuel(&inst, need - 1);
    CHECK_EQ(xip_call(&inst, func("f"), NULL, 0), XIP_OUT_OF_FUEL);
    CHECK_EQ(xip_fuel(&inst), need - 1); /* nothing taken */
    CHECK(all(16, FILL_N, 0));
    xip_set_fuel(&inst, need); /* the fill, not the return */
    CHECK_EQ(xip_resume(&inst), XIP_OUT_OF_FUEL);
    CHECK(all(16, FILL_N, 0xa5)); /* the fill ran, the return paused */
    CHECK_EQ(xip_fuel(&inst), 0);
    xip_set_fuel(&inst, 1);
    CHECK_EQ(xip_resume(&inst), XIP_OK);
    CHECK_EQ(xip_fuel(&inst), 0);
    /* out of bounds: traps without paying for the bytes */
    compile("(module (memory 1) (func (export \"f\") (memory.fill (i32.const 16) (i32.const 1) (i32.const -1))))");
    CHECK_EQ(load_only(), XIP_OK);
    CHECK_EQ(xip_instantiate(&inst), XIP_OK);
    xip_set_fuel(&inst, 1);
    CHECK_EQ(xip_call(&inst, func("f"), NULL, 0), XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
}

#define COPY_N (MEM / 2 - 64)

static int copy_untouched(void)
{
    return one_of(MEM / 2, COPY_N, 0, 7);
}

/* memory.copy of ~2 MiB from the first half (filled by the test) to the second. */
static void test_copy(void)
{
    char wat[512];
    snprintf(wat, sizeof wat,
             "(module (memory (export \"m\") %d) (func (export \"f\") (memory.copy (i32.const %d) (i32.const 0) (i32.const %d))))",
             MEM_PAGES, MEM / 2, COPY_N);
    if (!load(wat, 0))
        return;
    memset(memory, 7, COPY_N);
    CHECK_EQ(run_slices("f", NULL, 0, 1, 1, copy_untouched, NULL, NULL), XIP_OK);
    CHECK(all(MEM / 2, COPY_N, 7));
    CHECK(fuel_used >= COPY_N / 256);
    report();
}

/* Overlapping copy one byte forward, in slices: the result is memmove's. */
static void test_copy_overlap(void)
{
    char wat[512];
    snprintf(wat, sizeof wat,
             "(module (memory %d) (func (export \"f\") (memory.copy (i32.const 1) (i32.const 0) (i32.const %d))))",
             MEM_PAGES, COPY_N);
    if (!load(wat, 0))
        return;
    for (uint32_t i = 0; i <= COPY_N; i++)
        memory[i] = (uint8_t)(i * 7);
    CHECK_EQ(run_slices("f", NULL, 0, 0, 64, NULL, NULL, NULL), XIP_OK);
    int ok = memory[0] == 0;
    for (uint32_t i = 0; i < COPY_N && ok; i++)
        ok = memory[i + 1] == (uint8_t)(i * 7);
    CHECK(ok);
    report();
}

#define INIT_N 60000

static int init_untouched(void)
{
    return (memory[100] == 0 && memory[100 + INIT_N - 1] == 0) ||
           (memory[100] == 0x11 && memory[100 + INIT_N - 1] == 0x33);
}

/* memory.init of a 60,000-byte passive segment, after 40 small ones. */
static void test_init(void)
{
    text t = {0};
    add(&t, "(module (memory 2)\n");
    add_n(&t, " (data \"ab\")\n", 40);
    add(&t, " (data $big \"");
    add_n(&t, "\\11\\22\\33", INIT_N / 3);
    add(&t, "\")\n (func (export \"f\") (memory.init $big (i32.const 100) (i32.const 0) (i32.const 60000))))");
    if (!load(t.s, 0))
        goto out;
    CHECK_EQ(run_slices("f", NULL, 0, 0, 1, init_untouched, NULL, NULL), XIP_OK);
    CHECK(memory[100] == 0x11 && memory[101] == 0x22 && memory[100 + INIT_N - 1] == 0x33 && memory[99] == 0);
    CHECK(fuel_used >= INIT_N / 256);
    report();
out:
    free(t.s);
}

/* memory.grow by 60 pages pays for the bytes it zeroes; a grow that fails pays nothing. */
static void test_grow(void)
{
    uint64_t got;
    if (!load("(module (memory 1 64) (func (export \"g\") (param i32) (result i32) (memory.grow (local.get 0))))", 0))
        return;
    uint64_t n = 100;
    CHECK_EQ(run_slices("g", &n, 1, 1, 0, NULL, NULL, &got), XIP_OK);
    CHECK_EQ(got, 0xffffffffu);
    CHECK_EQ(fuel_used, 1); /* the return only */
    n = 60;
    CHECK_EQ(run_slices("g", &n, 1, 1, 1, NULL, NULL, &got), XIP_OK);
    CHECK_EQ(got, 1);
    CHECK(fuel_used >= 60u * 65536u / 256u);
    report();
}

/* ---- tables --------------------------------------------------------------- */

#define TABLE_N 60000

static const char table_wat[] =
    "(module (table $t 1 70000 funcref) (table $u 60000 funcref) (elem declare func $f)\n"
    " (func $f (result i32) (i32.const 5))\n"
    " (func (export \"fill\") (table.fill $u (i32.const 0) (ref.func $f) (i32.const 60000)))\n"
    " (func (export \"grow\") (result i32) (table.grow $t (ref.func $f) (i32.const 60000)))\n"
    " (func (export \"copy\") (table.copy $t $u (i32.const 1) (i32.const 0) (i32.const 60000)))\n"
    " (func (export \"size\") (result i32) (table.size $t))\n"
    " (func (export \"null_u\") (param i32) (result i32) (ref.is_null (table.get $u (local.get 0))))\n"
    " (func (export \"call_t\") (param i32) (result i32) (call_indirect $t (result i32) (local.get 0))))";

static uint64_t size_before;

/* table.fill of 60,000 entries; table.grow by 60,000; table.copy of 60,000, each in slices. */
static void test_tables(void)
{
    uint64_t got, i;
    if (!load(table_wat, 0))
        return;
    CHECK_EQ(run_slices("fill", NULL, 0, 0, 1, NULL, NULL, NULL), XIP_OK);
    CHECK(fuel_used >= TABLE_N / 32);
    report();
    i = TABLE_N - 1;
    CHECK_EQ(run_slices("null_u", &i, 1, 100, 0, NULL, NULL, &got), XIP_OK);
    CHECK_EQ(got, 0);
    CHECK_EQ(run_slices("size", NULL, 0, 100, 0, NULL, NULL, &size_before), XIP_OK);
    CHECK_EQ(size_before, 1);
    CHECK_EQ(run_slices("grow", NULL, 0, 0, 1, NULL, NULL, &got), XIP_OK);
    CHECK_EQ(got, 1);
    CHECK(fuel_used >= TABLE_N / 32);
    report();
    CHECK_EQ(run_slices("copy", NULL, 0, 0, 1, NULL, NULL, NULL), XIP_OK);
    CHECK(fuel_used >= TABLE_N / 32);
    i = TABLE_N;
    CHECK_EQ(run_slices("call_t", &i, 1, 100, 0, NULL, NULL, &got), XIP_OK);
    CHECK_EQ(got, 5);
    report();
}

/* A table.grow paused in slices writes nothing and grows nothing until it runs. */
static int grow_untouched(void)
{
    uint32_t size = 0;
    xip_table_entries(&inst, 0, &size);
    return size == 1;
}

static void test_table_grow_pause(void)
{
    if (!load(table_wat, 0))
        return;
    CHECK_EQ(run_slices("grow", NULL, 0, 0, 16, grow_untouched, NULL, NULL), XIP_OK);
    CHECK(!grow_untouched());
}

/* table.init of 20,000 items from offset 20,000 of a 40,000-item segment: pays for the skipped ones too. */
static void test_table_init(void)
{
    text t = {0};
    uint64_t i = 19999, got;
    add(&t, "(module (table $t 20000 funcref) (func $f (result i32) (i32.const 9))\n (elem $e func");
    add_n(&t, " $f", 40000);
    add(&t, ")\n (func (export \"init\") (table.init $t $e (i32.const 0) (i32.const 20000) (i32.const 20000)))\n"
            " (func (export \"call\") (param i32) (result i32) (call_indirect $t (result i32) (local.get 0))))");
    if (!load(t.s, 0))
        goto out;
    CHECK_EQ(run_slices("call", &i, 1, 100, 0, NULL, NULL, &got), XIP_TRAP_UNINITIALIZED_ELEMENT);
    CHECK_EQ(run_slices("init", NULL, 0, 0, 1, NULL, NULL, NULL), XIP_OK);
    CHECK(fuel_used >= 40000 / 32);
    report();
    CHECK_EQ(run_slices("call", &i, 1, 100, 0, NULL, NULL, &got), XIP_OK);
    CHECK_EQ(got, 9);
out:
    free(t.s);
}

/*
 * A trap after a lookup takes the lookup's price and no more: call_indirect
 * 1 and its table's walk, table.get the walk (table 3 of an image without
 * imports: 1 unit), measured against a function that traps at once.
 */
static void test_trap_price(void)
{
    uint64_t i = 5, base;
    if (!load("(module (table 1 funcref) (table 1 funcref) (table 1 funcref) (table $t 1 funcref)\n"
              " (func (export \"un\") (param i32) (result i32) (unreachable))\n"
              " (func (export \"ci\") (param i32) (result i32) (call_indirect $t (result i32) (local.get 0)))\n"
              " (func (export \"get\") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0)))))",
              0))
        return;
    CHECK_EQ(run_slices("un", &i, 1, 100, 0, NULL, NULL, NULL), XIP_TRAP_UNREACHABLE);
    base = fuel_used;
    CHECK_EQ(run_slices("ci", &i, 1, 100, 0, NULL, NULL, NULL), XIP_TRAP_UNDEFINED_ELEMENT);
    CHECK_EQ(fuel_used, base + 2);
    CHECK_EQ(run_slices("get", &i, 1, 100, 0, NULL, NULL, NULL), XIP_TRAP_TABLE_OUT_OF_BOUNDS);
    CHECK_EQ(fuel_used, base + 1);
    /* short of the walk, they pause instead, taking nothing */
    CHECK_EQ(run_slices("ci", &i, 1, (uint32_t)base + 1, 1, NULL, NULL, NULL), XIP_TRAP_UNDEFINED_ELEMENT);
    CHECK_EQ(fuel_used, base + 2);
    CHECK_EQ(run_slices("get", &i, 1, (uint32_t)base, 1, NULL, NULL, NULL), XIP_TRAP_TABLE_OUT_OF_BOUNDS);
    CHECK_EQ(fuel_used, base + 1);
}

/*
 * A price learnt by a lookup is remembered while the instruction waits: a
 * table.fill paused for its 2 units does not look its table up again until
 * the fuel covers them, even after the host shrank the table under it; run
 * again then, it traps. memory.fill remembers nothing (it looks nothing up).
 */
static void test_memo(void)
{
    if (!load("(module (table $t 1 100 funcref) (elem declare func $f) (func $f)\n"
              " (func (export \"fill\") (table.fill $t (i32.const 0) (ref.func $f) (i32.const 50))))",
              0))
        return;
    CHECK_EQ(xip_table_set_size(&inst, 0, 50), XIP_OK);
    xip_set_fuel(&inst, 1);
    CHECK_EQ(xip_call(&inst, func("fill"), NULL, 0), XIP_OUT_OF_FUEL);
    CHECK_EQ(xip_fuel(&inst), 1); /* nothing taken */
    CHECK_EQ(xip_table_set_size(&inst, 0, 1), XIP_OK);
    CHECK_EQ(xip_resume(&inst), XIP_OUT_OF_FUEL); /* still short of the 2 it learnt */
    CHECK_EQ(xip_fuel(&inst), 1);
    xip_set_fuel(&inst, 2);
    CHECK_EQ(xip_resume(&inst), XIP_TRAP_TABLE_OUT_OF_BOUNDS);
    CHECK_EQ(xip_fuel(&inst), 2); /* the walk of table 0 is free */
    /* memory.fill learns its price without a lookup: nothing remembered, it checks its range again */
    if (!load("(module (memory 1 2)\n"
              " (func (export \"fill\") (memory.fill (i32.const 65536) (i32.const 7) (i32.const 65536))))",
              0))
        return;
    CHECK_EQ(xip_memory_set_size(&inst, 131072), XIP_OK);
    xip_set_fuel(&inst, 1);
    CHECK_EQ(xip_call(&inst, func("fill"), NULL, 0), XIP_OUT_OF_FUEL);
    CHECK_EQ(xip_memory_set_size(&inst, 65536), XIP_OK);
    CHECK_EQ(xip_resume(&inst), XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
    CHECK_EQ(xip_fuel(&inst), 1);
}

/* ---- lookups behind many entries ------------------------------------------ */

/* data.drop and elem.drop of the last of 3,000 segments, table.size of the last of 100 tables, in a loop. */
static void test_lookups(void)
{
    text t = {0};
    uint64_t n = 200, got;
    add(&t, "(module (memory 1) (func $f)\n");
    add_n(&t, " (data \"abcdefgh\")\n", 3000);
    add_n(&t, " (elem func $f $f $f $f)\n", 3000);
    add_n(&t, " (table 1 funcref)\n", 100);
    add(&t, " (func (export \"f\") (param i32) (result i32)\n"
            "  (loop $l (data.drop 2999) (elem.drop 2999)\n"
            "   (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))\n"
            "  (table.size 99)))");
    if (!load(t.s, 0))
        goto out;
    CHECK_EQ(run_slices("f", &n, 1, 0, 1, NULL, NULL, &got), XIP_OK);
    CHECK_EQ(got, 1);
    CHECK(fuel_used >= 200u * (3000u / 64u) * 2u);
    report();
out:
    free(t.s);
}

/* table.size and call_indirect on an imported table behind 3,000 imported functions, in a loop. */
static void test_imported_table(void)
{
    text t = {0};
    uint64_t n = 300, got;
    add(&t, "(module\n");
    add_n(&t, " (import \"e\" \"f\" (func))\n", 3000);
    add(&t, " (import \"e\" \"t\" (table 4 funcref))\n"
            " (func (export \"f\") (param i32) (result i32)\n"
            "  (loop $l (br_if $l (i32.sub (table.size 0) (i32.const 4)))\n"
            "   (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))\n"
            "  (table.size 0)))");
    if (!load(t.s, 4))
        goto out;
    CHECK_EQ(run_slices("f", &n, 1, 0, 1, NULL, NULL, &got), XIP_OK);
    CHECK_EQ(got, 4);
    CHECK(fuel_used >= 300u * (2u * 3001u / 64u));
    report();
out:
    free(t.s);
}

/* ---- calls and straight-line code ----------------------------------------- */

/*
 * A function with 64,000 locals called 50 times: each call pays for the
 * locals it zeroes. (The compiler shares unused locals' slots, so the FUNC
 * entry is patched to the frame a module with that many live locals gets.)
 */
static void test_big_frame(void)
{
    uint64_t n = 50, got;
    uint32_t size, funcs, stack_at;
    if (!compile("(module (func $big (param i32) (result i32) (local.get 0))\n"
                 " (func (export \"f\") (param i32) (result i32)\n"
                 "  (loop $l (br_if $l (local.tee 0 (call $big (i32.sub (local.get 0) (i32.const 1))))))\n"
                 "  (local.get 0)))"))
        return;
    funcs = section(XIP_SECTION_FUNC, &size) + 2; /* entry 0: $big */
    xip_write_u16(image + funcs + 4, 64000);      /* nlocals */
    xip_write_u16(image + funcs + 6, 64100);      /* frame */
    stack_at = section(XIP_SECTION_STACK, &size);  /* its recorded bound no longer holds: drop it (the last section) */
    if (stack_at != 0) {
        image_size = stack_at - XIP_SECTION_HEADER_SIZE;
        xip_write_u32(image + 12, (uint32_t)image_size);
    }
    reseal();
    if (!CHECK_EQ(load_only(), XIP_OK) || !CHECK_EQ(xip_instantiate(&inst), XIP_OK))
        return;
    stack[70000] = 5;
    CHECK_EQ(run_slices("f", &n, 1, 0, 1, NULL, NULL, &got), XIP_OK);
    CHECK_EQ(got, 0);
    CHECK(fuel_used >= 50u * (64000u / 64u));
    report();
}

/* A 3,000-instruction straight run: the compiler breaks it with jmps, so it pauses every XIP_FUEL_RUN. */
static void test_straight(void)
{
    text t = {0};
    uint64_t x = 1, got;
    uint32_t pauses;
    add(&t, "(module (func (export \"f\") (param i32) (result i32) (local.get 0)\n");
    add_n(&t, " (i32.const 3) (i32.mul) (i32.const 1) (i32.add)", 1500);
    add(&t, "))");
    if (!load(t.s, 0))
        goto out;
    CHECK_EQ(run_slices("f", &x, 1, 0, 1, NULL, &pauses, &got), XIP_OK);
    uint32_t want = 1;
    for (int i = 0; i < 1500; i++)
        want = want * 3 + 1;
    CHECK_EQ(got, want);
    CHECK(fuel_used >= 3000 / XIP_FUEL_RUN);
    CHECK(pauses >= 3000 / XIP_FUEL_RUN);
    report();
out:
    free(t.s);
}

/*
 * A straight run broken only by conditional branches (each br_if falls
 * through when not taken, so the verifier counts on across it): 600 steps
 * of multiply, add and a fused compare-and-branch. The compiler must break
 * it with jmps as if the branches were not there, or the image is refused.
 */
static void test_straight_branches(void)
{
    text t = {0};
    uint64_t x = 0, got;
    uint32_t pauses;
    add(&t, "(module (func (export \"f\") (param i32) (result i32) (local i32) (block $b\n");
    add_n(&t, " (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 3)) (i32.const 1)))"
              " (br_if $b (i32.eq (local.get 1) (local.get 0)))\n", 600);
    add(&t, ") (local.get 1)))");
    if (!load(t.s, 0))
        goto out;
    CHECK_EQ(run_slices("f", &x, 1, 0, 1, NULL, &pauses, &got), XIP_OK); /* 0 is never reached */
    uint32_t want = 0;
    for (int i = 0; i < 600; i++)
        want = want * 3 + 1;
    CHECK_EQ(got, want);
    CHECK(pauses >= 1800 / XIP_FUEL_RUN);
    x = 13; /* 1, 4, 13: the third br_if leaves */
    CHECK_EQ(run_slices("f", &x, 1, 0, 1, NULL, NULL, &got), XIP_OK);
    CHECK_EQ(got, 13);
    report();
out:
    free(t.s);
}

/*
 * Straight runs of the dearest instructions: f64.sqrt of a subnormal (the
 * integer square root normalises first), i64.popcnt of all ones, i64.clz of
 * 1, i64.ctz of 2^63. Checks the results; tests/fuel-bound.sh the price.
 */
static void test_straight_heavy(void)
{
    text t = {0};
    uint64_t args[2] = {1, ~0ull}, got; /* 1: the smallest subnormal's bits */
    add(&t, "(module (func (export \"f\") (param f64 i64) (result i64) (local f64 i64)\n");
    add_n(&t, " (local.set 2 (f64.add (local.get 2) (f64.sqrt (local.get 0))))"
              " (local.set 3 (i64.add (local.get 3) (i64.popcnt (local.get 1))))"
              " (local.set 3 (i64.add (local.get 3) (i64.clz (i64.shr_u (local.get 1) (i64.const 63)))))"
              " (local.set 3 (i64.add (local.get 3) (i64.ctz (i64.shl (local.get 1) (i64.const 63)))))\n", 300);
    add(&t, " (i64.add (local.get 3) (i64.trunc_f64_u (f64.mul (local.get 2) (f64.const 1e170))))))");
    if (!load(t.s, 0))
        goto out;
    CHECK_EQ(run_slices("f", args, 2, 0, 1, NULL, NULL, &got), XIP_OK);
    /* sqrt(2^-1074) = 2^-537; 300 of them (exact) times 1e170, truncated */
    CHECK_EQ(got, 300u * (64 + 63 + 63) + (uint64_t)(300.0 * 0x1p-537 * 1e170));
    report();
out:
    free(t.s);
}

/*
 * The verifier refuses a straight run longer than XIP_FUEL_RUN: the long
 * function with its nth compiler jmp made a mov (n = 0: the run from the
 * function's start; n = 1: a run restarted by a jmp, counted afresh).
 */
static void verifier_refuses_at_jmp(unsigned nth)
{
    text t = {0};
    unsigned seen = 0;
    add(&t, "(module (func (export \"f\") (param i32) (result i32) (local.get 0)\n");
    add_n(&t, " (i32.const 3) (i32.mul)", XIP_FUEL_RUN * 3);
    add(&t, "))");
    if (!compile(t.s))
        goto out;
    CHECK_EQ(load_only(), XIP_OK);
    /* find the first `jmp +3` (the compiler's) in CODE and make it `mov r0, r0` (3 bytes, pays nothing) */
    uint32_t code_size, code = section(XIP_SECTION_CODE, &code_size), at = 0, pc = 0, len;
    while (pc < code_size && !at && (len = xip_disasm_length(image + code, code_size, pc)) != 0) {
        if (image[code + pc] == XIP_OP_JMP && xip_read_u16(image + code + pc + 1) == 3 && seen++ == nth)
            at = code + pc;
        pc += len;
    }
    if (!CHECK(at != 0))
        goto out;
    image[at] = XIP_OP_MOV;
    image[at + 1] = 0;
    image[at + 2] = 0;
    reseal();
    CHECK_EQ(load_only(), XIP_ERR_BAD_CODE);
    CHECK_EQ(xip_error_offset(&inst), at); /* the instruction that made the run too long */
    if (check_failed)
        printf("jmp %u at %u, error at %u, code %u..%u\n", nth, (unsigned)at, (unsigned)xip_error_offset(&inst),
               (unsigned)code, (unsigned)(code + code_size));
out:
    free(t.s);
}

static void test_verifier_refuses(void)
{
    verifier_refuses_at_jmp(0);
    verifier_refuses_at_jmp(1);
}

/* A zero-offset loop and a one-instruction loop: one unit per iteration, each pausing in slices. */
static void test_tight_loops(void)
{
    uint64_t n = 100000, got;
    if (!load("(module (func (export \"spin\") (param i32) (result i32)\n"
              "  (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))) (local.get 0)))",
              0))
        return;
    CHECK_EQ(run_slices("spin", &n, 1, 0, 1000, NULL, NULL, &got), XIP_OK);
    CHECK_EQ(got, 0);
    CHECK_EQ(fuel_used, 100000); /* 99,999 branches and the return */
    report();
}

/*
 * A call with fuel left equal to its price runs: the cheapest fuel that
 * finishes f pays the call, then one unit for each of the two returns, so
 * with one or two units less the run pauses at a return with nothing left.
 */
static void test_call_exact(void)
{
    uint32_t given, done = 0;
    xip_status st;
    if (!load("(module (func $g (result i32) (i32.const 7))\n"
              " (func (export \"f\") (result i32) (i32.add (call $g) (i32.const 1))))",
              0))
        return;
    for (given = 0; given < 1000 && !done; given++) {
        xip_set_fuel(&inst, given);
        if (xip_call(&inst, func("f"), NULL, 0) == XIP_OK)
            done = given;
    }
    if (!CHECK(done >= 3)) /* the call pays at least one unit */
        return;
    for (given = done - 2; given < done; given++) {
        xip_set_fuel(&inst, given);
        st = xip_call(&inst, func("f"), NULL, 0);
        CHECK_EQ(st, XIP_OUT_OF_FUEL);
        CHECK_EQ(xip_fuel(&inst), 0); /* paused at a return: the call ran */
    }
}

static const check_case cases[] = {
    {"fill", test_fill},
    {"fill_exact", test_fill_exact},
    {"copy", test_copy},
    {"copy_overlap", test_copy_overlap},
    {"init", test_init},
    {"grow", test_grow},
    {"tables", test_tables},
    {"table_grow_pause", test_table_grow_pause},
    {"table_init", test_table_init},
    {"trap_price", test_trap_price},
    {"memo", test_memo},
    {"lookups", test_lookups},
    {"imported_table", test_imported_table},
    {"big_frame", test_big_frame},
    {"straight", test_straight},
    {"straight_branches", test_straight_branches},
    {"straight_heavy", test_straight_heavy},
    {"verifier_refuses", test_verifier_refuses},
    {"tight_loops", test_tight_loops},
    {"call_exact", test_call_exact},
};

int main(int argc, char **argv)
{
    int status = check_main(argc, argv, cases, CHECK_COUNT(cases));
    free(image);
    return status;
}
