/* cmd_compile.c: `xipwasm compile IN.wasm -o OUT.xip [--dump-after PASS]`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compiler/compiler.h"

static const char compile_help[] =
    "usage: xipwasm compile IN.wasm -o OUT.xip [--dump-after PASS]\n"
    "\n"
    "Decodes and validates a WebAssembly module, lowers it to xipwasm bytecode and\n"
    "writes the image to OUT (atomically: a failed compile leaves OUT untouched).\n"
    "\n"
    "options:\n"
    "  -o, --output OUT   the image file to write\n"
    "  --dump-after PASS  print the compiler's state after PASS to stdout\n"
    "                     (decode, validate, lower, liveness, allocate, plan, encode)\n"
    "  -h, --help         show this help\n"
    "\n"
    "exit status: 0 ok, 1 bad input, 2 usage\n";

/* Compiles the bytes of `in` and writes the image to `out`. */
static int compile_file(const char *in, const char *out, enum xc_pass dump_after)
{
    uint8_t *wasm;
    size_t size;
    if (!cli_read_file(in, &wasm, &size))
        return CLI_EXIT_ERROR;
    xc_options options;
    memset(&options, 0, sizeof options);
    options.dump_after = dump_after;
    options.dump_out = stdout;
    options.max_registers = cli_max_registers();
    xc_error error;
    memset(&error, 0, sizeof error);
    uint8_t *image = NULL;
    size_t image_size = 0;
    bool ok = xc_compile(wasm, size, &options, &image, &image_size, &error);
    free(wasm);
    fflush(stdout);
    if (!ok) {
        char message[512];
        xc_error_format(&error, in, message, sizeof message);
        return cli_error("%s", message);
    }
    ok = cli_write_file_atomic(out, image, image_size);
    free(image);
    return ok ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

int cli_cmd_compile(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    enum xc_pass dump_after = XC_PASS_NONE;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = NULL;
        int m;
        if (cli_is_help(arg)) {
            fputs(compile_help, stdout);
            return CLI_EXIT_OK;
        }
        if ((m = cli_option(argc, argv, &i, "-o", &value)) != 0 ||
            (m = cli_option(argc, argv, &i, "--output", &value)) != 0) {
            if (m < 0)
                return cli_usage_error("compile", "option %s needs a value", arg);
            out = value;
        } else if ((m = cli_option(argc, argv, &i, "--dump-after", &value)) != 0) {
            if (m < 0)
                return cli_usage_error("compile", "option %s needs a value", arg);
            dump_after = xc_pass_from_name(value);
            if (dump_after == XC_PASS_NONE)
                return cli_usage_error("compile", "unknown pass '%s' (decode, validate, lower, liveness, allocate, plan, encode)",
                                       value);
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return cli_usage_error("compile", "unknown option '%s'", arg);
        } else if (in == NULL) {
            in = arg;
        } else {
            return cli_usage_error("compile", "unexpected argument '%s'", arg);
        }
    }
    if (in == NULL)
        return cli_usage_error("compile", "missing input file");
    if (out == NULL)
        return cli_usage_error("compile", "missing -o OUT");
    return compile_file(in, out, dump_after);
}
