/*
 * xip_verify_refs.c: the verifier's reference check (format/xip_refs.h has
 * the rule). References cannot be forged: a register reaches a table, a
 * reference global, a call's reference parameter or a reference result only
 * if it holds a reference of the right type by the module's own types, so a
 * funcref at or above XIP_HOST_REF_BASE is always one the host gave.
 *
 * A function with a REFS entry is checked in one linear pass with one class
 * byte per frame slot, plus a list of the slots holding a reference (to
 * reset them at joins and calls in time proportional to what was set). A
 * function without an entry may hold no reference at all; that pass runs
 * only if the image could let one escape (a RAM or externref table, a
 * reference-typed global or signature).
 */
#include "xip_internal.h"
#include "xip_refs.h"

#define LISTED 0x80u /* class byte: the slot is in the list */

typedef struct refs_state {
    const xip_instance *inst;
    uint8_t *cls;     /* per frame slot: class (low 2 bits) | LISTED; 0 when not listed */
    uint8_t *list;    /* u16 slot numbers, little-endian */
    uint32_t nlist;
    int plain;        /* no REFS entry: every reference is refused */
    uint32_t joins, njoins, calls, ncalls, pool; /* image offsets and counts of the entry */
    uint32_t next_call;
} refs_state;

uint32_t xipi_shape_field(uint32_t shape, uint32_t k)
{
    return xip_shape_field(shape, k);
}

static uint32_t table_class(void *ctx, uint32_t t)
{
    xipi_table e;
    xipi_table_at(((refs_state *)ctx)->inst, t, &e);
    return xip_rc_of_type(e.elemtype);
}

static uint32_t global_class(void *ctx, uint32_t g)
{
    xipi_global e;
    xipi_global_at(((refs_state *)ctx)->inst, g, &e);
    return xip_rc_of_type(e.valtype);
}

static const uint8_t *signature(void *ctx, int indirect, uint32_t index, uint32_t *np, uint32_t *nr)
{
    const xip_instance *inst = ((refs_state *)ctx)->inst;
    xipi_type t;
    xipi_type_at(inst, indirect ? index : xipi_func_type_index(inst, index), &t);
    *np = t.nparams;
    *nr = t.nresults;
    return inst->image + t.valtypes;
}

static uint32_t get(void *ctx, uint32_t reg)
{
    const refs_state *s = ctx;
    return s->plain ? XIP_RC_NUM : s->cls[reg] & 3u;
}

static int need(void *ctx, uint32_t reg, uint32_t want)
{
    return xip_rc_fits(get(ctx, reg), want);
}

static int set(void *ctx, uint32_t reg, uint32_t cls)
{
    refs_state *s = ctx;
    if (s->plain) /* a null is a number to a function that holds no reference */
        return cls == XIP_RC_NUM || cls == XIP_RC_NULL;
    if (cls != XIP_RC_NUM && !(s->cls[reg] & LISTED)) {
        xip_write_u16(s->list + 2 * s->nlist++, (uint16_t)reg);
        s->cls[reg] = LISTED;
    }
    s->cls[reg] = (uint8_t)((s->cls[reg] & LISTED) | cls);
    return 1;
}

/* Every slot becomes a number (the list empties). */
static void clear_all(refs_state *s)
{
    uint32_t i;
    for (i = 0; i < s->nlist; i++)
        s->cls[xip_read_u16(s->list + 2 * i)] = 0;
    s->nlist = 0;
}

/* True if each pool entry of [first, first + n) lies below limit and its register already holds its class. */
static int list_fits(const refs_state *s, uint32_t first, uint32_t n, uint32_t limit)
{
    const uint8_t *e = s->inst->image + s->pool + XIP_REFS_POOL_SIZE * first;
    uint32_t i;
    for (i = 0; i < n; i++)
        if (xip_read_u16(e + 3 * i) >= limit || !xip_rc_fits(s->cls[xip_read_u16(e + 3 * i)] & 3u, e[3 * i + 2]))
            return 0;
    return 1;
}

