/*
 * liveness.c: the liveness pass. In every frame larger than the register
 * limit, shares frame slots between declared locals whose live ranges do
 * not overlap (clang -O0 output declares hundreds of short-lived locals).
 * Liveness is computed per instruction over the lowered program's control
 * flow graph; each local gets the interval from its first to its last live
 * point, and a linear scan colors the intervals. Params and the operand
 * stack slots keep their order, so the calling convention still holds:
 * every local stays below every operand stack slot, and the three slots of
 * a REG3 operand (operand stack temps) stay consecutive.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "program.h"
#include "xip_checked.h"

typedef uint64_t word;

/*
 * The live sets take (instructions + 1) x (locals / 64) words; a function
 * whose sets would exceed this many words (128 MiB) keeps one slot per local.
 */
#ifndef XC_LIVENESS_MAX_WORDS
#define XC_LIVENESS_MAX_WORDS (1u << 24)
#endif

typedef struct live_fn {
    xc_ir_func *f;
    uint32_t first;  /* first local slot (the param count) */
    uint32_t count;  /* declared locals */
    uint32_t words;  /* bitset words per instruction */
    word *live;      /* live-in set of each instruction, [insn_count] = empty */
} live_fn;

/* Adds every local slot instruction i writes to def and reads to use (REG3: three slots). */
static void for_each_local(const live_fn *lf, uint32_t i, word *def, word *use)
{
    const xc_ir_insn *insn = &lf->f->insns[i];
    for (unsigned k = 0; k < 4; k++) {
        enum xip_field field = xc_op_field(insn->op, k);
        if (field != XIP_FIELD_REG && field != XIP_FIELD_REG3)
            continue;
        enum xc_reg_role role = xc_reg_role(insn, k);
        uint64_t lo = (uint64_t)insn->operand[k], hi = lo + (field == XIP_FIELD_REG3 ? 3 : 1);
        if (role == XC_ROLE_RANGE)
            hi = lo + (uint64_t)insn->operand[1];
        if (role == XC_ROLE_BASE)
            continue; /* call frames start above every local */
        for (uint64_t r = lo; r < hi; r++) {
            if (r < lf->first || r >= lf->first + lf->count)
                continue;
            uint32_t l = (uint32_t)(r - lf->first);
            word *set = role == XC_ROLE_WRITE ? def : use;
            set[l / 64] |= (word)1 << (l % 64);
        }
    }
}

/* ORs the live-in set of the instruction at label into out. */
static void add_label(const live_fn *lf, uint32_t label, word *out)
{
    uint32_t at = lf->f->label_insn[label];
    assert(at != XC_LABEL_UNBOUND);
    for (uint32_t w = 0; w < lf->words; w++)
        out[w] |= lf->live[(size_t)at * lf->words + w];
}

/* Live-out of instruction i: the union over its successors. */
static void live_out(const live_fn *lf, uint32_t i, word *out)
{
    const xc_ir_insn *insn = &lf->f->insns[i];
    memset(out, 0, lf->words * sizeof *out);
    if (!(xc_op_flags(insn->op) & XIP_F_NOFALL))
        for (uint32_t w = 0; w < lf->words; w++)
            out[w] |= lf->live[(size_t)(i + 1) * lf->words + w];
    for (unsigned k = 0; k < 4; k++) {
        enum xip_field field = xc_op_field(insn->op, k);
        if (field == XIP_FIELD_TARGET)
            add_label(lf, (uint32_t)insn->operand[k], out);
        else if (field == XIP_FIELD_TARGETS)
            for (uint32_t t = 0; t < insn->table_count; t++)
                add_label(lf, lf->f->table_labels[(uint32_t)insn->operand[k] + t], out);
    }
}

/* Iterates the backward dataflow to its fixpoint. */
static void solve(live_fn *lf)
{
    uint32_t n = lf->f->insn_count;
    word *tmp = calloc(lf->words * 3, sizeof *tmp);
    assert(tmp);
    word *def = tmp + lf->words, *use = tmp + 2 * lf->words;
    bool changed = true;
    while (changed) {
        changed = false;
        for (uint32_t i = n; i-- > 0;) {
            live_out(lf, i, tmp);
            memset(def, 0, 2 * lf->words * sizeof *def);
            for_each_local(lf, i, def, use);
            word *in = &lf->live[(size_t)i * lf->words];
            for (uint32_t w = 0; w < lf->words; w++) {
                word v = (tmp[w] & ~def[w]) | use[w];
                if (v != in[w]) {
                    in[w] = v;
                    changed = true;
                }
            }
        }
    }
    free(tmp);
}

