/*
 * coalesce.c: copy coalescing, the second half of the liveness pass. The
 * lowering gives every Wasm local its own register, so clang's local-to-local
 * copies (phi moves) and the saves of a local overwritten while its old value
 * waits on the operand stack stay movs. In a frame that fits the registers,
 * this splits every slot into webs (the definitions that reach a common use,
 * with their uses), then, hottest mov first, moves the web on one side of a
 * mov into the register of the other when no value that the web meets lives
 * there; movs between webs in one register, and movs or constants nobody
 * reads, are deleted.
 *
 * What must not move stays pinned in its slot: the values live at entry
 * (params, and locals read before written: they must be zeroed), a call's
 * arguments and results, RET ranges and REG3 triples. A web live across a
 * call moves only below the call's frame base. Locals the function writes
 * before it reads them need no zeroing, so NLOCALS ends after the last
 * register that holds a value live at entry.
 *
 * Program points: bit 2i of a web's footprint says it is live into
 * instruction i, bit 2i+1 that it is written by i or live out of it. Webs in
 * one register never share a point; a value read by i and a value i writes
 * meet at no point, so `i32.add r7, r7, r1` may result from a move, except
 * for the instructions that do not read every operand before writing (any
 * other shape than one W field 0 followed by reads), whose written web is
 * kept apart from the webs they read.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "program.h"

typedef uint64_t word;

/* A function whose footprints would take more words than this (32 MiB) is left as lowered. */
#ifndef XC_COALESCE_MAX_WORDS
#define XC_COALESCE_MAX_WORDS (1u << 22)
#endif

#define NO_NODE UINT32_MAX
#define NO_LIMIT UINT32_MAX

/* A value node: the value of a slot entering a block, or one definition. */
typedef struct node {
    uint32_t parent; /* union-find: webs, then groups of coalesced webs */
    uint32_t slot;   /* the slot it was lowered into */
    bool pinned;
} node;

/* Attributes of a root (a web or a group of coalesced webs). */
typedef struct group {
    uint32_t reg;   /* its register */
    uint32_t limit; /* the lowest frame base of a call it is live across */
    uint32_t row;   /* its footprint row */
    bool pinned;
} group;

typedef struct co_fn {
    const xc_program *program;
    xc_ir_func *f;
    uint32_t n, slots, words; /* instructions, frame slots, words per slot set */
    word *live;               /* live-in set of each instruction; row n is empty */
    uint32_t *in_row;         /* leader instruction -> row of in_node, or NO_NODE */
    uint32_t *in_node;        /* per leader row and slot: the node entering it */
    node *nodes;
    uint32_t node_count, node_capacity;
    uint32_t *opnode;         /* per instruction and field: its node (REG fields) */
    uint32_t *pairs;          /* nodes that must not share a register, two by two */
    uint32_t pair_count, pair_capacity;
    group *groups;            /* indexed by root node */
    uint32_t fp_words;        /* words per footprint */
    word *fp;                 /* footprints, one row per web */
    uint32_t def_words;       /* words per definition set */
    word *defs;               /* per web row: the instructions that write it */
    uint32_t reg_cap;         /* registers a web may be given (the register limit) */
    uint32_t top;             /* registers in use: the frame ends here at least */
    word *occ;                /* per register: the points its webs occupy */
    uint32_t *hoist_to;       /* per instruction: the loop header it moves before, or NO_NODE */
    uint32_t *hoist_next;     /* the next instruction moved before the same header */
    uint32_t *hoist_head, *hoist_tail; /* per header: the first and last instruction moved before it */
    bool *back;               /* per label: a loop branches back to it (NULL before hoisting) */
} co_fn;

static bool has(const word *set, uint32_t r)
{
    return (set[r / 64] >> (r % 64)) & 1;
}

static void put(word *set, uint32_t r)
{
    set[r / 64] |= (word)1 << (r % 64);
}

static void put_range(word *set, uint32_t lo, uint32_t n)
{
    for (uint32_t r = lo; r < lo + n; r++)
        put(set, r);
}

/* The Wasm type of the function a call instruction calls; NULL if the module is unknown. */
static const wasm_functype *callee_type(const co_fn *c, const xc_ir_insn *insn)
{
    const wasm_module *m = c->program->module;
    if (!m)
        return NULL;
    uint32_t x = (uint32_t)insn->operand[0];
    if (insn->op == XIP_OP_CALL_INDIRECT)
        return &m->types[c->program->image_types[x]];
    assert(insn->op == XIP_OP_CALL);
    if (x < m->import_func_count)
        return &m->types[m->imports[x].desc.type_index];
    return &m->types[m->funcs[x - m->import_func_count].type_index];
}

/* The frame base of a call (its B field). */
static uint32_t call_base(const xc_ir_insn *insn)
{
    return (uint32_t)insn->operand[insn->op == XIP_OP_CALL ? 1 : 3];
}

/*
 * The slots instruction i reads (use) and writes (def); pin, if given, gets
 * the slots whose webs must stay where they are (call arguments and
 * results, RET ranges, REG3 triples).
 */
