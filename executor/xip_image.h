/*
 * xip_image.h: the image reader, the one place that knows how each section
 * of an image is laid out (format/xip_format.h describes the layout; this
 * module parses it). The verifier, the executor's accessors and the tools
 * (xipwasm dump, verify, the wast runner) all read the image through it.
 *
 * Two flavours of the same parsers:
 *   checked  a cursor made with xipi_checked() over a range of bytes that may
 *            be anything: every length and count is bounds-checked; an
 *            overrun (or xipi_fail) marks the cursor bad and stops it, its
 *            position being the byte offset of the earliest problem.
 *   trusted  a cursor made with xipi_trusted() or xipi_begin() over an image
 *            that passed the verifier (xip_load, or the part checked so
 *            far): the same cursor with its end at 0xffffffff, so the
 *            checks always pass (one code path for both).
 * Every per-index lookup (type i, import i, table i, global i, segment i of
 * a loaded instance) goes through one function below and is O(1): FUNC
 * entries are fixed-size, the other sections carry an offset table that the
 * verifier checks (xipi_check_entry). Freestanding C99, like the executor.
 */
#ifndef XIP_IMAGE_H
#define XIP_IMAGE_H

#include <stdint.h>

#include "xip.h"
#include "xip_format.h"

/* ---- cursors ------------------------------------------------------------ */

/* A reader over img[pos..end); bad after the first overrun of a checked cursor. */
typedef struct xipi_cursor {
    const uint8_t *img;
    uint32_t pos;
    uint32_t end;
    uint8_t bad;
} xipi_cursor;

/* A checked cursor over img[pos..end). */
static inline xipi_cursor xipi_checked(const uint8_t *img, uint32_t pos, uint32_t end)
{
    xipi_cursor c;
    c.img = img;
    c.pos = pos;
    c.end = end;
    c.bad = 0;
    return c;
}

/* A trusted cursor at img + pos (a verified image). */
static inline xipi_cursor xipi_trusted(const uint8_t *img, uint32_t pos)
{
    return xipi_checked(img, pos, 0xffffffffu); /* no verified entry reaches that end */
}

/* True if n more bytes may be read; otherwise marks the cursor bad. */
int xipi_has(xipi_cursor *c, uint32_t n);

/* Marks the cursor bad with the problem at image offset at (of several, the earliest is kept). */
void xipi_fail(xipi_cursor *c, uint32_t at);

/* Reads a u8, u16 or u32 (0 once bad). */
uint32_t xipi_get8(xipi_cursor *c);
uint32_t xipi_get16(xipi_cursor *c);
uint32_t xipi_get32(xipi_cursor *c);

/* Skips n bytes; returns the image offset of the first of them. */
uint32_t xipi_skip(xipi_cursor *c, uint32_t n);

/* True if a[0..n) and b[0..n) hold the same bytes (the executor's memcmp: no C library beyond memcpy, memset). */
int xipi_same_bytes(const uint8_t *a, const uint8_t *b, uint32_t n);

/* ---- header and section list ---------------------------------------------- */

/* An image's header fields and where its sections lie. */
typedef struct xipi_image {
    const uint8_t *bytes;
    uint32_t size;                   /* the declared size (<= the bytes given) */
    uint32_t version, flags, checksum;
    uint32_t offset[XIP_SECTION_END]; /* body offset of each section (0: absent); its
                                         id byte is XIP_SECTION_HEADER_SIZE before */
    uint32_t length[XIP_SECTION_END]; /* its body size */
} xipi_image;

/*
 * Checks the header of image[0..size) (magic, version, declared size, checksum,
 * reserved flags) and fills the header fields of *img. Returns XIP_OK or the
 * status, with *at the offset of the problem.
 */
xip_status xipi_check_header(xipi_image *img, const uint8_t *image, uint32_t size, uint32_t *at);

/*
 * After xipi_check_header: finds the sections (ids increasing, bodies inside
 * the declared size). XIP_OK or XIP_ERR_MALFORMED with *at at the bad header.
 */
xip_status xipi_find_sections(xipi_image *img, uint32_t *at);

/* A checked cursor over section id's body (empty when absent). */
static inline xipi_cursor xipi_section_cursor(const xipi_image *img, uint32_t id)
{
    return xipi_checked(img->bytes, img->offset[id], img->offset[id] + img->length[id]);
}

/*
 * Reads the entry count at the start of section id's body (MEMORY: u8;
 * START, CODE, STACK: none, 0) and moves past an indexed section's offset table,
 * to entry 0. The cursor must be at the body of a section found by
 * xipi_find_sections (the offset width comes from its size field).
 */
uint32_t xipi_read_count(xipi_cursor *c, uint32_t id);

/*
 * Verifier: in the pass over indexed section `body` (its body offset), with
 * the cursor at the start of entry i (< count, after xipi_read_count), marks
 * the cursor bad at the offset table slot unless it records that start.
 * Returns 0 if the cursor is bad.
 */
