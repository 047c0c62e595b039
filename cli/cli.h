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
int cli_cmd_place(int argc, char **argv); /* cli/cmd_place.c */

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

/* Reads a whole file into a malloc'd buffer; prints the error and returns false. */
bool cli_read_file(const char *path, uint8_t **data, size_t *size);

/* Writes data to path atomically (temp file beside it, then rename). */
bool cli_write_file_atomic(const char *path, const uint8_t *data, size_t size);

/* True when data starts with the Wasm binary magic "\0asm". */
bool cli_is_wasm(const uint8_t *data, size_t size);

/*
 * Reads FILE and returns an image in *image (malloc'd): the file itself, or
 * when it is a .wasm, its compilation. Prints errors; returns an exit code.
 */
int cli_load_input(const char *path, uint8_t **image, size_t *image_size);

/* ---- image inspection without the executor (cli/image_info.c) ---------- */

typedef struct cli_section {
    uint32_t offset; /* body offset in the image; 0 when absent */
    uint32_t size;
    uint32_t header; /* offset of the section's id byte */
} cli_section;

typedef struct cli_image_info {
    uint32_t size;     /* from the header */
    uint8_t version;
    uint8_t flags;
    uint32_t crc;      /* stored */
    bool sections_ok;  /* the section list is well-formed */
    cli_section section[XIP_SECTION_LAST + 1];
    bool has_memory;
    uint32_t memory_min, memory_max; /* pages; max XIP_NO_MAX when none */
    uint8_t page_log2;
    uint32_t global_count;
} cli_image_info;

/* Best-effort, bounds-checked scan of an image's header and sections. */
bool cli_image_scan(const uint8_t *image, size_t size, cli_image_info *info);

/* ---- executor harness (cli/vm.c) --------------------------------------- */

typedef struct cli_limits {
    uint64_t memory_bytes; /* 0: the image's maximum, or 64 MiB when unbounded */
    uint32_t stack_slots;
    uint32_t frames;
} cli_limits;

typedef struct cli_vm {
    xip_instance inst;
    xip_buffers buffers;
} cli_vm;

/* Default limits of `xipwasm run`. */
cli_limits cli_default_limits(void);

/*
 * Allocates buffers sized for the image and limits, then xip_load()s it.
 * On failure prints "xipwasm: FILE:0xOFFSET: message" unless quiet. The
 * buffers are allocated even on failure: always cli_vm_free() afterwards.
 */
xip_status cli_vm_load(cli_vm *vm, const char *file, const uint8_t *image, size_t size,
                       const cli_limits *limits, bool quiet);

/* Frees the buffers. */
void cli_vm_free(cli_vm *vm);

/* ---- the host module "env" (cli/host_env.c) ---------------------------- */

typedef struct cli_host {
    uint32_t import_count;
    uint8_t *binding;       /* per import: which env function serves it, or none */
    bool fake_clock;
    int64_t clock_step;
    uint64_t clock_calls;
    uint32_t trapped_import; /* the import whose call trapped as unlinked */
} cli_host;

/* Binds the instance's imports to env functions by name and signature. */
bool cli_host_init(cli_host *host, const xip_instance *inst);

/* Frees the binding table. */
void cli_host_free(cli_host *host);

/*
 * Serves the pending XIP_HOST_CALL: performs the call and resumes, or makes
 * the call trap. Returns the status of the continued run.
 */
xip_status cli_host_serve(cli_host *host, xip_instance *inst);

/* ---- values (cli/values.c) --------------------------------------------- */

/* Parses text as a value of Wasm type `type` into a 64-bit slot. */
bool cli_parse_value(const char *text, uint8_t type, uint64_t *slot);

/* Prints a slot as "i32:42", "f64:1.5", ... followed by a newline. */
void cli_print_value(uint8_t type, uint64_t slot);

/* Name of a Wasm value type ("i32", ...). */
const char *cli_type_name(uint8_t type);

/* Writes "(i32, i64) -> (f32)" into out. */
void cli_format_functype(const xip_functype *type, char *out, size_t out_size);

#endif /* XIPWASM_CLI_H */
