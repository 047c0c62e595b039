/*
 * refs.c: the REFS section (format/xip_refs.h). For each function that
 * handles references, finds by a fixed point over its finished bytecode
 * which registers hold a reference at each branch target (the meet of every
 * way in) and which survive each call, with the very rule the verifier
 * applies (xip_refs_step), so what it lists is what the verifier accepts.
 * Functions that hold no reference get no entry: images without references
 * do not change by a byte.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "program.h"
#include "xip_refs.h"

#define TOP 0xffu /* not reached yet (the fixed point starts there) */

typedef struct refs_ctx {
    const wasm_module *module;
    const xc_program *program;
    uint32_t *func_type;  /* function index -> Wasm type index */
    uint8_t *table_cls;   /* per table */
    uint8_t *global_cls;  /* per global */
    uint8_t **sig;        /* per Wasm type: params then results */
    uint8_t *cur;         /* per frame slot: class or TOP */
    uint32_t frame;
    bool probe;           /* only find out whether the function handles references */
    bool uses_refs;       /* the probe's answer */
    bool failed;          /* a need() failed: the bytecode breaks the rule */
    uint32_t *calls;      /* per call: the pool entries kept (first, n) pairs, when recording */
    uint32_t call_count;
    uint32_t call_capacity;
    xc_buffer *pool;      /* the entries, when recording */
    uint32_t pool_count;
} refs_ctx;

static uint32_t table_class(void *ctx, uint32_t t)
{
    return ((refs_ctx *)ctx)->table_cls[t];
}

static uint32_t global_class(void *ctx, uint32_t g)
{
    return ((refs_ctx *)ctx)->global_cls[g];
}

static const uint8_t *signature(void *ctx, int indirect, uint32_t index, uint32_t *np, uint32_t *nr)
{
    refs_ctx *c = ctx;
    uint32_t t = indirect ? c->program->image_types[index] : c->func_type[index];
    *np = c->module->types[t].param_count;
    *nr = c->module->types[t].result_count;
    return c->sig[t];
}

static uint32_t get(void *ctx, uint32_t reg)
{
    refs_ctx *c = ctx;
    return c->probe ? XIP_RC_NUM : c->cur[reg];
}

static int need(void *ctx, uint32_t reg, uint32_t want)
{
    refs_ctx *c = ctx;
    if (c->probe) {
        c->uses_refs = true;
        return 1;
    }
    if (c->cur[reg] == TOP) /* not reached yet */
        return 1;
    if (!xip_rc_fits(c->cur[reg], want))
        c->failed = true;
    return 1;
}

static int set(void *ctx, uint32_t reg, uint32_t cls)
{
    refs_ctx *c = ctx;
    if (c->probe)
        c->uses_refs |= cls == XIP_RC_FUNC || cls == XIP_RC_EXTERN;
    else
        c->cur[reg] = (uint8_t)cls;
    return 1;
}

/* Appends a pool entry. */
static void put_entry(refs_ctx *c, uint32_t reg, uint32_t cls)
{
    uint8_t e[XIP_REFS_POOL_SIZE];
    xip_write_u16(e, (uint16_t)reg);
    e[2] = (uint8_t)cls;
    xc_buffer_append(c->pool, e, sizeof e);
    c->pool_count++;
}

static int call_point(void *ctx, uint32_t base)
{
    refs_ctx *c = ctx;
    uint32_t first = c->pool_count;
    if (c->probe)
        return 1;
    for (uint32_t r = 0; r < c->frame; r++) {
        uint32_t cls = c->cur[r];
        if (r >= base)
            c->cur[r] = XIP_RC_NUM; /* the callee may write there */
        else if (cls != XIP_RC_NUM && cls != TOP && c->pool)
            put_entry(c, r, cls);
    }
    if (c->pool) {
        xc_grow((void **)&c->calls, &c->call_capacity, 2 * (c->call_count + 1), sizeof *c->calls);
        c->calls[2 * c->call_count] = first;
        c->calls[2 * c->call_count + 1] = c->pool_count - first;
        c->call_count++;
    }
    return 1;
}

