/* main.c: the `xipwasm` command: dispatches to its subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "wast.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"compile", cli_cmd_compile, "compile a .wasm module into an image"},
    {"run", cli_cmd_run, "run a .wasm module or an image"},
    {"dump", cli_cmd_dump, "show an image's sections and disassembly"},
    {"verify", cli_cmd_verify, "check an image as the executor would"},
    {"stats", cli_cmd_stats, "the RAM an image needs: memory, globals, tables, stack bound"},
    {"symbolize", cli_cmd_symbolize, "turn a trap's function and offset into a Wasm location"},
    {"place", cli_cmd_place, "put an image into a firmware's applet slot (Intel HEX)"},
    {"wast", xw_wast_main, "run a WebAssembly spec test script (.wast)"},
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

/* Prints the top-level help to f. */
static void print_help(FILE *f)
{
    fprintf(f, "usage: xipwasm COMMAND [ARGS...]\n\n"
               "A WebAssembly toolchain for microcontrollers.\n\ncommands:\n");
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\noptions:\n  -h, --help     show this help\n  --version      show the version\n"
               "\n'xipwasm COMMAND --help' describes a command.\n"
               "exit status: 0 ok, 1 bad input, 2 usage, 3 trap, 4 out of fuel\n");
}

/* Prints the version and the WebAssembly features the compiler accepts. */
static void print_version(void)
{
    printf("xipwasm %s (image format %u)\n"
           "WebAssembly 2.0 (MVP with: mutable-globals, sign-extension-ops, nontrapping-float-to-int,\n"
           "  multi-value, bulk-memory, reference-types), extended-const, custom-page-sizes\n"
           "not supported: simd, relaxed-simd, threads, tail-call, exceptions, gc,\n"
           "  function-references, memory64, multi-memory\n",
           CLI_VERSION, (unsigned)XIP_FORMAT_VERSION);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "xipwasm: missing command\ntry xipwasm --help\n");
        return CLI_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (cli_is_help(name) || strcmp(name, "help") == 0) {
        print_help(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        print_version();
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "xipwasm: unknown command '%s'\ntry xipwasm --help\n", name);
    return CLI_EXIT_USAGE;
}
