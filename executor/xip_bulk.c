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
static void move_bytes(uint8_t *dst, const uint8_t *src, size_t n)
{
    size_t i;
    if (dst == src || n == 0)
        return;
    if (dst < src ? (size_t)(src - dst) >= n : (size_t)(dst - src) >= n) {
        memcpy(dst, src, n);
    } else if (dst < src) {
        for (i = 0; i < n; i++)
            dst[i] = src[i];
    } else {
        for (i = n; i-- > 0;)
            dst[i] = src[i];
    }
}

/* A trap after a lookup of price w: takes w (covered) and returns trap. */
static xip_status trap_after(xip_instance *inst, uint32_t w, xip_status trap)
{
    (void)xipi_take_fuel(inst, w);
    return trap;
}

/* Units for the reader's walks to table t and to t2 (once if the same). */
static uint32_t tables_fuel(const xip_instance *inst, uint8_t t, uint8_t t2)
{
    return xipi_table_walk_fuel(inst, t) + (t2 != t ? xipi_table_walk_fuel(inst, t2) : 0);
}

/*
 * Per operand shape, where a bulk row's operands are (the shape's fields,
 * xip_format.h): bit 0 a SEGMENT field first, bits 1-2 how many TABLE fields
 * follow, bit 3 the registers are one REG3 field (c, c+1, c+2), else one REG
 * field each up to the row's end. run_bulk relies on that order, checked
 * below for every bulk row.
 */
#define FIELD_(fields, k) ((fields) >> (5 * (k)) & 31)
#define COUNT_(fields, kind)                                                                 \
    ((FIELD_(fields, 0) == (kind)) + (FIELD_(fields, 1) == (kind)) + (FIELD_(fields, 2) == (kind)) + \
     (FIELD_(fields, 3) == (kind)))
#define LAYOUT_(fields) \
    (COUNT_(fields, XIP_FIELD_SEGMENT) | COUNT_(fields, XIP_FIELD_TABLE) << 1 | COUNT_(fields, XIP_FIELD_REG3) << 3)
#define LAYOUT_ROW_(name, size, f1, f2, f3, f4) (uint8_t)LAYOUT_(XIP_SHAPE_FIELDS_##name),
static const uint8_t bulk_layout[XIP_SHAPE_COUNT] = {XIP_SHAPES(LAYOUT_ROW_)};
#undef LAYOUT_ROW_

/* A field's rank in that order (9: a kind run_bulk does not read). */
#define RANK_(kind)                                                                          \
    ((kind) == XIP_FIELD_SEGMENT ? 0 : (kind) == XIP_FIELD_TABLE ? 1                           \
     : (kind) == XIP_FIELD_REG || (kind) == XIP_FIELD_REG3 ? 2 : (kind) == XIP_FIELD_NONE ? 3 : 9)
