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

/* The names of the roles, by enum xip_role (XIP_ROLE_RW is the last). */
static const char *const role_names[] = {"_", "R", "W", "B", "N", "R3", "TW", "RREF", "WREF", "RV", "WV", "WK", "RW"};
typedef char one_name_per_role[sizeof role_names / sizeof role_names[0] == XIP_ROLE_RW + 1 ? 1 : -1];

/* Prints the operand roles of a packed XIP_ROLES value, one letter group per field ("W R R"). */
static void print_roles(unsigned roles, const unsigned char *fields)
{
    int first = 1;
    for (unsigned k = 0; k < 4 && fields[k] != XIP_FIELD_NONE; k++) {
        printf("%s%s", first ? "" : " ", role_names[xip_role_at(roles, k)]);
        first = 0;
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
    static const unsigned char shape_fields[][4] = {
#define SHAPE_FIELDS(name, size, f1, f2, f3, f4) {f1, f2, f3, f4},
        XIP_SHAPES(SHAPE_FIELDS)
#undef SHAPE_FIELDS
    };
    struct row {
        const char *mnemonic;
        int shape;
        unsigned length;
        unsigned flags;
        unsigned roles;
        unsigned inverse;
        const char *semantics;
    };
    static const struct row rows[] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics)                   \
    {mnemonic, XIP_SHAPE_##shape, XIP_LEN_##name, XIP_OP_FLAGS(feature, flags), XIP_ROLES(roles), \
     XIP_OP_##inverse, semantics},
#include "opcodes.def"
#undef OP
    };
    printf("<!-- generated from format/opcodes.def by scripts/opcode_doc.c: do not edit -->\n");
    printf("Roles, one per operand field of the shape: R register read, W register written,\n"
           "B call frame base, N RET result range, R3 three registers read, TW table written\n"
           "(a RAM table), _ not a register; for the reference check (docs/verifier.md): RREF\n"
           "read, must hold a reference, WREF written with a reference, RV/WV read/written\n"
           "carrying the value's class (move, select, global), WK written with the immediate\n"
           "(the null reference when it is XIP_NULL_REF). The inverse of a conditional branch is taken\n"
           "exactly when the branch is not.\n\n");
    printf("| op | mnemonic | shape | bytes | roles | flags | inverse | semantics |\n");
    printf("|---:|---|---|---:|---|---|---|---|\n");
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
        if (r->flags & XIP_F_MEM) n += snprintf(flags + n, sizeof flags - (size_t)n, "mem ");
        if (n > 0) flags[n - 1] = '\0';
        printf("| 0x%02x | `%s` | %s | %u%s | ", i, r->mnemonic, shape_names[r->shape], r->length,
               r->shape == XIP_SHAPE_BRTABLE ? "+2(n+1)" : "");
        print_roles(r->roles, shape_fields[r->shape]);
        printf(" | %s | %s%s%s | ", flags, r->inverse == XIP_OP__ ? "" : "`",
               r->inverse == XIP_OP__ ? "" : rows[r->inverse].mnemonic, r->inverse == XIP_OP__ ? "" : "`");
        print_cell(r->semantics);
        printf(" |\n");
    }
    return 0;
}
