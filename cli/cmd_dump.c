/*
 * cmd_dump.c: `xipwasm dump IMAGE`: the header, the section layout, a summary
 * of each section and the disassembly of every function; or, with a selector,
 * the header and sections only (--headers), one function (--func N) or a JSON
 * description (--json). The image is first verified with xip_load; then it is
 * read with the image reader's trusted cursors (executor/xip_image.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "xip_disasm.h"
#include "xip_image.h"
#include "xip_refs.h"

static const char dump_help[] =
    "usage: xipwasm dump [--headers | --func N | --json] FILE\n"
    "\n"
    "Prints an image's header, sections, types, imports, functions (with frame\n"
    "sizes), tables, memory, globals, exports, data and element segments, the\n"
    "recorded stack bound, the registers holding references at each join and\n"
    "call (REFS) and the disassembly of every function. FILE may also be a .wasm module: it is compiled first.\n"
    "The image is verified first; a refused image is reported and not dumped.\n"
    "\n"
    "  --headers   print the header and the section list only\n"
    "  --func N    print the disassembly of function N only (N or fN, an index\n"
    "              of a defined function as the dump shows it; imports have no code)\n"
    "  --json      print the header, sections, imports, functions and exports as JSON\n"
    "\n"
    "exit status: 0 ok, 1 bad input, 2 usage\n";

typedef struct dump_state {
    const xip_instance *inst; /* loaded: the image is verified */
    xipi_image img;           /* header fields and section layout */
    uint32_t *type_offsets;   /* image offset of each TYPE entry */
    const char **func_names;  /* first export name per function index, or NULL */
    uint16_t *func_name_lens;
} dump_state;

/* A trusted cursor at the first entry of section id (after its count); *count is the count. */
static xipi_cursor begin(const dump_state *d, unsigned id, uint32_t *count)
{
    xipi_cursor c = xipi_trusted(d->inst->image, d->img.offset[id]);
    *count = d->img.offset[id] ? xipi_read_count(&c, id) : 0;
    return c;
}

/* Writes type y's signature into out, or "<bad type>". */
static void type_text(const dump_state *d, uint32_t y, char *out, size_t size)
{
    snprintf(out, size, "<bad type %lu>", (unsigned long)y);
    if (y >= d->inst->type_count)
        return;
    xipi_cursor c = xipi_trusted(d->inst->image, d->type_offsets[y]);
    xipi_type e;
    xipi_read_type(&c, &e);
    xip_functype type = {e.nparams, e.nresults, d->inst->image + e.valtypes,
                         d->inst->image + e.valtypes + e.nparams};
    cli_format_functype(&type, out, size);
}

/* Indexes the TYPE section and collects export names for functions. */
static bool index_image(dump_state *d)
{
    uint32_t count, total = xip_func_count(d->inst);
    d->type_offsets = calloc((size_t)d->inst->type_count + 1, sizeof *d->type_offsets);
    d->func_names = calloc((size_t)total + 1, sizeof *d->func_names);
    d->func_name_lens = calloc((size_t)total + 1, sizeof *d->func_name_lens);
    if (d->type_offsets == NULL || d->func_names == NULL || d->func_name_lens == NULL)
        return false;
    xipi_cursor c = begin(d, XIP_SECTION_TYPE, &count);
    for (uint32_t i = 0; i < count; i++) {
        xipi_type e;
        d->type_offsets[i] = c.pos;
        xipi_read_type(&c, &e);
    }
    c = begin(d, XIP_SECTION_EXPORT, &count);
    for (uint32_t i = 0; i < count; i++) {
        xipi_export e;
        xipi_read_export(&c, &e);
        if (e.kind == XIP_EXTERN_FUNC && e.index < total && d->func_names[e.index] == NULL) {
            d->func_names[e.index] = (const char *)d->inst->image + e.name;
            d->func_name_lens[e.index] = (uint16_t)e.name_len;
        }
    }
    return true;
}

/* Prints ` "name"` for an exported function. */
static void print_func_name(const dump_state *d, uint32_t f)
{
    if (f < xip_func_count(d->inst) && d->func_names[f] != NULL)
        printf(" \"%.*s\"", (int)d->func_name_lens[f], d->func_names[f]);
}