#define IN_ORDER_(f)                                                                          \
    (RANK_(FIELD_(f, 0)) <= RANK_(FIELD_(f, 1)) && RANK_(FIELD_(f, 1)) <= RANK_(FIELD_(f, 2)) && \
     RANK_(FIELD_(f, 2)) <= RANK_(FIELD_(f, 3)) && RANK_(FIELD_(f, 3)) <= 3 &&                   \
     COUNT_(f, XIP_FIELD_SEGMENT) <= 1 && COUNT_(f, XIP_FIELD_TABLE) <= 2 &&                     \
     (COUNT_(f, XIP_FIELD_REG3) == 0 || COUNT_(f, XIP_FIELD_REG) == 0))
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics)                   \
    typedef char xip_bulk_layout_##name[XIP_OP_##name < XIP_OP_MEMORY_COPY || XIP_OP_##name > XIP_OP_TABLE_FILL || \
                                        IN_ORDER_(XIP_SHAPE_FIELDS_##shape) ? 1 : -1];
#include "opcodes.def"
#undef OP

/*
 * Runs the bulk row at pc (see xipi_bulk). Its operands, by layout: seg, the
 * tables t1 and t2 (t2 = t1 with one), the registers' values v[0..2] (0 when
 * absent). Every row reads them alike: dst = v[0], src (or the value, the
 * reference) = v[1], n = v[2]; table.get, table.size and table.grow write
 * their first register. Then every row follows the one order of xip_fuel.h:
 * the lookup's price w (covered, else pause), the lookup, the range checks
 * [dst, dst + n) in room and [src, src + n) in src_room (a trap takes w), the
 * whole price w + units, the write.
 */
static xip_status run_bulk(xip_instance *inst, const uint8_t *pc, uint64_t *R, uint32_t *size)
{
    uint32_t op = pc[0], lay = bulk_layout[xipi_op_shape(op)], k;
    uint32_t at = 1u + 2u * (lay & 1u) + (lay >> 1 & 3u); /* the first register field */
    uint32_t seg = xip_read_u16(pc + 1);
    uint8_t t1 = pc[1u + 2u * (lay & 1u)], t2 = pc[at - 1u];
    uint32_t v[3] = {0, 0, 0}, dst, src, n, value, w = 0, room = 0xffffffffu, src_room = 0xffffffffu;
    uint32_t items, log2 = XIP_FUEL_ENTRIES_LOG2, units, where = 0, *to = NULL, *from = NULL, *to_size = NULL;
    uint32_t *from_size = NULL, cap = 0, i, result = 0;
    uint8_t *copy_to;
    const uint8_t *copy_from;
    xipi_table t;
    xip_status trap = XIP_TRAP_TABLE_OUT_OF_BOUNDS;

    *size = xipi_op_scan[op] & XIP_SCAN_LEN;
    for (k = 0; k < (lay & 8u ? 3u : *size - at); k++) /* slot c + k of a REG3 field, else REG field k */
        v[k] = (uint32_t)R[lay & 8u ? pc[at] + k : pc[at + k]];
    dst = v[0];
    value = src = v[1];
    n = items = v[2];
    if (lay & 6u)
        w = tables_fuel(inst, t1, t2);
    if (lay & 1u) /* MEMORY_INIT, DATA_DROP, then TABLE_INIT, ELEM_DROP */
        w += xipi_segment_walk_fuel(inst, op <= XIP_OP_DATA_DROP ? inst->data : inst->elems, seg);
    if (!xipi_fuel_covers(inst, w))
        return XIP_OUT_OF_FUEL;

    /* the lookup */
    if (op <= XIP_OP_MEMORY_INIT) {
        trap = XIP_TRAP_MEMORY_OUT_OF_BOUNDS;
        log2 = XIP_FUEL_BYTES_LOG2;
        room = inst->memory_bytes;
        if (op == XIP_OP_MEMORY_COPY)
            src_room = room;
        else if (op == XIP_OP_MEMORY_FILL)
            src = 0;
        else
            where = xipi_live_segment(inst, XIP_SECTION_DATA, seg, &src_room);
    } else if (op == XIP_OP_TABLE_GET) {
        if (!xipi_table_get(inst, t1, src, &result))
            return trap_after(inst, w, trap);
        src = 0;
    } else if (op == XIP_OP_TABLE_SIZE) {
        result = xipi_ram_table_at(inst, t1, &t, &to_size, &cap) ? *to_size : t.n;
    } else if (lay & 6u) { /* the rows that write table t1 */
        to = xipi_ram_table_at(inst, t1, &t, &to_size, &cap);
        if (op == XIP_OP_TABLE_GROW) {
            result = 0xffffffffu;
            if (to != NULL && n <= cap - *to_size)
                result = dst = *to_size;
            else
                n = items = 0; /* a failed grow writes nothing */
            src = 0;
        } else if (to == NULL) { /* never: the verifier lets only RAM tables be written */
            return trap_after(inst, w, trap);
        } else {
            room = *to_size;
            if (op == XIP_OP_TABLE_INIT) {
                where = xipi_live_segment(inst, XIP_SECTION_ELEM, seg, &src_room);
            } else if (op == XIP_OP_TABLE_COPY) {
                from = xipi_ram_table_at(inst, t2, &t, &from_size, &cap);
                src_room = from ? *from_size : t.n;
            } else { /* TABLE_SET (one entry, no entry price), TABLE_FILL */
                src = 0;
                if (op == XIP_OP_TABLE_SET) {
                    n = 1;
                    items = 0;
                }
            }
        }
    }
    if (!xipi_range_ok(dst, n, room) || !xipi_range_ok(src, n, src_room))
        return trap_after(inst, w, trap);
    if (op == XIP_OP_TABLE_INIT)
        items = src + n; /* the items skipped are evaluated too */
    units = w + (items >> log2) + ((items & ((1u << log2) - 1u)) != 0u); /* xipi_fuel_for, in 32 bits */
    if (!xipi_take_fuel(inst, units)) /* memory.copy and memory.fill did no lookup: nothing to remember */
        return op <= XIP_OP_MEMORY_FILL ? XIP_OUT_OF_FUEL : xipi_fuel_paused(inst, units);

    /* the write */
    switch (op) {
    case XIP_OP_MEMORY_FILL:
        if (n)
            memset(inst->memory + dst, (int)(value & 0xffu), n);
        break;
    case XIP_OP_MEMORY_INIT:
        if (n)
            xip_copy_bytes(inst->memory + dst, inst->image + where + src, n);
        break;
    case XIP_OP_DATA_DROP:
    case XIP_OP_ELEM_DROP:
        xipi_drop_segment(inst, op == XIP_OP_DATA_DROP ? XIP_SECTION_DATA : XIP_SECTION_ELEM, seg);
        break;
    case XIP_OP_TABLE_INIT: /* items src .. src + n - 1 of the segment, the ones before skipped */
        for (i = 0; i < items; i++) {
            k = (uint32_t)xipi_eval_cexpr(inst, &where);
            if (i >= src)
                to[dst + i - src] = k;
        }
        break;
    case XIP_OP_TABLE_COPY: /* a flash source by entry */
        if (from == NULL) {
            for (i = 0; i < n; i++) {
                k = xipi_flash_entry(inst->image, &t, src + i);
                to[dst + i] = k == XIP_NULL_FUNC ? XIP_NULL_REF : k;
            }
            break;
        }
        /* a RAM source: as bytes, as memory.copy's (overlap allowed; n * 4 fits: the buffer does) */
        /* fall through */
    case XIP_OP_MEMORY_COPY:
        if (op == XIP_OP_TABLE_COPY) { /* the same bytes of the table buffer */
            copy_to = (uint8_t *)(to + dst);
            copy_from = (const uint8_t *)(from + src);
            n *= (uint32_t)sizeof *to;
        } else {
            copy_to = inst->memory + dst;
            copy_from = inst->memory + src;
        }
        move_bytes(copy_to, copy_from, n);
        break;
    default: /* TABLE_SET, TABLE_GROW, TABLE_FILL: n entries from dst set to value */
        for (i = 0; i < n; i++)
            to[dst + i] = value;
        if (op == XIP_OP_TABLE_GROW && n)
            *to_size = dst + n;
        break;
    }
    if (op == XIP_OP_TABLE_GET || op == XIP_OP_TABLE_SIZE || op == XIP_OP_TABLE_GROW)
        R[pc[at]] = result;
    return XIP_OK;
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
