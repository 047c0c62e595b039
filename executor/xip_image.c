/*
 * xip_image.c: the image reader (see xip_image.h): the header, the section
 * list, one parser per section entry, the constant-expression walk, and the
 * per-index lookups of a loaded instance, each O(1) through the section's
 * offset table (or FUNC's fixed entry size).
 */
#include <string.h>

#include "xip_image.h"

/* ---- cursors -------------------------------------------------------------- */

int xipi_has(xipi_cursor *c, uint32_t n)
{
    if (c->bad || c->end - c->pos < n) {
        c->bad = 1;
        return 0;
    }
    return 1;
}

void xipi_fail(xipi_cursor *c, uint32_t at)
{
    if (!c->bad || at < c->pos)
        c->pos = at;
    c->bad = 1;
}

/* Reads an n-byte (1, 2 or 4) little-endian value and moves past it (0, and bad, if it is not all there). */
static uint32_t get_le(xipi_cursor *c, uint32_t n)
{
    const uint8_t *p = c->img + c->pos;
    if (c->bad || c->end - c->pos < n) { /* xipi_has, without the call: every field read comes here */
        c->bad = 1;
        return 0;
    }
    c->pos += n;
    return n == 1 ? p[0] : n == 2 ? xip_read_u16(p) : xip_read_u32(p);
}

uint32_t xipi_get8(xipi_cursor *c)
{
    return get_le(c, 1);
}

uint32_t xipi_get16(xipi_cursor *c)
{
    return get_le(c, 2);
}

uint32_t xipi_get32(xipi_cursor *c)
{
    return get_le(c, 4);
}

uint32_t xipi_skip(xipi_cursor *c, uint32_t n)
{
    uint32_t at = c->pos;
    if (xipi_has(c, n))
        c->pos += n;
    return at;
}

