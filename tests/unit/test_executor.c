/*
 * test_executor.c: unit tests of the executor (executor/xip*.c). Builds
 * images directly with a small image writer and an assembler driven by the
 * shape table, then loads and runs them: valid loads, every refusal, the
 * instruction set, calls, host calls, fuel, traps, memory, globals, and a
 * mutation loop that must never crash (run it under ASan/UBSan). Build it
 * with switch dispatch too, with -DXIP_FLOAT=0 (switch and computed goto), and
 * with -DXIP_FLOAT=0 -DXIP_EXT=0 (the tests of RAM tables and imported tables
 * are then left out). Prints one line per
 * failure; exits non-zero.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h> /* alarm */

#include "check.h"
#include "xip.h"
#include "xip_format.h"
#include "xip_internal.h" /* segment drop bits */


/* ---- assembler: operands encoded by the opcode's shape ------------------ */

static const uint8_t op_shape[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) XIP_SHAPE_##shape,
#include "opcodes.def"
#undef OP
};
static const char *const op_name[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) mnemonic,
#include "opcodes.def"
#undef OP
};
static const uint8_t shape_fields[XIP_SHAPE_COUNT][4] = {
#define SF(name, size, f1, f2, f3, f4) {f1, f2, f3, f4},
    XIP_SHAPES(SF)
#undef SF
};

#define MAX_LABELS 32
#define MAX_FIX 256

typedef struct code {
    uint8_t b[2048];
    uint32_t n;
    int32_t label[MAX_LABELS];
    struct { uint32_t at, insn; int label; } fix[MAX_FIX];
    int nfix;
} code;

/* Starts empty code. */
static void code_init(code *c)
{
    memset(c, 0, sizeof *c);
    for (int i = 0; i < MAX_LABELS; i++)
        c->label[i] = -1;
}

static void put(code *c, uint64_t v, int size)
{
    for (int i = 0; i < size; i++)
        c->b[c->n++] = (uint8_t)(v >> (8 * i));
}

/* Records a branch field at c->n to label L for the instruction at insn. */
static void fixup(code *c, uint32_t insn, int label)
{
    c->fix[c->nfix].at = c->n;
    c->fix[c->nfix].insn = insn;
    c->fix[c->nfix].label = label;
    c->nfix++;
    put(c, 0, 2);
}

/*
 * Emits op with its operands in encoding order (targets are label numbers;
 * BR_TABLE: a, n, then n+1 labels). Returns the instruction's offset.
 */
static uint32_t ins(code *c, int op, ...)
{
    va_list ap;
    uint32_t at = c->n;
    va_start(ap, op);
    c->b[c->n++] = (uint8_t)op;
    for (int k = 0; k < 4; k++) {
        int f = shape_fields[op_shape[op]][k];
        if (f == XIP_FIELD_NONE)
            break;
        if (f == XIP_FIELD_TARGET) {
            fixup(c, at, va_arg(ap, int));
        } else if (f == XIP_FIELD_TARGETS) {
            int n = va_arg(ap, int);
            put(c, (uint64_t)n, 2);
            for (int i = 0; i <= n; i++)
                fixup(c, at, va_arg(ap, int));
        } else if (f == XIP_FIELD_K64) {
            put(c, va_arg(ap, uint64_t), 8);
        } else {
            put(c, (uint64_t)(int64_t)va_arg(ap, int), (int)xip_field_size((enum xip_field)f));
        }
    }
    va_end(ap);
    return at;
}

/* Defines label L here. */
static void label(code *c, int l)
{
    c->label[l] = (int32_t)c->n;
}

/* Patches every branch field. */
static void resolve(code *c)
{
    for (int i = 0; i < c->nfix; i++) {
        int32_t d = c->label[c->fix[i].label] - (int32_t)c->fix[i].insn;
        xip_write_u16(c->b + c->fix[i].at, (uint16_t)(int16_t)d);
    }
}

/* ---- image writer -------------------------------------------------------- */

typedef struct spec {
    int ntypes;
    const char *types[8]; /* "params:results", letters i I f F */
    int nimports;
    int import_type[4];
    int nfuncs;
    struct { int type, nlocals, frame; const code *c; } funcs[8];
    int has_table;
    int ntable;
    int table[16];
    int table_ram;       /* the table is a RAM table (no contents in TABLE) */
    const uint8_t *more_imports; /* raw non-function IMPORT entries, after the functions */
    int nmore_imports;
    uint32_t more_imports_len;
    const uint8_t *elem; /* raw ELEM body */
    uint32_t elem_len;
    int has_memory;
    uint32_t mem_min, mem_max;
    int page_log2;
    int nglobals;
    struct { int vt, mut; uint64_t init; const uint8_t *cexpr; uint32_t cexpr_len; } globals[4];
    int nexports;
    struct { int kind, index; const char *name; } exports[8];
    int has_start, start;
    int ndata;
    struct { uint32_t off; const char *bytes; uint32_t len; int passive; } data[4];
    int flags;
} spec;

typedef struct image {
    uint8_t b[16384];
    uint32_t n;
} image;

static void w8(image *m, uint32_t v) { m->b[m->n++] = (uint8_t)v; }
static void w16(image *m, uint32_t v) { xip_write_u16(m->b + m->n, (uint16_t)v); m->n += 2; }
static void w32(image *m, uint32_t v) { xip_write_u32(m->b + m->n, v); m->n += 4; }
static void w64(image *m, uint64_t v) { xip_write_u64(m->b + m->n, v); m->n += 8; }
static void wname(image *m, const char *s)
{
    w16(m, (uint32_t)strlen(s));
    memcpy(m->b + m->n, s, strlen(s));
    m->n += (uint32_t)strlen(s);
}

/* Opens section id; returns where its size goes. */
static uint32_t sec_open(image *m, int id)
{
    w8(m, (uint32_t)id);
    w32(m, 0);
    return m->n - 4;
}

/*
 * Inserts the offset table of indexed section id (body at `body`, entries up
 * to m->n), finding the entries with the image reader; a malformed entry
 * stops the walk, and the entries from it on get offsets that point at it.
 */
static void add_index(image *m, uint32_t id, uint32_t body)
{
    static uint32_t starts[65536];
    uint32_t count = xip_read_u16(m->b + body), i, w = 1, size = m->n - body;
    xipi_cursor c = xipi_checked(m->b, body + 2, m->n);
    for (i = 0; i < count; i++) {
        union { xipi_type t; xipi_import im; xipi_table tb; xipi_global g; xipi_export x; xipi_segment sg; } e;
        starts[i] = c.pos - body;
        if (c.bad)
            continue;
        switch (id) {
        case XIP_SECTION_TYPE: xipi_read_type(&c, &e.t); break;
        case XIP_SECTION_IMPORT: xipi_read_import(&c, &e.im); break;
        case XIP_SECTION_TABLE: xipi_read_table(&c, &e.tb); break;
        case XIP_SECTION_GLOBAL: xipi_read_global(&c, &e.g); break;
        case XIP_SECTION_EXPORT: xipi_read_export(&c, &e.x); break;
        case XIP_SECTION_DATA: xipi_read_data(&c, &e.sg); break;
        default: xipi_read_elem(&c, &e.sg); break;
        }
    }
    if (count < 2)
        return;
    while (w < 4 && xip_index_width(size + (count - 1) * w) != w)
        w *= 2;
    memmove(m->b + body + 2 + (count - 1) * w, m->b + body + 2, m->n - body - 2);
    for (i = 1; i < count; i++) {
        uint8_t x[4];
        xip_write_u32(x, starts[i] + (count - 1) * w);
        memcpy(m->b + body + 2 + (i - 1) * w, x, w);
    }
    m->n += (count - 1) * w;
}

/* Closes the section whose size field is at `at` (adding its offset table if it is indexed). */
static void sec_close(image *m, uint32_t at)
{
    uint32_t id = m->b[at - 1];
    if (xip_section_indexed(id) && m->n - at - 4 >= 2)
        add_index(m, id, at + 4);
    xip_write_u32(m->b + at, m->n - at - 4);
}

static int valtype(char ch)
{
    return ch == 'i' ? XIP_I32 : ch == 'I' ? XIP_I64 : ch == 'f' ? XIP_F32 : XIP_F64;
}

/* Parameter and result counts of type string t. */
static void type_counts(const char *t, int *np, int *nr)
{
    const char *colon = strchr(t, ':');
    *np = (int)(colon - t);
    *nr = (int)strlen(colon + 1);
}

/* Rewrites the size and checksum fields of an image of m->n bytes. */
static void seal(image *m)
{
    xip_write_u32(m->b + 12, m->n);
    xip_write_u32(m->b + 16, xip_adler32(1, m->b + 20, m->n - 20));
}

/* Writes the image described by s. */
static void build(image *m, const spec *s)
{
    uint32_t at, i, pos;
    memset(m, 0, sizeof *m);
    memcpy(m->b, xip_magic(), 8);
    m->b[8] = XIP_FORMAT_VERSION;
    m->b[9] = (uint8_t)s->flags;
    m->n = 20;
    at = sec_open(m, XIP_SECTION_TYPE);
    w16(m, (uint32_t)s->ntypes);
    for (i = 0; i < (uint32_t)s->ntypes; i++) {
        int np, nr;
        type_counts(s->types[i], &np, &nr);
        w8(m, (uint32_t)np);
        w8(m, (uint32_t)nr);
        for (const char *p = s->types[i]; *p; p++)
            if (*p != ':')
                w8(m, (uint32_t)valtype(*p));
    }
    sec_close(m, at);
    if (s->nimports || s->nmore_imports) {
        at = sec_open(m, XIP_SECTION_IMPORT);
        w16(m, (uint32_t)(s->nimports + s->nmore_imports));
        for (i = 0; i < (uint32_t)s->nimports; i++) {
            w8(m, 0);
            w16(m, (uint32_t)s->import_type[i]);
            wname(m, "env");
            wname(m, i == 0 ? "host0" : "host1");
        }
        if (s->more_imports_len)
            memcpy(m->b + m->n, s->more_imports, s->more_imports_len);
        m->n += s->more_imports_len;
        sec_close(m, at);
    }
    at = sec_open(m, XIP_SECTION_FUNC);
    w16(m, (uint32_t)s->nfuncs);
    pos = 0;
    for (i = 0; i < (uint32_t)s->nfuncs; i++) {
        int np, nr;
        type_counts(s->funcs[i].type < s->ntypes ? s->types[s->funcs[i].type] : ":", &np, &nr);
        w16(m, (uint32_t)s->funcs[i].type);
        w8(m, (uint32_t)np);
        w8(m, (uint32_t)nr);
        w16(m, (uint32_t)s->funcs[i].nlocals);
        w16(m, (uint32_t)s->funcs[i].frame);
        w32(m, pos);
        pos += s->funcs[i].c->n;
    }
    sec_close(m, at);
    if (s->has_table) {
        at = sec_open(m, XIP_SECTION_TABLE);
        w16(m, 1);
        w8(m, XIP_FUNCREF);
        w8(m, s->table_ram ? XIP_TABLE_RAM : 0);
        w32(m, (uint32_t)s->ntable);
        w32(m, s->table_ram ? 8u : XIP_NO_MAX);
        if (!s->table_ram) {
            w32(m, (uint32_t)s->ntable);
            for (i = 0; i < (uint32_t)s->ntable; i++)
                w16(m, (uint32_t)s->table[i]);
        } else { /* the first RAM table: no RAM table before it (no imported one either) */
            w8(m, 0);
            w32(m, 0);
        }
        sec_close(m, at);
    }
    if (s->has_memory) {
        at = sec_open(m, XIP_SECTION_MEMORY);
        w8(m, 1);
        w32(m, s->mem_min);
        w32(m, s->mem_max);
        w8(m, (uint32_t)s->page_log2);
        sec_close(m, at);
    }
    if (s->nglobals) {
        at = sec_open(m, XIP_SECTION_GLOBAL);
        w16(m, (uint32_t)s->nglobals);
        for (i = 0; i < (uint32_t)s->nglobals; i++) {
            int wide = s->globals[i].vt == XIP_I64 || s->globals[i].vt == XIP_F64;
            w8(m, (uint32_t)s->globals[i].vt);
            w8(m, (uint32_t)s->globals[i].mut);
            if (s->globals[i].cexpr) {
                memcpy(m->b + m->n, s->globals[i].cexpr, s->globals[i].cexpr_len);
                m->n += s->globals[i].cexpr_len;
                continue;
            }
            w8(m, wide ? XIP_CEXPR_I64 : XIP_CEXPR_I32);
            if (wide)
                w64(m, s->globals[i].init);
            else
                w32(m, (uint32_t)s->globals[i].init);
            w8(m, XIP_CEXPR_END);
        }
        sec_close(m, at);
    }
    if (s->nexports) {
        at = sec_open(m, XIP_SECTION_EXPORT);
        w16(m, (uint32_t)s->nexports);
        for (i = 0; i < (uint32_t)s->nexports; i++) {
            w8(m, (uint32_t)s->exports[i].kind);
            w16(m, (uint32_t)s->exports[i].index);
            wname(m, s->exports[i].name);
        }
        sec_close(m, at);
    }
    if (s->has_start) {
        at = sec_open(m, XIP_SECTION_START);
        w16(m, (uint32_t)s->start);
        sec_close(m, at);
    }
    if (s->ndata) {
        at = sec_open(m, XIP_SECTION_DATA);
        w16(m, (uint32_t)s->ndata);
        for (i = 0; i < (uint32_t)s->ndata; i++) {
            w8(m, s->data[i].passive ? XIP_SEGMENT_PASSIVE : XIP_SEGMENT_ACTIVE);
            if (!s->data[i].passive) {
                w8(m, XIP_CEXPR_I32);
                w32(m, s->data[i].off);
                w8(m, XIP_CEXPR_END);
            }
            w32(m, s->data[i].len);
            memcpy(m->b + m->n, s->data[i].bytes, s->data[i].len);
            m->n += s->data[i].len;
        }
        sec_close(m, at);
    }
    at = sec_open(m, XIP_SECTION_CODE);
    for (i = 0; i < (uint32_t)s->nfuncs; i++) {
        memcpy(m->b + m->n, s->funcs[i].c->b, s->funcs[i].c->n);
        m->n += s->funcs[i].c->n;
    }
    sec_close(m, at);
    if (s->elem_len) {
        at = sec_open(m, XIP_SECTION_ELEM);
        memcpy(m->b + m->n, s->elem, s->elem_len);
        m->n += s->elem_len;
        sec_close(m, at);
    }
    seal(m);
}

/* ---- runtime ------------------------------------------------------------- */

#define MEM_BYTES (1u << 16)
#define STACK_SLOTS 4096u
#define FRAMES 64u

