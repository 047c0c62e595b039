/*
 * test_check_ir.c: the IR checker (compiler/check_ir.c). A small module is
 * decoded, validated and lowered; its IR passes the checker after lower and
 * after allocate (also with far slots); then one field at a time is broken
 * and the checker must name what broke.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compiler/check_ir.h"
#include "compiler/passes.h"
#include "compiler/program.h"
#include "wat.h"

static const char *wat =
    "(module\n"
    "  (type $t (func (param i32) (result i32)))\n"
    "  (table 2 funcref) (elem (i32.const 0) $f)\n"
    "  (global $g (mut i32) (i32.const 1))\n"
    "  (func $f (type $t) (param $x i32) (result i32)\n"
    "    (local $y i32)\n"
    "    (block $out\n"
    "      (loop $top\n"
    "        (br_if $out (i32.eqz (local.get $x)))\n"
    "        (local.set $y (i32.add (local.get $y) (local.get $x)))\n"
    "        (local.set $x (i32.sub (local.get $x) (i32.const 1)))\n"
    "        (br_table $top $out (local.get $x))))\n"
    "    (global.set $g (local.get $y))\n"
    "    (call_indirect (type $t) (i32.const 0) (i32.const 1)))\n"
    "  (func (export \"run\") (param i32) (result i32)\n"
    "    (call $f (local.get 0))))\n";

typedef struct lowered {
    uint8_t *wasm;
    wasm_module module;
    xc_program program;
} lowered;

/* Decodes, validates and lowers wat into *l; false (and a failed check) if any step fails. */
static bool lower(lowered *l)
{
    size_t size = 0;
    xc_error error = {0};
    memset(l, 0, sizeof *l);
    l->wasm = test_assemble(wat, "", &size);
    bool ok = l->wasm && xc_decode(l->wasm, size, &l->module, &error) && xc_validate(&l->module, &error) &&
              xc_lower(&l->module, &l->program, &error);
    check_result(ok, __FILE__, __LINE__, "lowering the test module: %s", l->wasm ? error.message : "wat2wasm");
    return ok;
}

static void release(lowered *l)
{
    xc_program_free(&l->program);
    wasm_module_free(&l->module);
    free(l->wasm);
}

/* The first instruction of function f with opcode op, or NULL. */
static xc_ir_insn *find(xc_program *p, uint32_t f, unsigned op)
{
    for (uint32_t i = 0; i < p->funcs[f].insn_count; i++)
        if (p->funcs[f].insns[i].op == op)
            return &p->funcs[f].insns[i];
    return NULL;
}

/* Checks that the program is broken after `after` and the problem mentions `want`. */
static void expect_broken(const xc_program *p, enum xc_pass after, const char *want, int line)
{
    char problem[256];
    bool ok = xc_ir_check(p, after, problem, sizeof problem);
    check_result(!ok && strstr(problem, want) != NULL, __FILE__, line, "want a problem with '%s', got %s", want,
                 ok ? "none" : problem);
}

static void test_valid(void)
{
    lowered l;
    char problem[256];
    if (!lower(&l))
        return;
    CHECK(xc_ir_check(&l.program, XC_PASS_LOWER, problem, sizeof problem));
    xc_error error = {0};
    l.program.register_limit = 8; /* far slots and scratch registers */
    CHECK(xc_allocate(&l.program, &error));
    CHECK(xc_ir_check(&l.program, XC_PASS_ALLOCATE, problem, sizeof problem));
    if (problem[0])
        printf("  problem: %s\n", problem);
    release(&l);
}

/* One broken field per case, each on a fresh copy of the lowered module. */
static void test_broken(void)
{
    lowered l;
    xc_ir_insn *insn;
    xc_ir_func *f;
    int64_t saved;

    if (!lower(&l))
        return;
    f = &l.program.funcs[0];
    insn = find(&l.program, 0, XIP_OP_I32_ADD);
    CHECK(insn != NULL);
    if (insn) {
        saved = insn->operand[1];
        insn->operand[1] = f->frame_size; /* a register past the frame */
        expect_broken(&l.program, XC_PASS_LOWER, "outside the frame", __LINE__);
        insn->operand[1] = saved;
        insn->operand[3] = 7; /* an operand past the shape's three fields */
        expect_broken(&l.program, XC_PASS_LOWER, "past the shape", __LINE__);
        insn->operand[3] = 0;
        insn->op = XIP_OP_F32_ADD; /* float in a program marked float-free */
        expect_broken(&l.program, XC_PASS_LOWER, "float", __LINE__);
        insn->op = XIP_OP_I32_ADD;
    }
    insn = find(&l.program, 0, XIP_OP_BR_TABLE);
    CHECK(insn != NULL);
    if (insn) {
        uint32_t label = l.program.funcs[0].table_labels[insn->operand[1]];
        uint32_t bound = f->label_insn[label];
        f->label_insn[label] = XC_LABEL_UNBOUND;
        expect_broken(&l.program, XC_PASS_LOWER, "unbound label", __LINE__);
        f->label_insn[label] = bound;
        insn->table_count += f->table_label_count;
        expect_broken(&l.program, XC_PASS_LOWER, "table labels", __LINE__);
        insn->table_count -= f->table_label_count;
    }
    insn = find(&l.program, 0, XIP_OP_GLOBAL_SET);
    CHECK(insn != NULL);
    if (insn) {
        insn->operand[1] = 5; /* one global only */
        expect_broken(&l.program, XC_PASS_LOWER, "global index 5", __LINE__);
        insn->operand[1] = 0;
    }
    insn = find(&l.program, 1, XIP_OP_CALL);
    CHECK(insn != NULL);
    if (insn) {
        insn->operand[0] = 9; /* two functions */
        expect_broken(&l.program, XC_PASS_LOWER, "function index 9", __LINE__);
        insn->operand[0] = 0;
        saved = insn->operand[1];
        insn->operand[1] = l.program.funcs[1].frame_size; /* no room for the argument */
        expect_broken(&l.program, XC_PASS_LOWER, "call frame base", __LINE__);
        insn->operand[1] = saved;
    }
    insn = find(&l.program, 0, XIP_OP_RET);
    CHECK(insn != NULL);
    if (insn) {
        insn->operand[1] = 2; /* one result */
        expect_broken(&l.program, XC_PASS_LOWER, "returns 2 values", __LINE__);
        insn->operand[1] = 1;
    }
    f->insn_count--; /* drop the final ret: the code falls off the end */
    expect_broken(&l.program, XC_PASS_LOWER, "falls through", __LINE__);
    f->insn_count++;
    /* after allocate, registers must fit the register limit */
    l.program.register_limit = 2;
    expect_broken(&l.program, XC_PASS_ALLOCATE, "outside the registers", __LINE__);
    l.program.register_limit = 0;
    char problem[256];
    CHECK(xc_ir_check(&l.program, XC_PASS_LOWER, problem, sizeof problem)); /* every field restored */
    release(&l);
}

static const check_case cases[] = {
    {"valid", test_valid},
    {"broken", test_broken},
};

int main(int argc, char **argv)
{
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
