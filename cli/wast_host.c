/*
 * wast_host.c: host calls of the spec-test runner: the `spectest` module's
 * print functions, imports served by exports of registered modules (a nested
 * xip_call on the exporting instance), call_indirect of a handle (another
 * instance's function), and the loop that drives a run through its host
 * calls and fuel refills.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wast_internal.h"

/* The functions of the host module "spectest". */
typedef struct spectest_print {
    const char *name;
    uint8_t param_count;
    uint8_t params[2];
} spectest_print;

static const spectest_print spectest_prints[] = {
    {"print", 0, {0, 0}},
    {"print_i32", 1, {XIP_I32, 0}},
    {"print_i64", 1, {XIP_I64, 0}},
    {"print_f32", 1, {XIP_F32, 0}},
    {"print_f64", 1, {XIP_F64, 0}},
    {"print_i32_f32", 2, {XIP_I32, XIP_F32}},
    {"print_f64_f64", 2, {XIP_F64, XIP_F64}},
};

/* Resolves import i of m against spectest; false with why set when it cannot. */
bool wast_link_spectest(wast_link *link, const char *field, uint32_t field_len, const xip_functype *type,
                        char *why, size_t size)
{
    for (size_t p = 0; p < sizeof spectest_prints / sizeof spectest_prints[0]; p++) {
        const spectest_print *print = &spectest_prints[p];
        if (strlen(print->name) != field_len || memcmp(print->name, field, field_len) != 0)
            continue;
        if (type->result_count != 0 || type->param_count != print->param_count ||
            memcmp(type->params, print->params, print->param_count) != 0) {
            snprintf(why, size, "incompatible import type: spectest.%s", print->name);
            return false;
        }
        link->kind = LINK_PRINT;
        link->print = (uint8_t)p;
        return true;
    }
    static const char *const others[] = {"global_i32", "global_i64", "global_f32", "global_f64", "table", "memory"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        if (strlen(others[i]) == field_len && memcmp(others[i], field, field_len) == 0) {
            snprintf(why, size, "incompatible import type: spectest.%s is not a function", others[i]);
            return false;
        }
    }
    snprintf(why, size, "unknown import: spectest.%.*s", (int)field_len, field);
    return false;
}

/* Serves a call through an import link; results into results[0..*nresults). */
static xip_status call_link(wast_run *r, const wast_link *link, const uint64_t *args, uint32_t nargs,
                            uint64_t *results, uint32_t *nresults)
{
    *nresults = 0;
    if (link->kind == LINK_FUNC)
        return wast_call_func(r, link->target, link->func, args, nargs, results, nresults);
    if (link->kind != LINK_PRINT)
        return XIP_TRAP_UNLINKED_IMPORT;
    if (r->verbose) {
        const spectest_print *print = &spectest_prints[link->print];
        printf("spectest.%s(", print->name);
        for (uint32_t i = 0; i < nargs && i < print->param_count; i++) {
            char text[80];
            wast_format_value(print->params[i], args[i], text, sizeof text);
            printf("%s%s", i ? ", " : "", text);
        }
        printf(")\n");
    }
    return XIP_OK;
}

/*
 * Serves the pending XIP_HOST_CALL of m (an import, or a call_indirect of a
 * handle: the function of another instance it names) and continues its run.
 */
static xip_status serve_host_call(wast_run *r, wast_module *m)
{
    xip_instance *inst = &m->vm.inst;
    uint32_t import = xip_host_import(inst), ref;
    const wast_handle *target = NULL;
    xip_functype type, have;
    uint64_t args[WAST_MAX_SLOTS], results[WAST_MAX_SLOTS];
    uint32_t nresults = 0;
    if (xip_host_ref(inst, &ref, &type)) {
        target = wast_handle_target(r, ref);
        if (!target || xip_func_type(&target->module->vm.inst, target->func, &have) != XIP_OK ||
            !wast_same_type(&type, &have))
            return xip_host_trap(inst, XIP_TRAP_INDIRECT_CALL_MISMATCH);
    } else if (import >= m->import_count || xip_func_type(inst, import, &type) != XIP_OK) {
        return xip_host_trap(inst, XIP_TRAP_UNLINKED_IMPORT);
    }
    if (type.param_count > WAST_MAX_SLOTS || type.result_count > WAST_MAX_SLOTS)
        return xip_host_trap(inst, XIP_TRAP_HOST);
    uint64_t *slots = xip_host_args(inst);
    memcpy(args, slots, type.param_count * sizeof *args);
    wast_move_refs(r, m, NULL, type.params, args, type.param_count);
    xip_status st = target ? wast_call_func(r, target->module, target->func, args, type.param_count, results, &nresults)
                           : call_link(r, &m->links[import], args, type.param_count, results, &nresults);
    wast_sync_in(r, m); /* m runs again: take what the callee changed */
    if (st != XIP_OK)
        return xip_host_trap(inst, XIP_IS_TRAP(st) ? st : XIP_TRAP_HOST);
    if (nresults != type.result_count)
        return xip_host_trap(inst, XIP_TRAP_HOST);
    wast_move_refs(r, NULL, m, type.results, results, nresults);
    memcpy(slots, results, nresults * sizeof *results);
    return xip_resume(inst);
}

/* Drives a run of m to its end: serves host calls and refills fuel. */
xip_status wast_finish_run(wast_run *r, wast_module *m, xip_status st)
{
    uint32_t refills = 0;
    for (;;) {
        if (st == XIP_HOST_CALL) {
            st = serve_host_call(r, m);
        } else if (st == XIP_OUT_OF_FUEL && refills < WAST_FUEL_REFILLS) {
            refills++;
            xip_set_fuel(&m->vm.inst, WAST_FUEL_CHUNK);
            st = xip_resume(&m->vm.inst);
        } else {
            return st;
        }
    }
}

/*
 * Calls function func of m (imports resolved through the links); copies the
 * results. Function references in args and results are in the runner's form
 * (m's own functions as handles).
 */
xip_status wast_call_func(wast_run *r, wast_module *m, uint32_t func, const uint64_t *args,
                          uint32_t nargs, uint64_t *results, uint32_t *nresults)
{
    uint64_t in[WAST_MAX_SLOTS];
    xip_functype type;
    *nresults = 0;
    if (func < m->import_count)
        return call_link(r, &m->links[func], args, nargs, results, nresults);
    if (r->nesting >= WAST_HOST_NESTING)
        return XIP_TRAP_CALL_STACK_EXHAUSTED;
    if (xip_func_type(&m->vm.inst, func, &type) != XIP_OK || nargs != type.param_count || nargs > WAST_MAX_SLOTS)
        return XIP_TRAP_HOST;
    memcpy(in, args, nargs * sizeof *in);
    wast_move_refs(r, NULL, m, type.params, in, nargs);
    wast_sync_in(r, m);
    r->nesting++;
    xip_set_fuel(&m->vm.inst, WAST_FUEL_CHUNK);
    xip_status st = wast_finish_run(r, m, xip_call(&m->vm.inst, func, in, nargs));
    r->nesting--;
    if (st == XIP_OK) {
        uint32_t count = 0;
        const uint64_t *res = xip_results(&m->vm.inst, &count);
        if (count > WAST_MAX_SLOTS)
            count = WAST_MAX_SLOTS;
        memcpy(results, res, count * sizeof *res);
        *nresults = count;
        if (count == type.result_count)
            wast_move_refs(r, m, NULL, type.results, results, count);
    }
    return st;
}