static void insn_sets(const co_fn *c, uint32_t i, word *use, word *def, word *pin)
{
    const xc_ir_insn *insn = &c->f->insns[i];
    memset(use, 0, c->words * sizeof *use);
    memset(def, 0, c->words * sizeof *def);
    if (pin)
        memset(pin, 0, c->words * sizeof *pin);
    for (unsigned k = 0; k < 4; k++) {
        enum xip_field field = xc_op_field(insn->op, k);
        if (field != XIP_FIELD_REG && field != XIP_FIELD_REG3)
            continue;
        uint32_t r = (uint32_t)insn->operand[k];
        switch (xc_reg_role(insn, k)) {
        case XC_ROLE_WRITE:
            put(def, r);
            break;
        case XC_ROLE_READ:
            put_range(use, r, field == XIP_FIELD_REG3 ? 3 : 1);
            if (pin && field == XIP_FIELD_REG3)
                put_range(pin, r, 3);
            break;
        case XC_ROLE_RANGE:
            put_range(use, r, (uint32_t)insn->operand[1]);
            if (pin && insn->operand[1] > 1)
                put_range(pin, r, (uint32_t)insn->operand[1]);
            break;
        case XC_ROLE_BASE: {
            const wasm_functype *t = callee_type(c, insn);
            put_range(use, r, t->param_count);
            put_range(def, r, t->result_count);
            if (pin) {
                put_range(pin, r, t->param_count);
                put_range(pin, r, t->result_count);
            }
            break;
        }
        }
    }
}

/* ORs the live-in set of the instruction at label into out. */
static void add_label(const co_fn *c, uint32_t label, word *out)
{
    uint32_t at = c->f->label_insn[label];
    assert(at != XC_LABEL_UNBOUND && at <= c->n);
    for (uint32_t w = 0; w < c->words; w++)
        out[w] |= c->live[(size_t)at * c->words + w];
}

/* Calls fn(c, i, target instruction, arg) for each successor of instruction i. */
static void for_each_successor(co_fn *c, uint32_t i, void (*fn)(co_fn *, uint32_t, uint32_t, void *), void *arg)
{
    const xc_ir_insn *insn = &c->f->insns[i];
    if (!(xc_op_flags(insn->op) & XIP_F_NOFALL))
        fn(c, i, i + 1, arg);
    for (unsigned k = 0; k < 4; k++) {
        enum xip_field field = xc_op_field(insn->op, k);
        if (field == XIP_FIELD_TARGET)
            fn(c, i, c->f->label_insn[insn->operand[k]], arg);
        else if (field == XIP_FIELD_TARGETS)
            for (uint32_t t = 0; t < insn->table_count; t++)
                fn(c, i, c->f->label_insn[c->f->table_labels[(uint32_t)insn->operand[k] + t]], arg);
    }
}

/* Live-out of instruction i: the union over its successors. */
static void live_out(const co_fn *c, uint32_t i, word *out)
{
    const xc_ir_insn *insn = &c->f->insns[i];
    memset(out, 0, c->words * sizeof *out);
    if (!(xc_op_flags(insn->op) & XIP_F_NOFALL))
        for (uint32_t w = 0; w < c->words; w++)
            out[w] |= c->live[(size_t)(i + 1) * c->words + w];
    for (unsigned k = 0; k < 4; k++) {
        enum xip_field field = xc_op_field(insn->op, k);
        if (field == XIP_FIELD_TARGET)
            add_label(c, (uint32_t)insn->operand[k], out);
        else if (field == XIP_FIELD_TARGETS)
            for (uint32_t t = 0; t < insn->table_count; t++)
                add_label(c, c->f->table_labels[(uint32_t)insn->operand[k] + t], out);
    }
}

/* Iterates the backward dataflow over every slot to its fixpoint. */
static void solve(co_fn *c)
{
    word *out = calloc(c->words * 3, sizeof *out);
    assert(out);
    word *use = out + c->words, *def = out + 2 * c->words;
    bool changed = true;
    while (changed) {
        changed = false;
        for (uint32_t i = c->n; i-- > 0;) {
            live_out(c, i, out);
            insn_sets(c, i, use, def, NULL);
            word *in = &c->live[(size_t)i * c->words];
            for (uint32_t w = 0; w < c->words; w++) {
                word v = (out[w] & ~def[w]) | use[w];
                if (v != in[w]) {
                    in[w] = v;
                    changed = true;
                }
            }
        }
    }
    free(out);
}

static uint32_t new_node(co_fn *c, uint32_t slot)
{
    xc_grow((void **)&c->nodes, &c->node_capacity, c->node_count + 1, sizeof *c->nodes);
    node nd = {c->node_count, slot, false};
    c->nodes[c->node_count] = nd;
    return c->node_count++;
}

static uint32_t find(co_fn *c, uint32_t x)
{
    while (c->nodes[x].parent != x) {
        c->nodes[x].parent = c->nodes[c->nodes[x].parent].parent;
        x = c->nodes[x].parent;
    }
    return x;
}

/* Joins the webs of a and b; returns the root. */
static uint32_t join(co_fn *c, uint32_t a, uint32_t b)
{
    a = find(c, a);
    b = find(c, b);
    if (a != b) {
        if (b < a) {
            uint32_t t = a;
            a = b;
            b = t;
        }
        c->nodes[b].parent = a;
        c->nodes[a].pinned = c->nodes[a].pinned || c->nodes[b].pinned;
    }
    return a;
}

/* True if instruction i reads every register operand before it writes one (one W, field 0). */
static bool reads_first(const xc_ir_insn *insn)
{
    if (xc_op_flags(insn->op) & XIP_F_CALL)
        return true; /* its arguments and results are pinned */
    for (unsigned k = 1; k < 4; k++)
        if ((xc_op_field(insn->op, k) == XIP_FIELD_REG || xc_op_field(insn->op, k) == XIP_FIELD_REG3) &&
            xc_reg_role(insn, k) == XC_ROLE_WRITE)
            return false;
    return true;
}

