/*
 * cmd_compile.c: `xipwasm compile IN.wasm -o OUT.xip [--map FILE] [--emit-c]
 * [--dump-after PASS]`.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compiler/compiler.h"

static const char compile_help[] =
    "usage: xipwasm compile IN.wasm -o OUT.xip [options]\n"
    "\n"
    "Decodes and validates a WebAssembly module, lowers it to xipwasm bytecode and\n"
    "writes the image to OUT (atomically: a failed compile leaves OUT untouched).\n"
    "IN or OUT '-': standard input or output.\n"
    "\n"
    "options:\n"
    "  -o, --output OUT   the image file to write\n"
    "  --map FILE         also write the map: bytecode offsets to Wasm offsets and\n"
    "                     function names, for `run --map` and `symbolize` (the image\n"
    "                     stays the same)\n"
    "  --emit-c           write OUT as C source: a const uint8_t array named after\n"
    "                     OUT (applet.c: applet_xip), for firmware builds\n"
    "  -O, -O1..-O4, -Os, -Oz\n"
    "                     optimize the module with binaryen first (its C API, loaded\n"
    "                     when asked): -O is -O2, -Os/-Oz also shrink. Worth it for\n"
    "                     unoptimized (-O0) Wasm; optimized input gains ~1 %\n"
    "                     (docs/design.md). A map then points into the optimized module\n"
    "  --dump-after PASS  print the compiler's state after PASS to stdout\n"
    "                     (decode, validate, lower, liveness, allocate, fuse, plan, encode)\n"
    "  -h, --help         show this help\n"
    "\n"
    "exit status: 0 ok, 1 bad input, 2 usage\n";

typedef struct compile_options {
    const char *in;
    const char *out;
    const char *map;
    bool emit_c;
    enum xc_pass dump_after;
    int opt_level; /* binaryen's optimize level, 0: no pre-pass */
    int shrink_level;
} compile_options;

/* The C identifier for OUT's array: its base name without extension, then "_xip". */
static void array_name(const char *out, char *name, size_t size)
{
    const char *base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
    size_t n = strcspn(base, ".");
    size_t k = 0;
    if (strcmp(out, "-") == 0 || n == 0) {
        base = "image";
        n = 5;
    }
    if (isdigit((unsigned char)base[0]) && k + 1 < size)
        name[k++] = '_';
    for (size_t i = 0; i < n && k + 5 < size; i++)
        name[k++] = isalnum((unsigned char)base[i]) ? base[i] : '_';
    memcpy(name + k, "_xip", 5);
}

/* Writes the image as C source (a const array and its size) to out. */
static bool write_c_array(const char *out, const uint8_t *image, size_t size)
{
    char name[128];
    array_name(out, name, sizeof name);
    size_t capacity = 256 + size * 6 + (size / 12 + 1) * 4; /* "0xNN," and a space, or a newline and 4 spaces */
    char *text = malloc(capacity);
    if (text == NULL) {
        cli_error("out of memory");
        return false;
    }
    size_t n = (size_t)snprintf(text, capacity,
                                "/* An xipwasm image (xipwasm compile --emit-c), %lu bytes. */\n"
                                "#include <stdint.h>\n\nconst uint32_t %s_size = %lu;\n"
                                "const uint8_t %s[%lu] = {",
                                (unsigned long)size, name, (unsigned long)size, name, (unsigned long)size);
    for (size_t i = 0; i < size; i++)
        n += (size_t)snprintf(text + n, capacity - n, "%s0x%02x,", i % 12 ? " " : "\n    ", image[i]);
    n += (size_t)snprintf(text + n, capacity - n, "\n};\n");
    bool ok = cli_write_file_atomic(out, (const uint8_t *)text, n);
    free(text);
    return ok;
}

/* A hint for an input that is not a Wasm binary: a text module, an image, or nothing known. */
static const char *input_hint(const uint8_t *data, size_t size)
{
    size_t i = 0;
    if (size >= XIP_MAGIC_SIZE && memcmp(data, xip_magic(), XIP_MAGIC_SIZE) == 0)
        return "this is already an xipwasm image: run or verify it, or give the .wasm";
    while (i < size && isspace(data[i]))
        i++;
    if (i < size && (data[i] == '(' || (data[i] == ';' && i + 1 < size && data[i + 1] == ';')))
        return "this looks like WebAssembly text (.wat): convert it first, e.g. wat2wasm IN.wat -o IN.wasm";
    return NULL;
}

