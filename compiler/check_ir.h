/*
 * check_ir.h: the IR checker, run by the driver between passes in test
 * builds (-DXC_CHECK_IR=1), like QBE's ssacheck. It asserts what every pass
 * after lower may rely on: each instruction's operands are consistent with
 * its shape in opcodes.def, registers lie within the frame (and, once
 * allocated, within the register limit), branch targets are bound labels,
 * indices name existing functions, types, tables, globals and segments.
 */
#ifndef XC_CHECK_IR_H
#define XC_CHECK_IR_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler.h"
#include "ir.h"

/* Checks the program as it stands after pass `after` (XC_PASS_LOWER or a
 * later one; from XC_PASS_ALLOCATE on, registers are allocated). Returns
 * true if every invariant holds; else false, with the first broken one
 * ("function N, instruction I (mnemonic): ...") in problem[0..size). */
bool xc_ir_check(const xc_program *program, enum xc_pass after, char *problem, size_t size);

/* Built with XC_CHECK_IR: prints the broken invariant and aborts if
 * xc_ir_check fails (an internal bug). Otherwise does nothing. */
void xc_check_ir(const xc_program *program, enum xc_pass after);

#endif /* XC_CHECK_IR_H */