/* Prints the header fields and where each section lies. */
static void dump_header(const dump_state *d, const char *file)
{
    const xipi_image *img = &d->img;
    printf("image %s: format version %u, flags 0x%02x%s, %lu bytes, checksum 0x%08lx\n", file,
           (unsigned)img->version, (unsigned)img->flags, (img->flags & XIP_IMAGE_FLOAT) ? " (float)" : "",
           (unsigned long)img->size, (unsigned long)img->checksum);
    printf("sections:\n");
    for (unsigned id = 1; id <= XIP_SECTION_LAST; id++)
        if (img->offset[id] != 0)
            printf("  %-7s at 0x%06lx, %lu bytes\n", xip_section_name(id),
                   (unsigned long)(img->offset[id] - XIP_SECTION_HEADER_SIZE), (unsigned long)img->length[id]);
}

/* Prints "none" or the value followed by unit. */
static void print_limit(uint32_t value, const char *unit)
{
    if (value == XIP_NO_MAX)
        printf("none");
    else
        printf("%lu%s", (unsigned long)value, unit);
}

/* Prints the signatures and the imports. */
static void dump_types_imports(const dump_state *d)
{
    static const char *const prefixes[4] = {"f", "table ", "memory ", "g"};
    const uint8_t *image = d->inst->image;
    char text[512];
    uint32_t count, n[4] = {0, 0, 0, 0};
    printf("types (%lu):\n", (unsigned long)d->inst->type_count);
    for (uint32_t y = 0; y < d->inst->type_count; y++) {
        type_text(d, y, text, sizeof text);
        printf("  type %lu: %s\n", (unsigned long)y, text);
    }
    xipi_cursor c = begin(d, XIP_SECTION_IMPORT, &count);
    if (count == 0)
        return;
    printf("imports (%lu):\n", (unsigned long)count);
    for (uint32_t i = 0; i < count; i++) {
        xipi_import e;
        xipi_read_import(&c, &e);
        printf("  %s%lu: %.*s.%.*s, ", prefixes[e.kind], (unsigned long)n[e.kind]++, (int)e.module_len,
               (const char *)image + e.module, (int)e.field_len, (const char *)image + e.field);
        if (e.kind == XIP_EXTERN_FUNC) {
            type_text(d, e.type, text, sizeof text);
            printf("type %lu %s\n", (unsigned long)e.type, text);
        } else if (e.kind == XIP_EXTERN_GLOBAL) {
            printf("%s%s\n", e.mutable_ ? "mut " : "", cli_type_name((uint8_t)e.valtype));
        } else {
            if (e.kind == XIP_EXTERN_TABLE)
                printf("%s, ", cli_type_name((uint8_t)e.valtype));
            printf("min %lu, max ", (unsigned long)e.limits.min);
            print_limit(e.limits.max, "");
            if (e.kind == XIP_EXTERN_MEMORY)
                printf(", page %lu bytes", e.page_log2 < 32 ? 1ul << e.page_log2 : 0ul);
            printf("\n");
        }
    }
}

/* Prints each defined function: type, counts, frame size, code range, export name. */
static void dump_functions(const dump_state *d)
{
    char text[512];
    uint32_t imports = d->inst->import_count;
    if (d->inst->func_count == 0)
        return;
    printf("functions (%lu):\n", (unsigned long)d->inst->func_count);
    for (uint32_t k = 0; k < d->inst->func_count; k++) {
        xipi_func e;
        uint32_t end;
        xipi_func_at(d->inst, k, &e, &end);
        type_text(d, e.type, text, sizeof text);
        printf("  f%lu: type %lu %s, %lu params, %lu results, %lu locals, frame %lu", (unsigned long)(imports + k),
               (unsigned long)e.type, text, (unsigned long)e.nparams, (unsigned long)e.nresults,
               (unsigned long)e.nlocals, (unsigned long)e.frame);
        printf(", code 0x%lx (%lu bytes)", (unsigned long)e.code, (unsigned long)(end - e.code));
        print_func_name(d, imports + k);
        printf("\n");
    }
}

