/*
 * fuse.c: the fuse pass. After allocation, replaces pairs of adjacent
 * instructions that the profile shows are frequent and dependent with one
 * instruction doing both (a superinstruction), so the executor dispatches
 * once instead of twice:
 *   i32.add_i r, r, k ; jnz r, L   ->  i32.add_i_jnz r, k, L   (counted loops)
 *   i32.add_i r, r, k ; jz r, L    ->  i32.add_i_jz r, k, L
 *   i32.shr_u_i t, a, s ; i32.and_i d, t, m  ->  i32.shr_u_and_i d, a, s | m << 16
 *   i32.mul t, a, b ; i32.add d, t, c (or d, c, t)  ->  i32.mul_add d, a, b, c
 *     both when t is d or dead after the pair (on every path from there,
 *     falling through or branching, t is written before it is read, or the
 *     path returns without returning it; a call or br_table on the way
 *     counts as a read)
 *   i32.add_i d, d, k ; i32.add_i e, e, j  ->  i32.add_i2 d, e, k | j << 16
 *     (two counters stepped at a loop latch; e may be d), unless the second
 *     add fuses with a jnz or jz after it
 * A pair is fused only when no label is bound between its two instructions
 * (nothing branches to the second one alone). The fused instruction keeps
 * the first one's Wasm offset; neither instruction can trap.
 */
#include <assert.h>
#include <stdlib.h>

#include "passes.h"
#include "program.h"
#include "xip_format.h"

/*
 * How insn uses reg: 1 reads it or may (a call's arguments, a multi-register
 * or far operand, a step in place: role RW), 2 writes it without reading it, 0 neither.
 */
static int use_of(const xc_ir_insn *insn, int64_t reg)
{
    if (insn->op == XIP_OP_RET) /* reads the results R[a..a+n) only */
        return reg >= insn->operand[0] && reg < insn->operand[0] + insn->operand[1];
    bool writes = false;
    for (unsigned k = 0; k < 4; k++) {
        enum xip_field field = xc_op_field(insn->op, k);
        enum xip_role role = xc_op_role(insn->op, k);
        if (field == XIP_FIELD_REG3 || field == XIP_FIELD_FAR || field == XIP_FIELD_BASE16 || role == XIP_ROLE_B)
            return 1;
        if (field != XIP_FIELD_REG || role == XIP_ROLE__ || insn->operand[k] != reg)
            continue;
        if (role != XIP_ROLE_W && role != XIP_ROLE_WV && role != XIP_ROLE_WREF && role != XIP_ROLE_WK)
            return 1;
        writes = true;
    }
    return writes ? 2 : 0;
}

/*
 * Register reg is dead after instruction at: on every path from there
 * (falling through or branching), an instruction writes reg before any reads
 * it, or the path returns without returning it. A depth-first search over
 * the instructions, each visited once.
 */
static bool dead_after(const xc_ir_func *f, uint32_t at, int64_t reg)
{
    uint32_t n = f->insn_count, top = 0;
    bool *seen = calloc(n + 1, sizeof *seen);
    uint32_t *todo = malloc((2 * n + 1) * sizeof *todo); /* at most two successors each */
    assert(seen && todo);
    bool dead = true;
    todo[top++] = at + 1;
    while (dead && top > 0) {
        uint32_t i = todo[--top];
        if (i >= n || seen[i]) /* past the end: the function ends there (its last instruction does not fall through) */
            continue;
        seen[i] = true;
        const xc_ir_insn *insn = &f->insns[i];
        int use = use_of(insn, reg);
        if (use == 1)
            dead = false;
        if (use != 0)
            continue;
        if (!(xc_op_flags(insn->op) & XIP_F_NOFALL))
            todo[top++] = i + 1;
        for (unsigned k = 0; k < 4; k++) {
            enum xip_field field = xc_op_field(insn->op, k);
            if (field == XIP_FIELD_TARGET)
                todo[top++] = f->label_insn[insn->operand[k]];
            else if (field == XIP_FIELD_TARGETS)
                dead = false; /* a br_table: not followed (rare in the pairs fused) */
        }
    }
    free(seen);
    free(todo);
    return dead;
}

