/*
 * cmd_run.c: `xipwasm run FILE [--invoke NAME] [ARG...]`: loads a .wasm or an
 * image with the executor, serves host calls from the built-in env module,
 * refuels (unless --fuel limits the run) and prints the results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Fuel given per slice when the run is unlimited: each refill exercises xip_resume. */
#define FUEL_SLICE (1u << 24)

static const char run_help[] =
    "usage: xipwasm run FILE [--invoke NAME] [ARG...] [options]\n"
    "\n"
    "Runs FILE (a .wasm, compiled in memory, or an image) with the executor and\n"
    "calls the exported function NAME (default: _start if exported, else main)\n"
    "with the ARGs, parsed by its parameter types (i32/i64: decimal or 0x hex,\n"
    "negative allowed; f32/f64: decimal floats, inf, nan, nan:0xPAYLOAD).\n"
    "Each result is printed on its own line as TYPE:VALUE (i32:42, f64:1.5).\n"
    "\n"
    "options:\n"
    "  --invoke NAME      the exported function to call\n"
    "  --fuel N           allow N units (calls + backward branches); when they run\n"
    "                     out, print 'out of fuel' and exit 4 (default: unlimited)\n"
    "  --fake-clock STEP  env.clock_ms returns 0, STEP, 2*STEP, ... (deterministic)\n"
    "  --memory BYTES     linear memory capacity (default: the module's maximum,\n"
    "                     or 64 MiB when it has none)\n"
    "  --stack SLOTS      register stack size in 64-bit slots (default 1048576)\n"
    "  --frames N         call depth limit (default 10000)\n"
    "  -h, --help         show this help\n"
    "\n"
    "host functions (module env): clock_ms() -> i64, print_str(ptr i32, len i32),\n"
    "print_i32(i32), print_i64(i64), print_f64(f64), print_f32(f32); calling any\n"
    "other import traps with 'unlinked import'.\n"
    "\n"
    "exit status: 0 ok, 1 bad input, 2 usage, 3 trap, 4 out of fuel\n";

typedef struct run_options {
    const char *file;
    const char *invoke;
    const char **args;
    int arg_count;
    bool fuel_limited;
    uint32_t fuel;
    bool fake_clock;
    int64_t clock_step;
    cli_limits limits;
} run_options;

/* True when arg is a positional value that starts with '-' (a negative number). */
static bool is_negative_value(const char *arg)
{
    return arg[0] == '-' && ((arg[1] >= '0' && arg[1] <= '9') || arg[1] == '.' ||
                             strncmp(arg + 1, "nan", 3) == 0 || strncmp(arg + 1, "inf", 3) == 0);
}

/* Parses a numeric option value no larger than max; prints the usage error. */
static int number_option(const char *name, const char *value, uint64_t min, uint64_t max, uint64_t *out)
{
    if (!cli_parse_u64(value, out) || *out < min || *out > max)
        return cli_usage_error("run", "bad value '%s' for %s", value, name);
    return CLI_EXIT_OK;
}

