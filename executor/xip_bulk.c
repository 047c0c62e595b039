/*
 * xip_bulk.c: the out-of-line slow paths of the bulk memory and table
 * instructions (opcodes.def, "bulk memory, tables and references"). The
 * verifier has checked every index: segments exist, tables exist, and every
 * table written is a RAM table. Ranges are checked here, in 64 bits, before
 * anything is written, as the specification requires: a range is out of
 * bounds when offset + n > size, so n = 0 at offset == size is fine.
 * Built only with XIP_EXT.
 */
#include "xip_bulk.h"

#if XIP_EXT

/* True if [offset, offset + n) lies inside [0, size). */
static int range_ok(uint32_t offset, uint32_t n, uint32_t size)
{
    return (uint64_t)offset + n <= size;
}

/* Copies n bytes from src to dst, which may overlap (memmove semantics). */
static void move_bytes(uint8_t *dst, const uint8_t *src, uint32_t n)
{
    uint32_t i;
    if (dst == src || n == 0)
        return;
    if (dst < src ? (uint32_t)(src - dst) >= n : (uint32_t)(dst - src) >= n) {
        memcpy(dst, src, n);
    } else if (dst < src) {
        for (i = 0; i < n; i++)
            dst[i] = src[i];
    } else {
        for (i = n; i-- > 0;)
            dst[i] = src[i];
    }
}

/* memory.copy: n bytes from src to dst, overlap allowed. */
static xip_status memory_copy(xip_instance *inst, uint32_t dst, uint32_t src, uint32_t n)
{
    if (!range_ok(dst, n, inst->memory_bytes) || !range_ok(src, n, inst->memory_bytes))
        return XIP_TRAP_MEMORY_OUT_OF_BOUNDS;
    move_bytes(inst->memory + dst, inst->memory + src, n);
    return XIP_OK;
}

/* memory.fill: n bytes at dst set to (u8)value. */
static xip_status memory_fill(xip_instance *inst, uint32_t dst, uint32_t value, uint32_t n)
{
    if (!range_ok(dst, n, inst->memory_bytes))
        return XIP_TRAP_MEMORY_OUT_OF_BOUNDS;
    if (n)
        memset(inst->memory + dst, (int)(value & 0xffu), n);
    return XIP_OK;
}

/* memory.init: n bytes of DATA segment seg from src to dst (a dropped segment is empty). */
static xip_status memory_init(xip_instance *inst, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n)
{
    uint32_t length, at = xipi_data_segment(inst, seg, &length);
    if (!range_ok(src, n, length) || !range_ok(dst, n, inst->memory_bytes))
        return XIP_TRAP_MEMORY_OUT_OF_BOUNDS;
    if (n)
        xip_copy_bytes(inst->memory + dst, inst->image + at + src, n);
    return XIP_OK;
}

/* table.set: entry idx of RAM table `table` = ref. */
static xip_status table_set(xip_instance *inst, uint32_t table, uint32_t idx, uint32_t ref)
{
    uint32_t *size, cap, *entries = xipi_ram_table(inst, table, &size, &cap);
    if (!entries || idx >= *size)
        return XIP_TRAP_TABLE_OUT_OF_BOUNDS;
    entries[idx] = ref;
    return XIP_OK;
}

/* table.grow: the old size after adding n entries set to ref, or 0xffffffff. */
static uint32_t table_grow(xip_instance *inst, uint32_t table, uint32_t ref, uint32_t n)
{
    uint32_t *size, cap, old, i, *entries = xipi_ram_table(inst, table, &size, &cap);
    if (!entries)
        return 0xffffffffu;
    old = *size;
    if (n > cap - old)
        return 0xffffffffu;
    for (i = 0; i < n; i++)
        entries[old + i] = ref;
    *size = old + n;
    return old;
}

/* table.fill: n entries of RAM table `table` from dst set to ref. */
static xip_status table_fill(xip_instance *inst, uint32_t table, uint32_t dst, uint32_t ref, uint32_t n)
{
    uint32_t *size, cap, i, *entries = xipi_ram_table(inst, table, &size, &cap);
    if (!entries || !range_ok(dst, n, *size))
        return XIP_TRAP_TABLE_OUT_OF_BOUNDS;
    for (i = 0; i < n; i++)
        entries[dst + i] = ref;
    return XIP_OK;
}

