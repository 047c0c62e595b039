/*
 * cli.h: shared pieces of the `xipwasm` command: the subcommands, option
 * parsing, file input/output, image inspection and the executor harness.
 *
 * Exit codes: 0 success, 1 user error, 2 wrong usage, 3 trap, 4 out of fuel.
 */
#ifndef XIPWASM_CLI_H
#define XIPWASM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compiler/compiler.h"
#include "xip.h"
#include "xip_format.h"

#define CLI_VERSION "0.1.0"

enum cli_exit {
    CLI_EXIT_OK = 0,
    CLI_EXIT_ERROR = 1,
    CLI_EXIT_USAGE = 2,
    CLI_EXIT_TRAP = 3,
    CLI_EXIT_FUEL = 4
};

/* ---- subcommands (argv[0] is the command name) ------------------------- */
int cli_cmd_compile(int argc, char **argv);
int cli_cmd_run(int argc, char **argv);
int cli_cmd_dump(int argc, char **argv);
int cli_cmd_verify(int argc, char **argv);
int cli_cmd_symbolize(int argc, char **argv);
int cli_cmd_place(int argc, char **argv); /* cli/cmd_place.c */
int cli_cmd_stats(int argc, char **argv); /* cli/cmd_stats.c */

/* ---- messages and options (cli/util.c) --------------------------------- */