/* Writes the cexpr at image offset *at as text (postfix, space separated); moves *at past it. */
static void cexpr_text(const dump_state *d, uint32_t *at, char *out, size_t size)
{
    xipi_cursor c = xipi_trusted(d->inst->image, *at);
    size_t len = 0;
    out[0] = '\0';
    for (;;) {
        uint64_t v;
        uint32_t op = xipi_read_cexpr_op(&c, &v);
        char item[48];
        if (op == XIP_CEXPR_END)
            break;
        switch (op) {
        case XIP_CEXPR_I32: case XIP_CEXPR_I64: snprintf(item, sizeof item, "0x%llx", (unsigned long long)v); break;
        case XIP_CEXPR_GLOBAL: snprintf(item, sizeof item, "g%lu", (unsigned long)v); break;
        case XIP_CEXPR_REF_FUNC: snprintf(item, sizeof item, "f%lu", (unsigned long)v); break;
        case XIP_CEXPR_REF_NULL: snprintf(item, sizeof item, "null"); break;
        case XIP_CEXPR_ADD32: case XIP_CEXPR_ADD64: snprintf(item, sizeof item, "add"); break;
        case XIP_CEXPR_SUB32: case XIP_CEXPR_SUB64: snprintf(item, sizeof item, "sub"); break;
        default: snprintf(item, sizeof item, "mul"); break;
        }
        if (len < size)
            len += (size_t)snprintf(out + len, size - len, "%s%s", len ? " " : "", item);
    }
    *at = c.pos;
}

/* Prints the tables with their contents, the memory limits and the globals. */
static void dump_table_memory_globals(const dump_state *d)
{
    const xip_instance *inst = d->inst;
    char text[256];
    uint32_t count;
    xipi_cursor c = begin(d, XIP_SECTION_TABLE, &count);
    for (uint32_t t = 0; t < count; t++) {
        xipi_table e;
        xipi_read_table(&c, &e);
        printf("table %lu: %s, min %lu, max ", (unsigned long)(inst->import_table_count + t),
               cli_type_name((uint8_t)e.elemtype), (unsigned long)e.limits.min);
        print_limit(e.limits.max, "");
        if (e.flags & XIP_TABLE_RAM) {
            printf(", in RAM\n");
            continue;
        }
        printf(", %lu entries:", (unsigned long)e.n);
        for (uint32_t i = 0; i < e.n; i++) {
            uint32_t f = xipi_flash_entry(inst->image, &e, i);
            if (f == XIP_NULL_FUNC)
                printf(" null");
            else
                printf(" f%lu", (unsigned long)f);
        }
        printf("\n");
    }
    if (inst->has_memory) {
        xipi_limits limits;
        uint32_t page_log2;
        xipi_memory_at(inst, &limits, &page_log2);
        printf("memory: min %lu pages, max ", (unsigned long)limits.min);
        print_limit(limits.max, " pages");
        printf(", page %lu bytes\n", page_log2 < 32 ? 1ul << page_log2 : 0ul);
    }
    c = begin(d, XIP_SECTION_GLOBAL, &count);
    if (count != 0)
        printf("globals (%lu):\n", (unsigned long)count);
    for (uint32_t g = 0; g < count; g++) {
        xipi_global e;
        xipi_read_global(&c, &e);
        cexpr_text(d, &e.init, text, sizeof text);
        printf("  g%lu: %s%s = %s\n", (unsigned long)(inst->import_global_count + g), e.mutable_ ? "mut " : "",
               cli_type_name((uint8_t)e.valtype), text);
    }
}

/* Prints the data segments. */
static void dump_data(const dump_state *d)
{
    char text[256];
    uint32_t count;
    xipi_cursor c = begin(d, XIP_SECTION_DATA, &count);
    if (count != 0)
        printf("data (%lu):\n", (unsigned long)count);
    for (uint32_t i = 0; i < count; i++) {
        xipi_segment e;
        xipi_read_data(&c, &e);
        if (e.mode == XIP_SEGMENT_ACTIVE) {
            cexpr_text(d, &e.offset, text, sizeof text);
            printf("  segment %lu: offset %s, %lu bytes\n", (unsigned long)i, text, (unsigned long)e.count);
        } else {
            printf("  segment %lu: passive, %lu bytes\n", (unsigned long)i, (unsigned long)e.count);
        }
    }
}

