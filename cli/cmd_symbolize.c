/*
 * cmd_symbolize.c: `xipwasm symbolize MAP FUNC OFFSET`: turns the function
 * index and bytecode offset a device logged (xip_trap_site) into the
 * function's name and the Wasm offset, with the map `compile --map` wrote
 * (or the .wasm itself, compiled again in memory).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char symbolize_help[] =
    "usage: xipwasm symbolize MAP FUNC OFFSET\n"
    "\n"
    "Prints where function FUNC (imports counted first) at bytecode offset OFFSET\n"
    "(from the function's first code byte; decimal or 0x hex) comes from:\n"
    "  function 2 \"div\" at +0x4, wasm offset 0x3a\n"
    "MAP is the file `xipwasm compile --map` wrote, or the .wasm the image was\n"
    "compiled from. These are the numbers xip_trap_site() gives a firmware and\n"
    "`xipwasm run` prints with a trap.\n"
    "\n"
    "exit status: 0 ok, 1 bad map or no such code location, 2 usage\n";

/* Reads MAP: a map file, or a .wasm compiled in memory for its map. */
static int read_map(const char *path, cli_map *map)
{
    uint8_t *data, *image = NULL;
    size_t size, image_size = 0;
    memset(map, 0, sizeof *map);
    if (!cli_read_file(path, &data, &size))
        return CLI_EXIT_ERROR;
    bool wasm = cli_is_wasm(data, size);
    int code = CLI_EXIT_OK;
    if (wasm)
        code = cli_compile(path, data, size, NULL, &image, &image_size, map);
    free(data);
    free(image);
    if (!wasm && !cli_map_read(path, map))
        code = CLI_EXIT_ERROR;
    return code;
}

/* Symbolizes one location; returns an exit code. */
static int symbolize(const char *path, uint64_t func, uint64_t offset)
{
    cli_map map;
    int code = read_map(path, &map);
    char site[512];
    uint32_t wasm;
    if (code != CLI_EXIT_OK) {
        cli_map_free(&map);
        return code;
    }
    if (func >= map.func_count)
        code = cli_error("%s: no function %llu (the module has %lu)", path, (unsigned long long)func,
                         (unsigned long)map.func_count);
    else if (func < map.import_count)
        code = cli_error("%s: function %llu is an import: it has no bytecode", path, (unsigned long long)func);
    else if (offset > UINT32_MAX || !cli_map_lookup(&map, (uint32_t)func, (uint32_t)offset, &wasm))
        code = cli_error("%s: function %llu has no code at offset 0x%llx", path, (unsigned long long)func,
                         (unsigned long long)offset);
    if (code == CLI_EXIT_OK) {
        cli_format_site(&map, (uint32_t)func, (uint32_t)offset, site, sizeof site);
        printf("%s\n", site);
    }
    cli_map_free(&map);
    return code;
}

int cli_cmd_symbolize(int argc, char **argv)
{
    const char *positional[3];
    int count = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(symbolize_help, stdout);
            return CLI_EXIT_OK;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("symbolize", "unknown option '%s'", argv[i]);
        if (count == 3)
            return cli_usage_error("symbolize", "unexpected argument '%s'", argv[i]);
        positional[count++] = argv[i];
    }
    if (count < 3)
        return cli_usage_error("symbolize", "expected MAP FUNC OFFSET");
    uint64_t func, offset;
    if (!cli_parse_u64(positional[1], &func))
        return cli_usage_error("symbolize", "bad function index '%s'", positional[1]);
    if (!cli_parse_u64(positional[2], &offset))
        return cli_usage_error("symbolize", "bad offset '%s'", positional[2]);
    return symbolize(positional[0], func, offset);
}