/* The walk state: the node that holds each slot's value before the instruction. */
typedef struct walk {
    uint32_t *cur;
    uint32_t next_def; /* pass 2: the next definition node (they were made in this order) */
    word *use, *def, *pin, *out;
} walk;

/* Starts block at leader i: every live-in slot holds the block's entry node. */
static void enter_block(co_fn *c, walk *w, uint32_t i)
{
    uint32_t row = c->in_row[i];
    for (uint32_t r = 0; r < c->slots; r++)
        w->cur[r] = row != NO_NODE && has(&c->live[(size_t)i * c->words], r) ? c->in_node[(size_t)row * c->slots + r]
                                                                             : NO_NODE;
}

/* Joins the values leaving instruction i with those entering successor s. */
static void join_successor(co_fn *c, uint32_t i, uint32_t s, void *arg)
{
    (void)i;
    walk *w = arg;
    if (s >= c->n)
        return;
    uint32_t row = c->in_row[s];
    assert(row != NO_NODE);
    for (uint32_t r = 0; r < c->slots; r++)
        if (has(&c->live[(size_t)s * c->words], r)) {
            assert(w->cur[r] != NO_NODE);
            join(c, w->cur[r], c->in_node[(size_t)row * c->slots + r]);
        }
}

/* Pass 1 over instruction i: nodes for its operands and definitions, pins, pairs. */
static void build_insn(co_fn *c, walk *w, uint32_t i)
{
    const xc_ir_insn *insn = &c->f->insns[i];
    insn_sets(c, i, w->use, w->def, w->pin);
    for (uint32_t r = 0; r < c->slots; r++)
        if (has(w->use, r)) {
            assert(w->cur[r] != NO_NODE);
            if (has(w->pin, r)) /* on the root: a forward branch may have joined the node already */
                c->nodes[find(c, w->cur[r])].pinned = true;
        }
    for (unsigned k = 0; k < 4; k++)
        if (xc_op_field(insn->op, k) == XIP_FIELD_REG && xc_reg_role(insn, k) == XC_ROLE_READ)
            c->opnode[4 * i + k] = w->cur[insn->operand[k]];
    if (insn->op == XIP_OP_RET && insn->operand[1] == 1)
        c->opnode[4 * i] = w->cur[insn->operand[0]];
    uint32_t first_def = c->node_count;
    for (uint32_t r = 0; r < c->slots; r++)
        if (has(w->def, r)) {
            uint32_t d = new_node(c, r);
            c->nodes[d].pinned = has(w->pin, r);
            if (!reads_first(insn))
                for (uint32_t u = 0; u < c->slots; u++)
                    if (has(w->use, u)) {
                        xc_grow((void **)&c->pairs, &c->pair_capacity, c->pair_count + 2, sizeof *c->pairs);
                        c->pairs[c->pair_count++] = d;
                        c->pairs[c->pair_count++] = w->cur[u];
                    }
        }
    for (uint32_t r = 0, d = first_def; r < c->slots; r++)
        if (has(w->def, r))
            w->cur[r] = d++;
    for (unsigned k = 0; k < 4; k++)
        if (xc_op_field(insn->op, k) == XIP_FIELD_REG && xc_reg_role(insn, k) == XC_ROLE_WRITE)
            c->opnode[4 * i + k] = w->cur[insn->operand[k]];
}

/* True if instruction i ends its block. */
static bool ends_block(const co_fn *c, uint32_t i)
{
    return i + 1 >= c->n || c->in_row[i + 1] != NO_NODE;
}

/* Marks the leaders (entry, label targets, after a branch) and makes their entry nodes. */
static void make_leaders(co_fn *c)
{
    const xc_ir_func *f = c->f;
    bool *leader = calloc(c->n + 1, sizeof *leader);
    assert(leader);
    leader[0] = true;
    for (uint32_t l = 0; l < f->label_count; l++)
        if (f->label_insn[l] != XC_LABEL_UNBOUND)
            leader[f->label_insn[l]] = true;
    for (uint32_t i = 0; i < c->n; i++)
        if (xc_op_flags(f->insns[i].op) & (XIP_F_BRANCH | XIP_F_NOFALL))
            leader[i + 1] = true;
    uint32_t rows = 0;
    for (uint32_t i = 0; i < c->n; i++)
        c->in_row[i] = leader[i] ? rows++ : NO_NODE;
    c->in_row[c->n] = NO_NODE;
    c->in_node = malloc(((size_t)rows * c->slots + 1) * sizeof *c->in_node);
    assert(c->in_node);
    for (uint32_t i = 0; i < c->n; i++)
        if (leader[i])
            for (uint32_t r = 0; r < c->slots; r++)
                c->in_node[(size_t)c->in_row[i] * c->slots + r] =
                    has(&c->live[(size_t)i * c->words], r) ? new_node(c, r) : NO_NODE;
    for (uint32_t r = 0; r < c->slots; r++)
        if (c->in_node[r] != NO_NODE)
            c->nodes[c->in_node[r]].pinned = true; /* live at entry: a param or a zeroed local */
    free(leader);
}

/* Pass 1: webs. */
static void build_webs(co_fn *c, walk *w)
{
    for (uint32_t i = 0; i < c->n; i++) {
        if (c->in_row[i] != NO_NODE)
            enter_block(c, w, i);
        build_insn(c, w, i);
        if (ends_block(c, i))
            for_each_successor(c, i, join_successor, w);
    }
}

