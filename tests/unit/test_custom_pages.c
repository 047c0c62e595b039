/*
 * test_custom_pages.c: the custom-page-sizes proposal tests that wast2json
 * 1.0.32 cannot read (custom-page-sizes.wast, custom-page-sizes-invalid.wast,
 * memory_max.wast; see shared/testsuite/proposals/custom-page-sizes/), written
 * as binary modules from their text. Each module is built with the small byte
 * writer below, its .wat in a comment above it, and runs the real path:
 * xc_compile, xip_load, xip_instantiate, xip_call. Labels name the .wast file
 * and line of the assertion; "extra" cases go past the .wast files.
 *
 * Out of scope (Wasm 2.0 plus custom page sizes only):
 *   - memory_max_i64.wast, all of it: i64 (memory64) memories.
 *   - custom-page-sizes.wast:60-91 (copy between two memories) and the
 *     exporting modules $m at :96 and -invalid.wast:97: multi-memory.
 *   - the assert_unlinkable pair at -invalid.wast:103/:110: its exporter is
 *     multi-memory, and linking is the embedder's job (no linker API).
 *   - module quote cases (-invalid.wast:2, :7, custom-page-sizes.wast:113):
 *     pagesize 0 or 3 exist only in the text format; the binary exponent
 *     cannot express them.
 * Differs from the text by design: memory_max.wast:23 encodes a minimum of
 * 2^32, which a Wasm 2.0 binary cannot hold (limits are u32; the .wast comes
 * from the memory64-based Wasm 3.0 binary format with u64 limits), so here it
 * is malformed ("integer too large") instead of invalid.
 *
 * Prints one line per failure, then "N passed, N failed"; exits non-zero on
 * failure.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compiler/compiler.h"
#include "xip.h"
#include "xip_format.h"

static const char *wast = "?"; /* the .wast file the current assertions come from */

/* Counts one check; on failure prints "FAIL file:line: what". */
static void check(int ok, int line, const char *format, ...)
{
    va_list ap;
    check_total++;
    if (ok)
        return;
    check_failed++;
    if (line > 0)
        printf("FAIL %s:%d: ", wast, line);
    else
        printf("FAIL %s (extra): ", wast);
    va_start(ap, format);
    vprintf(format, ap);
    va_end(ap);
    printf("\n");
}

/* ---- byte writer: LEB128, names, sections ------------------------------- */

typedef struct bytes {
    uint8_t b[1024];
    size_t n;
} bytes;

/* Appends one byte. */
static void put_byte(bytes *o, uint8_t v)
{
    assert(o->n < sizeof o->b);
    o->b[o->n++] = v;
}

/* Appends n raw bytes. */
static void put_raw(bytes *o, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put_byte(o, p[i]);
}

/* Appends v as unsigned LEB128 (wide enough for values a u32 cannot hold). */
static void put_leb(bytes *o, uint64_t v)
{
    do {
        uint8_t byte = (uint8_t)(v & 0x7f);
        v >>= 7;
        put_byte(o, (uint8_t)(byte | (v ? 0x80 : 0)));
    } while (v);
}

/* Appends v as signed LEB128. */
static void put_sleb(bytes *o, int32_t v)
{
    int64_t rest = v;
    for (;;) {
        uint8_t byte = (uint8_t)((uint64_t)rest & 0x7f);
        rest = (rest - byte) / 128; /* exact: the low 7 bits are gone, so this is floor(rest / 128) */
        if ((rest == 0 && !(byte & 0x40)) || (rest == -1 && (byte & 0x40))) {
            put_byte(o, byte);
            return;
        }
        put_byte(o, (uint8_t)(byte | 0x80));
    }
}

/* Appends a name: its length, then its bytes. */
static void put_name(bytes *o, const char *s)
{
    put_leb(o, strlen(s));
    put_raw(o, (const uint8_t *)s, strlen(s));
}

/* ---- module builder ----------------------------------------------------- */

#define NO_MAX UINT64_MAX /* limits without a maximum */
#define NO_PAGESIZE (-1)  /* limits flag without bit 0x08: the default 64 KiB page */

/* Section bodies without their leading counts; the counts apart. */
typedef struct module {
    bytes types, imports, funcs, memories, exports, code, data;
    uint32_t type_count, import_count, func_count, memory_count, export_count, code_count,
        data_count;
} module;

