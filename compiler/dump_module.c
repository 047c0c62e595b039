/* dump_module.c: the readable dump of a decoded module (after the decode pass). */
#include "wasm_ops.h"
#include "passes.h"

#include <inttypes.h>

static const char *const extern_kind_names[] = {"func", "table", "memory", "global"};

/* Text name of a value type. */
static const char *valtype_name(wasm_valtype type)
{
    return wasm_valtype_name(type);
}

static const char *segment_mode_name(uint8_t mode)
{
    return mode == WASM_SEGMENT_ACTIVE ? "active" : mode == WASM_SEGMENT_PASSIVE ? "passive" : "declarative";
}

static void dump_functype(const wasm_functype *type, FILE *out)
{
    fprintf(out, "(");
    for (uint32_t i = 0; i < type->param_count; i++)
        fprintf(out, "%s%s", i ? " " : "", valtype_name(type->params[i]));
    fprintf(out, ") -> (");
    for (uint32_t i = 0; i < type->result_count; i++)
        fprintf(out, "%s%s", i ? " " : "", valtype_name(type->results[i]));
    fprintf(out, ")");
}

static void dump_limits(const wasm_limits *limits, FILE *out)
{
    fprintf(out, "min %" PRIu64, limits->min);
    if (limits->has_max)
        fprintf(out, " max %" PRIu64, limits->max);
}

static void dump_memory_type(const wasm_memory_type *memory, FILE *out)
{
    dump_limits(&memory->limits, out);
    if (memory->page_size_log2 != 16)
        fprintf(out, " pagesize 2^%u", (unsigned)memory->page_size_log2);
}

static void dump_global_type(const wasm_global_type *global, FILE *out)
{
    fprintf(out, "%s%s", global->mutable_ ? "mut " : "", valtype_name(global->type));
}

/* Prints a constant expression as its raw bytes. */
static void dump_const_expr(const wasm_const_expr *expr, FILE *out)
{
    fprintf(out, "[@0x%zx:", expr->offset);
    for (size_t i = 0; i < expr->size; i++)
        fprintf(out, " %02x", expr->code[i]);
    fprintf(out, "]");
}

/* Prints one instruction's immediates (of kind imm, enum wasm_imm) after its name. */
static void dump_immediates(const wasm_func *func, const wasm_insn *insn, uint8_t imm, FILE *out)
{
    switch (imm) {
    case WASM_IMM_BLOCK:
        if (insn->imm.block.kind == WASM_BLOCK_VALUE)
            fprintf(out, " (result %s)", valtype_name(insn->imm.block.value_type));
        else if (insn->imm.block.kind == WASM_BLOCK_INDEX)
            fprintf(out, " (type %u)", (unsigned)insn->imm.block.type_index);
        break;
    case WASM_IMM_LABEL:
    case WASM_IMM_FUNC:
    case WASM_IMM_LOCAL:
    case WASM_IMM_GLOBAL:
    case WASM_IMM_TABLE:
    case WASM_IMM_DATA:
    case WASM_IMM_ELEM:
    case WASM_IMM_ZERO:
        fprintf(out, " %u", (unsigned)insn->imm.index);
        break;
    case WASM_IMM_BR_TABLE:
        for (uint32_t i = 0; i < insn->imm.br_table.count; i++)
            fprintf(out, " %u", (unsigned)func->br_targets[insn->imm.br_table.first + i]);
        fprintf(out, " default %u", (unsigned)insn->imm.br_table.default_label);
        break;
    case WASM_IMM_CALL_INDIRECT:
        fprintf(out, " (type %u) (table %u)", (unsigned)insn->imm.call_indirect.type_index,
                (unsigned)insn->imm.call_indirect.table_index);
        break;
    case WASM_IMM_MEMARG:
        fprintf(out, " align=2^%u offset=%" PRIu64, (unsigned)insn->imm.mem.align_log2, insn->imm.mem.offset);
        break;
    case WASM_IMM_ZERO2:
    case WASM_IMM_DATA_ZERO:
    case WASM_IMM_ELEM_TABLE:
    case WASM_IMM_TABLE_TABLE:
        fprintf(out, " %u %u", (unsigned)insn->imm.pair.a, (unsigned)insn->imm.pair.b);
        break;
    case WASM_IMM_I32:
        fprintf(out, " %" PRId32, insn->imm.i32);
        break;
    case WASM_IMM_I64:
        fprintf(out, " %" PRId64, insn->imm.i64);
        break;
    case WASM_IMM_F32:
        fprintf(out, " bits 0x%08" PRIx32, insn->imm.f32_bits);
        break;
    case WASM_IMM_F64:
        fprintf(out, " bits 0x%016" PRIx64, insn->imm.f64_bits);
        break;
    case WASM_IMM_REF_TYPE:
        fprintf(out, " %s", valtype_name(insn->imm.ref_type));
        break;
    case WASM_IMM_SELECT_T:
        fprintf(out, " (result %s) count %u", valtype_name(insn->imm.select.type), (unsigned)insn->imm.select.count);
        break;
    default:
        break;
    }
}

