/* opcode_doc.c: prints the instruction table of docs/format.md from format/opcodes.def. */
#include <stdio.h>

#include "xip_format.h"

/* Prints text with the table separator '|' escaped. */
static void print_cell(const char *text)
{
    for (; *text; text++) {
        if (*text == '|')
            putchar('\\');
        putchar(*text);
    }
}

/* Prints the markdown table, one row per opcode, in opcode order. */
int main(void)
{
    static const char *const shape_names[] = {
#define SHAPE_NAME(name, size, f1, f2, f3, f4) #name,
        XIP_SHAPES(SHAPE_NAME)
#undef SHAPE_NAME
    };
    static const unsigned char shape_sizes[] = {
#define SHAPE_SIZE(name, size, f1, f2, f3, f4) size,
        XIP_SHAPES(SHAPE_SIZE)
#undef SHAPE_SIZE
    };
    struct row { const char *mnemonic; int shape; unsigned flags; const char *semantics; };
    static const struct row rows[] = {
#define OP(name, mnemonic, shape, flags, semantics) {mnemonic, XIP_SHAPE_##shape, flags, semantics},
#include "opcodes.def"
#undef OP
    };
    printf("<!-- generated from format/opcodes.def by scripts/opcode_doc.c: do not edit -->\n");
    printf("| op | mnemonic | shape | bytes | flags | semantics |\n");
    printf("|---:|---|---|---:|---|---|\n");
    for (unsigned i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        char flags[64] = "";
        int n = 0;
        if (r->flags & XIP_F_FLOAT) n += snprintf(flags + n, sizeof flags - (size_t)n, "float ");
        if (r->flags & XIP_F_BRANCH) n += snprintf(flags + n, sizeof flags - (size_t)n, "branch ");
        if (r->flags & XIP_F_NOFALL) n += snprintf(flags + n, sizeof flags - (size_t)n, "nofall ");
        if (r->flags & XIP_F_TRAP) n += snprintf(flags + n, sizeof flags - (size_t)n, "trap ");
        if (r->flags & XIP_F_CALL) n += snprintf(flags + n, sizeof flags - (size_t)n, "call ");
        if (r->flags & XIP_F_EXT) n += snprintf(flags + n, sizeof flags - (size_t)n, "ext ");
        if (n > 0) flags[n - 1] = '\0';
        printf("| 0x%02x | `%s` | %s | %u%s | %s | ", i, r->mnemonic, shape_names[r->shape],
               shape_sizes[r->shape], r->shape == XIP_SHAPE_BRTABLE ? "+2(n+1)" : "", flags);
        print_cell(r->semantics);
        printf(" |\n");
    }
    return 0;
}