static word *footprint(co_fn *c, uint32_t root)
{
    return &c->fp[(size_t)c->groups[root].row * c->fp_words];
}

static word *def_set(co_fn *c, uint32_t root)
{
    return &c->defs[(size_t)c->groups[root].row * c->def_words];
}

/* Pass 2: footprints and call limits, replaying pass 1's nodes. */
static void build_footprints(co_fn *c, walk *w, uint32_t first_def)
{
    w->next_def = first_def;
    for (uint32_t i = 0; i < c->n; i++) {
        const xc_ir_insn *insn = &c->f->insns[i];
        if (c->in_row[i] != NO_NODE)
            enter_block(c, w, i);
        const word *in = &c->live[(size_t)i * c->words];
        for (uint32_t r = 0; r < c->slots; r++)
            if (has(in, r))
                put(footprint(c, find(c, w->cur[r])), 2 * i);
        insn_sets(c, i, w->use, w->def, NULL);
        for (uint32_t r = 0; r < c->slots; r++)
            if (has(w->def, r)) {
                w->cur[r] = w->next_def++;
                put(footprint(c, find(c, w->cur[r])), 2 * i + 1);
                put(def_set(c, find(c, w->cur[r])), i);
            }
        live_out(c, i, w->out);
        bool call = (xc_op_flags(insn->op) & XIP_F_CALL) != 0;
        for (uint32_t r = 0; r < c->slots; r++) {
            if (!has(w->out, r))
                continue;
            uint32_t root = find(c, w->cur[r]);
            put(footprint(c, root), 2 * i + 1);
            if (call && !has(w->def, r)) {
                uint32_t base = call_base(insn);
                assert(r < base);
                if (base < c->groups[root].limit)
                    c->groups[root].limit = base;
            }
        }
    }
    assert(w->next_def == c->node_count);
}

/* True if group g must not share a register with a group in reg (see reads_first). */
static bool paired_in(co_fn *c, uint32_t g, uint32_t reg)
{
    for (uint32_t p = 0; p < c->pair_count; p += 2) {
        uint32_t a = find(c, c->pairs[p]), b = find(c, c->pairs[p + 1]);
        if ((a == g && a != b && c->groups[b].reg == reg) || (b == g && a != b && c->groups[a].reg == reg))
            return true;
    }
    return false;
}

/* True if group g may move into register reg. */
static bool can_move(co_fn *c, uint32_t g, uint32_t reg)
{
    const group *gr = &c->groups[g];
    if (gr->pinned || reg >= gr->limit)
        return false;
    const word *fp = footprint(c, g), *occ = &c->occ[(size_t)reg * c->fp_words];
    for (uint32_t w = 0; w < c->fp_words; w++)
        if (fp[w] & occ[w])
            return false;
    return !paired_in(c, g, reg);
}

/* Moves group g into the register of group h and joins them. */
static void merge_into(co_fn *c, uint32_t g, uint32_t h)
{
    uint32_t from = c->groups[g].reg, reg = c->groups[h].reg;
    word *fg = footprint(c, g), *fh = footprint(c, h);
    word *occ_from = &c->occ[(size_t)from * c->fp_words], *occ_to = &c->occ[(size_t)reg * c->fp_words];
    for (uint32_t w = 0; w < c->fp_words; w++) {
        occ_from[w] &= ~fg[w];
        occ_to[w] |= fg[w];
        fh[w] |= fg[w];
    }
    word *dg = def_set(c, g), *dh = def_set(c, h);
    for (uint32_t w = 0; w < c->def_words; w++)
        dh[w] |= dg[w];
    group merged = c->groups[h];
    if (c->groups[g].limit < merged.limit)
        merged.limit = c->groups[g].limit;
    merged.pinned = merged.pinned || c->groups[g].pinned;
    uint32_t root = join(c, g, h);
    c->groups[root] = merged;
}

/* True if footprints x and y share a point. */
static bool meet(const co_fn *c, const word *x, const word *y)
{
    for (uint32_t w = 0; w < c->fp_words; w++)
        if (x[w] & y[w])
            return true;
    return false;
}

/* Functions with more nodes than this do not look for a web to evict (it scans them all). */
#define EVICT_MAX_NODES 65536u

/*
 * Moves group g into the register of group h after moving the one group
 * that stands in its way there to another register (the save of a local
 * overwritten while its old value waits on the stack, when the old value
 * cannot move: a param). False, changing nothing, if that does not work.
 */
static bool evict_and_merge(co_fn *c, uint32_t g, uint32_t h)
{
    uint32_t reg = c->groups[h].reg;
    if (c->node_count > EVICT_MAX_NODES || c->groups[g].pinned || reg >= c->groups[g].limit ||
        meet(c, footprint(c, g), footprint(c, h)) || paired_in(c, g, reg))
        return false;
    uint32_t blocker = NO_NODE;
    for (uint32_t x = 0; x < c->node_count; x++) {
        if (find(c, x) != x || x == h || c->groups[x].reg != reg || !meet(c, footprint(c, x), footprint(c, g)))
            continue;
        if (blocker != NO_NODE || c->groups[x].pinned)
            return false;
        blocker = x;
    }
    if (blocker == NO_NODE)
        return false;
    for (uint32_t r = 0; r < c->top; r++) {
        if (r == reg || !can_move(c, blocker, r))
            continue;
        word *fb = footprint(c, blocker);
        word *from = &c->occ[(size_t)reg * c->fp_words], *to = &c->occ[(size_t)r * c->fp_words];
        for (uint32_t w = 0; w < c->fp_words; w++) {
            from[w] &= ~fb[w];
            to[w] |= fb[w];
        }
        c->groups[blocker].reg = r;
        assert(can_move(c, g, reg));
        merge_into(c, g, h);
        return true;
    }
    return false;
}

