/*
 * cmd_stats.c: `xipwasm stats IMAGE [--json]`: the RAM an image needs at run
 * time, known before running it: linear memory, globals, RAM tables, the
 * value stack and call depth (the bound recorded in the image's STACK
 * section, which xip_load has checked, or "unbounded" with the cost of each
 * nested call when the calls may recurse), the verifier's scratch and the
 * executor's own state. The image is verified with xip_load first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "xip_internal.h"

static const char stats_help[] =
    "usage: xipwasm stats IMAGE [--json]\n"
    "\n"
    "Verifies the image as the executor does, then prints the RAM it needs at\n"
    "run time (the buffers of xip_buffers, see docs/embedding.md):\n"
    "  memory    linear memory, initial and maximum\n"
    "  globals   global slots (8 bytes each)\n"
    "  tables    RAM table words (4 bytes each), initial and at their maximum\n"
    "  stack     the deepest value stack in 64-bit slots and the most frame\n"
    "            records of any call, when the calls cannot recurse: recorded in\n"
    "            the image by the compiler, checked by xip_load, which refuses\n"
    "            smaller buffers; otherwise 'unbounded', with the slots and the\n"
    "            record each nested call adds at most; per export as well\n"
    "  loading   the smallest stack buffer xip_load accepts (the verifier works\n"
    "            in it, so it may exceed the bound)\n"
    "  instance  the executor's fixed state (sizeof(xip_instance) on this host)\n"
    "\n"
    "options:\n"
    "  --json      the same as one JSON object\n"
    "  -h, --help  show this help\n"
    "\n"
    "exit status: 0 ok, 1 bad input (not an image, refused by the verifier), 2 usage\n";

/* What stats reports. */
typedef struct stats {
    xip_requirements req;
    uint32_t page_log2, has_memory;
    xipi_stack_info bound;   /* computed from the bytecode (bound.bounded: no cycle) */
    uint32_t max_frame, max_base;
    uint32_t load_slots;     /* the smallest stack buffer xip_load accepts (it is the verifier's scratch) */
    uint64_t *per_func;      /* scratch of the computation: per-function figures */
} stats;

/*
 * The smallest stack buffer (in slots) xip_load accepts, by bisection over
 * real loads with vm's other buffers: the verifier works in the stack
 * buffer, so this may exceed the bound. 0 if even vm's whole stack fails.
 */
static uint32_t smallest_load_stack(const cli_vm *vm)
{
    static xip_instance probe; /* static: its size is the executor's, not the C stack's business */
    xip_buffers b = vm->buffers;
    uint32_t lo = 0, hi = vm->buffers.stack_slots; /* lo fails (or is 0), hi loads */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        b.stack_slots = mid;
        if (xip_load(&probe, vm->inst.image, vm->inst.image_size, &b) == XIP_OK)
            hi = mid;
        else
            lo = mid;
    }
    b.stack_slots = hi;
    return xip_load(&probe, vm->inst.image, vm->inst.image_size, &b) == XIP_OK ? hi : 0;
}

/* Computes the figures of a loaded instance; false when out of memory. */
static bool compute(const cli_vm *vm, stats *s)
{
    const xip_instance *inst = &vm->inst;
    const xip_requirements *req = &vm->req;
    uint32_t nodes = (uint32_t)inst->func_count + inst->type_count;
    memset(s, 0, sizeof *s);
    s->req = *req;
    s->has_memory = inst->has_memory;
    s->page_log2 = inst->page_log2;
    s->per_func = calloc(2 * (size_t)nodes + 1, sizeof *s->per_func);
    if (s->per_func == NULL)
        return false;
    xip_status st = xipi_stack_bound(inst, s->per_func, 2 * nodes + 1, &s->bound);
    if (st != XIP_OK && st != XIP_ERR_BAD_CODE)
        return false; /* cannot happen: the scratch holds every node twice */
    xipi_stack_costs(inst, &s->max_frame, &s->max_base);
    s->load_slots = smallest_load_stack(vm);
    return true;
}

/* The figures of export e (a function) into *slots and *frames. */
static void export_figures(const xip_instance *inst, const stats *s, const xipi_export *e, uint32_t *slots,
                           uint32_t *frames)
{
    if (e->index >= inst->import_count) {
        xipi_stack_func(s->per_func, e->index - inst->import_count, slots, frames);
    } else { /* an exported import: the host runs it in max(params, results) slots */
        xip_functype t;
        xip_func_type(inst, e->index, &t);
        *slots = t.param_count > t.result_count ? t.param_count : t.result_count;
        *frames = 0;
    }
}