/* Wasm opcodes used by the bodies below. */
enum {
    END = 0x0b,
    LOCAL_GET = 0x20,
    I32_LOAD = 0x28,
    I32_LOAD8_U = 0x2d,
    I32_STORE = 0x36,
    I32_STORE8 = 0x3a,
    MEMORY_SIZE = 0x3f,
    MEMORY_GROW = 0x40,
    I32_CONST = 0x41
};

/* Starts an empty module. */
static void mod_init(module *m)
{
    memset(m, 0, sizeof *m);
}

/*
 * Appends a memory type: flags (bit 0: a max follows; bit 3: a page-size
 * exponent follows), min, max, exponent. log2 NO_PAGESIZE leaves bit 3 clear.
 */
static void put_memtype(bytes *o, uint64_t min, uint64_t max, int log2)
{
    put_byte(o, (uint8_t)((max != NO_MAX ? 0x01 : 0) | (log2 != NO_PAGESIZE ? 0x08 : 0)));
    put_leb(o, min);
    if (max != NO_MAX)
        put_leb(o, max);
    if (log2 != NO_PAGESIZE)
        put_leb(o, (uint64_t)log2);
}

/* Adds a function type from a signature "PARAMS:RESULTS" of 'i' (i32); returns its index. */
static uint32_t mod_type(module *m, const char *sig)
{
    const char *colon = strchr(sig, ':');
    assert(colon != NULL);
    put_byte(&m->types, 0x60);
    put_leb(&m->types, (uint64_t)(colon - sig));
    for (const char *p = sig; p < colon; p++)
        put_byte(&m->types, 0x7f);
    put_leb(&m->types, strlen(colon + 1));
    for (const char *p = colon + 1; *p; p++)
        put_byte(&m->types, 0x7f);
    return m->type_count++;
}

/* (memory min max? (pagesize 2^log2)?) */
static void mod_memory(module *m, uint64_t min, uint64_t max, int log2)
{
    put_memtype(&m->memories, min, max, log2);
    m->memory_count++;
}

/* (import "module" "field" (memory min max? (pagesize 2^log2)?)) */
static void mod_import_memory(module *m, const char *module_name, const char *field, uint64_t min,
                              uint64_t max, int log2)
{
    put_name(&m->imports, module_name);
    put_name(&m->imports, field);
    put_byte(&m->imports, 0x02);
    put_memtype(&m->imports, min, max, log2);
    m->import_count++;
}

/* (import "module" "field" (func (type sig))); comes before every defined function. */
static void mod_import_func(module *m, const char *module_name, const char *field, const char *sig)
{
    uint32_t type = mod_type(m, sig);
    assert(m->func_count == 0);
    put_name(&m->imports, module_name);
    put_name(&m->imports, field);
    put_byte(&m->imports, 0x00);
    put_leb(&m->imports, type);
    m->import_count++;
}

/* (func (export "name") (type sig) body... end), without locals. */
static void mod_func(module *m, const char *export_name, const char *sig, const uint8_t *body,
                     size_t body_size)
{
    uint32_t type = mod_type(m, sig);
    put_leb(&m->funcs, type);
    put_name(&m->exports, export_name);
    put_byte(&m->exports, 0x00);
    put_leb(&m->exports, m->func_count); /* no function imports where functions are defined */
    m->export_count++;
    put_leb(&m->code, body_size + 2);
    put_byte(&m->code, 0x00); /* no local declarations */
    put_raw(&m->code, body, body_size);
    put_byte(&m->code, END);
    m->func_count++;
    m->code_count++;
}

/* (data (i32.const offset) "bytes") into memory 0. */
static void mod_data(module *m, int32_t offset, const char *text)
{
    put_byte(&m->data, 0x00);
    put_byte(&m->data, I32_CONST);
    put_sleb(&m->data, offset);
    put_byte(&m->data, END);
    put_name(&m->data, text);
    m->data_count++;
}

/* Appends section id with its count and entries, when it has entries. */
static void put_section(bytes *o, uint8_t id, uint32_t count, const bytes *entries)
{
    bytes body;
    if (count == 0)
        return;
    body.n = 0;
    put_leb(&body, count);
    put_raw(&body, entries->b, entries->n);
    put_byte(o, id);
    put_leb(o, body.n);
    put_raw(o, body.b, body.n);
}