/* Pool entries [first, first + n): if check, they must fit (list_fits); then only they hold references. */
static int apply_list(refs_state *s, uint32_t first, uint32_t n, int check, uint32_t limit)
{
    const uint8_t *e = s->inst->image + s->pool + XIP_REFS_POOL_SIZE * first;
    uint32_t i;
    if (check && !list_fits(s, first, n, limit))
        return 0;
    clear_all(s);
    for (i = 0; i < n; i++)
        set(s, xip_read_u16(e + 3 * i), e[3 * i + 2]);
    return 1;
}

static int call_point(void *ctx, uint32_t base)
{
    refs_state *s = ctx;
    const uint8_t *e;
    if (s->plain)
        return 1;
    if (s->next_call >= s->ncalls)
        return 0;
    e = s->inst->image + s->calls + XIP_REFS_CALL_SIZE * s->next_call++;
    return apply_list(s, xip_read_u32(e), xip_read_u16(e + 4), 1, base); /* the callee may write from base on */
}

/* The join entry for function-relative pc, or -1 (binary search: entries are sorted by pc). */
static int32_t find_join(const refs_state *s, uint32_t pc)
{
    uint32_t lo = 0, hi = s->njoins;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2, at = xip_read_u32(s->inst->image + s->joins + XIP_REFS_JOIN_SIZE * mid);
        if (at == pc)
            return (int32_t)mid;
        if (at < pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* True if the state fits join j's list (a branch or a fall-through arriving there). */
static int fits_join(const refs_state *s, uint32_t j)
{
    const uint8_t *e = s->inst->image + s->joins + XIP_REFS_JOIN_SIZE * j;
    return list_fits(s, xip_read_u32(e + 4), e[8], 0xffffffffu); /* its registers lie in the frame */
}

/* True for the shapes with a TARGET field: J, RJ, RRJ and RKJ, consecutive (checked below). */
static int has_target(uint32_t shape)
{
    return shape - XIP_SHAPE_J <= (uint32_t)XIP_SHAPE_RKJ - XIP_SHAPE_J;
}
#ifndef XIP_NO_TABLE_CHECKS
#define XIP_TARGET_SHAPE_(name, size, f1, f2, f3, f4)                                                  \
    typedef char xip_target_shape_##name[XIP_HAS_FIELD_(XIP_SHAPE_FIELDS_##name, XIP_FIELD_TARGET) ==  \
                                         ((uint32_t)XIP_SHAPE_##name - XIP_SHAPE_J <=                  \
                                          (uint32_t)XIP_SHAPE_RKJ - XIP_SHAPE_J) ? 1 : -1];
XIP_SHAPES(XIP_TARGET_SHAPE_)
#undef XIP_TARGET_SHAPE_
#endif

/* Checks every branch target of the instruction at p (function offset rel, length size, shape) against its join. */
static int check_branches(const refs_state *s, const uint8_t *p, uint32_t rel, uint32_t size, uint32_t shape)
{
    uint32_t n = 1, i;
    const uint8_t *t = p + size - 2; /* a TARGET is the shape's last field */
    int32_t j;
    if (s->plain)
        return 1; /* no joins to arrive at */
    if (p[0] == XIP_OP_BR_TABLE) {
        n = xip_read_u16(p + 2) + 1u;
        t = p + XIP_SIZE_BRTABLE;
    } else if (!has_target(shape)) {
        return 1; /* no targets */
    }
    for (i = 0; i < n; i++) {
        j = find_join(s, (uint32_t)((int32_t)rel + xip_read_i16(t + 2 * i))); /* a target is inside the function */
        if (j < 0 || !fits_join(s, (uint32_t)j))
            return 0;
    }
    return 1;
}

/* Element types where tables meet: call_indirect needs a funcref table, copies need equal types. */
static int table_types_ok(refs_state *s, const uint8_t *p)
{
    uint32_t at = 3, want = XIP_RC_FUNC; /* the table p[at] must hold class want (read once the row has it) */
#if XIP_EXT
    if (p[0] == XIP_OP_TABLE_COPY) {
        at = 2;
        want = table_class(s, p[1]);
    } else if (p[0] == XIP_OP_TABLE_INIT) {
        xipi_segment seg;
        xipi_segment_at(s->inst, XIP_SECTION_ELEM, xip_read_u16(p + 1), &seg);
        want = xip_rc_of_type(seg.elemtype);
    } else
#endif
    if (p[0] != XIP_OP_CALL_INDIRECT && p[0] != XIP_OP_CALL_INDIRECT_WIDE)
        return 1;
    return table_class(s, p[at]) == want;
}

/* True if type t has a reference parameter or result. */
static int type_has_refs(const xip_instance *inst, uint32_t t)
{
    xipi_type e;
    uint32_t i;
    xipi_type_at(inst, t, &e);
    for (i = 0; i < e.nparams + e.nresults; i++)
        if (xip_rc_of_type(inst->image[e.valtypes + i]) != XIP_RC_NUM)
            return 1;
    return 0;
}

int xipi_refs_needed(const xip_instance *inst)
{
    uint32_t i;
    xipi_table t;
    xipi_global g;
    if (inst->refs || inst->ram_table_count)
        return 1;
    for (i = 0; i < inst->type_count; i++)
        if (type_has_refs(inst, i))
            return 1;
    for (i = 0; i < inst->table_count; i++) {
        xipi_table_at(inst, i, &t);
        if (t.elemtype != XIP_FUNCREF)
            return 1;
    }
    for (i = 0; i < inst->global_count; i++) {
        xipi_global_at(inst, i, &g);
        if (xip_rc_of_type(g.valtype) != XIP_RC_NUM)
            return 1;
    }
    return 0;
}

void xipi_parse_refs(const xip_instance *inst, xipi_cursor *c, uint32_t count)
{
    uint32_t i, j, low_f = 0, nj, nc, npool, at, pc, low, first, n; /* low_f, low: the least next f, pc */
    xipi_func e;
    for (i = 0; i < count && !c->bad; i++) {
        uint32_t f = xipi_get16(c), end;
        at = c->pos;
        nj = xipi_get16(c);
        nc = xipi_get16(c);
        npool = xipi_get32(c);
        if (c->bad || f >= inst->func_count || f < low_f) {
            xipi_fail(c, at - 2);
            return;
        }
        low_f = f + 1;
        xipi_func_at(inst, f, &e, &end);
        for (j = 0, low = 0; j < nj + nc && !c->bad; j++) { /* the joins (pc, first, u8 n), then the calls */
            uint32_t join = j < nj;
            at = c->pos;
            pc = join ? xipi_get32(c) : low;
            first = xipi_get32(c);
            n = (join ? xipi_get8 : xipi_get16)(c);
            if (!c->bad && ((join && (pc < low || pc >= end - e.code)) || first > npool || n > npool - first))
                xipi_fail(c, at);
            low = pc + 1; /* a bad pc stopped the cursor: no wrap matters */
        }
        for (j = 0; j < npool && !c->bad; j++) {
            at = c->pos;
            if (xipi_get16(c) >= e.frame || xipi_get8(c) - 1u > 2u)
                xipi_fail(c, at);
        }
    }
}

/* Image offsets of the joins, calls and pool of the (checked) REFS entry at image offset at; returns its end. */
static uint32_t entry_parts(const xip_instance *inst, uint32_t at, refs_state *s)
{
    const uint8_t *p = inst->image + at;
    s->njoins = xip_read_u16(p + 2);
    s->ncalls = xip_read_u16(p + 4);
    s->joins = at + XIP_REFS_FUNC_SIZE;
    s->calls = s->joins + XIP_REFS_JOIN_SIZE * s->njoins;
    s->pool = s->calls + XIP_REFS_CALL_SIZE * s->ncalls;
    return s->pool + XIP_REFS_POOL_SIZE * xip_read_u32(p + 6);
}

void xipi_refs_begin(const xip_instance *inst, xipi_refs_cursor *cur)
{
    uint32_t i, pos, frame;
    refs_state s;
    cur->needed = xipi_refs_needed(inst);
    cur->max_frame = 0;
    cur->left = inst->refs ? xip_read_u16(inst->image + inst->refs) : 0;
    cur->pos = inst->refs + 2;
    for (i = 0, pos = cur->pos; i < cur->left; i++) {
        frame = xip_read_u16(xipi_func_entry(inst, xip_read_u16(inst->image + pos)) + XIP_FUNC_FRAME);
        if (frame > cur->max_frame)
            cur->max_frame = frame;
        pos = entry_parts(inst, pos, &s);
    }
}

/* Reads the REFS entry at cursor->pos into s if it belongs to defined function i. */
static int take_entry(const xip_instance *inst, xipi_refs_cursor *cur, uint32_t i, refs_state *s)
{
    if (cur->left == 0 || xip_read_u16(inst->image + cur->pos) != i)
        return 0;
    cur->pos = entry_parts(inst, cur->pos, s);
    cur->left--;
    return 1;
}

/* The pass over function code [start, end) with s and env set up; *bad_at the instruction it refuses. */
static int check_code(refs_state *s, const xip_refs_env *env, uint32_t start, uint32_t end, uint32_t *bad_at)
{
    const uint8_t *code = s->inst->image + s->inst->code, *img = s->inst->image;
    uint32_t pc, size, j = 0, prev_falls = 1;
    for (pc = start; pc < end; pc += size) {
        uint32_t rel = pc - start, op = code[pc], d = xipi_op_desc[op];
        *bad_at = pc;
        for (; j < s->njoins && xip_read_u32(img + s->joins + XIP_REFS_JOIN_SIZE * j) <= rel; j++) { /* plain: njoins 0 */
            const uint8_t *je = img + s->joins + XIP_REFS_JOIN_SIZE * j;
            if (xip_read_u32(je) < rel || !apply_list(s, xip_read_u32(je + 4), je[8], (int)prev_falls, 0xffffffffu))
                return 0; /* a join inside an instruction, or arriving with the wrong classes */
        }
        size = xipi_insn_length(code + pc);
        if (!table_types_ok(s, code + pc) || !check_branches(s, code + pc, rel, size, d & 31u) ||
            !xip_refs_step(env, code + pc, d & 31u, xipi_op_refs(op)))
            return 0;
        prev_falls = d >> 5 != XIP_VC_NOFALL;
    }
    return s->plain || (j == s->njoins && s->next_call == s->ncalls); /* no entry the code does not use */
}

/* The verifier's side of the rule (ctx and results set per function). */
static const xip_refs_env env_of_verifier = {0, table_class, global_class, signature, get, need, set, call_point, 0};

xip_status xipi_verify_refs(const xip_instance *inst, uint32_t i, xipi_refs_cursor *cur, uint32_t *bad_at)
{
    refs_state s;
    xipi_func e;
    xipi_type t;
    xip_refs_env env;
    uint32_t end, k;
    int ok;
    memset(&s, 0, sizeof s);
    s.inst = inst;
    s.plain = !take_entry(inst, cur, i, &s);
    if (s.plain && !cur->needed)
        return XIP_OK;
    xipi_func_at(inst, i, &e, &end);
    xipi_type_at(inst, e.type, &t);
    *bad_at = e.code;
    if (s.plain && type_has_refs(inst, e.type))
        return XIP_ERR_BAD_CODE; /* its parameters or results need an entry */
    s.cls = cur->state;
    s.list = cur->state + cur->max_frame;
    env = env_of_verifier;
    env.ctx = &s;
    env.results = inst->image + t.valtypes + t.nparams;
    for (k = 0; k < t.nparams; k++) /* plain: numbers, which set() leaves */
        set(&s, k, xip_rc_of_type(inst->image[t.valtypes + k]));
    ok = check_code(&s, &env, e.code, end, bad_at);
    if (!s.plain)
        clear_all(&s); /* every slot a number again, for the next function */
    return ok ? XIP_OK : XIP_ERR_BAD_CODE;
}