/* A byte count with its KiB figure when it is large. */
static void print_bytes(uint64_t bytes)
{
    if (bytes >= 10240)
        printf("%llu bytes (%.1f KiB)", (unsigned long long)bytes, (double)bytes / 1024.0);
    else
        printf("%llu bytes", (unsigned long long)bytes);
}

static void print_text(const char *file, const xip_instance *inst, const stats *s, uint32_t size)
{
    const xip_requirements *r = &s->req;
    bool recorded = r->stack_slots != 0;
    printf("%s: %lu bytes, %lu functions (%lu imported), %lu types\n", file, (unsigned long)size,
           (unsigned long)xip_func_count(inst), (unsigned long)inst->import_count, (unsigned long)inst->type_count);
    printf("  memory    ");
    if (!s->has_memory) {
        printf("none\n");
    } else {
        printf("initial ");
        print_bytes(r->memory_bytes);
        printf(" = %lu x %lu-byte pages, maximum ", (unsigned long)(r->memory_bytes >> s->page_log2),
               1ul << s->page_log2);
        if (r->memory_max_bytes == 0xffffffffu)
            printf("none (grows up to the buffer)\n");
        else {
            print_bytes(r->memory_max_bytes);
            printf("\n");
        }
    }
    printf("  globals   %lu (%lu bytes)\n", (unsigned long)r->globals, (unsigned long)r->globals * 8ul);
    printf("  tables    %lu words (%lu bytes) in RAM", (unsigned long)r->table_slots, (unsigned long)r->table_slots * 4ul);
    if (r->table_max_slots == 0xffffffffu)
        printf(", unbounded at their maximum\n");
    else
        printf(", %lu words at their maximum\n", (unsigned long)r->table_max_slots);
    if (s->bound.bounded) {
        printf("  stack     %lu slots (", (unsigned long)s->bound.slots);
        print_bytes((uint64_t)s->bound.slots * 8u);
        printf("), %lu frame records (%lu bytes): %s\n", (unsigned long)s->bound.frames,
               (unsigned long)(s->bound.frames * sizeof(xip_frame)),
               recorded ? "recorded in the image, checked by the loader, which refuses smaller buffers"
                        : "not recorded in the image (the loader does not require it)");
    } else {
        printf("  stack     unbounded: the calls may recurse (a cycle through the call at 0x%lx); each nested\n"
               "            call adds at most %lu slots and one frame record (%lu bytes); the largest frame is %lu slots\n",
               (unsigned long)s->bound.cycle_at, (unsigned long)s->max_base, (unsigned long)sizeof(xip_frame),
               (unsigned long)s->max_frame);
    }
    for (uint32_t i = 0; s->bound.bounded && i < xip_export_count(inst); i++) {
        xipi_export e;
        uint32_t slots, frames;
        xipi_export_at(inst, i, &e);
        if (e.kind != XIP_EXTERN_FUNC)
            continue;
        export_figures(inst, s, &e, &slots, &frames);
        printf("            export %.*s: %lu slots, %lu frame records\n", (int)e.name_len,
               (const char *)inst->image + e.name, (unsigned long)slots, (unsigned long)frames);
    }
    printf("  loading   needs a stack buffer of %lu slots (the verifier works in it)\n",
           (unsigned long)s->load_slots);
    printf("  instance  %lu bytes (sizeof(xip_instance) on this host; `make size` gives the target's)\n",
           (unsigned long)sizeof(xip_instance));
    if (s->bound.bounded) {
        uint64_t total = (uint64_t)r->memory_bytes + 8ull * r->globals + 4ull * r->table_slots +
                         8ull * (s->bound.slots > s->load_slots ? s->bound.slots : s->load_slots) +
                         sizeof(xip_frame) * (uint64_t)s->bound.frames + sizeof(xip_instance);
        printf("  total     ");
        print_bytes(total);
        printf(" at the initial memory size\n");
    }
}

/* Prints "key": value, with the comma before every member but the first. */
static void json_u64(bool *first, const char *key, uint64_t v)
{
    printf("%s\"%s\": %llu", *first ? "" : ", ", key, (unsigned long long)v);
    *first = false;
}

