/*
 * xip_bulk.c: the out-of-line slow paths of the bulk memory and table
 * instructions (opcodes.def, "bulk memory, tables and references"). The
 * verifier has checked every index: segments exist, tables exist, and every
 * table written is a RAM table. Ranges are checked here, in 64 bits, before
 * anything is written, as the specification requires: a range is out of
 * bounds when offset + n > size, so n = 0 at offset == size is fine.
 *
 * Fuel (xip_fuel.h): an instruction that must look a table or segment up
 * to learn its price (the reader's walk has a price too) does the lookup
 * only when the fuel left covers the walk; then it checks its ranges (a trap
 * takes the walk's price only), then takes the whole price (walk plus the
 * bytes or entries it writes) and only then writes. When the fuel left is
 * short of a price it returns XIP_OUT_OF_FUEL, having taken and written
 * nothing: the instruction runs again from its start.
 * Built only with XIP_EXT.
 */
#include "xip_bulk.h"
#include "xip_fuel.h"

#if XIP_EXT

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

/* Units for n bytes of memory work, or n table entries written or skipped (one copy each for their callers). */
static XIPI_NOINLINE uint32_t bytes_fuel(uint32_t n)
{
    return xipi_fuel_for(n, XIP_FUEL_BYTES_LOG2);
}

static XIPI_NOINLINE uint32_t entries_fuel(uint32_t n)
{
    return xipi_fuel_for(n, XIP_FUEL_ENTRIES_LOG2);
}

/* Units for the reader's walks to table t and to t2 (once if the same). */
static uint32_t tables_fuel(const xip_instance *inst, uint32_t t, uint32_t t2)
{
    return xipi_table_walk_fuel(inst, t) + (t2 != t ? xipi_table_walk_fuel(inst, t2) : 0);
}

/* Units for the reader's walk to segment seg of section (DATA or ELEM). */
static uint32_t segment_fuel(const xip_instance *inst, uint32_t section, uint32_t seg)
{
    return xipi_segment_walk_fuel(inst, section == XIP_SECTION_DATA ? inst->data : inst->elems, seg);
}

/* A trap after a lookup of price w: takes w (covered) and returns trap. */
static xip_status trap_after(xip_instance *inst, uint32_t w, xip_status trap)
{
    (void)xipi_take_fuel(inst, w);
    return trap;
}

/* memory.copy: n bytes from src to dst, overlap allowed. */
static xip_status memory_copy(xip_instance *inst, uint32_t dst, uint32_t src, uint32_t n)
{
    if (!xipi_range_ok(dst, n, inst->memory_bytes) || !xipi_range_ok(src, n, inst->memory_bytes))
        return XIP_TRAP_MEMORY_OUT_OF_BOUNDS;
    if (!xipi_take_fuel(inst, bytes_fuel(n)))
        return XIP_OUT_OF_FUEL;
    move_bytes(inst->memory + dst, inst->memory + src, n);
    return XIP_OK;
}

/* memory.fill: n bytes at dst set to (u8)value. */
static xip_status memory_fill(xip_instance *inst, uint32_t dst, uint32_t value, uint32_t n)
{
    if (!xipi_range_ok(dst, n, inst->memory_bytes))
        return XIP_TRAP_MEMORY_OUT_OF_BOUNDS;
    if (!xipi_take_fuel(inst, bytes_fuel(n)))
        return XIP_OUT_OF_FUEL;
    if (n)
        memset(inst->memory + dst, (int)(value & 0xffu), n);
    return XIP_OK;
}

/* memory.init: n bytes of DATA segment seg from src to dst (a dropped segment is empty). */
static xip_status memory_init(xip_instance *inst, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n)
{
    uint32_t length, at, w = segment_fuel(inst, XIP_SECTION_DATA, seg);
    if (!xipi_fuel_covers(inst, w))
        return XIP_OUT_OF_FUEL;
    at = xipi_data_segment(inst, seg, &length);
    if (!xipi_range_ok(src, n, length) || !xipi_range_ok(dst, n, inst->memory_bytes))
        return trap_after(inst, w, XIP_TRAP_MEMORY_OUT_OF_BOUNDS);
    if (!xipi_take_fuel(inst, w + bytes_fuel(n)))
        return xipi_fuel_paused(inst, w + bytes_fuel(n));
    if (n)
        xip_copy_bytes(inst->memory + dst, inst->image + at + src, n);
    return XIP_OK;
}

