/*
 * srcmap.c: the map file of `xipwasm compile --map` and its readers (`run
 * --map`, `symbolize`): function names from the Wasm name section, and for
 * every bytecode instruction the Wasm file offset it came from. Text, one
 * record a line:
 *
 *   xipwasm-map 2
 *   image-checksum 0x1c2d3e4f      the checksum in the header of the image it belongs to
 *   functions 3 imports 1          function count and function imports
 *   name 1 div                     function 1 is named "div" (rest of line)
 *   at 1 0x0004 0x3c               function 1, code offset 4: Wasm offset 0x3c
 *   end 1 0x0009                   function 1's code is 9 bytes
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Reads an unsigned LEB128 of at most 32 bits at *pos below end; false when malformed. */
static bool read_leb(const uint8_t *p, size_t end, size_t *pos, uint32_t *out)
{
    uint32_t v = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
        if (*pos >= end)
            return false;
        uint8_t b = p[(*pos)++];
        v |= (uint32_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

/* Copies a name, replacing control characters so that it stays on one line. */
static char *copy_name(const uint8_t *p, uint32_t len)
{
    char *s = malloc((size_t)len + 1);
    if (s == NULL)
        return NULL;
    for (uint32_t i = 0; i < len; i++)
        s[i] = p[i] < 0x20 || p[i] == 0x7f ? '?' : (char)p[i];
    s[len] = '\0';
    return s;
}

/* Reads the function-name subsection body p[pos..end) into map->names. */
static void read_func_names(const uint8_t *p, size_t pos, size_t end, cli_map *map)
{
    uint32_t count, index, len;
    if (!read_leb(p, end, &pos, &count))
        return;
    for (uint32_t i = 0; i < count; i++) {
        if (!read_leb(p, end, &pos, &index) || !read_leb(p, end, &pos, &len) || len > end - pos)
            return;
        if (index < map->func_count && map->names[index] == NULL)
            map->names[index] = copy_name(p + pos, len);
        pos += len;
    }
}

/* Names still unnamed functions after their exports: the export section body p[pos..end). */
static void read_export_names(const uint8_t *p, size_t pos, size_t end, cli_map *map)
{
    uint32_t count, len, index;
    if (!read_leb(p, end, &pos, &count))
        return;
    for (uint32_t i = 0; i < count; i++) {
        if (!read_leb(p, end, &pos, &len) || len > end - pos || end - pos - len < 1)
            return;
        size_t name = pos;
        pos += len;
        uint8_t kind = p[pos++];
        if (!read_leb(p, end, &pos, &index))
            return;
        if (kind == 0 && index < map->func_count && map->names[index] == NULL)
            map->names[index] = copy_name(p + name, len);
    }
}

/* Reads the subsections of a "name" section body p[at..end); the function names go into map. */
static void read_name_subsections(const uint8_t *p, size_t at, size_t end, cli_map *map)
{
    while (at < end) {
        uint8_t sub = p[at++];
        uint32_t sub_len;
        if (!read_leb(p, end, &at, &sub_len) || sub_len > end - at)
            return;
        if (sub == 1)
            read_func_names(p, at, at + sub_len, map);
        at += sub_len;
    }
}

/*
 * Fills map->names from the "name" custom section of wasm, then the export
 * names for functions it does not name (best effort: a malformed part of a
 * custom section is skipped).
 */
static void read_names(const uint8_t *wasm, size_t size, cli_map *map)
{
    size_t exports = 0, exports_end = 0, pos = 8;
    while (pos < size) {
        uint8_t id = wasm[pos++];
        uint32_t len, name_len;
        if (!read_leb(wasm, size, &pos, &len) || len > size - pos)
            break;
        size_t end = pos + len, at = pos;
        if (id == 0 && read_leb(wasm, end, &at, &name_len) && name_len == 4 && name_len <= end - at &&
            memcmp(wasm + at, "name", 4) == 0)
            read_name_subsections(wasm, at + 4, end, map);
        if (id == 7) {
            exports = pos;
            exports_end = end;
        }
        pos = end;
    }
    if (exports_end != 0)
        read_export_names(wasm, exports, exports_end, map);
}

bool cli_map_init(cli_map *map, const uint8_t *wasm, size_t wasm_size, const uint8_t *image)
{
    map->names = calloc((size_t)map->func_count + 1, sizeof *map->names);
    if (map->names == NULL)
        return false;
    map->checksum = xip_read_u32(image + 16);
    read_names(wasm, wasm_size, map);
    return true;
}

void cli_map_free(cli_map *map)
{
    if (map->names != NULL)
        for (uint32_t i = 0; i < map->func_count; i++)
            free(map->names[i]);
    free(map->names);
    free(map->entries);
    memset(map, 0, sizeof *map);
}

bool cli_map_write(const char *path, const cli_map *map)
{
    bool to_stdout = strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "w");
    if (f == NULL) {
        cli_error("%s: cannot create: %s", path, strerror(errno));
        return false;
    }
    fprintf(f, "xipwasm-map 2\nimage-checksum 0x%08lx\nfunctions %lu imports %lu\n", (unsigned long)map->checksum,
            (unsigned long)map->func_count, (unsigned long)map->import_count);
    for (uint32_t i = 0; i < map->func_count; i++)
        if (map->names[i] != NULL)
            fprintf(f, "name %lu %s\n", (unsigned long)i, map->names[i]);
    for (size_t k = 0; k < map->count; k++) {
        const xc_map_entry *e = &map->entries[k];
        if (e->wasm_offset == XC_MAP_END)
            fprintf(f, "end %lu 0x%04lx\n", (unsigned long)e->func, (unsigned long)e->code_offset);
        else
            fprintf(f, "at %lu 0x%04lx 0x%lx\n", (unsigned long)e->func, (unsigned long)e->code_offset,
                    (unsigned long)e->wasm_offset);
    }
    bool ok = fflush(f) == 0 && !ferror(f);
    if (!to_stdout)
        ok = fclose(f) == 0 && ok;
    if (!ok)
        cli_error("%s: cannot write: %s", path, strerror(errno));
    return ok;
}

/* Parses one "name" or "at" line into map; false when it is neither or malformed. */
static bool parse_record(char *line, cli_map *map, size_t *capacity)
{
    unsigned long func, code, wasm;
    int n = 0;
    if (sscanf(line, "name %lu %n", &func, &n) == 1 && n > 0) {
        if (func >= map->func_count)
            return false;
        line[strcspn(line, "\n")] = '\0';
        free(map->names[func]);
        map->names[func] = copy_name((const uint8_t *)line + n, (uint32_t)strlen(line + n));
        return map->names[func] != NULL;
    }
    if (sscanf(line, "end %lu %lx", &func, &code) == 2)
        wasm = XC_MAP_END;
    else if (sscanf(line, "at %lu %lx %lx", &func, &code, &wasm) != 3 || wasm >= XC_MAP_END)
        return false;
    if (func >= map->func_count || code > UINT32_MAX)
        return false;
    if (map->count == *capacity) {
        size_t bigger = *capacity ? *capacity * 2 : 256;
        xc_map_entry *e = realloc(map->entries, bigger * sizeof *e);
        if (e == NULL)
            return false;
        map->entries = e;
        *capacity = bigger;
    }
    map->entries[map->count].func = (uint32_t)func;
    map->entries[map->count].code_offset = (uint32_t)code;
    map->entries[map->count].wasm_offset = (uint32_t)wasm;
    map->count++;
    return true;
}

bool cli_map_read(const char *path, cli_map *map)
{
    memset(map, 0, sizeof *map);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        cli_error("%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    char line[4096];
    unsigned long checksum = 0, funcs = 0, imports = 0;
    unsigned number = 1;
    bool ok = fgets(line, sizeof line, f) != NULL && strcmp(line, "xipwasm-map 2\n") == 0;
    ok = ok && fgets(line, sizeof line, f) && sscanf(line, "image-checksum %lx", &checksum) == 1 && ++number;
    ok = ok && fgets(line, sizeof line, f) && sscanf(line, "functions %lu imports %lu", &funcs, &imports) == 2 &&
         funcs <= 0xffff && imports <= funcs && ++number;
    if (ok) {
        map->checksum = (uint32_t)checksum;
        map->func_count = (uint32_t)funcs;
        map->import_count = (uint32_t)imports;
        map->names = calloc(funcs + 1, sizeof *map->names);
        ok = map->names != NULL;
    }
    size_t capacity = 0;
    while (ok && fgets(line, sizeof line, f) != NULL && ++number)
        ok = parse_record(line, map, &capacity);
    fclose(f);
    if (!ok) {
        cli_error("%s:%u: not an xipwasm map (xipwasm compile --map)", path, number);
        cli_map_free(map);
    }
    return ok;
}

const char *cli_map_name(const cli_map *map, uint32_t func)
{
    return map != NULL && map->names != NULL && func < map->func_count ? map->names[func] : NULL;
}

bool cli_map_lookup(const cli_map *map, uint32_t func, uint32_t offset, uint32_t *wasm_offset)
{
    const xc_map_entry *best = NULL;
    for (size_t k = 0; map != NULL && k < map->count; k++) {
        const xc_map_entry *e = &map->entries[k];
        if (e->func == func && e->code_offset <= offset && (best == NULL || e->code_offset > best->code_offset))
            best = e;
    }
    if (best == NULL || best->wasm_offset == XC_MAP_END)
        return false;
    *wasm_offset = best->wasm_offset;
    return true;
}

void cli_format_site(const cli_map *map, uint32_t func, uint32_t offset, char *out, size_t size)
{
    const char *name = cli_map_name(map, func);
    uint32_t wasm = 0;
    int n = snprintf(out, size, "function %lu", (unsigned long)func);
    if (name != NULL && n >= 0 && (size_t)n < size)
        n += snprintf(out + n, size - (size_t)n, " \"%s\"", name);
    if (n >= 0 && (size_t)n < size)
        n += snprintf(out + n, size - (size_t)n, " at +0x%lx", (unsigned long)offset);
    if (cli_map_lookup(map, func, offset, &wasm) && n >= 0 && (size_t)n < size)
        snprintf(out + n, size - (size_t)n, " (wasm offset 0x%lx)", (unsigned long)wasm);
}