/* Prints the element segments. */
static void dump_elems(const dump_state *d)
{
    static const char *const modes[3] = {"active", "passive", "dropped"};
    char text[256];
    uint32_t count;
    xipi_cursor c = begin(d, XIP_SECTION_ELEM, &count);
    if (count != 0)
        printf("elements (%lu):\n", (unsigned long)count);
    for (uint32_t i = 0; i < count; i++) {
        xipi_segment e;
        xipi_read_elem(&c, &e);
        printf("  segment %lu: %s %s", (unsigned long)i, modes[e.mode], cli_type_name((uint8_t)e.elemtype));
        if (e.mode == XIP_SEGMENT_ACTIVE) {
            cexpr_text(d, &e.offset, text, sizeof text);
            printf(", table %lu at %s", (unsigned long)e.table, text);
        }
        printf(", %lu items:", (unsigned long)e.count);
        for (uint32_t k = 0, at = e.items; k < e.count; k++) {
            cexpr_text(d, &at, text, sizeof text);
            printf(" %s", text);
        }
        printf("\n");
    }
}

/* The name of reference class cls (xip_refs.h) as the dump prints it. */
static const char *ref_class_name(uint32_t cls)
{
    static const char *const names[4] = {"number", "funcref", "externref", "null"};
    return cls < 4 ? names[cls] : "?";
}

/* Prints the registers n pool entries from first name: " r2 funcref, r5 null". */
static void print_ref_pool(const uint8_t *pool, uint32_t first, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *p = pool + (first + i) * XIP_REFS_POOL_SIZE;
        printf("%s r%lu %s", i ? "," : "", (unsigned long)xip_read_u16(p), ref_class_name(p[2]));
    }
    printf("\n");
}

/*
 * Prints the REFS section (xip_format.h, section 12): for each function that
 * handles references, the registers holding one at each join and after
 * each call. The image is verified, so its counts and pool indices hold.
 */
static void dump_refs(const dump_state *d)
{
    if (d->img.offset[XIP_SECTION_REFS] == 0)
        return;
    const uint8_t *p = d->inst->image + d->img.offset[XIP_SECTION_REFS];
    uint32_t count = xip_read_u16(p);
    printf("refs (%lu):\n", (unsigned long)count);
    p += 2;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t f = xip_read_u16(p) + d->inst->import_count, njoins = xip_read_u16(p + 2);
        uint32_t ncalls = xip_read_u16(p + 4), npool = xip_read_u32(p + 6);
        const uint8_t *joins = p + XIP_REFS_FUNC_SIZE, *calls = joins + njoins * XIP_REFS_JOIN_SIZE;
        const uint8_t *pool = calls + ncalls * XIP_REFS_CALL_SIZE;
        printf("  f%lu", (unsigned long)f);
        print_func_name(d, f);
        printf(": joins %lu, calls %lu\n", (unsigned long)njoins, (unsigned long)ncalls);
        for (uint32_t k = 0; k < njoins; k++) {
            const uint8_t *j = joins + k * XIP_REFS_JOIN_SIZE;
            printf("    join at %04lx:", (unsigned long)xip_read_u32(j));
            print_ref_pool(pool, xip_read_u32(j + 4), j[8]);
        }
        for (uint32_t k = 0; k < ncalls; k++) {
            const uint8_t *c = calls + k * XIP_REFS_CALL_SIZE;
            printf("    after call %lu:", (unsigned long)k);
            print_ref_pool(pool, xip_read_u32(c), xip_read_u16(c + 4));
        }
        p = pool + npool * XIP_REFS_POOL_SIZE;
    }
}

/* Prints the STACK section (section 13): the recorded bound, or that the image records none. */
static void dump_stack(const dump_state *d)
{
    if (d->img.offset[XIP_SECTION_STACK] == 0) {
        printf("stack bound: none recorded (the call graph has a cycle)\n");
        return;
    }
    const uint8_t *p = d->inst->image + d->img.offset[XIP_SECTION_STACK];
    printf("stack bound: slots %lu, frames %lu\n", (unsigned long)xip_read_u32(p), (unsigned long)xip_read_u16(p + 4));
}