/* Writes the module's binary into out. */
static void mod_finish(const module *m, bytes *out)
{
    static const uint8_t header[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    out->n = 0;
    put_raw(out, header, sizeof header);
    put_section(out, 1, m->type_count, &m->types);
    put_section(out, 2, m->import_count, &m->imports);
    put_section(out, 3, m->func_count, &m->funcs);
    put_section(out, 5, m->memory_count, &m->memories);
    put_section(out, 7, m->export_count, &m->exports);
    put_section(out, 10, m->code_count, &m->code);
    put_section(out, 11, m->data_count, &m->data);
}

/* The functions of custom-page-sizes.wast:10, added to m. */
static void mod_size_grow_load_store(module *m)
{
    static const uint8_t size[] = {MEMORY_SIZE, 0x00};
    static const uint8_t grow[] = {LOCAL_GET, 0, MEMORY_GROW, 0x00};
    static const uint8_t load[] = {LOCAL_GET, 0, I32_LOAD8_U, 0, 0};
    static const uint8_t store[] = {LOCAL_GET, 0, LOCAL_GET, 1, I32_STORE8, 0, 0};
    mod_func(m, "size", ":i", size, sizeof size);
    mod_func(m, "grow", "i:i", grow, sizeof grow);
    mod_func(m, "load", "i:i", load, sizeof load);
    mod_func(m, "store", "ii:", store, sizeof store);
}

/* ---- running ------------------------------------------------------------ */

/* One compiled module and, once loaded, its instance and buffers. */
typedef struct vm {
    uint8_t *image;
    size_t image_size;
    xip_instance inst;
    uint8_t *memory;
    uint64_t globals[4];
    uint64_t stack[512];
    xip_frame frames[16];
    uint32_t tables[4];
} vm;

/* Compiles m; true on success, else false with *error set. */
static int compile(const module *m, vm *v, xc_error *error)
{
    xc_options options = {XC_PASS_NONE, NULL, 0};
    bytes wasm;
    mod_finish(m, &wasm);
    memset(error, 0, sizeof *error);
    v->image = NULL;
    v->memory = NULL;
    return xc_compile(wasm.b, wasm.n, &options, &v->image, &v->image_size, error);
}

/* Frees what v holds. */
static void vm_close(vm *v)
{
    free(v->image);
    free(v->memory);
    v->image = NULL;
    v->memory = NULL;
}

/* Loads v's image with a memory buffer of memory_bytes (its capacity). */
static xip_status vm_load(vm *v, uint32_t memory_bytes)
{
    xip_buffers b = {NULL, memory_bytes, v->globals, 4, v->stack, 512, v->frames, 16, v->tables, 4};
    v->memory = calloc(memory_bytes ? memory_bytes : 1, 1);
    assert(v->memory != NULL);
    b.memory = v->memory;
    return xip_load(&v->inst, v->image, (uint32_t)v->image_size, &b);
}

/* Compiles, loads and instantiates m (one check: it must succeed); false on failure. */
static int vm_start(vm *v, int line, const module *m, uint32_t memory_bytes)
{
    xc_error error;
    xip_status st;
    if (!compile(m, v, &error)) {
        check(0, line, "module does not compile: %s", error.message);
        return 0;
    }
    st = vm_load(v, memory_bytes);
    if (st == XIP_OK)
        st = xip_instantiate(&v->inst);
    check(st == XIP_OK, line, "module does not load/instantiate: %s", xip_status_name(st));
    if (st != XIP_OK)
        vm_close(v);
    return st == XIP_OK;
}

/* Calls export func with nargs i32 arguments from ap; results into *result (0 if none). */
static xip_status invoke(vm *v, const char *func, int nargs, va_list ap, uint32_t *nresults,
                         uint32_t *result)
{
    uint64_t args[4];
    int32_t index = xip_find_export(&v->inst, func, (uint32_t)strlen(func), XIP_EXTERN_FUNC);
    xip_status st;
    assert(nargs <= 4);
    for (int i = 0; i < nargs; i++)
        args[i] = (uint32_t)va_arg(ap, int);
    *nresults = 0;
    *result = 0;
    if (index < 0)
        return XIP_ERR_ARGUMENT;
    st = xip_call(&v->inst, (uint32_t)index, args, (uint32_t)nargs);
    if (st == XIP_OK) {
        const uint64_t *r = xip_results(&v->inst, nresults);
        if (*nresults > 0)
            *result = (uint32_t)r[0];
    }
    return st;
}

/* (assert_return (invoke func args...) (i32.const want)) */
static void assert_return_i32(vm *v, int line, uint32_t want, const char *func, int nargs, ...)
{
    uint32_t n, got;
    xip_status st;
    va_list ap;
    va_start(ap, nargs);
    st = invoke(v, func, nargs, ap, &n, &got);
    va_end(ap);
    check(st == XIP_OK && n == 1 && got == want, line, "%s: %s, %u results, got %u (0x%x), want %u (0x%x)",
          func, xip_status_name(st), n, got, got, want, want);
}

/* (assert_return (invoke func args...)) with no result */
static void assert_return_none(vm *v, int line, const char *func, int nargs, ...)
{
    uint32_t n, got;
    xip_status st;
    va_list ap;
    va_start(ap, nargs);
    st = invoke(v, func, nargs, ap, &n, &got);
    va_end(ap);
    check(st == XIP_OK && n == 0, line, "%s: %s, %u results, want none", func, xip_status_name(st), n);
}

/* (assert_trap (invoke func args...) "...") with trap status want */
static void assert_trap(vm *v, int line, xip_status want, const char *func, int nargs, ...)
{
    uint32_t n, got;
    xip_status st;
    va_list ap;
    va_start(ap, nargs);
    st = invoke(v, func, nargs, ap, &n, &got);
    va_end(ap);
    check(st == want, line, "%s: got \"%s\", want \"%s\"", func, xip_status_name(st), xip_status_name(want));
}

/* A module that must compile (the .wast's plain modules and module definitions). */
static void assert_valid(int line, const module *m)
{
    vm v;
    xc_error error;
    int ok = compile(m, &v, &error);
    check(ok, line, "module does not compile: %s", error.message);
    vm_close(&v);
}

/* (assert_invalid / assert_malformed m "message"): compiling fails, the message contains text. */
static void assert_rejected(int line, const module *m, const char *text)
{
    vm v;
    xc_error error;
    int ok = compile(m, &v, &error);
    check(!ok && strstr(error.message, text) != NULL, line, "want \"%s\", got %s \"%s\"", text,
          ok ? "a compiled module," : "the error", ok ? "" : error.message);
    vm_close(&v);
}

/* The same for a module given as raw bytes. */
static void assert_rejected_raw(int line, const uint8_t *wasm, size_t size, const char *text)
{
    xc_options options = {XC_PASS_NONE, NULL, 0};
    xc_error error;
    uint8_t *image = NULL;
    size_t image_size = 0;
    int ok;
    memset(&error, 0, sizeof error);
    ok = xc_compile(wasm, size, &options, &image, &image_size, &error);
    check(!ok && strstr(error.message, text) != NULL, line, "want \"%s\", got %s \"%s\"", text,
          ok ? "a compiled module," : "the error", ok ? "" : error.message);
    free(image);
}

/* ---- custom-page-sizes.wast --------------------------------------------- */

/* Lines 2-7: every valid page size, with and without a maximum. */
static void test_valid_page_sizes(void)
{
    static const struct { int line; uint64_t min, max; int log2; } cases[] = {
        {2, 1, NO_MAX, 0},  /* (module (memory 1 (pagesize 1))) */
        {3, 1, NO_MAX, 16}, /* (module (memory 1 (pagesize 65536))) */
        {6, 1, 2, 0},       /* (module (memory 1 2 (pagesize 1))) */
        {7, 1, 2, 16},      /* (module (memory 1 2 (pagesize 65536))) */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        module m;
        vm v;
        mod_init(&m);
        mod_memory(&m, cases[i].min, cases[i].max, cases[i].log2);
        if (vm_start(&v, cases[i].line, &m, 65536 * 2))
            vm_close(&v);
    }
}

/*
 * (module
 *   (memory 0 (pagesize 1))
 *   (func (export "size") (result i32) memory.size)
 *   (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
 *   (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
 *   (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))
 */
static void test_one_byte_pages(void)
{
    module m;
    vm v;
    uint32_t bytes = 0;
    mod_init(&m);
    mod_memory(&m, 0, NO_MAX, 0);
    mod_size_grow_load_store(&m);
    /* The buffer is larger than the memory grows, so traps come from its size, not the buffer's. */
    if (!vm_start(&v, 10, &m, 3 * 65536))
        return;
    assert_return_i32(&v, 26, 0, "size", 0);
    assert_trap(&v, 27, XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "load", 1, 0);

    assert_return_i32(&v, 29, 0, "grow", 1, 65536);
    assert_return_i32(&v, 30, 65536, "size", 0);
    assert_return_i32(&v, 31, 0, "load", 1, 65535);
    assert_return_none(&v, 32, "store", 2, 65535, 1);
    assert_return_i32(&v, 33, 1, "load", 1, 65535);
    assert_trap(&v, 34, XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "load", 1, 65536);

    assert_return_i32(&v, 36, 65536, "grow", 1, 65536);
    assert_return_i32(&v, 37, 131072, "size", 0);
    assert_return_i32(&v, 38, 0, "load", 1, 131071);
    assert_return_none(&v, 39, "store", 2, 131071, 1);
    assert_return_i32(&v, 40, 1, "load", 1, 131071);
    assert_trap(&v, 41, XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "load", 1, 131072);

    /* extra: the embedder sees the same size in bytes; a store past the end traps too */
    xip_memory(&v.inst, &bytes);
    check(bytes == 131072, 0, "xip_memory size %u, want 131072", bytes);
    assert_trap(&v, 0, XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "store", 2, 131072, 1);
    assert_trap(&v, 0, XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "store", 2, -1, 1);
    vm_close(&v);
}

/*
 * (module
 *   (memory 0 (pagesize 65536))
 *   (func (export "size") (result i32) memory.size)
 *   (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
 */
static void test_explicit_default_pages(void)
{
    static const uint8_t size[] = {MEMORY_SIZE, 0x00};
    static const uint8_t grow[] = {LOCAL_GET, 0, MEMORY_GROW, 0x00};
    module m;
    vm v;
    mod_init(&m);
    mod_memory(&m, 0, NO_MAX, 16);
    mod_func(&m, "size", ":i", size, sizeof size);
    mod_func(&m, "grow", "i:i", grow, sizeof grow);
    if (!vm_start(&v, 46, &m, 2 * 65536))
        return;
    assert_return_i32(&v, 55, 0, "size", 0);
    assert_return_i32(&v, 56, (uint32_t)-1, "grow", 1, 65537);
    assert_return_i32(&v, 57, 0, "size", 0);
    /* extra: 64 KiB pages still grow a page at a time */
    assert_return_i32(&v, 0, 0, "grow", 1, 1);
    assert_return_i32(&v, 0, 1, "size", 0);
    vm_close(&v);
}

/*
 * Lines 102 and 106, importing what $m exports (its memories are multi-memory,
 * so the host gives each importer a memory of the same type, 0 pages long):
 *   (module (memory (import "m" "small-pages-memory") 0 (pagesize 1)))
 *   (module (memory (import "m" "large-pages-memory") 0 (pagesize 65536)))
 */
static void test_imported_memories(void)
{
    static const struct { int line; const char *field; int log2; } cases[] = {
        {102, "small-pages-memory", 0},
        {106, "large-pages-memory", 16},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        module m;
        vm v;
        xc_error error;
        xip_status st;
        mod_init(&m);
        mod_import_memory(&m, "m", cases[i].field, 0, NO_MAX, cases[i].log2);
        if (!compile(&m, &v, &error)) {
            check(0, cases[i].line, "module does not compile: %s", error.message);
            continue;
        }
        st = vm_load(&v, 65536);
        if (st == XIP_OK)
            st = xip_set_import_memory(&v.inst, 0);
        if (st == XIP_OK)
            st = xip_instantiate(&v.inst);
        check(st == XIP_OK, cases[i].line, "module does not link/instantiate: %s", xip_status_name(st));
        vm_close(&v);

        /* extra: the host's current size must be a whole number of the import's pages */
        if (compile(&m, &v, &error) && vm_load(&v, 65536) == XIP_OK) {
            st = xip_set_import_memory(&v.inst, 3);
            check(cases[i].log2 == 0 ? st == XIP_OK : st == XIP_ERR_ARGUMENT, 0,
                  "import with page 2^%d: 3 bytes of host memory gave %s", cases[i].log2,
                  xip_status_name(st));
        }
        vm_close(&v);
    }
}

/*
 * (module
 *   (memory (pagesize 1) (data "xyz"))          ;; = (memory 3 3 (pagesize 1)) (data (i32.const 0) "xyz")
 *   (func (export "size") (result i32) memory.size)
 *   (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
 *   (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
 */
static void test_inline_data_one_byte_pages(void)
{
    static const uint8_t size[] = {MEMORY_SIZE, 0x00};
    static const uint8_t grow[] = {LOCAL_GET, 0, MEMORY_GROW, 0x00};
    static const uint8_t load[] = {LOCAL_GET, 0, I32_LOAD8_U, 0, 0};
    module m;
    vm v;
    mod_init(&m);
    mod_memory(&m, 3, 3, 0);
    mod_func(&m, "size", ":i", size, sizeof size);
    mod_func(&m, "grow", "i:i", grow, sizeof grow);
    mod_func(&m, "load", "i:i", load, sizeof load);
    mod_data(&m, 0, "xyz");
    if (!vm_start(&v, 116, &m, 65536))
        return;
    assert_return_i32(&v, 125, 3, "size", 0);
    assert_return_i32(&v, 126, 120, "load", 1, 0);
    assert_return_i32(&v, 127, 121, "load", 1, 1);
    assert_return_i32(&v, 128, 122, "load", 1, 2);
    assert_trap(&v, 129, XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "load", 1, 3);
    assert_return_i32(&v, 130, (uint32_t)-1, "grow", 1, 1);
    vm_close(&v);
}

/*
 * (module
 *   (memory (pagesize 65536) (data "xyz"))      ;; = (memory 1 1 (pagesize 65536)) (data (i32.const 0) "xyz")
 *   (func (export "size") (result i32) memory.size))
 */
static void test_inline_data_default_pages(void)
{
    static const uint8_t size[] = {MEMORY_SIZE, 0x00};
    module m;
    vm v;
    mod_init(&m);
    mod_memory(&m, 1, 1, 16);
    mod_func(&m, "size", ":i", size, sizeof size);
    mod_data(&m, 0, "xyz");
    if (!vm_start(&v, 133, &m, 65536))
        return;
    assert_return_i32(&v, 138, 1, "size", 0);
    vm_close(&v);
}

/* ---- custom-page-sizes-invalid.wast ------------------------------------- */

/* (assert_invalid (module (memory 0 (pagesize 2^k))) "invalid custom page size"), k = 1..15, 17 */
static void test_invalid_page_sizes(void)
{
    for (int k = 1; k <= 17; k++) {
        module m;
        if (k == 16)
            continue;
        mod_init(&m);
        mod_memory(&m, 0, NO_MAX, k);
        assert_rejected(k == 17 ? 76 : 14 + 4 * (k - 1), &m, "invalid custom page size");
    }
    /* extra: 2^64 does not fit a u64 either (malformed or invalid: the same message) */
    {
        module m;
        mod_init(&m);
        mod_memory(&m, 0, NO_MAX, 64);
        assert_rejected(0, &m, "invalid custom page size");
    }
}

/* Line 82: the exponent 65 (2^65 overflows a u64 shift) is malformed. */
static void test_page_size_exponent_65(void)
{
    static const uint8_t wasm[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x05, 0x04, 0x01, /* memory section, 4 bytes, 1 memory */
        0x08,             /* flags with a custom page size */
        0x00,             /* minimum 0 */
        0x41,             /* page size 2^65 */
    };
    assert_rejected_raw(82, wasm, sizeof wasm, "invalid custom page size");
}

/* ---- memory_max.wast ---------------------------------------------------- */

static void test_memory_max(void)
{
    module m;
    vm v;
    xc_error error;
    xip_requirements req;

    /* (module definition (memory 0xFFFF_FFFF (pagesize 1))) */
    mod_init(&m);
    mod_memory(&m, 0xffffffffu, NO_MAX, 0);
    assert_valid(4, &m);
    /* extra: the image asks for 4 GiB - 1 bytes; a small buffer is refused, not overrun */
    if (compile(&m, &v, &error)) {
        xip_status st = xip_image_requirements(v.image, (uint32_t)v.image_size, &req);
        check(st == XIP_OK && req.memory_bytes == 0xffffffffu && req.memory_max_bytes == 0xffffffffu, 0,
              "requirements of memory 0xffffffff (pagesize 1): %s, %u bytes, max %u", xip_status_name(st),
              req.memory_bytes, req.memory_max_bytes);
        st = vm_load(&v, 65536);
        check(st == XIP_ERR_BUFFER_TOO_SMALL, 0, "load of memory 0xffffffff (pagesize 1) in 64 KiB: %s",
              xip_status_name(st));
    }
    vm_close(&v);

    /* (module definition (import "a" "b" (memory 0xFFFF_FFFF (pagesize 1)))) */
    mod_init(&m);
    mod_import_memory(&m, "a", "b", 0xffffffffu, NO_MAX, 0);
    assert_valid(8, &m);

    /* (module definition (import "test" "unknown" (func)) (memory 65536 (pagesize 65536))) */
    mod_init(&m);
    mod_import_func(&m, "test", "unknown", ":");
    mod_memory(&m, 65536, NO_MAX, 16);
    assert_valid(12, &m);

    /* (module definition (import "test" "unknown" (memory 65536 (pagesize 65536)))) */
    mod_init(&m);
    mod_import_memory(&m, "test", "unknown", 65536, NO_MAX, 16);
    assert_valid(17, &m);

    /*
     * (assert_invalid (module (memory 0x1_0000_0000 (pagesize 1))) "memory size must be at most")
     * A Wasm 2.0 binary holds limits as u32: 2^32 is malformed there (see the top).
     */
    mod_init(&m);
    mod_memory(&m, 0x100000000ull, NO_MAX, 0);
    assert_rejected(23, &m, "integer too large");

    /* (assert_invalid (module (memory 65537 (pagesize 65536))) "memory size must be at most") */
    mod_init(&m);
    mod_memory(&m, 65537, NO_MAX, 16);
    assert_rejected(29, &m, "memory size must be at most");

    /* extra: the same limits as a maximum */
    mod_init(&m);
    mod_memory(&m, 0, 65537, 16);
    assert_rejected(0, &m, "memory size must be at most");
    mod_init(&m);
    mod_memory(&m, 0, 0xffffffffu, 0);
    assert_valid(0, &m);
}

/* ---- extra: 1-byte pages at the edges ----------------------------------- */

/*
 * (module
 *   (memory 5 (pagesize 1))
 *   (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
 *   (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))
 * A 4-byte access must fit entirely: at 1 it ends at 5 (fits), at 2 it does not.
 */
static void test_wide_access_at_boundary(void)
{
    static const uint8_t load[] = {LOCAL_GET, 0, I32_LOAD, 2, 0};
    static const uint8_t store[] = {LOCAL_GET, 0, LOCAL_GET, 1, I32_STORE, 2, 0};
    module m;
    vm v;
    uint32_t bytes;
    uint8_t *mem;
    mod_init(&m);
    mod_memory(&m, 5, NO_MAX, 0);
    mod_func(&m, "load", "i:i", load, sizeof load);
    mod_func(&m, "store", "ii:", store, sizeof store);
    if (!vm_start(&v, 0, &m, 65536))
        return;
    assert_return_none(&v, 0, "store", 2, 1, 0x44332211);
    assert_return_i32(&v, 0, 0x44332211, "load", 1, 1);
    assert_trap(&v, 0, XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "load", 1, 2);
    assert_trap(&v, 0, XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "store", 2, 2, -1);
    mem = xip_memory(&v.inst, &bytes);
    check(bytes == 5 && mem[4] == 0x44 && mem[0] == 0, 0, "memory after a trapped store: %u bytes, [4]=%u",
          bytes, mem[4]);
    vm_close(&v);
}

/*
 * (module
 *   (memory 0 2 (pagesize 1))
 *   (func (export "size") ...) (func (export "grow") ...) (func (export "load") ...) (func (export "store") ...))
 * memory.grow stops at the maximum in 1-byte pages, whatever the buffer holds.
 */
static void test_grow_to_max(void)
{
    module m;
    vm v;
    mod_init(&m);
    mod_memory(&m, 0, 2, 0);
    mod_size_grow_load_store(&m);
    if (!vm_start(&v, 0, &m, 65536))
        return;
    assert_return_i32(&v, 0, 0, "grow", 1, 1);
    assert_return_i32(&v, 0, 1, "grow", 1, 1);
    assert_return_i32(&v, 0, (uint32_t)-1, "grow", 1, 1);
    assert_return_i32(&v, 0, 2, "grow", 1, 0);
    assert_return_i32(&v, 0, 2, "size", 0);
    assert_return_i32(&v, 0, 0, "load", 1, 1);
    assert_trap(&v, 0, XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "load", 1, 2);
    vm_close(&v);
}

/*
 * (module (memory 0 0xFFFF_FFFF (pagesize 1)) (func (export "size") ...) (func (export "grow") ...) ...)
 * The largest maximum loads into a small buffer; growing past the buffer fails with -1.
 */
static void test_max_pages_in_small_buffer(void)
{
    module m;
    vm v;
    mod_init(&m);
    mod_memory(&m, 0, 0xffffffffu, 0);
    mod_size_grow_load_store(&m);
    if (!vm_start(&v, 0, &m, 4096))
        return;
    assert_return_i32(&v, 0, 0, "grow", 1, 100);
    assert_return_i32(&v, 0, 100, "size", 0);
    assert_return_i32(&v, 0, (uint32_t)-1, "grow", 1, -1);
    assert_return_i32(&v, 0, (uint32_t)-1, "grow", 1, 4096 - 99);
    assert_return_i32(&v, 0, 100, "grow", 1, 4096 - 100);
    assert_return_i32(&v, 0, 4096, "size", 0);
    assert_return_none(&v, 0, "store", 2, 4095, 7);
    assert_return_i32(&v, 0, 7, "load", 1, 4095);
    assert_trap(&v, 0, XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "load", 1, 4096);
    vm_close(&v);
}

/*
 * (module (memory 3 (pagesize 1)) (data (i32.const 1) "xyz"))
 * The segment ends one byte past a 3-byte memory: instantiation traps.
 */
static void test_data_past_small_memory(void)
{
    module m;
    vm v;
    xc_error error;
    xip_status st = XIP_ERR_STATE;
    mod_init(&m);
    mod_memory(&m, 3, NO_MAX, 0);
    mod_data(&m, 1, "xyz");
    if (compile(&m, &v, &error)) {
        st = vm_load(&v, 65536);
        if (st == XIP_OK)
            st = xip_instantiate(&v.inst);
    }
    check(st == XIP_TRAP_MEMORY_OUT_OF_BOUNDS, 0, "data (i32.const 1) \"xyz\" in 3 bytes: %s",
          xip_status_name(st));
    vm_close(&v);
}

/* Each case names the .wast file its assertions come from. */
static void case_valid_page_sizes(void)
{
    wast = "custom-page-sizes.wast";
    test_valid_page_sizes();
}

static void case_one_byte_pages(void)
{
    wast = "custom-page-sizes.wast";
    test_one_byte_pages();
}

static void case_explicit_default_pages(void)
{
    wast = "custom-page-sizes.wast";
    test_explicit_default_pages();
}

static void case_imported_memories(void)
{
    wast = "custom-page-sizes.wast";
    test_imported_memories();
}

static void case_inline_data_one_byte_pages(void)
{
    wast = "custom-page-sizes.wast";
    test_inline_data_one_byte_pages();
}

static void case_inline_data_default_pages(void)
{
    wast = "custom-page-sizes.wast";
    test_inline_data_default_pages();
}

static void case_invalid_page_sizes(void)
{
    wast = "custom-page-sizes-invalid.wast";
    test_invalid_page_sizes();
}

static void case_page_size_exponent_65(void)
{
    wast = "custom-page-sizes-invalid.wast";
    test_page_size_exponent_65();
}

static void case_memory_max(void)
{
    wast = "memory_max.wast";
    test_memory_max();
}

static void case_wide_access_at_boundary(void)
{
    wast = "custom-page-sizes";
    test_wide_access_at_boundary();
}

static void case_grow_to_max(void)
{
    wast = "custom-page-sizes";
    test_grow_to_max();
}

static void case_max_pages_in_small_buffer(void)
{
    wast = "custom-page-sizes";
    test_max_pages_in_small_buffer();
}

static void case_data_past_small_memory(void)
{
    wast = "custom-page-sizes";
    test_data_past_small_memory();
}

static const check_case cases[] = {
    {"valid_page_sizes", case_valid_page_sizes},
    {"one_byte_pages", case_one_byte_pages},
    {"explicit_default_pages", case_explicit_default_pages},
    {"imported_memories", case_imported_memories},
    {"inline_data_one_byte_pages", case_inline_data_one_byte_pages},
    {"inline_data_default_pages", case_inline_data_default_pages},
    {"invalid_page_sizes", case_invalid_page_sizes},
    {"page_size_exponent_65", case_page_size_exponent_65},
    {"memory_max", case_memory_max},
    {"wide_access_at_boundary", case_wide_access_at_boundary},
    {"grow_to_max", case_grow_to_max},
    {"max_pages_in_small_buffer", case_max_pages_in_small_buffer},
    {"data_past_small_memory", case_data_past_small_memory},
};

int main(int argc, char **argv)
{
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
