/*
 * wast.h: `xipwasm wast FILE.wast`, the WebAssembly spec-test runner.
 *
 * Converts the script with wast2json, then runs every command through the
 * real path (xc_compile, xip_load, link, xip_instantiate, xip_call). Prints
 * one line per failure, "FILE.wast:LINE: <command>: <what went wrong>", and
 * closes with "N passed, N failed, N skipped".
 * Exit: 0 nothing failed, 1 some failure, 2 wrong usage.
 */
#ifndef XIPWASM_WAST_H
#define XIPWASM_WAST_H

/* The `wast` subcommand; argv[0] is "wast". */
int xw_wast_main(int argc, char **argv);

#endif /* XIPWASM_WAST_H */