/* Prints one function: type, locals and one instruction per line, indented by nesting. */
static void dump_func(const wasm_module *module, uint32_t index, FILE *out)
{
    const wasm_func *func = &module->funcs[index];
    fprintf(out, "func %u: type %u", (unsigned)(module->import_func_count + index), (unsigned)func->type_index);
    if (func->type_index < module->type_count) {
        fprintf(out, " ");
        dump_functype(&module->types[func->type_index], out);
    }
    fprintf(out, ", body @0x%zx, %u locals:", func->body_offset, (unsigned)func->local_count);
    for (uint32_t i = 0; i < func->local_count; i++)
        fprintf(out, " %s", valtype_name(func->local_types[i]));
    fprintf(out, "\n");
    unsigned depth = 1;
    for (uint32_t i = 0; i < func->insn_count; i++) {
        const wasm_insn *insn = &func->insns[i];
        const wasm_op_info *info = wasm_op_lookup(insn->opcode);
        if ((insn->opcode == WASM_OP_END || insn->opcode == WASM_OP_ELSE) && depth > 1)
            depth--;
        fprintf(out, "  %06x  %*s%s", (unsigned)insn->offset, (int)(2 * (depth - 1)), "",
                info != NULL ? info->name : "<illegal>");
        if (info != NULL)
            dump_immediates(func, insn, info->imm, out);
        fprintf(out, "\n");
        if ((info != NULL && info->imm == WASM_IMM_BLOCK) || insn->opcode == WASM_OP_ELSE)
            depth++;
    }
}

static void dump_imports(const wasm_module *module, FILE *out)
{
    for (uint32_t i = 0; i < module->import_count; i++) {
        const wasm_import *import = &module->imports[i];
        fprintf(out, "import %u: \"%s\" \"%s\" %s ", (unsigned)i, import->module, import->field,
                extern_kind_names[import->kind]);
        switch (import->kind) {
        case WASM_EXTERN_FUNC: fprintf(out, "type %u", (unsigned)import->desc.type_index); break;
        case WASM_EXTERN_TABLE:
            fprintf(out, "%s ", valtype_name(import->desc.table.elem_type));
            dump_limits(&import->desc.table.limits, out);
            break;
        case WASM_EXTERN_MEMORY: dump_memory_type(&import->desc.memory, out); break;
        default: dump_global_type(&import->desc.global, out); break;
        }
        fprintf(out, "\n");
    }
}

static void dump_elems(const wasm_module *module, FILE *out)
{
    for (uint32_t i = 0; i < module->elem_count; i++) {
        const wasm_elem *elem = &module->elems[i];
        fprintf(out, "elem %u: %s %s", (unsigned)i, segment_mode_name(elem->mode), valtype_name(elem->elem_type));
        if (elem->mode == WASM_SEGMENT_ACTIVE) {
            fprintf(out, " table %u offset ", (unsigned)elem->table_index);
            dump_const_expr(&elem->offset_expr, out);
        }
        fprintf(out, " %u items:", (unsigned)elem->count);
        for (uint32_t j = 0; j < elem->count; j++) {
            if (elem->func_indices != NULL) {
                fprintf(out, " %u", (unsigned)elem->func_indices[j]);
            } else {
                fprintf(out, " ");
                dump_const_expr(&elem->exprs[j], out);
            }
        }
        fprintf(out, "\n");
    }
}

static void dump_datas(const wasm_module *module, FILE *out)
{
    if (module->has_data_count)
        fprintf(out, "data count: %u\n", (unsigned)module->data_count_value);
    for (uint32_t i = 0; i < module->data_count; i++) {
        const wasm_data *data = &module->datas[i];
        fprintf(out, "data %u: %s", (unsigned)i, segment_mode_name(data->mode));
        if (data->mode == WASM_SEGMENT_ACTIVE) {
            fprintf(out, " memory %u offset ", (unsigned)data->memory_index);
            dump_const_expr(&data->offset_expr, out);
        }
        fprintf(out, " %u bytes @0x%zx\n", (unsigned)data->size, (size_t)(data->bytes - module->bytes));
    }
}

void xc_dump_module(const wasm_module *module, FILE *out)
{
    fprintf(out, "module: %zu bytes\n", module->size);
    for (uint32_t i = 0; i < module->type_count; i++) {
        fprintf(out, "type %u: ", (unsigned)i);
        dump_functype(&module->types[i], out);
        fprintf(out, "\n");
    }
    dump_imports(module, out);
    for (uint32_t i = 0; i < module->table_count; i++) {
        fprintf(out, "table %u: %s ", (unsigned)(module->import_table_count + i),
                valtype_name(module->tables[i].elem_type));
        dump_limits(&module->tables[i].limits, out);
        fprintf(out, "\n");
    }
    for (uint32_t i = 0; i < module->memory_count; i++) {
        fprintf(out, "memory %u: ", (unsigned)(module->import_memory_count + i));
        dump_memory_type(&module->memories[i], out);
        fprintf(out, "\n");
    }
    for (uint32_t i = 0; i < module->global_count; i++) {
        fprintf(out, "global %u: ", (unsigned)(module->import_global_count + i));
        dump_global_type(&module->globals[i].type, out);
        fprintf(out, " init ");
        dump_const_expr(&module->globals[i].init, out);
        fprintf(out, "\n");
    }
    for (uint32_t i = 0; i < module->export_count; i++) {
        const wasm_export *export = &module->exports[i];
        fprintf(out, "export %u: \"%s\" %s %u\n", (unsigned)i, export->name, extern_kind_names[export->kind],
                (unsigned)export->index);
    }
    if (module->has_start)
        fprintf(out, "start: func %u\n", (unsigned)module->start_func);
    dump_elems(module, out);
    dump_datas(module, out);
    for (uint32_t i = 0; i < module->func_count; i++)
        dump_func(module, i, out);
}
