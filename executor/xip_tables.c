/*
 * xip_tables.c: constant expression evaluation (xipi_walk_cexpr, the
 * verifier's walk, in xip_image.c), table reads that every
 * build needs (flash tables for call_indirect), and instantiation's segment
 * pass. RAM tables and passive segments are in xip_ram_tables.c (XIP_EXT).
 * Everything here reads a verified image.
 */
#include "xip_internal.h"

uint64_t xipi_eval_cexpr(const xip_instance *inst, uint32_t *pos)
{
    xipi_cursor c = xipi_trusted(inst->image, *pos);
    uint32_t cl;
    uint64_t v = xipi_walk_cexpr(inst, &c, inst->global_count, 1, &cl);
    *pos = c.pos;
    return v;
}

int xipi_table_get(const xip_instance *inst, uint32_t table, uint32_t idx, uint32_t *ref)
{
    uint32_t f, cap, *size;
    xipi_table e;
    const uint32_t *entries = xipi_ram_table_at(inst, table, &e, &size, &cap);
    if (entries != NULL) {
        if (idx >= *size)
            return 0;
        *ref = entries[idx];
        return 1;
    }
    if (idx >= e.n) /* a flash table (a defined one: imported tables are RAM tables) */
        return 0;
    f = xipi_flash_entry(inst->image, &e, idx);
    *ref = f == XIP_NULL_FUNC ? XIP_NULL_REF : f;
    return 1;
}

xip_status xipi_apply_segments(xip_instance *inst)
{
    uint32_t pass, elem, i, k, offset, count, at, cap, *size, *entries;
    xipi_segment seg;
    xipi_table t;
    for (pass = 0; pass < 2; pass++) {
        elem = pass == 0; /* ELEM, then DATA */
        for (i = 0; i < (elem ? inst->elem_count : inst->data_count); i++) {
            xipi_segment_at(inst, elem ? XIP_SECTION_ELEM : XIP_SECTION_DATA, i, &seg); /* O(1), up to the offset */
            if (seg.mode != XIP_SEGMENT_ACTIVE)
                continue; /* from now on an active segment counts as dropped */
            at = seg.offset;
            offset = (uint32_t)xipi_eval_cexpr(inst, &at);
            count = xip_read_u32(inst->image + at); /* the u32 count after the offset cexpr, then the bytes or items */
            at += 4u;
            if (!elem) {
                if (!xipi_range_ok(offset, count, inst->memory_bytes))
                    return XIP_TRAP_MEMORY_OUT_OF_BOUNDS;
                if (count)
                    xip_copy_bytes(inst->memory + offset, inst->image + at, count);
                continue;
            }
            /* a RAM table (NULL: never; without XIP_EXT no ELEM segment is active) */
            entries = xipi_ram_table_at(inst, seg.table, &t, &size, &cap);
            if (entries == NULL || !xipi_range_ok(offset, count, *size))
                return XIP_TRAP_TABLE_OUT_OF_BOUNDS;
            for (k = 0; k < count; k++)
                entries[offset + k] = (uint32_t)xipi_eval_cexpr(inst, &at);
        }
    }
    return XIP_OK;
}
