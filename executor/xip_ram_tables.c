/*
 * xip_ram_tables.c: the post-MVP extensions' state (built only with XIP_EXT):
 * RAM tables and the drop bits of passive segments (instantiation writes
 * active ELEM segments into RAM tables in xip_tables.c). Everything here
 * reads a verified image. The host
 * API for RAM tables is in xip_link.c, xip_host_ref in xip.c.
 *
 * Table buffer (xip_buffers.tables): ram_table_count size words, then the
 * drop bits of the DATA and ELEM segments (32 per word; only when some
 * segment is passive: the others are dropped for good once instantiation
 * has applied them, before any code runs), then the entries of
 * each RAM table in table order; a RAM table's capacity is its max (its min
 * when it has none), except the last one's, which is every remaining word up
 * to its max.
 */
#include "xip_internal.h"

#if XIP_EXT

/* Words before the first RAM table's entries: size words and drop bits (if any segment is passive). */
static uint32_t table_header_words(const xip_instance *inst)
{
    uint32_t bits = inst->has_passive ? (uint32_t)inst->data_count + inst->elem_count : 0;
    return inst->ram_table_count + (bits + 31u) / 32u;
}

uint32_t *xipi_ram_table_at(const xip_instance *inst, uint32_t table, xipi_table *e, uint32_t **size,
                           uint32_t *capacity)
{
    uint32_t start, max, cap;
    xipi_table_at(inst, table, e);
    if (!(e->flags & XIP_TABLE_RAM))
        return NULL;
    /* the verifier checked e->ram and e->before; xip_load that the buffer holds them (start <= need) */
    start = table_header_words(inst) + e->before;
    max = e->limits.max;
    cap = max == XIP_NO_MAX ? e->limits.min : max;
    if (e->ram + 1u == inst->ram_table_count) { /* the last RAM table takes the rest */
        cap = inst->table_slots - start;
        if (max != XIP_NO_MAX && cap > max)
            cap = max;
    }
    *size = inst->table_buf + e->ram;
    *capacity = cap;
    return inst->table_buf + start;
}

/* The drop bit word and mask of passive segment seg of section (one copy for its two callers). */
static XIPI_NOINLINE uint32_t *drop_word(const xip_instance *inst, uint32_t section, uint32_t seg,
                                         uint32_t *mask)
{
    uint32_t bit = section == XIP_SECTION_DATA ? seg : inst->data_count + seg;
    *mask = 1u << (bit % 32u);
    return inst->table_buf + inst->ram_table_count + bit / 32u;
}

/* True if passive segment seg of section has been dropped (its drop bit is set). */
static int drop_bit(const xip_instance *inst, uint32_t section, uint32_t seg)
{
    uint32_t mask, *word = drop_word(inst, section, seg, &mask);
    return (*word & mask) != 0;
}

int xipi_segment_dropped(const xip_instance *inst, uint32_t section, uint32_t seg)
{
    xipi_segment e;
    xipi_segment_at(inst, section, seg, &e);
    /* active segments were applied and dropped before any code ran */
    return e.mode != XIP_SEGMENT_PASSIVE || drop_bit(inst, section, seg);
}

void xipi_drop_segment(xip_instance *inst, uint32_t section, uint32_t seg)
{
    uint32_t mask, *word;
    xipi_segment e;
    xipi_segment_at(inst, section, seg, &e);
    if (e.mode != XIP_SEGMENT_PASSIVE)
        return;
    word = drop_word(inst, section, seg, &mask); /* sets mask before it is used */
    *word |= mask;
}

uint32_t xipi_live_segment(const xip_instance *inst, uint32_t section, uint32_t seg, uint32_t *count)
{
    xipi_segment e;
    xipi_segment_at(inst, section, seg, &e);
    *count = e.mode != XIP_SEGMENT_PASSIVE || drop_bit(inst, section, seg) ? 0 : e.count;
    return e.items;
}

/* a + b, saturated at 0xffffffff. */
static uint32_t add_sat(uint32_t a, uint32_t b)
{
    return a + b < a ? 0xffffffffu : a + b;
}

void xipi_table_words(const xip_instance *inst, uint32_t *need, uint32_t *max_need)
{
    uint32_t n = table_header_words(inst), top = n, t = inst->table_count;
    xipi_table e;
    if (inst->ram_table_count) {
        do /* the last RAM table: the verifier checked its `before` (the capacities of the others, saturated) */
            xipi_table_at(inst, --t, &e);
        while (!(e.flags & XIP_TABLE_RAM));
        n = add_sat(n, e.before);
        top = e.limits.max == XIP_NO_MAX ? 0xffffffffu : add_sat(n, e.limits.max);
        n = add_sat(n, e.limits.min);
    }
    *need = n;
    *max_need = top;
}

typedef char xip_null_ref_is_all_ones[XIP_NULL_REF == 0xffffffffu ? 1 : -1]; /* xipi_reset_tables' memset */

void xipi_reset_tables(xip_instance *inst, int imported_too)
{
    uint32_t t, cap, *size, *entries;
    xipi_table e;
    if (inst->table_buf == NULL)
        return;
    for (t = imported_too ? 0 : inst->import_table_count; t < inst->table_count; t++) {
        entries = xipi_ram_table_at(inst, t, &e, &size, &cap);
        if (entries == NULL)
            continue;
        *size = e.limits.min;
        memset(entries, 0xff, (size_t)e.limits.min * sizeof *entries); /* XIP_NULL_REF in every byte */
    }
    memset(inst->table_buf + inst->ram_table_count, 0,
           (size_t)(table_header_words(inst) - inst->ram_table_count) * sizeof *inst->table_buf);
}

xip_status xipi_resize_ram_table(xip_instance *inst, uint32_t table, uint32_t size)
{
    uint32_t *entries, *size_word, cap, i;
    xipi_table e;
    entries = xipi_ram_table_at(inst, table, &e, &size_word, &cap);
    if (entries == NULL)
        return XIP_ERR_ARGUMENT; /* a flash table */
    if (size < e.limits.min || size > e.limits.max)
        return XIP_ERR_ARGUMENT;
    if (size > cap)
        return XIP_ERR_BUFFER_TOO_SMALL;
    for (i = *size_word; i < size; i++)
        entries[i] = XIP_NULL_REF;
    *size_word = size;
    return XIP_OK;
}

#endif /* XIP_EXT */
