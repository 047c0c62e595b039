/*
 * cmd_run.c: `xipwasm run FILE [--invoke NAME] [ARG...]`: loads a .wasm or an
 * image with the executor, serves host calls from the built-in env module
 * (and --stub stubs), runs with unlimited fuel (unless --fuel limits the
 * run) and prints the results, or a trap with its function and offset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "profile.h"

static const char run_help[] =
    "usage: xipwasm run FILE [--invoke NAME] [ARG...] [options]\n"
    "\n"
    "Runs FILE (a .wasm, compiled in memory, or an image; '-': standard input)\n"
    "with the executor and calls the exported function NAME (default: _start if\n"
    "exported, else main) with the ARGs, parsed by its parameter types (i32/i64:\n"
    "decimal or 0x hex, negative allowed; f32/f64: decimal floats, inf, nan,\n"
    "nan:0xPAYLOAD). Each result is printed on its own line as TYPE:VALUE\n"
    "(i32:42, f64:1.5), after the program's output (ended with a newline if it\n"
    "was not). Without a function to call, the exported functions are listed.\n"
    "\n"
    "options:\n"
    "  --invoke NAME      the exported function to call\n"
    "  --run-all-exports  call every exported function in order, arguments zero,\n"
    "                     printing one line 'NAME(ARGS) => RESULTS' (or the trap) each\n"
    "  --stub MOD.FIELD[=V,...]  serve the imported function MOD.FIELD with a stub\n"
    "                     returning the values V (default: zeros); repeatable\n"
    "  --stub-all         stub every imported function the CLI does not provide\n"
    "  -q, --quiet        print the results only (the printing imports print nothing)\n"
    "  --map FILE         the map of an image (xipwasm compile --map) for traps\n"
    "  --fuel N           allow N units (taken branches, calls, returns, bulk work);\n"
    "                     when they run out, print 'out of fuel' and exit 4\n"
    "                     (default: unlimited)\n"
    "  --fake-clock STEP  env.clock_ms returns 0, STEP, 2*STEP, ... (deterministic)\n"
    "  --memory BYTES     linear memory capacity (default: the module's maximum,\n"
    "                     or 64 MiB when it has none)\n"
    "  --stack SLOTS      register stack size in 64-bit slots (default 1048576)\n"
    "  --frames N         call depth limit (default 10000)\n"
    "  --profile          print opcode and opcode-pair counts, static and executed,\n"
    "                     to stderr after the run\n"
    "  --stack-usage      print the value-stack slots and frame records the run\n"
    "                     used (high-water marks) and the image's bound to stderr\n"
    "  -h, --help         show this help\n"
    "\n"
    "host functions (module env): clock_ms() -> i64, print_str(ptr i32, len i32),\n"
    "print_i32(i32), print_i64(i64), print_f64(f64), print_f32(f32) (see\n"
    "docs/applets.md); calling any other import traps with 'unlinked import'.\n"
    "A trap names the function and bytecode offset, and with a map (a .wasm\n"
    "input has one) the function's name and the Wasm offset.\n"
    "\n"
    "exit status: 0 ok, 1 bad input, 2 usage (also: no such export, arguments\n"
    "that do not fit the function), 3 trap, 4 out of fuel\n";

typedef struct run_options {
    const char *file;
    const char *invoke;
    const char *map_file;
    const char **args;
    int arg_count;
    const char **stubs;
    int stub_count;
    bool stub_all;
    bool run_all;
    bool quiet;
    bool fuel_limited;
    uint32_t fuel;
    bool fake_clock;
    int64_t clock_step;
    cli_limits limits;
    bool profile;
    bool stack_usage;
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
    if (strcmp(argv[*i], "--profile") == 0) {
        o->profile = true;
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[*i], "--stack-usage") == 0) {
        o->stack_usage = true;
        return CLI_EXIT_OK;
    }
    if ((m = cli_option(argc, argv, i, "--invoke", &value)) != 0) {
        o->invoke = value;
    } else if ((m = cli_option(argc, argv, i, "--stub", &value)) != 0) {
        o->stubs[o->stub_count++] = value;
    } else if ((m = cli_option(argc, argv, i, "--map", &value)) != 0) {
        o->map_file = value;
    } else if (strcmp(argv[*i], "--stub-all") == 0) {
        o->stub_all = true;
    } else if (strcmp(argv[*i], "--run-all-exports") == 0) {
        o->run_all = true;
    } else if (strcmp(argv[*i], "-q") == 0 || strcmp(argv[*i], "--quiet") == 0) {
        o->quiet = true;
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

/* Prints "xipwasm: FILE: WHAT; the exported functions are:" and the list; returns 2. */
static int no_function(const cli_vm *vm, const char *file, const char *what)
{
    fflush(stdout);
    fprintf(stderr, "xipwasm: %s: %s; the exported functions are:\n", file, what);
    cli_print_exports(stderr, &vm->inst);
    return CLI_EXIT_USAGE;
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
    if (o->invoke != NULL) {
        char what[300];
        snprintf(what, sizeof what, "no exported function '%.200s'", o->invoke);
        return no_function(vm, o->file, what);
    }
    return no_function(vm, o->file, "no _start or main to run: use --invoke NAME");
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

/* Continues a run through host calls. */
static xip_status drive(cli_vm *vm, cli_host *host, xip_status status)
{
    while (status == XIP_HOST_CALL)
        status = cli_host_serve(host, &vm->inst);
    return status;
}

/*
 * Writes what a trap says into out: 'trap: KIND[ MODULE.FIELD][ in function F
 * "NAME" at +0xOFF (wasm offset 0xW)][: why the import is unlinked]'.
 */
static void describe_trap(const cli_vm *vm, const cli_host *host, const cli_map *map, xip_status status,
                          char *out, size_t size)
{
    const char *module, *field;
    uint32_t module_len, field_len, func, offset;
    char import[300] = "", site[400] = "", reason[600] = "";
    if (status == XIP_TRAP_UNLINKED_IMPORT &&
        xip_import_name(&vm->inst, host->trapped_import, &module, &module_len, &field, &field_len) == XIP_OK) {
        char detail[500];
        snprintf(import, sizeof import, " %.*s.%.*s", (int)module_len, module, (int)field_len, field);
        cli_host_unlinked_reason(&vm->inst, host->trapped_import, detail, sizeof detail);
        snprintf(reason, sizeof reason, ": %s", detail);
    }
    if (xip_trap_site(&vm->inst, &func, &offset) == XIP_OK) {
        char where[360];
        cli_format_site(map, func, offset, where, sizeof where);
        snprintf(site, sizeof site, " in %s", where);
    }
    snprintf(out, size, "%s%s%s%s", xip_status_name(status), import, site, reason);
}

/* Prints the outcome of a run that did not finish; returns the exit code. */
static int report_failure(const cli_vm *vm, cli_host *host, const cli_map *map, const char *file,
                          xip_status status)
{
    char text[1200];
    cli_host_end_output(host);
    if (status == XIP_OUT_OF_FUEL) {
        fprintf(stderr, "xipwasm: %s: out of fuel\n", file);
        return CLI_EXIT_FUEL;
    }
    if (!XIP_IS_TRAP(status))
        return cli_error("%s: %s", file, xip_status_name(status));
    describe_trap(vm, host, map, status, text, sizeof text);
    fprintf(stderr, "xipwasm: %s: %s\n", file, text);
    return CLI_EXIT_TRAP;
}

/* Calls every exported function with zero arguments, one line each; returns the exit code. */
static int run_all_exports(cli_vm *vm, cli_host *host, const cli_map *map)
{
    int code = CLI_EXIT_OK;
    uint32_t count = xip_export_count(&vm->inst);
    for (uint32_t e = 0; e < count; e++) {
        const char *name;
        uint32_t name_len, func, n = 0;
        uint8_t kind;
        xip_functype type;
        uint64_t args[256] = {0};
        char text[1200];
        if (xip_export_info(&vm->inst, e, &name, &name_len, &kind, &func) != XIP_OK || kind != XIP_EXTERN_FUNC ||
            xip_func_type(&vm->inst, func, &type) != XIP_OK)
            continue;
        xip_status status = drive(vm, host, xip_call(&vm->inst, func, args, type.param_count));
        cli_host_end_output(host);
        printf("%.*s(", (int)name_len, name);
        for (uint32_t i = 0; i < type.param_count; i++) {
            cli_format_value(type.params[i], 0, text, sizeof text);
            printf("%s%s", i ? ", " : "", text);
        }
        printf(") =>");
        if (status == XIP_OK) {
            const uint64_t *results = xip_results(&vm->inst, &n);
            for (uint32_t i = 0; i < n && i < type.result_count; i++) {
                cli_format_value(type.results[i], results[i], text, sizeof text);
                printf("%s %s", i ? "," : "", text);
            }
        } else if (XIP_IS_TRAP(status)) {
            describe_trap(vm, host, map, status, text, sizeof text);
            printf(" %s", text);
            code = CLI_EXIT_TRAP;
        } else {
            printf(" %s\n", xip_status_name(status));
            return status == XIP_OUT_OF_FUEL ? CLI_EXIT_FUEL : CLI_EXIT_ERROR;
        }
        putchar('\n');
    }
    return code;
}

/* Calls the chosen function and prints its results; the instance is instantiated. */
static int call_one(cli_vm *vm, cli_host *host, const cli_map *map, const run_options *o)
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
    if (code == CLI_EXIT_OK) {
        xip_status status = drive(vm, host, xip_call(&vm->inst, func, args, type.param_count));
        if (status != XIP_OK) {
            code = report_failure(vm, host, map, o->file, status);
        } else {
            uint32_t count = 0;
            const uint64_t *results = xip_results(&vm->inst, &count);
            cli_host_end_output(host);
            for (uint32_t i = 0; i < count && i < type.result_count; i++)
                cli_print_value(type.results[i], results[i]);
        }
    }
    free(args);
    return code;
}

