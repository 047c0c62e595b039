/*
 * cmd_dump.c: `xipwasm dump IMAGE`: the header, the section layout, a summary
 * of each section and the disassembly of every function. The image is first
 * verified with xip_load; every read below is still bounds-checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "xip_disasm.h"

static const char dump_help[] =
    "usage: xipwasm dump FILE\n"
    "\n"
    "Prints an image's header, sections, types, imports, functions (with frame\n"
    "sizes), tables, memory, globals, exports, data and element segments and the\n"
    "disassembly of every function. FILE may also be a .wasm module: it is compiled first.\n"
    "The image is verified first; a refused image is reported and not dumped.\n"
    "\n"
    "exit status: 0 ok, 1 bad input, 2 usage\n";

/* A bounded cursor over one section body. */
typedef struct reader {
    const uint8_t *image;
    uint32_t at, end;
    bool ok;
} reader;

typedef struct dump_state {
    const uint8_t *image;
    cli_image_info info;
    uint32_t type_count;
    uint32_t *type_offsets;   /* image offset of each TYPE entry */
    uint32_t import_count;    /* imported functions */
    uint32_t import_tables;   /* imported tables */
    uint32_t func_count;      /* defined functions */
    const char **func_names;  /* first export name per function index, or NULL */
    uint16_t *func_name_lens;
} dump_state;

/* A reader over section id's body (empty when absent). */
static reader section_reader(const dump_state *d, unsigned id)
{
    reader r = {d->image, d->info.section[id].offset, d->info.section[id].offset + d->info.section[id].size,
                d->info.section[id].offset != 0};
    return r;
}

/* Takes n bytes; returns a pointer to them, or NULL (and marks r bad) past the end. */
static const uint8_t *take(reader *r, uint32_t n)
{
    if (!r->ok || r->at > r->end || r->end - r->at < n) {
        r->ok = false;
        return NULL;
    }
    const uint8_t *p = r->image + r->at;
    r->at += n;
    return p;
}

/* Reads a u8 (0 past the end). */
static uint32_t take_u8(reader *r)
{
    const uint8_t *p = take(r, 1);
    return p ? p[0] : 0;
}

/* Reads a u16 (0 past the end). */
static uint32_t take_u16(reader *r)
{
    const uint8_t *p = take(r, 2);
    return p ? xip_read_u16(p) : 0;
}

/* Reads a u32 (0 past the end). */
static uint32_t take_u32(reader *r)
{
    const uint8_t *p = take(r, 4);
    return p ? xip_read_u32(p) : 0;
}

/* Reads a name (u16 length + bytes); *len is 0 past the end. */
static const char *take_name(reader *r, uint32_t *len)
{
    *len = take_u16(r);
    const char *s = (const char *)take(r, *len);
    if (s == NULL)
        *len = 0;
    return s ? s : "";
}

/* Writes type y's signature into out, or "<bad type>". */
static void type_text(const dump_state *d, uint32_t y, char *out, size_t size)
{
    snprintf(out, size, "<bad type %lu>", (unsigned long)y);
    if (y >= d->type_count)
        return;
    reader r = section_reader(d, XIP_SECTION_TYPE);
    r.at = d->type_offsets[y];
    xip_functype type;
    type.param_count = take_u8(&r);
    type.result_count = take_u8(&r);
    type.params = take(&r, type.param_count);
    type.results = take(&r, type.result_count);
    if (r.ok)
        cli_format_functype(&type, out, size);
}