/* data.drop and elem.drop: segment seg of section becomes empty. */
static xip_status drop(xip_instance *inst, uint32_t section, uint32_t seg)
{
    if (!xipi_take_fuel(inst, segment_fuel(inst, section, seg)))
        return XIP_OUT_OF_FUEL;
    xipi_drop_segment(inst, section, seg);
    return XIP_OK;
}

/* table.get: R[d] = entry idx of table `table`. */
static xip_status table_get(xip_instance *inst, uint32_t table, uint32_t idx, uint64_t *d)
{
    uint32_t ref;
    if (!xipi_take_fuel(inst, tables_fuel(inst, table, table)))
        return XIP_OUT_OF_FUEL;
    if (!xipi_table_get(inst, table, idx, &ref))
        return XIP_TRAP_TABLE_OUT_OF_BOUNDS;
    *d = ref;
    return XIP_OK;
}

/* table.set: entry idx of RAM table `table` = ref. */
static xip_status table_set(xip_instance *inst, uint32_t table, uint32_t idx, uint32_t ref)
{
    uint32_t *size, cap, *entries;
    if (!xipi_take_fuel(inst, tables_fuel(inst, table, table)))
        return XIP_OUT_OF_FUEL;
    entries = xipi_ram_table(inst, table, &size, &cap);
    if (!entries || idx >= *size)
        return XIP_TRAP_TABLE_OUT_OF_BOUNDS;
    entries[idx] = ref;
    return XIP_OK;
}

/* table.size: R[d] = the size of table `table`. */
static xip_status table_size(xip_instance *inst, uint32_t table, uint64_t *d)
{
    if (!xipi_take_fuel(inst, tables_fuel(inst, table, table)))
        return XIP_OUT_OF_FUEL;
    *d = xipi_table_size(inst, table);
    return XIP_OK;
}

/* table.grow: R[d] = the old size after adding n entries set to ref, or 0xffffffff. */
static xip_status table_grow(xip_instance *inst, uint32_t table, uint32_t ref, uint32_t n, uint64_t *d)
{
    uint32_t *size, cap, i, old, *entries, w = tables_fuel(inst, table, table);
    if (!xipi_fuel_covers(inst, w))
        return XIP_OUT_OF_FUEL;
    entries = xipi_ram_table(inst, table, &size, &cap);
    if (!entries || n > cap - *size) { /* a failed grow writes nothing */
        (void)xipi_take_fuel(inst, w);
        *d = 0xffffffffu;
        return XIP_OK;
    }
    if (!xipi_take_fuel(inst, w + entries_fuel(n)))
        return xipi_fuel_paused(inst, w + entries_fuel(n));
    old = *size;
    for (i = 0; i < n; i++)
        entries[old + i] = ref;
    *size = old + n;
    *d = old;
    return XIP_OK;
}

/* table.fill: n entries of RAM table `table` from dst set to ref. */
static xip_status table_fill(xip_instance *inst, uint32_t table, uint32_t dst, uint32_t ref, uint32_t n)
{
    uint32_t *size, cap, i, *entries, w = tables_fuel(inst, table, table);
    if (!xipi_fuel_covers(inst, w))
        return XIP_OUT_OF_FUEL;
    entries = xipi_ram_table(inst, table, &size, &cap);
    if (!entries || !xipi_range_ok(dst, n, *size))
        return trap_after(inst, w, XIP_TRAP_TABLE_OUT_OF_BOUNDS);
    if (!xipi_take_fuel(inst, w + entries_fuel(n)))
        return xipi_fuel_paused(inst, w + entries_fuel(n));
    for (i = 0; i < n; i++)
        entries[dst + i] = ref;
    return XIP_OK;
}

/*
 * table.copy: n entries of table t2 from src to RAM table t1 at dst, overlap
 * allowed. Each table is looked up once: a RAM source is copied as words
 * (backward when it overlaps forward), a flash source entry by entry.
 */
static xip_status table_copy(xip_instance *inst, uint32_t t1, uint32_t t2, uint32_t dst, uint32_t src,
                             uint32_t n)
{
    uint32_t *size, *from_size = NULL, cap, *to, *from, i, f, w = tables_fuel(inst, t1, t2);
    xipi_table t;
    if (!xipi_fuel_covers(inst, w))
        return XIP_OUT_OF_FUEL;
    to = xipi_ram_table(inst, t1, &size, &cap);
    xipi_table_at(inst, t2, &t);
    from = t.flags & XIP_TABLE_RAM ? xipi_ram_table(inst, t2, &from_size, &cap) : NULL;
    if (!to || !xipi_range_ok(dst, n, *size) || !xipi_range_ok(src, n, from ? *from_size : t.n))
        return trap_after(inst, w, XIP_TRAP_TABLE_OUT_OF_BOUNDS);
    if (!xipi_take_fuel(inst, w + entries_fuel(n)))
        return xipi_fuel_paused(inst, w + entries_fuel(n));
    if (from == NULL) {
        for (i = 0; i < n; i++) {
            f = xipi_flash_entry(inst->image, &t, src + i);
            to[dst + i] = f == XIP_NULL_FUNC ? XIP_NULL_REF : f;
        }
    } else if (from + src < to + dst) { /* overlapping forward (the same table): copy backward */
        for (i = n; i-- > 0;)
            to[dst + i] = from[src + i];
    } else {
        for (i = 0; i < n; i++)
            to[dst + i] = from[src + i];
    }
    return XIP_OK;
}