/* Size of the (valid) instruction at p. */
static uint32_t insn_size(const uint8_t *p)
{
    static const uint8_t sizes[XIP_SHAPE_COUNT] = {
#define SIZE(name, size, f1, f2, f3, f4) size,
        XIP_SHAPES(SIZE)
#undef SIZE
    };
    uint32_t shape = xip_op_shape(p[0]);
    return sizes[shape] + (shape == XIP_SHAPE_BRTABLE ? 2u * (xip_read_u16(p + 2) + 1u) : 0u);
}

/* Calls fn(arg, target) for each branch target (function-relative) of the instruction at code[pc]. */
static void for_targets(const uint8_t *code, uint32_t pc, void (*fn)(void *, uint32_t), void *arg)
{
    const uint8_t *p = code + pc;
    uint32_t shape = xip_op_shape(p[0]), off = 1;
    for (uint32_t k = 0; k < 4; k++) {
        uint32_t field = xip_shape_field(shape, k);
        if (field == XIP_FIELD_TARGET)
            fn(arg, (uint32_t)((int32_t)pc + xip_read_i16(p + off)));
        if (field == XIP_FIELD_TARGETS)
            for (uint32_t i = 0; i <= xip_read_u16(p + off); i++)
                fn(arg, (uint32_t)((int32_t)pc + xip_read_i16(p + off + 2 + 2 * i)));
        off += xip_field_size((enum xip_field)field);
    }
}

typedef struct joins {
    uint32_t *pc; /* sorted, unique */
    uint32_t count, capacity;
    uint8_t *in;  /* count x frame classes (TOP: no way in seen yet) */
    uint32_t frame;
    const uint8_t *cur;
    bool changed;
} joins;

static void add_join(void *arg, uint32_t t)
{
    joins *j = arg;
    xc_grow((void **)&j->pc, &j->capacity, j->count + 1, sizeof *j->pc);
    j->pc[j->count++] = t;
}