typedef struct move {
    uint32_t insn;
    uint32_t weight;
} move;

static int by_weight(const void *x, const void *y)
{
    const move *a = x, *b = y;
    if (a->weight != b->weight)
        return a->weight > b->weight ? -1 : 1;
    return a->insn < b->insn ? -1 : (a->insn > b->insn);
}

/* The movs, hottest first: weight 8 per loop (back edge) around them, at most 8^6. */
static move *hot_moves(co_fn *c, uint32_t *count)
{
    const xc_ir_func *f = c->f;
    int32_t *depth = calloc(c->n + 1, sizeof *depth);
    move *moves = calloc(c->n ? c->n : 1, sizeof *moves);
    assert(depth && moves);
    for (uint32_t i = 0; i < c->n; i++)
        for (unsigned k = 0; k < 4; k++)
            if (xc_op_field(f->insns[i].op, k) == XIP_FIELD_TARGET) {
                uint32_t t = f->label_insn[f->insns[i].operand[k]];
                if (t <= i) {
                    depth[t]++;
                    depth[i + 1]--;
                }
            }
    int32_t d = 0;
    *count = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        d += depth[i];
        if (f->insns[i].op != XIP_OP_MOV)
            continue;
        uint32_t weight = 1;
        for (int32_t k = 0; k < d && k < 6; k++)
            weight *= 8;
        moves[*count].insn = i;
        moves[(*count)++].weight = weight;
    }
    qsort(moves, *count, sizeof *moves, by_weight);
    free(depth);
    return moves;
}

/* Coalesces the webs on the two sides of each mov where it can. */
static void coalesce_moves(co_fn *c)
{
    uint32_t count;
    move *moves = hot_moves(c, &count);
    for (uint32_t m = 0; m < count; m++) {
        uint32_t i = moves[m].insn;
        uint32_t a = find(c, c->opnode[4 * i]), b = find(c, c->opnode[4 * i + 1]);
        if (c->groups[a].reg == c->groups[b].reg)
            continue;
        if (can_move(c, a, c->groups[b].reg))
            merge_into(c, a, b);
        else if (can_move(c, b, c->groups[a].reg))
            merge_into(c, b, a);
        else if (!evict_and_merge(c, a, b))
            evict_and_merge(c, b, a);
    }
    free(moves);
}

/*
 * Loop-invariant code motion. A loop is the instructions [t, end[t]] from a
 * label t to the last branch back to it. It is entered only by falling into
 * t (no branch from outside reaches into it, and t - 1 falls through), so an
 * instruction placed just before t runs once before the loop. A pure
 * instruction (registers and immediates in, one register out, no trap)
 * whose inputs are not written in its innermost such loop, and whose web it
 * alone writes and the loop does not carry, moves there; its web then
 * occupies the whole loop, in its own register or another one free there.
 */
/* (branch, loop) pairs checked for entries from outside before a function gives up hoisting. */
#define LOOP_MAX_WORK (1u << 24)

typedef struct loops {
    uint32_t *end;   /* per instruction: the end of the loop it heads, or NO_NODE */
    uint32_t *inner; /* per instruction: the header of its innermost loop, or NO_NODE */
    uint32_t *base;  /* per header: the lowest frame base of a call in the loop, or NO_LIMIT */
    bool *every;     /* per instruction: every iteration of its innermost loop that goes on runs it */
    bool *back;      /* per label: some branch goes back to it */
    uint32_t *heads; /* the loop headers, ascending */
    uint32_t head_count;
    uint64_t work;   /* (branch, header) pairs looked at by note_entry */
    uint32_t t;      /* while scanning loop t: */
    uint32_t reach;  /* the furthest instruction of the loop a branch seen so far jumps to */
    bool skips;      /* a branch seen so far goes back to t */
} loops;

/* Calls fn(c, i, label) for each branch target (a label id) of instruction i. */
static void for_each_target(co_fn *c, uint32_t i, void (*fn)(co_fn *, uint32_t, uint32_t, void *), void *arg)
{
    const xc_ir_insn *insn = &c->f->insns[i];
    for (unsigned k = 0; k < 4; k++) {
        enum xip_field field = xc_op_field(insn->op, k);
        if (field == XIP_FIELD_TARGET)
            fn(c, i, (uint32_t)insn->operand[k], arg);
        else if (field == XIP_FIELD_TARGETS)
            for (uint32_t t = 0; t < insn->table_count; t++)
                fn(c, i, c->f->table_labels[(uint32_t)insn->operand[k] + t], arg);
    }
}

static void note_back_edge(co_fn *c, uint32_t i, uint32_t label, void *arg)
{
    loops *lp = arg;
    uint32_t target = c->f->label_insn[label];
    if (target <= i) {
        lp->back[label] = true;
        if (lp->end[target] == NO_NODE || lp->end[target] < i)
            lp->end[target] = i;
    }
}

/*
 * Unmarks every loop that the branch i -> label enters from outside, other
 * than through a label of its own (then the hoisted instructions go before
 * that label's target: the label enters the loop).
 */
