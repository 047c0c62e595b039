/*
 * xip_ram_tables.c: the post-MVP extensions' state (built only with XIP_EXT):
 * RAM tables, the drop bits of passive segments, ELEM segments applied to RAM
 * tables at instantiation, and the host API for RAM tables and host
 * references. Everything here reads a verified image.
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

uint32_t *xip_ram_table(const xip_instance *inst, uint32_t table, uint32_t **size, uint32_t *capacity)
{
    uint32_t t, r = 0, start = table_header_words(inst), elem, min, max = 0, cap = 0;
    for (t = 0; t <= table; t++) {
        start += cap;
        if (xip_table_info(inst, t, &elem, &min, &max) != 0) {
            cap = 0;
            if (t == table)
                return NULL;
            continue;
        }
        cap = max == XIP_NO_MAX ? min : max;
        r++;
    }
    if (r == inst->ram_table_count) { /* the last RAM table takes the rest */
        cap = inst->table_slots - start;
        if (max != XIP_NO_MAX && cap > max)
            cap = max;
    }
    *size = inst->table_buf + (r - 1);
    *capacity = cap;
    return inst->table_buf + start;
}

uint32_t xip_table_size(const xip_instance *inst, uint32_t table)
{
    uint32_t elem, min, max, cap, *size;
    uint32_t flash = xip_table_info(inst, table, &elem, &min, &max);
    if (flash)
        return xip_read_u32(inst->image + flash);
    xip_ram_table(inst, table, &size, &cap);
    return *size;
}

/* Image offset of the mode byte of segment seg of section (XIP_SECTION_DATA or XIP_SECTION_ELEM). */
static uint32_t segment_at(const xip_instance *inst, uint32_t section, uint32_t seg)
{
    uint32_t pos, i, n, k;
    if (section == XIP_SECTION_DATA) {
        pos = inst->data + 2;
        for (i = 0; i < seg; i++) {
            if (inst->image[pos++] == XIP_SEGMENT_ACTIVE)
                pos = xip_skip_cexpr(inst, pos);
            pos += 4u + xip_read_u32(inst->image + pos);
        }
        return pos;
    }
    pos = inst->elems + 2;
    for (i = 0; i < seg; i++) {
        uint32_t mode = inst->image[pos];
        pos += 2; /* mode, elemtype */
        if (mode == XIP_SEGMENT_ACTIVE)
            pos = xip_skip_cexpr(inst, pos + 1);
        n = xip_read_u32(inst->image + pos);
        pos += 4;
        for (k = 0; k < n; k++)
            pos = xip_skip_cexpr(inst, pos);
    }
    return pos;
}

/* The drop bit word and mask of passive segment seg of section. */
static uint32_t *drop_word(const xip_instance *inst, uint32_t section, uint32_t seg, uint32_t *mask)
{
    uint32_t bit = section == XIP_SECTION_DATA ? seg : inst->data_count + seg;
    *mask = 1u << (bit % 32u);
    return inst->table_buf + inst->ram_table_count + bit / 32u;
}

int xip_segment_dropped(const xip_instance *inst, uint32_t section, uint32_t seg)
{
    uint32_t mask;
    const uint32_t *word;
    /* active segments were applied and dropped before any code ran */
    if (inst->image[segment_at(inst, section, seg)] != XIP_SEGMENT_PASSIVE)
        return 1;
    word = drop_word(inst, section, seg, &mask); /* sets mask: read it after the call */
    return (*word & mask) != 0;
}

void xip_drop_segment(xip_instance *inst, uint32_t section, uint32_t seg)
{
    uint32_t mask;
    uint32_t *word;
    if (inst->image[segment_at(inst, section, seg)] == XIP_SEGMENT_PASSIVE) {
        word = drop_word(inst, section, seg, &mask); /* sets mask: read it after the call */
        *word |= mask;
    }
}

uint32_t xip_data_segment(const xip_instance *inst, uint32_t seg, uint32_t *length)
{
    uint32_t pos = segment_at(inst, XIP_SECTION_DATA, seg);
    if (inst->image[pos++] == XIP_SEGMENT_ACTIVE)
        pos = xip_skip_cexpr(inst, pos);
    *length = xip_segment_dropped(inst, XIP_SECTION_DATA, seg) ? 0 : xip_read_u32(inst->image + pos);
    return pos + 4;
}

uint32_t xip_elem_segment(const xip_instance *inst, uint32_t seg, uint32_t *count)
{
    uint32_t pos = segment_at(inst, XIP_SECTION_ELEM, seg), mode = inst->image[pos];
    pos += 2;
    if (mode == XIP_SEGMENT_ACTIVE)
        pos = xip_skip_cexpr(inst, pos + 1);
    *count = xip_segment_dropped(inst, XIP_SECTION_ELEM, seg) ? 0 : xip_read_u32(inst->image + pos);
    return pos + 4;
}