/* Indexes the TYPE section and collects export names for functions. */
static bool index_image(dump_state *d)
{
    reader r = section_reader(d, XIP_SECTION_TYPE);
    d->type_count = take_u16(&r);
    d->type_offsets = calloc((size_t)d->type_count + 1, sizeof *d->type_offsets);
    if (d->type_offsets == NULL)
        return false;
    for (uint32_t i = 0; i < d->type_count && r.ok; i++) {
        d->type_offsets[i] = r.at;
        uint32_t n = take_u8(&r);
        n += take_u8(&r);
        take(&r, n);
    }
    r = section_reader(d, XIP_SECTION_IMPORT);
    uint32_t imports = take_u16(&r), len;
    for (uint32_t i = 0; i < imports && r.ok; i++) {
        uint32_t kind = take_u8(&r);
        take(&r, kind == XIP_EXTERN_FUNC || kind == XIP_EXTERN_GLOBAL ? 2 : 9);
        take_name(&r, &len);
        take_name(&r, &len);
        d->import_count += r.ok && kind == XIP_EXTERN_FUNC;
        d->import_tables += r.ok && kind == XIP_EXTERN_TABLE;
    }
    r = section_reader(d, XIP_SECTION_FUNC);
    d->func_count = take_u16(&r);
    uint32_t total = d->import_count + d->func_count;
    d->func_names = calloc((size_t)total + 1, sizeof *d->func_names);
    d->func_name_lens = calloc((size_t)total + 1, sizeof *d->func_name_lens);
    if (d->func_names == NULL || d->func_name_lens == NULL)
        return false;
    r = section_reader(d, XIP_SECTION_EXPORT);
    uint32_t count = take_u16(&r);
    for (uint32_t i = 0; i < count && r.ok; i++) {
        uint32_t kind = take_u8(&r), index = take_u16(&r);
        const char *name = take_name(&r, &len);
        if (r.ok && kind == XIP_EXTERN_FUNC && index < total && d->func_names[index] == NULL) {
            d->func_names[index] = name;
            d->func_name_lens[index] = (uint16_t)len;
        }
    }
    return true;
}

/* Prints ` "name"` for an exported function. */
static void print_func_name(const dump_state *d, uint32_t f)
{
    if (f < d->import_count + d->func_count && d->func_names[f] != NULL)
        printf(" \"%.*s\"", (int)d->func_name_lens[f], d->func_names[f]);
}

/* Prints the header fields and where each section lies. */
static void dump_header(const dump_state *d, const char *file)
{
    const cli_image_info *info = &d->info;
    printf("image %s: format version %u, flags 0x%02x%s, %lu bytes, crc 0x%08lx\n", file,
           (unsigned)info->version, (unsigned)info->flags, (info->flags & XIP_IMAGE_FLOAT) ? " (float)" : "",
           (unsigned long)info->size, (unsigned long)info->crc);
    printf("sections:\n");
    for (unsigned id = 1; id <= XIP_SECTION_LAST; id++)
        if (info->section[id].offset != 0)
            printf("  %-7s at 0x%06lx, %lu bytes\n", xip_section_name(id), (unsigned long)info->section[id].header,
                   (unsigned long)info->section[id].size);
}

static void print_limit(uint32_t value, const char *unit);

/* Prints the signatures and the imports. */
static void dump_types_imports(const dump_state *d)
{
    char text[512];
    printf("types (%lu):\n", (unsigned long)d->type_count);
    for (uint32_t y = 0; y < d->type_count; y++) {
        type_text(d, y, text, sizeof text);
        printf("  type %lu: %s\n", (unsigned long)y, text);
    }
    reader r = section_reader(d, XIP_SECTION_IMPORT);
    uint32_t count = take_u16(&r);
    if (count == 0)
        return;
    printf("imports (%lu):\n", (unsigned long)count);
    uint32_t n[4] = {0, 0, 0, 0};
    for (uint32_t i = 0; i < count && r.ok; i++) {
        uint32_t kind = take_u8(&r), a = 0, min = 0, max = 0, module_len, field_len;
        if (kind == XIP_EXTERN_FUNC || kind == XIP_EXTERN_GLOBAL) {
            a = take_u8(&r);
            a |= take_u8(&r) << 8;
        } else {
            a = kind == XIP_EXTERN_TABLE ? take_u8(&r) : 0;
            min = take_u32(&r);
            max = take_u32(&r);
            a = kind == XIP_EXTERN_MEMORY ? take_u8(&r) : a;
        }
        const char *module = take_name(&r, &module_len);
        const char *field = take_name(&r, &field_len);
        if (!r.ok || kind > XIP_EXTERN_GLOBAL)
            break;
        static const char *const prefixes[4] = {"f", "table ", "memory ", "g"};
        printf("  %s%lu: %.*s.%.*s, ", prefixes[kind], (unsigned long)n[kind]++, (int)module_len, module,
               (int)field_len, field);
        if (kind == XIP_EXTERN_FUNC) {
            type_text(d, a, text, sizeof text);
            printf("type %lu %s\n", (unsigned long)a, text);
        } else if (kind == XIP_EXTERN_GLOBAL) {
            printf("%s%s\n", (a >> 8) ? "mut " : "", cli_type_name((uint8_t)a));
        } else {
            if (kind == XIP_EXTERN_TABLE)
                printf("%s, ", cli_type_name((uint8_t)a));
            printf("min %lu, max ", (unsigned long)min);
            print_limit(max, "");
            if (kind == XIP_EXTERN_MEMORY)
                printf(", page %lu bytes", a < 32 ? 1ul << a : 0ul);
            printf("\n");
        }
    }
}

