/*
 * xip_image.c: the image reader (see xip_image.h): the header, the section
 * list, one parser per section entry, the constant-expression walk, and the
 * per-index lookups of a loaded instance, each O(1) through the section's
 * offset table (or FUNC's fixed entry size).
 */
#include <stddef.h>
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

/*
 * Entry layouts as field lists: one byte a field, read in order by
 * read_fields into the uint32_t words of an entry struct (xip_image.h). The
 * high nibble is the step, the low one the word it sets (CLEAR: how many
 * words from the first to zero; NEXT: the word that picks the row). A
 * checked read fails as get_le does, at the start of the first field that
 * is not all there.
 */
enum {
    STEP_END,   /* the list ends */
    STEP_NEXT,  /* then a byte rows << 4 | size, and rows rows of size bytes: goes on in row e[w] (< rows, else fails here) */
    STEP_CLEAR, /* zeroes the first n words */
    STEP_AT,    /* the offset here */
    STEP_CEXPR, /* the offset here, then skips a cexpr */
    STEP_BYTES, /* the offset here, then skips as many bytes as the last value read */
    STEP_PAIRS, /* the same, of 2-byte items */
    STEP_U8,    /* a u8, u16 or u32 (the step's width: 1 << (step - STEP_U8)) */
    STEP_U16,
    STEP_U32
};
#define FIELD(step, type, word) (uint8_t)(STEP_##step << 4 | offsetof(type, word) / 4u)
#define CLEAR(type) (uint8_t)(STEP_CLEAR << 4 | sizeof(type) / 4u)
#define NEXT(type, word, rows, size) FIELD(NEXT, type, word), (uint8_t)((rows) << 4 | (size))
/* Every entry struct is uint32_t words, sixteen at most (fifteen for CLEAR). */
typedef char xip_entries_fit_the_steps[sizeof(xipi_import) < 16 * 4 && sizeof(xipi_table) < 16 * 4 &&
                                       sizeof(xipi_segment) < 16 * 4 && sizeof(xipi_export) < 16 * 4 &&
                                       sizeof(xipi_global) < 16 * 4 && sizeof(xipi_limits) < 16 * 4 &&
                                       sizeof(xipi_func) < 16 * 4 && sizeof(xipi_type) < 16 * 4
                                       ? 1 : -1];

/* Reads the fields of list (ended by STEP_END) at the cursor into entry. */
static void read_fields(xipi_cursor *c, void *entry, const uint8_t *list)
{
    uint32_t v = 0, d, step, unit;
    for (; (d = *list) != STEP_END; list++) {
        uint32_t *word = (uint32_t *)(void *)((uint8_t *)entry + 4u * (d & 15u)); /* a uint32_t field */
        step = d >> 4;
        if (step == STEP_NEXT) {
            if (*word >= (uint32_t)list[1] >> 4u) { /* no such row: the entry has no known size */
                xipi_fail(c, c->pos);
                return;
            }
            list += 1u + (list[1] & 15u) * *word; /* at row *word, less the loop's step */
            continue;
        }
        if (step == STEP_CLEAR) {
            memset(entry, 0, 4u * (d & 15u));
            continue;
        }
        if (step >= STEP_U8) {
            v = get_le(c, 1u << (step - STEP_U8));
            *word = v;
            continue;
        }
        *word = c->pos;
        unit = step - STEP_BYTES + 1u;
        if (step == STEP_CEXPR) {
            xipi_skip_cexpr(c);
        } else if (step >= STEP_BYTES) { /* v items of unit bytes (unit * v could wrap) */
            if (c->bad || v > (c->end - c->pos) / unit)
                c->bad = 1;
            else
                c->pos += unit * v;
        }
    }
}

/* TYPE: the counts, then a value type byte each (read_type skips those). */
static const uint8_t type_fields[] = {
    FIELD(U8, xipi_type, nparams), FIELD(U8, xipi_type, nresults), FIELD(AT, xipi_type, valtypes), STEP_END,
};

void xipi_read_type(xipi_cursor *c, xipi_type *e)
{
    uint32_t n;
    read_fields(c, e, type_fields);
    n = e->nparams + e->nresults;
    if (!c->bad && c->end - c->pos < n)
        xipi_fail(c, c->end); /* the value types run past the end: bad at the first one missing, a byte field each */
    else if (!c->bad)
        c->pos += n;
}

static const uint8_t memory_fields[] = {
    FIELD(AT, xipi_limits, at), FIELD(U32, xipi_limits, min), FIELD(U32, xipi_limits, max), STEP_END,
};

void xipi_read_memory(xipi_cursor *c, xipi_limits *limits, uint32_t *page_log2)
{
    read_fields(c, limits, memory_fields);
    *page_log2 = xipi_get8(c);
}

