/*
 * fuse.c: the fuse pass. After allocation, replaces pairs of adjacent
 * instructions that the profile shows are frequent and dependent with one
 * instruction doing both (a superinstruction), so the executor dispatches
 * once instead of twice:
 *   i32.add_i r, r, k ; jnz r, L   ->  i32.add_i_jnz r, k, L   (counted loops)
 *   i32.add_i r, r, k ; jz r, L    ->  i32.add_i_jz r, k, L
 *   i32.shr_u_i t, a, s ; i32.and_i d, t, m  ->  i32.shr_u_and_i d, a, s | m << 16
 *     when t is d or dead after the pair (the next write of t on the
 *     straight-line path comes before any read, branch or call)
 * A pair is fused only when no label is bound between its two instructions
 * (nothing branches to the second one alone). The fused instruction keeps
 * the first one's Wasm offset; neither instruction can trap.
 */
#include <assert.h>
#include <stdlib.h>

#include "passes.h"
#include "program.h"
#include "xip_format.h"

/* Register reg is dead after instruction at: on the path that falls through from it, an instruction
   writes reg before any reads it; gives up (false) at a branch, call, return or multi-register operand. */
static bool dead_after(const xc_ir_func *f, uint32_t at, int64_t reg)
{
    for (uint32_t i = at + 1; i < f->insn_count; i++) {
        const xc_ir_insn *insn = &f->insns[i];
        if (xc_op_flags(insn->op) & (XIP_F_BRANCH | XIP_F_NOFALL | XIP_F_CALL))
            return false;
        bool writes = false;
        for (unsigned k = 0; k < 4; k++) {
            enum xip_role role = xc_op_role(insn->op, k);
            if (role != XIP_ROLE__ && role != XIP_ROLE_R && role != XIP_ROLE_W)
                return false;
            if (role == XIP_ROLE_R && insn->operand[k] == reg)
                return false;
            if (role == XIP_ROLE_W && insn->operand[k] == reg)
                writes = true;
        }
        if (writes)
            return true;
    }
    return false;
}

/* The fused opcode for the pair at, at + 1, or XIP_OP__ if the pair does not fuse. */
static unsigned fused_op(const xc_ir_func *f, uint32_t at)
{
    const xc_ir_insn *first = &f->insns[at], *second = &f->insns[at + 1];
    if (first->op == XIP_OP_I32_SHR_U_I && second->op == XIP_OP_I32_AND_I && second->operand[1] == first->operand[0])
        return second->operand[0] == first->operand[0] || dead_after(f, at + 1, first->operand[0])
                   ? XIP_OP_I32_SHR_U_AND_I : XIP_OP__;
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
        if (op == XIP_OP_I32_SHR_U_AND_I) {
            const xc_ir_insn *mask = &f->insns[i + 1];
            insn.op = (uint8_t)op;
            insn.operand[0] = mask->operand[0];
            insn.operand[2] = (insn.operand[2] & 31) | (int64_t)(uint16_t)mask->operand[2] << 16;
            moved[++i] = kept;
        } else if (op != XIP_OP__) {
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