/* Instruction at is a jnz or jz on reg (so an i32.add_i of reg just before it fuses with it instead). */
static bool branches_on(const xc_ir_func *f, uint32_t at, int64_t reg)
{
    if (at >= f->insn_count)
        return false;
    const xc_ir_insn *insn = &f->insns[at];
    return (insn->op == XIP_OP_JNZ || insn->op == XIP_OP_JZ) && insn->operand[0] == reg;
}

/* The fused instruction for the pair at, at + 1 into *out; false if the pair does not fuse. */
static bool fuse_pair(const xc_ir_func *f, uint32_t at, xc_ir_insn *out)
{
    const xc_ir_insn *first = &f->insns[at], *second = &f->insns[at + 1];
    const int64_t *a = first->operand, *b = second->operand;
    *out = *first;
    if (first->op == XIP_OP_I32_SHR_U_I && second->op == XIP_OP_I32_AND_I && b[1] == a[0]) {
        if (b[0] != a[0] && !dead_after(f, at + 1, a[0]))
            return false;
        out->op = XIP_OP_I32_SHR_U_AND_I;
        out->operand[0] = b[0];
        out->operand[2] = (a[2] & 31) | (int64_t)(uint16_t)b[2] << 16;
        return true;
    }
    if (first->op == XIP_OP_I32_MUL && second->op == XIP_OP_I32_ADD &&
        (b[1] == a[0]) != (b[2] == a[0])) { /* the product is one addend, not both */
        if (b[0] != a[0] && !dead_after(f, at + 1, a[0]))
            return false;
        out->op = XIP_OP_I32_MUL_ADD;
        out->operand[0] = b[0];
        out->operand[3] = b[1] == a[0] ? b[2] : b[1]; /* c: the addend that is not the product */
        return true;
    }
    if (first->op != XIP_OP_I32_ADD_I || a[0] != a[1])
        return false;
    if (second->op == XIP_OP_I32_ADD_I && b[0] == b[1] && !branches_on(f, at + 2, b[0])) {
        out->op = XIP_OP_I32_ADD_I2;
        out->operand[1] = b[0];
        out->operand[2] = (int64_t)((uint32_t)(uint16_t)a[2] | (uint32_t)(uint16_t)b[2] << 16);
        return true;
    }
    if (b[0] != a[0] || (second->op != XIP_OP_JNZ && second->op != XIP_OP_JZ))
        return false;
    out->op = second->op == XIP_OP_JNZ ? XIP_OP_I32_ADD_I_JNZ : XIP_OP_I32_ADD_I_JZ;
    out->operand[1] = a[2]; /* k */
    out->operand[2] = b[1]; /* the target */
    out->operand[3] = 0;
    return true;
}

/*
 * Fuses the pairs of one function and moves its labels with their
 * instructions. Every pair is decided on the instructions as allocate left
 * them (dead_after follows branches backwards too); the fused ones are
 * written back after.
 */
static void fuse_func(xc_ir_func *f)
{
    uint32_t n = f->insn_count;
    bool *bound = calloc(n + 1, sizeof *bound);       /* a label is bound before insn i */
    uint32_t *moved = malloc((n + 1) * sizeof *moved); /* old index -> new index */
    xc_ir_insn *out = malloc((n + 1) * sizeof *out);
    assert(bound && moved && out);
    for (uint32_t l = 0; l < f->label_count; l++)
        if (f->label_insn[l] != XC_LABEL_UNBOUND)
            bound[f->label_insn[l]] = true;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < n; i++) {
        moved[i] = kept;
        out[kept] = f->insns[i];
        if (i + 1 < n && !bound[i + 1] && fuse_pair(f, i, &out[kept]))
            moved[++i] = kept; /* the second one: unbound, so nothing refers to it */
        kept++;
    }
    moved[n] = kept;
    for (uint32_t i = 0; i < kept; i++)
        f->insns[i] = out[i];
    for (uint32_t l = 0; l < f->label_count; l++)
        if (f->label_insn[l] != XC_LABEL_UNBOUND)
            f->label_insn[l] = moved[f->label_insn[l]];
    f->insn_count = kept;
    free(bound);
    free(moved);
    free(out);
}

bool xc_fuse(xc_program *program, xc_error *error)
{
    (void)error; /* fusing cannot fail on a program allocate accepted */
    for (uint32_t i = 0; i < program->func_count; i++)
        fuse_func(&program->funcs[i]);
    return true;
}
