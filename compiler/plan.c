/*
 * plan.c: the plan pass, the image layout decisions the encoder then
 * follows.
 *
 * Globals: the compile-time value of every global whose initializer folds
 * to a constant (constant expressions that read it then fold too).
 *
 * Tables: a defined table is a flash table (its contents in the image) when
 * no instruction writes it, it is not exported, and every active element
 * segment targeting it has a constant offset, constant items and fits; those
 * segments then become DROPPED placeholders. Every other table is a RAM
 * table, filled by the executor at instantiation (which traps on segments
 * that do not fit).
 */
#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>

#include "constexpr.h"
#include "passes.h"
#include "wasm_ops.h"

bool xc_plan_const(const wasm_module *module, const xc_plan *plan, const wasm_const_expr *expr,
                   xc_buffer *out, xc_const *result, xc_error *error)
{
    xc_const_env env = {plan->global_values, plan->global_known,
                        module->import_global_count + module->global_count};
    return xc_const_encode(module, expr, &env, out, result, error);
}

bool xc_plan_elem_item(const wasm_module *module, const xc_plan *plan, const wasm_elem *el, uint32_t i,
                       bool *folded, uint64_t *value, xc_error *error)
{
    xc_buffer scratch = {0};
    xc_const c = {true, 0};
    bool ok = true;
    if (el->func_indices)
        c.value = el->func_indices[i];
    else
        ok = xc_plan_const(module, plan, &el->exprs[i], &scratch, &c, error);
    xc_buffer_free(&scratch);
    *folded = c.folded;
    *value = c.value;
    return ok;
}

/* Records the compile-time value of every global that has one. */
static bool plan_globals(const wasm_module *m, xc_plan *plan, xc_error *error)
{
    uint32_t total = m->import_global_count + m->global_count;
    if (total > 0xffff)
        return xc_error_set(error, XC_NO_OFFSET, XC_NO_FUNC, "%llu %s exceed the limit of 65535",
                            (unsigned long long)total, "globals");
    plan->global_values = calloc(total ? total : 1, sizeof *plan->global_values);
    plan->global_known = calloc(total ? total : 1, sizeof *plan->global_known);
    assert(plan->global_values && plan->global_known);
    bool ok = true;
    for (uint32_t g = 0; g < m->global_count && ok; g++) {
        uint32_t index = m->import_global_count + g;
        xc_const_env env = {plan->global_values, plan->global_known, index}; /* earlier globals only */
        xc_buffer scratch = {0};
        xc_const c;
        ok = xc_const_encode(m, &m->globals[g].init, &env, &scratch, &c, error);
        xc_buffer_free(&scratch);
        plan->global_values[index] = c.value;
        plan->global_known[index] = ok && c.folded;
    }
    return ok;
}

/* True if some instruction can write table t (table.set/grow/fill/init, table.copy into it). */
static bool table_written(const wasm_module *m, uint32_t t)
{
    for (uint32_t f = 0; f < m->func_count; f++) {
        for (uint32_t i = 0; i < m->funcs[f].insn_count; i++) {
            const wasm_insn *in = &m->funcs[f].insns[i];
            uint32_t target;
            switch (in->opcode) {
            case WASM_OP_TABLE_SET: case WASM_OP_TABLE_GROW: case WASM_OP_TABLE_FILL:
                target = in->imm.index;
                break;
            case WASM_OP_TABLE_INIT: target = in->imm.pair.b; break;
            case WASM_OP_TABLE_COPY: target = in->imm.pair.a; break;
            default: continue;
            }
            if (target == t)
                return true;
        }
    }
    return false;
}

/* True (in *fits) if active segment el folds to constants that fit in n entries. */
static bool elem_foldable(const wasm_module *m, const xc_plan *plan, const wasm_elem *el, uint64_t n,
                          bool *fits, xc_error *error)
{
    xc_buffer scratch = {0};
    xc_const off;
    bool ok = xc_plan_const(m, plan, &el->offset_expr, &scratch, &off, error);
    xc_buffer_free(&scratch);
    *fits = ok && off.folded && (uint32_t)off.value + (uint64_t)el->count <= n;
    for (uint32_t i = 0; i < el->count && ok && *fits; i++) {
        uint64_t v;
        ok = xc_plan_elem_item(m, plan, el, i, fits, &v, error);
    }
    return ok;
}

/* Decides which defined tables are RAM tables and which segments fold into flash tables. */
static bool plan_tables(const wasm_module *m, xc_plan *plan, xc_error *error)
{
    plan->ram_table = calloc(m->table_count ? m->table_count : 1, sizeof *plan->ram_table);
    plan->folded_elem = calloc(m->elem_count ? m->elem_count : 1, sizeof *plan->folded_elem);
    assert(plan->ram_table && plan->folded_elem);
    for (uint32_t t = 0; t < m->table_count; t++)
        plan->ram_table[t] = table_written(m, m->import_table_count + t);
    for (uint32_t x = 0; x < m->export_count; x++) /* an importer may write it */
        if (m->exports[x].kind == WASM_EXTERN_TABLE && m->exports[x].index >= m->import_table_count)
            plan->ram_table[m->exports[x].index - m->import_table_count] = true;
    for (uint32_t s = 0; s < m->elem_count; s++) {
        const wasm_elem *el = &m->elems[s];
        bool fits;
        if (el->mode != WASM_SEGMENT_ACTIVE || el->table_index < m->import_table_count)
            continue;
        uint32_t t = el->table_index - m->import_table_count;
        if (plan->ram_table[t])
            continue;
        if (!elem_foldable(m, plan, el, m->tables[t].limits.min, &fits, error))
            return false;
        plan->ram_table[t] = !fits;
    }
    for (uint32_t s = 0; s < m->elem_count; s++) {
        const wasm_elem *el = &m->elems[s];
        plan->folded_elem[s] = el->mode == WASM_SEGMENT_ACTIVE && el->table_index >= m->import_table_count &&
                               !plan->ram_table[el->table_index - m->import_table_count];
    }
    return true;
}

bool xc_plan_image(const xc_program *program, xc_plan *plan, xc_error *error)
{
    const wasm_module *m = program->module;
    return plan_globals(m, plan, error) && plan_tables(m, plan, error);
}

void xc_plan_free(xc_plan *plan)
{
    free(plan->ram_table);
    free(plan->folded_elem);
    free(plan->global_values);
    free(plan->global_known);
}

void xc_dump_plan(const xc_program *program, const xc_plan *plan, FILE *out)
{
    const wasm_module *m = program->module;
    fprintf(out, "plan:\n");
    for (uint32_t g = 0; g < m->global_count; g++) {
        uint32_t index = m->import_global_count + g;
        if (plan->global_known[index])
            fprintf(out, "  global %u: constant 0x%" PRIx64 "\n", (unsigned)index, plan->global_values[index]);
        else
            fprintf(out, "  global %u: computed at instantiation\n", (unsigned)index);
    }
    for (uint32_t t = 0; t < m->table_count; t++)
        fprintf(out, "  table %u: %s\n", (unsigned)(m->import_table_count + t),
                plan->ram_table[t] ? "ram (filled at instantiation)" : "flash (contents in the image)");
    for (uint32_t s = 0; s < m->elem_count; s++)
        if (plan->folded_elem[s])
            fprintf(out, "  elem %u: folded into flash table %u\n", (unsigned)s, (unsigned)m->elems[s].table_index);
}
