/*
 * image_info.c: a small bounds-checked scan of an image's header and section
 * list, used to size the executor's buffers before xip_load and to print
 * the layout in `xipwasm dump`. It trusts nothing; xip_load does the real
 * verification.
 */
#include <string.h>

#include "cli.h"

/* Records memory limits {u32 min, u32 max, u8 page_log2} at p. */
static void take_memory(const uint8_t *p, cli_image_info *info)
{
    info->has_memory = true;
    info->memory_min = xip_read_u32(p);
    info->memory_max = xip_read_u32(p + 4);
    info->page_log2 = p[8];
}

/* Finds an imported memory in the IMPORT section (bounds-checked walk). */
static void scan_imports(const uint8_t *image, const cli_section *imports, cli_image_info *info)
{
    uint32_t at = imports->offset, end = imports->offset + imports->size;
    if (imports->offset == 0 || imports->size < 2)
        return;
    uint32_t count = xip_read_u16(image + at);
    at += 2;
    for (uint32_t i = 0; i < count && at < end; i++) {
        unsigned kind = image[at];
        uint32_t desc = kind == XIP_EXTERN_FUNC || kind == XIP_EXTERN_GLOBAL ? 2 : 9;
        if (end - at < 1 + desc)
            return;
        if (kind == XIP_EXTERN_MEMORY)
            take_memory(image + at + 1, info);
        at += 1 + desc;
        for (int name = 0; name < 2; name++) {
            if (end - at < 2 || end - at - 2 < xip_read_u16(image + at))
                return;
            at += 2u + xip_read_u16(image + at);
        }
    }
}

/* Reads the memory limits and the global count the buffers depend on. */
static void scan_contents(const uint8_t *image, size_t size, cli_image_info *info)
{
    const cli_section *memory = &info->section[XIP_SECTION_MEMORY];
    xip_requirements req;
    if (memory->offset != 0 && memory->size >= 10 && image[memory->offset] == 1)
        take_memory(image + memory->offset + 1, info);
    scan_imports(image, &info->section[XIP_SECTION_IMPORT], info);
    const cli_section *globals = &info->section[XIP_SECTION_GLOBAL];
    if (globals->offset != 0 && globals->size >= 2)
        info->global_count = xip_read_u16(image + globals->offset);
    if (size <= UINT32_MAX && xip_image_requirements(image, (uint32_t)size, &req) == XIP_OK)
        info->global_count = req.globals; /* imported globals included */
}

bool cli_image_scan(const uint8_t *image, size_t size, cli_image_info *info)
{
    memset(info, 0, sizeof *info);
    info->memory_max = XIP_NO_MAX;
    info->page_log2 = 16;
    if (size < XIP_HEADER_SIZE || memcmp(image, xip_magic(), XIP_MAGIC_SIZE) != 0)
        return false;
    info->version = image[8];
    info->flags = image[9];
    info->size = xip_read_u32(image + 12);
    info->crc = xip_read_u32(image + 16);
    uint32_t end = info->size < size ? info->size : (uint32_t)(size < UINT32_MAX ? size : UINT32_MAX);
    uint32_t at = XIP_HEADER_SIZE;
    unsigned last_id = 0;
    info->sections_ok = true;
    while (at < end) {
        if (end - at < XIP_SECTION_HEADER_SIZE) {
            info->sections_ok = false;
            break;
        }
        unsigned id = image[at];
        uint32_t body = xip_read_u32(image + at + 1);
        uint32_t start = at + XIP_SECTION_HEADER_SIZE;
        if (id <= last_id || id > XIP_SECTION_LAST || body > end - start) {
            info->sections_ok = false;
            break;
        }
        info->section[id].header = at;
        info->section[id].offset = start;
        info->section[id].size = body;
        last_id = id;
        at = start + body;
    }
    scan_contents(image, size, info);
    return info->sections_ok;
}
