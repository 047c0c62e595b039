/*
 * lower.h: the lowering pass's private state, shared by lower.c (driver and
 * virtual operand stack), lower_control.c (blocks and branches), lower_bulk.c
 * (bulk memory, tables, references) and lower_ops.c (everything else).
 *
 * The frame of a function: slots [0, nparams) params, then the declared
 * locals up to local_count, then the Wasm operand stack: the value at depth
 * d lives in slot local_count + d when it is materialized. The virtual
 * stack records, per depth, where the value is right now: in its own slot,
 * still in a local's slot, or a constant not yet emitted.
 */
#ifndef XC_LOWER_H
#define XC_LOWER_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "ir.h"
#include "module.h"
#include "program.h"
#include "wasm_ops.h"

enum lw_kind {
    LW_SLOT = 0, /* in its own stack slot */
    LW_LOCAL,    /* the current value of local `index` (slot == index) */
    LW_CONST     /* the constant `bits` */
};

typedef struct lw_value {
    uint8_t kind;      /* enum lw_kind */
    wasm_valtype type;
    uint32_t index;    /* LW_LOCAL: the local */
    uint64_t bits;     /* LW_CONST: the value (i32/f32 zero-extended) */
} lw_value;

enum lw_ctrl_kind { LW_FUNC, LW_BLOCK, LW_LOOP, LW_IF };

typedef struct lw_ctrl {
    uint8_t kind;        /* enum lw_ctrl_kind */
    bool unreachable;    /* the rest of this block is dead code */
    bool label_used;     /* some branch targets the label */
    bool has_else;
    uint32_t height;     /* operand stack height below the block's params */
    uint32_t param_count;
    uint32_t result_count;
    const wasm_valtype *params;
    const wasm_valtype *results;
    uint32_t label;      /* branch target: loop start, or the end */
    uint32_t else_label; /* LW_IF: where the false condition goes */
    uint32_t result_local; /* the local.set/tee after `end` that takes the single result, or
                              LW_NO_LOCAL: every path then leaves the result in that local */
    bool result_tee;
} lw_ctrl;

#define LW_NO_LOCAL UINT32_MAX

/* A pending branch condition: branch when op(a, b / k) holds. */
typedef struct lw_cond {
    uint8_t op; /* a fused compare-and-branch opcode (JNZ, JEQ_I, JLT_S64, ...) */
    uint32_t a;
    uint32_t b; /* register, for the RRJ forms */
    int32_t k;  /* immediate, for the RKJ forms */
} lw_cond;

/* A slot known to hold a constant since the last label (see lw_emit_const). */
typedef struct lw_known {
    uint32_t slot;
    uint8_t op;  /* the constant opcode that wrote it */
    int64_t k;   /* its immediate */
} lw_known;

#define LW_KNOWN_MAX 8

typedef struct lw_state {
    const wasm_module *module;
    xc_program *program;
    xc_ir_func *out;
    const wasm_func *func;
    uint32_t func_index; /* imports counted */
    const wasm_functype *type;
    wasm_valtype *local_types; /* params then locals */
    uint32_t local_count;
    lw_value *stack;
    uint32_t height;
    uint32_t stack_capacity;
    uint32_t max_height;
    lw_ctrl *ctrls;
    uint32_t ctrl_count;
    uint32_t ctrl_capacity;
    uint32_t *block_end; /* block/loop/if instruction index -> index of its matching end */
    uint32_t block_end_capacity;
    lw_known known[LW_KNOWN_MAX];
    uint32_t known_count;
    uint32_t pc;     /* index of the Wasm instruction being lowered */
    uint32_t offset; /* its file offset */
    xc_error *error;
} lw_state;

/* ---- lower.c: virtual operand stack ---- */

/* The slot of operand stack depth d. */
uint32_t lw_depth_slot(const lw_state *s, uint32_t depth);

/* Pushes a value description. */
void lw_push(lw_state *s, lw_value value);

/* Pushes a value that is in its own slot (at the new top). */
void lw_push_slot(lw_state *s, wasm_valtype type);

/* Pops the top value description. */
lw_value lw_pop(lw_state *s);

/* Emits an instruction at the current Wasm offset; marks float use. */
uint32_t lw_emit(lw_state *s, unsigned op, int64_t a, int64_t b, int64_t c, int64_t d);

/* Binds a label before the next instruction (forgets the known constants). */
void lw_bind(lw_state *s, uint32_t label);

/* Writes constant bits of `type` into slot (nothing if it already holds them). */
void lw_emit_const(lw_state *s, wasm_valtype type, uint64_t bits, uint32_t slot);

/* A register holding `value`, which sits (or sat) at depth `depth`; emits a constant if needed. */
uint32_t lw_reg(lw_state *s, const lw_value *value, uint32_t depth);

/* Copies `value` (from depth `depth`) into slot, unless it is already there. */
void lw_move_to(lw_state *s, const lw_value *value, uint32_t depth, uint32_t slot);

/* Puts the value at depth d into its own slot (kind LW_SLOT). */
void lw_materialize(lw_state *s, uint32_t depth);

/* Materializes every stack entry that still refers to `local`, from depth `from` up. */
void lw_flush_local(lw_state *s, uint32_t local, uint32_t from);

/*
 * At the entry of the block starting at instruction `start`: materializes
 * every entry that refers to a local the block writes (entries below a block
 * must stay unchanged inside it).
 */
void lw_flush_block_locals(lw_state *s, uint32_t start);

/*
 * Where a result of `type` should be written: into a local when the next Wasm
 * instruction is local.set/local.tee (consumed here), else the new stack
 * top. Pushes the result's description. Call after popping the operands.
 */
uint32_t lw_result(lw_state *s, wasm_valtype type);

/* True if v fits a sign-extended 16-bit immediate. */
bool lw_fits_i16(int64_t v);

/* ---- lower_control.c ---- */

/* Lowers a control instruction (block ... return, call, call_indirect); false on error. */
bool lw_control(lw_state *s, const wasm_insn *insn);

/* Branches to relative depth `depth` when cond holds (cond NULL: always). */
bool lw_branch(lw_state *s, uint32_t depth, const lw_cond *cond);

/* Lowers `if` with an optional fused condition. */
bool lw_if(lw_state *s, const wasm_insn *insn, const lw_cond *cond);

/* Pushes the control frame of the function body. */
void lw_begin_function(lw_state *s);

/* The inverse of a fused branch opcode. */
uint8_t lw_invert(uint8_t op);

/* ---- lower_ops.c ---- */

/* Lowers a non-control instruction (by its row in wasm_ops.def); false on error. */
bool lw_op(lw_state *s, const wasm_insn *insn);

/* ---- lower_bulk.c ---- */

/* Lowers a bulk memory, table or reference instruction (kind WK_BULK, WK_TABLE, WK_REF) of row op. */
bool lw_bulk(lw_state *s, const wasm_insn *insn, const wasm_op_info *op);

#endif /* XC_LOWER_H */
