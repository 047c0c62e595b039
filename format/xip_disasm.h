/*
 * xip_disasm.h: the host-side bytecode disassembler, used by `xipwasm dump`
 * and the tests. It is driven by the opcode table (opcodes.def) and the
 * operand shapes (XIP_SHAPES): every instruction is printed by walking its
 * shape's field list, so a new opcode needs no new printing code.
 *
 * Line format (offsets are relative to the function's first code byte):
 *   0012: i32.add_i r3, r1, 5
 *   0016: jlt_s r1, r2, -> 0008
 *
 * Every read is bounds-checked: corrupt bytes give a "<bad ...>" line, never
 * a read past the buffer.
 */
#ifndef XIP_DISASM_H
#define XIP_DISASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The mnemonic of opcode byte op, or NULL when no such opcode exists. */
const char *xip_disasm_mnemonic(unsigned op);

/*
 * Length in bytes of the instruction at code[pc] of a function body
 * code[0..size), or 0 when it is not a complete instruction.
 */
uint32_t xip_disasm_length(const uint8_t *code, uint32_t size, uint32_t pc);

/*
 * Writes the text of the instruction at code[pc] (no offset, no newline) into
 * out[0..out_size) and returns its length in bytes; returns 0 and writes a
 * "<bad ...>" text when the bytes there are not a complete instruction.
 */
uint32_t xip_disasm_one(const uint8_t *code, uint32_t size, uint32_t pc, char *out, size_t out_size);

/*
 * Prints every instruction of the function body code[0..size) to f, one
 * "  PPPP: text" line each. Returns false (after a "<bad ...>" line) when it
 * meets bytes that are not an instruction.
 */
bool xip_disasm_function(FILE *f, const uint8_t *code, uint32_t size);

#endif /* XIP_DISASM_H */