typedef struct rt {
    xip_instance inst;
    uint8_t mem[MEM_BYTES];
    uint64_t globals[8];
    uint32_t tables[64];
    uint64_t stack[STACK_SLOTS];
    xip_frame frames[FRAMES];
} rt;

static rt R0; /* the test program's runtime (globals are fine in tests) */

/* Loads image m into R0 with the given stack slots and frames; returns the status. */
static xip_status load_with(const image *m, uint32_t slots, uint32_t frames)
{
    xip_buffers b;
    b.memory = R0.mem;
    b.memory_size = MEM_BYTES;
    b.globals = R0.globals;
    b.global_count = 8;
    b.stack = R0.stack;
    b.stack_slots = slots;
    b.frames = R0.frames;
    b.frame_count = frames;
    b.tables = R0.tables;
    b.table_slots = 64;
    return xip_load(&R0.inst, m->b, m->n, &b);
}

static xip_status load(const image *m)
{
    return load_with(m, STACK_SLOTS, FRAMES);
}

/* Loads and instantiates m; returns the first failing status. */
static xip_status start(const image *m)
{
    xip_status st = load(m);
    return st != XIP_OK ? st : xip_instantiate(&R0.inst);
}

/* Calls func with up to 3 args; on XIP_OK stores result 0 in *out. */
static xip_status call3(uint32_t func, uint32_t n, uint64_t a, uint64_t b, uint64_t c, uint64_t *out)
{
    uint64_t args[3] = {a, b, c};
    xip_status st = xip_call(&R0.inst, func, args, n);
    if (st == XIP_OK && out) {
        uint32_t count;
        const uint64_t *r = xip_results(&R0.inst, &count);
        *out = count ? r[0] : 0;
    }
    return st;
}

/* A one-function spec of type t with the given code. */
static void spec1(spec *s, const char *t, int nlocals, int frame, const code *c)
{
    memset(s, 0, sizeof *s);
    s->ntypes = 1;
    s->types[0] = t;
    s->nfuncs = 1;
    s->funcs[0].type = 0;
    s->funcs[0].nlocals = nlocals;
    s->funcs[0].frame = frame;
    s->funcs[0].c = c;
}

/* Gives s one memory of one 256-byte page holding 81 82 .. 88 at address 20. */
static void bytes_at_20(spec *s)
{
    s->has_memory = 1;
    s->mem_min = 1;
    s->mem_max = 1;
    s->page_log2 = 8;
    s->ndata = 1;
    s->data[0].off = 20;
    s->data[0].bytes = "\x81\x82\x83\x84\x85\x86\x87\x88";
    s->data[0].len = 8;
}

/* f0 (type "i:i") calls table entry R[0] as type ":i"; f1 (":i") returns 99; a table of the spec's choosing. */
static void indirect_pair(spec *s, code *c, code *c2)
{
    code_init(c);
    ins(c, XIP_OP_CALL_INDIRECT, 1, 0, 0, 1);
    ins(c, XIP_OP_RET, 1, 1);
    code_init(c2);
    ins(c2, XIP_OP_CONST_I16, 0, 99);
    ins(c2, XIP_OP_RET, 0, 1);
    spec1(s, "i:i", 1, 2, c);
    s->ntypes = 2;
    s->types[1] = ":i";
    s->nfuncs = 2;
    s->funcs[1].type = 1;
    s->funcs[1].frame = 1;
    s->funcs[1].c = c2;
    s->has_table = 1;
}

/* ---- tests ---------------------------------------------------------------- */

/* The add function image: (i32, i32) -> i32. */
static void add_image(image *m, code *c)
{
    spec s;
    code_init(c);
    ins(c, XIP_OP_I32_ADD, 0, 0, 1);
    ins(c, XIP_OP_RET, 0, 1);
    spec1(&s, "ii:i", 2, 2, c);
    s.nexports = 1;
    s.exports[0].kind = XIP_EXTERN_FUNC;
    s.exports[0].index = 0;
    s.exports[0].name = "add";
    build(m, &s);
}

static void test_valid_load(void)
{
    static image m;
    static code c;
    uint64_t r = 0;
    xip_functype ft;
    add_image(&m, &c);
    CHECK_EQ(start(&m), XIP_OK);
    CHECK_EQ(xip_find_export(&R0.inst, "add", 3, XIP_EXTERN_FUNC), 0);
    CHECK_EQ(xip_find_export(&R0.inst, "ad", 2, XIP_EXTERN_FUNC), -1);
    CHECK_EQ(xip_find_export(&R0.inst, "add", 3, XIP_EXTERN_GLOBAL), -1);
    CHECK_EQ(xip_func_count(&R0.inst), 1);
    CHECK_EQ(xip_func_type(&R0.inst, 0, &ft), XIP_OK);
    CHECK_EQ(ft.param_count, 2);
    CHECK_EQ(ft.result_count, 1);
    CHECK_EQ(ft.params[0], XIP_I32);
    CHECK_EQ(call3(0, 2, 40, 2, 0, &r), XIP_OK);
    CHECK_EQ(r, 42);
    CHECK_EQ(call3(0, 2, 0xffffffffu, 2, 0, &r), XIP_OK);
    CHECK_EQ(r, 1);
    CHECK_EQ(call3(0, 1, 1, 2, 0, &r), XIP_ERR_ARGUMENT);
    CHECK_EQ(call3(1, 0, 0, 0, 0, &r), XIP_ERR_ARGUMENT);
    CHECK(sizeof(xip_instance) <= 256);
    /* an image in a larger buffer than it declares is fine */
    CHECK_EQ(xip_load(&R0.inst, m.b, m.n + 100, &(xip_buffers){R0.mem, MEM_BYTES, R0.globals, 8, R0.stack, 64, R0.frames, 4, NULL, 0}), XIP_OK);
    /* calls before instantiate are refused */
    CHECK_EQ(call3(0, 2, 1, 2, 0, &r), XIP_ERR_STATE);
}

/* Expects load of m to fail with want. */
static void expect_load(const image *m, xip_status want, int line)
{
    xip_status st = load(m);
    check_total++;
    if (st != want) {
        printf("FAIL %s:%d: load = %s, want %s\n", __FILE__, line, xip_status_name(st),
               xip_status_name(want));
        check_failed++;
    }
}

/* Builds a one-function image from code c with the given frame. */
static void image1(image *m, const char *t, int nlocals, int frame, code *c)
{
    spec s;
    resolve(c);
    spec1(&s, t, nlocals, frame, c);
    build(m, &s);
}

/*
 * xip_prepare + xip_load_prepared: the same checks and results as xip_load in
 * two steps, the requirements of xip_image_requirements, and no other call
 * accepted in between.
 */
static void test_prepare(void)
{
    static image m, bad;
    static code c;
    xip_requirements req, want;
    xip_buffers b;
    uint64_t r = 0;
    add_image(&m, &c);
    memset(&b, 0, sizeof b);
    b.stack = R0.stack;
    b.stack_slots = STACK_SLOTS;
    b.frames = R0.frames;
    b.frame_count = FRAMES;
    CHECK_EQ(xip_load_prepared(&R0.inst, &b), XIP_ERR_STATE); /* nothing prepared */
    CHECK_EQ(xip_image_requirements(m.b, m.n, &want), XIP_OK);
    CHECK_EQ(xip_prepare(&R0.inst, m.b, m.n, &req), XIP_OK);
    CHECK(memcmp(&req, &want, sizeof req) == 0);
    CHECK_EQ(xip_instantiate(&R0.inst), XIP_ERR_STATE); /* not loaded yet */
    CHECK_EQ(xip_set_import_global(&R0.inst, 0, 1), XIP_ERR_STATE);
    CHECK_EQ(xip_load_prepared(&R0.inst, NULL), XIP_ERR_ARGUMENT);
    CHECK_EQ(xip_load_prepared(&R0.inst, &b), XIP_OK);
    CHECK_EQ(xip_load_prepared(&R0.inst, &b), XIP_ERR_STATE); /* loaded once */
    CHECK_EQ(xip_instantiate(&R0.inst), XIP_OK);
    CHECK_EQ(call3(0, 2, 40, 2, 0, &r), XIP_OK);
    CHECK_EQ(r, 42);
    /* a refused image: the status and offset of xip_load, nothing to bind */
    bad = m;
    bad.b[bad.n - 3] ^= 1;
    memset(&req, 0xff, sizeof req);
    memset(&want, 0, sizeof want);
    CHECK_EQ(xip_prepare(&R0.inst, bad.b, bad.n, &req), XIP_ERR_CHECKSUM);
    CHECK_EQ(xip_error_offset(&R0.inst), 16);
    CHECK(memcmp(&req, &want, sizeof req) == 0); /* a refused image needs nothing */
    CHECK_EQ(xip_load_prepared(&R0.inst, &b), XIP_ERR_STATE);
    /* bytecode is checked by the second step, with the stack as scratch */
    b.stack_slots = 0;
    CHECK_EQ(xip_prepare(&R0.inst, m.b, m.n, &req), XIP_OK);
    CHECK_EQ(xip_load_prepared(&R0.inst, &b), XIP_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(xip_instantiate(&R0.inst), XIP_ERR_STATE);
    /* a buffer with a size but no pointer, each of the five: refused before the image (even a bad one) */
    for (int k = 0; k < 5; k++) {
        xip_buffers nb = {R0.mem, MEM_BYTES, R0.globals, 8, R0.stack, STACK_SLOTS, R0.frames, FRAMES, NULL, 0};
        if (k == 0)
            nb.memory = NULL;
        else if (k == 1)
            nb.globals = NULL;
        else if (k == 2)
            nb.stack = NULL;
        else if (k == 3)
            nb.frames = NULL;
        else
            nb.table_slots = 1;
        CHECK_EQ(xip_load(&R0.inst, m.b, m.n, &nb), XIP_ERR_ARGUMENT);
        CHECK_EQ(xip_load(&R0.inst, bad.b, bad.n, &nb), XIP_ERR_ARGUMENT);
        CHECK_EQ(xip_prepare(&R0.inst, m.b, m.n, &req), XIP_OK);
        CHECK_EQ(xip_load_prepared(&R0.inst, &nb), XIP_ERR_ARGUMENT);
    }
    CHECK_EQ(xip_load(&R0.inst, m.b, m.n, NULL), XIP_ERR_ARGUMENT);
}

/*
 * A FUNC entry cut short with r of its 12 bytes left is bad at the first
 * field it lacks (fields at 0, 2, 3, 4, 6, 8: u16 type, u8 nparams, u8
 * nresults, u16 nlocals, u16 frame_size, u32 code_offset).
 */
static void test_func_entry_cut(void)
{
    static const uint8_t bad_at[XIP_FUNC_ENTRY_SIZE] = {0, 0, 2, 3, 4, 4, 6, 6, 8, 8, 8, 8};
    uint8_t bytes[XIP_FUNC_ENTRY_SIZE] = {0};
    xipi_func e;
    uint32_t r;
    for (r = 0; r <= XIP_FUNC_ENTRY_SIZE; r++) {
        xipi_cursor c = xipi_checked(bytes, 0, r);
        xipi_read_func(&c, &e);
        CHECK_EQ(c.bad, r < XIP_FUNC_ENTRY_SIZE);
        CHECK_EQ(c.pos, r < XIP_FUNC_ENTRY_SIZE ? bad_at[r] : XIP_FUNC_ENTRY_SIZE);
    }
}

static void test_refusals(void)
{
    static image m, good;
    static code c;
    spec s;
    add_image(&good, &c);

    m = good;
    m.n = 10;
    expect_load(&m, XIP_ERR_TRUNCATED, __LINE__);
    m = good;
    m.n -= 1;
    expect_load(&m, XIP_ERR_TRUNCATED, __LINE__);
    m = good;
    m.b[1] = 'Y';
    expect_load(&m, XIP_ERR_MAGIC, __LINE__);
    m = good;
    m.b[8] = 99;
    expect_load(&m, XIP_ERR_VERSION, __LINE__);
    m = good;
    m.b[m.n - 3] ^= 1;
    expect_load(&m, XIP_ERR_CHECKSUM, __LINE__);
    CHECK_EQ(xip_error_offset(&R0.inst), 16);
    m = good;
    m.b[10] = 1;
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);

    /* an unknown section id (past XIP_SECTION_LAST) */
    m = good;
    m.b[20] = XIP_SECTION_LAST + 1;
    seal(&m);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    CHECK_EQ(xip_error_offset(&R0.inst), 20);
    {   /* TYPE after FUNC: move the first section to the end */
        uint32_t tlen = 5 + xip_read_u32(good.b + 21);
        m = good;
        memmove(m.b + 20, good.b + 20 + tlen, good.n - 20 - tlen);
        memcpy(m.b + good.n - tlen, good.b + 20, tlen);
        seal(&m);
        expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    }
    /* a section larger than the image */
    m = good;
    xip_write_u32(m.b + 21, 1000);
    seal(&m);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);

    /* out-of-range indices: function type, export, call target */
    code_init(&c);
    ins(&c, XIP_OP_RET, 0, 0);
    spec1(&s, ":", 0, 0, &c);
    s.funcs[0].type = 3;
    build(&m, &s);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    spec1(&s, ":", 0, 0, &c);
    s.nexports = 1;
    s.exports[0].index = 1;
    s.exports[0].name = "x";
    build(&m, &s);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    code_init(&c);
    ins(&c, XIP_OP_CALL, 5, 0);
    ins(&c, XIP_OP_RET, 0, 0);
    image1(&m, ":", 0, 1, &c);
    expect_load(&m, XIP_ERR_BAD_CODE, __LINE__);
    /* nparams > nlocals */
    code_init(&c);
    ins(&c, XIP_OP_RET, 0, 0);
    image1(&m, "i:", 0, 1, &c);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    /* table entry out of range */
    spec1(&s, ":", 0, 0, &c);
    s.has_table = 1;
    s.ntable = 1;
    s.table[0] = 7;
    build(&m, &s);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    /* start function with a parameter */
    spec1(&s, "i:", 1, 1, &c);
    s.has_start = 1;
    build(&m, &s);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    /* data segment beyond the initial memory: loads, traps at instantiation */
    spec1(&s, ":", 0, 0, &c);
    s.has_memory = 1;
    s.mem_min = 1;
    s.mem_max = 2;
    s.page_log2 = 12;
    s.ndata = 1;
    s.data[0].off = 4095;
    s.data[0].bytes = "ab";
    s.data[0].len = 2;
    build(&m, &s);
    expect_load(&m, XIP_OK, __LINE__);
    CHECK_EQ(start(&m), XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
    /* ... and one longer than the whole (empty) memory, at offset 0 */
    s.mem_min = 0;
    s.data[0].off = 0;
    build(&m, &s);
    expect_load(&m, XIP_OK, __LINE__);
    CHECK_EQ(start(&m), XIP_TRAP_MEMORY_OUT_OF_BOUNDS);

    /* branch into the middle of an instruction */
    code_init(&c);
    ins(&c, XIP_OP_CONST32, 0, 7);
    label(&c, 0);
    ins(&c, XIP_OP_RET, 0, 1);
    ins(&c, XIP_OP_JMP, 0);
    resolve(&c);
    xip_write_u16(c.b + 9, (uint16_t)(int16_t)-8); /* JMP at 8 -> offset 1 (inside CONST32) */
    image1(&m, ":i", 0, 1, &c);
    c.nfix = 0;
    expect_load(&m, XIP_ERR_BAD_CODE, __LINE__);
    /* ... and outside the function */
    code_init(&c);
    label(&c, 0);
    ins(&c, XIP_OP_JMP, 0);
    c.nfix = 0;
    xip_write_u16(c.b + 1, 3);
    image1(&m, ":", 0, 0, &c);
    expect_load(&m, XIP_ERR_BAD_CODE, __LINE__);
    /* register out of the frame */
    code_init(&c);
    ins(&c, XIP_OP_I32_ADD, 0, 0, 2);
    ins(&c, XIP_OP_RET, 0, 1);
    image1(&m, "ii:i", 2, 2, &c);
    expect_load(&m, XIP_ERR_BAD_CODE, __LINE__);
    CHECK_EQ(xip_error_offset(&R0.inst), m.n - c.n);
    /* far slot out of the frame */
    code_init(&c);
    ins(&c, XIP_OP_LOCAL_LOAD_FAR, 0, 300);
    ins(&c, XIP_OP_RET, 0, 1);
    image1(&m, ":i", 0, 300, &c);
    expect_load(&m, XIP_ERR_BAD_CODE, __LINE__);
    /* missing final NOFALL */
    code_init(&c);
    ins(&c, XIP_OP_RET, 0, 1);
    ins(&c, XIP_OP_MOV, 0, 1);
    image1(&m, "ii:i", 2, 2, &c);
    expect_load(&m, XIP_ERR_BAD_CODE, __LINE__);
    /* RET with the wrong result count */
    code_init(&c);
    ins(&c, XIP_OP_RET, 0, 2);
    image1(&m, "ii:i", 2, 2, &c);
    expect_load(&m, XIP_ERR_BAD_CODE, __LINE__);
    /* an opcode byte past the table */
    code_init(&c);
    c.b[c.n++] = (uint8_t)XIP_OP_COUNT;
    ins(&c, XIP_OP_UNREACHABLE);
    image1(&m, ":", 0, 0, &c);
    expect_load(&m, XIP_ERR_BAD_CODE, __LINE__);
    /* memory op without a memory */
    code_init(&c);
    ins(&c, XIP_OP_LOAD32, 0, 0, 0);
    ins(&c, XIP_OP_RET, 0, 1);
    image1(&m, "i:i", 1, 1, &c);
    expect_load(&m, XIP_ERR_BAD_CODE, __LINE__);
    /* global.set on an immutable global */
    code_init(&c);
    ins(&c, XIP_OP_GLOBAL_SET, 0, 0);
    ins(&c, XIP_OP_RET, 0, 0);
    spec1(&s, "i:", 1, 1, &c);
    s.nglobals = 1;
    s.globals[0].vt = XIP_I32;
    build(&m, &s);
    expect_load(&m, XIP_ERR_BAD_CODE, __LINE__);
    /* a call whose frame does not fit */
    code_init(&c);
    ins(&c, XIP_OP_CALL, 0, 1);
    ins(&c, XIP_OP_RET, 0, 1);
    image1(&m, "ii:i", 2, 2, &c);
    expect_load(&m, XIP_ERR_BAD_CODE, __LINE__);
    /* float opcode */
    code_init(&c);
    ins(&c, XIP_OP_F32_ADD, 0, 0, 1);
    ins(&c, XIP_OP_RET, 0, 1);
    image1(&m, "ff:f", 2, 2, &c);
    expect_load(&m, XIP_FLOAT ? XIP_OK : XIP_ERR_FLOAT_UNSUPPORTED, __LINE__);
    spec1(&s, "ii:i", 2, 2, &c);
    s.flags = XIP_IMAGE_FLOAT;
    code_init(&c);
    ins(&c, XIP_OP_RET, 0, 1);
    build(&m, &s);
    expect_load(&m, XIP_FLOAT ? XIP_OK : XIP_ERR_FLOAT_UNSUPPORTED, __LINE__);
    /* bulk memory, reference opcodes, RAM tables and passive segments need XIP_EXT */
    code_init(&c);
    ins(&c, XIP_OP_MEMORY_FILL, 0, 0, 1);
    ins(&c, XIP_OP_RET, 0, 1);
    spec1(&s, "ii:i", 2, 2, &c);
    s.has_memory = 1;
    s.mem_min = 1;
    s.mem_max = 1;
    build(&m, &s);
    expect_load(&m, XIP_EXT ? XIP_OK : XIP_ERR_EXT_UNSUPPORTED, __LINE__);
    code_init(&c);
    ins(&c, XIP_OP_REF_IS_NULL, 0, 0);
    ins(&c, XIP_OP_RET, 0, 1);
    image1(&m, "ii:i", 2, 2, &c);
    expect_load(&m, XIP_EXT ? XIP_OK : XIP_ERR_EXT_UNSUPPORTED, __LINE__);
    code_init(&c);
    ins(&c, XIP_OP_RET, 0, 1);
    spec1(&s, "ii:i", 2, 2, &c);
    s.has_table = 1;
    s.table_ram = 1;
    s.ntable = 2;
    build(&m, &s);
    expect_load(&m, XIP_EXT ? XIP_OK : XIP_ERR_EXT_UNSUPPORTED, __LINE__);
    s.table_ram = 0; /* a flash table is MVP */
    build(&m, &s);
    expect_load(&m, XIP_OK, __LINE__);
    spec1(&s, "ii:i", 2, 2, &c);
    s.has_memory = 1;
    s.mem_min = 1;
    s.mem_max = 1;
    s.ndata = 1;
    s.data[0].bytes = "ab";
    s.data[0].len = 2;
    s.data[0].passive = 1;
    build(&m, &s);
    expect_load(&m, XIP_EXT ? XIP_OK : XIP_ERR_EXT_UNSUPPORTED, __LINE__);
    s.data[0].passive = 0; /* an active segment is MVP */
    build(&m, &s);
    expect_load(&m, XIP_OK, __LINE__);
    CHECK(strstr(xip_status_name(XIP_ERR_EXT_UNSUPPORTED), "XIP_EXT=0") != NULL);
    /* stack too small for the instruction bitmap */
    add_image(&m, &c);
    CHECK_EQ(load_with(&m, 0, 4), XIP_ERR_BUFFER_TOO_SMALL);
    /* memory buffer too small */
    code_init(&c);
    ins(&c, XIP_OP_RET, 0, 0);
    spec1(&s, ":", 0, 0, &c);
    s.has_memory = 1;
    s.mem_min = 2;
    s.mem_max = XIP_NO_MAX;
    s.page_log2 = 16;
    build(&m, &s);
    expect_load(&m, XIP_ERR_BUFFER_TOO_SMALL, __LINE__);
    CHECK(strstr(xip_status_name(XIP_ERR_CHECKSUM), "checksum") != NULL);
}