static void print_json(const char *file, const xip_instance *inst, const stats *s, uint32_t size)
{
    const xip_requirements *r = &s->req;
    bool first = true;
    printf("{\"file\": ");
    json_write_string(stdout, file, strlen(file));
    first = false;
    json_u64(&first, "bytes", size);
    json_u64(&first, "functions", xip_func_count(inst));
    json_u64(&first, "imported_functions", inst->import_count);
    printf(", \"memory\": ");
    if (!s->has_memory)
        printf("null");
    else if (r->memory_max_bytes == 0xffffffffu)
        printf("{\"initial\": %lu, \"maximum\": null, \"page_bytes\": %lu}", (unsigned long)r->memory_bytes,
               1ul << s->page_log2);
    else
        printf("{\"initial\": %lu, \"maximum\": %lu, \"page_bytes\": %lu}", (unsigned long)r->memory_bytes,
               (unsigned long)r->memory_max_bytes, 1ul << s->page_log2);
    json_u64(&first, "globals", r->globals);
    printf(", \"table_words\": {\"initial\": %lu, \"maximum\": ", (unsigned long)r->table_slots);
    if (r->table_max_slots == 0xffffffffu)
        printf("null}");
    else
        printf("%lu}", (unsigned long)r->table_max_slots);
    if (s->bound.bounded)
        printf(", \"stack\": {\"bounded\": true, \"slots\": %lu, \"frames\": %lu, \"recorded\": %s, \"exports\": [",
               (unsigned long)s->bound.slots, (unsigned long)s->bound.frames, r->stack_slots ? "true" : "false");
    else
        printf(", \"stack\": {\"bounded\": false, \"cycle_at\": %lu, \"slots_per_call\": %lu, \"largest_frame\": %lu, "
               "\"exports\": [", (unsigned long)s->bound.cycle_at, (unsigned long)s->max_base,
               (unsigned long)s->max_frame);
    for (uint32_t i = 0, n = 0; s->bound.bounded && i < xip_export_count(inst); i++) {
        xipi_export e;
        uint32_t slots, frames;
        xipi_export_at(inst, i, &e);
        if (e.kind != XIP_EXTERN_FUNC)
            continue;
        export_figures(inst, s, &e, &slots, &frames);
        printf("%s{\"name\": ", n++ ? ", " : "");
        json_write_string(stdout, (const char *)inst->image + e.name, e.name_len);
        printf(", \"slots\": %lu, \"frames\": %lu}", (unsigned long)slots, (unsigned long)frames);
    }
    printf("]}");
    json_u64(&first, "load_stack_slots", s->load_slots);
    json_u64(&first, "frame_record_bytes", sizeof(xip_frame));
    json_u64(&first, "instance_bytes", sizeof(xip_instance));
    printf("}\n");
}

/* Loads and reports one image; returns an exit code. */
static int stats_one(const char *path, bool json)
{
    uint8_t *image;
    size_t size;
    if (!cli_read_file(path, &image, &size))
        return CLI_EXIT_ERROR;
    if (cli_is_wasm(image, size)) {
        free(image);
        return cli_error("%s: a WebAssembly module, not an xipwasm image: compile it first "
                         "(xipwasm compile IN.wasm -o OUT.xip)", path);
    }
    cli_limits limits = cli_default_limits();
    cli_vm vm;
    int code = CLI_EXIT_OK;
    stats s;
    memset(&s, 0, sizeof s);
    if (cli_vm_load(&vm, path, image, size, &limits, false) != XIP_OK) /* prints FILE:0xOFFSET: why */
        code = CLI_EXIT_ERROR;
    else if (!compute(&vm, &s))
        code = cli_error("out of memory");
    else if (json)
        print_json(path, &vm.inst, &s, (uint32_t)size);
    else
        print_text(path, &vm.inst, &s, (uint32_t)size);
    free(s.per_func);
    cli_vm_free(&vm);
    free(image);
    return code;
}

int cli_cmd_stats(int argc, char **argv)
{
    const char *file = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(stats_help, stdout);
            return CLI_EXIT_OK;
        }
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("stats", "unknown option '%s'", argv[i]);
        else if (file != NULL)
            return cli_usage_error("stats", "one IMAGE at a time");
        else
            file = argv[i];
    }
    if (file == NULL)
        return cli_usage_error("stats", "missing IMAGE");
    return stats_one(file, json);
}