/* Prints the exports, the start function and the segments. */
static void dump_exports_start_data(const dump_state *d)
{
    static const char *const kinds[4] = {"func", "table", "memory", "global"};
    static const char *const prefixes[4] = {"f", "table ", "memory ", "g"};
    uint32_t count;
    xipi_cursor c = begin(d, XIP_SECTION_EXPORT, &count);
    if (count != 0)
        printf("exports (%lu):\n", (unsigned long)count);
    for (uint32_t i = 0; i < count; i++) {
        xipi_export e;
        xipi_read_export(&c, &e);
        printf("  %s \"%.*s\" -> %s%lu\n", kinds[e.kind], (int)e.name_len, (const char *)d->inst->image + e.name,
               prefixes[e.kind], (unsigned long)e.index);
    }
    if (d->img.offset[XIP_SECTION_START] != 0) {
        c = begin(d, XIP_SECTION_START, &count);
        printf("start: f%lu\n", (unsigned long)xipi_read_start(&c));
    }
    dump_data(d);
    dump_elems(d);
}

/* Disassembles defined function k (function index imports + k); false if its code is not valid bytecode. */
static bool dump_function_code(const dump_state *d, uint32_t k)
{
    xipi_func e;
    uint32_t end, imports = d->inst->import_count;
    printf("f%lu", (unsigned long)(imports + k));
    print_func_name(d, imports + k);
    printf(":\n");
    xipi_func_at(d->inst, k, &e, &end);
    return xip_disasm_function(stdout, d->inst->image + d->inst->code + e.code, end - e.code);
}

/* Disassembles every function; false if some code is not valid bytecode. */
static bool dump_code(const dump_state *d)
{
    bool ok = true;
    printf("disassembly:\n");
    for (uint32_t k = 0; k < d->inst->func_count; k++)
        ok = dump_function_code(d, k) && ok;
    return ok;
}

static const char *const extern_kinds[4] = {"func", "table", "memory", "global"};

/* Prints `"key": "text"` with text[0..len) as a JSON string. */
static void json_member_string(const char *key, const char *text, size_t len)
{
    printf("\"%s\": ", key);
    json_write_string(stdout, text, len);
}

/* Prints the header fields and the sections as JSON members. */
static void json_header(const dump_state *d, const char *file)
{
    const xipi_image *img = &d->img;
    const char *sep = "";
    printf("{\n  ");
    json_member_string("file", file, strlen(file));
    printf(",\n  \"format_version\": %u,\n  \"flags\": %u,\n  \"float\": %s,\n  \"size\": %lu,\n  \"checksum\": %lu,\n",
           (unsigned)img->version, (unsigned)img->flags, (img->flags & XIP_IMAGE_FLOAT) ? "true" : "false",
           (unsigned long)img->size, (unsigned long)img->checksum);
    printf("  \"sections\": [");
    for (unsigned id = 1; id <= XIP_SECTION_LAST; id++) {
        if (img->offset[id] == 0)
            continue;
        printf("%s\n    {\"name\": \"%s\", \"offset\": %lu, \"size\": %lu}", sep, xip_section_name(id),
               (unsigned long)(img->offset[id] - XIP_SECTION_HEADER_SIZE), (unsigned long)img->length[id]);
        sep = ",";
    }
    printf("%s],\n", *sep ? "\n  " : "");
}

/* Prints the imports as a JSON member; index is the index in the import's own kind. */
static void json_imports(const dump_state *d)
{
    const uint8_t *image = d->inst->image;
    char text[512];
    uint32_t count, n[4] = {0, 0, 0, 0};
    xipi_cursor c = begin(d, XIP_SECTION_IMPORT, &count);
    printf("  \"imports\": [");
    for (uint32_t i = 0; i < count; i++) {
        xipi_import e;
        xipi_read_import(&c, &e);
        printf("%s\n    {", i ? "," : "");
        json_member_string("module", (const char *)image + e.module, e.module_len);
        printf(", ");
        json_member_string("name", (const char *)image + e.field, e.field_len);
        printf(", \"kind\": \"%s\", \"index\": %lu", extern_kinds[e.kind], (unsigned long)n[e.kind]++);
        if (e.kind == XIP_EXTERN_FUNC) {
            type_text(d, e.type, text, sizeof text);
            printf(", \"type\": %lu, ", (unsigned long)e.type);
            json_member_string("signature", text, strlen(text));
        }
        printf("}");
    }
    printf("%s],\n", count ? "\n  " : "");
}