static void note_entry(co_fn *c, uint32_t i, uint32_t label, void *arg)
{
    loops *lp = arg;
    uint32_t target = c->f->label_insn[label];
    uint32_t lo = 0, hi = lp->head_count; /* the headers at or before target: heads[0..hi) */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (lp->heads[mid] <= target)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t k = lo; k-- > 0;) {
        uint32_t t = lp->heads[k];
        if (++lp->work > LOOP_MAX_WORK)
            return;
        if (lp->end[t] == NO_NODE || lp->end[t] < target)
            continue;
        if ((i < t || i > lp->end[t]) && (target != t || lp->back[label]))
            lp->end[t] = NO_NODE;
    }
}

/* Notes where a branch i -> target inside the loop being scanned goes. */
static void note_skip(co_fn *c, uint32_t i, uint32_t label, void *arg)
{
    (void)i;
    loops *lp = arg;
    uint32_t target = c->f->label_insn[label];
    if (target == lp->t)
        lp->skips = true;
    else if (target > lp->t && target <= lp->end[lp->t] && target > lp->reach)
        lp->reach = target;
}

/*
 * Marks the instructions of loop t that every iteration runs (unless it
 * leaves the loop first): no earlier branch of the loop goes back to t or
 * past them.
 */
static void mark_every(co_fn *c, loops *lp, uint32_t t)
{
    lp->t = t;
    lp->reach = t;
    lp->skips = false;
    for (uint32_t j = t; j <= lp->end[t]; j++) {
        if (lp->inner[j] == t)
            lp->every[j] = !lp->skips && lp->reach <= j;
        for_each_target(c, j, note_skip, lp);
    }
}

/* Finds the loops and the innermost one around each instruction. */
static void find_loops(co_fn *c, loops *lp)
{
    for (uint32_t i = 0; i <= c->n; i++)
        lp->end[i] = lp->inner[i] = NO_NODE;
    for (uint32_t i = 0; i < c->n; i++)
        for_each_target(c, i, note_back_edge, lp);
    lp->head_count = 0;
    lp->work = 0;
    for (uint32_t t = 0; t < c->n; t++)
        if (lp->end[t] != NO_NODE)
            lp->heads[lp->head_count++] = t;
    for (uint32_t i = 0; i < c->n; i++)
        for_each_target(c, i, note_entry, lp);
    if (lp->work > LOOP_MAX_WORK)
        for (uint32_t t = 0; t < c->n; t++)
            lp->end[t] = NO_NODE; /* too many branches and loops to check: nothing moves */
    for (uint32_t t = c->n; t-- > 0;) {
        if (lp->end[t] == NO_NODE)
            continue;
        lp->base[t] = NO_LIMIT;
        for (uint32_t j = t; j <= lp->end[t]; j++) {
            const xc_ir_insn *insn = &c->f->insns[j];
            if ((xc_op_flags(insn->op) & XIP_F_CALL) && call_base(insn) < lp->base[t])
                lp->base[t] = call_base(insn);
            if (lp->inner[j] == NO_NODE)
                lp->inner[j] = t;
        }
    }
    for (uint32_t t = 0; t < c->n; t++)
        if (lp->end[t] != NO_NODE)
            mark_every(c, lp, t);
}

/* True if insn computes its one register result from registers and immediates alone, and cannot trap. */
static bool pure(const xc_ir_insn *insn)
{
    if (xc_op_flags(insn->op) & (XIP_F_BRANCH | XIP_F_NOFALL | XIP_F_TRAP | XIP_F_CALL | XIP_F_MEM | XIP_F_EXT))
        return false;
    if (xc_op_field(insn->op, 0) != XIP_FIELD_REG || xc_reg_role(insn, 0) != XC_ROLE_WRITE)
        return false;
    for (unsigned k = 1; k < 4; k++) {
        switch (xc_op_field(insn->op, k)) {
        case XIP_FIELD_NONE:
            return true;
        case XIP_FIELD_REG:
            if (xc_reg_role(insn, k) != XC_ROLE_READ)
                return false;
            break;
        case XIP_FIELD_K16:
        case XIP_FIELD_U16:
        case XIP_FIELD_K32:
        case XIP_FIELD_K64:
            break;
        default:
            return false;
        }
    }
    return true;
}

/* True if set (of instructions) has an element in [lo, hi]. */
static bool any_in(const word *set, uint32_t lo, uint32_t hi)
{
    for (uint32_t i = lo; i <= hi; i++) {
        if (i % 64 == 0 && i + 63 <= hi && set[i / 64] == 0) {
            i += 63;
            continue;
        }
        if (has(set, i))
            return true;
    }
    return false;
}

/* True if instruction j is the only one in set. */
static bool only(const co_fn *c, const word *set, uint32_t j)
{
    for (uint32_t w = 0; w < c->def_words; w++)
        if (set[w] != (w == j / 64 ? (word)1 << (j % 64) : 0))
            return false;
    return true;
}

/* A register for group g with footprint fp (limit: below it), or NO_NODE. */
static uint32_t free_register(co_fn *c, uint32_t g, const word *fp, uint32_t limit)
{
    const word *own = footprint(c, g);
    for (uint32_t k = 0; k <= c->reg_cap; k++) {
        uint32_t reg = k == 0 ? c->groups[g].reg : k - 1;
        if (reg >= limit || reg >= c->reg_cap || (k > 0 && reg == c->groups[g].reg))
            continue;
        const word *occ = &c->occ[(size_t)reg * c->fp_words];
        bool clash = false;
        for (uint32_t w = 0; w < c->fp_words && !clash; w++)
            clash = (occ[w] & ~(reg == c->groups[g].reg ? own[w] : 0) & fp[w]) != 0;
        if (!clash && !paired_in(c, g, reg))
            return reg;
    }
    return NO_NODE;
}