typedef struct interval {
    uint32_t local;
    uint32_t start;
    uint32_t end;
} interval;

static int by_start(const void *x, const void *y)
{
    const interval *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return a->local < b->local ? -1 : (a->local > b->local);
}

/* Colors the intervals; returns the number of slots used, map[local] = slot offset. */
static uint32_t color(interval *iv, uint32_t count, uint32_t *map)
{
    qsort(iv, count, sizeof *iv, by_start);
    uint32_t *busy_until = calloc(count ? count : 1, sizeof *busy_until);
    assert(busy_until);
    uint32_t colors = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t c = 0;
        while (c < colors && busy_until[c] >= iv[i].start)
            c++;
        if (c == colors)
            colors++;
        busy_until[c] = iv[i].end;
        map[iv[i].local] = c;
    }
    free(busy_until);
    return colors;
}

void xc_share_local_slots(xc_ir_func *f)
{
    live_fn lf = {f, f->param_count, f->local_count - f->param_count, 0, NULL};
    if (lf.count == 0 || f->insn_count == 0)
        return;
    lf.words = (lf.count + 63) / 64;
    size_t live_words;
    if (!xip_array_bytes(f->insn_count, 1, lf.words, &live_words) || live_words > XC_LIVENESS_MAX_WORDS)
        return;
    lf.live = calloc(live_words, sizeof *lf.live);
    word *touch = calloc(2 * (size_t)lf.words, sizeof *touch);
    interval *iv = calloc(lf.count, sizeof *iv);
    uint32_t *map = calloc(lf.count, sizeof *map);
    assert(lf.live && touch && iv && map);
    solve(&lf);
    for (uint32_t l = 0; l < lf.count; l++) {
        iv[l].local = l;
        iv[l].start = UINT32_MAX;
        iv[l].end = 0;
    }
    for (uint32_t i = 0; i < f->insn_count; i++) {
        memset(touch, 0, 2 * lf.words * sizeof *touch);
        for_each_local(&lf, i, touch, touch + lf.words);
        for (uint32_t l = 0; l < lf.count; l++) {
            word bit = (word)1 << (l % 64);
            if (!((lf.live[(size_t)i * lf.words + l / 64] | touch[l / 64] | touch[lf.words + l / 64]) & bit))
                continue;
            if (iv[l].start == UINT32_MAX)
                iv[l].start = i;
            iv[l].end = i;
        }
    }
    uint32_t used = 0;
    for (uint32_t l = 0; l < lf.count; l++)
        if (iv[l].start != UINT32_MAX)
            iv[used++] = iv[l];
    uint32_t k = color(iv, used, map);
    for (uint32_t i = 0; i < f->insn_count; i++) {
        xc_ir_insn *insn = &f->insns[i];
        for (unsigned n = 0; n < 4; n++) {
            enum xip_field field = xc_op_field(insn->op, n);
            if (field != XIP_FIELD_REG && field != XIP_FIELD_REG3)
                continue;
            int64_t r = insn->operand[n];
            assert(field == XIP_FIELD_REG || r >= lf.first + lf.count || r + 2 < lf.first);
            if (r >= lf.first + lf.count)
                insn->operand[n] = r - lf.count + k;
            else if (r >= lf.first && !(insn->op == XIP_OP_RET && insn->operand[1] == 0))
                insn->operand[n] = lf.first + map[r - lf.first];
        }
    }
    f->local_count = lf.first + k;
    f->frame_size = f->frame_size - lf.count + k;
    free(lf.live);
    free(touch);
    free(iv);
    free(map);
}

bool xc_liveness(xc_program *program, xc_error *error)
{
    (void)error; /* the pass cannot fail; it has the signature of the others */
    uint32_t limit = xc_register_limit(program);
    for (uint32_t i = 0; i < program->func_count; i++) {
        if (program->funcs[i].frame_size > limit)
            xc_share_local_slots(&program->funcs[i]);
        if (program->funcs[i].frame_size <= limit)
            xc_coalesce_copies(program, &program->funcs[i]);
    }
    return true;
}