/* Prints the defined functions as a JSON member. */
static void json_functions(const dump_state *d)
{
    char text[512];
    uint32_t imports = d->inst->import_count;
    printf("  \"functions\": [");
    for (uint32_t k = 0; k < d->inst->func_count; k++) {
        xipi_func e;
        uint32_t end, f = imports + k;
        xipi_func_at(d->inst, k, &e, &end);
        type_text(d, e.type, text, sizeof text);
        printf("%s\n    {\"index\": %lu, \"type\": %lu, ", k ? "," : "", (unsigned long)f, (unsigned long)e.type);
        json_member_string("signature", text, strlen(text));
        printf(", \"params\": %lu, \"results\": %lu, \"locals\": %lu, \"frame\": %lu, \"code_offset\": %lu, "
               "\"code_size\": %lu, \"name\": ",
               (unsigned long)e.nparams, (unsigned long)e.nresults, (unsigned long)e.nlocals, (unsigned long)e.frame,
               (unsigned long)e.code, (unsigned long)(end - e.code));
        if (d->func_names[f] != NULL)
            json_write_string(stdout, d->func_names[f], d->func_name_lens[f]);
        else
            printf("null");
        printf("}");
    }
    printf("%s],\n", d->inst->func_count ? "\n  " : "");
}

/* Prints the exports as the last JSON member and closes the object. */
static void json_exports(const dump_state *d)
{
    uint32_t count;
    xipi_cursor c = begin(d, XIP_SECTION_EXPORT, &count);
    printf("  \"exports\": [");
    for (uint32_t i = 0; i < count; i++) {
        xipi_export e;
        xipi_read_export(&c, &e);
        printf("%s\n    {", i ? "," : "");
        json_member_string("name", (const char *)d->inst->image + e.name, e.name_len);
        printf(", \"kind\": \"%s\", \"index\": %lu}", extern_kinds[e.kind], (unsigned long)e.index);
    }
    printf("%s]\n}\n", count ? "\n  " : "");
}

/* What dump prints: everything, or one selector's part. */
typedef enum dump_mode { DUMP_ALL, DUMP_HEADERS, DUMP_FUNC, DUMP_JSON } dump_mode;

typedef struct dump_options {
    dump_mode mode;
    const char *func_arg; /* DUMP_FUNC: the argument of --func as given */
    uint64_t func;        /* DUMP_FUNC: its function index */
} dump_options;

/* Checks that --func names a defined function of inst; returns an exit code. */
static int check_func(const dump_options *o, const xip_instance *inst)
{
    uint32_t imports = inst->import_count, total = xip_func_count(inst);
    if (total == 0)
        return cli_usage_error("dump", "--func %s: the image has no functions", o->func_arg);
    if (o->func >= total)
        return cli_usage_error("dump", "--func %s: out of range, the image has %lu function%s (f0 to f%lu)",
                               o->func_arg, (unsigned long)total, total == 1 ? "" : "s",
                               (unsigned long)(total - 1));
    if (o->func < imports) {
        if (inst->func_count == 0)
            return cli_usage_error("dump", "--func %s: f%lu is an import and has no code (the image defines "
                                   "no functions)", o->func_arg, (unsigned long)o->func);
        return cli_usage_error("dump", "--func %s: f%lu is an import and has no code (defined functions: f%lu "
                               "to f%lu)", o->func_arg, (unsigned long)o->func, (unsigned long)imports,
                               (unsigned long)(total - 1));
    }
    return CLI_EXIT_OK;
}

