/*
 * fuse.c: the fuse pass. After allocation, replaces pairs of adjacent
 * instructions that the profile shows are frequent and dependent with one
 * instruction doing both (a superinstruction), so the executor dispatches
 * once instead of twice:
 *   i32.add_i r, r, k ; jnz r, L   ->  i32.add_i_jnz r, k, L   (counted loops)
 *   i32.add_i r, r, k ; jz r, L    ->  i32.add_i_jz r, k, L
 * A pair is fused only when no label is bound between its two instructions
 * (nothing branches to the second one alone). The fused instruction keeps
 * the first one's Wasm offset; neither instruction can trap.
 */
#include <assert.h>
#include <stdlib.h>

#include "passes.h"
#include "xip_format.h"

/* The fused opcode for the pair at, at + 1, or XIP_OP__ if the pair does not fuse. */
static unsigned fused_op(const xc_ir_func *f, uint32_t at)
{
    const xc_ir_insn *first = &f->insns[at], *second = &f->insns[at + 1];
    if (first->op != XIP_OP_I32_ADD_I || first->operand[0] != first->operand[1] ||
        second->operand[0] != first->operand[0])
        return XIP_OP__;
    if (second->op == XIP_OP_JNZ)
        return XIP_OP_I32_ADD_I_JNZ;
    if (second->op == XIP_OP_JZ)
        return XIP_OP_I32_ADD_I_JZ;
    return XIP_OP__;
}

/* Fuses the pairs of one function in place and moves its labels with their instructions. */
static void fuse_func(xc_ir_func *f)
{
    uint32_t n = f->insn_count;
    bool *bound = calloc(n + 1, sizeof *bound);       /* a label is bound before insn i */
    uint32_t *moved = malloc((n + 1) * sizeof *moved); /* old index -> new index */
    assert(bound && moved);
    for (uint32_t l = 0; l < f->label_count; l++)
        if (f->label_insn[l] != XC_LABEL_UNBOUND)
            bound[f->label_insn[l]] = true;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < n; i++) {
        moved[i] = kept;
        xc_ir_insn insn = f->insns[i];
        unsigned op = i + 1 < n && !bound[i + 1] ? fused_op(f, i) : XIP_OP__;
        if (op != XIP_OP__) {
            int64_t target = f->insns[i + 1].operand[1];
            insn.op = (uint8_t)op;
            insn.operand[1] = insn.operand[2]; /* k */
            insn.operand[2] = target;
            insn.operand[3] = 0;
            moved[++i] = kept; /* unbound: nothing refers to it */
        }
        f->insns[kept++] = insn;
    }
    moved[n] = kept;
    for (uint32_t l = 0; l < f->label_count; l++)
        if (f->label_insn[l] != XC_LABEL_UNBOUND)
            f->label_insn[l] = moved[f->label_insn[l]];
    f->insn_count = kept;
    free(bound);
    free(moved);
}

bool xc_fuse(xc_program *program, xc_error *error)
{
    (void)error; /* fusing cannot fail on a program allocate accepted */
    for (uint32_t i = 0; i < program->func_count; i++)
        fuse_func(&program->funcs[i]);
    return true;
}