int xipi_check_entry(xipi_cursor *c, uint32_t body, uint32_t i);

/* Image offset of entry i (< count) of the verified indexed section at `body`: O(1). */
uint32_t xipi_entry(const uint8_t *img, uint32_t body, uint32_t i);

/* ---- entries: one parser per section format ---------------------------------
 * Each xipi_read_X reads one entry at c->pos into *e and moves past it.
 * Offsets in the entries are image offsets. A checked read that runs out of
 * bytes leaves the cursor bad and *e partly filled; it checks bounds only,
 * and what it needs to find the entry's size (import kinds, table flags,
 * segment modes, cexpr opcodes: an unknown one is bad just past it); the
 * verifier checks the values. xip_image.c reads most entries from field
 * lists (read_fields), one byte a field.
 */

/* TYPE: { u8 nparams, u8 nresults, valtype[nparams + nresults] }. */
typedef struct xipi_type {
    uint32_t nparams, nresults;
    uint32_t valtypes; /* params, then results */
} xipi_type;
void xipi_read_type(xipi_cursor *c, xipi_type *e);

/* Limits { u32 min, u32 max } of a table or a memory, in entries or pages. */
typedef struct xipi_limits {
    uint32_t min, max; /* max XIP_NO_MAX: none */
    uint32_t at;       /* image offset of min */
} xipi_limits;

/* IMPORT: { u8 kind, kind-specific part, name module, name field }. */
typedef struct xipi_import {
    uint32_t at;        /* the kind byte */
    uint32_t kind;      /* XIP_EXTERN_* */
    uint32_t type;      /* function: type index */
    uint32_t valtype;   /* table: element type; global: value type */
    uint32_t mutable_;  /* global */
    uint32_t page_log2; /* memory */
    xipi_limits limits; /* table, memory */
    uint32_t before;    /* table: capacity words of the RAM tables before it */
    uint32_t module, module_len, field, field_len; /* the names' bytes */
} xipi_import;
void xipi_read_import(xipi_cursor *c, xipi_import *e);

/* FUNC: 12 bytes { u16 type, u8 nparams, u8 nresults, u16 nlocals, u16 frame_size, u32 code_offset }. */
enum {
    XIP_FUNC_TYPE = 0,
    XIP_FUNC_NPARAMS = 2,
    XIP_FUNC_NRESULTS = 3,
    XIP_FUNC_NLOCALS = 4,
    XIP_FUNC_FRAME = 6,
    XIP_FUNC_CODE = 8
};
typedef struct xipi_func {
    uint32_t type, nparams, nresults, nlocals, frame;
    uint32_t code; /* CODE-relative */
} xipi_func;
void xipi_read_func(xipi_cursor *c, xipi_func *e);

/*
 * TABLE: { u8 elemtype, u8 flags, u32 min, u32 max, then u32 n, u16 func[n]
 * (a flash table) or u8 ram, u32 before (XIP_TABLE_RAM) }.
 */
enum {
    XIP_TABLE_FLAGS = 1,
    XIP_TABLE_N = 10,    /* flash table */
    XIP_TABLE_ITEMS = 14 /* flash table */
};
typedef struct xipi_table {
    uint32_t elemtype, flags;
    xipi_limits limits;
    uint32_t n;     /* flash table: entries */
    uint32_t items; /* flash table: image offset of func[0]; 0 for a RAM table */
    uint32_t ram;   /* RAM table: the RAM tables before it (its size word's index) */
    uint32_t before; /* RAM table: their capacity words (saturated at 0xffffffff) */
    uint32_t ram_at; /* RAM table: image offset of the ram byte */
} xipi_table;
void xipi_read_table(xipi_cursor *c, xipi_table *e);

/* Entry i (< e->n) of flash table e of image img: a function index or XIP_NULL_FUNC. */
static inline uint32_t xipi_flash_entry(const uint8_t *img, const xipi_table *e, uint32_t i)
{
    return xip_read_u16(img + e->items + 2 * i);
}

/* MEMORY (after its u8 count) and the memory import: { u32 min, u32 max, u8 page_log2 }. */
void xipi_read_memory(xipi_cursor *c, xipi_limits *limits, uint32_t *page_log2);

/* GLOBAL: { u8 valtype, u8 mutable, cexpr init }. */
typedef struct xipi_global {
    uint32_t valtype, mutable_;
    uint32_t init; /* the init cexpr; 0 for an imported global */
} xipi_global;
void xipi_read_global(xipi_cursor *c, xipi_global *e);

/* EXPORT: { u8 kind, u16 index, name }. */
typedef struct xipi_export {
    uint32_t at; /* the kind byte */
    uint32_t kind, index;
    uint32_t name, name_len;
} xipi_export;
void xipi_read_export(xipi_cursor *c, xipi_export *e);

/* START: { u16 function index }. */
uint32_t xipi_read_start(xipi_cursor *c);

/*
 * DATA: { u8 mode, [cexpr offset if active], u32 length, bytes[length] }.
 * ELEM: { u8 mode, u8 elemtype, [u8 table, cexpr offset if active], u32 n, cexpr item[n] }.
 */
