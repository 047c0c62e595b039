/*
 * decode_code.c: decodes instruction sequences (function bodies and constant
 * expressions) into wasm_insn arrays. Only the encoding is checked here:
 * opcodes, immediates, block nesting (else/end) and the final end; types
 * and indices are the validate pass's job.
 */
#include "decode_internal.h"
#include "wasm_ops.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What an open block still accepts. */
enum xc_block_state {
    XC_BLOCK_PLAIN = 0, /* block, loop, or if after its else: only end */
    XC_BLOCK_IF = 1     /* if before else: else or end */
};

void xc_decoder_free_scratch(xc_decoder *decoder)
{
    free(decoder->insns);
    free(decoder->targets);
    free(decoder->blocks);
    decoder->insns = NULL;
    decoder->targets = NULL;
    decoder->blocks = NULL;
    decoder->insn_capacity = decoder->target_capacity = decoder->block_capacity = 0;
    decoder->insn_count = decoder->target_count = 0;
}

/* Reads a reserved byte that must be exactly 0x00 (a memory index in Wasm 2.0). */
static bool read_zero(xc_reader *reader)
{
    size_t at = reader->pos;
    uint8_t byte;
    if (!xc_read_u8(reader, &byte))
        return false;
    if (byte != 0)
        return xc_reader_fail(reader, at, "zero byte expected");
    return true;
}

/* blocktype: 0x40 (empty), a value type, or a non-negative s33 type index. */
static bool read_block_type(xc_reader *reader, wasm_insn *insn)
{
    size_t at = reader->pos;
    if (reader->pos >= reader->end)
        return xc_reader_fail(reader, at, "unexpected end of section or function");
    uint8_t byte = reader->bytes[reader->pos];
    if (byte == 0x40) {
        reader->pos++;
        insn->imm.block.kind = WASM_BLOCK_EMPTY;
        return true;
    }
    if ((byte & 0xc0) == 0x40) {
        insn->imm.block.kind = WASM_BLOCK_VALUE;
        return xc_read_valtype(reader, &insn->imm.block.value_type);
    }
    int64_t index;
    if (!xc_read_s33(reader, &index))
        return false;
    if (index < 0)
        return xc_reader_fail(reader, at, "malformed block type");
    insn->imm.block.kind = WASM_BLOCK_INDEX;
    insn->imm.block.type_index = (uint32_t)index;
    return true;
}

/* memarg: alignment exponent (below 32, no memory-index bit in Wasm 2.0) and u32 offset. */
static bool read_memarg(xc_reader *reader, wasm_insn *insn)
{
    size_t at = reader->pos;
    uint32_t align, offset;
    if (!xc_read_u32(reader, &align))
        return false;
    if (align >= 32)
        return xc_reader_fail(reader, at, align & 0x40 ? "malformed memop flags (a memory index: the multi-memory proposal is not supported)"
                                                      : "malformed memop flags");
    if (!xc_read_u32(reader, &offset))
        return false;
    insn->imm.mem.align_log2 = align;
    insn->imm.mem.memory_index = 0;
    insn->imm.mem.offset = offset;
    return true;
}

/* br_table: vec(labelidx) appended to the target scratch, then the default label. */
static bool read_br_table(xc_decoder *decoder, xc_reader *reader, wasm_insn *insn)
{
    uint32_t count;
    if (!xc_read_count(reader, &count))
        return false;
    decoder->targets = xc_grow_array(decoder->targets, &decoder->target_capacity,
                                     decoder->target_count + count, sizeof *decoder->targets);
    insn->imm.br_table.first = (uint32_t)decoder->target_count;
    insn->imm.br_table.count = count;
    for (uint32_t i = 0; i < count; i++)
        if (!xc_read_u32(reader, &decoder->targets[decoder->target_count++]))
            return false;
    return xc_read_u32(reader, &insn->imm.br_table.default_label);
}

/* select t*: vec(valtype); keeps the count and the first type (validate wants exactly one). */
static bool read_select_types(xc_reader *reader, wasm_insn *insn)
{
    uint32_t count;
    if (!xc_read_count(reader, &count))
        return false;
    insn->imm.select.count = count;
    insn->imm.select.type = 0;
    for (uint32_t i = 0; i < count; i++) {
        wasm_valtype type;
        if (!xc_read_valtype(reader, &type))
            return false;
        if (i == 0)
            insn->imm.select.type = type;
    }
    return true;
}