/* table.copy: n entries of table t2 from src to RAM table t1 at dst, overlap allowed. */
static xip_status table_copy(xip_instance *inst, uint32_t t1, uint32_t t2, uint32_t dst, uint32_t src,
                             uint32_t n)
{
    uint32_t *size, cap, *to = xipi_ram_table(inst, t1, &size, &cap), i, ref;
    if (!to || !range_ok(dst, n, *size) || !range_ok(src, n, xipi_table_size(inst, t2)))
        return XIP_TRAP_TABLE_OUT_OF_BOUNDS;
    if (t1 == t2 && dst > src) { /* the same table, overlapping forward: copy backward */
        for (i = n; i-- > 0;)
            to[dst + i] = to[src + i];
        return XIP_OK;
    }
    for (i = 0; i < n && xipi_table_get(inst, t2, src + i, &ref); i++)
        to[dst + i] = ref;
    return XIP_OK;
}

/* table.init: n items of ELEM segment seg from src to RAM table `table` at dst. */
static xip_status table_init(xip_instance *inst, uint32_t seg, uint32_t table, uint32_t dst, uint32_t src,
                          uint32_t n)
{
    uint32_t *size, cap, count, i, *to = xipi_ram_table(inst, table, &size, &cap);
    uint32_t at = xipi_elem_segment(inst, seg, &count);
    if (!to || !range_ok(dst, n, *size) || !range_ok(src, n, count))
        return XIP_TRAP_TABLE_OUT_OF_BOUNDS;
    for (i = 0; i < src; i++)
        (void)xipi_eval_cexpr(inst, &at);
    for (i = 0; i < n; i++)
        to[dst + i] = (uint32_t)xipi_eval_cexpr(inst, &at);
    return XIP_OK;
}

/* (u32) of register x of the frame R. */
#define U32(x) ((uint32_t)R[x])

xip_status xipi_bulk(xip_instance *inst, const uint8_t *pc, uint64_t *R, uint32_t *size)
{
    uint32_t ref;
    switch (pc[0]) {
    case XIP_OP_MEMORY_COPY:
        *size = XIP_SIZE_RRR;
        return memory_copy(inst, U32(pc[1]), U32(pc[2]), U32(pc[3]));
    case XIP_OP_MEMORY_FILL:
        *size = XIP_SIZE_RRR;
        return memory_fill(inst, U32(pc[1]), U32(pc[2]), U32(pc[3]));
    case XIP_OP_MEMORY_INIT:
        *size = XIP_SIZE_SRRR;
        return memory_init(inst, xip_read_u16(pc + 1), U32(pc[3]), U32(pc[4]), U32(pc[5]));
    case XIP_OP_DATA_DROP:
    case XIP_OP_ELEM_DROP:
        *size = XIP_SIZE_S;
        xipi_drop_segment(inst, pc[0] == XIP_OP_DATA_DROP ? XIP_SECTION_DATA : XIP_SECTION_ELEM,
                         xip_read_u16(pc + 1));
        return XIP_OK;
    case XIP_OP_TABLE_INIT: /* the REG3 operand c: slots c, c+1, c+2 */
        *size = XIP_SIZE_STR3;
        return table_init(inst, xip_read_u16(pc + 1), pc[3], U32(pc[4]), U32(pc[4] + 1u), U32(pc[4] + 2u));
    case XIP_OP_TABLE_COPY:
        *size = XIP_SIZE_TTR3;
        return table_copy(inst, pc[1], pc[2], U32(pc[3]), U32(pc[3] + 1u), U32(pc[3] + 2u));
    case XIP_OP_TABLE_GET:
        *size = XIP_SIZE_TRR;
        if (!xipi_table_get(inst, pc[1], U32(pc[3]), &ref))
            return XIP_TRAP_TABLE_OUT_OF_BOUNDS;
        R[pc[2]] = ref;
        return XIP_OK;
    case XIP_OP_TABLE_SET:
        *size = XIP_SIZE_TRR;
        return table_set(inst, pc[1], U32(pc[2]), U32(pc[3]));
    case XIP_OP_TABLE_SIZE:
        *size = XIP_SIZE_TR;
        R[pc[2]] = xipi_table_size(inst, pc[1]);
        return XIP_OK;
    case XIP_OP_TABLE_GROW:
        *size = XIP_SIZE_TRRR;
        R[pc[2]] = table_grow(inst, pc[1], U32(pc[3]), U32(pc[4]));
        return XIP_OK;
    default: /* XIP_OP_TABLE_FILL */
        *size = XIP_SIZE_TRRR;
        return table_fill(inst, pc[1], U32(pc[2]), U32(pc[3]), U32(pc[4]));
    }
}

#endif /* XIP_EXT */