/* Moves instruction j before the header of its innermost loop if it is invariant there. */
static void hoist(co_fn *c, const loops *lp, uint32_t j, word *fp)
{
    const xc_ir_insn *insn = &c->f->insns[j];
    uint32_t t = lp->inner[j];
    if (t == NO_NODE || !lp->every[j] || !pure(insn))
        return;
    uint32_t end = lp->end[t];
    uint32_t d = find(c, c->opnode[4 * j]);
    if (c->groups[d].pinned || !only(c, def_set(c, d), j) || has(footprint(c, d), 2 * t))
        return;
    for (unsigned k = 1; k < 4; k++)
        if (c->opnode[4 * j + k] != NO_NODE && any_in(def_set(c, find(c, c->opnode[4 * j + k])), t, end))
            return;
    memcpy(fp, footprint(c, d), c->fp_words * sizeof *fp);
    for (uint32_t p = 2 * t; p <= 2 * end + 1; p++)
        put(fp, p);
    uint32_t limit = c->groups[d].limit < lp->base[t] ? c->groups[d].limit : lp->base[t];
    uint32_t reg = free_register(c, d, fp, limit);
    if (reg == NO_NODE)
        return;
    word *own = footprint(c, d), *from = &c->occ[(size_t)c->groups[d].reg * c->fp_words];
    word *to = &c->occ[(size_t)reg * c->fp_words];
    for (uint32_t w = 0; w < c->fp_words; w++) {
        from[w] &= ~own[w];
        own[w] = fp[w];
        to[w] |= fp[w];
    }
    c->groups[d].reg = reg;
    c->groups[d].limit = limit;
    if (reg >= c->top)
        c->top = reg + 1;
    word *defs = def_set(c, d);
    defs[j / 64] = 0;
    if (t > 0)
        put(defs, t - 1); /* written before the loop now */
    c->hoist_to[j] = t;
    if (c->hoist_head[t] == NO_NODE)
        c->hoist_head[t] = j;
    else
        c->hoist_next[c->hoist_tail[t]] = j;
    c->hoist_tail[t] = j;
}

/* Hoists the invariant instructions out of their loops. */
static void hoist_invariants(co_fn *c)
{
    loops lp;
    lp.end = malloc((c->n + 1) * sizeof *lp.end);
    lp.inner = malloc((c->n + 1) * sizeof *lp.inner);
    lp.base = malloc((c->n + 1) * sizeof *lp.base);
    lp.every = calloc(c->n + 1, sizeof *lp.every);
    lp.back = calloc(c->f->label_count + 1, sizeof *lp.back);
    lp.heads = malloc((c->n + 1) * sizeof *lp.heads);
    word *fp = malloc(c->fp_words * sizeof *fp);
    assert(lp.end && lp.inner && lp.base && lp.every && lp.back && lp.heads && fp);
    find_loops(c, &lp);
    for (uint32_t j = 0; j < c->n; j++)
        hoist(c, &lp, j, fp);
    c->back = lp.back; /* rewrite binds the other labels of a header before its hoisted instructions */
    free(lp.end);
    free(lp.inner);
    free(lp.base);
    free(lp.every);
    free(lp.heads);
    free(fp);
}

/* True if instruction i only writes a register (no trap, no other effect) and nothing reads it. */
static bool dead_def(const co_fn *c, uint32_t i, word *out)
{
    const xc_ir_insn *insn = &c->f->insns[i];
    switch (insn->op) {
    case XIP_OP_MOV:
    case XIP_OP_CONST_I16:
    case XIP_OP_CONST32:
    case XIP_OP_CONST64_I16:
    case XIP_OP_CONST64:
        live_out(c, i, out);
        return !has(out, (uint32_t)insn->operand[0]);
    default:
        return false;
    }
}

/* Appends instruction i of old with its registers rewritten, unless dropped or a mov within a register. */
static void emit(co_fn *c, const xc_ir_insn *old, uint32_t i, const bool *drop, uint32_t *kept)
{
    xc_ir_insn insn = old[i];
    for (unsigned k = 0; k < 4; k++)
        if (c->opnode[4 * i + k] != NO_NODE)
            insn.operand[k] = c->groups[find(c, c->opnode[4 * i + k])].reg;
    if (drop[i] || (insn.op == XIP_OP_MOV && insn.operand[0] == insn.operand[1]))
        return;
    c->f->insns[(*kept)++] = insn;
}

/*
 * Rewrites the registers, moves the hoisted instructions before their loop
 * headers (the labels stay on the headers), drops movs within a register
 * and dead definitions.
 */
