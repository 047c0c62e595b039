/* exports.c: listing an instance's exported functions with their signatures. */
#include <stdio.h>

#include "cli.h"

void cli_print_exports(FILE *f, const xip_instance *inst)
{
    uint32_t listed = 0, count = xip_export_count(inst);
    for (uint32_t i = 0; i < count; i++) {
        const char *name;
        uint32_t name_len, index;
        uint8_t kind;
        xip_functype type;
        char signature[256];
        if (xip_export_info(inst, i, &name, &name_len, &kind, &index) != XIP_OK || kind != XIP_EXTERN_FUNC ||
            xip_func_type(inst, index, &type) != XIP_OK)
            continue;
        cli_format_functype(&type, signature, sizeof signature);
        fprintf(f, "  %.*s %s\n", (int)name_len, name, signature);
        listed++;
    }
    if (listed == 0)
        fputs("  (none)\n", f);
}
