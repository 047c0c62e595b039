/*
 * allocate.c: maps frame slots to registers. Frames that fit the register
 * limit keep the lowering's layout (params, locals, operand stack). Larger
 * frames have already let locals with disjoint live ranges share slots
 * (the liveness pass); if the frame is still too large it is remapped: params
 * stay first (the calling convention), then three scratch registers, then the operand stack temps and the locals
 * (hottest first) in an order that keeps calls correct; any slot that still
 * lands at or above the limit is "far" and reached through
 * LOCAL_LOAD_FAR/LOCAL_STORE_FAR via the scratch registers. A call whose
 * frame base lands at or above the limit becomes CALL_WIDE or
 * CALL_INDIRECT_WIDE, which carry a 16-bit base slot; a multi-value RET
 * whose results lie there first loads them into R[0..n).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "program.h"

#define SCRATCH 3u

/* True if the function calls anything. */
static bool has_calls(const xc_ir_func *f)
{
    for (uint32_t i = 0; i < f->insn_count; i++)
        if (xc_op_flags(f->insns[i].op) & XIP_F_CALL)
            return true;
    return false;
}

typedef struct local_use {
    uint32_t slot;
    uint32_t uses;
} local_use;

/* Hotter first; ties by slot, so the order is deterministic. */
static int by_uses(const void *x, const void *y)
{
    const local_use *a = x, *b = y;
    if (a->uses != b->uses)
        return a->uses > b->uses ? -1 : 1;
    return a->slot < b->slot ? -1 : (a->slot > b->slot);
}

/* Builds map[slot] -> frame index for a frame that exceeds the limit. */
static void build_map(const xc_ir_func *f, uint32_t *map, bool calls)
{
    uint32_t np = f->param_count, nl = f->local_count - np, nt = f->frame_size - f->local_count;
    local_use *uses = calloc(nl ? nl : 1, sizeof *uses);
    assert(uses);
    for (uint32_t i = 0; i < nl; i++)
        uses[i].slot = np + i;
    for (uint32_t i = 0; i < f->insn_count; i++)
        for (unsigned k = 0; k < 4; k++) {
            int64_t r = f->insns[i].operand[k];
            if (xc_op_field(f->insns[i].op, k) == XIP_FIELD_REG && r >= np && r < f->local_count)
                uses[r - np].uses++;
        }
    qsort(uses, nl, sizeof *uses, by_uses);
    for (uint32_t i = 0; i < np; i++)
        map[i] = i;
    uint32_t locals_at = calls ? np + SCRATCH : np + SCRATCH + nt;
    uint32_t temps_at = calls ? np + SCRATCH + nl : np + SCRATCH;
    for (uint32_t i = 0; i < nl; i++)
        map[uses[i].slot] = locals_at + i;
    for (uint32_t i = 0; i < nt; i++)
        map[f->local_count + i] = temps_at + i;
    free(uses);
}

/* Appends insn to the new instruction list. */
static void append(xc_ir_func *g, const xc_ir_insn *insn)
{
    xc_grow((void **)&g->insns, &g->insn_capacity, g->insn_count + 1, sizeof *g->insns);
    g->insns[g->insn_count++] = *insn;
}

/* Appends a far load or store between a scratch register and a far slot. */
static void append_far(xc_ir_func *g, unsigned op, uint32_t reg, uint32_t far, uint32_t wasm_offset)
{
    xc_ir_insn insn;
    memset(&insn, 0, sizeof insn);
    insn.op = (uint8_t)op;
    insn.operand[0] = reg;
    insn.operand[1] = far;
    insn.wasm_offset = wasm_offset;
    append(g, &insn);
}

/*
 * The register for the REG3 operand k of insn (three read slots, operand
 * stack temps, which the map keeps consecutive): the mapped slot if all three
 * are registers, else the scratch registers, loaded first.
 */
static uint32_t remap_reg3(xc_ir_func *g, const xc_ir_insn *insn, unsigned k, const uint32_t *map,
                           uint32_t limit, uint32_t np)
{
    uint32_t c = (uint32_t)insn->operand[k];
    assert(map[c + 1] == map[c] + 1 && map[c + 2] == map[c] + 2);
    if (map[c] + 2 < limit)
        return map[c];
    for (uint32_t j = 0; j < SCRATCH; j++) {
        if (map[c + j] < limit) {
            xc_ir_insn mov;
            memset(&mov, 0, sizeof mov);
            mov.op = XIP_OP_MOV;
            mov.operand[0] = np + j;
            mov.operand[1] = map[c + j];
            mov.wasm_offset = insn->wasm_offset;
            append(g, &mov);
        } else {
            append_far(g, XIP_OP_LOCAL_LOAD_FAR, np + j, map[c + j], insn->wasm_offset);
        }
    }
    return np;
}

/* The wide form of a call whose frame base slot does not fit a register operand. */
static unsigned wide_call(unsigned op)
{
    assert(op == XIP_OP_CALL || op == XIP_OP_CALL_INDIRECT);
    return op == XIP_OP_CALL ? XIP_OP_CALL_WIDE : XIP_OP_CALL_INDIRECT_WIDE;
}