/* Reads the immediates of insn according to their kind (enum wasm_imm). */
static bool read_immediates(xc_decoder *decoder, xc_reader *reader, uint8_t imm, wasm_insn *insn)
{
    switch (imm) {
    case WASM_IMM_NONE:
        return true;
    case WASM_IMM_BLOCK:
        return read_block_type(reader, insn);
    case WASM_IMM_LABEL:
    case WASM_IMM_FUNC:
    case WASM_IMM_LOCAL:
    case WASM_IMM_GLOBAL:
    case WASM_IMM_TABLE:
    case WASM_IMM_DATA:
    case WASM_IMM_ELEM:
        return xc_read_u32(reader, &insn->imm.index);
    case WASM_IMM_BR_TABLE:
        return read_br_table(decoder, reader, insn);
    case WASM_IMM_CALL_INDIRECT:
        return xc_read_u32(reader, &insn->imm.call_indirect.type_index) &&
               xc_read_u32(reader, &insn->imm.call_indirect.table_index);
    case WASM_IMM_MEMARG:
        return read_memarg(reader, insn);
    case WASM_IMM_ZERO:
        insn->imm.index = 0;
        return read_zero(reader);
    case WASM_IMM_ZERO2:
        insn->imm.pair.a = insn->imm.pair.b = 0;
        return read_zero(reader) && read_zero(reader);
    case WASM_IMM_DATA_ZERO:
        insn->imm.pair.b = 0;
        return xc_read_u32(reader, &insn->imm.pair.a) && read_zero(reader);
    case WASM_IMM_ELEM_TABLE:
    case WASM_IMM_TABLE_TABLE:
        return xc_read_u32(reader, &insn->imm.pair.a) && xc_read_u32(reader, &insn->imm.pair.b);
    case WASM_IMM_I32:
        return xc_read_s32(reader, &insn->imm.i32);
    case WASM_IMM_I64:
        return xc_read_s64(reader, &insn->imm.i64);
    case WASM_IMM_F32:
        return xc_read_fixed32(reader, &insn->imm.f32_bits);
    case WASM_IMM_F64:
        return xc_read_fixed64(reader, &insn->imm.f64_bits);
    case WASM_IMM_REF_TYPE:
        return xc_read_reftype(reader, &insn->imm.ref_type);
    case WASM_IMM_SELECT_T:
        return read_select_types(reader, insn);
    default:
        assert(!"unknown immediate kind");
        return false;
    }
}

/* The post-2.0 proposal that uses the unknown opcode byte, or NULL. */
static const char *proposal_of(uint8_t byte)
{
    switch (byte) {
    case 0x06: case 0x07: case 0x08: case 0x09: case 0x18: case 0x19: case 0x1f:
        return "exception-handling";
    case 0x12: case 0x13: case 0x15: return "tail-call";
    case 0x14: case 0xd4: case 0xd5: case 0xd6: return "function-references";
    case 0xd3: case 0xfb: return "gc";
    case 0xfd: return "simd";
    case 0xfe: return "threads";
    default: return NULL;
    }
}

/* Reads an opcode (one byte, or 0xfc and a u32 subopcode) and checks that it exists. */
static bool read_opcode(xc_reader *reader, uint16_t *opcode, const wasm_op_info **info)
{
    size_t at = reader->pos;
    uint8_t byte;
    char message[96];
    if (!xc_read_u8(reader, &byte))
        return false;
    *opcode = byte;
    if (byte == WASM_OP_PREFIX_FC) {
        uint32_t sub;
        if (!xc_read_u32(reader, &sub))
            return false;
        *info = sub <= 0xff ? wasm_op_lookup((uint16_t)(WASM_OP_PREFIX_FC << 8 | sub)) : NULL;
        if (*info == NULL) {
            snprintf(message, sizeof message, "illegal opcode fc %02x", (unsigned)sub);
            return xc_reader_fail(reader, at, message);
        }
        *opcode = (*info)->opcode;
        return true;
    }
    *info = wasm_op_lookup(*opcode);
    if (*info == NULL) {
        if (proposal_of(byte) != NULL)
            snprintf(message, sizeof message, "illegal opcode %02x (the %s proposal is not supported)", (unsigned)byte,
                     proposal_of(byte));
        else
            snprintf(message, sizeof message, "illegal opcode %02x", (unsigned)byte);
        return xc_reader_fail(reader, at, message);
    }
    return true;
}

/* Tracks block nesting for insn; sets *done at the end that closes the expression. */
static bool track_blocks(xc_decoder *decoder, xc_reader *reader, const wasm_insn *insn,
                         size_t *depth, bool *done)
{
    switch (insn->opcode) {
    case WASM_OP_BLOCK:
    case WASM_OP_LOOP:
    case WASM_OP_IF:
        decoder->blocks = xc_grow_array(decoder->blocks, &decoder->block_capacity, *depth + 1, 1);
        decoder->blocks[(*depth)++] = insn->opcode == WASM_OP_IF ? XC_BLOCK_IF : XC_BLOCK_PLAIN;
        return true;
    case WASM_OP_ELSE:
        if (*depth == 0 || decoder->blocks[*depth - 1] != XC_BLOCK_IF)
            return xc_reader_fail(reader, insn->offset, "END opcode expected");
        decoder->blocks[*depth - 1] = XC_BLOCK_PLAIN;
        return true;
    case WASM_OP_END:
        if (*depth == 0)
            *done = true;
        else
            (*depth)--;
        return true;
    default:
        return true;
    }
}