/* Reads a FUNC entry's code range [start, end) into the CODE body; false if bad. */
static bool code_range(const dump_state *d, uint32_t k, uint32_t *start, uint32_t *end)
{
    uint32_t code_size = d->info.section[XIP_SECTION_CODE].size;
    reader r = section_reader(d, XIP_SECTION_FUNC);
    r.at += 2 + k * XIP_FUNC_ENTRY_SIZE + 8;
    *start = take_u32(&r);
    *end = code_size;
    if (k + 1 < d->func_count) {
        r.at += XIP_FUNC_ENTRY_SIZE - 4;
        *end = take_u32(&r);
    }
    return r.ok && *start <= *end && *end <= code_size;
}

/* Prints "none" or the value followed by unit. */
static void print_limit(uint32_t value, const char *unit)
{
    if (value == XIP_NO_MAX)
        printf("none");
    else
        printf("%lu%s", (unsigned long)value, unit);
}

/* Prints each defined function: type, counts, frame size, code range, export name. */
static void dump_functions(const dump_state *d)
{
    char text[512];
    if (d->func_count == 0)
        return;
    printf("functions (%lu):\n", (unsigned long)d->func_count);
    reader r = section_reader(d, XIP_SECTION_FUNC);
    take_u16(&r);
    for (uint32_t k = 0; k < d->func_count && r.ok; k++) {
        uint32_t y = take_u16(&r), nparams = take_u8(&r), nresults = take_u8(&r);
        uint32_t nlocals = take_u16(&r), frame = take_u16(&r);
        take_u32(&r);
        uint32_t start, end;
        bool code_ok = code_range(d, k, &start, &end);
        type_text(d, y, text, sizeof text);
        printf("  f%lu: type %lu %s, %lu params, %lu results, %lu locals, frame %lu", (unsigned long)(d->import_count + k),
               (unsigned long)y, text, (unsigned long)nparams, (unsigned long)nresults, (unsigned long)nlocals,
               (unsigned long)frame);
        if (code_ok)
            printf(", code 0x%lx (%lu bytes)", (unsigned long)start, (unsigned long)(end - start));
        else
            printf(", <bad code range>");
        print_func_name(d, d->import_count + k);
        printf("\n");
    }
}

/* Reads a cexpr and writes it as text (postfix, comma separated); false if bad. */
static bool take_cexpr(reader *r, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (unsigned k = 0; k < 64 && r->ok; k++) {
        uint32_t op = take_u8(r);
        char item[48];
        const uint8_t *p;
        if (op == XIP_CEXPR_END)
            return r->ok;
        switch (op) {
        case XIP_CEXPR_I32: snprintf(item, sizeof item, "0x%lx", (unsigned long)take_u32(r)); break;
        case XIP_CEXPR_I64:
            p = take(r, 8);
            snprintf(item, sizeof item, "0x%llx", p ? (unsigned long long)xip_read_u64(p) : 0ull);
            break;
        case XIP_CEXPR_GLOBAL: snprintf(item, sizeof item, "g%lu", (unsigned long)take_u16(r)); break;
        case XIP_CEXPR_REF_FUNC: snprintf(item, sizeof item, "f%lu", (unsigned long)take_u16(r)); break;
        case XIP_CEXPR_REF_NULL: snprintf(item, sizeof item, "null"); break;
        case XIP_CEXPR_ADD32: case XIP_CEXPR_ADD64: snprintf(item, sizeof item, "add"); break;
        case XIP_CEXPR_SUB32: case XIP_CEXPR_SUB64: snprintf(item, sizeof item, "sub"); break;
        case XIP_CEXPR_MUL32: case XIP_CEXPR_MUL64: snprintf(item, sizeof item, "mul"); break;
        default: r->ok = false; return false;
        }
        if (len < size)
            len += (size_t)snprintf(out + len, size - len, "%s%s", len ? " " : "", item);
    }
    r->ok = false;
    return false;
}

