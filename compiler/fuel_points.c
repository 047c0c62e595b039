/*
 * fuel_points.c: after allocate, keeps every straight run of instructions
 * within XIP_FUEL_RUN (xip_format.h), the bound the verifier enforces so
 * that one unit of fuel buys a bounded amount of work. A run is counted the
 * verifier's way: from the function's start or from an instruction that
 * calls or never falls through, over the instructions that do neither. Where
 * a run would grow past the bound, a `jmp` to the next instruction is
 * inserted: a taken branch, which pays fuel. Labels bound before an
 * instruction stay before it (after the inserted jmp).
 */
#include <assert.h>
#include <stdlib.h>

#include "passes.h"
#include "program.h"

/* True if a straight run starts afresh after op. */
static bool ends_run(unsigned op)
{
    return (xc_op_flags(op) & (XIP_F_CALL | XIP_F_NOFALL)) != 0;
}

/* Inserts the jmps into f. */
static void split_runs(xc_ir_func *f)
{
    uint32_t run = 0, extra = 0, i;
    for (i = 0; i < f->insn_count; i++) { /* first count them: most functions need none */
        if (ends_run(f->insns[i].op)) {
            run = 0;
        } else if (++run > XIP_FUEL_RUN) {
            extra++;
            run = 1;
        }
    }
    if (extra == 0)
        return;
    uint32_t n = f->insn_count + extra, k = 0;
    xc_ir_insn *out = malloc((size_t)n * sizeof *out);
    uint32_t *where = malloc(((size_t)f->insn_count + 1) * sizeof *where);
    assert(out && where);
    run = 0;
    for (i = 0; i < f->insn_count; i++) {
        const xc_ir_insn *insn = &f->insns[i];
        if (ends_run(insn->op)) {
            run = 0;
        } else if (++run > XIP_FUEL_RUN) {
            uint32_t next = xc_ir_new_label(f); /* bound below, to insn i's new place */
            xc_ir_insn jmp = {.op = XIP_OP_JMP, .wasm_offset = insn->wasm_offset};
            jmp.operand[0] = next;
            out[k++] = jmp;
            f->label_insn[next] = UINT32_MAX - 1; /* marks it: set to insn i below */
            run = 1;
        }
        where[i] = k;
        out[k++] = *insn;
    }
    where[f->insn_count] = k;
    assert(k == n);
    for (uint32_t l = 0; l < f->label_count; l++) {
        if (f->label_insn[l] == XC_LABEL_UNBOUND)
            continue;
        if (f->label_insn[l] == UINT32_MAX - 1) /* a jmp's label: the instruction after it */
            continue;
        f->label_insn[l] = where[f->label_insn[l]];
    }
    for (i = 0; i < n; i++) /* bind the new labels */
        if (out[i].op == XIP_OP_JMP && f->label_insn[out[i].operand[0]] == UINT32_MAX - 1)
            f->label_insn[out[i].operand[0]] = i + 1;
    free(f->insns);
    free(where);
    f->insns = out;
    f->insn_count = n;
    f->insn_capacity = n;
}

void xc_fuel_points(xc_program *program)
{
    for (uint32_t i = 0; i < program->func_count; i++)
        split_runs(&program->funcs[i]);
}
