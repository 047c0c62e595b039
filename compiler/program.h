/*
 * program.h: helpers over the lowered program (ir.h) shared by the back-end
 * passes: appending instructions and labels, and the opcode table expanded
 * from format/opcodes.def (mnemonic, shape, flags, operand fields and roles,
 * branch inverses).
 */
#ifndef XC_PROGRAM_H
#define XC_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "xip_format.h"

/* The mnemonic of an opcode, as in opcodes.def. */
const char *xc_op_mnemonic(unsigned op);

/* The operand shape of an opcode (enum xip_shape). */
enum xip_shape xc_op_shape(unsigned op);

/* The XIP_F_* flags of an opcode. */
unsigned xc_op_flags(unsigned op);

/* Field i (0..3) of an opcode's shape; XIP_FIELD_NONE past the last one. */
enum xip_field xc_op_field(unsigned op, unsigned i);

/* The ROLES entry of field `field` (0..3) of an opcode; XIP_ROLE__ past the last one. */
enum xip_role xc_op_role(unsigned op, unsigned field);

/* The INVERSE of a conditional branch (taken exactly when op is not); XIP_OP__ for other opcodes. */
unsigned xc_op_inverse(unsigned op);

/* How an instruction uses a register operand: read, written, a call's frame base, a RET range. */
enum xc_reg_role { XC_ROLE_READ, XC_ROLE_WRITE, XC_ROLE_BASE, XC_ROLE_RANGE };

/* The role of the register operand (REG, REG3, FAR or BASE16) in field `field` (0..3) of insn,
   from the ROLES column of opcodes.def (a REG3 triple is read). */
enum xc_reg_role xc_reg_role(const xc_ir_insn *insn, unsigned field);

/* Encoded size in bytes of one instruction (BR_TABLE counts its targets). */
uint32_t xc_insn_size(const xc_ir_insn *insn);

/* Appends an instruction with up to four operands; returns its index. */
uint32_t xc_ir_emit(xc_ir_func *func, unsigned op, int64_t a, int64_t b, int64_t c, int64_t d,
                    uint32_t wasm_offset);

/* Creates a new, unbound label and returns its id. */
uint32_t xc_ir_new_label(xc_ir_func *func);

/* Binds a label before the next instruction to be emitted. */
void xc_ir_bind_label(xc_ir_func *func, uint32_t label);

/* Appends a label to the BR_TABLE label lists; returns its position there. */
uint32_t xc_ir_add_table_label(xc_ir_func *func, uint32_t label);

/* liveness.c: lets declared locals with disjoint live ranges share frame slots. */
void xc_share_local_slots(xc_ir_func *func);

/* coalesce.c: in a frame that fits the registers, deletes the movs whose two sides can share a
   register, moves loop invariants before their loops, and ends NLOCALS after the last register
   read before it is written. */
void xc_coalesce_copies(const xc_program *program, xc_ir_func *func);

/* Ensures capacity for `need` elements of `size` bytes in *array; aborts when out of memory. */
void xc_grow(void **array, uint32_t *capacity, uint32_t need, size_t size);

#endif /* XC_PROGRAM_H */