/* Compiles the bytes of o->in and writes the image (and map) out. */
static int compile_file(const compile_options *o)
{
    uint8_t *wasm;
    size_t size;
    if (!cli_read_file(o->in, &wasm, &size))
        return CLI_EXIT_ERROR;
    const char *hint = cli_is_wasm(wasm, size) ? NULL : input_hint(wasm, size);
    if (hint != NULL) {
        free(wasm);
        return cli_error("%s: not a WebAssembly binary module: %s", o->in, hint);
    }
    xc_options options;
    memset(&options, 0, sizeof options);
    options.dump_after = o->dump_after;
    options.dump_out = stdout;
    options.max_registers = cli_max_registers();
    uint8_t *image = NULL;
    size_t image_size = 0;
    cli_map map;
    memset(&map, 0, sizeof map);
    int code = CLI_EXIT_OK;
    if (o->opt_level > 0) {
        /* xipwasm's own checks first, so that a bad module gets its located errors. */
        xc_options quiet = options;
        quiet.dump_after = XC_PASS_NONE;
        uint8_t *optimized = NULL;
        size_t optimized_size = 0;
        code = cli_compile(o->in, wasm, size, &quiet, &image, &image_size, NULL);
        free(image);
        image = NULL;
        if (code == CLI_EXIT_OK && !cli_optimize(o->in, wasm, size, o->opt_level, o->shrink_level, &optimized,
                                                 &optimized_size))
            code = CLI_EXIT_ERROR;
        if (code == CLI_EXIT_OK) {
            free(wasm);
            wasm = optimized;
            size = optimized_size;
        }
    }
    if (code == CLI_EXIT_OK)
        code = cli_compile(o->in, wasm, size, &options, &image, &image_size, o->map ? &map : NULL);
    free(wasm);
    fflush(stdout);
    if (code == CLI_EXIT_OK && o->map != NULL && !cli_map_write(o->map, &map))
        code = CLI_EXIT_ERROR;
    if (code == CLI_EXIT_OK) {
        bool ok = o->emit_c ? write_c_array(o->out, image, image_size)
                            : cli_write_file_atomic(o->out, image, image_size);
        code = ok ? CLI_EXIT_OK : CLI_EXIT_ERROR;
    }
    cli_map_free(&map);
    free(image);
    return code;
}

int cli_cmd_compile(int argc, char **argv)
{
    compile_options o = {NULL, NULL, NULL, false, XC_PASS_NONE, 0, 0};
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
            o.out = value;
        } else if ((m = cli_option(argc, argv, &i, "--map", &value)) != 0) {
            if (m < 0)
                return cli_usage_error("compile", "option %s needs a value", arg);
            o.map = value;
        } else if (cli_optimize_parse(arg, &o.opt_level, &o.shrink_level)) {
            continue;
        } else if (strcmp(arg, "--emit-c") == 0) {
            o.emit_c = true;
        } else if ((m = cli_option(argc, argv, &i, "--dump-after", &value)) != 0) {
            if (m < 0)
                return cli_usage_error("compile", "option %s needs a value", arg);
            o.dump_after = xc_pass_from_name(value);
            if (o.dump_after == XC_PASS_NONE)
                return cli_usage_error("compile", "unknown pass '%s' (decode, validate, lower, liveness, allocate, fuse, plan, encode)",
                                       value);
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return cli_usage_error("compile", "unknown option '%s'", arg);
        } else if (o.in == NULL) {
            o.in = arg;
        } else {
            return cli_usage_error("compile", "unexpected argument '%s'", arg);
        }
    }
    if (o.in == NULL)
        return cli_usage_error("compile", "missing input file");
    if (o.out == NULL)
        return cli_usage_error("compile", "missing -o OUT");
    if (o.map != NULL && o.out != NULL && strcmp(o.map, "-") == 0 && strcmp(o.out, "-") == 0)
        return cli_usage_error("compile", "-o - and --map - cannot both be standard output");
    return compile_file(&o);
}
