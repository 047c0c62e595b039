/*
 * image_info.c: a small bounds-checked scan of an image's header and section
 * list, used to size the executor's buffers before xip_load and to print
 * the layout in `xipwasm dump`. It trusts nothing; xip_load does the real
 * verification.
 */
#include <string.h>

#include "cli.h"

/* Reads the MEMORY and GLOBAL counts the buffers depend on. */
static void scan_contents(const uint8_t *image, cli_image_info *info)
{
    const cli_section *memory = &info->section[XIP_SECTION_MEMORY];
    if (memory->offset != 0 && memory->size >= 10 && image[memory->offset] == 1) {
        const uint8_t *p = image + memory->offset + 1;
        info->has_memory = true;
        info->memory_min = xip_read_u32(p);
        info->memory_max = xip_read_u32(p + 4);
        info->page_log2 = p[8];
    }
    const cli_section *globals = &info->section[XIP_SECTION_GLOBAL];
    if (globals->offset != 0 && globals->size >= 2)
        info->global_count = xip_read_u16(image + globals->offset);
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
    scan_contents(image, info);
    return info->sections_ok;
}