/* Prints the stack high-water marks of the runs and the image's recorded bound (--stack-usage). */
static void print_stack_usage(const cli_vm *vm)
{
    uint64_t slots, frames;
    xip_requirements req;
    cli_profile_stack(&slots, &frames);
    if (cli_profile_executed() == 0) { /* the run loop never reached the profiled build */
        fprintf(stderr, "stack usage: not measured (this xipwasm is built without XIP_PROFILE_HOOK)\n");
        return;
    }
    fprintf(stderr, "stack usage: %llu slots, %llu frame records", (unsigned long long)slots,
            (unsigned long long)frames);
    if (xip_image_requirements(vm->inst.image, vm->inst.image_size, &req) == XIP_OK && req.stack_slots)
        fprintf(stderr, " (bound: %lu slots, %lu frame records)\n", (unsigned long)req.stack_slots,
                (unsigned long)req.frames);
    else
        fprintf(stderr, " (bound: none, the calls may recurse)\n");
}

/* Binds the host, instantiates, then calls; the image is loaded into vm. */
static int execute(cli_vm *vm, const cli_map *map, const run_options *o)
{
    cli_host host;
    memset(&host, 0, sizeof host);
    host.fake_clock = o->fake_clock;
    host.clock_step = o->clock_step;
    host.quiet = o->quiet;
    host.stubs = o->stubs;
    host.stub_count = o->stub_count;
    host.stub_all = o->stub_all;
    int code = cli_host_init(&host, &vm->inst, o->file);
    if (code == CLI_EXIT_OK && (o->profile || o->stack_usage) && !cli_profile_begin(&vm->inst))
        code = cli_error("out of memory");
    if (code == CLI_EXIT_OK && !o->run_all) {
        uint32_t func;
        code = find_function(vm, o, &func); /* before the start function runs */
    }
    if (code == CLI_EXIT_OK) {
        xip_set_fuel(&vm->inst, o->fuel_limited ? o->fuel : XIP_FUEL_UNLIMITED);
        xip_status status = drive(vm, &host, xip_instantiate(&vm->inst));
        if (status != XIP_OK)
            code = report_failure(vm, &host, map, o->file, status);
        else if (o->run_all)
            code = run_all_exports(vm, &host, map);
        else
            code = call_one(vm, &host, map, o);
    }
    cli_host_end_output(&host);
    if (o->stack_usage)
        print_stack_usage(vm);
    if (o->profile)
        cli_profile_report(stderr);
    cli_profile_end();
    cli_host_free(&host);
    return code;
}