static void rewrite(co_fn *c, word *out)
{
    xc_ir_func *f = c->f;
    uint32_t *where = calloc(c->n + 1, sizeof *where);
    bool *drop = calloc(c->n + 1, sizeof *drop);
    xc_ir_insn *old = malloc(c->n * sizeof *old);
    assert(where && drop && old);
    for (uint32_t i = 0; i < c->n; i++)
        drop[i] = dead_def(c, i, out);
    memcpy(old, f->insns, c->n * sizeof *old);
    uint32_t *pre = calloc(c->n + 1, sizeof *pre);
    assert(pre);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        pre[i] = kept;
        for (uint32_t j = c->hoist_head[i]; j != NO_NODE; j = c->hoist_next[j])
            emit(c, old, j, drop, &kept);
        where[i] = kept;
        if (c->hoist_to[i] == NO_NODE)
            emit(c, old, i, drop, &kept);
    }
    pre[c->n] = where[c->n] = kept;
    for (uint32_t l = 0; l < f->label_count; l++)
        if (f->label_insn[l] != XC_LABEL_UNBOUND)
            f->label_insn[l] = c->back && !c->back[l] ? pre[f->label_insn[l]] : where[f->label_insn[l]];
    free(pre);
    f->insn_count = kept;
    if (c->top > f->frame_size)
        f->frame_size = c->top;
    free(old);
    free(where);
    free(drop);
}

/* NLOCALS: past the last register a value live at entry (other than a param) sits in. */
static uint32_t zeroed_locals(const co_fn *c)
{
    uint32_t end = c->f->param_count;
    for (uint32_t r = c->f->param_count; r < c->slots; r++)
        if (has(c->live, r))
            end = r + 1;
    return end;
}

/* Sets up the groups (one per web, in its slot), their footprints and the occupancy. */
static bool make_groups(co_fn *c, walk *w, uint32_t first_def)
{
    uint32_t webs = 0;
    c->groups = calloc(c->node_count ? c->node_count : 1, sizeof *c->groups);
    assert(c->groups);
    for (uint32_t x = 0; x < c->node_count; x++)
        if (find(c, x) == x) {
            group g = {c->nodes[x].slot, NO_LIMIT, webs++, c->nodes[x].pinned};
            c->groups[x] = g;
        }
    for (uint32_t x = 0; x < c->node_count; x++)
        assert(c->nodes[x].slot == c->nodes[find(c, x)].slot);
    c->fp_words = (2 * c->n + 63) / 64;
    c->def_words = (c->n + 63) / 64;
    if ((uint64_t)(webs + c->reg_cap) * c->fp_words + (uint64_t)webs * c->def_words > XC_COALESCE_MAX_WORDS)
        return false;
    c->fp = calloc((size_t)webs * c->fp_words + 1, sizeof *c->fp);
    c->defs = calloc((size_t)webs * c->def_words + 1, sizeof *c->defs);
    c->occ = calloc((size_t)c->reg_cap * c->fp_words + 1, sizeof *c->occ);
    assert(c->fp && c->defs && c->occ);
    build_footprints(c, w, first_def);
    for (uint32_t x = 0; x < c->node_count; x++)
        if (find(c, x) == x) {
            word *fp = footprint(c, x), *occ = &c->occ[(size_t)c->groups[x].reg * c->fp_words];
            for (uint32_t k = 0; k < c->fp_words; k++)
                occ[k] |= fp[k];
        }
    return true;
}

void xc_coalesce_copies(const xc_program *program, xc_ir_func *f)
{
    co_fn c;
    memset(&c, 0, sizeof c);
    c.program = program;
    c.f = f;
    c.n = f->insn_count;
    c.slots = f->frame_size;
    c.words = (c.slots + 63) / 64;
    c.reg_cap = xc_register_limit(program);
    c.top = c.slots;
    if (c.n == 0 || c.slots == 0 || c.slots > c.reg_cap)
        return;
    for (uint32_t i = 0; i < c.n; i++)
        if ((xc_op_flags(f->insns[i].op) & XIP_F_CALL) && !program->module)
            return; /* call types unknown */
    c.live = calloc((size_t)(c.n + 1) * c.words, sizeof *c.live);
    c.in_row = calloc(c.n + 1, sizeof *c.in_row);
    c.opnode = malloc((size_t)4 * c.n * sizeof *c.opnode);
    c.hoist_to = malloc((c.n + 1) * sizeof *c.hoist_to);
    c.hoist_next = malloc((c.n + 1) * sizeof *c.hoist_next);
    c.hoist_head = malloc((c.n + 1) * sizeof *c.hoist_head);
    c.hoist_tail = malloc((c.n + 1) * sizeof *c.hoist_tail);
    assert(c.hoist_to && c.hoist_next && c.hoist_head && c.hoist_tail);
    for (uint32_t i = 0; i <= c.n; i++)
        c.hoist_to[i] = c.hoist_next[i] = c.hoist_head[i] = c.hoist_tail[i] = NO_NODE;
    uint32_t *cur = malloc(c.slots * sizeof *cur);
    word *sets = calloc(4 * (size_t)c.words, sizeof *sets);
    assert(c.live && c.in_row && c.opnode && cur && sets);
    for (size_t k = 0; k < (size_t)4 * c.n; k++)
        c.opnode[k] = NO_NODE;
    walk w = {cur, 0, sets, sets + c.words, sets + 2 * c.words, sets + 3 * c.words};
    solve(&c);
    make_leaders(&c);
    uint32_t first_def = c.node_count;
    build_webs(&c, &w);
    if (make_groups(&c, &w, first_def)) {
        coalesce_moves(&c);
        hoist_invariants(&c);
        f->local_count = zeroed_locals(&c);
        rewrite(&c, w.out);
    }
    free(c.live);
    free(c.in_row);
    free(c.in_node);
    free(c.nodes);
    free(c.opnode);
    free(c.pairs);
    free(c.groups);
    free(c.fp);
    free(c.defs);
    free(c.occ);
    free(c.hoist_to);
    free(c.hoist_next);
    free(c.hoist_head);
    free(c.hoist_tail);
    free(c.back);
    free(cur);
    free(sets);
}