/* table.init: n items of ELEM segment seg from src to RAM table `table` at dst. */
static xip_status table_init(xip_instance *inst, uint32_t seg, uint32_t table, uint32_t dst, uint32_t src,
                          uint32_t n)
{
    uint32_t *size, cap, count, i, *to, at;
    uint32_t w = tables_fuel(inst, table, table) + segment_fuel(inst, XIP_SECTION_ELEM, seg);
    if (!xipi_fuel_covers(inst, w))
        return XIP_OUT_OF_FUEL;
    to = xipi_ram_table(inst, table, &size, &cap);
    at = xipi_elem_segment(inst, seg, &count);
    if (!to || !xipi_range_ok(dst, n, *size) || !xipi_range_ok(src, n, count))
        return trap_after(inst, w, XIP_TRAP_TABLE_OUT_OF_BOUNDS);
    if (!xipi_take_fuel(inst, w + entries_fuel(src + n))) /* the items skipped are evaluated too */
        return xipi_fuel_paused(inst, w + entries_fuel(src + n));
    for (i = 0; i < src; i++)
        (void)xipi_eval_cexpr(inst, &at);
    for (i = 0; i < n; i++)
        to[dst + i] = (uint32_t)xipi_eval_cexpr(inst, &at);
    return XIP_OK;
}

/* (u32) of register x of the frame R. */
#define U32(x) ((uint32_t)R[x])

/* Runs the instruction at pc (see xipi_bulk). */
static xip_status run_bulk(xip_instance *inst, const uint8_t *pc, uint64_t *R, uint32_t *size)
{
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
        *size = XIP_SIZE_S;
        return drop(inst, XIP_SECTION_DATA, xip_read_u16(pc + 1));
    case XIP_OP_ELEM_DROP:
        *size = XIP_SIZE_S;
        return drop(inst, XIP_SECTION_ELEM, xip_read_u16(pc + 1));
    case XIP_OP_TABLE_INIT: /* the REG3 operand c: slots c, c+1, c+2 */
        *size = XIP_SIZE_STR3;
        return table_init(inst, xip_read_u16(pc + 1), pc[3], U32(pc[4]), U32(pc[4] + 1u), U32(pc[4] + 2u));
    case XIP_OP_TABLE_COPY:
        *size = XIP_SIZE_TTR3;
        return table_copy(inst, pc[1], pc[2], U32(pc[3]), U32(pc[3] + 1u), U32(pc[3] + 2u));
    case XIP_OP_TABLE_GET:
        *size = XIP_SIZE_TRR;
        return table_get(inst, pc[1], U32(pc[3]), &R[pc[2]]);
    case XIP_OP_TABLE_SET:
        *size = XIP_SIZE_TRR;
        return table_set(inst, pc[1], U32(pc[2]), U32(pc[3]));
    case XIP_OP_TABLE_SIZE:
        *size = XIP_SIZE_TR;
        return table_size(inst, pc[1], &R[pc[2]]);
    case XIP_OP_TABLE_GROW:
        *size = XIP_SIZE_TRRR;
        return table_grow(inst, pc[1], U32(pc[3]), U32(pc[4]), &R[pc[2]]);
    default: /* XIP_OP_TABLE_FILL */
        *size = XIP_SIZE_TRRR;
        return table_fill(inst, pc[1], U32(pc[2]), U32(pc[3]), U32(pc[4]));
    }
}

xip_status xipi_bulk(xip_instance *inst, const uint8_t *pc, uint64_t *R, uint32_t *size)
{
    xip_status st;
    if (xipi_fuel_memo_short(inst)) /* paused here before, after the lookup: not enough yet */
        return XIP_OUT_OF_FUEL;
    st = run_bulk(inst, pc, R, size);
    if (st != XIP_OUT_OF_FUEL)
        inst->fuel_need = 0;
    return st;
}

#endif /* XIP_EXT */