/* An import: its kind, then by kind (XIP_EXTERN_*, rows of 10 bytes) its fields and names. */
#define IMPORT_NAMES_                                                                                \
    FIELD(U16, xipi_import, module_len), FIELD(BYTES, xipi_import, module), FIELD(U16, xipi_import, field_len), \
        FIELD(BYTES, xipi_import, field), STEP_END
static const uint8_t import_fields[] = {
    CLEAR(xipi_import), FIELD(AT, xipi_import, at), FIELD(U8, xipi_import, kind), NEXT(xipi_import, kind, 4, 10),
    /* function */ FIELD(U16, xipi_import, type), IMPORT_NAMES_, STEP_END, STEP_END, STEP_END, STEP_END,
    /* table */ FIELD(U8, xipi_import, valtype), FIELD(AT, xipi_import, limits.at), FIELD(U32, xipi_import, limits.min),
    FIELD(U32, xipi_import, limits.max), FIELD(U32, xipi_import, before), IMPORT_NAMES_,
    /* memory */ FIELD(AT, xipi_import, limits.at), FIELD(U32, xipi_import, limits.min),
    FIELD(U32, xipi_import, limits.max), FIELD(U8, xipi_import, page_log2), IMPORT_NAMES_, STEP_END,
    /* global */ FIELD(U8, xipi_import, valtype), FIELD(U8, xipi_import, mutable_), IMPORT_NAMES_, STEP_END, STEP_END,
    STEP_END,
};
typedef char xip_import_rows[sizeof import_fields == 5 + 4 * 10 && XIP_EXTERN_FUNC == 0 && XIP_EXTERN_TABLE == 1 &&
                             XIP_EXTERN_MEMORY == 2 && XIP_EXTERN_GLOBAL == 3 ? 1 : -1];

void xipi_read_import(xipi_cursor *c, xipi_import *e)
{
    read_fields(c, e, import_fields);
}

/* FUNC: its 12 bytes field by field (cut short: bad at the first field missing, as everywhere). */
static const uint8_t func_fields[] = {
    FIELD(U16, xipi_func, type),    FIELD(U8, xipi_func, nparams), FIELD(U8, xipi_func, nresults),
    FIELD(U16, xipi_func, nlocals), FIELD(U16, xipi_func, frame),  FIELD(U32, xipi_func, code), STEP_END,
};
typedef char xip_func_fields_in_order[XIP_FUNC_TYPE == 0 && XIP_FUNC_NPARAMS == 2 && XIP_FUNC_NRESULTS == 3 &&
                                      XIP_FUNC_NLOCALS == 4 && XIP_FUNC_FRAME == 6 && XIP_FUNC_CODE == 8 &&
                                      XIP_FUNC_ENTRY_SIZE == 12 ? 1 : -1];

void xipi_read_func(xipi_cursor *c, xipi_func *e)
{
    read_fields(c, e, func_fields);
}

/* A table's fields up to its limits, then by its flags (rows of 4 bytes) a flash table's or a RAM table's. */
static const uint8_t table_fields[] = {
    CLEAR(xipi_table), FIELD(U8, xipi_table, elemtype), FIELD(U8, xipi_table, flags),
    FIELD(AT, xipi_table, limits.at), FIELD(U32, xipi_table, limits.min), FIELD(U32, xipi_table, limits.max),
    NEXT(xipi_table, flags, 2, 4),
    /* flash */ FIELD(U32, xipi_table, n), FIELD(PAIRS, xipi_table, items), STEP_END, STEP_END,
    /* XIP_TABLE_RAM */ FIELD(AT, xipi_table, ram_at), FIELD(U8, xipi_table, ram), FIELD(U32, xipi_table, before), STEP_END,
};
typedef char xip_table_rows[sizeof table_fields == 8 + 2 * 4 && XIP_TABLE_RAM == 1 ? 1 : -1];

void xipi_read_table(xipi_cursor *c, xipi_table *e)
{
    read_fields(c, e, table_fields);
}

/* Byte sizes of the operands of I32, I64, GLOBAL and REF_FUNC (the others have none), 4 bits each from the low end. */
#define CEXPR_OPERAND_SIZES 0x2284u
typedef char xip_cexpr_operand_ops[XIP_CEXPR_I64 == XIP_CEXPR_I32 + 1 && XIP_CEXPR_GLOBAL == XIP_CEXPR_I32 + 2 &&
                                   XIP_CEXPR_REF_FUNC == XIP_CEXPR_I32 + 3 ? 1 : -1];