/* Prints why the image did not load; for a buffer too small, what was needed and what was given. */
static int load_error(const cli_vm *vm, const char *file, const uint8_t *image, size_t size, xip_status st)
{
    xip_requirements req;
    const xip_buffers *b = &vm->buffers;
    if (st == XIP_ERR_STACK_TOO_SMALL && xip_image_requirements(image, (uint32_t)size, &req) == XIP_OK)
        return cli_error("%s: stack too small: the image's bound is %lu slots and %lu frame records, "
                         "--stack gives %lu and --frames %lu", file, (unsigned long)req.stack_slots,
                         (unsigned long)req.frames, (unsigned long)b->stack_slots, (unsigned long)b->frame_count);
    if (st != XIP_ERR_BUFFER_TOO_SMALL || xip_image_requirements(image, (uint32_t)size, &req) != XIP_OK)
        return cli_error("%s:0x%lx: %s", file, (unsigned long)xip_error_offset(&vm->inst), xip_status_name(st));
    if (req.memory_bytes > b->memory_size)
        return cli_error("%s: buffer too small: the module's initial linear memory is %lu bytes, --memory gives %lu",
                         file, (unsigned long)req.memory_bytes, (unsigned long)b->memory_size);
    if (req.table_slots > b->table_slots)
        return cli_error("%s: buffer too small: the tables need %lu words, the table buffer has %lu", file,
                         (unsigned long)req.table_slots, (unsigned long)b->table_slots);
    return cli_error("%s: buffer too small: the stack of %lu slots cannot hold the verifier's scratch bits "
                     "(try a larger --stack)", file, (unsigned long)b->stack_slots);
}