/* Runs the RRR (or RR when b is unused) op on a, b; returns the status and *out. */
static xip_status binop(int op, const char *type, uint64_t a, uint64_t b, uint64_t *out)
{
    static image m;
    static code c;
    spec s;
    int np, nr;
    code_init(&c);
    if (op_shape[op] == XIP_SHAPE_RRR)
        ins(&c, op, 2, 0, 1);
    else if (op_shape[op] == XIP_SHAPE_RR)
        ins(&c, op, 2, 0);
    else /* RRK16 or RRU16: b is the immediate */
        ins(&c, op, 2, 0, (int)(int64_t)b);
    ins(&c, XIP_OP_RET, 2, 1);
    spec1(&s, type, 2, 3, &c);
    type_counts(type, &np, &nr);
    s.funcs[0].nlocals = np;
    build(&m, &s);
    if (start(&m) != XIP_OK)
        return XIP_ERR_STATE;
    return call3(0, (uint32_t)np, a, b, 0, out);
}

typedef struct optest {
    int op;
    const char *type;
    uint64_t a, b, want;
    xip_status st;
} optest;

static void test_ops(void)
{
    static const optest t[] = {
        {XIP_OP_I32_ADD, "ii:i", 0xffffffff, 2, 1, XIP_OK},
        {XIP_OP_I32_SUB, "ii:i", 1, 2, 0xffffffff, XIP_OK},
        {XIP_OP_I32_MUL, "ii:i", 0x10000, 0x10001, 0x10000, XIP_OK},
        {XIP_OP_I32_DIV_S, "ii:i", (uint32_t)-7, 2, (uint32_t)-3, XIP_OK},
        {XIP_OP_I32_DIV_S, "ii:i", 0x80000000, 0xffffffff, 0, XIP_TRAP_INTEGER_OVERFLOW},
        {XIP_OP_I32_DIV_S, "ii:i", 1, 0, 0, XIP_TRAP_DIVIDE_BY_ZERO},
        {XIP_OP_I32_DIV_U, "ii:i", 0xfffffff0, 16, 0x0fffffff, XIP_OK},
        {XIP_OP_I32_DIV_U, "ii:i", 1, 0, 0, XIP_TRAP_DIVIDE_BY_ZERO},
        {XIP_OP_I32_REM_S, "ii:i", 0x80000000, 0xffffffff, 0, XIP_OK},
        {XIP_OP_I32_REM_S, "ii:i", (uint32_t)-7, 2, (uint32_t)-1, XIP_OK},
        {XIP_OP_I32_REM_S, "ii:i", 7, 0, 0, XIP_TRAP_DIVIDE_BY_ZERO},
        {XIP_OP_I32_REM_U, "ii:i", 7, 4, 3, XIP_OK},
        {XIP_OP_I32_REM_U, "ii:i", 7, 0, 0, XIP_TRAP_DIVIDE_BY_ZERO},
        {XIP_OP_I32_AND, "ii:i", 0xf0f0, 0xff00, 0xf000, XIP_OK},
        {XIP_OP_I32_OR, "ii:i", 0xf0f0, 0xff00, 0xfff0, XIP_OK},
        {XIP_OP_I32_XOR, "ii:i", 0xf0f0, 0xff00, 0x0ff0, XIP_OK},
        {XIP_OP_I32_SHL, "ii:i", 1, 33, 2, XIP_OK},
        {XIP_OP_I32_SHR_S, "ii:i", 0x80000000, 31, 0xffffffff, XIP_OK},
        {XIP_OP_I32_SHR_U, "ii:i", 0x80000000, 31, 1, XIP_OK},
        {XIP_OP_I32_ROTL, "ii:i", 0x80000001, 1, 3, XIP_OK},
        {XIP_OP_I32_ROTR, "ii:i", 0x80000001, 1, 0xc0000000, XIP_OK},
        {XIP_OP_I32_ROTR, "ii:i", 0x12345678, 0, 0x12345678, XIP_OK},
        {XIP_OP_I32_CLZ, "i:i", 0x00010000, 0, 15, XIP_OK},
        {XIP_OP_I32_CLZ, "i:i", 0, 0, 32, XIP_OK},
        {XIP_OP_I32_CTZ, "i:i", 0x00010000, 0, 16, XIP_OK},
        {XIP_OP_I32_CTZ, "i:i", 0, 0, 32, XIP_OK},
        {XIP_OP_I32_POPCNT, "i:i", 0xf00f, 0, 8, XIP_OK},
        {XIP_OP_I32_EQZ, "i:i", 0, 0, 1, XIP_OK},
        {XIP_OP_I32_LT_S, "ii:i", 0xffffffff, 0, 1, XIP_OK},
        {XIP_OP_I32_LT_U, "ii:i", 0xffffffff, 0, 0, XIP_OK},
        {XIP_OP_I32_GE_S, "ii:i", 5, 5, 1, XIP_OK},
        {XIP_OP_I32_GT_U, "ii:i", 0xffffffff, 0, 1, XIP_OK},
        {XIP_OP_I32_EXTEND8_S, "i:i", 0x80, 0, 0xffffff80, XIP_OK},
        {XIP_OP_I32_EXTEND16_S, "i:i", 0x7fff, 0, 0x7fff, XIP_OK},
        {XIP_OP_I32_WRAP, "I:i", 0x123456789ull, 0, 0x23456789, XIP_OK},
        {XIP_OP_I32_ADD_I, "i:i", 5, (uint64_t)-6, 0xffffffff, XIP_OK},
        {XIP_OP_I32_MUL_I, "i:i", 5, (uint64_t)-2, (uint32_t)-10, XIP_OK},
        {XIP_OP_I32_AND_I, "i:i", 0xffffffff, (uint64_t)-2, 0xfffffffe, XIP_OK},
        {XIP_OP_I32_AND_U, "i:i", 0xffffffff, 0xffff, 0xffff, XIP_OK},
        {XIP_OP_I32_AND_U, "i:i", 0x12348765, 0x8000, 0x8000, XIP_OK},
        {XIP_OP_I32_OR_U, "i:i", 0x80000000, 0xff00, 0x8000ff00, XIP_OK},
        {XIP_OP_I32_XOR_U, "i:i", 0xffffffff, 0x8001, 0xffff7ffe, XIP_OK},
        {XIP_OP_I32_SHR_S_I, "i:i", 0x80000000, 4, 0xf8000000, XIP_OK},
        {XIP_OP_I32_LT_S_I, "i:i", (uint32_t)-5, (uint64_t)-4, 1, XIP_OK},
        {XIP_OP_I32_LT_U_I, "i:i", 5, (uint64_t)-4, 1, XIP_OK},
        {XIP_OP_I64_ADD, "II:I", ~0ull, 2, 1, XIP_OK},
        {XIP_OP_I64_MUL, "II:I", 0x100000000ull, 0x100000001ull, 0x100000000ull, XIP_OK},
        {XIP_OP_I64_DIV_S, "II:I", 0x8000000000000000ull, ~0ull, 0, XIP_TRAP_INTEGER_OVERFLOW},
        {XIP_OP_I64_DIV_S, "II:I", (uint64_t)-9, 2, (uint64_t)-4, XIP_OK},
        {XIP_OP_I64_DIV_U, "II:I", 9, 0, 0, XIP_TRAP_DIVIDE_BY_ZERO},
        {XIP_OP_I64_REM_S, "II:I", 0x8000000000000000ull, ~0ull, 0, XIP_OK},
        {XIP_OP_I64_REM_U, "II:I", ~0ull, 10, 5, XIP_OK},
        {XIP_OP_I64_SHL, "II:I", 1, 65, 2, XIP_OK},
        {XIP_OP_I64_SHR_S, "II:I", 0x8000000000000000ull, 63, ~0ull, XIP_OK},
        {XIP_OP_I64_SHR_U, "II:I", 0x8000000000000000ull, 63, 1, XIP_OK},
        {XIP_OP_I64_ROTL, "II:I", 0x8000000000000001ull, 1, 3, XIP_OK},
        {XIP_OP_I64_ROTR, "II:I", 1, 1, 0x8000000000000000ull, XIP_OK},
        {XIP_OP_I64_CLZ, "I:I", 1, 0, 63, XIP_OK},
        {XIP_OP_I64_CTZ, "I:I", 0, 0, 64, XIP_OK},
        {XIP_OP_I64_POPCNT, "I:I", ~0ull, 0, 64, XIP_OK},
        {XIP_OP_I64_LT_S, "II:i", ~0ull, 0, 1, XIP_OK},
        {XIP_OP_I64_GT_U, "II:i", ~0ull, 0, 1, XIP_OK},
        {XIP_OP_I64_EQZ, "I:i", 0x100000000ull, 0, 0, XIP_OK},
        {XIP_OP_I64_EXTEND8_S, "I:I", 0xff, 0, ~0ull, XIP_OK},
        {XIP_OP_I64_EXTEND32_S, "i:I", 0x80000000, 0, 0xffffffff80000000ull, XIP_OK},
        {XIP_OP_I64_ADD_I, "I:I", 1, (uint64_t)-2, ~0ull, XIP_OK},
        {XIP_OP_I64_SHR_S_I, "I:I", 0x8000000000000000ull, 60, 0xfffffffffffffff8ull, XIP_OK},
#if XIP_FLOAT
        {XIP_OP_F32_ADD, "ff:f", 0x3fc00000, 0x40000000, 0x40600000, XIP_OK}, /* 1.5 + 2 */
        {XIP_OP_F32_MUL, "ff:f", 0x3fc00000, 0x40000000, 0x40400000, XIP_OK},
        {XIP_OP_F32_LT, "ff:i", 0x3fc00000, 0x40000000, 1, XIP_OK},
        {XIP_OP_F32_NE, "ff:i", 0x7fc00000, 0x7fc00000, 1, XIP_OK},
        {XIP_OP_F32_NEG, "f:f", 0x3fc00000, 0, 0xbfc00000, XIP_OK},
        {XIP_OP_F32_COPYSIGN, "ff:f", 0x3fc00000, 0x80000000, 0xbfc00000, XIP_OK},
        {XIP_OP_F64_DIV, "FF:F", 0x4008000000000000ull, 0x4000000000000000ull, 0x3ff8000000000000ull, XIP_OK},
        {XIP_OP_F64_SQRT, "F:F", 0x4010000000000000ull, 0, 0x4000000000000000ull, XIP_OK},
        {XIP_OP_F64_FLOOR, "F:F", 0xbff8000000000000ull, 0, 0xc000000000000000ull, XIP_OK},
        {XIP_OP_F64_MIN, "FF:F", 0x8000000000000000ull, 0, 0x8000000000000000ull, XIP_OK},
        /* min/max of f32 and f64 with negative operands and a NaN (the switch build shares one handler) */
        {XIP_OP_F32_MAX, "ff:f", 0xbf800000, 0x3f800000, 0x3f800000, XIP_OK},  /* max(-1, 1) */
        {XIP_OP_F32_MIN, "ff:f", 0x3f800000, 0xbf800000, 0xbf800000, XIP_OK},  /* min(1, -1) */
        {XIP_OP_F32_MAX, "ff:f", 0xc0000000, 0xbf800000, 0xbf800000, XIP_OK},  /* max(-2, -1) */
        {XIP_OP_F32_MIN, "ff:f", 0x7fa00000, 0x3f800000, 0x7fe00000, XIP_OK},  /* a NaN, quieted */
        {XIP_OP_F64_MAX, "FF:F", 0x3ff0000000000000ull, 0x7ff4000000000000ull, 0x7ffc000000000000ull, XIP_OK}, /* b's sNaN, quieted */
        {XIP_OP_F64_MAX, "FF:F", 0xbff0000000000000ull, 0x3ff0000000000000ull, 0x3ff0000000000000ull, XIP_OK},
        {XIP_OP_F64_MIN, "FF:F", 0xc000000000000000ull, 0xbff0000000000000ull, 0xc000000000000000ull, XIP_OK},
        {XIP_OP_F64_ABS, "F:F", 0xbff8000000000000ull, 0, 0x3ff8000000000000ull, XIP_OK},
        {XIP_OP_F64_NEG, "F:F", 0x3ff8000000000000ull, 0, 0xbff8000000000000ull, XIP_OK},
        {XIP_OP_F64_COPYSIGN, "FF:F", 0xbff8000000000000ull, 0x0000000080000000ull, 0x3ff8000000000000ull, XIP_OK},
        {XIP_OP_F32_ABS, "f:f", 0xbfc00000, 0, 0x3fc00000, XIP_OK},
        {XIP_OP_F64_CONVERT_I32_S, "i:F", 0xffffffff, 0, 0xbff0000000000000ull, XIP_OK},
        {XIP_OP_F32_CONVERT_I64_U, "I:f", ~0ull, 0, 0x5f800000, XIP_OK},
        {XIP_OP_I32_TRUNC_F64_S, "F:i", 0xc00c000000000000ull, 0, (uint32_t)-3, XIP_OK},
        {XIP_OP_I32_TRUNC_F64_U, "F:i", 0xbff0000000000000ull, 0, 0, XIP_TRAP_INTEGER_OVERFLOW},
        {XIP_OP_I32_TRUNC_F32_S, "f:i", 0x7fc00000, 0, 0, XIP_TRAP_INVALID_CONVERSION},
        {XIP_OP_I64_TRUNC_F32_U, "f:I", 0x4f800000, 0, 0x100000000ull, XIP_OK},
        {XIP_OP_I32_TRUNC_SAT_F32_S, "f:i", 0x7f800000, 0, 0x7fffffff, XIP_OK},
        {XIP_OP_F64_PROMOTE_F32, "f:F", 0x3fc00000, 0, 0x3ff8000000000000ull, XIP_OK},
        {XIP_OP_F32_DEMOTE_F64, "F:f", 0x3ff8000000000000ull, 0, 0x3fc00000, XIP_OK},
#endif
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        uint64_t r = 0xdead;
        xip_status st = binop(t[i].op, t[i].type, t[i].a, t[i].b, &r);
        check_total++;
        if (st != t[i].st || (st == XIP_OK && r != t[i].want)) {
            printf("FAIL %s:%d: op %d row %zu: %s %llx, want %s %llx\n", __FILE__, __LINE__,
                   t[i].op, i, xip_status_name(st), (unsigned long long)r,
                   xip_status_name(t[i].st), (unsigned long long)t[i].want);
            check_failed++;
        }
    }
}

