/*
 * m32_place.c: `xipwasm place` for the 32-bit test build (tests/m32.mk),
 * which cannot link the host's 64-bit LLVM object library: it says so.
 */
#include "cli.h"

int cli_cmd_place(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("place: not built into the 32-bit test build (no 32-bit LLVM)");
}