int xipi_same_bytes(const uint8_t *a, const uint8_t *b, uint32_t n)
{
    uint32_t i;
    for (i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* ---- header and section list ---------------------------------------------- */

xip_status xipi_check_header(xipi_image *img, const uint8_t *image, uint32_t size, uint32_t *at)
{
    uint32_t n = size < XIP_MAGIC_SIZE ? size : XIP_MAGIC_SIZE;
    memset(img, 0, sizeof *img);
    img->bytes = image;
    *at = 0;
    if (!xipi_same_bytes(image, xip_magic(), n))
        return XIP_ERR_MAGIC;
    if (size < XIP_HEADER_SIZE)
        return XIP_ERR_TRUNCATED;
    img->version = image[8];
    img->flags = image[9];
    img->size = xip_read_u32(image + 12);
    img->checksum = xip_read_u32(image + 16);
    *at = 8;
    if (img->version != XIP_FORMAT_VERSION)
        return XIP_ERR_VERSION;
    *at = 12;
    if (img->size > size)
        return XIP_ERR_TRUNCATED;
    if (img->size < XIP_HEADER_SIZE)
        return XIP_ERR_MALFORMED;
    *at = 16;
    if (xip_adler32(1, image + 20, img->size - 20) != img->checksum)
        return XIP_ERR_CHECKSUM;
    *at = 9;
    if ((img->flags & ~XIP_IMAGE_FLOAT) != 0 || image[10] != 0 || image[11] != 0)
        return XIP_ERR_MALFORMED;
    return XIP_OK;
}

xip_status xipi_find_sections(xipi_image *img, uint32_t *at)
{
    uint32_t pos = XIP_HEADER_SIZE, last = 0, size = img->size;
    while (pos < size) {
        uint32_t id, n;
        *at = pos;
        if (size - pos < XIP_SECTION_HEADER_SIZE)
            return XIP_ERR_MALFORMED;
        id = img->bytes[pos];
        n = xip_read_u32(img->bytes + pos + 1);
        if (id <= last || id > XIP_SECTION_LAST || n > size - pos - XIP_SECTION_HEADER_SIZE)
            return XIP_ERR_MALFORMED;
        img->offset[id] = pos + XIP_SECTION_HEADER_SIZE;
        img->length[id] = n;
        last = id;
        pos += XIP_SECTION_HEADER_SIZE + n;
    }
    return XIP_OK;
}

/* ---- offset tables ---------------------------------------------------------- */

/* Offset width of the indexed section whose body is at `body` (from its size field, checked by xipi_find_sections). */
static uint32_t index_width(const uint8_t *img, uint32_t body)
{
    return xip_index_width(xip_read_u32(img + body - 4));
}

/* Reads a w-byte (1, 2 or 4) offset at p. */
static uint32_t read_offset(const uint8_t *p, uint32_t w)
{
    return w == 1 ? p[0] : w == 2 ? xip_read_u16(p) : xip_read_u32(p);
}

uint32_t xipi_read_count(xipi_cursor *c, uint32_t id)
{
    uint32_t body = c->pos, count;
    if (id == XIP_SECTION_MEMORY)
        return xipi_get8(c);
    if (id == XIP_SECTION_START || id == XIP_SECTION_CODE || id == XIP_SECTION_STACK)
        return 0;
    count = xipi_get16(c);
    if (xip_section_indexed(id) && count > 0)
        xipi_skip(c, (count - 1) * index_width(c->img, body)); /* at most 65534 * 4 */
    return count;
}

int xipi_check_entry(xipi_cursor *c, uint32_t body, uint32_t i)
{
    if (c->bad || i == 0) /* entry 0 starts where the table ends: xipi_read_count went there */
        return !c->bad;
    if (xipi_entry(c->img, body, i) != c->pos) /* its slot is inside the table xipi_read_count skipped */
        xipi_fail(c, body + 2 + (i - 1) * index_width(c->img, body));
    return !c->bad;
}

uint32_t xipi_entry(const uint8_t *img, uint32_t body, uint32_t i)
{
    uint32_t w = index_width(img, body);
    if (i == 0)
        return body + 2 + (xip_read_u16(img + body) - 1u) * w; /* count > i */
    return body + read_offset(img + body + 2 + (i - 1) * w, w);
}

xipi_cursor xipi_begin(const xip_instance *inst, uint32_t body)
{
    if (body == 0 || xip_read_u16(inst->image + body) == 0)
        return xipi_trusted(inst->image, body + 2); /* no entry to read */
    return xipi_trusted(inst->image, xipi_entry(inst->image, body, 0));
}

/* ---- entries -------------------------------------------------------------- */

/* Reads a name (u16 length + bytes): *bytes its image offset, *len its length. */
static void read_name(xipi_cursor *c, uint32_t *bytes, uint32_t *len)
{
    *len = xipi_get16(c);
    *bytes = xipi_skip(c, *len);
}

void xipi_read_type(xipi_cursor *c, xipi_type *e)
{
    const uint8_t *p = c->img + c->pos;
    e->nparams = 0;
    e->nresults = 0;
    if (c->bad || c->end - c->pos < 2) { /* the counts cut short: bad at the end, as field by field */
        xipi_fail(c, c->end);
        e->valtypes = c->pos;
        return;
    }
    e->nparams = p[0];
    e->nresults = p[1];
    e->valtypes = c->pos + 2;
    c->pos = e->valtypes;
    if (c->end - c->pos < e->nparams + e->nresults)
        xipi_fail(c, c->end); /* the value types run past the end */
    else
        c->pos += e->nparams + e->nresults;
}

/* Reads limits { u32 min, u32 max }. */
static void read_limits(xipi_cursor *c, xipi_limits *limits)
{
    limits->at = c->pos;
    limits->min = xipi_get32(c);
    limits->max = xipi_get32(c);
}

void xipi_read_memory(xipi_cursor *c, xipi_limits *limits, uint32_t *page_log2)
{
    read_limits(c, limits);
    *page_log2 = xipi_get8(c);
}

void xipi_read_import(xipi_cursor *c, xipi_import *e)
{
    memset(e, 0, sizeof *e);
    e->at = c->pos;
    e->kind = xipi_get8(c);
    if (e->kind == XIP_EXTERN_FUNC) {
        e->type = xipi_get16(c);
    } else if (e->kind == XIP_EXTERN_GLOBAL) {
        e->valtype = xipi_get8(c);
        e->mutable_ = xipi_get8(c);
    } else if (e->kind == XIP_EXTERN_TABLE) {
        e->valtype = xipi_get8(c);
        read_limits(c, &e->limits);
        e->before = xipi_get32(c);
    } else if (e->kind == XIP_EXTERN_MEMORY) {
        xipi_read_memory(c, &e->limits, &e->page_log2);
    } else { /* an unknown kind has no known size */
        xipi_fail(c, e->at + 1);
        return;
    }
    read_name(c, &e->module, &e->module_len);
    read_name(c, &e->field, &e->field_len);
}

typedef char xip_func_fields_even_but_nresults[XIP_FUNC_TYPE == 0 && XIP_FUNC_NPARAMS == 2 && XIP_FUNC_NRESULTS == 3 &&
                                              XIP_FUNC_NLOCALS == 4 && XIP_FUNC_FRAME == 6 && XIP_FUNC_CODE == 8
                                              ? 1 : -1];

void xipi_read_func(xipi_cursor *c, xipi_func *e)
{
    const uint8_t *p = c->img + c->pos;
    if (!c->bad && c->end - c->pos >= XIP_FUNC_ENTRY_SIZE) { /* all there: one check */
        e->type = xip_read_u16(p + XIP_FUNC_TYPE);
        e->nparams = p[XIP_FUNC_NPARAMS];
        e->nresults = p[XIP_FUNC_NRESULTS];
        e->nlocals = xip_read_u16(p + XIP_FUNC_NLOCALS);
        e->frame = xip_read_u16(p + XIP_FUNC_FRAME);
        e->code = xip_read_u32(p + XIP_FUNC_CODE);
        c->pos += XIP_FUNC_ENTRY_SIZE;
        return;
    }
    /*
     * cut short (r < 12 bytes left): bad at the first field missing, the last
     * one to start within them: fields start at 0, 2, 3, 4, 6 and 8, so for
     * r < 8 that is r rounded down to even, but 3 for r = 3 (nresults).
     */
    if (!c->bad) {
        uint32_t r = c->end - c->pos;
        xipi_fail(c, c->pos + (r >= XIP_FUNC_CODE ? XIP_FUNC_CODE : r == XIP_FUNC_NRESULTS ? r : r & ~1u));
    }
}

void xipi_read_table(xipi_cursor *c, xipi_table *e)
{
    e->elemtype = xipi_get8(c);
    e->flags = xipi_get8(c);
    read_limits(c, &e->limits);
    e->n = 0;
    e->items = 0;
    e->ram = 0;
    e->before = 0;
    e->ram_at = 0;
    if (e->flags & XIP_TABLE_RAM) {
        e->ram_at = c->pos;
        e->ram = xipi_get8(c);
        e->before = xipi_get32(c);
        return;
    }
    e->n = xipi_get32(c);
    e->items = c->pos;
    if (e->n > (c->end - c->pos) / 2) /* 2 * n could wrap */
        xipi_fail(c, c->pos);
    else
        xipi_skip(c, 2 * e->n);
}

/* Byte size of the operand of each cexpr opcode (END .. MUL64). */
static const uint8_t cexpr_operand_size[XIP_CEXPR_MUL64 + 1] = {
    [XIP_CEXPR_I32] = 4, [XIP_CEXPR_I64] = 8, [XIP_CEXPR_GLOBAL] = 2, [XIP_CEXPR_REF_FUNC] = 2,
};

uint32_t xipi_read_cexpr_op(xipi_cursor *c, uint64_t *operand)
{
    uint32_t at = c->pos, op = xipi_get8(c), size, lo, hi;
    *operand = 0;
    if (op > XIP_CEXPR_MUL64) {
        xipi_fail(c, at + 1);
        return op;
    }
    size = cexpr_operand_size[op];
    if (size == 0 || !xipi_has(c, size)) /* the operand is one field: bad at its start */
        return op;
    lo = get_le(c, size > 4 ? 4 : size);
    hi = size > 4 ? get_le(c, 4) : 0;
    *operand = lo | (uint64_t)hi << 32;
    return op;
}

void xipi_skip_cexpr(xipi_cursor *c)
{
    uint64_t operand;
    while (xipi_read_cexpr_op(c, &operand) != XIP_CEXPR_END && !c->bad)
        ;
}

uint32_t xipi_value_class(uint32_t t)
{
    switch (t) {
    case XIP_I32: case XIP_F32: return XIPI_CL_32;
    case XIP_I64: case XIP_F64: return XIPI_CL_64;
    case XIP_FUNCREF: return XIPI_CL_FUNCREF;
    case XIP_EXTERNREF: return XIPI_CL_EXTERNREF;
    default: return XIPI_CL_BAD;
    }
}

/* The class of the value each cexpr opcode pushes (a global's: looked up; END: none). */
static const uint8_t cexpr_class[XIP_CEXPR_MUL64 + 1] = {
    [XIP_CEXPR_I32] = XIPI_CL_32,   [XIP_CEXPR_I64] = XIPI_CL_64,   [XIP_CEXPR_REF_FUNC] = XIPI_CL_FUNCREF,
    [XIP_CEXPR_REF_NULL] = XIPI_CL_NULL, [XIP_CEXPR_ADD32] = XIPI_CL_32, [XIP_CEXPR_SUB32] = XIPI_CL_32,
    [XIP_CEXPR_MUL32] = XIPI_CL_32, [XIP_CEXPR_ADD64] = XIPI_CL_64, [XIP_CEXPR_SUB64] = XIPI_CL_64,
    [XIP_CEXPR_MUL64] = XIPI_CL_64,
};

/* a op b for a binary cexpr opcode: add, sub or mul in 64 bits (the 32-bit ones are truncated by the caller). */
static uint64_t cexpr_binary(uint32_t op, uint64_t a, uint64_t b)
{
    if (op >= XIP_CEXPR_ADD64)
        op -= XIP_CEXPR_ADD64 - XIP_CEXPR_ADD32; /* the same three in the same order */
    return op == XIP_CEXPR_ADD32 ? a + b : op == XIP_CEXPR_SUB32 ? a - b : a * b;
}
typedef char xip_cexpr_binary_order[XIP_CEXPR_SUB32 == XIP_CEXPR_ADD32 + 1 && XIP_CEXPR_MUL32 == XIP_CEXPR_ADD32 + 2 &&
                                    XIP_CEXPR_SUB64 == XIP_CEXPR_ADD64 + 1 && XIP_CEXPR_MUL64 == XIP_CEXPR_ADD64 + 2
                                    ? 1 : -1];

uint64_t xipi_walk_cexpr(const xip_instance *inst, xipi_cursor *c, uint32_t globals, int eval, uint32_t *cls)
{
    uint64_t val[XIP_CEXPR_MAX_DEPTH], v;
    uint8_t cl_of[XIP_CEXPR_MAX_DEPTH];
    uint32_t depth = 0, op, cl;
    xipi_global g;
    *cls = XIPI_CL_BAD;
    for (;;) {
        op = xipi_read_cexpr_op(c, &v); /* an unknown opcode stops it */
        if (c->bad || op == XIP_CEXPR_END)
            break;
        cl = cexpr_class[op];
        if (op >= XIP_CEXPR_ADD32) {
            if (depth < 2 || cl_of[depth - 1] != cl || cl_of[depth - 2] != cl) {
                xipi_fail(c, c->pos);
                return 0;
            }
            depth--;
            v = cexpr_binary(op, val[depth - 1], val[depth]); /* the low 32 bits depend on the low 32 only */
            val[depth - 1] = cl == XIPI_CL_32 ? (uint32_t)v : v;
            continue;
        }
        if (op == XIP_CEXPR_REF_FUNC && v >= (uint32_t)inst->import_count + inst->func_count)
            cl = XIPI_CL_BAD;
        if (op == XIP_CEXPR_REF_NULL)
            v = XIP_NULL_REF;
        if (op == XIP_CEXPR_GLOBAL && v < globals) {
            xipi_global_at(inst, (uint32_t)v, &g);
            cl = xipi_value_class(g.valtype);
            v = eval ? inst->globals[v] : 0;
        }
        if (cl == XIPI_CL_BAD || depth == XIP_CEXPR_MAX_DEPTH) {
            xipi_fail(c, c->pos);
            return 0;
        }
        cl_of[depth] = (uint8_t)cl;
        val[depth++] = v;
    }
    if (c->bad || depth != 1) {
        xipi_fail(c, c->pos);
        return 0;
    }
    *cls = cl_of[0];
    return val[0];
}

/* A GLOBAL entry up to its init cexpr (not skipped: O(1)). */
static void read_global_head(xipi_cursor *c, xipi_global *e)
{
    e->valtype = xipi_get8(c);
    e->mutable_ = xipi_get8(c);
    e->init = c->pos;
}

void xipi_read_global(xipi_cursor *c, xipi_global *e)
{
    read_global_head(c, e);
    xipi_skip_cexpr(c);
}

void xipi_read_export(xipi_cursor *c, xipi_export *e)
{
    e->at = c->pos;
    e->kind = xipi_get8(c);
    e->index = xipi_get16(c);
    read_name(c, &e->name, &e->name_len);
}

uint32_t xipi_read_start(xipi_cursor *c)
{
    return xipi_get16(c);
}

/*
 * A DATA (elem 0) or ELEM (elem 1) entry; whole 0 stops an active one after
 * its offset cexpr's start (O(1): the cexpr is not walked). An ELEM entry
 * stops before its items.
 */
static void read_segment(xipi_cursor *c, xipi_segment *e, int elem, int whole)
{
    memset(e, 0, sizeof *e);
    e->at = c->pos;
    e->mode = xipi_get8(c);
    if (elem)
        e->elemtype = xipi_get8(c);
    if (e->mode == XIP_SEGMENT_ACTIVE) {
        if (elem)
            e->table = xipi_get8(c);
        e->offset = c->pos;
        if (!whole)
            return;
        xipi_skip_cexpr(c);
    }
    e->count = xipi_get32(c);
    e->items = c->pos;
    if (!elem)
        xipi_skip(c, e->count);
}

void xipi_read_data(xipi_cursor *c, xipi_segment *e)
{
    read_segment(c, e, 0, 1);
}

void xipi_read_elem(xipi_cursor *c, xipi_segment *e)
{
    uint32_t k;
    read_segment(c, e, 1, 1);
    for (k = 0; k < e->count && !c->bad; k++)
        xipi_skip_cexpr(c);
}

/* ---- lookups in a loaded instance ----------------------------------------- */

void xipi_type_at(const xip_instance *inst, uint32_t type, xipi_type *e)
{
    xipi_cursor c = xipi_trusted(inst->image, xipi_entry(inst->image, inst->types, type));
    xipi_read_type(&c, e);
}

void xipi_functype(const xip_instance *inst, uint32_t type, xip_functype *out)
{
    xipi_type e;
    xipi_type_at(inst, type, &e);
    out->param_count = e.nparams;
    out->result_count = e.nresults;
    out->params = inst->image + e.valtypes;
    out->results = out->params + e.nparams;
}

void xipi_import_at(const xip_instance *inst, uint32_t import, xipi_import *e)
{
    xipi_cursor c = xipi_trusted(inst->image, xipi_entry(inst->image, inst->imports, import));
    xipi_read_import(&c, e);
}

void xipi_func_at(const xip_instance *inst, uint32_t defined, xipi_func *e, uint32_t *code_end)
{
    xipi_cursor c = xipi_trusted(inst->image, inst->funcs + 2 + XIP_FUNC_ENTRY_SIZE * defined);
    xipi_read_func(&c, e);
    *code_end = defined + 1 < inst->func_count ? xip_read_u32(inst->image + c.pos + XIP_FUNC_CODE)
                                               : inst->code_size;
}

void xipi_export_at(const xip_instance *inst, uint32_t export_index, xipi_export *e)
{
    xipi_cursor c = xipi_trusted(inst->image, xipi_entry(inst->image, inst->exports, export_index));
    xipi_read_export(&c, e);
}

void xipi_table_at(const xip_instance *inst, uint32_t table, xipi_table *e)
{
    xipi_cursor c;
    if (table < inst->import_table_count) {
        xipi_import imp;
        xipi_import_at(inst, (uint32_t)inst->import_count + table, &imp);
        e->elemtype = imp.valtype;
        e->flags = XIP_TABLE_RAM;
        e->limits = imp.limits;
        e->n = 0;
        e->items = 0;
        e->ram = table;
        e->before = imp.before;
        e->ram_at = 0;
        return;
    }
    c = xipi_trusted(inst->image, xipi_entry(inst->image, inst->tables, table - inst->import_table_count));
    xipi_read_table(&c, e);
}

void xipi_global_at(const xip_instance *inst, uint32_t global, xipi_global *e)
{
    xipi_cursor c;
    if (global < inst->import_global_count) {
        xipi_import imp;
        xipi_import_at(inst, (uint32_t)inst->import_total - inst->import_global_count + global, &imp);
        e->valtype = imp.valtype;
        e->mutable_ = imp.mutable_;
        e->init = 0;
        return;
    }
    c = xipi_trusted(inst->image, xipi_entry(inst->image, inst->globals_section, global - inst->import_global_count));
    read_global_head(&c, e);
}

#if XIP_EXT /* only RAM tables and passive segments look segments up by index */
void xipi_segment_at(const xip_instance *inst, uint32_t section, uint32_t seg, xipi_segment *e)
{
    xipi_cursor c = xipi_trusted(inst->image,
                                 xipi_entry(inst->image, section == XIP_SECTION_DATA ? inst->data : inst->elems, seg));
    read_segment(&c, e, section == XIP_SECTION_ELEM, 0);
}
#endif /* XIP_EXT */

void xipi_memory_at(const xip_instance *inst, xipi_limits *limits, uint32_t *page_log2)
{
    xipi_cursor c = xipi_trusted(inst->image, inst->memory_limits);
    xipi_read_memory(&c, limits, page_log2);
}

uint32_t xipi_memory_min(const xip_instance *inst)
{
    xipi_limits limits;
    uint32_t page_log2;
    xipi_memory_at(inst, &limits, &page_log2);
    return limits.min;
}

uint32_t xipi_func_type_index(const xip_instance *inst, uint32_t func)
{
    xipi_import imp;
    if (func < inst->import_count) {
        xipi_import_at(inst, func, &imp);
        return imp.type;
    }
    return xip_read_u16(xipi_func_entry(inst, func - inst->import_count) + XIP_FUNC_TYPE);
}
