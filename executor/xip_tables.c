/*
 * xip_tables.c: constant expressions, global and table lookups that every
 * build needs (flash tables for call_indirect), and instantiation's segment
 * pass. RAM tables and passive segments are in xip_ram_tables.c (XIP_EXT).
 * Everything here reads a verified image.
 */
#include "xip_internal.h"

/* Byte size of the operand of cexpr opcode op. */
static uint32_t cexpr_operand_size(uint32_t op)
{
    switch (op) {
    case XIP_CEXPR_I32: return 4;
    case XIP_CEXPR_I64: return 8;
    case XIP_CEXPR_GLOBAL: case XIP_CEXPR_REF_FUNC: return 2;
    default: return 0;
    }
}

uint32_t xip_skip_cexpr(const xip_instance *inst, uint32_t pos)
{
    uint32_t op;
    do {
        op = inst->image[pos];
        pos += 1u + cexpr_operand_size(op);
    } while (op != XIP_CEXPR_END);
    return pos;
}

uint64_t xip_eval_cexpr(const xip_instance *inst, uint32_t *pos)
{
    uint64_t stack[XIP_CEXPR_MAX_DEPTH], a, b;
    const uint8_t *img = inst->image;
    uint32_t p = *pos, depth = 0, op;
    for (;;) {
        op = img[p++];
        if (op == XIP_CEXPR_END)
            break;
        if (op >= XIP_CEXPR_ADD32) {
            b = stack[--depth];
            a = stack[depth - 1];
            switch (op) {
            case XIP_CEXPR_ADD32: a = (uint32_t)(a + b); break;
            case XIP_CEXPR_SUB32: a = (uint32_t)(a - b); break;
            case XIP_CEXPR_MUL32: a = (uint32_t)((uint32_t)a * (uint32_t)b); break;
            case XIP_CEXPR_ADD64: a = a + b; break;
            case XIP_CEXPR_SUB64: a = a - b; break;
            default: a = a * b; break;
            }
            stack[depth - 1] = a;
            continue;
        }
        switch (op) {
        case XIP_CEXPR_I32: a = xip_read_u32(img + p); break;
        case XIP_CEXPR_I64: a = xip_read_u64(img + p); break;
        case XIP_CEXPR_GLOBAL: a = inst->globals[xip_read_u16(img + p)]; break;
        case XIP_CEXPR_REF_FUNC: a = xip_read_u16(img + p); break;
        default: a = XIP_NULL_REF; break;
        }
        p += cexpr_operand_size(op);
        stack[depth++] = a;
    }
    *pos = p;
    return stack[0];
}

uint32_t xip_global_offset(const xip_instance *inst, uint32_t global)
{
    uint32_t pos, i;
    if (global < inst->import_global_count) {
        uint32_t first = inst->import_total - inst->import_global_count;
        return xip_import_offset(inst, first + global) + 1;
    }
    pos = inst->globals_section + 2;
    for (i = inst->import_global_count; i < global; i++)
        pos = xip_skip_cexpr(inst, pos + 2);
    return pos;
}

uint32_t xip_table_info(const xip_instance *inst, uint32_t table, uint32_t *elemtype, uint32_t *min,
                        uint32_t *max)
{
    const uint8_t *e;
    if (table < inst->import_table_count) {
        e = inst->image + xip_import_offset(inst, inst->import_count + table) + 1;
        *elemtype = e[0];
        *min = xip_read_u32(e + 1);
        *max = xip_read_u32(e + 5);
        return 0;
    }
    e = inst->image + xip_table_offset(inst, table - inst->import_table_count);
    *elemtype = e[0];
    *min = xip_read_u32(e + 2);
    *max = xip_read_u32(e + 6);
    if (e[1] & XIP_TABLE_RAM)
        return 0;
    return (uint32_t)(e + 10 - inst->image);
}

int xip_table_get(const xip_instance *inst, uint32_t table, uint32_t idx, uint32_t *ref)
{
    uint32_t elem, min, max, cap, *size, *entries;
    uint32_t flash = xip_table_info(inst, table, &elem, &min, &max);
    if (flash) {
        uint32_t f;
        if (idx >= xip_read_u32(inst->image + flash))
            return 0;
        f = xip_read_u16(inst->image + flash + 4 + 2 * idx);
        *ref = f == XIP_NULL_FUNC ? XIP_NULL_REF : f;
        return 1;
    }
    entries = xip_ram_table(inst, table, &size, &cap);
    if (entries == NULL || idx >= *size) /* NULL: never, but without XIP_EXT the code folds away */
        return 0;
    *ref = entries[idx];
    return 1;
}

xip_status xip_apply_segments(xip_instance *inst)
{
    const uint8_t *img = inst->image;
    uint32_t pos, i, mode, offset = 0, length;
    xip_status st = xip_apply_elems(inst);
    if (st != XIP_OK)
        return st;
    pos = inst->data + 2;
    for (i = 0; i < inst->data_count; i++) {
        mode = img[pos++];
        if (mode == XIP_SEGMENT_ACTIVE)
            offset = (uint32_t)xip_eval_cexpr(inst, &pos);
        length = xip_read_u32(img + pos);
        pos += 4;
        if (mode == XIP_SEGMENT_ACTIVE) {
            if ((uint64_t)offset + length > inst->memory_bytes)
                return XIP_TRAP_MEMORY_OUT_OF_BOUNDS;
            if (length)
                xip_copy_bytes(inst->memory + offset, img + pos, length);
        }
        pos += length;
    }
    return XIP_OK;
}