uint32_t xipi_read_cexpr_op(xipi_cursor *c, uint64_t *operand)
{
    uint32_t at = c->pos, op = xipi_get8(c), size, lo, hi;
    *operand = 0;
    if (op > XIP_CEXPR_MUL64) {
        xipi_fail(c, at + 1);
        return op;
    }
    size = op - XIP_CEXPR_I32 <= XIP_CEXPR_REF_FUNC - XIP_CEXPR_I32 ? CEXPR_OPERAND_SIZES >> 4u * (op - XIP_CEXPR_I32) & 15u : 0;
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
    /* By arithmetic, not a switch (gcc makes that a 17-byte table): the numbers
     * 0x7c..0x7f are f64 f32 i64 i32 (odd: 32 bits), the references 0x70 and 0x6f. */
    uint32_t ref = t - XIP_EXTERNREF, num = t - XIP_F64;
    if (ref <= XIP_FUNCREF - XIP_EXTERNREF)
        return XIPI_CL_EXTERNREF - ref;
    if (num <= XIP_I32 - XIP_F64)
        return XIPI_CL_64 - (t & 1);
    return XIPI_CL_BAD;
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

/* A GLOBAL entry up to its init cexpr (not skipped: O(1)), and a whole one. */
static const uint8_t global_fields[2][4] = {
    {FIELD(U8, xipi_global, valtype), FIELD(U8, xipi_global, mutable_), FIELD(AT, xipi_global, init), STEP_END},
    {FIELD(U8, xipi_global, valtype), FIELD(U8, xipi_global, mutable_), FIELD(CEXPR, xipi_global, init), STEP_END},
};

void xipi_read_global(xipi_cursor *c, xipi_global *e)
{
    read_fields(c, e, global_fields[1]);
}

static const uint8_t export_fields[] = {
    FIELD(AT, xipi_export, at),        FIELD(U8, xipi_export, kind),     FIELD(U16, xipi_export, index),
    FIELD(U16, xipi_export, name_len), FIELD(BYTES, xipi_export, name), STEP_END,
};

void xipi_read_export(xipi_cursor *c, xipi_export *e)
{
    read_fields(c, e, export_fields);
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
/* Rows by mode (XIP_SEGMENT_*): DATA has an active and a passive one, ELEM a dropped one too. */
typedef char xip_segment_rows[XIP_SEGMENT_ACTIVE == 0 && XIP_SEGMENT_PASSIVE == 1 && XIP_SEGMENT_DROPPED == 2 ? 1 : -1];
#define SEGMENT_HEAD_ CLEAR(xipi_segment), FIELD(AT, xipi_segment, at), FIELD(U8, xipi_segment, mode)
#define DATA_BYTES_ FIELD(U32, xipi_segment, count), FIELD(BYTES, xipi_segment, items)
#define ELEM_ITEMS_ FIELD(U32, xipi_segment, count), FIELD(AT, xipi_segment, items)
static const uint8_t data_fields[] = {
    SEGMENT_HEAD_, NEXT(xipi_segment, mode, 2, 4),
    /* active */ FIELD(CEXPR, xipi_segment, offset), DATA_BYTES_, STEP_END,
    /* passive */ DATA_BYTES_, STEP_END, STEP_END,
};
static const uint8_t elem_fields[] = { /* the items not walked */
    SEGMENT_HEAD_, FIELD(U8, xipi_segment, elemtype), NEXT(xipi_segment, mode, 3, 5),
    /* active */ FIELD(U8, xipi_segment, table), FIELD(CEXPR, xipi_segment, offset), ELEM_ITEMS_, STEP_END,
    /* passive */ ELEM_ITEMS_, STEP_END, STEP_END, STEP_END,
    /* dropped */ ELEM_ITEMS_, STEP_END, STEP_END, STEP_END,
};
/* The same for a lookup in O(1): an active segment's offset cexpr is not walked, and nothing after it read. */
static const uint8_t data_head_fields[] = {
    SEGMENT_HEAD_, NEXT(xipi_segment, mode, 2, 3),
    /* active */ FIELD(AT, xipi_segment, offset), STEP_END, STEP_END,
    /* passive */ DATA_BYTES_, STEP_END,
};
static const uint8_t elem_head_fields[] = {
    SEGMENT_HEAD_, FIELD(U8, xipi_segment, elemtype), NEXT(xipi_segment, mode, 3, 3),
    /* active */ FIELD(U8, xipi_segment, table), FIELD(AT, xipi_segment, offset), STEP_END,
    /* passive */ ELEM_ITEMS_, STEP_END,
    /* dropped */ ELEM_ITEMS_, STEP_END,
};
typedef char xip_segment_row_sizes[sizeof data_fields == 5 + 2 * 4 && sizeof elem_fields == 6 + 3 * 5 &&
                                   sizeof data_head_fields == 5 + 2 * 3 && sizeof elem_head_fields == 6 + 3 * 3
                                   ? 1 : -1];

void xipi_read_data(xipi_cursor *c, xipi_segment *e)
{
    read_fields(c, e, data_fields);
}

void xipi_read_elem_head(xipi_cursor *c, xipi_segment *e)
{
    read_fields(c, e, elem_fields);
}

void xipi_read_elem(xipi_cursor *c, xipi_segment *e)
{
    uint32_t k;
    xipi_read_elem_head(c, e);
    for (k = 0; k < e->count && !c->bad; k++)
        xipi_skip_cexpr(c);
}

/* ---- lookups in a loaded instance ----------------------------------------- */

/* Reads the fields of list from entry i of the verified indexed section at `body` into e. */
static void read_entry(const xip_instance *inst, uint32_t body, uint32_t i, const uint8_t *list, void *e)
{
    xipi_cursor c = xipi_trusted(inst->image, xipi_entry(inst->image, body, i));
    read_fields(&c, e, list);
}

void xipi_type_at(const xip_instance *inst, uint32_t type, xipi_type *e)
{
    uint32_t at = xipi_entry(inst->image, inst->types, type); /* verified: read in place, not field by field */
    e->nparams = inst->image[at];
    e->nresults = inst->image[at + 1];
    e->valtypes = at + 2;
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
    read_entry(inst, inst->imports, import, import_fields, e);
}

void xipi_func_at(const xip_instance *inst, uint32_t defined, xipi_func *e, uint32_t *code_end)
{
    const uint8_t *p = xipi_func_entry(inst, defined); /* verified: read in place, not field by field */
    e->type = xip_read_u16(p + XIP_FUNC_TYPE);
    e->nparams = p[XIP_FUNC_NPARAMS];
    e->nresults = p[XIP_FUNC_NRESULTS];
    e->nlocals = xip_read_u16(p + XIP_FUNC_NLOCALS);
    e->frame = xip_read_u16(p + XIP_FUNC_FRAME);
    e->code = xip_read_u32(p + XIP_FUNC_CODE);
    *code_end = defined + 1 < inst->func_count ? xip_read_u32(p + XIP_FUNC_ENTRY_SIZE + XIP_FUNC_CODE)
                                               : inst->code_size;
}

void xipi_export_at(const xip_instance *inst, uint32_t export_index, xipi_export *e)
{
    read_entry(inst, inst->exports, export_index, export_fields, e);
}

/* An imported table's import entry as a table: its kind byte is its flags (a RAM table); ram set by the caller. */
static const uint8_t table_import_fields[] = {
    CLEAR(xipi_table), FIELD(U8, xipi_table, flags), /* the kind byte, XIP_EXTERN_TABLE: XIP_TABLE_RAM */
    FIELD(U8, xipi_table, elemtype), FIELD(AT, xipi_table, limits.at), FIELD(U32, xipi_table, limits.min),
    FIELD(U32, xipi_table, limits.max), FIELD(U32, xipi_table, before), STEP_END,
};
typedef char xip_table_import_kind_is_ram[XIP_EXTERN_TABLE == XIP_TABLE_RAM ? 1 : -1];

void xipi_table_at(const xip_instance *inst, uint32_t table, xipi_table *e)
{
    if (table < inst->import_table_count) {
        read_entry(inst, inst->imports, inst->import_count + table, table_import_fields, e);
        e->ram = table;
        return;
    }
    read_entry(inst, inst->tables, table - inst->import_table_count, table_fields, e);
}

/* An imported global's import entry past its kind byte, as a global (init 0). */
static const uint8_t global_import_fields[] = {
    FIELD(U8, xipi_global, valtype), /* the kind byte, cleared next */
    CLEAR(xipi_global), FIELD(U8, xipi_global, valtype), FIELD(U8, xipi_global, mutable_), STEP_END,
};

void xipi_global_at(const xip_instance *inst, uint32_t global, xipi_global *e)
{
    if (global < inst->import_global_count)
        read_entry(inst, inst->imports, inst->import_total - inst->import_global_count + global, global_import_fields, e);
    else
        read_entry(inst, inst->globals_section, global - inst->import_global_count, global_fields[0], e);
}

void xipi_segment_at(const xip_instance *inst, uint32_t section, uint32_t seg, xipi_segment *e)
{
    if (section == XIP_SECTION_DATA)
        read_entry(inst, inst->data, seg, data_head_fields, e);
    else
        read_entry(inst, inst->elems, seg, elem_head_fields, e);
}

void xipi_memory_at(const xip_instance *inst, xipi_limits *limits, uint32_t *page_log2)
{
    xipi_cursor c = xipi_trusted(inst->image, inst->memory_limits);
    xipi_read_memory(&c, limits, page_log2);
}

uint32_t xipi_memory_min(const xip_instance *inst)
{
    return xip_read_u32(inst->image + inst->memory_limits); /* the verified u32 min, read in place */
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