/* A pseudo-random u64 of a random bit width (1..64), so both 32-bit and long operands occur. */
static uint64_t random_width(uint64_t *state)
{
    uint64_t x;
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    x = *state ^ (*state >> 29) * 0xbf58476d1ce4e5b9ull;
    return x >> (x & 63);
}

/*
 * i64 division: xipi_divmod_u64 (the XIP_SMALL_DIV64 divider) against the C
 * operators, and the four i64 division rows of the run loop (whichever
 * divider this build uses) against them, on edge values and random operands.
 */
static void test_div64(void)
{
    static const uint64_t edge[] = {1, 2, 3, 7, 10, 0xffffffffull, 0x100000000ull, 0x100000001ull,
                                    0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull,
                                    0xfffffffffffffffeull, ~0ull, 0x123456789abcdef0ull};
    enum { NE = sizeof edge / sizeof edge[0] };
    uint64_t state = 12345;
    for (int i = 0; i < NE * NE + 3000; i++) {
        uint64_t n = i < NE * NE ? edge[i / NE] : random_width(&state);
        uint64_t d = i < NE * NE ? edge[i % NE] : random_width(&state), r = 0, q;
        if (d == 0)
            d = 1;
        q = xipi_divmod_u64(n, d, &r);
        check_total++;
        if (q != n / d || r != n % d) {
            printf("FAIL %s:%d: xipi_divmod_u64(%llx, %llx) = %llx rem %llx\n", __FILE__, __LINE__,
                   (unsigned long long)n, (unsigned long long)d, (unsigned long long)q,
                   (unsigned long long)r);
            check_failed++;
        }
        if (i % 10 == 0) { /* through the run loop (a load per case: every tenth) */
            int64_t sn = (int64_t)n, sd = (int64_t)d;
            uint64_t got = 0;
            CHECK_EQ(binop(XIP_OP_I64_DIV_U, "II:I", n, d, &got), XIP_OK);
            CHECK(got == n / d);
            CHECK_EQ(binop(XIP_OP_I64_REM_U, "II:I", n, d, &got), XIP_OK);
            CHECK(got == n % d);
            if (!(sn == INT64_MIN && sd == -1)) {
                CHECK_EQ(binop(XIP_OP_I64_DIV_S, "II:I", n, d, &got), XIP_OK);
                CHECK(got == (uint64_t)(sn / sd));
                CHECK_EQ(binop(XIP_OP_I64_REM_S, "II:I", n, d, &got), XIP_OK);
                CHECK(got == (uint64_t)(sn % sd));
            }
        }
    }
}

#if XIP_FLOAT
/* Special float bit patterns (f32, f64): signed zeros and infinities, a NaN, subnormals, integers. */
static const uint64_t special32[] = {0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x00000001,
                                     0x007fffff, 0x3f800000, 0x4b800000, 0xcf000000};
static const uint64_t special64[] = {0, 0x8000000000000000ull, 0x7ff0000000000000ull,
                                     0xfff0000000000000ull, 0x7ff8000000000000ull, 1,
                                     0x3ff0000000000000ull, 0x4340000000000000ull,
                                     0xc3e0000000000000ull, 0x000fffffffffffffull};

/* A random float bit pattern of `bits` (32 or 64): often a special value or a near tie. */
static uint64_t random_float(uint64_t *state, int bits)
{
    uint64_t x = random_width(state);
    if (x % 4 == 0)
        return bits == 32 ? special32[x / 4 % 10] : special64[x / 4 % 10];
    x ^= *state;
    return bits == 32 ? (uint32_t)x : x;
}