/* Prints the tables with their contents, the memory limits and the globals. */
static void dump_table_memory_globals(const dump_state *d)
{
    char text[256];
    reader r = section_reader(d, XIP_SECTION_TABLE);
    uint32_t count = take_u16(&r);
    for (uint32_t t = 0; t < count && r.ok; t++) {
        uint32_t elem = take_u8(&r), flags = take_u8(&r), min = take_u32(&r), max = take_u32(&r);
        printf("table %lu: %s, min %lu, max ", (unsigned long)(d->import_tables + t), cli_type_name((uint8_t)elem),
               (unsigned long)min);
        print_limit(max, "");
        if (flags & XIP_TABLE_RAM) {
            printf(", in RAM\n");
            continue;
        }
        uint32_t n = take_u32(&r);
        printf(", %lu entries:", (unsigned long)n);
        for (uint32_t i = 0; i < n && r.ok; i++) {
            uint32_t f = take_u16(&r);
            if (f == XIP_NULL_FUNC)
                printf(" null");
            else
                printf(" f%lu", (unsigned long)f);
        }
        printf("\n");
    }
    if (d->info.has_memory) {
        printf("memory: min %lu pages, max ", (unsigned long)d->info.memory_min);
        print_limit(d->info.memory_max, " pages");
        printf(", page %lu bytes\n", d->info.page_log2 < 32 ? 1ul << d->info.page_log2 : 0ul);
    }
    r = section_reader(d, XIP_SECTION_GLOBAL);
    count = take_u16(&r);
    if (count != 0)
        printf("globals (%lu):\n", (unsigned long)count);
    uint32_t first = d->info.global_count >= count ? d->info.global_count - count : 0;
    for (uint32_t g = 0; g < count && r.ok; g++) {
        uint32_t type = take_u8(&r), mutable = take_u8(&r);
        if (take_cexpr(&r, text, sizeof text))
            printf("  g%lu: %s%s = %s\n", (unsigned long)(first + g), mutable ? "mut " : "",
                   cli_type_name((uint8_t)type), text);
    }
}

/* Prints the data segments. */
static void dump_data(const dump_state *d)
{
    char text[256];
    reader r = section_reader(d, XIP_SECTION_DATA);
    uint32_t count = take_u16(&r);
    if (count != 0)
        printf("data (%lu):\n", (unsigned long)count);
    for (uint32_t i = 0; i < count && r.ok; i++) {
        uint32_t mode = take_u8(&r);
        if (mode == XIP_SEGMENT_ACTIVE && !take_cexpr(&r, text, sizeof text))
            break;
        uint32_t length = take_u32(&r);
        if (take(&r, length) == NULL)
            break;
        if (mode == XIP_SEGMENT_ACTIVE)
            printf("  segment %lu: offset %s, %lu bytes\n", (unsigned long)i, text, (unsigned long)length);
        else
            printf("  segment %lu: passive, %lu bytes\n", (unsigned long)i, (unsigned long)length);
    }
}

/* Prints the element segments. */
static void dump_elems(const dump_state *d)
{
    static const char *const modes[3] = {"active", "passive", "dropped"};
    char text[256];
    reader r = section_reader(d, XIP_SECTION_ELEM);
    uint32_t count = take_u16(&r);
    if (count != 0)
        printf("elements (%lu):\n", (unsigned long)count);
    for (uint32_t i = 0; i < count && r.ok; i++) {
        uint32_t mode = take_u8(&r), elem = take_u8(&r), table = 0;
        if (mode > XIP_SEGMENT_DROPPED)
            break;
        printf("  segment %lu: %s %s", (unsigned long)i, modes[mode], cli_type_name((uint8_t)elem));
        if (mode == XIP_SEGMENT_ACTIVE) {
            table = take_u8(&r);
            if (!take_cexpr(&r, text, sizeof text))
                break;
            printf(", table %lu at %s", (unsigned long)table, text);
        }
        uint32_t n = take_u32(&r);
        printf(", %lu items:", (unsigned long)n);
        for (uint32_t k = 0; k < n && take_cexpr(&r, text, sizeof text); k++)
            printf(" %s", text);
        printf("\n");
    }
}

