/*
 * m32_place.c: `xipwasm place` for the 32-bit test build (tests/m32.mk),
 * which cannot link the host's 64-bit LLVM object library. It answers
 * --help and usage errors like every command, then says it is not built.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_cmd_place(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: xipwasm place IMAGE --firmware FW.elf [--slot NAME] -o OUT\n"
                   "\n(this 32-bit test build has no LLVM: place is not built in)\n");
            return CLI_EXIT_OK;
        }
        if (argv[i][0] == '-' && argv[i][1] == '-' && strcmp(argv[i], "--firmware") != 0 &&
            strcmp(argv[i], "--slot") != 0 && strcmp(argv[i], "--format") != 0)
            return cli_usage_error("place", "unknown option '%s'", argv[i]);
    }
    return cli_error("place: not built into the 32-bit test build (no 32-bit LLVM)");
}