static float to_f32(uint64_t b)
{
    uint32_t u = (uint32_t)b;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static double to_f64(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static uint64_t bits_f32(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static uint64_t bits_f64(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/* 1 if got is the host's result want, or both are NaNs (quiet: an arithmetic NaN) of `bits`. */
static int same_float(uint64_t got, uint64_t want, int bits)
{
    uint64_t inf = bits == 32 ? 0x7f800000u : 0x7ff0000000000000ull;
    uint64_t magnitude = bits == 32 ? 0x7fffffffu : 0x7fffffffffffffffull;
    uint64_t quiet = bits == 32 ? 0x00400000u : 0x0008000000000000ull;
    if ((want & magnitude) > inf) /* a NaN */
        return (got & magnitude) > inf && (got & quiet) != 0 && got <= (bits == 32 ? 0xffffffffu : ~0ull);
    return got == want;
}

/*
 * The float comparisons, f32/f64 add, sub, mul and div, and int -> float
 * conversions of the run loop (the C operators, or the XIP_SMALL_FLOAT paths)
 * against the host's IEEE arithmetic, on special and random operands.
 */
static void test_float_paths(void)
{
    uint64_t state = 777;
    for (int i = 0; i < 700; i++) {
        uint64_t a32 = random_float(&state, 32), b32 = random_float(&state, 32);
        uint64_t a64 = random_float(&state, 64), b64 = random_float(&state, 64), n = random_width(&state);
        if (i < 100) { /* first every pair of special values (-0 and +0 among them), then random ones */
            a32 = special32[i % 10];
            b32 = special32[i / 10];
            a64 = special64[i % 10];
            b64 = special64[i / 10];
        }
        float x = to_f32(a32), y = to_f32(b32);
        double u = to_f64(a64), v = to_f64(b64);
        uint64_t got = 0;
        const struct {
            int op, bits;
            const char *type;
            uint64_t a, b, want;
        } t[] = {
            {XIP_OP_F32_EQ, 0, "ff:i", a32, b32, x == y},
            {XIP_OP_F32_NE, 0, "ff:i", a32, b32, x != y},
            {XIP_OP_F32_LT, 0, "ff:i", a32, b32, x < y},
            {XIP_OP_F32_GT, 0, "ff:i", a32, b32, x > y},
            {XIP_OP_F32_LE, 0, "ff:i", a32, b32, x <= y},
            {XIP_OP_F32_GE, 0, "ff:i", a32, b32, x >= y},
            {XIP_OP_F64_EQ, 0, "FF:i", a64, b64, u == v},
            {XIP_OP_F64_NE, 0, "FF:i", a64, b64, u != v},
            {XIP_OP_F64_LT, 0, "FF:i", a64, b64, u < v},
            {XIP_OP_F64_GT, 0, "FF:i", a64, b64, u > v},
            {XIP_OP_F64_LE, 0, "FF:i", a64, b64, u <= v},
            {XIP_OP_F64_GE, 0, "FF:i", a64, b64, u >= v},
            {XIP_OP_F32_ADD, 32, "ff:f", a32, b32, bits_f32(x + y)},
            {XIP_OP_F32_SUB, 32, "ff:f", a32, b32, bits_f32(x - y)},
            {XIP_OP_F32_MUL, 32, "ff:f", a32, b32, bits_f32(x * y)},
            {XIP_OP_F32_DIV, 32, "ff:f", a32, b32, bits_f32(x / y)},
            {XIP_OP_F64_ADD, 64, "FF:F", a64, b64, bits_f64(u + v)},
            {XIP_OP_F64_SUB, 64, "FF:F", a64, b64, bits_f64(u - v)},
            {XIP_OP_F64_MUL, 64, "FF:F", a64, b64, bits_f64(u * v)},
            {XIP_OP_F64_DIV, 64, "FF:F", a64, b64, bits_f64(u / v)},
            {XIP_OP_F32_CONVERT_I32_S, 32, "i:f", (uint32_t)n, 0, bits_f32((float)(int32_t)(uint32_t)n)},
            {XIP_OP_F32_CONVERT_I32_U, 32, "i:f", (uint32_t)n, 0, bits_f32((float)(uint32_t)n)},
            {XIP_OP_F32_CONVERT_I64_S, 32, "I:f", n, 0, bits_f32((float)(int64_t)n)},
            {XIP_OP_F32_CONVERT_I64_U, 32, "I:f", n, 0, bits_f32((float)n)},
            {XIP_OP_F64_CONVERT_I32_S, 64, "i:F", (uint32_t)n, 0, bits_f64((double)(int32_t)(uint32_t)n)},
            {XIP_OP_F64_CONVERT_I32_U, 64, "i:F", (uint32_t)n, 0, bits_f64((double)(uint32_t)n)},
            {XIP_OP_F64_CONVERT_I64_S, 64, "I:F", n, 0, bits_f64((double)(int64_t)n)},
            {XIP_OP_F64_CONVERT_I64_U, 64, "I:F", n, 0, bits_f64((double)n)},
        };
        for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
            xip_status st = binop(t[k].op, t[k].type, t[k].a, t[k].b, &got);
            check_total++;
            if (st != XIP_OK || !(t[k].bits ? same_float(got, t[k].want, t[k].bits) : got == t[k].want)) {
                printf("FAIL %s:%d: %s(%llx, %llx) = %llx, want %llx\n", __FILE__, __LINE__, op_name[t[k].op],
                       (unsigned long long)t[k].a, (unsigned long long)t[k].b, (unsigned long long)got,
                       (unsigned long long)t[k].want);
                check_failed++;
            }
        }
    }
}
#endif

/* Reference comparison for a mnemonic like "jlt_s64", "i32.ge_u_i", "jeq_i"; -1 if not one. */
static int ref_compare(const char *mn, uint64_t a, uint64_t b)
{
    char rel[3] = {0};
    int w64, sgn;
    const char *p;
    if (strncmp(mn, "i32.", 4) == 0 || strncmp(mn, "i64.", 4) == 0) {
        w64 = mn[1] == '6';
        p = mn + 4;
    } else if (mn[0] == 'j' && strcmp(mn, "jmp") != 0 && strncmp(mn, "jz", 2) != 0 &&
               strncmp(mn, "jnz", 3) != 0) {
        w64 = strstr(mn, "64") != NULL;
        p = mn + 1;
    } else {
        return -1;
    }
    memcpy(rel, p, 2);
    if (strcmp(rel, "eq") && strcmp(rel, "ne") && strcmp(rel, "lt") && strcmp(rel, "gt") &&
        strcmp(rel, "le") && strcmp(rel, "ge"))
        return -1;
    if (p[2] != '\0' && p[2] != '_' && strcmp(p + 2, "64") != 0)
        return -1;
    sgn = strncmp(p + 2, "_s", 2) == 0;
    if (!w64) {
        a = (uint32_t)a;
        b = (uint32_t)b;
        if (sgn) {
            a = (uint64_t)(int64_t)(int32_t)(uint32_t)a;
            b = (uint64_t)(int64_t)(int32_t)(uint32_t)b;
        }
    }
    if (sgn) {
        int64_t x = (int64_t)a, y = (int64_t)b;
        return rel[0] == 'l' ? (rel[1] == 't' ? x < y : x <= y)
             : rel[0] == 'g' ? (rel[1] == 't' ? x > y : x >= y)
             : rel[0] == 'e' ? x == y : x != y;
    }
    return rel[0] == 'l' ? (rel[1] == 't' ? a < b : a <= b)
         : rel[0] == 'g' ? (rel[1] == 't' ? a > b : a >= b)
         : rel[0] == 'e' ? a == b : a != b;
}

/* Every compare and fused compare-and-branch opcode against the reference, on edge values. */
static void test_compares(void)
{
    static const uint64_t v[] = {0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
                                 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull,
                                 0xffffffff80000000ull, 0xffffffffffff8000ull, 0x7fff};
    static const int k[] = {0, 1, -1, -32768, 32767};
    static image m;
    static code c;
    int tested = 0;
    for (int op = 0; op < XIP_OP_COUNT; op++) {
        int shape = op_shape[op], imm = shape == XIP_SHAPE_RKJ || shape == XIP_SHAPE_RRK16;
        int branch = shape == XIP_SHAPE_RRJ || shape == XIP_SHAPE_RKJ;
        spec s;
        if (ref_compare(op_name[op], 0, 0) < 0)
            continue;
        tested++;
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
            size_t nb = imm ? sizeof k / sizeof k[0] : sizeof v / sizeof v[0];
            for (size_t j = 0; j < nb; j++) {
                uint64_t b = imm ? (uint64_t)(int64_t)k[j] : v[j], r = 9;
                int want = ref_compare(op_name[op], v[i], b);
                code_init(&c);
                if (branch) {
                    if (imm)
                        ins(&c, op, 0, k[j], 0);
                    else
                        ins(&c, op, 0, 1, 0);
                    ins(&c, XIP_OP_CONST_I16, 0, 0);
                    ins(&c, XIP_OP_RET, 0, 1);
                    label(&c, 0);
                    ins(&c, XIP_OP_CONST_I16, 0, 1);
                    ins(&c, XIP_OP_RET, 0, 1);
                } else if (imm) {
                    ins(&c, op, 0, 0, k[j]);
                    ins(&c, XIP_OP_RET, 0, 1);
                } else {
                    ins(&c, op, 0, 0, 1);
                    ins(&c, XIP_OP_RET, 0, 1);
                }
                resolve(&c);
                spec1(&s, "II:i", 2, 2, &c);
                build(&m, &s);
                check_total++;
                if (start(&m) != XIP_OK || call3(0, 2, v[i], b, 0, &r) != XIP_OK || r != (uint64_t)want) {
                    printf("FAIL %s:%d: %s %llx %llx = %llu, want %d\n", __FILE__, __LINE__,
                           op_name[op], (unsigned long long)v[i], (unsigned long long)b,
                           (unsigned long long)r, want);
                    check_failed++;
                }
            }
        }
    }
    CHECK_EQ(tested, 60); /* 10 relations x {i32, i32 imm, i64} x {compare, branch} */
}

/* Runs conditional branch op on R[0] = a and R[1] (or the immediate) = b: 1 if taken, 0 if not. */
static uint64_t branch_taken(int op, uint64_t a, int64_t b)
{
    static image m;
    static code c;
    spec s;
    uint64_t r = 9;
    code_init(&c);
    if (op_shape[op] == XIP_SHAPE_RRJ)
        ins(&c, op, 0, 1, 0);
    else if (op_shape[op] == XIP_SHAPE_RKJ)
        ins(&c, op, 0, (int)b, 0);
    else
        ins(&c, op, 0, 0);
    ins(&c, XIP_OP_CONST_I16, 0, 0);
    ins(&c, XIP_OP_RET, 0, 1);
    label(&c, 0);
    ins(&c, XIP_OP_CONST_I16, 0, 1);
    ins(&c, XIP_OP_RET, 0, 1);
    resolve(&c);
    spec1(&s, "II:i", 2, 2, &c);
    build(&m, &s);
    if (start(&m) != XIP_OK || call3(0, 2, a, (uint64_t)b, 0, &r) != XIP_OK)
        return 9;
    return r;
}

/* The INVERSE column: a conditional branch and its inverse are taken on exactly opposite inputs. */
static void test_branch_inverses(void)
{
    static const uint8_t inverse[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) (uint8_t)XIP_OP_##inverse,
#include "opcodes.def"
#undef OP
    };
    static const int64_t v[] = {0, 1, 2, 0x7fff, -1, -32768, 0x7fffffff, 0x80000000, 0xffffffff,
                                0x100000000ll, INT64_MAX, INT64_MIN};
    int pairs = 0;
    for (int op = 0; op < XIP_OP_COUNT; op++) {
        if (inverse[op] == XIP_OP__)
            continue;
        pairs++;
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
            for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) {
                int64_t b = op_shape[op] == XIP_SHAPE_RKJ ? (int64_t)(int16_t)v[j] : v[j];
                uint64_t t = branch_taken(op, (uint64_t)v[i], b);
                uint64_t u = branch_taken(inverse[op], (uint64_t)v[i], b);
                check_total++;
                if (t > 1 || u > 1 || t == u) {
                    printf("FAIL %s:%d: %s / %s on %llx, %llx: taken %llu and %llu\n", __FILE__, __LINE__,
                           op_name[op], op_name[inverse[op]], (unsigned long long)v[i],
                           (unsigned long long)b, (unsigned long long)t, (unsigned long long)u);
                    check_failed++;
                }
            }
        }
    }
    CHECK(pairs > 0);
}