/*
 * Decodes instructions into the scratch buffers until the end that closes
 * the expression (included). Memory.init and data.drop need a data count
 * section, which precedes the code section.
 */
static bool decode_expr(xc_decoder *decoder, xc_reader *reader)
{
    size_t depth = 0;
    bool done = false;
    while (!done) {
        decoder->insns = xc_grow_array(decoder->insns, &decoder->insn_capacity,
                                       decoder->insn_count + 1, sizeof *decoder->insns);
        wasm_insn *insn = &decoder->insns[decoder->insn_count++];
        const wasm_op_info *info;
        memset(insn, 0, sizeof *insn);
        insn->offset = (uint32_t)reader->pos;
        if (!read_opcode(reader, &insn->opcode, &info))
            return false;
        bool names_data = info->imm == WASM_IMM_DATA || info->imm == WASM_IMM_DATA_ZERO;
        if (names_data && !decoder->module->has_data_count)
            return xc_reader_fail(reader, insn->offset, "data count section required");
        if (!read_immediates(decoder, reader, info->imm, insn) ||
            !track_blocks(decoder, reader, insn, &depth, &done))
            return false;
    }
    return true;
}

bool xc_decode_const_expr(xc_decoder *decoder, xc_reader *reader, wasm_const_expr *out)
{
    size_t start = reader->pos;
    decoder->insn_count = 0;
    decoder->target_count = 0;
    bool ok = decode_expr(decoder, reader);
    decoder->insn_count = 0;
    decoder->target_count = 0;
    if (!ok)
        return false;
    out->code = reader->bytes + start;
    out->size = reader->pos - start;
    out->offset = start;
    return true;
}

/*
 * Reads the local declarations: vec(count valtype). The spec caps the total
 * at 2^32-1; we also cap it at XC_MAX_LOCALS before expanding the list.
 */
static bool read_locals(xc_reader *reader, wasm_func *func)
{
    size_t start = reader->pos;
    uint32_t groups;
    uint64_t total = 0;
    if (!xc_read_count(reader, &groups))
        return false;
    size_t groups_at = reader->pos;
    for (uint32_t i = 0; i < groups; i++) {
        uint32_t count;
        wasm_valtype type;
        if (!xc_read_u32(reader, &count) || !xc_read_valtype(reader, &type))
            return false;
        total += count;
    }
    if (total > UINT32_MAX)
        return xc_reader_fail(reader, start, "too many locals");
    if (total > XC_MAX_LOCALS) {
        char message[96];
        snprintf(message, sizeof message, "too many locals: %llu (implementation limit %u)",
                 (unsigned long long)total, (unsigned)XC_MAX_LOCALS);
        return xc_reader_fail(reader, start, message);
    }
    func->local_count = (uint32_t)total;
    func->local_types = xc_alloc_array(total, sizeof *func->local_types);
    size_t end = reader->pos;
    size_t next = 0;
    reader->pos = groups_at;
    for (uint32_t i = 0; i < groups; i++) {
        uint32_t count;
        wasm_valtype type;
        if (!xc_read_u32(reader, &count) || !xc_read_valtype(reader, &type))
            return false;
        memset(func->local_types + next, type, count);
        next += count;
    }
    assert(reader->pos == end && next == total);
    return true;
}

bool xc_decode_body(xc_decoder *decoder, xc_reader *reader, size_t body_end, wasm_func *func)
{
    decoder->insn_count = 0;
    decoder->target_count = 0;
    if (!read_locals(reader, func) || !decode_expr(decoder, reader))
        return false;
    if (reader->pos != body_end)
        return xc_reader_fail(reader, reader->pos, "section size mismatch: the function body's final end is not at its declared size");
    func->insn_count = (uint32_t)decoder->insn_count;
    func->insns = xc_alloc_array(decoder->insn_count, sizeof *func->insns);
    memcpy(func->insns, decoder->insns, decoder->insn_count * sizeof *func->insns);
    func->br_target_count = (uint32_t)decoder->target_count;
    if (decoder->target_count > 0) {
        func->br_targets = xc_alloc_array(decoder->target_count, sizeof *func->br_targets);
        memcpy(func->br_targets, decoder->targets, decoder->target_count * sizeof *func->br_targets);
    }
    return true;
}