/* Handles one option at argv[*i]; returns an exit code (-1: not an option). */
static int parse_option(int argc, char **argv, int *i, run_options *o)
{
    const char *value = NULL;
    uint64_t n = 0;
    int m;
    if ((m = cli_option(argc, argv, i, "--invoke", &value)) != 0) {
        o->invoke = value;
    } else if ((m = cli_option(argc, argv, i, "--fuel", &value)) != 0) {
        if (m > 0 && number_option("--fuel", value, 0, UINT32_MAX, &n) != 0)
            return CLI_EXIT_USAGE;
        o->fuel_limited = true;
        o->fuel = (uint32_t)n;
    } else if ((m = cli_option(argc, argv, i, "--fake-clock", &value)) != 0) {
        bool negative = m > 0 && value[0] == '-';
        if (m > 0 && number_option("--fake-clock", value + negative, 0, INT64_MAX, &n) != 0)
            return CLI_EXIT_USAGE;
        o->fake_clock = true;
        o->clock_step = negative ? -(int64_t)n : (int64_t)n;
    } else if ((m = cli_option(argc, argv, i, "--memory", &value)) != 0) {
        if (m > 0 && number_option("--memory", value, 1, UINT32_MAX, &n) != 0)
            return CLI_EXIT_USAGE;
        o->limits.memory_bytes = n;
    } else if ((m = cli_option(argc, argv, i, "--stack", &value)) != 0) {
        if (m > 0 && number_option("--stack", value, 1, UINT32_MAX / 8, &n) != 0)
            return CLI_EXIT_USAGE;
        o->limits.stack_slots = (uint32_t)n;
    } else if ((m = cli_option(argc, argv, i, "--frames", &value)) != 0) {
        if (m > 0 && number_option("--frames", value, 1, UINT32_MAX / 16, &n) != 0)
            return CLI_EXIT_USAGE;
        o->limits.frames = (uint32_t)n;
    } else {
        return -1;
    }
    if (m < 0)
        return cli_usage_error("run", "option %s needs a value", argv[*i]);
    return CLI_EXIT_OK;
}

/* Parses the command line into o; returns -1 to go on, else an exit code. */
static int parse_command_line(int argc, char **argv, run_options *o)
{
    bool only_values = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!only_values && cli_is_help(arg)) {
            fputs(run_help, stdout);
            return CLI_EXIT_OK;
        }
        if (!only_values && strcmp(arg, "--") == 0) {
            only_values = true;
            continue;
        }
        if (!only_values && arg[0] == '-' && arg[1] != '\0' && !is_negative_value(arg)) {
            int code = parse_option(argc, argv, &i, o);
            if (code < 0)
                return cli_usage_error("run", "unknown option '%s'", arg);
            if (code != CLI_EXIT_OK)
                return code;
            continue;
        }
        if (o->file == NULL)
            o->file = arg;
        else
            o->args[o->arg_count++] = arg;
    }
    if (o->file == NULL)
        return cli_usage_error("run", "missing FILE");
    return -1;
}

/* Finds the function to call: --invoke NAME, else _start, else main. */
static int find_function(const cli_vm *vm, const run_options *o, uint32_t *func)
{
    const char *names[2] = {"_start", "main"};
    int count = 2;
    if (o->invoke != NULL) {
        names[0] = o->invoke;
        count = 1;
    }
    for (int k = 0; k < count; k++) {
        int32_t index = xip_find_export(&vm->inst, names[k], (uint32_t)strlen(names[k]), XIP_EXTERN_FUNC);
        if (index >= 0) {
            *func = (uint32_t)index;
            return CLI_EXIT_OK;
        }
    }
    if (o->invoke != NULL)
        return cli_error("%s: no exported function '%s'", o->file, o->invoke);
    return cli_error("%s: no function to run: use --invoke", o->file);
}

/* Parses the ARGs by the parameter types into args (at least one slot). */
static int parse_args(const run_options *o, const xip_functype *type, uint64_t *args)
{
    char signature[256];
    if ((uint32_t)o->arg_count != type->param_count) {
        cli_format_functype(type, signature, sizeof signature);
        return cli_usage_error("run", "%s %s takes %lu argument%s, got %d",
                               o->invoke ? o->invoke : "the function", signature,
                               (unsigned long)type->param_count, type->param_count == 1 ? "" : "s",
                               o->arg_count);
    }
    for (uint32_t i = 0; i < type->param_count; i++)
        if (!cli_parse_value(o->args[i], type->params[i], &args[i]))
            return cli_usage_error("run", "argument %lu: '%s' is not a valid %s", (unsigned long)i + 1,
                                   o->args[i], cli_type_name(type->params[i]));
    return CLI_EXIT_OK;
}