/* Every load and store width and extension. */
static void test_loads_stores(void)
{
    static const struct { int op; uint64_t want; } loads[] = {
        {XIP_OP_LOAD32, 0x84838281u}, {XIP_OP_LOAD64, 0x8887868584838281ull},
        {XIP_OP_LOAD8_S32, 0xffffff81u}, {XIP_OP_LOAD8_U, 0x81}, {XIP_OP_LOAD16_S32, 0xffff8281u},
        {XIP_OP_LOAD16_U, 0x8281}, {XIP_OP_LOAD8_S64, 0xffffffffffffff81ull},
        {XIP_OP_LOAD16_S64, 0xffffffffffff8281ull}, {XIP_OP_LOAD32_S64, 0xffffffff84838281ull},
    };
    static const struct { int op; uint64_t want; } stores[] = {
        {XIP_OP_STORE8, 0x8887868584838211ull}, {XIP_OP_STORE16, 0x8887868584832211ull},
        {XIP_OP_STORE32, 0x8887868544332211ull}, {XIP_OP_STORE64, 0x1122334444332211ull},
    };
    static image m;
    static code c;
    spec s;
    uint64_t r = 0;
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++) {
        code_init(&c);
        ins(&c, loads[i].op, 0, 0, 16);
        ins(&c, XIP_OP_RET, 0, 1);
        spec1(&s, "i:I", 1, 1, &c);
        bytes_at_20(&s);
        build(&m, &s);
        CHECK_EQ(start(&m), XIP_OK);
        CHECK_EQ(call3(0, 1, 4, 0, 0, &r), XIP_OK);
        CHECK_EQ(r, loads[i].want);
        CHECK_EQ(call3(0, 1, 232, 0, 0, &r), XIP_OK);
        CHECK_EQ(call3(0, 1, 233, 0, 0, &r), loads[i].op == XIP_OP_LOAD64 ? XIP_TRAP_MEMORY_OUT_OF_BOUNDS : XIP_OK);
        CHECK_EQ(call3(0, 1, 240, 0, 0, &r), XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
        CHECK_EQ(call3(0, 1, 0xfffffff0u, 0, 0, &r), XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
    }
    for (size_t i = 0; i < sizeof stores / sizeof stores[0]; i++) {
        code_init(&c);
        ins(&c, stores[i].op, 1, 0, 16);
        ins(&c, XIP_OP_LOAD64, 0, 0, 16);
        ins(&c, XIP_OP_RET, 0, 1);
        spec1(&s, "iI:I", 2, 2, &c);
        bytes_at_20(&s);
        build(&m, &s);
        CHECK_EQ(start(&m), XIP_OK);
        CHECK_EQ(call3(0, 2, 4, 0x1122334444332211ull, 0, &r), XIP_OK);
        CHECK_EQ(r, stores[i].want);
        CHECK_EQ(call3(0, 2, 255, 0, 0, &r), XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
    }
}

/* Sum 1..n with a backward branch (fused compare), n in R0. */
static void sum_code(code *c)
{
    code_init(c);
    ins(c, XIP_OP_CONST_I16, 1, 0);         /* acc */
    ins(c, XIP_OP_CONST_I16, 2, 1);         /* i */
    ins(c, XIP_OP_JGT_S, 2, 0, 1);          /* if i > n goto done */
    label(c, 0);
    ins(c, XIP_OP_I32_ADD, 1, 1, 2);
    ins(c, XIP_OP_I32_ADD_I, 2, 2, 1);
    ins(c, XIP_OP_JLE_S, 2, 0, 0);          /* loop */
    label(c, 1);
    ins(c, XIP_OP_RET, 1, 1);
    resolve(c);
}

static void test_branches(void)
{
    static image m;
    static code c;
    spec s;
    uint64_t r = 0;
    sum_code(&c);
    spec1(&s, "i:i", 3, 3, &c);
    build(&m, &s);
    CHECK_EQ(start(&m), XIP_OK);
    CHECK_EQ(call3(0, 1, 100, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 5050);
    CHECK_EQ(call3(0, 1, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 0);

    /* br_table: 0 -> 10, 1 -> 20, else -> 30 */
    code_init(&c);
    ins(&c, XIP_OP_BR_TABLE, 0, 2, 0, 1, 2);
    label(&c, 0);
    ins(&c, XIP_OP_CONST_I16, 0, 10);
    ins(&c, XIP_OP_RET, 0, 1);
    label(&c, 1);
    ins(&c, XIP_OP_CONST_I16, 0, 20);
    ins(&c, XIP_OP_RET, 0, 1);
    label(&c, 2);
    ins(&c, XIP_OP_CONST_I16, 0, 30);
    ins(&c, XIP_OP_RET, 0, 1);
    resolve(&c);
    spec1(&s, "i:i", 1, 1, &c);
    build(&m, &s);
    CHECK_EQ(start(&m), XIP_OK);
    CHECK_EQ(call3(0, 1, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 10);
    CHECK_EQ(call3(0, 1, 1, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 20);
    CHECK_EQ(call3(0, 1, 2, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 30);
    CHECK_EQ(call3(0, 1, 0xffffffff, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 30);

    /* select, jz/jnz, i64 fused branches, immediates */
    code_init(&c);
    ins(&c, XIP_OP_JZ64, 0, 0);
    ins(&c, XIP_OP_JLT_U64, 0, 1, 1);
    ins(&c, XIP_OP_CONST64, 0, (uint64_t)0x1122334455667788ull);
    ins(&c, XIP_OP_RET, 0, 1);
    label(&c, 0);
    ins(&c, XIP_OP_CONST64_I16, 0, -1);
    ins(&c, XIP_OP_RET, 0, 1);
    label(&c, 1);
    ins(&c, XIP_OP_SELECT, 0, 0, 1, 2);
    ins(&c, XIP_OP_RET, 0, 1);
    resolve(&c);
    spec1(&s, "IIi:I", 3, 3, &c);
    build(&m, &s);
    CHECK_EQ(start(&m), XIP_OK);
    {
        uint64_t args[3] = {0, 5, 1};
        uint32_t n;
        CHECK_EQ(xip_call(&R0.inst, 0, args, 3), XIP_OK);
        CHECK_EQ(xip_results(&R0.inst, &n)[0], ~0ull);
        args[0] = 0x100000000ull;
        args[1] = 0x100000001ull;
        CHECK_EQ(xip_call(&R0.inst, 0, args, 3), XIP_OK);
        CHECK_EQ(xip_results(&R0.inst, &n)[0], 0x100000000ull);
        args[2] = 0;
        CHECK_EQ(xip_call(&R0.inst, 0, args, 3), XIP_OK);
        CHECK_EQ(xip_results(&R0.inst, &n)[0], 0x100000001ull);
        args[1] = 1;
        CHECK_EQ(xip_call(&R0.inst, 0, args, 3), XIP_OK);
        CHECK_EQ(xip_results(&R0.inst, &n)[0], 0x1122334455667788ull);
    }
}

/* fib(n) recursive: func 0 (i:i), frame 4. */
static void fib_code(code *c)
{
    code_init(c);
    ins(c, XIP_OP_JLT_S_I, 0, 2, 0);    /* n < 2: return n */
    ins(c, XIP_OP_I32_ADD_I, 1, 0, -1);
    ins(c, XIP_OP_CALL, 0, 1);          /* R1 = fib(n-1) */
    ins(c, XIP_OP_I32_ADD_I, 2, 0, -2);
    ins(c, XIP_OP_CALL, 0, 2);          /* R2 = fib(n-2) */
    ins(c, XIP_OP_I32_ADD, 0, 1, 2);
    label(c, 0);
    ins(c, XIP_OP_RET, 0, 1);
    resolve(c);
}

static void test_calls(void)
{
    static image m;
    static code c, c2;
    spec s;
    uint64_t r = 0;
    uint32_t n;
    fib_code(&c);
    spec1(&s, "i:i", 1, 3, &c);
    build(&m, &s);
    CHECK_EQ(start(&m), XIP_OK);
    CHECK_EQ(call3(0, 1, 20, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 6765);

    /* multiple results: func 1 returns (a+b, a-b, 7); func 0 calls it and combines */
    code_init(&c);
    ins(&c, XIP_OP_MOV, 3, 0);
    ins(&c, XIP_OP_MOV, 4, 1);
    ins(&c, XIP_OP_CALL, 1, 3);                 /* R3..R5 = f1(a, b) */
    ins(&c, XIP_OP_RET, 3, 3);
    code_init(&c2);
    ins(&c2, XIP_OP_I32_ADD, 3, 0, 1);
    ins(&c2, XIP_OP_I32_SUB, 4, 0, 1);
    ins(&c2, XIP_OP_CONST_I16, 5, 7);
    ins(&c2, XIP_OP_LOCAL_STORE_FAR, 5, 300);   /* far slot round trip */
    ins(&c2, XIP_OP_CONST_I16, 5, 0);
    ins(&c2, XIP_OP_LOCAL_LOAD_FAR, 5, 300);
    ins(&c2, XIP_OP_RET, 3, 3);
    memset(&s, 0, sizeof s);
    s.ntypes = 1;
    s.types[0] = "ii:iii";
    s.nfuncs = 2;
    s.funcs[0].type = 0;
    s.funcs[0].nlocals = 2;
    s.funcs[0].frame = 6;
    s.funcs[0].c = &c;
    s.funcs[1].type = 0;
    s.funcs[1].nlocals = 2;
    s.funcs[1].frame = 301;
    s.funcs[1].c = &c2;
    build(&m, &s);
    CHECK_EQ(start(&m), XIP_OK);
    {
        uint64_t args[2] = {10, 3};
        const uint64_t *res;
        CHECK_EQ(xip_call(&R0.inst, 0, args, 2), XIP_OK);
        res = xip_results(&R0.inst, &n);
        CHECK_EQ(n, 3);
        CHECK_EQ(res[0], 13);
        CHECK_EQ(res[1], 7);
        CHECK_EQ(res[2], 7);
    }
}

static void test_host_calls(void)
{
    static image m;
    static code c;
    spec s;
    uint32_t n;
    uint64_t *args;
    const char *mod, *field;
    uint32_t mod_len, field_len;
    /* import 0: (i32, i32) -> i32; func 1 calls it twice: host(a, b) + host(b, a) */
    code_init(&c);
    ins(&c, XIP_OP_MOV, 2, 0);
    ins(&c, XIP_OP_MOV, 3, 1);
    ins(&c, XIP_OP_CALL, 0, 2);
    ins(&c, XIP_OP_MOV, 4, 1);
    ins(&c, XIP_OP_MOV, 5, 0);
    ins(&c, XIP_OP_CALL, 0, 4);
    ins(&c, XIP_OP_I32_ADD, 0, 2, 4);
    ins(&c, XIP_OP_RET, 0, 1);
    memset(&s, 0, sizeof s);
    s.ntypes = 1;
    s.types[0] = "ii:i";
    s.nimports = 1;
    s.nfuncs = 1;
    s.funcs[0].nlocals = 2;
    s.funcs[0].frame = 6;
    s.funcs[0].c = &c;
    build(&m, &s);
    CHECK_EQ(start(&m), XIP_OK);
    CHECK_EQ(xip_import_name(&R0.inst, 0, &mod, &mod_len, &field, &field_len), XIP_OK);
    CHECK(mod_len == 3 && memcmp(mod, "env", 3) == 0);
    CHECK(field_len == 5 && memcmp(field, "host0", 5) == 0);
    {
        uint64_t a[2] = {100, 7};
        CHECK_EQ(xip_call(&R0.inst, 1, a, 2), XIP_HOST_CALL);
        CHECK_EQ(xip_host_import(&R0.inst), 0);
        args = xip_host_args(&R0.inst);
        CHECK_EQ(args[0], 100);
        CHECK_EQ(args[1], 7);
        args[0] = args[0] * 10 + args[1]; /* host: 10a + b */
        CHECK_EQ(xip_resume(&R0.inst), XIP_HOST_CALL);
        args = xip_host_args(&R0.inst);
        CHECK_EQ(args[0], 7);
        CHECK_EQ(args[1], 100);
        args[0] = args[0] * 10 + args[1];
        CHECK_EQ(xip_resume(&R0.inst), XIP_OK);
        CHECK_EQ(xip_results(&R0.inst, &n)[0], 1007 + 170);
        CHECK_EQ(xip_resume(&R0.inst), XIP_ERR_STATE);
        /* a host trap */
        CHECK_EQ(xip_call(&R0.inst, 1, a, 2), XIP_HOST_CALL);
        CHECK_EQ(xip_host_trap(&R0.inst, XIP_TRAP_UNLINKED_IMPORT), XIP_TRAP_UNLINKED_IMPORT);
        CHECK(strstr(xip_status_name(XIP_TRAP_UNLINKED_IMPORT), "unlinked import") != NULL);
        /* calling the import directly */
        CHECK_EQ(xip_call(&R0.inst, 0, a, 2), XIP_HOST_CALL);
        args = xip_host_args(&R0.inst);
        CHECK_EQ(args[1], 7);
        args[0] = 55;
        CHECK_EQ(xip_resume(&R0.inst), XIP_OK);
        CHECK_EQ(xip_results(&R0.inst, &n)[0], 55);
        CHECK_EQ(n, 1);
    }
}

static void test_fuel(void)
{
    static image m;
    static code c;
    spec s;
    uint64_t r = 0, fr = 0;
    uint32_t pauses = 0, n;
    xip_status st;
    fib_code(&c);
    spec1(&s, "i:i", 1, 3, &c);
    build(&m, &s);
    CHECK_EQ(start(&m), XIP_OK);
    CHECK_EQ(xip_fuel(&R0.inst), UINT32_MAX);
    CHECK_EQ(call3(0, 1, 15, 0, 0, &r), XIP_OK);
    xip_set_fuel(&R0.inst, 0);
    st = call3(0, 1, 15, 0, 0, &fr);
    while (st == XIP_OUT_OF_FUEL && pauses < 100000) {
        pauses++;
        xip_set_fuel(&R0.inst, 3);
        st = xip_resume(&R0.inst);
    }
    CHECK_EQ(st, XIP_OK);
    CHECK_EQ(xip_results(&R0.inst, &n)[0], r);
    CHECK(pauses > 100);

    sum_code(&c);
    spec1(&s, "i:i", 3, 3, &c);
    build(&m, &s);
    CHECK_EQ(start(&m), XIP_OK);
    xip_set_fuel(&R0.inst, 10);
    CHECK_EQ(call3(0, 1, 1000, 0, 0, &r), XIP_OUT_OF_FUEL);
    CHECK_EQ(xip_fuel(&R0.inst), 0);
    xip_set_fuel(&R0.inst, 5000);
    CHECK_EQ(xip_resume(&R0.inst), XIP_OK);
    CHECK_EQ(xip_results(&R0.inst, &n)[0], 500500);
    CHECK_EQ(xip_fuel(&R0.inst), 5000 - (1000 - 1 - 10) - 1); /* the back branches and the return */
}

/*
 * A branch to itself (offset 0: `loop br 0`) costs fuel like any backward
 * branch, in every dispatch build: JMP, JNZ and a fused compare. A build
 * that lets offset 0 go free spins forever; the alarm turns that into a
 * failure.
 */
static void test_fuel_self_branch(void)
{
    static image m;
    static code c;
    spec s;
    uint64_t r = 0;
    uint32_t n;
    static const int ops[] = {XIP_OP_JMP, XIP_OP_JNZ, XIP_OP_JLT_S_I};
    alarm(10); /* the case takes microseconds */
    for (unsigned i = 0; i < CHECK_COUNT(ops); i++) {
        code_init(&c);
        label(&c, 0);
        if (ops[i] == XIP_OP_JMP)
            ins(&c, XIP_OP_JZ, 0, 1); /* R0 == 0: return, else spin on the JMP */
        label(&c, 2);
        if (ops[i] == XIP_OP_JMP)
            ins(&c, XIP_OP_JMP, 2);
        else if (ops[i] == XIP_OP_JNZ)
            ins(&c, XIP_OP_JNZ, 0, 2);
        else
            ins(&c, XIP_OP_JLT_S_I, 0, 5, 2); /* spin while R0 < 5 */
        label(&c, 1);
        ins(&c, XIP_OP_RET, 0, 1);
        resolve(&c);
        spec1(&s, "i:i", 1, 1, &c);
        build(&m, &s);
        CHECK_EQ(start(&m), XIP_OK);
        xip_set_fuel(&R0.inst, 5);
        CHECK_EQ(call3(0, 1, 1, 0, 0, &r), XIP_OUT_OF_FUEL);
        CHECK_EQ(xip_fuel(&R0.inst), 0);
        xip_set_fuel(&R0.inst, 3);
        CHECK_EQ(xip_resume(&R0.inst), XIP_OUT_OF_FUEL);
        CHECK_EQ(xip_fuel(&R0.inst), 0);
        /* not taken: the function returns its argument */
        uint64_t arg = ops[i] == XIP_OP_JLT_S_I ? 5 : 0;
        xip_set_fuel(&R0.inst, 4);
        CHECK_EQ(call3(0, 1, arg, 0, 0, &r), XIP_OK);
        CHECK_EQ(xip_results(&R0.inst, &n)[0], arg);
    }
    alarm(0);
}

static void test_traps(void)
{
    static image m;
    static code c, c2;
    spec s;
    uint64_t r;
    /* unreachable */
    code_init(&c);
    ins(&c, XIP_OP_UNREACHABLE);
    image1(&m, ":", 0, 0, &c);
    CHECK_EQ(start(&m), XIP_OK);
    CHECK_EQ(call3(0, 0, 0, 0, 0, &r), XIP_TRAP_UNREACHABLE);
    CHECK(strstr(xip_status_name(XIP_TRAP_UNREACHABLE), "unreachable") != NULL);
    CHECK_EQ(call3(0, 0, 0, 0, 0, &r), XIP_TRAP_UNREACHABLE); /* the instance stays usable */

    /* call stack exhausted: infinite recursion; also by stack slots */
    code_init(&c);
    ins(&c, XIP_OP_CALL, 0, 1);
    ins(&c, XIP_OP_RET, 0, 0);
    image1(&m, ":", 0, 2, &c);
    CHECK_EQ(start(&m), XIP_OK);
    CHECK_EQ(call3(0, 0, 0, 0, 0, &r), XIP_TRAP_CALL_STACK_EXHAUSTED);
    CHECK(strstr(xip_status_name(XIP_TRAP_CALL_STACK_EXHAUSTED), "call stack exhausted") != NULL);
    CHECK_EQ(load_with(&m, 40, 1000), XIP_OK);
    CHECK_EQ(xip_instantiate(&R0.inst), XIP_OK);
    CHECK_EQ(call3(0, 0, 0, 0, 0, &r), XIP_TRAP_CALL_STACK_EXHAUSTED);
    CHECK(R0.inst.depth == 0);

    /* call_indirect: table [f1, null]; f1 is ":i", f2 (type "i:i") not in the table */
    indirect_pair(&s, &c, &c2);
    s.ntable = 3;
    s.table[0] = 1;
    s.table[1] = 0xffff;
    s.table[2] = 0;
    build(&m, &s);
    CHECK_EQ(start(&m), XIP_OK);
    CHECK_EQ(call3(0, 1, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 99);
    CHECK_EQ(call3(0, 1, 1, 0, 0, &r), XIP_TRAP_UNINITIALIZED_ELEMENT);
    CHECK_EQ(call3(0, 1, 2, 0, 0, &r), XIP_TRAP_INDIRECT_CALL_MISMATCH);
    CHECK_EQ(call3(0, 1, 3, 0, 0, &r), XIP_TRAP_UNDEFINED_ELEMENT);
    CHECK_EQ(call3(0, 1, 0x100000000ull, 0, 0, &r), XIP_OK); /* the index is (u32)R[a] */
    CHECK(strstr(xip_status_name(XIP_TRAP_UNINITIALIZED_ELEMENT), "uninitialized element") != NULL);
    CHECK(strstr(xip_status_name(XIP_TRAP_UNDEFINED_ELEMENT), "undefined element") != NULL);
    CHECK(strstr(xip_status_name(XIP_TRAP_INDIRECT_CALL_MISMATCH), "indirect call type mismatch") != NULL);
    CHECK(strstr(xip_status_name(XIP_TRAP_DIVIDE_BY_ZERO), "integer divide by zero") != NULL);
    CHECK(strstr(xip_status_name(XIP_TRAP_INTEGER_OVERFLOW), "integer overflow") != NULL);
    CHECK(strstr(xip_status_name(XIP_TRAP_INVALID_CONVERSION), "invalid conversion to integer") != NULL);
    CHECK(strstr(xip_status_name(XIP_TRAP_MEMORY_OUT_OF_BOUNDS), "out of bounds memory access") != NULL);
}

static void test_memory(void)
{
    static image m;
    static code c;
    spec s;
    uint64_t r = 0;
    uint32_t size;
    uint8_t *mem;
    /* f0(addr) = load32 [addr + 4]; f1(addr, v) = store64 [addr + 8]; f2(delta) = grow; f3 = size */
    static code f0, f1, f2, f3, f4;
    code_init(&f0);
    ins(&f0, XIP_OP_LOAD32, 0, 0, 4);
    ins(&f0, XIP_OP_RET, 0, 1);
    code_init(&f1);
    ins(&f1, XIP_OP_STORE64, 1, 0, 8);
    ins(&f1, XIP_OP_LOAD8_S64, 1, 0, 8);
    ins(&f1, XIP_OP_LOAD16_S32, 0, 0, 8);
    ins(&f1, XIP_OP_I64_ADD, 0, 0, 1);
    ins(&f1, XIP_OP_RET, 0, 1);
    code_init(&f2);
    ins(&f2, XIP_OP_MEMORY_GROW, 0, 0);
    ins(&f2, XIP_OP_RET, 0, 1);
    code_init(&f3);
    ins(&f3, XIP_OP_MEMORY_SIZE, 0);
    ins(&f3, XIP_OP_RET, 0, 1);
    code_init(&f4);
    ins(&f4, XIP_OP_ADDR_FAR, 0, 0, 1000);
    ins(&f4, XIP_OP_RET, 0, 1);
    (void)c;
    memset(&s, 0, sizeof s);
    s.ntypes = 4;
    s.types[0] = "i:i";
    s.types[1] = "iI:I";
    s.types[2] = ":i";
    s.types[3] = "i:i";
    s.nfuncs = 5;
    s.funcs[0].type = 0; s.funcs[0].nlocals = 1; s.funcs[0].frame = 1; s.funcs[0].c = &f0;
    s.funcs[1].type = 1; s.funcs[1].nlocals = 2; s.funcs[1].frame = 2; s.funcs[1].c = &f1;
    s.funcs[2].type = 0; s.funcs[2].nlocals = 1; s.funcs[2].frame = 1; s.funcs[2].c = &f2;
    s.funcs[3].type = 2; s.funcs[3].nlocals = 0; s.funcs[3].frame = 1; s.funcs[3].c = &f3;
    s.funcs[4].type = 3; s.funcs[4].nlocals = 1; s.funcs[4].frame = 1; s.funcs[4].c = &f4;
    s.has_memory = 1;
    s.mem_min = 1;
    s.mem_max = 3;
    s.page_log2 = 12; /* 4 KiB pages */
    s.ndata = 2;
    s.data[0].off = 4;
    s.data[0].bytes = "\x78\x56\x34\x12";
    s.data[0].len = 4;
    s.data[1].off = 4092;
    s.data[1].bytes = "\x01\x02\x03\x04";
    s.data[1].len = 4;
    build(&m, &s);
    memset(R0.mem, 0xAA, sizeof R0.mem);
    CHECK_EQ(start(&m), XIP_OK);
    mem = xip_memory(&R0.inst, &size);
    CHECK_EQ(size, 4096);
    CHECK_EQ(mem[100], 0);
    CHECK_EQ(call3(0, 1, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 0x12345678);
    CHECK_EQ(call3(0, 1, 4088, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 0x04030201);
    CHECK_EQ(call3(0, 1, 4089, 0, 0, &r), XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
    CHECK_EQ(call3(0, 1, 0xfffffffc, 0, 0, &r), XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
    CHECK_EQ(call3(1, 2, 16, 0x8081, 0, &r), XIP_OK);
    CHECK_EQ(r, (uint64_t)(int64_t)-127 + 0xffff8081ull); /* (i8)0x81 + zero-extended (i16)0x8081 */
    CHECK_EQ(mem[24], 0x81);
    CHECK_EQ(call3(1, 2, 4080, 1, 0, &r), XIP_OK);
    CHECK_EQ(call3(1, 2, 4081, 1, 0, &r), XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
    CHECK_EQ(call3(4, 1, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 1000);
    CHECK_EQ(call3(4, 1, 3096, 0, 0, &r), XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
    CHECK_EQ(call3(3, 0, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 1);
    CHECK_EQ(call3(2, 1, 3, 0, 0, &r), XIP_OK); /* beyond max 3 */
    CHECK_EQ(r, 0xffffffff);
    CHECK_EQ(call3(2, 1, 2, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 1);
    CHECK_EQ(call3(3, 0, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 3);
    CHECK_EQ(call3(2, 1, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 3);
    CHECK_EQ(call3(2, 1, 1, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 0xffffffff);
    CHECK_EQ(call3(0, 1, 8188, 0, 0, &r), XIP_OK); /* grown memory reads zero */
    CHECK_EQ(r, 0);
    CHECK_EQ(call3(4, 1, 0xffffffff, 0, 0, &r), XIP_TRAP_MEMORY_OUT_OF_BOUNDS); /* no wrap */
    CHECK_EQ(call3(4, 1, 12288 - 1000, 0, 0, &r), XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
    CHECK_EQ(call3(4, 1, 12288 - 1001, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 12287);
    xip_memory(&R0.inst, &size);
    CHECK_EQ(size, 3 * 4096);

    /* memory.grow stops at the buffer capacity (16 pages of 4 KiB) when there is no max */
    s.mem_max = XIP_NO_MAX;
    build(&m, &s);
    CHECK_EQ(start(&m), XIP_OK);
    CHECK_EQ(call3(2, 1, 16, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 0xffffffff);
    CHECK_EQ(call3(2, 1, 15, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 1);
    CHECK_EQ(call3(2, 1, 0xffffffff, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 0xffffffff);
}

static void test_globals_start(void)
{
    static image m;
    static code f0, f1;
    spec s;
    uint64_t r = 0;
    /* start (f1) sets g1 = g0 * 3; f0 returns g1 and increments it */
    code_init(&f0);
    ins(&f0, XIP_OP_GLOBAL_GET, 0, 1);
    ins(&f0, XIP_OP_I32_ADD_I, 1, 0, 1);
    ins(&f0, XIP_OP_GLOBAL_SET, 1, 1);
    ins(&f0, XIP_OP_RET, 0, 1);
    code_init(&f1);
    ins(&f1, XIP_OP_GLOBAL_GET, 0, 0);
    ins(&f1, XIP_OP_I32_MUL_I, 0, 0, 3);
    ins(&f1, XIP_OP_GLOBAL_SET, 0, 1);
    ins(&f1, XIP_OP_RET, 0, 0);
    memset(&s, 0, sizeof s);
    s.ntypes = 2;
    s.types[0] = ":i";
    s.types[1] = ":";
    s.nfuncs = 2;
    s.funcs[0].type = 0; s.funcs[0].frame = 2; s.funcs[0].c = &f0;
    s.funcs[1].type = 1; s.funcs[1].frame = 1; s.funcs[1].c = &f1;
    s.nglobals = 2;
    s.globals[0].vt = XIP_I32;
    s.globals[0].init = 14;
    s.globals[1].vt = XIP_I32;
    s.globals[1].mut = 1;
    s.has_start = 1;
    s.start = 1;
    s.nexports = 1;
    s.exports[0].kind = XIP_EXTERN_GLOBAL;
    s.exports[0].index = 1;
    s.exports[0].name = "g";
    build(&m, &s);
    CHECK_EQ(start(&m), XIP_OK);
    CHECK_EQ(xip_find_export(&R0.inst, "g", 1, XIP_EXTERN_GLOBAL), 1);
    CHECK_EQ(call3(0, 0, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 42);
    CHECK_EQ(call3(0, 0, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 43);
    /* the start function paused by fuel, then resumed */
    CHECK_EQ(load(&m), XIP_OK);
    xip_set_fuel(&R0.inst, 1);
    code_init(&f1);
    CHECK_EQ(xip_instantiate(&R0.inst), XIP_OK); /* no call or branch: its return's unit only */
    CHECK_EQ(xip_fuel(&R0.inst), 0);
    xip_set_fuel(&R0.inst, UINT32_MAX);
    CHECK_EQ(call3(0, 0, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 42);
    /* an imported start function pauses the instantiation */
    code_init(&f1);
    ins(&f1, XIP_OP_RET, 0, 0);
    s.nimports = 1;
    s.import_type[0] = 1;
    s.start = 0;
    s.exports[0].index = 0;
    s.nfuncs = 1;
    s.funcs[0] = s.funcs[1];
    s.nexports = 0;
    build(&m, &s);
    CHECK_EQ(load(&m), XIP_OK);
    CHECK_EQ(xip_instantiate(&R0.inst), XIP_HOST_CALL);
    CHECK_EQ(call3(1, 0, 0, 0, 0, &r), XIP_ERR_STATE);
    CHECK_EQ(xip_resume(&R0.inst), XIP_OK);
    CHECK_EQ(call3(1, 0, 0, 0, 0, &r), XIP_OK);
}

/* Loads, instantiates and runs every function of m with zero args under little fuel. */
static void run_everything(const image *m)
{
    uint64_t args[256] = {0};
    xip_functype ft;
    xip_status st;
    if (load(m) != XIP_OK)
        return;
    xip_set_fuel(&R0.inst, 200);
    st = xip_instantiate(&R0.inst);
    for (int i = 0; i < 8 && (st == XIP_HOST_CALL || st == XIP_OUT_OF_FUEL); i++)
        st = xip_resume(&R0.inst);
    for (uint32_t f = 0; f < xip_func_count(&R0.inst) && f < 16; f++) {
        if (xip_func_type(&R0.inst, f, &ft) != XIP_OK)
            continue;
        for (uint32_t a = 0; a < ft.param_count; a++)
            args[a] = (uint64_t)rand() * 0x9e3779b97f4a7c15ull;
        xip_set_fuel(&R0.inst, 300);
        st = xip_call(&R0.inst, f, args, ft.param_count);
        for (int i = 0; i < 8 && (st == XIP_HOST_CALL || st == XIP_OUT_OF_FUEL); i++) {
            xip_set_fuel(&R0.inst, 100);
            st = xip_resume(&R0.inst);
        }
    }
}

/* Builds a few feature-rich images to mutate. */
static int seed_images(image *seeds)
{
    static code a, b, cfib, csum, ci, cm;
    spec s;
    int n = 0;
    add_image(&seeds[n++], &a);
    fib_code(&cfib);
    spec1(&s, "i:i", 1, 3, &cfib);
    build(&seeds[n++], &s);
    sum_code(&csum);
    spec1(&s, "i:i", 3, 3, &csum);
    build(&seeds[n++], &s);
    code_init(&ci);
    ins(&ci, XIP_OP_CALL_INDIRECT, 1, 0, 0, 1);
    ins(&ci, XIP_OP_CALL, 2, 1);
    ins(&ci, XIP_OP_BR_TABLE, 0, 1, 0, 1);
    label(&ci, 0);
    ins(&ci, XIP_OP_LOAD32, 0, 0, 4);
    ins(&ci, XIP_OP_STORE16, 0, 0, 4);
    ins(&ci, XIP_OP_MEMORY_GROW, 0, 0);
    label(&ci, 1);
    ins(&ci, XIP_OP_GLOBAL_SET, 0, 0);
    ins(&ci, XIP_OP_I32_DIV_S, 1, 0, 1);
    ins(&ci, XIP_OP_JNZ, 0, 0);
    ins(&ci, XIP_OP_RET, 1, 1);
    resolve(&ci);
    code_init(&cm);
    ins(&cm, XIP_OP_CONST_I16, 0, 99);
    ins(&cm, XIP_OP_RET, 0, 1);
    code_init(&b);
    ins(&b, XIP_OP_CALL, 0, 0);
    ins(&b, XIP_OP_RET, 0, 1);
    memset(&s, 0, sizeof s);
    s.ntypes = 2;
    s.types[0] = "i:i";
    s.types[1] = ":i";
    s.nimports = 1;
    s.import_type[0] = 0;
    s.nfuncs = 3;
    s.funcs[0].type = 0; s.funcs[0].nlocals = 1; s.funcs[0].frame = 2; s.funcs[0].c = &ci;
    s.funcs[1].type = 1; s.funcs[1].frame = 1; s.funcs[1].c = &cm;
    s.funcs[2].type = 0; s.funcs[2].nlocals = 1; s.funcs[2].frame = 1; s.funcs[2].c = &b;
    s.has_table = 1;
    s.ntable = 3;
    s.table[0] = 2;
    s.table[1] = 0xffff;
    s.table[2] = 1;
    s.has_memory = 1;
    s.mem_min = 1;
    s.mem_max = 4;
    s.page_log2 = 12;
    s.nglobals = 1;
    s.globals[0].vt = XIP_I32;
    s.globals[0].mut = 1;
    s.nexports = 1;
    s.exports[0].name = "f";
    s.ndata = 1;
    s.data[0].off = 8;
    s.data[0].bytes = "hello";
    s.data[0].len = 5;
    build(&seeds[n++], &s);
    return n;
}

static void test_robustness(void)
{
    static image seeds[8], m;
    int nseeds = seed_images(seeds), loaded = 0;
    srand(12345);
    for (int i = 0; i < nseeds; i++)
        CHECK_EQ(load(&seeds[i]), XIP_OK);
    for (int iter = 0; iter < 30000; iter++) {
        const image *seed = &seeds[iter % nseeds];
        int flips = 1 + rand() % 4;
        m = *seed;
        for (int k = 0; k < flips; k++) {
            uint32_t at = 20 + (uint32_t)rand() % (m.n - 20);
            if (rand() % 2)
                m.b[at] ^= (uint8_t)(1u << (rand() % 8));
            else
                m.b[at] = (uint8_t)rand();
        }
        if (rand() % 8 == 0)
            m.n = 20 + (uint32_t)rand() % (m.n - 20);
        if (rand() % 16 != 0)
            seal(&m);
        run_everything(&m);
        if (R0.inst.state != 0)
            loaded++;
    }
    for (int iter = 0; iter < 2000; iter++) { /* random bytes after a valid header */
        uint32_t n = 20 + (uint32_t)rand() % 200;
        m = seeds[0];
        for (uint32_t k = 20; k < n; k++)
            m.b[k] = (uint8_t)rand();
        m.n = n;
        seal(&m);
        run_everything(&m);
    }
    CHECK(loaded > 100);
}

/* ---- v2 container: imports of every kind, cexprs, RAM tables, segments ---- */

/* Byte strings for raw section parts. */
#define CE_I32(v) XIP_CEXPR_I32, (uint8_t)(v), (uint8_t)((v) >> 8), (uint8_t)((v) >> 16), (uint8_t)((v) >> 24)

#if XIP_EXT /* RAM tables, passive segments, imported tables */
/* Loads m with a table buffer of `slots` words (the other buffers as load()). */
static xip_status load_tables(const image *m, uint32_t slots)
{
    xip_buffers b = {R0.mem, MEM_BYTES, R0.globals, 8, R0.stack, STACK_SLOTS, R0.frames, FRAMES,
                     slots ? R0.tables : NULL, slots};
    return xip_load(&R0.inst, m->b, m->n, &b);
}

static void test_ram_tables(void)
{
    static image m;
    static code c, c2;
    spec s;
    uint64_t r;
    uint32_t size = 0, *entries;
    xip_requirements req;
    /* RAM table [f1, null, null] (min 3, max 8) from an active segment; a passive segment */
    static const uint8_t elems[] = {2, 0,
        XIP_SEGMENT_ACTIVE, XIP_FUNCREF, 0, CE_I32(0), XIP_CEXPR_END, 2, 0, 0, 0,
        XIP_CEXPR_REF_FUNC, 1, 0, XIP_CEXPR_END, XIP_CEXPR_REF_NULL, XIP_CEXPR_END,
        XIP_SEGMENT_PASSIVE, XIP_FUNCREF, 1, 0, 0, 0, XIP_CEXPR_REF_FUNC, 0, 0, XIP_CEXPR_END};
    indirect_pair(&s, &c, &c2);
    s.table_ram = 1;
    s.ntable = 3;
    s.elem = elems;
    s.elem_len = sizeof elems;
    build(&m, &s);
    CHECK_EQ(xip_image_requirements(m.b, m.n, &req), XIP_OK);
    CHECK_EQ(req.table_slots, 1 + 1 + 3);     /* size word, drop bits, min entries */
    CHECK_EQ(req.table_max_slots, 1 + 1 + 8); /* ... max entries */
    CHECK_EQ(req.globals, 0);
    CHECK_EQ(req.memory_bytes, 0);
    CHECK_EQ(load_tables(&m, 4), XIP_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(load_tables(&m, 0), XIP_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(load_tables(&m, 5), XIP_OK);
    CHECK_EQ(xip_instantiate(&R0.inst), XIP_OK);
    CHECK_EQ(call3(0, 1, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 99);
    CHECK_EQ(call3(0, 1, 1, 0, 0, &r), XIP_TRAP_UNINITIALIZED_ELEMENT);
    CHECK_EQ(call3(0, 1, 3, 0, 0, &r), XIP_TRAP_UNDEFINED_ELEMENT);
    entries = xip_table_entries(&R0.inst, 0, &size);
    CHECK(entries != NULL);
    CHECK_EQ(size, 3);
    CHECK(xip_table_entries(&R0.inst, 1, &size) == NULL);
    if (entries) {
        entries[2] = 0; /* f0 has another type */
        CHECK_EQ(call3(0, 1, 2, 0, 0, &r), XIP_TRAP_INDIRECT_CALL_MISMATCH);
        entries[2] = 1234; /* garbage from the host */
        CHECK_EQ(call3(0, 1, 2, 0, 0, &r), XIP_TRAP_INDIRECT_CALL_MISMATCH);
        entries[2] = 1;
        CHECK_EQ(call3(0, 1, 2, 0, 0, &r), XIP_OK);
    }
    /* drop bits: the active segment counts as dropped, the passive one until elem.drop */
    uint32_t n = 9;
    CHECK(xipi_segment_dropped(&R0.inst, XIP_SECTION_ELEM, 0));
    CHECK(!xipi_segment_dropped(&R0.inst, XIP_SECTION_ELEM, 1));
    xipi_live_segment(&R0.inst, XIP_SECTION_ELEM, 1, &n);
    CHECK_EQ(n, 1);
    xipi_drop_segment(&R0.inst, XIP_SECTION_ELEM, 1);
    CHECK(xipi_segment_dropped(&R0.inst, XIP_SECTION_ELEM, 1));
    xipi_live_segment(&R0.inst, XIP_SECTION_ELEM, 1, &n);
    CHECK_EQ(n, 0);
    CHECK_EQ(xip_instantiate(&R0.inst), XIP_OK); /* re-instantiation restores it */
    CHECK(!xipi_segment_dropped(&R0.inst, XIP_SECTION_ELEM, 1));
    CHECK_EQ(call3(0, 1, 2, 0, 0, &r), XIP_TRAP_UNINITIALIZED_ELEMENT);

    /* an active segment that does not fit traps at instantiation, after the earlier writes */
    static uint8_t oob[sizeof elems];
    memcpy(oob, elems, sizeof elems);
    oob[0] = 1;
    oob[6] = 2; /* offset 2, 2 items, table size 3 */
    s.elem = oob;
    s.elem_len = 21;
    build(&m, &s);
    CHECK_EQ(load(&m), XIP_OK);
    CHECK_EQ(xip_instantiate(&R0.inst), XIP_TRAP_TABLE_OUT_OF_BOUNDS);
    CHECK(strstr(xip_status_name(XIP_TRAP_TABLE_OUT_OF_BOUNDS), "out of bounds table access") != NULL);
    CHECK(XIP_IS_TRAP(XIP_TRAP_TABLE_OUT_OF_BOUNDS));
    CHECK(call3(0, 1, 0, 0, 0, &r) != XIP_ERR_STATE); /* still callable: a shared table may name its functions */
    /* ... which the verifier refuses for a flash table */
    oob[6] = 0;
    s.table_ram = 0;
    s.table[0] = 1;
    s.table[1] = s.table[2] = 0xffff;
    build(&m, &s);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    /* a segment item of the wrong type, a function out of range */
    s.table_ram = 1;
    oob[15] = XIP_CEXPR_I32;
    build(&m, &s);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    oob[15] = XIP_CEXPR_REF_FUNC;
    oob[16] = 2;
    build(&m, &s);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    /* an externref segment's items are externrefs: ref.null loads, ref.func (a funcref) is refused there */
    static uint8_t ext[] = {1, 0, XIP_SEGMENT_PASSIVE, XIP_EXTERNREF, 1, 0, 0, 0,
                            XIP_CEXPR_REF_NULL, XIP_CEXPR_END, 0, XIP_CEXPR_END};
    s.elem = ext;
    s.elem_len = 10;
    build(&m, &s);
    CHECK_EQ(load_tables(&m, 5), XIP_OK);
    ext[8] = XIP_CEXPR_REF_FUNC; /* ref.func 0: bytes 8..11 */
    s.elem_len = sizeof ext;
    build(&m, &s);
    CHECK_EQ(load_tables(&m, 5), XIP_ERR_MALFORMED);
}
#endif /* XIP_EXT */

#if XIP_EXT /* RAM tables, passive segments, imported tables */
static void test_imports_cexprs(void)
{
    static image m;
    static code c;
    spec s;
    uint64_t r;
    uint8_t kind = 9, mut = 9, vt = 0;
    uint32_t index = 9, size = 0;
    const char *mod, *field;
    uint32_t mod_len, field_len;
    /* table (funcref 2..4), memory (1..2 pages of 4 KiB), global i32, global mut i64 */
    static const uint8_t imports[] = {
        XIP_EXTERN_TABLE, XIP_FUNCREF, 2, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 'h', 1, 0, 't',
        XIP_EXTERN_MEMORY, 1, 0, 0, 0, 2, 0, 0, 0, 12, 1, 0, 'h', 1, 0, 'm',
        XIP_EXTERN_GLOBAL, XIP_I32, 0, 1, 0, 'h', 2, 0, 'g', '0',
        XIP_EXTERN_GLOBAL, XIP_I64, 1, 1, 0, 'h', 2, 0, 'g', '1'};
    static const uint8_t g2[] = {XIP_CEXPR_GLOBAL, 0, 0, CE_I32(5), XIP_CEXPR_ADD32, XIP_CEXPR_END};
    static const uint8_t g3[] = {XIP_CEXPR_GLOBAL, 1, 0, XIP_CEXPR_END};
    code_init(&c);
    ins(&c, XIP_OP_GLOBAL_GET, 0, 2);
    ins(&c, XIP_OP_RET, 0, 1);
    spec1(&s, ":i", 0, 1, &c);
    s.more_imports = imports;
    s.more_imports_len = sizeof imports;
    s.nmore_imports = 4;
    s.nglobals = 2;
    s.globals[0].vt = XIP_I32;
    s.globals[0].cexpr = g2;
    s.globals[0].cexpr_len = sizeof g2;
    s.globals[1].vt = XIP_I64;
    s.globals[1].mut = 1;
    s.globals[1].cexpr = g3;
    s.globals[1].cexpr_len = sizeof g3;
    s.ndata = 2;
    s.data[0].off = 2;
    s.data[0].bytes = "ab";
    s.data[0].len = 2;
    s.data[1].passive = 1;
    s.data[1].bytes = "xyz";
    s.data[1].len = 3;
    build(&m, &s);
    memset(R0.mem, 0, sizeof R0.mem);
    R0.mem[100] = 7;
    R0.mem[5000] = 8;
    CHECK_EQ(load(&m), XIP_OK);
    CHECK_EQ(xip_import_kind(&R0.inst, 0, &kind, &index), XIP_OK);
    CHECK_EQ(kind, XIP_EXTERN_TABLE);
    CHECK_EQ(index, 0);
    CHECK_EQ(xip_import_kind(&R0.inst, 1, &kind, &index), XIP_OK);
    CHECK_EQ(kind, XIP_EXTERN_MEMORY);
    CHECK_EQ(xip_import_kind(&R0.inst, 3, &kind, &index), XIP_OK);
    CHECK_EQ(kind, XIP_EXTERN_GLOBAL);
    CHECK_EQ(index, 1);
    CHECK_EQ(xip_import_kind(&R0.inst, 4, &kind, &index), XIP_ERR_ARGUMENT);
    CHECK_EQ(xip_import_name(&R0.inst, 3, &mod, &mod_len, &field, &field_len), XIP_OK);
    CHECK(mod_len == 1 && field_len == 2 && memcmp(field, "g1", 2) == 0);
    CHECK_EQ(xip_global_type(&R0.inst, 1, &vt, &mut), XIP_OK);
    CHECK(vt == XIP_I64 && mut == 1);
    CHECK_EQ(xip_global_type(&R0.inst, 2, &vt, &mut), XIP_OK);
    CHECK(vt == XIP_I32 && mut == 0);
    CHECK_EQ(xip_set_import_global(&R0.inst, 0, 0x100000000ull + 666), XIP_OK); /* i32: truncated */
    CHECK_EQ(xip_set_import_global(&R0.inst, 1, 1ull << 40), XIP_OK);
    CHECK_EQ(xip_set_import_global(&R0.inst, 2, 1), XIP_ERR_ARGUMENT);
    CHECK_EQ(xip_set_import_memory(&R0.inst, 4096 * 3), XIP_ERR_ARGUMENT); /* beyond its max */
    CHECK_EQ(xip_set_import_memory(&R0.inst, 100), XIP_ERR_ARGUMENT);      /* not whole pages */
    CHECK_EQ(xip_set_import_memory(&R0.inst, 8192), XIP_OK);
    CHECK_EQ(xip_set_import_table(&R0.inst, 0, 5), XIP_ERR_ARGUMENT);
    CHECK_EQ(xip_set_import_table(&R0.inst, 0, 1), XIP_ERR_ARGUMENT);
    CHECK_EQ(xip_set_import_table(&R0.inst, 0, 3), XIP_OK);
    CHECK(xip_table_entries(&R0.inst, 0, &size) != NULL);
    CHECK_EQ(size, 3);
    CHECK_EQ(xip_instantiate(&R0.inst), XIP_OK);
    CHECK_EQ(xip_set_import_global(&R0.inst, 0, 1), XIP_ERR_STATE);
    CHECK_EQ(call3(0, 0, 0, 0, 0, &r), XIP_OK);
    CHECK_EQ(r, 671);
    CHECK_EQ(xip_global_get(&R0.inst, 3, &r), XIP_OK);
    CHECK_EQ(r, 1ull << 40);
    xip_memory(&R0.inst, &size);
    CHECK_EQ(size, 8192);
    CHECK(R0.mem[100] == 7 && R0.mem[5000] == 8 && R0.mem[2] == 'a' && R0.mem[3] == 'b');
    CHECK(xipi_segment_dropped(&R0.inst, XIP_SECTION_DATA, 0));
    CHECK(!xipi_segment_dropped(&R0.inst, XIP_SECTION_DATA, 1));
    uint32_t at = xipi_live_segment(&R0.inst, XIP_SECTION_DATA, 1, &size);
    CHECK(size == 3 && memcmp(m.b + at, "xyz", 3) == 0);
    /* without xip_set_import_memory the memory starts zero-filled at its min */
    CHECK_EQ(load(&m), XIP_OK);
    CHECK_EQ(xip_instantiate(&R0.inst), XIP_OK);
    xip_memory(&R0.inst, &size);
    CHECK_EQ(size, 4096);
    CHECK(R0.mem[100] == 0);

    /* cexpr refusals: a global reading itself, the wrong type, too deep, an unknown op */
    static uint8_t bad[32];
    s.globals[0].cexpr = bad;
    memcpy(bad, (const uint8_t[]){XIP_CEXPR_GLOBAL, 2, 0, XIP_CEXPR_END}, 4);
    s.globals[0].cexpr_len = 4;
    build(&m, &s);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    memcpy(bad, (const uint8_t[]){XIP_CEXPR_GLOBAL, 1, 0, XIP_CEXPR_END}, 4); /* an i64 for an i32 */
    build(&m, &s);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    {
        static uint8_t deep[64];
        uint32_t k = 0;
        for (int i = 0; i < 9; i++) {
            memcpy(deep + k, (const uint8_t[]){CE_I32(1)}, 5);
            k += 5;
        }
        for (int i = 0; i < 8; i++)
            deep[k++] = XIP_CEXPR_ADD32;
        deep[k++] = XIP_CEXPR_END;
        s.globals[0].cexpr = deep;
        s.globals[0].cexpr_len = k;
        build(&m, &s);
        expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
        k = 5 * 8; /* 8 deep is fine */
        for (int i = 0; i < 7; i++)
            deep[k++] = XIP_CEXPR_ADD32;
        deep[k++] = XIP_CEXPR_END;
        s.globals[0].cexpr_len = k;
        build(&m, &s);
        expect_load(&m, XIP_OK, __LINE__);
        deep[0] = 12;
        build(&m, &s);
        expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
    }
    /* imports out of kind order */
    s.globals[0].cexpr = g2;
    s.globals[0].cexpr_len = sizeof g2;
    static uint8_t swapped[sizeof imports];
    memcpy(swapped, imports + 32, sizeof imports - 32);
    memcpy(swapped + sizeof imports - 32, imports, 32);
    s.more_imports = swapped;
    build(&m, &s);
    expect_load(&m, XIP_ERR_MALFORMED, __LINE__);
}
#endif /* XIP_EXT */

static const check_case cases[] = {
    {"valid_load", test_valid_load},
    {"refusals", test_refusals},
    {"func_entry_cut", test_func_entry_cut},
    {"prepare", test_prepare},
    {"ops", test_ops},
    {"div64", test_div64},
#if XIP_FLOAT
    {"float_paths", test_float_paths},
#endif
    {"compares", test_compares},
    {"branch_inverses", test_branch_inverses},
    {"loads_stores", test_loads_stores},
    {"branches", test_branches},
    {"calls", test_calls},
    {"host_calls", test_host_calls},
    {"fuel", test_fuel},
    {"fuel_self_branch", test_fuel_self_branch},
    {"traps", test_traps},
    {"memory", test_memory},
    {"globals_start", test_globals_start},
#if XIP_EXT
    {"ram_tables", test_ram_tables},
    {"imports_cexprs", test_imports_cexprs},
#endif
    {"robustness", test_robustness},
};

int main(int argc, char **argv)
{
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
