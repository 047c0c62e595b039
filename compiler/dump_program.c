/*
 * dump_program.c: the readable dump of the lowered program (after lower or
 * allocate). Operands are printed from the opcode's shape fields, so every
 * opcode prints the same way without per-opcode code.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "passes.h"
#include "program.h"

/* Prints one operand of field kind `field`. */
static void print_operand(const xc_ir_func *f, const xc_ir_insn *insn, enum xip_field field, int64_t v,
                          FILE *out)
{
    switch (field) {
    case XIP_FIELD_REG: fprintf(out, "r%" PRId64, v); break;
    case XIP_FIELD_COUNT8: fprintf(out, "%" PRId64, v); break;
    case XIP_FIELD_TABLE: fprintf(out, "table%" PRId64, v); break;
    case XIP_FIELD_K16: fprintf(out, "#%" PRId64, v); break;
    case XIP_FIELD_K32: fprintf(out, "#0x%" PRIx32, (uint32_t)v); break;
    case XIP_FIELD_K64: fprintf(out, "#0x%" PRIx64, (uint64_t)v); break;
    case XIP_FIELD_OFFSET16: fprintf(out, "+%" PRId64, v); break;
    case XIP_FIELD_U16: fprintf(out, "#%" PRId64, v); break;
    case XIP_FIELD_TARGET: fprintf(out, "L%" PRId64, v); break;
    case XIP_FIELD_FUNC: fprintf(out, "func%" PRId64, v); break;
    case XIP_FIELD_TYPE: fprintf(out, "type%" PRId64, v); break;
    case XIP_FIELD_GLOBAL: fprintf(out, "global%" PRId64, v); break;
    case XIP_FIELD_FAR: case XIP_FIELD_BASE16: fprintf(out, "@%" PRId64, v); break;
    case XIP_FIELD_SEGMENT: fprintf(out, "seg%" PRId64, v); break;
    case XIP_FIELD_REG3: fprintf(out, "r%" PRId64 "..r%" PRId64, v, v + 2); break;
    case XIP_FIELD_TARGETS:
        fputc('[', out);
        for (uint32_t t = 0; t < insn->table_count; t++)
            fprintf(out, "%sL%" PRIu32, t ? " " : "", f->table_labels[(uint32_t)v + t]);
        fputc(']', out);
        break;
    case XIP_FIELD_NONE: break;
    }
}

/* Prints the labels bound before instruction i. */
static void print_labels(const xc_ir_func *f, uint32_t i, FILE *out)
{
    for (uint32_t l = 0; l < f->label_count; l++)
        if (f->label_insn[l] == i)
            fprintf(out, "L%" PRIu32 ":\n", l);
}

void xc_dump_program(const xc_program *program, FILE *out)
{
    uint32_t imports = program->module ? program->module->import_func_count : 0;
    for (uint32_t k = 0; k < program->func_count; k++) {
        const xc_ir_func *f = &program->funcs[k];
        fprintf(out, "func %" PRIu32 ": type %" PRIu32 ", params %" PRIu32 ", results %" PRIu32
                     ", locals %" PRIu32 ", frame %" PRIu32 "\n",
                imports + k, f->image_type, f->param_count, f->result_count, f->local_count, f->frame_size);
        for (uint32_t i = 0; i < f->insn_count; i++) {
            const xc_ir_insn *insn = &f->insns[i];
            print_labels(f, i, out);
            fprintf(out, "  %s", xc_op_mnemonic(insn->op));
            for (unsigned n = 0; n < 4; n++) {
                enum xip_field field = xc_op_field(insn->op, n);
                if (field == XIP_FIELD_NONE)
                    break;
                fputs(n ? ", " : " ", out);
                print_operand(f, insn, field, insn->operand[n], out);
            }
            fputc('\n', out);
        }
        print_labels(f, f->insn_count, out);
    }
}