/* Prints what o selects of an indexed image; returns an exit code. */
static int dump_selected(const dump_state *d, const char *file, const dump_options *o)
{
    switch (o->mode) {
    case DUMP_HEADERS:
        dump_header(d, file);
        return CLI_EXIT_OK;
    case DUMP_FUNC:
        if (!dump_function_code(d, (uint32_t)o->func - d->inst->import_count))
            return cli_error("%s: bad bytecode", file);
        return CLI_EXIT_OK;
    case DUMP_JSON:
        json_header(d, file);
        json_imports(d);
        json_functions(d);
        json_exports(d);
        return CLI_EXIT_OK;
    case DUMP_ALL:
        break;
    }
    dump_header(d, file);
    dump_types_imports(d);
    dump_functions(d);
    dump_table_memory_globals(d);
    dump_exports_start_data(d);
    dump_stack(d);
    dump_refs(d);
    if (!dump_code(d))
        return cli_error("%s: bad bytecode", file);
    return CLI_EXIT_OK;
}

/* Dumps the image of a loaded (so verified) instance; returns an exit code. */
static int dump_image(const char *file, const xip_instance *inst, const dump_options *o)
{
    dump_state d;
    uint32_t at;
    if (o->mode == DUMP_FUNC) {
        int code = check_func(o, inst);
        if (code != CLI_EXIT_OK)
            return code;
    }
    memset(&d, 0, sizeof d);
    d.inst = inst;
    xipi_check_header(&d.img, inst->image, inst->image_size, &at);
    xipi_find_sections(&d.img, &at);
    int code = index_image(&d) ? dump_selected(&d, file, o) : cli_error("out of memory");
    free(d.type_offsets);
    free(d.func_names);
    free(d.func_name_lens);
    return code;
}

/* Sets the selector mode of o, refusing a second selector; returns an exit code. */
static int select_mode(dump_options *o, dump_mode mode, const char *arg)
{
    if (o->mode != DUMP_ALL)
        return cli_usage_error("dump", "%s: only one of --headers, --func and --json may be given", arg);
    o->mode = mode;
    return CLI_EXIT_OK;
}

/* Parses the arguments of dump into o and *file; returns an exit code (-1 after printing the help). */
static int parse_args(int argc, char **argv, dump_options *o, const char **file)
{
    for (int i = 1; i < argc; i++) {
        const char *value;
        int code = CLI_EXIT_OK, found;
        if (cli_is_help(argv[i])) {
            fputs(dump_help, stdout);
            return -1;
        }
        if (strcmp(argv[i], "--headers") == 0) {
            code = select_mode(o, DUMP_HEADERS, argv[i]);
        } else if (strcmp(argv[i], "--json") == 0) {
            code = select_mode(o, DUMP_JSON, argv[i]);
        } else if ((found = cli_option(argc, argv, &i, "--func", &value)) != 0) {
            if (found < 0)
                return cli_usage_error("dump", "--func needs a function index");
            code = select_mode(o, DUMP_FUNC, "--func");
            o->func_arg = value;
            if (code == CLI_EXIT_OK && !cli_parse_u64(value + (value[0] == 'f'), &o->func))
                return cli_usage_error("dump", "--func %s: not a function index (a number, or f and a number)",
                                       value);
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("dump", "unknown option '%s'", argv[i]);
        } else if (*file != NULL) {
            return cli_usage_error("dump", "unexpected argument '%s'", argv[i]);
        } else {
            *file = argv[i];
        }
        if (code != CLI_EXIT_OK)
            return code;
    }
    if (*file == NULL)
        return cli_usage_error("dump", "missing FILE");
    return CLI_EXIT_OK;
}

int cli_cmd_dump(int argc, char **argv)
{
    const char *file = NULL;
    dump_options o = {DUMP_ALL, NULL, 0};
    int code = parse_args(argc, argv, &o, &file);
    if (code != CLI_EXIT_OK)
        return code < 0 ? CLI_EXIT_OK : code;
    uint8_t *image = NULL;
    size_t size = 0;
    code = cli_load_input(file, &image, &size);
    if (code == CLI_EXIT_OK) {
        cli_limits limits = cli_default_limits();
        cli_vm vm;
        if (cli_vm_load(&vm, file, image, size, &limits, false) != XIP_OK)
            code = CLI_EXIT_ERROR;
        if (code == CLI_EXIT_OK)
            code = dump_image(file, &vm.inst, &o);
        cli_vm_free(&vm);
    }
    free(image);
    return code;
}