void xip_table_words(const xip_instance *inst, uint32_t *need, uint32_t *max_need)
{
    uint64_t n = table_header_words(inst), top = n;
    uint32_t t, r = 0, elem, min, max;
    for (t = 0; t < inst->table_count; t++) {
        if (xip_table_info(inst, t, &elem, &min, &max) != 0)
            continue;
        if (++r == inst->ram_table_count) {
            n += min;
            top = max == XIP_NO_MAX ? 0xffffffffu : top + max;
        } else {
            n += max == XIP_NO_MAX ? min : max;
            top += max == XIP_NO_MAX ? min : max;
        }
    }
    *need = n > 0xffffffffu ? 0xffffffffu : (uint32_t)n;
    *max_need = top > 0xffffffffu ? 0xffffffffu : (uint32_t)top;
}

void xip_reset_tables(xip_instance *inst, int imported_too)
{
    uint32_t t, i, elem, min, max, cap, *size, *entries;
    if (inst->table_buf == NULL)
        return;
    for (t = imported_too ? 0 : inst->import_table_count; t < inst->table_count; t++) {
        entries = xip_ram_table(inst, t, &size, &cap);
        if (entries == NULL)
            continue;
        xip_table_info(inst, t, &elem, &min, &max);
        *size = min;
        for (i = 0; i < min; i++)
            entries[i] = XIP_NULL_REF;
    }
    for (i = inst->ram_table_count; i < table_header_words(inst); i++)
        inst->table_buf[i] = 0;
}

/* Applies ELEM segment at image offset *pos (moved past it); XIP_OK or a trap. */
static xip_status apply_elem(xip_instance *inst, uint32_t *pos)
{
    const uint8_t *img = inst->image;
    uint32_t mode = img[*pos], t = 0, offset = 0, n, k, cap, *size, *entries = NULL;
    *pos += 2;
    if (mode == XIP_SEGMENT_ACTIVE) {
        t = img[(*pos)++];
        offset = (uint32_t)xip_eval_cexpr(inst, pos);
    }
    n = xip_read_u32(img + *pos);
    *pos += 4;
    if (mode == XIP_SEGMENT_ACTIVE) {
        entries = xip_ram_table(inst, t, &size, &cap);
        if ((uint64_t)offset + n > *size)
            return XIP_TRAP_TABLE_OUT_OF_BOUNDS;
    }
    for (k = 0; k < n; k++) {
        uint32_t ref = (uint32_t)xip_eval_cexpr(inst, pos);
        if (entries)
            entries[offset + k] = ref;
    }
    return XIP_OK; /* from now on the segment counts as dropped */
}

xip_status xip_apply_elems(xip_instance *inst)
{
    uint32_t pos = inst->elems + 2, i;
    xip_status st;
    for (i = 0; i < inst->elem_count; i++) {
        st = apply_elem(inst, &pos);
        if (st != XIP_OK)
            return st;
    }
    return XIP_OK;
}

/* Sets RAM table `table` to size entries within its limits and capacity; new entries are null. */
static xip_status resize_ram_table(xip_instance *inst, uint32_t table, uint32_t size)
{
    uint32_t *entries, *size_word, cap, elem, min, max, i;
    if (xip_table_info(inst, table, &elem, &min, &max) != 0)
        return XIP_ERR_ARGUMENT; /* a flash table */
    entries = xip_ram_table(inst, table, &size_word, &cap);
    if (size < min || size > max)
        return XIP_ERR_ARGUMENT;
    if (size > cap)
        return XIP_ERR_BUFFER_TOO_SMALL;
    for (i = *size_word; i < size; i++)
        entries[i] = XIP_NULL_REF;
    *size_word = size;
    return XIP_OK;
}

xip_status xip_set_import_table(xip_instance *inst, uint32_t table, uint32_t size)
{
    if (inst == NULL || (inst->state & XIP_ST_MASK) != XIP_ST_LOADED)
        return XIP_ERR_STATE;
    if (table >= inst->import_table_count)
        return XIP_ERR_ARGUMENT;
    return resize_ram_table(inst, table, size);
}

uint32_t *xip_table_entries(xip_instance *inst, uint32_t table, uint32_t *size)
{
    uint32_t *entries, *size_word, cap;
    if (size)
        *size = 0;
    if (inst == NULL || (inst->state & XIP_ST_MASK) == XIP_ST_NONE || table >= inst->table_count)
        return NULL;
    entries = xip_ram_table(inst, table, &size_word, &cap);
    if (entries && size)
        *size = *size_word;
    return entries;
}

xip_status xip_table_set_size(xip_instance *inst, uint32_t table, uint32_t size)
{
    if (inst == NULL || (inst->state & XIP_ST_MASK) == XIP_ST_NONE)
        return XIP_ERR_STATE;
    if (table >= inst->table_count)
        return XIP_ERR_ARGUMENT;
    return resize_ram_table(inst, table, size);
}

int xip_host_ref(const xip_instance *inst, uint32_t *ref, xip_functype *type)
{
    uint32_t st, t;
    if (inst == NULL)
        return 0;
    st = inst->state & XIP_ST_MASK;
    if (st != XIP_ST_HOST || inst->host_import < XIP_HOST_REF_BASE)
        return 0;
    if (ref)
        *ref = inst->host_import;
    if (type) {
        t = xip_type_offset(inst, inst->host_type);
        type->param_count = inst->image[t];
        type->result_count = inst->image[t + 1];
        type->params = inst->image + t + 2;
        type->results = type->params + type->param_count;
    }
    return 1;
}

#endif /* XIP_EXT */