/* Prints the exports, the start function and the segments. */
static void dump_exports_start_data(const dump_state *d)
{
    static const char *const kinds[4] = {"func", "table", "memory", "global"};
    static const char *const prefixes[4] = {"f", "table ", "memory ", "g"};
    reader r = section_reader(d, XIP_SECTION_EXPORT);
    uint32_t count = take_u16(&r);
    if (count != 0)
        printf("exports (%lu):\n", (unsigned long)count);
    for (uint32_t i = 0; i < count && r.ok; i++) {
        uint32_t kind = take_u8(&r), index = take_u16(&r), len;
        const char *name = take_name(&r, &len);
        if (r.ok)
            printf("  %s \"%.*s\" -> %s%lu\n", kind < 4 ? kinds[kind] : "?", (int)len, name,
                   kind < 4 ? prefixes[kind] : "", (unsigned long)index);
    }
    r = section_reader(d, XIP_SECTION_START);
    if (r.ok) {
        uint32_t f = take_u16(&r);
        printf("start: f%lu\n", (unsigned long)f);
    }
    dump_data(d);
    dump_elems(d);
}

/* Disassembles every function; false if some code is not valid bytecode. */
static bool dump_code(const dump_state *d)
{
    bool ok = true;
    const uint8_t *code = d->image + d->info.section[XIP_SECTION_CODE].offset;
    printf("disassembly:\n");
    for (uint32_t k = 0; k < d->func_count; k++) {
        uint32_t start, end;
        printf("f%lu", (unsigned long)(d->import_count + k));
        print_func_name(d, d->import_count + k);
        printf(":\n");
        if (d->info.section[XIP_SECTION_CODE].offset == 0 || !code_range(d, k, &start, &end)) {
            printf("  <bad code range>\n");
            ok = false;
            continue;
        }
        ok = xip_disasm_function(stdout, code + start, end - start) && ok;
    }
    return ok;
}

/* Dumps a verified image; returns an exit code. */
static int dump_image(const char *file, const uint8_t *image, size_t size)
{
    dump_state d;
    memset(&d, 0, sizeof d);
    d.image = image;
    cli_image_scan(image, size, &d.info);
    int code = CLI_EXIT_OK;
    if (!index_image(&d)) {
        code = cli_error("out of memory");
    } else {
        dump_header(&d, file);
        dump_types_imports(&d);
        dump_functions(&d);
        dump_table_memory_globals(&d);
        dump_exports_start_data(&d);
        if (!dump_code(&d))
            code = cli_error("%s: bad bytecode", file);
    }
    free(d.type_offsets);
    free(d.func_names);
    free(d.func_name_lens);
    return code;
}

int cli_cmd_dump(int argc, char **argv)
{
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(dump_help, stdout);
            return CLI_EXIT_OK;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("dump", "unknown option '%s'", argv[i]);
        if (file != NULL)
            return cli_usage_error("dump", "unexpected argument '%s'", argv[i]);
        file = argv[i];
    }
    if (file == NULL)
        return cli_usage_error("dump", "missing FILE");
    uint8_t *image = NULL;
    size_t size = 0;
    int code = cli_load_input(file, &image, &size);
    if (code == CLI_EXIT_OK) {
        cli_limits limits = cli_default_limits();
        cli_vm vm;
        if (cli_vm_load(&vm, file, image, size, &limits, false) != XIP_OK)
            code = CLI_EXIT_ERROR;
        cli_vm_free(&vm);
        if (code == CLI_EXIT_OK)
            code = dump_image(file, image, size);
    }
    free(image);
    return code;
}