/* Remaps one instruction's registers into g, adding far accesses around it. */
static bool rewrite_insn(xc_ir_func *g, xc_ir_insn insn, const uint32_t *map, uint32_t limit,
                         uint32_t np, uint32_t func_index, xc_error *error)
{
    uint32_t scratch = 0;
    int64_t store_far = -1;
    for (unsigned k = 0; k < 4; k++) {
        if (xc_op_field(insn.op, k) == XIP_FIELD_REG3) {
            insn.operand[k] = remap_reg3(g, &insn, k, map, limit, np);
            continue;
        }
        if (xc_op_field(insn.op, k) != XIP_FIELD_REG)
            continue;
        if (insn.op == XIP_OP_RET && insn.operand[1] == 0)
            continue;
        uint32_t reg = map[insn.operand[k]];
        enum xc_reg_role role = xc_reg_role(&insn, k);
        if (role == XC_ROLE_RANGE && insn.operand[1] == 1)
            role = XC_ROLE_READ;
        if (role == XC_ROLE_BASE && reg > XIP_MAX_FRAME)
            return xc_error_set(error, insn.wasm_offset, func_index,
                                "frame slot %u of a call exceeds the frame limit of %u slots",
                                (unsigned)reg, XIP_MAX_FRAME);
        if (role == XC_ROLE_BASE && reg >= limit)
            insn.op = (uint8_t)wide_call(insn.op); /* the base is the last field */
        if (role == XC_ROLE_RANGE && reg >= limit) {
            /* results in far slots: load them into R[0..n) first, in ascending
               order, so no load overwrites a slot still to be read */
            for (uint32_t j = 0; j < (uint32_t)insn.operand[1]; j++) {
                assert(map[insn.operand[0] + j] == reg + j);
                append_far(g, XIP_OP_LOCAL_LOAD_FAR, j, reg + j, insn.wasm_offset);
            }
            reg = 0;
        }
        if (reg >= limit && role == XC_ROLE_READ) {
            append_far(g, XIP_OP_LOCAL_LOAD_FAR, np + scratch, reg, insn.wasm_offset);
            reg = np + scratch++;
        } else if (reg >= limit && role == XC_ROLE_WRITE) {
            store_far = reg;
            reg = np;
        }
        insn.operand[k] = reg;
    }
    assert(scratch <= SCRATCH);
    append(g, &insn);
    if (store_far >= 0)
        append_far(g, XIP_OP_LOCAL_STORE_FAR, np, (uint32_t)store_far, insn.wasm_offset);
    return true;
}

/* Allocates one function whose frame exceeds the limit. */
static bool allocate_far(xc_ir_func *f, uint32_t limit, uint32_t func_index, xc_error *error)
{
    if (f->param_count + SCRATCH >= limit)
        return xc_error_set(error, XC_NO_OFFSET, func_index,
                            "function has %u params; at most %u fit the register limit of %u",
                            (unsigned)f->param_count, (unsigned)(limit - SCRATCH - 1), (unsigned)limit);
    bool calls = has_calls(f);
    uint32_t *map = calloc(f->frame_size, sizeof *map);
    uint32_t *where = calloc(f->insn_count + 1, sizeof *where);
    assert(map && where);
    build_map(f, map, calls);
    xc_ir_func g;
    memset(&g, 0, sizeof g);
    bool ok = true;
    for (uint32_t i = 0; i < f->insn_count && ok; i++) {
        where[i] = g.insn_count;
        ok = rewrite_insn(&g, f->insns[i], map, limit, f->param_count, func_index, error);
    }
    where[f->insn_count] = g.insn_count;
    if (ok) {
        for (uint32_t l = 0; l < f->label_count; l++)
            if (f->label_insn[l] != XC_LABEL_UNBOUND)
                f->label_insn[l] = where[f->label_insn[l]];
        free(f->insns);
        f->insns = g.insns;
        f->insn_count = g.insn_count;
        f->insn_capacity = g.insn_capacity;
        uint32_t nl = f->local_count - f->param_count;
        f->local_count = calls ? f->param_count + SCRATCH + nl : f->frame_size + SCRATCH;
        f->frame_size += SCRATCH;
    } else {
        free(g.insns);
    }
    free(map);
    free(where);
    return ok;
}

uint32_t xc_register_limit(const xc_program *program)
{
    uint32_t limit = program->register_limit ? program->register_limit : XIP_MAX_REGISTERS;
    return limit > XIP_MAX_REGISTERS ? XIP_MAX_REGISTERS : limit;
}

bool xc_allocate(xc_program *program, xc_error *error)
{
    uint32_t limit = xc_register_limit(program);
    const wasm_module *m = program->module;
    for (uint32_t i = 0; i < program->func_count; i++) {
        xc_ir_func *f = &program->funcs[i];
        uint32_t func_index = (m ? m->import_func_count : 0) + i;
        if (f->frame_size + SCRATCH > XIP_MAX_FRAME)
            return xc_error_set(error, XC_NO_OFFSET, func_index,
                                "function needs %u frame slots; the limit is %u",
                                (unsigned)f->frame_size, XIP_MAX_FRAME - SCRATCH);
        if (f->frame_size > limit && !allocate_far(f, limit, func_index, error))
            return false;
    }
    return true;
}