/* Prints "xipwasm: CMD: message" and "try xipwasm CMD --help"; returns 2. */
int cli_usage_error(const char *cmd, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Prints "xipwasm: message" to stderr; returns 1. */
int cli_error(const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* True when argv[i] is "-h" or "--help". */
bool cli_is_help(const char *arg);

/*
 * Matches option `name` at argv[*i], either "NAME VALUE" or "NAME=VALUE":
 * returns 1 and sets *value (advancing *i past a separate value), 0 when
 * argv[*i] is not this option, -1 when its value is missing.
 */
int cli_option(int argc, char **argv, int *i, const char *name, const char **value);

/* Parses a decimal or 0x-hex unsigned number into *out; false if not one. */
bool cli_parse_u64(const char *s, uint64_t *out);

/* The compiler's register limit from XIPWASM_MAX_REGS (tests force far slots with it); 0 when unset. */
uint32_t cli_max_registers(void);

/* ---- files (cli/files.c) ----------------------------------------------- */

/* Reads a whole file ("-": standard input) into a malloc'd buffer; prints the error and returns false. */
bool cli_read_file(const char *path, uint8_t **data, size_t *size);

/* Writes data to path atomically (temp file beside it, then rename); "-": standard output. */
bool cli_write_file_atomic(const char *path, const uint8_t *data, size_t size);

/* True when data starts with the Wasm binary magic "\0asm". */
bool cli_is_wasm(const uint8_t *data, size_t size);

/*
 * Reads FILE and returns an image in *image (malloc'd): the file itself, or
 * when it is a .wasm, its compilation. Prints errors; returns an exit code.
 */
int cli_load_input(const char *path, uint8_t **image, size_t *image_size);

/* ---- maps: bytecode offset to Wasm offset, function names (cli/srcmap.c) */

typedef struct cli_map {
    xc_map_entry *entries; /* by function, then code offset */
    size_t count;
    uint32_t import_count;
    uint32_t func_count;   /* imports counted */
    char **names;          /* per function: its name-section name, or NULL */
    uint32_t checksum;     /* the checksum in the header of the image it belongs to */
} cli_map;

/*
 * As cli_load_input; when map is not NULL and the input is a .wasm, also
 * fills *map (cli_map_free it; zeroed when the input is an image).
 */
int cli_load_input_mapped(const char *path, uint8_t **image, size_t *image_size, cli_map *map);

/* Compiles wasm into *image (malloc'd) and, when map is not NULL, *map; prints errors as FILE. */
int cli_compile(const char *file, const uint8_t *wasm, size_t size, const xc_options *options,
                uint8_t **image, size_t *image_size, cli_map *map);

/* Parses -O, -O1..-O4, -Os, -Oz into binaryen's optimize and shrink levels; false if arg is none of them. */
bool cli_optimize_parse(const char *arg, int *level, int *shrink);

/* Runs binaryen's optimizer on a valid module into *out (malloc'd); prints errors as FILE. */
bool cli_optimize(const char *file, const uint8_t *wasm, size_t size, int level, int shrink, uint8_t **out,
                  size_t *out_size);

/* Completes a map whose entries and counts are set: names from wasm's name section, the image's checksum. */
bool cli_map_init(cli_map *map, const uint8_t *wasm, size_t wasm_size, const uint8_t *image);

/* Writes the map file ("-": standard output); prints the error and returns false. */
bool cli_map_write(const char *path, const cli_map *map);

/* Reads a map file; prints the error (FILE:LINE) and returns false. */
bool cli_map_read(const char *path, cli_map *map);

/* Frees what the map owns. */
void cli_map_free(cli_map *map);

/* The name of function func, or NULL (map may be NULL). */
const char *cli_map_name(const cli_map *map, uint32_t func);

/* The Wasm offset of the instruction of func at or just before code offset; false when unknown. */
bool cli_map_lookup(const cli_map *map, uint32_t func, uint32_t offset, uint32_t *wasm_offset);

/* Writes 'function F "NAME" at +0xOFF (wasm offset 0xW)' (the parts the map knows) into out. */
void cli_format_site(const cli_map *map, uint32_t func, uint32_t offset, char *out, size_t size);

/* ---- executor harness (cli/vm.c) --------------------------------------- */

typedef struct cli_limits {
    uint64_t memory_bytes; /* 0: the image's maximum, or 64 MiB when unbounded */
    uint32_t stack_slots;
    uint32_t frames;
} cli_limits;

typedef struct cli_vm {
    xip_instance inst;
    xip_buffers buffers;
    xip_requirements req; /* from xip_prepare */
    char why[256]; /* set when the buffers were not given: above a cap or not allocated */
} cli_vm;

/* Default limits of `xipwasm run`. */
cli_limits cli_default_limits(void);

/*
 * cli_vm_prepare, then cli_vm_bind. On failure prints
 * "xipwasm: FILE:0xOFFSET: message" unless quiet. Always cli_vm_free()
 * afterwards, even on failure.
 */
xip_status cli_vm_load(cli_vm *vm, const char *file, const uint8_t *image, size_t size,
                       const cli_limits *limits, bool quiet);

/* xip_prepare()s the image (header and sections checked, requirements in vm->req). */
xip_status cli_vm_prepare(cli_vm *vm, const char *file, const uint8_t *image, size_t size, bool quiet);

/* After cli_vm_prepare: allocates buffers sized for the image and limits, then xip_load_prepared()s it. */
xip_status cli_vm_bind(cli_vm *vm, const char *file, const cli_limits *limits, bool quiet);

/* Frees the buffers. */
void cli_vm_free(cli_vm *vm);

/* ---- the host module "env" (cli/host_env.c) ---------------------------- */

typedef struct cli_host {
    uint32_t import_count;
    uint8_t *binding;        /* per import: which env function serves it, or a stub, or none */
    uint64_t **stub_results; /* per import served by a stub: its result slots (NULL: zeros) */
    bool fake_clock;
    int64_t clock_step;
    uint64_t clock_calls;
    uint32_t trapped_import; /* the import whose call trapped as unlinked */
    bool quiet;              /* printing imports print nothing */
    bool output_open;        /* the program's output so far does not end with a newline */
    const char **stubs;      /* --stub MODULE.FIELD[=VALUE,...] specs */
    int stub_count;
    bool stub_all;           /* --stub-all: every other function import returns zeros */
} cli_host;

/*
 * Binds the instance's function imports: --stub specs first, then the env
 * functions by name and signature, then (with stub_all) zero-returning stubs.
 * A bad or unmatched --stub is a usage error (printed). Returns an exit code;
 * call cli_host_free in any case.
 */
int cli_host_init(cli_host *host, const xip_instance *inst, const char *file);

/* Frees the binding table. */
void cli_host_free(cli_host *host);

/*
 * Serves the pending XIP_HOST_CALL: performs the call and resumes, or makes
 * the call trap. Returns the status of the continued run.
 */
xip_status cli_host_serve(cli_host *host, xip_instance *inst);

/* Ends the program's output with a newline if it is unterminated (before results or messages). */
void cli_host_end_output(cli_host *host);

/*
 * Why the call of import `import` was unlinked, for the trap message: its
 * signature against the built-in one of that name, or how to stub it.
 */
void cli_host_unlinked_reason(const xip_instance *inst, uint32_t import, char *out, size_t size);

/* ---- values (cli/values.c) --------------------------------------------- */

/* Parses text as a value of Wasm type `type` into a 64-bit slot. */
bool cli_parse_value(const char *text, uint8_t type, uint64_t *slot);

/* Writes a slot as "i32:42", "f64:1.5", ... into out. */
void cli_format_value(uint8_t type, uint64_t slot, char *out, size_t size);

/* Prints a slot as "i32:42", "f64:1.5", ... followed by a newline. */
void cli_print_value(uint8_t type, uint64_t slot);

/* Name of a Wasm value type ("i32", ...). */
const char *cli_type_name(uint8_t type);

/* Writes "(i32, i64) -> (f32)" into out. */
void cli_format_functype(const xip_functype *type, char *out, size_t out_size);

/* ---- exports (cli/exports.c) ------------------------------------------- */

/* Prints every exported function as "  NAME (i32) -> (i32)" to f; "  (none)" when there is none. */
void cli_print_exports(FILE *f, const xip_instance *inst);

#endif /* XIPWASM_CLI_H */
