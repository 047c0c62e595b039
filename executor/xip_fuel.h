/*
 * xip_fuel.h: what a run pays in fuel (docs/embedding.md, "Fuel"), so that
 * the host work one unit buys is bounded by a constant. One unit pays for
 * each taken branch (forward or backward), call and return, together with
 * the at most XIP_FUEL_RUN instructions that may follow it before the next
 * payment (xip_format.h; the verifier enforces it). Work proportional to an
 * operand or to the image pays in proportion, before any of it is done:
 *
 *   XIP_FUEL_BYTES    bytes written by memory.fill/copy/init or zeroed by memory.grow
 *   XIP_FUEL_ENTRIES  table entries written by table.fill/copy/init/grow
 *                     (table.init also pays for the items it skips)
 *   XIP_FUEL_SLOTS    locals a call zeroes in its callee's frame
 *   XIP_FUEL_STEPS    entries the image reader steps over to find a table or
 *                     segment by index (an import counts 2), or 2 bytes of a
 *                     segment section (a bound on the constant expressions
 *                     and items the walk skips), while the reader walks
 *
 * An instruction whose price exceeds the fuel left pauses with
 * XIP_OUT_OF_FUEL before it writes anything, taking nothing (the fuel left
 * is kept, so a host that adds to it eventually covers any price), and runs
 * from its start on xip_resume. A price that depends on a lookup (a table's
 * size, a segment's length, an indirect callee) is learnt only when the
 * fuel left covers the lookup's own price, and is remembered while the
 * instruction waits (inst->fuel_need), so a pause costs O(1). Unlimited fuel
 * (XIP_FUEL_UNLIMITED) refills instead. Used by xip_run.c and xip_bulk.c.
 */
#ifndef XIP_FUEL_H
#define XIP_FUEL_H

#include "xip_internal.h"

#define XIP_FUEL_BYTES_LOG2 8u   /* XIP_FUEL_BYTES = 256 */
#define XIP_FUEL_ENTRIES_LOG2 5u /* XIP_FUEL_ENTRIES = 32 */
#define XIP_FUEL_SLOTS_LOG2 6u   /* XIP_FUEL_SLOTS = 64 */
#define XIP_FUEL_STEPS_LOG2 5u   /* XIP_FUEL_STEPS = 32 */

/* Units for n items at 2^log2 items per unit, rounded up (0 for none). */
static inline uint32_t xipi_fuel_for(uint32_t n, uint32_t log2)
{
    return (uint32_t)(((uint64_t)n + (1u << log2) - 1u) >> log2);
}

/*
 * Takes need units from inst->fuel (refilled first when unlimited); returns
 * 0, taking nothing, when fewer are left.
 */
static inline int xipi_take_fuel(xip_instance *inst, uint32_t need)
{
    if (need > inst->fuel) {
        if (!inst->fuel_unlimited)
            return 0;
        inst->fuel = XIP_FUEL_UNLIMITED;
    }
    inst->fuel -= need;
    return 1;
}

/* True if the fuel left covers need units (always when unlimited). */
static inline int xipi_fuel_covers(const xip_instance *inst, uint32_t need)
{
    return need <= inst->fuel || inst->fuel_unlimited;
}

/*
 * The memo of a price learnt by a lookup: an instruction that paused after
 * its lookup stored its price in inst->fuel_need; when it runs again (first
 * thing on xip_resume) it pauses at once, without the lookup, until the
 * fuel left covers that price. xipi_fuel_paused stores the price and returns
 * XIP_OUT_OF_FUEL; the instruction clears the memo once it has run or
 * trapped; xip_call clears it too.
 */
static inline int xipi_fuel_memo_short(const xip_instance *inst)
{
    return !xipi_fuel_covers(inst, inst->fuel_need);
}

static inline xip_status xipi_fuel_paused(xip_instance *inst, uint32_t price)
{
    inst->fuel_need = price;
    return XIP_OUT_OF_FUEL;
}

/* Units a call of function f (imports first) pays: 1, plus its locals to zero for a defined one. */
static inline uint32_t xipi_call_fuel(const xip_instance *inst, uint32_t f)
{
    if (f < inst->import_count || f >= XIP_HOST_REF_BASE)
        return 1;
    return 1u + (xip_read_u16(xipi_func_entry(inst, f - inst->import_count) + XIP_FUNC_NLOCALS) >>
                 XIP_FUEL_SLOTS_LOG2);
}

/*
 * Units for the reader's walk to table t: xipi_table_at steps over the
 * tables before t (and over the function imports for an imported table),
 * xipi_ram_table_at does that for every table up to t. 0 for the first few
 * tables of an image that imports none.
 */
static inline uint32_t xipi_table_walk_fuel(const xip_instance *inst, uint8_t t)
{
    uint32_t through = inst->import_table_count ? (uint32_t)inst->import_count + inst->import_table_count : 0;
    /* an import costs the reader about twice a table entry: 2 steps each; t is an operand byte and the
       counts are u16, so the product stays below 2^9 * 2^19: 32 bits suffice */
    return (2u * (t + 1u) * (2u * through + t + 1u)) >> XIP_FUEL_STEPS_LOG2;
}

/*
 * Units for the reader's walk to segment seg of the section whose body is at
 * image offset body: an entry per segment before it plus, as a bound on the
 * constant expressions and element items it skips, every byte of the section.
 */
static inline uint32_t xipi_segment_walk_fuel(const xip_instance *inst, uint32_t body, uint32_t seg)
{
    uint32_t bytes = xip_read_u32(inst->image + body - 4u); /* the section header's length */
    return xipi_fuel_for(seg + 1u, XIP_FUEL_STEPS_LOG2) + xipi_fuel_for(bytes, XIP_FUEL_STEPS_LOG2 + 1u);
}

#endif /* XIP_FUEL_H */