/* Loads FILE (and the map: the .wasm's own, or --map), then executes; returns the exit code. */
static int load_and_execute(const run_options *o)
{
    uint8_t *image = NULL;
    size_t size = 0;
    cli_map map;
    int code = cli_load_input_mapped(o->file, &image, &size, &map);
    if (code == CLI_EXIT_OK && o->map_file != NULL) {
        cli_map_free(&map);
        if (!cli_map_read(o->map_file, &map))
            code = CLI_EXIT_ERROR;
        else if (size >= XIP_HEADER_SIZE && map.checksum != xip_read_u32(image + 16))
            code = cli_error("%s: the map is of another image (checksum 0x%08lx, the image's 0x%08lx)", o->map_file,
                             (unsigned long)map.checksum, (unsigned long)xip_read_u32(image + 16));
    }
    if (code == CLI_EXIT_OK) {
        cli_vm vm;
        xip_status st = cli_vm_load(&vm, o->file, image, size, &o->limits, true);
        if (st != XIP_OK)
            code = vm.why[0] ? cli_error("%s", vm.why) : load_error(&vm, o->file, image, size, st);
        else
            code = execute(&vm, &map, o);
        cli_vm_free(&vm);
    }
    cli_map_free(&map);
    free(image);
    return code;
}

int cli_cmd_run(int argc, char **argv)
{
    run_options o;
    memset(&o, 0, sizeof o);
    o.limits = cli_default_limits();
    o.args = calloc((size_t)argc + 1, sizeof *o.args);
    o.stubs = calloc((size_t)argc + 1, sizeof *o.stubs);
    int code = CLI_EXIT_ERROR;
    if (o.args == NULL || o.stubs == NULL)
        cli_error("out of memory");
    else
        code = parse_command_line(argc, argv, &o);
    if (code < 0) {
        if (o.run_all && (o.invoke != NULL || o.arg_count > 0))
            code = cli_usage_error("run", "--run-all-exports takes no --invoke or arguments");
        else
            code = load_and_execute(&o);
    }
    free(o.args);
    free(o.stubs);
    return code;
}
