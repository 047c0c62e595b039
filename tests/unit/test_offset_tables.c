/*
 * test_offset_tables.c: the offset tables of the indexed sections and the
 * placement fields of RAM tables (format/xip_format.h, docs/format.md
 * "Offset tables"), which make every index lookup O(1). Compiled modules
 * must carry tables of the right width whose offsets are the entries'
 * starts; every lookup through the API must find the entry a walk finds;
 * and an image whose table (or a RAM table's `ram`/`before`) lies is
 * refused at the offending field. The load-time scaling itself is
 * tests/scaling/run.sh.
 */
#include "check.h"
#include "xrun.h"
#include "image_parts.h"
#include "xip_image.h"

/* The w-byte little-endian value at p. */
static uint32_t read_w(const uint8_t *p, uint32_t w)
{
    uint32_t v = 0;
    for (uint32_t i = 0; i < w; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

/* Loads a copy of the module's image with w bytes at `at` set to v (checksum resealed); *offset: the error offset. */
static xip_status load_patched(const xr_module *m, uint32_t at, uint32_t w, uint32_t v, uint32_t *offset)
{
    static xip_instance inst;
    uint8_t *copy = malloc(m->size);
    xip_status st;
    CHECK(copy != NULL);
    if (copy == NULL)
        return XIP_ERR_ARGUMENT;
    memcpy(copy, m->image, m->size);
    for (uint32_t i = 0; i < w; i++)
        copy[at + i] = (uint8_t)(v >> (8 * i));
    xip_write_u32(copy + 16, xip_adler32(1, copy + XIP_HEADER_SIZE, (uint32_t)m->size - XIP_HEADER_SIZE));
    xip_buffers buffers = {xr_memory, sizeof xr_memory, xr_globals, XR_GLOBALS, xr_stack, XR_STACK,
                           xr_frames, XR_FRAMES, xr_tables, 1024};
    st = xip_load(&inst, copy, (uint32_t)m->size, &buffers);
    *offset = xip_error_offset(&inst);
    free(copy);
    return st;
}

/*
 * Checks indexed section id of m: its width follows its size, offset i - 1
 * is where a walk with the reader finds entry i, and offset 1 moved by one
 * byte either way is refused at its slot. Returns the entry count.
 */
static uint32_t check_section(const xr_module *m, uint32_t id, uint32_t want_width)
{
    uint32_t len, body = ti_section(m->image, m->size, id, &len), count, w, offset;
    CHECK(body != 0);
    if (body == 0)
        return 0;
    count = xip_read_u16(m->image + body);
    w = xip_index_width(len);
    CHECK_EQ(w, want_width);
    xipi_cursor c = xipi_checked(m->image, body, body + len);
    CHECK_EQ(xipi_read_count(&c, id), count);
    CHECK_EQ(c.pos, body + 2 + (count - 1) * w);
    for (uint32_t i = 0; i < count && !c.bad; i++) {
        union { xipi_type t; xipi_import im; xipi_table tb; xipi_global g; xipi_export x; xipi_segment s; } e;
        if (i > 0)
            CHECK_EQ(body + read_w(m->image + body + 2 + (i - 1) * w, w), c.pos);
        CHECK_EQ(xipi_entry(m->image, body, i), c.pos);
        switch (id) {
        case XIP_SECTION_TYPE: xipi_read_type(&c, &e.t); break;
        case XIP_SECTION_IMPORT: xipi_read_import(&c, &e.im); break;
        case XIP_SECTION_TABLE: xipi_read_table(&c, &e.tb); break;
        case XIP_SECTION_GLOBAL: xipi_read_global(&c, &e.g); break;
        case XIP_SECTION_EXPORT: xipi_read_export(&c, &e.x); break;
        case XIP_SECTION_DATA: xipi_read_data(&c, &e.s); break;
        default: xipi_read_elem(&c, &e.s); break;
        }
    }
    CHECK(!c.bad && c.pos == body + len);
    if (count >= 2) {
        uint32_t slot = body + 2, v = read_w(m->image + slot, w);
        CHECK_EQ(load_patched(m, slot, w, v + 1, &offset), XIP_ERR_MALFORMED);
        CHECK_EQ(offset, slot);
        CHECK_EQ(load_patched(m, slot, w, v - 1, &offset), XIP_ERR_MALFORMED);
        CHECK_EQ(offset, slot);
        CHECK_EQ(load_patched(m, slot, w, v, &offset), XIP_OK);
    }
    return count;
}

/* Every indexed section with several entries, each lookup through the API. */
static void test_sections_and_lookups(void)
{
    xr_module m;
    xr_text t = {0};
    xr_add(&t, "(module\n");
    for (int i = 0; i < 40; i++)
        xr_add(&t, " (import \"env\" \"function_%d\" (func (param i32)%s))\n", i, i % 2 ? " (result i64)" : "");
    xr_add(&t, " (import \"env\" \"t0\" (table 1 funcref)) (import \"env\" \"t1\" (table 2 4 funcref))\n");
    for (int i = 0; i < 30; i++)
        xr_add(&t, " (import \"env\" \"global_%d\" (global %s))\n", i, i % 3 ? "i32" : "(mut i64)");
    for (int i = 0; i < 30; i++)
        xr_add(&t, " (global $d%d i32 (global.get %d))\n", i, i % 3 ? i : i + 1); /* an immutable i32 import */
    xr_add(&t, " (table $f1 2 funcref) (table $f2 3 funcref) (table $r 1 funcref)\n"
               " (elem (table $f1) (i32.const 0) func $k $k) (elem (table $f2) (i32.const 1) func $k)\n"
               " (elem $p func $k $k $k) (elem $q funcref (ref.null func))\n"
               " (memory 1) (data $a \"abc\") (data $b \"defgh\") (data (i32.const 16) \"ij\")\n");
    for (int i = 0; i < 12; i++)
        xr_add(&t, " (func (export \"export_%d\") (param i32 i64 f32) (result i32) (i32.const %d))\n", i, i);
    xr_add(&t, " (func $k)\n"
               " (func (export \"run\") (result i32)\n"
               "  (table.set $r (i32.const 0) (ref.null func)) (elem.drop $q) (data.drop $b)\n"
               "  (memory.init $a (i32.const 0) (i32.const 1) (i32.const 2))\n"
               "  (i32.add (i32.load8_u (i32.const 0)) (i32.load8_u (i32.const 16)))))\n");
    bool loaded = xr_load(&m, t.s, 0);
    free(t.s);
    CHECK(loaded);
    if (!loaded) {
        xr_free(&m);
        return;
    }
    CHECK(check_section(&m, XIP_SECTION_TYPE, 1) >= 3);
    CHECK_EQ(check_section(&m, XIP_SECTION_IMPORT, 2), 72u);
    CHECK_EQ(check_section(&m, XIP_SECTION_TABLE, 1), 3u);
    CHECK_EQ(check_section(&m, XIP_SECTION_GLOBAL, 1), 30u);
    CHECK_EQ(check_section(&m, XIP_SECTION_EXPORT, 1), 13u);
    CHECK_EQ(check_section(&m, XIP_SECTION_DATA, 1), 3u);
    CHECK(check_section(&m, XIP_SECTION_ELEM, 1) >= 4);
    for (uint32_t i = 0; i < 72; i++) { /* imports: names and kinds */
        const char *mod, *field;
        uint32_t mod_len, field_len, index;
        uint8_t kind;
        char want[32];
        CHECK_EQ(xip_import_name(&m.inst, i, &mod, &mod_len, &field, &field_len), XIP_OK);
        CHECK_EQ(xip_import_kind(&m.inst, i, &kind, &index), XIP_OK);
        snprintf(want, sizeof want, i < 40 ? "function_%u" : i < 42 ? "t%u" : "global_%u",
                 (unsigned)(i < 40 ? i : i < 42 ? i - 40 : i - 42));
        CHECK(field_len == strlen(want) && memcmp(field, want, field_len) == 0);
        CHECK_EQ(kind, i < 40 ? XIP_EXTERN_FUNC : i < 42 ? XIP_EXTERN_TABLE : XIP_EXTERN_GLOBAL);
    }
    for (uint32_t f = 0; f < 40; f++) { /* imported function types */
        xip_functype ft;
        CHECK_EQ(xip_func_type(&m.inst, f, &ft), XIP_OK);
        CHECK(ft.param_count == 1 && ft.result_count == f % 2);
    }
    for (uint32_t g = 0; g < 60; g++) { /* global types: imported, then defined */
        uint8_t type, mut;
        CHECK_EQ(xip_global_type(&m.inst, g, &type, &mut), XIP_OK);
        CHECK_EQ(type, g < 30 && g % 3 == 0 ? XIP_I64 : XIP_I32);
        CHECK_EQ(mut, g < 30 && g % 3 == 0);
    }
    for (uint32_t x = 0; x < 13; x++) { /* exports by index and by name */
        const char *name;
        uint32_t name_len, index;
        uint8_t kind;
        char want[32];
        CHECK_EQ(xip_export_info(&m.inst, x, &name, &name_len, &kind, &index), XIP_OK);
        snprintf(want, sizeof want, x < 12 ? "export_%u" : "run", (unsigned)x);
        CHECK(name_len == strlen(want) && memcmp(name, want, name_len) == 0);
        CHECK_EQ(xip_find_export(&m.inst, want, name_len, XIP_EXTERN_FUNC), (int32_t)index);
    }
    uint64_t r = 0;
    CHECK_EQ(xr_call(&m, "run", NULL, 0, &r), XIP_OK);
    CHECK_EQ(r, (uint64_t)'b' + 'i'); /* memory.init of passive segment 0, active segment 2 at 16 */
    xr_free(&m);
}

/* A DATA section of more than 255 and of more than 65535 bytes: 2- and 4-byte offsets, found by memory.init. */
static void test_widths(void)
{
    static const uint32_t sizes[] = {300, 70000};
    for (uint32_t k = 0; k < 2; k++) {
        xr_module m;
        xr_text t = {0};
        xr_add(&t, "(module (memory 2) (data $big \"");
        for (uint32_t i = 0; i < sizes[k]; i++)
            xr_add(&t, "x");
        xr_add(&t, "\") (data $small \"q\")\n"
                   " (func (export \"run\") (result i32)\n"
                   "  (memory.init $small (i32.const 5) (i32.const 0) (i32.const 1)) (i32.load8_u (i32.const 5))))\n");
        bool loaded = xr_load(&m, t.s, 0);
        free(t.s);
        CHECK(loaded);
        if (loaded) {
            uint64_t r = 0;
            CHECK_EQ(check_section(&m, XIP_SECTION_DATA, k == 0 ? 2 : 4), 2u);
            CHECK_EQ(xr_call(&m, "run", NULL, 0, &r), XIP_OK);
            CHECK_EQ(r, (uint64_t)'q');
        }
        xr_free(&m);
    }
}

/*
 * RAM tables: an imported table's `before`, a defined RAM table's `ram` and
 * `before` are checked against the tables before it; with them true, each
 * table is where xip_table_entries and the code find it.
 */
static void test_ram_placement(void)
{
    xr_module m;
    bool loaded = xr_load(&m,
                          "(module (import \"env\" \"a\" (table 2 funcref)) (import \"env\" \"b\" (table 3 5 funcref))\n"
                          " (table $c 1 funcref) (table $f 1 funcref) (table $d 2 6 funcref)\n"
                          " (elem (table $f) (i32.const 0) func $g) (func $g)\n"
                          " (func (export \"run\") (result i32)\n"
                          "  (table.set $c (i32.const 0) (table.get $f (i32.const 0)))\n"
                          "  (table.set $d (i32.const 1) (table.get $c (i32.const 0)))\n"
                          "  (i32.add (table.size $d) (table.size 1))))\n",
                          0);
    CHECK(loaded);
    if (!loaded) {
        xr_free(&m);
        return;
    }
    uint32_t len, imp = ti_section(m.image, m.size, XIP_SECTION_IMPORT, &len), offset;
    uint32_t tab = ti_section(m.image, m.size, XIP_SECTION_TABLE, &len);
    /* import 1 (table b): kind, elemtype, min, max, before = 2 (a's min: no max) */
    uint32_t b = xipi_entry(m.image, imp, 1);
    CHECK_EQ(xip_read_u32(m.image + b + 10), 2u);
    CHECK_EQ(load_patched(&m, b + 10, 4, 3, &offset), XIP_ERR_MALFORMED);
    CHECK_EQ(offset, b + 14);
    CHECK_EQ(xip_read_u32(m.image + xipi_entry(m.image, imp, 0) + 10), 0u);
    /* defined table 0 ($c): ram 2, before 2 + 5; table 2 ($d): ram 3, before 2 + 5 + 1 ($f is a flash table) */
    uint32_t c = xipi_entry(m.image, tab, 0), d = xipi_entry(m.image, tab, 2);
    CHECK_EQ(m.image[c + 1], XIP_TABLE_RAM);
    CHECK(m.image[c + 10] == 2 && xip_read_u32(m.image + c + 11) == 7);
    CHECK_EQ(m.image[xipi_entry(m.image, tab, 1) + 1], 0); /* $f: flash */
    CHECK(m.image[d + 10] == 3 && xip_read_u32(m.image + d + 11) == 8);
    CHECK_EQ(load_patched(&m, d + 10, 1, 2, &offset), XIP_ERR_MALFORMED);
    CHECK_EQ(offset, d + 15);
    CHECK_EQ(load_patched(&m, d + 11, 4, 7, &offset), XIP_ERR_MALFORMED);
    CHECK_EQ(offset, d + 15);
    CHECK_EQ(load_patched(&m, c + 11, 4, 0xffffffffu, &offset), XIP_ERR_MALFORMED);
    CHECK_EQ(offset, c + 15);
    /* the entries: size words, then a (2 words), b (5), c (1), d (the rest, up to 6) */
    uint32_t size = 0;
    uint32_t *ta = xip_table_entries(&m.inst, 0, &size), *tb = xip_table_entries(&m.inst, 1, &size);
    uint32_t *tc = xip_table_entries(&m.inst, 2, &size), *td = xip_table_entries(&m.inst, 4, &size);
    CHECK(ta != NULL && tb == ta + 2 && tc == tb + 5 && td == tc + 1 && size == 2);
    CHECK(xip_table_entries(&m.inst, 3, &size) == NULL);
    uint64_t r = 0;
    CHECK_EQ(xr_call(&m, "run", NULL, 0, &r), XIP_OK);
    CHECK_EQ(r, 2u + 3u);
    CHECK(tc != NULL && td != NULL && tc[0] != XIP_NULL_REF && td[1] == tc[0] && td[0] == XIP_NULL_REF);
    xr_free(&m);
}

static const check_case cases[] = {
    {"sections_and_lookups", test_sections_and_lookups},
    {"widths", test_widths},
    {"ram_placement", test_ram_placement},
};

int main(int argc, char **argv)
{
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