/* Continues a run through host calls and (when unlimited) fuel refills. */
static xip_status drive(cli_vm *vm, cli_host *host, const run_options *o, xip_status status)
{
    for (;;) {
        if (status == XIP_HOST_CALL) {
            status = cli_host_serve(host, &vm->inst);
        } else if (status == XIP_OUT_OF_FUEL && !o->fuel_limited) {
            xip_set_fuel(&vm->inst, FUEL_SLICE);
            status = xip_resume(&vm->inst);
        } else {
            return status;
        }
    }
}

/* Prints the outcome of a run that did not finish; returns the exit code. */
static int report_failure(const cli_vm *vm, const cli_host *host, const char *file, xip_status status)
{
    fflush(stdout);
    if (status == XIP_OUT_OF_FUEL) {
        fprintf(stderr, "%s: out of fuel\n", file);
        return CLI_EXIT_FUEL;
    }
    if (!XIP_IS_TRAP(status))
        return cli_error("%s: %s", file, xip_status_name(status));
    fprintf(stderr, "%s: %s", file, xip_status_name(status));
    const char *module, *field;
    uint32_t module_len, field_len;
    if (status == XIP_TRAP_UNLINKED_IMPORT &&
        xip_import_name(&vm->inst, host->trapped_import, &module, &module_len, &field, &field_len) == XIP_OK)
        fprintf(stderr, " %.*s.%.*s", (int)module_len, module, (int)field_len, field);
    fputc('\n', stderr);
    return CLI_EXIT_TRAP;
}

/* Instantiates, calls and prints; the image is loaded into vm. */
static int execute(cli_vm *vm, const run_options *o)
{
    uint32_t func = 0;
    xip_functype type;
    int code = find_function(vm, o, &func);
    if (code != CLI_EXIT_OK)
        return code;
    if (xip_func_type(&vm->inst, func, &type) != XIP_OK)
        return cli_error("%s: bad function %lu", o->file, (unsigned long)func);
    uint64_t *args = calloc((size_t)type.param_count + 1, sizeof *args);
    if (args == NULL)
        return cli_error("out of memory");
    code = parse_args(o, &type, args);
    cli_host host = {0, NULL, o->fake_clock, o->clock_step, 0, UINT32_MAX};
    if (code == CLI_EXIT_OK && !cli_host_init(&host, &vm->inst))
        code = cli_error("out of memory");
    if (code == CLI_EXIT_OK) {
        xip_set_fuel(&vm->inst, o->fuel_limited ? o->fuel : FUEL_SLICE);
        xip_status status = drive(vm, &host, o, xip_instantiate(&vm->inst));
        if (status == XIP_OK)
            status = drive(vm, &host, o, xip_call(&vm->inst, func, args, type.param_count));
        if (status != XIP_OK) {
            code = report_failure(vm, &host, o->file, status);
        } else {
            uint32_t count = 0;
            const uint64_t *results = xip_results(&vm->inst, &count);
            for (uint32_t i = 0; i < count && i < type.result_count; i++)
                cli_print_value(type.results[i], results[i]);
        }
    }
    cli_host_free(&host);
    free(args);
    return code;
}

int cli_cmd_run(int argc, char **argv)
{
    run_options o;
    memset(&o, 0, sizeof o);
    o.limits = cli_default_limits();
    o.args = calloc((size_t)argc + 1, sizeof *o.args);
    if (o.args == NULL)
        return cli_error("out of memory");
    int code = parse_command_line(argc, argv, &o);
    if (code < 0) {
        uint8_t *image = NULL;
        size_t size = 0;
        code = cli_load_input(o.file, &image, &size);
        if (code == CLI_EXIT_OK) {
            cli_vm vm;
            if (cli_vm_load(&vm, o.file, image, size, &o.limits, false) != XIP_OK)
                code = CLI_EXIT_ERROR;
            else
                code = execute(&vm, &o);
            cli_vm_free(&vm);
        }
        free(image);
    }
    free(o.args);
    return code;
}