typedef struct xipi_segment {
    uint32_t at;       /* the mode byte */
    uint32_t mode;     /* XIP_SEGMENT_* */
    uint32_t elemtype; /* ELEM */
    uint32_t table;    /* ELEM, active */
    uint32_t offset;   /* active: the offset cexpr */
    uint32_t count;    /* DATA: bytes; ELEM: items */
    uint32_t items;    /* the bytes (DATA) or the first item cexpr (ELEM) */
} xipi_segment;
void xipi_read_data(xipi_cursor *c, xipi_segment *e);
void xipi_read_elem(xipi_cursor *c, xipi_segment *e);

/* An ELEM entry up to its items: the cursor stays at the first (e->items), for a walk of them. */
void xipi_read_elem_head(xipi_cursor *c, xipi_segment *e);

/*
 * Constant expressions: reads one opcode and its operand (*operand: the u32,
 * u64 or u16 that follows, else 0). A checked read marks an unknown opcode
 * bad at its offset.
 */
uint32_t xipi_read_cexpr_op(xipi_cursor *c, uint64_t *operand);

/* Moves past the cexpr at the cursor (its END included). */
void xipi_skip_cexpr(xipi_cursor *c);

/* Value classes of constant expressions: which values may stand where. */
enum { XIPI_CL_BAD = 0, XIPI_CL_32, XIPI_CL_64, XIPI_CL_FUNCREF, XIPI_CL_EXTERNREF, XIPI_CL_NULL };

/* The class of values of type t (XIPI_CL_BAD for no value type). */
uint32_t xipi_value_class(uint32_t t);

/*
 * The one walk of a cexpr, for the verifier and for evaluation: moves past
 * the cexpr at the cursor (its END included), checking it as it goes (known
 * opcodes, global.get of globals [0, globals) and ref.func of functions in
 * range, operands of the right class, at most XIP_CEXPR_MAX_DEPTH deep, one
 * value at the END); the cursor goes bad at the first problem. *cls is the
 * value's class. Returns its value (i32/f32 zero-extended, a reference as a
 * function index or XIP_NULL_REF) if eval, the globals being read from
 * inst->globals; without eval, global reads count as 0.
 */
uint64_t xipi_walk_cexpr(const xip_instance *inst, xipi_cursor *c, uint32_t globals, int eval, uint32_t *cls);

/* ---- lookups in a loaded instance (trusted) -------------------------------- */

/* A trusted cursor at entry 0 of the indexed section whose body is at `body` (0: absent, nothing to read). */
xipi_cursor xipi_begin(const xip_instance *inst, uint32_t body);

/* TYPE entry `type`. */
void xipi_type_at(const xip_instance *inst, uint32_t type, xipi_type *e);

/* TYPE entry `type` as the API's signature (pointers into the image). */
void xipi_functype(const xip_instance *inst, uint32_t type, xip_functype *out);

/* IMPORT entry `import` (any kind; counted over all imports). */
void xipi_import_at(const xip_instance *inst, uint32_t import, xipi_import *e);

/* FUNC entry of defined function `defined` (imports not counted), with its code end (CODE-relative). */
void xipi_func_at(const xip_instance *inst, uint32_t defined, xipi_func *e, uint32_t *code_end);

/* The FUNC entry bytes of defined function `defined` (imports not counted); O(1), for the run loop. */
static inline const uint8_t *xipi_func_entry(const xip_instance *inst, uint32_t defined)
{
    return inst->image + inst->funcs + 2 + XIP_FUNC_ENTRY_SIZE * defined;
}

/* EXPORT entry `export_index`. */
void xipi_export_at(const xip_instance *inst, uint32_t export_index, xipi_export *e);

/* Table t (imported tables first; an imported table is a RAM table: flags XIP_TABLE_RAM). */
void xipi_table_at(const xip_instance *inst, uint32_t table, xipi_table *e);

/* Global g (imported globals first). */
void xipi_global_at(const xip_instance *inst, uint32_t global, xipi_global *e);

/*
 * Segment seg of section XIP_SECTION_DATA or XIP_SECTION_ELEM, in O(1): of
 * an active segment (dropped once instantiated) only `at`, `mode`,
 * `elemtype`, `table` and `offset` are filled, the rest is zero (its offset
 * cexpr is not walked; its u32 count follows it).
 */
void xipi_segment_at(const xip_instance *inst, uint32_t section, uint32_t seg, xipi_segment *e);

/* The memory's limits in pages and its page_log2 (the instance has a memory, imported or not). */
void xipi_memory_at(const xip_instance *inst, xipi_limits *limits, uint32_t *page_log2);

/* The memory's minimum size in pages (the instance has a memory). */
uint32_t xipi_memory_min(const xip_instance *inst);

/* Type index of function func (imports counted first). */
uint32_t xipi_func_type_index(const xip_instance *inst, uint32_t func);

#endif /* XIP_IMAGE_H */