static int by_value(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Index of join pc t (it is one). */
static uint32_t join_index(const joins *j, uint32_t t)
{
    const uint32_t *at = bsearch(&t, j->pc, j->count, sizeof *j->pc, by_value);
    assert(at);
    return (uint32_t)(at - j->pc);
}

/* Meets the current state into the state at join pc t. */
static void arrive(void *arg, uint32_t t)
{
    joins *j = arg;
    uint8_t *in = j->in + (size_t)join_index(j, t) * j->frame;
    for (uint32_t r = 0; r < j->frame; r++) {
        uint8_t m = in[r] == TOP ? j->cur[r] : j->cur[r] == TOP ? in[r] : (uint8_t)xip_rc_meet(in[r], j->cur[r]);
        if (m != in[r]) {
            in[r] = m;
            j->changed = true;
        }
    }
}

/* Starts the state of function f at its entry: parameters by type, the rest numbers. */
static void entry_state(refs_ctx *c, const wasm_functype *type)
{
    memset(c->cur, XIP_RC_NUM, c->frame);
    for (uint32_t i = 0; i < type->param_count; i++)
        c->cur[i] = (uint8_t)xip_rc_of_type(type->params[i]);
}

/*
 * One pass over code [0, size) from the entry state, meeting into the joins;
 * records call lists when c->pool is set.
 */
static void pass(refs_ctx *c, const xip_refs_env *env, joins *j, const uint8_t *code, uint32_t size,
                 const wasm_functype *type)
{
    uint32_t next = 0;
    bool falls = true;
    entry_state(c, type);
    j->cur = c->cur;
    for (uint32_t pc = 0; pc < size; pc += insn_size(code + pc)) {
        if (next < j->count && j->pc[next] == pc) {
            if (falls)
                arrive(j, pc);
            memcpy(c->cur, j->in + (size_t)next * j->frame, j->frame);
            next++;
        }
        for_targets(code, pc, arrive, j);
        xip_refs_step(env, code + pc, xip_op_shape(code[pc]), xip_op_refs(code[pc]));
        falls = !(xc_op_flags(code[pc]) & XIP_F_NOFALL);
    }
}

/* Appends join j's list (the registers holding a reference there) to the pool; false if over 255. */
static bool put_join_list(refs_ctx *c, const uint8_t *in, uint32_t *first, uint32_t *n)
{
    *first = c->pool_count;
    for (uint32_t r = 0; r < c->frame; r++)
        if (in[r] != XIP_RC_NUM && in[r] != TOP)
            put_entry(c, r, in[r]);
    *n = c->pool_count - *first;
    return *n <= 255;
}

/* Analyses defined function i (bytecode code[0, size)) and appends its entry to out if it needs one. */
static bool function_entry(refs_ctx *c, uint32_t i, const uint8_t *code, uint32_t size, xc_buffer *out,
                           uint32_t *entries, xc_error *error)
{
    const xc_ir_func *f = &c->program->funcs[i];
    const wasm_functype *type = &c->module->types[c->program->image_types[f->image_type]];
    uint32_t func_index = c->module->import_func_count + i;
    xip_refs_env env = {c, table_class, global_class, signature, get, need, set, call_point,
                        c->sig[c->program->image_types[f->image_type]] + type->param_count};
    c->probe = true;
    c->uses_refs = false;
    for (uint32_t k = 0; k < type->param_count + type->result_count; k++)
        c->uses_refs |= xip_rc_of_type(c->sig[c->program->image_types[f->image_type]][k]) != XIP_RC_NUM;
    for (uint32_t pc = 0; pc < size && !c->uses_refs; pc += insn_size(code + pc))
        xip_refs_step(&env, code + pc, xip_op_shape(code[pc]), xip_op_refs(code[pc]));
    if (!c->uses_refs)
        return true;
    c->probe = false;
    c->failed = false;
    c->frame = f->frame_size;
    c->cur = malloc(c->frame ? c->frame : 1);
    joins j = {0};
    for (uint32_t pc = 0; pc < size; pc += insn_size(code + pc))
        for_targets(code, pc, add_join, &j);
    if (j.count)
        qsort(j.pc, j.count, sizeof *j.pc, by_value);
    uint32_t unique = 0;
    for (uint32_t k = 0; k < j.count; k++)
        if (unique == 0 || j.pc[unique - 1] != j.pc[k])
            j.pc[unique++] = j.pc[k];
    j.count = unique;
    j.frame = c->frame;
    bool ok = j.count <= 0xffff && (uint64_t)j.count * c->frame <= (64u << 20);
    if (!ok)
        xc_error_set(error, XC_NO_OFFSET, func_index, "%u branch targets in a frame of %u slots are too many "
                     "for the reference check", (unsigned)j.count, (unsigned)c->frame);
    j.in = ok ? malloc((size_t)j.count * c->frame + 1) : NULL;
    assert(c->cur && (j.in || !ok));
    if (ok)
        memset(j.in, TOP, (size_t)j.count * c->frame);
    do {
        j.changed = false;
        if (ok)
            pass(c, &env, &j, code, size, type);
    } while (ok && j.changed);
    xc_buffer pool = {0}, body = {0};
    c->pool = &pool;
    c->pool_count = 0;
    c->call_count = 0;
    if (ok) { /* the fixed point: record the call lists. A slot no way in reached is a number to the */
        for (size_t k = 0; k < (size_t)j.count * c->frame; k++) /* verifier, which lists what it reads */
            if (j.in[k] == TOP)
                j.in[k] = XIP_RC_NUM;
        pass(c, &env, &j, code, size, type);
    }
    if (ok && c->failed)
        ok = xc_error_set(error, XC_NO_OFFSET, func_index, "internal: the code breaks the reference rule");
    if (ok && c->call_count > 0xffff)
        ok = xc_error_set(error, XC_NO_OFFSET, func_index, "%u calls exceed the reference check's limit of 65535",
                          (unsigned)c->call_count);
    uint8_t b[XIP_REFS_JOIN_SIZE];
    for (uint32_t k = 0; k < j.count && ok; k++) {
        uint32_t first, n;
        ok = put_join_list(c, j.in + (size_t)k * c->frame, &first, &n);
        if (!ok)
            xc_error_set(error, XC_NO_OFFSET, func_index, "%u references live at a branch target exceed the "
                         "limit of 255", (unsigned)n);
        xip_write_u32(b, j.pc[k]);
        xip_write_u32(b + 4, first);
        b[8] = (uint8_t)n;
        xc_buffer_append(&body, b, XIP_REFS_JOIN_SIZE);
    }
    for (uint32_t k = 0; k < c->call_count && ok; k++) {
        xip_write_u32(b, c->calls[2 * k]);
        xip_write_u16(b + 4, (uint16_t)c->calls[2 * k + 1]);
        ok = c->calls[2 * k + 1] <= 0xffff ||
             xc_error_set(error, XC_NO_OFFSET, func_index, "too many references live at a call");
        xc_buffer_append(&body, b, XIP_REFS_CALL_SIZE);
    }
    if (ok) {
        xip_write_u16(b, (uint16_t)i);
        xip_write_u16(b + 2, (uint16_t)j.count);
        xip_write_u16(b + 4, (uint16_t)c->call_count);
        xc_buffer_append(out, b, 6);
        xip_write_u32(b, c->pool_count);
        xc_buffer_append(out, b, 4);
        xc_buffer_append(out, body.data, body.size);
        xc_buffer_append(out, pool.data, pool.size);
        (*entries)++;
    }
    xc_buffer_free(&pool);
    xc_buffer_free(&body);
    c->pool = NULL;
    free(c->cur);
    free(j.in);
    free(j.pc);
    return ok;
}

/* Fills the index-space lookups of the module. */
static void build_ctx(refs_ctx *c, const xc_program *program)
{
    const wasm_module *m = program->module;
    uint32_t nf = m->import_func_count + m->func_count, nt = m->import_table_count + m->table_count;
    uint32_t ng = m->import_global_count + m->global_count, f = 0, t = 0, g = 0;
    memset(c, 0, sizeof *c);
    c->module = m;
    c->program = program;
    c->func_type = calloc(nf + 1, sizeof *c->func_type);
    c->table_cls = calloc(nt + 1, 1);
    c->global_cls = calloc(ng + 1, 1);
    c->sig = calloc(m->type_count + 1, sizeof *c->sig);
    assert(c->func_type && c->table_cls && c->global_cls && c->sig);
    for (uint32_t i = 0; i < m->import_count; i++) {
        const wasm_import *imp = &m->imports[i];
        if (imp->kind == WASM_EXTERN_FUNC)
            c->func_type[f++] = imp->desc.type_index;
        else if (imp->kind == WASM_EXTERN_TABLE)
            c->table_cls[t++] = (uint8_t)xip_rc_of_type(imp->desc.table.elem_type);
        else if (imp->kind == WASM_EXTERN_GLOBAL)
            c->global_cls[g++] = (uint8_t)xip_rc_of_type(imp->desc.global.type);
    }
    for (uint32_t i = 0; i < m->func_count; i++)
        c->func_type[f++] = m->funcs[i].type_index;
    for (uint32_t i = 0; i < m->table_count; i++)
        c->table_cls[t++] = (uint8_t)xip_rc_of_type(m->tables[i].elem_type);
    for (uint32_t i = 0; i < m->global_count; i++)
        c->global_cls[g++] = (uint8_t)xip_rc_of_type(m->globals[i].type.type);
    for (uint32_t i = 0; i < m->type_count; i++) {
        const wasm_functype *ft = &m->types[i];
        c->sig[i] = malloc(ft->param_count + ft->result_count + 1);
        assert(c->sig[i]);
        memcpy(c->sig[i], ft->params, ft->param_count);
        memcpy(c->sig[i] + ft->param_count, ft->results, ft->result_count);
    }
}

bool xc_encode_refs(const xc_program *program, const uint8_t *code, const uint32_t *starts, uint32_t code_size,
                    xc_buffer *out, xc_error *error)
{
    refs_ctx c;
    xc_buffer body = {0};
    uint32_t entries = 0;
    bool ok = true;
    build_ctx(&c, program);
    for (uint32_t i = 0; i < program->func_count && ok; i++) {
        uint32_t end = i + 1 < program->func_count ? starts[i + 1] : code_size;
        ok = function_entry(&c, i, code + starts[i], end - starts[i], &body, &entries, error);
    }
    if (ok && entries) {
        uint8_t n[2];
        xip_write_u16(n, (uint16_t)entries);
        xc_buffer_append(out, n, 2);
        xc_buffer_append(out, body.data, body.size);
    }
    xc_buffer_free(&body);
    for (uint32_t i = 0; i < c.module->type_count; i++)
        free(c.sig[i]);
    free(c.sig);
    free(c.func_type);
    free(c.table_cls);
    free(c.global_cls);
    free(c.calls);
    return ok;
}
