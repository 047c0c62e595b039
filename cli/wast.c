/*
 * wast.c: `xipwasm wast FILE.wast`, the spec-test runner.
 *
 * wast2json turns the script into a JSON command list plus one .wasm file
 * per module, in a temporary directory. Each command then goes through the
 * same path as a real device: xc_compile -> xip_load -> link imports ->
 * xip_instantiate -> xip_call. Imports are served as host calls: the
 * `spectest` print functions, or exports of registered modules (a nested
 * xip_call on the exporting instance). Imported globals, memories and
 * tables are set up before instantiation: spectest's, or copies of a
 * registered module's. A mutable global, memory or table two instances
 * share stays one object: each instance keeps a copy, and the one about to
 * run (or be read) first takes the current state from the last one that
 * ran (sync_in). Function references crossing instances travel as handles
 * (XIP_HOST_REF_BASE | n, naming an instance's function); an instance's
 * call_indirect of a handle reaches the runner as a host call.
 *
 * Counting: every module, action and assertion command is one check,
 * counted passed, failed or skipped (text-format modules wast2json leaves as
 * .wat, and v128 values). `register` is counted only when it fails.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "compiler/compiler.h"
#include "json.h"
#include "wast.h"
#include "xip_image.h"

#define WAST_MEMORY_CAP (64u << 20)  /* linear memory cap unless the minimum needs more */
#define WAST_STACK_SLOTS 1048576u
#define WAST_FRAMES 10000u           /* infinite recursion exhausts this in microseconds */
#define WAST_FUEL_CHUNK 100000000u   /* calls + backward branches per refill */
#define WAST_FUEL_REFILLS 10u        /* then the run counts as a runaway */
#define WAST_HOST_NESTING 64u        /* cross-module host-call nesting */
#define WAST_MAX_SLOTS 256u          /* params/results of one call (u8 counts in the image) */
#define WAST_REF_NULL XIP_NULL_REF  /* the slot value of a null reference (externref N is N) */

/* Where a module command stopped. */
enum stage { STAGE_OK, STAGE_READ, STAGE_COMPILE, STAGE_LOAD, STAGE_LINK, STAGE_INSTANTIATE };

static const char *const stage_names[] = {"ok", "read", "compile", "load", "link", "instantiate"};

/* How one import is served. */
enum link_kind { LINK_UNRESOLVED, LINK_PRINT, LINK_FUNC };

typedef struct wast_module wast_module;

typedef struct wast_link {
    uint8_t kind;        /* enum link_kind */
    uint8_t print;       /* LINK_PRINT: index in spectest_prints */
    wast_module *target; /* LINK_FUNC: the exporting module */
    uint32_t func;       /* LINK_FUNC: its defined (non-import) function index */
} wast_link;

struct wast_module {
    char *name;          /* "$M", or NULL */
    long line;
    bool skipped;        /* a text module the runner cannot load */
    bool ready;          /* instantiated; its exports can be used */
    bool keep;           /* named or registered: referenced later */
    enum stage stage;
    char why[400];       /* why it is not ready */
    uint8_t *image;
    cli_vm vm;
    bool vm_live;
    size_t image_size;
    wast_link *links;
    uint32_t import_count; /* imported functions (they come first among the imports) */
    bool shared;           /* shares a global, memory or table, or has a handle: never released early */
};

/* A function of some instance, named across instances by the handle XIP_HOST_REF_BASE | its index. */
typedef struct wast_handle {
    wast_module *module;
    uint32_t func;
} wast_handle;

/* One instance's view of a shared global, memory or table. */
typedef struct wast_binding {
    wast_module *module;
    uint32_t index; /* global or table index in that instance (0 for the memory) */
} wast_binding;

/*
 * A mutable global, memory or table that several instances see. Each keeps
 * its own copy; `fresh` holds the current state, and an instance about to
 * run or be read takes a copy from it first (sync_in): exact, because only
 * one instance runs at a time.
 */
typedef struct wast_shared {
    uint8_t kind;        /* XIP_EXTERN_GLOBAL, _MEMORY or _TABLE */
    bool funcref;        /* a funcref global or table: references are translated */
    wast_module *fresh;
    wast_binding *bindings;
    size_t count;
} wast_shared;

typedef struct wast_registration {
    char *as;
    size_t as_len;
    wast_module *module;
} wast_registration;

typedef struct wast_run {
    const char *file;    /* the .wast path, for messages */
    char dir[512];       /* temporary directory of the converted files */
    bool verbose;
    long line;           /* the command being run */
    const char *kind;
    long passed, failed, skipped;
    long rejections, messages_matched, unsupported;
    wast_module **modules;
    size_t module_count;
    wast_module *current;
    wast_registration *regs;
    size_t reg_count;
    uint32_t nesting;
    wast_handle *handles;
    size_t handle_count;
    wast_shared **shared;
    size_t shared_count;
} wast_run;

/* The functions of the host module "spectest". */
typedef struct spectest_print {
    const char *name;
    uint8_t param_count;
    uint8_t params[2];
} spectest_print;

static const spectest_print spectest_prints[] = {
    {"print", 0, {0, 0}},
    {"print_i32", 1, {XIP_I32, 0}},
    {"print_i64", 1, {XIP_I64, 0}},
    {"print_f32", 1, {XIP_F32, 0}},
    {"print_f64", 1, {XIP_F64, 0}},
    {"print_i32_f32", 2, {XIP_I32, XIP_F32}},
    {"print_f64_f64", 2, {XIP_F64, XIP_F64}},
};

/* The spec's trap texts for each trap status. */
static const struct {
    xip_status status;
    const char *text;
} trap_texts[] = {
    {XIP_TRAP_UNREACHABLE, "unreachable"},
    {XIP_TRAP_MEMORY_OUT_OF_BOUNDS, "out of bounds memory access"},
    {XIP_TRAP_DIVIDE_BY_ZERO, "integer divide by zero"},
    {XIP_TRAP_INTEGER_OVERFLOW, "integer overflow"},
    {XIP_TRAP_INVALID_CONVERSION, "invalid conversion to integer"},
    {XIP_TRAP_INDIRECT_CALL_MISMATCH, "indirect call type mismatch"},
    {XIP_TRAP_UNDEFINED_ELEMENT, "undefined element"},
    {XIP_TRAP_UNDEFINED_ELEMENT, "out of bounds table access"},
    {XIP_TRAP_UNINITIALIZED_ELEMENT, "uninitialized element"},
    {XIP_TRAP_TABLE_OUT_OF_BOUNDS, "out of bounds table access"},
    {XIP_TRAP_CALL_STACK_EXHAUSTED, "call stack exhausted"},
};

static xip_status call_func(wast_run *r, wast_module *m, uint32_t func, const uint64_t *args,
                            uint32_t nargs, uint64_t *results, uint32_t *nresults);

/* ---- reporting --------------------------------------------------------- */

/* Counts a failure of the current command and prints "FILE:LINE: kind: message". */
static void fail(wast_run *r, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void fail(wast_run *r, const char *format, ...)
{
    va_list ap;
    r->failed++;
    printf("%s:%ld: %s: ", r->file, r->line, r->kind);
    va_start(ap, format);
    vprintf(format, ap);
    va_end(ap);
    putchar('\n');
}

/* Counts a pass. */
static void pass(wast_run *r)
{
    r->passed++;
}

/* Counts a skip; in verbose mode says why. */
static void skip(wast_run *r, const char *why)
{
    r->skipped++;
    if (r->verbose)
        printf("%s:%ld: %s: skipped: %s\n", r->file, r->line, r->kind, why);
}

/* True when needle occurs in haystack, ignoring ASCII case. */
static bool contains_nocase(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *h = haystack; *h; h++) {
        size_t i = 0;
        while (i < n && h[i] && tolower((unsigned char)h[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return n == 0;
}

/* True when trap status st is the trap the spec text `expected` names. */
static bool trap_matches(xip_status st, const char *expected)
{
    if (!XIP_IS_TRAP(st))
        return false;
    if (contains_nocase(xip_status_name(st), expected))
        return true;
    for (size_t i = 0; i < sizeof trap_texts / sizeof trap_texts[0]; i++)
        if (trap_texts[i].status == st && strncmp(expected, trap_texts[i].text, strlen(trap_texts[i].text)) == 0)
            return true;
    return false;
}

/* Formats a slot of Wasm type `type` as "i32:42" (floats with their bits). */
static void format_value(uint8_t type, uint64_t slot, char *out, size_t size)
{
    switch (type) {
    case XIP_I32:
        snprintf(out, size, "i32:%lu (0x%lx)", (unsigned long)(uint32_t)slot, (unsigned long)(uint32_t)slot);
        break;
    case XIP_I64:
        snprintf(out, size, "i64:%llu (0x%llx)", (unsigned long long)slot, (unsigned long long)slot);
        break;
    case XIP_F32: {
        uint32_t bits = (uint32_t)slot;
        float f;
        memcpy(&f, &bits, sizeof f);
        snprintf(out, size, "f32:%.9g (0x%08lx)", (double)f, (unsigned long)bits);
        break;
    }
    case XIP_F64: {
        double d;
        memcpy(&d, &slot, sizeof d);
        snprintf(out, size, "f64:%.17g (0x%016llx)", d, (unsigned long long)slot);
        break;
    }
    case XIP_FUNCREF:
    case XIP_EXTERNREF:
        if (slot == WAST_REF_NULL)
            snprintf(out, size, "%s:null", type == XIP_FUNCREF ? "funcref" : "externref");
        else
            snprintf(out, size, "%s:%llu", type == XIP_FUNCREF ? "funcref" : "externref",
                     (unsigned long long)slot);
        break;
    default:
        snprintf(out, size, "type 0x%02x:0x%llx", type, (unsigned long long)slot);
        break;
    }
}

/* ---- values ------------------------------------------------------------ */

/* Wasm type code of a JSON type name, or 0 (v128 and unknown names). */
static uint8_t type_code(const char *name)
{
    if (!name)
        return 0;
    if (strcmp(name, "i32") == 0)
        return XIP_I32;
    if (strcmp(name, "i64") == 0)
        return XIP_I64;
    if (strcmp(name, "f32") == 0)
        return XIP_F32;
    if (strcmp(name, "f64") == 0)
        return XIP_F64;
    if (strcmp(name, "funcref") == 0)
        return XIP_FUNCREF;
    if (strcmp(name, "externref") == 0)
        return XIP_EXTERNREF;
    return 0;
}

/* Parses a JSON value {"type", "value"} into a slot; false when it cannot. */
static bool parse_slot(const json_value *v, uint8_t *type, uint64_t *slot)
{
    const char *text = json_get_string(v, "value");
    char *end;
    *type = type_code(json_get_string(v, "type"));
    if (*type == 0 || !text)
        return false;
    if (strcmp(text, "null") == 0) {
        *slot = WAST_REF_NULL;
        return *type == XIP_FUNCREF || *type == XIP_EXTERNREF;
    }
    unsigned long long u = strtoull(text, &end, 10);
    if (end == text || *end != '\0')
        return false;
    *slot = (*type == XIP_I64 || *type == XIP_F64) ? (uint64_t)u : (uint32_t)u;
    return true;
}

/* Compares an actual result with an expected JSON value; false on mismatch. */
static bool value_matches(const json_value *expected, uint8_t actual_type, uint64_t slot)
{
    uint8_t type = type_code(json_get_string(expected, "type"));
    const char *text = json_get_string(expected, "value");
    if (type != actual_type && actual_type != 0)
        return false;
    if (type != XIP_I64 && type != XIP_F64)
        slot = (uint32_t)slot;
    if (text && type == XIP_F32 && strcmp(text, "nan:canonical") == 0)
        return (slot & 0x7fffffffu) == 0x7fc00000u;
    if (text && type == XIP_F32 && strcmp(text, "nan:arithmetic") == 0)
        return (slot & 0x7fc00000u) == 0x7fc00000u;
    if (text && type == XIP_F64 && strcmp(text, "nan:canonical") == 0)
        return (slot & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
    if (text && type == XIP_F64 && strcmp(text, "nan:arithmetic") == 0)
        return (slot & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
    if ((type == XIP_FUNCREF || type == XIP_EXTERNREF) && !text)
        return slot != WAST_REF_NULL; /* (ref.func) / (ref.extern): any non-null */
    uint8_t parsed_type;
    uint64_t want;
    if (!parse_slot(expected, &parsed_type, &want))
        return false;
    return want == slot;
}

/* Describes an expected JSON value for a message. */
static void format_expected(const json_value *expected, char *out, size_t size)
{
    const char *type = json_get_string(expected, "type");
    const char *text = json_get_string(expected, "value");
    uint8_t code;
    uint64_t slot;
    if (text && strncmp(text, "nan:", 4) == 0)
        snprintf(out, size, "%s:%s", type ? type : "?", text);
    else if (parse_slot(expected, &code, &slot))
        format_value(code, slot, out, size);
    else
        snprintf(out, size, "%s:%s", type ? type : "?", text ? text : "(any)");
}

/* True when the JSON value list mentions v128, which the runner does not handle. */
static bool has_v128(const json_value *list)
{
    for (size_t i = 0; i < json_count(list); i++) {
        const char *type = json_get_string(json_at(list, i), "type");
        if (type && strcmp(type, "v128") == 0)
            return true;
    }
    return false;
}

/* ---- modules ------------------------------------------------------------ */

/* Frees a module's image and buffers (the record itself stays). */
static void module_release(wast_module *m)
{
    if (m->vm_live)
        cli_vm_free(&m->vm);
    m->vm_live = false;
    m->ready = false;
    free(m->image);
    m->image = NULL;
    free(m->links);
    m->links = NULL;
}

/* Adds a module record to the run; NULL when out of memory. */
static wast_module *module_new(wast_run *r, const char *name)
{
    wast_module **list = realloc(r->modules, (r->module_count + 1) * sizeof *list);
    wast_module *m = calloc(1, sizeof *m);
    if (list)
        r->modules = list;
    if (!list || !m) {
        free(m);
        return NULL;
    }
    if (name) {
        m->name = malloc(strlen(name) + 1);
        if (m->name)
            strcpy(m->name, name);
        m->keep = true;
    }
    m->line = r->line;
    r->modules[r->module_count++] = m;
    return m;
}

/* Makes m the current module, releasing the old one when nothing refers to it. */
static void set_current(wast_run *r, wast_module *m)
{
    if (r->current && r->current != m && !r->current->keep)
        module_release(r->current);
    r->current = m;
}

/* The module an action names ("$M"), or the current one. */
static wast_module *find_module(wast_run *r, const char *name)
{
    if (!name)
        return r->current;
    for (size_t i = r->module_count; i-- > 0;)
        if (r->modules[i]->name && strcmp(r->modules[i]->name, name) == 0)
            return r->modules[i];
    return NULL;
}

/* The module registered under name[0..len), or NULL. */
static wast_module *find_registered(wast_run *r, const char *name, size_t len)
{
    for (size_t i = r->reg_count; i-- > 0;)
        if (r->regs[i].as_len == len && memcmp(r->regs[i].as, name, len) == 0)
            return r->regs[i].module;
    return NULL;
}

/* ---- sharing between instances ------------------------------------------ */

/*
 * The handle naming function func of m (made on first use; an import linked
 * to another module names that module's function); WAST_REF_NULL when out of
 * memory.
 */
static uint32_t handle_of(wast_run *r, wast_module *m, uint32_t func)
{
    if (func < m->import_count && m->links && m->links[func].kind == LINK_FUNC) {
        const wast_link *link = &m->links[func];
        m = link->target;
        func = link->func;
    }
    for (size_t i = 0; i < r->handle_count; i++)
        if (r->handles[i].module == m && r->handles[i].func == func)
            return XIP_HOST_REF_BASE | (uint32_t)i;
    wast_handle *list = realloc(r->handles, (r->handle_count + 1) * sizeof *list);
    if (!list || r->handle_count >= WAST_REF_NULL - XIP_HOST_REF_BASE)
        return WAST_REF_NULL;
    r->handles = list;
    list[r->handle_count].module = m;
    list[r->handle_count].func = func;
    m->shared = m->keep = true; /* the handle may be called at any later time */
    return XIP_HOST_REF_BASE | (uint32_t)r->handle_count++;
}

/* The function a handle names, or NULL when ref is not a known handle. */
static const wast_handle *handle_target(const wast_run *r, uint64_t ref)
{
    if (ref >= WAST_REF_NULL || ref < XIP_HOST_REF_BASE || ref - XIP_HOST_REF_BASE >= r->handle_count)
        return NULL;
    return &r->handles[ref - XIP_HOST_REF_BASE];
}

/* A funcref leaving instance m: m's own function indices become handles. */
static uint64_t ref_out(wast_run *r, wast_module *m, uint64_t ref)
{
    if (ref >= XIP_HOST_REF_BASE)
        return ref; /* null or already a handle */
    return handle_of(r, m, (uint32_t)ref);
}

/* A funcref entering instance m: a handle of one of m's own functions becomes its index. */
static uint64_t ref_in(const wast_run *r, const wast_module *m, uint64_t ref)
{
    const wast_handle *h = handle_target(r, ref);
    return h && h->module == m ? h->func : ref;
}

/* A funcref moved from instance `from` to instance `to`. */
static uint32_t ref_move(wast_run *r, wast_module *from, wast_module *to, uint32_t ref)
{
    return (uint32_t)ref_in(r, to, ref_out(r, from, ref));
}

/* The shared object that global, table or memory `index` of m is part of, or NULL. */
static wast_shared *find_shared(const wast_run *r, const wast_module *m, uint8_t kind, uint32_t index)
{
    for (size_t i = 0; i < r->shared_count; i++) {
        wast_shared *sh = r->shared[i];
        for (size_t k = 0; sh->kind == kind && k < sh->count; k++)
            if (sh->bindings[k].module == m && sh->bindings[k].index == index)
                return sh;
    }
    return NULL;
}

/* Adds binding (m, index) to sh; false when out of memory. */
static bool add_binding(wast_shared *sh, wast_module *m, uint32_t index)
{
    wast_binding *list = realloc(sh->bindings, (sh->count + 1) * sizeof *list);
    if (!list)
        return false;
    sh->bindings = list;
    list[sh->count].module = m;
    list[sh->count].index = index;
    sh->count++;
    m->shared = m->keep = true;
    return true;
}

/*
 * Records that import `index` (of kind) of m is object `tindex` of the
 * exporter `target`, which holds its current state; false when out of memory.
 */
static bool share(wast_run *r, wast_module *m, uint32_t index, wast_module *target, uint32_t tindex,
                  uint8_t kind, bool funcref)
{
    wast_shared *sh = find_shared(r, target, kind, tindex);
    if (!sh) {
        wast_shared **list = realloc(r->shared, (r->shared_count + 1) * sizeof *list);
        if (!list)
            return false;
        r->shared = list;
        sh = calloc(1, sizeof *sh);
        if (!sh || !add_binding(sh, target, tindex)) {
            free(sh);
            return false;
        }
        sh->kind = kind;
        sh->funcref = funcref;
        sh->fresh = target;
        r->shared[r->shared_count++] = sh;
    }
    return add_binding(sh, m, index);
}

/* Copies the state of shared object sh from binding a to binding b. */
static void copy_shared(wast_run *r, const wast_shared *sh, const wast_binding *a, const wast_binding *b)
{
    xip_instance *src = &a->module->vm.inst, *dst = &b->module->vm.inst;
    uint32_t n = 0, room = 0;
    if (sh->kind == XIP_EXTERN_GLOBAL) {
        uint64_t v = 0;
        xip_global_get(src, a->index, &v);
        xip_global_set(dst, b->index, sh->funcref ? ref_move(r, a->module, b->module, (uint32_t)v) : v);
    } else if (sh->kind == XIP_EXTERN_MEMORY) {
        const uint8_t *from = xip_memory(src, &n);
        if (xip_memory_set_size(dst, n) == XIP_OK && n)
            memcpy(xip_memory(dst, NULL), from, n);
    } else {
        const uint32_t *from = xip_table_entries(src, a->index, &n);
        uint32_t *to = xip_table_set_size(dst, b->index, n) == XIP_OK ? xip_table_entries(dst, b->index, &room) : NULL;
        for (uint32_t i = 0; to && from && i < n && i < room; i++)
            to[i] = sh->funcref ? ref_move(r, a->module, b->module, from[i]) : from[i];
    }
}

/* Before m runs or is read: brings every object m shares up to date in m, which then holds them. */
static void sync_in(wast_run *r, wast_module *m)
{
    if (!m || !m->shared)
        return;
    for (size_t i = 0; i < r->shared_count; i++) {
        wast_shared *sh = r->shared[i];
        const wast_binding *from = NULL;
        bool mine = false;
        for (size_t k = 0; k < sh->count; k++) {
            if (sh->bindings[k].module == sh->fresh && !from)
                from = &sh->bindings[k];
            mine = mine || sh->bindings[k].module == m;
        }
        if (!mine || sh->fresh == m)
            continue;
        for (size_t k = 0; from && k < sh->count; k++)
            if (sh->bindings[k].module == m)
                copy_shared(r, sh, from, &sh->bindings[k]);
        sh->fresh = m;
    }
}

/* Moves the funcref values among n slots of types `types` from instance `from` to `to` (NULL: the runner). */
static void move_refs(wast_run *r, wast_module *from, wast_module *to, const uint8_t *types, uint64_t *slots,
                      uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (types[i] != XIP_FUNCREF)
            continue;
        if (from)
            slots[i] = ref_out(r, from, slots[i]);
        if (to)
            slots[i] = ref_in(r, to, slots[i]);
    }
}

/* True when two signatures are identical. */
static bool same_type(const xip_functype *a, const xip_functype *b)
{
    return a->param_count == b->param_count && a->result_count == b->result_count &&
           memcmp(a->params, b->params, a->param_count) == 0 &&
           memcmp(a->results, b->results, a->result_count) == 0;
}

/* Resolves import i of m against spectest; false with why set when it cannot. */
static bool link_spectest(wast_link *link, const char *field, uint32_t field_len, const xip_functype *type,
                          char *why, size_t size)
{
    for (size_t p = 0; p < sizeof spectest_prints / sizeof spectest_prints[0]; p++) {
        const spectest_print *print = &spectest_prints[p];
        if (strlen(print->name) != field_len || memcmp(print->name, field, field_len) != 0)
            continue;
        if (type->result_count != 0 || type->param_count != print->param_count ||
            memcmp(type->params, print->params, print->param_count) != 0) {
            snprintf(why, size, "incompatible import type: spectest.%s", print->name);
            return false;
        }
        link->kind = LINK_PRINT;
        link->print = (uint8_t)p;
        return true;
    }
    static const char *const others[] = {"global_i32", "global_i64", "global_f32", "global_f64", "table", "memory"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        if (strlen(others[i]) == field_len && memcmp(others[i], field, field_len) == 0) {
            snprintf(why, size, "incompatible import type: spectest.%s is not a function", others[i]);
            return false;
        }
    }
    snprintf(why, size, "unknown import: spectest.%.*s", (int)field_len, field);
    return false;
}

/* Resolves import i of m against a registered module; false with why set when it cannot. */
static bool link_registered(wast_module *target, wast_link *link, const char *field, uint32_t field_len,
                            const xip_functype *type, char *why, size_t size)
{
    const xip_instance *inst = &target->vm.inst;
    int32_t index = target->ready ? xip_find_export(inst, field, field_len, XIP_EXTERN_FUNC) : -1;
    xip_functype found;
    if (index < 0) {
        bool other = false;
        for (uint8_t kind = XIP_EXTERN_TABLE; kind <= XIP_EXTERN_GLOBAL && target->ready; kind++)
            other = other || xip_find_export(inst, field, field_len, kind) >= 0;
        snprintf(why, size, "%s: %.*s", other ? "incompatible import type" : "unknown import",
                 (int)field_len, field);
        return false;
    }
    if (xip_func_type(inst, (uint32_t)index, &found) != XIP_OK || !same_type(type, &found)) {
        snprintf(why, size, "incompatible import type: %.*s", (int)field_len, field);
        return false;
    }
    if ((uint32_t)index < target->import_count) {
        *link = target->links[index]; /* a re-export: serve it where it comes from */
        if (link->kind == LINK_UNRESOLVED) {
            snprintf(why, size, "unknown import: %.*s (unresolved re-export)", (int)field_len, field);
            return false;
        }
        return true;
    }
    link->kind = LINK_FUNC;
    link->target = target;
    link->func = (uint32_t)index;
    return true;
}

/* Type and mutability of global g of inst, packed as type | mutable << 8 (0 if unknown). */
static uint32_t global_type(const xip_instance *inst, uint32_t g)
{
    uint8_t type, mut;
    if (xip_global_type(inst, g, &type, &mut) != XIP_OK)
        return 0;
    return type | (uint32_t)mut << 8;
}

/* Limits {elemtype or page_log2, min, max} of table or memory `index` of a verified image. */
typedef struct wast_limits {
    uint8_t elem;
    uint32_t min, max;
} wast_limits;

/* The limits of table `index` (kind XIP_EXTERN_TABLE) or of the memory of a prepared or loaded instance. */
static bool find_limits(const xip_instance *inst, uint8_t kind, uint32_t index, wast_limits *out)
{
    xipi_limits limits;
    uint32_t page_log2;
    if (kind == XIP_EXTERN_MEMORY) {
        if (!inst->has_memory)
            return false;
        xipi_memory_at(inst, &limits, &page_log2);
        out->elem = (uint8_t)page_log2;
    } else {
        xipi_table table;
        if (index >= inst->table_count)
            return false;
        xipi_table_at(inst, index, &table);
        out->elem = (uint8_t)table.elemtype;
        limits = table.limits;
    }
    out->min = limits.min;
    out->max = limits.max;
    return true;
}

/* True when an exported extern of current size `size` and max `max` fits the import's limits. */
static bool limits_match(uint32_t size, uint32_t max, const wast_limits *want)
{
    return size >= want->min && (want->max == XIP_NO_MAX || (max != XIP_NO_MAX && max <= want->max));
}

/* Links imported global g of m (spectest or a registered export): its value before instantiation. */
static bool link_global(wast_run *r, wast_module *m, uint32_t g, const char *module, uint32_t module_len,
                        const char *field, uint32_t field_len, char *why, size_t size)
{
    static const struct {
        const char *name;
        uint8_t type;
    } spectest_globals[] = {{"global_i32", XIP_I32}, {"global_i64", XIP_I64}, {"global_f32", XIP_F32},
                            {"global_f64", XIP_F64}};
    xip_instance *inst = &m->vm.inst;
    uint32_t want = global_type(inst, g), have = 0;
    uint64_t value = 0;
    wast_module *target = NULL;
    int32_t index = -1;
    if (module_len == 8 && memcmp(module, "spectest", 8) == 0) {
        for (size_t i = 0; i < sizeof spectest_globals / sizeof spectest_globals[0]; i++) {
            if (strlen(spectest_globals[i].name) != field_len || memcmp(spectest_globals[i].name, field, field_len))
                continue;
            float f = 666.6f;
            double d = 666.6;
            uint32_t bits;
            have = spectest_globals[i].type;
            value = 666;
            if (have == XIP_F32) {
                memcpy(&bits, &f, sizeof bits);
                value = bits;
            } else if (have == XIP_F64) {
                memcpy(&value, &d, sizeof value);
            }
        }
    } else {
        target = find_registered(r, module, module_len);
        index = target && target->ready ? xip_find_export(&target->vm.inst, field, field_len, XIP_EXTERN_GLOBAL)
                                        : -1;
        if (!target) {
            snprintf(why, size, "unknown import: module \"%.*s\" is not registered", (int)module_len, module);
            return false;
        }
        if (index >= 0) {
            sync_in(r, target);
            have = global_type(&target->vm.inst, (uint32_t)index);
            xip_global_get(&target->vm.inst, (uint32_t)index, &value);
            if ((have & 0xff) == XIP_FUNCREF)
                value = ref_move(r, target, m, (uint32_t)value);
        }
    }
    if (have == 0) {
        snprintf(why, size, "unknown import: %.*s.%.*s", (int)module_len, module, (int)field_len, field);
        return false;
    }
    if (have != want) {
        snprintf(why, size, "incompatible import type: %.*s", (int)field_len, field);
        return false;
    }
    xip_set_import_global(inst, g, value);
    if (target && (have >> 8) && !share(r, m, g, target, (uint32_t)index, XIP_EXTERN_GLOBAL,
                                        (have & 0xff) == XIP_FUNCREF)) {
        snprintf(why, size, "out of memory");
        return false;
    }
    return true;
}

/* Links the imported memory or imported table t of m: a copy of the exporter's contents. */
static bool link_table_memory(wast_run *r, wast_module *m, uint8_t kind, uint32_t t, const char *module,
                              uint32_t module_len, const char *field, uint32_t field_len, char *why, size_t size)
{
    xip_instance *inst = &m->vm.inst;
    wast_limits want, have = {XIP_FUNCREF, 10, 20};
    uint32_t current = kind == XIP_EXTERN_TABLE ? 10 : 1, *from = NULL;
    const uint8_t *bytes = NULL;
    bool spectest = module_len == 8 && memcmp(module, "spectest", 8) == 0;
    wast_module *target = NULL;
    int32_t index = -1;
    find_limits(inst, kind, t, &want);
    if (spectest) {
        const char *name = kind == XIP_EXTERN_TABLE ? "table" : "memory";
        if (strlen(name) != field_len || memcmp(name, field, field_len) != 0) {
            snprintf(why, size, "unknown import: spectest.%.*s", (int)field_len, field);
            return false;
        }
        if (kind == XIP_EXTERN_MEMORY) {
            have.elem = 16;
            have.max = 2;
        }
    } else {
        target = find_registered(r, module, module_len);
        index = target && target->ready ? xip_find_export(&target->vm.inst, field, field_len, kind) : -1;
        if (index < 0) {
            snprintf(why, size, "unknown import: %.*s.%.*s", (int)module_len, module, (int)field_len, field);
            return false;
        }
        sync_in(r, target);
        find_limits(&target->vm.inst, kind, (uint32_t)index, &have);
        if (kind == XIP_EXTERN_TABLE) {
            from = xip_table_entries(&target->vm.inst, (uint32_t)index, &current);
        } else {
            bytes = xip_memory(&target->vm.inst, &current);
            current >>= have.elem;
        }
    }
    if (have.elem != want.elem || !limits_match(current, have.max, &want)) {
        snprintf(why, size, "incompatible import type: %.*s", (int)field_len, field);
        return false;
    }
    if (kind == XIP_EXTERN_MEMORY) {
        uint32_t n = current << have.elem;
        if (n > m->vm.buffers.memory_size) {
            snprintf(why, size, "imported memory of %lu bytes exceeds the buffer", (unsigned long)n);
            return false;
        }
        memset(m->vm.buffers.memory, 0, n);
        if (bytes && n)
            memcpy(m->vm.buffers.memory, bytes, n);
        if (xip_set_import_memory(inst, n) != XIP_OK)
            return false;
        if (target && !share(r, m, 0, target, 0, kind, false)) {
            snprintf(why, size, "out of memory");
            return false;
        }
        return true;
    }
    uint32_t n;
    if (xip_set_import_table(inst, t, current) != XIP_OK) {
        snprintf(why, size, "imported table of %lu entries exceeds the buffer", (unsigned long)current);
        return false;
    }
    uint32_t *to = xip_table_entries(inst, t, &n);
    for (uint32_t i = 0; i < n && from; i++)
        to[i] = want.elem == XIP_FUNCREF ? ref_move(r, target, m, from[i]) : from[i];
    if (target && !share(r, m, t, target, (uint32_t)index, kind, want.elem == XIP_FUNCREF)) {
        snprintf(why, size, "out of memory");
        return false;
    }
    return true;
}

/* Resolves import i (function index i) of m; false with why set when it cannot. */
static bool link_function(wast_run *r, wast_module *m, uint32_t i, const char *module, uint32_t module_len,
                          const char *field, uint32_t field_len, char *why, size_t size)
{
    xip_functype type;
    if (xip_func_type(&m->vm.inst, i, &type) != XIP_OK) {
        snprintf(why, size, "import %lu has no signature", (unsigned long)i);
        return false;
    }
    if (module_len == 8 && memcmp(module, "spectest", 8) == 0)
        return link_spectest(&m->links[i], field, field_len, &type, why, size);
    wast_module *target = find_registered(r, module, module_len);
    if (target)
        return link_registered(target, &m->links[i], field, field_len, &type, why, size);
    snprintf(why, size, "unknown import: module \"%.*s\" is not registered", (int)module_len, module);
    return false;
}

/* Resolves every import of m; returns false with why set when one is unresolved. */
static bool link_imports(wast_run *r, wast_module *m, char *why, size_t size)
{
    xip_instance *inst = &m->vm.inst;
    const char *module, *field;
    uint32_t module_len, field_len, n = 0, index;
    uint8_t kind;
    bool ok = true;
    m->import_count = 0;
    while (n < 0xffffu && xip_import_name(inst, n, &module, &module_len, &field, &field_len) == XIP_OK) {
        if (xip_import_kind(inst, n, &kind, &index) == XIP_OK && kind == XIP_EXTERN_FUNC)
            m->import_count++;
        n++;
    }
    m->links = calloc(m->import_count + 1, sizeof *m->links);
    if (!m->links) {
        snprintf(why, size, "out of memory");
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        char reason[256];
        bool linked;
        xip_import_name(inst, i, &module, &module_len, &field, &field_len);
        xip_import_kind(inst, i, &kind, &index);
        if (kind == XIP_EXTERN_FUNC)
            linked = link_function(r, m, index, module, module_len, field, field_len, reason, sizeof reason);
        else if (kind == XIP_EXTERN_GLOBAL)
            linked = link_global(r, m, index, module, module_len, field, field_len, reason, sizeof reason);
        else
            linked = link_table_memory(r, m, kind, index, module, module_len, field, field_len, reason,
                                       sizeof reason);
        if (!linked && ok)
            snprintf(why, size, "%s", reason);
        ok = ok && linked;
    }
    return ok;
}

/*
 * The most the imported memory of a prepared instance may grow to: its
 * exporter's maximum in bytes (spectest's is 2 pages), or WAST_MEMORY_CAP.
 */
static uint64_t imported_memory_cap(wast_run *r, const xip_instance *inst)
{
    xipi_cursor c = xipi_begin(inst, XIP_SECTION_IMPORT);
    xipi_import e;
    wast_limits have;
    if (!inst->memory_imported)
        return WAST_MEMORY_CAP;
    do
        xipi_read_import(&c, &e);
    while (e.kind != XIP_EXTERN_MEMORY);
    const char *module = (const char *)inst->image + e.module;
    if (e.module_len == 8 && memcmp(module, "spectest", 8) == 0)
        return 2u << 16;
    wast_module *target = find_registered(r, module, e.module_len);
    if (target && target->ready && find_limits(&target->vm.inst, XIP_EXTERN_MEMORY, 0, &have) &&
        have.max != XIP_NO_MAX && have.elem <= 16)
        return (uint64_t)have.max << have.elem;
    return WAST_MEMORY_CAP;
}

/* Linear memory for a prepared instance: its maximum capped at `cap`, at least its minimum. */
static uint64_t memory_bytes(const xip_instance *inst, uint64_t cap)
{
    wast_limits limits;
    if (!find_limits(inst, XIP_EXTERN_MEMORY, 0, &limits))
        return 0;
    unsigned shift = limits.elem <= 16 ? limits.elem : 16;
    uint64_t min = (uint64_t)limits.min << shift;
    uint64_t bytes = cap < WAST_MEMORY_CAP ? cap : WAST_MEMORY_CAP;
    if (limits.max != XIP_NO_MAX && ((uint64_t)limits.max << shift) < bytes)
        bytes = (uint64_t)limits.max << shift;
    if (bytes < min)
        bytes = min;
    return bytes ? bytes : 1; /* 0 would mean "the default" to cli_vm_bind */
}

/* Serves a call through an import link; results into results[0..*nresults). */
static xip_status call_link(wast_run *r, const wast_link *link, const uint64_t *args, uint32_t nargs,
                            uint64_t *results, uint32_t *nresults)
{
    *nresults = 0;
    if (link->kind == LINK_FUNC)
        return call_func(r, link->target, link->func, args, nargs, results, nresults);
    if (link->kind != LINK_PRINT)
        return XIP_TRAP_UNLINKED_IMPORT;
    if (r->verbose) {
        const spectest_print *print = &spectest_prints[link->print];
        printf("spectest.%s(", print->name);
        for (uint32_t i = 0; i < nargs && i < print->param_count; i++) {
            char text[80];
            format_value(print->params[i], args[i], text, sizeof text);
            printf("%s%s", i ? ", " : "", text);
        }
        printf(")\n");
    }
    return XIP_OK;
}

/*
 * Serves the pending XIP_HOST_CALL of m (an import, or a call_indirect of a
 * handle: the function of another instance it names) and continues its run.
 */
static xip_status serve_host_call(wast_run *r, wast_module *m)
{
    xip_instance *inst = &m->vm.inst;
    uint32_t import = xip_host_import(inst), ref;
    const wast_handle *target = NULL;
    xip_functype type, have;
    uint64_t args[WAST_MAX_SLOTS], results[WAST_MAX_SLOTS];
    uint32_t nresults = 0;
    if (xip_host_ref(inst, &ref, &type)) {
        target = handle_target(r, ref);
        if (!target || xip_func_type(&target->module->vm.inst, target->func, &have) != XIP_OK ||
            !same_type(&type, &have))
            return xip_host_trap(inst, XIP_TRAP_INDIRECT_CALL_MISMATCH);
    } else if (import >= m->import_count || xip_func_type(inst, import, &type) != XIP_OK) {
        return xip_host_trap(inst, XIP_TRAP_UNLINKED_IMPORT);
    }
    if (type.param_count > WAST_MAX_SLOTS || type.result_count > WAST_MAX_SLOTS)
        return xip_host_trap(inst, XIP_TRAP_HOST);
    uint64_t *slots = xip_host_args(inst);
    memcpy(args, slots, type.param_count * sizeof *args);
    move_refs(r, m, NULL, type.params, args, type.param_count);
    xip_status st = target ? call_func(r, target->module, target->func, args, type.param_count, results, &nresults)
                           : call_link(r, &m->links[import], args, type.param_count, results, &nresults);
    sync_in(r, m); /* m runs again: take what the callee changed */
    if (st != XIP_OK)
        return xip_host_trap(inst, XIP_IS_TRAP(st) ? st : XIP_TRAP_HOST);
    if (nresults != type.result_count)
        return xip_host_trap(inst, XIP_TRAP_HOST);
    move_refs(r, NULL, m, type.results, results, nresults);
    memcpy(slots, results, nresults * sizeof *results);
    return xip_resume(inst);
}

/* Drives a run of m to its end: serves host calls and refills fuel. */
static xip_status finish_run(wast_run *r, wast_module *m, xip_status st)
{
    uint32_t refills = 0;
    for (;;) {
        if (st == XIP_HOST_CALL) {
            st = serve_host_call(r, m);
        } else if (st == XIP_OUT_OF_FUEL && refills < WAST_FUEL_REFILLS) {
            refills++;
            xip_set_fuel(&m->vm.inst, WAST_FUEL_CHUNK);
            st = xip_resume(&m->vm.inst);
        } else {
            return st;
        }
    }
}

/*
 * Calls function func of m (imports resolved through the links); copies the
 * results. Function references in args and results are in the runner's form
 * (m's own functions as handles).
 */
static xip_status call_func(wast_run *r, wast_module *m, uint32_t func, const uint64_t *args,
                            uint32_t nargs, uint64_t *results, uint32_t *nresults)
{
    uint64_t in[WAST_MAX_SLOTS];
    xip_functype type;
    *nresults = 0;
    if (func < m->import_count)
        return call_link(r, &m->links[func], args, nargs, results, nresults);
    if (r->nesting >= WAST_HOST_NESTING)
        return XIP_TRAP_CALL_STACK_EXHAUSTED;
    if (xip_func_type(&m->vm.inst, func, &type) != XIP_OK || nargs != type.param_count || nargs > WAST_MAX_SLOTS)
        return XIP_TRAP_HOST;
    memcpy(in, args, nargs * sizeof *in);
    move_refs(r, NULL, m, type.params, in, nargs);
    sync_in(r, m);
    r->nesting++;
    xip_set_fuel(&m->vm.inst, WAST_FUEL_CHUNK);
    xip_status st = finish_run(r, m, xip_call(&m->vm.inst, func, in, nargs));
    r->nesting--;
    if (st == XIP_OK) {
        uint32_t count = 0;
        const uint64_t *res = xip_results(&m->vm.inst, &count);
        if (count > WAST_MAX_SLOTS)
            count = WAST_MAX_SLOTS;
        memcpy(results, res, count * sizeof *res);
        *nresults = count;
        if (count == type.result_count)
            move_refs(r, m, NULL, type.results, results, count);
    }
    return st;
}

/*
 * Loads dir/filename into m through the whole pipeline. strict_link: an
 * unresolved import stops at STAGE_LINK; otherwise it traps when called.
 * Returns the stage that failed (m->why says why) or STAGE_OK.
 */
static enum stage load_module(wast_run *r, wast_module *m, const char *filename, bool strict_link)
{
    char path[1024];
    uint8_t *wasm;
    size_t wasm_size, image_size;
    xc_error error;
    xc_options options;
    memset(&error, 0, sizeof error);
    memset(&options, 0, sizeof options);
    options.dump_after = XC_PASS_NONE;
    options.max_registers = cli_max_registers();
    m->stage = STAGE_READ;
    snprintf(path, sizeof path, "%s/%s", r->dir, filename);
    if (!cli_read_file(path, &wasm, &wasm_size)) {
        snprintf(m->why, sizeof m->why, "cannot read %.300s", path);
        return m->stage;
    }
    m->stage = STAGE_COMPILE;
    bool compiled = xc_compile(wasm, wasm_size, &options, &m->image, &image_size, &error);
    free(wasm);
    m->image_size = image_size;
    if (!compiled) {
        snprintf(m->why, sizeof m->why, "%s", error.set ? error.message : "(no message)");
        return m->stage;
    }
    m->stage = STAGE_LOAD;
    xip_status st = cli_vm_prepare(&m->vm, filename, m->image, image_size, true);
    m->vm_live = true;
    if (st == XIP_OK) {
        cli_limits limits = cli_default_limits();
        limits.memory_bytes = memory_bytes(&m->vm.inst, imported_memory_cap(r, &m->vm.inst));
        limits.stack_slots = WAST_STACK_SLOTS;
        limits.frames = WAST_FRAMES;
        st = cli_vm_bind(&m->vm, filename, &limits, true);
    }
    if (st != XIP_OK) {
        snprintf(m->why, sizeof m->why, "xip_load refused the image: %s at offset 0x%lx", xip_status_name(st),
                 (unsigned long)xip_error_offset(&m->vm.inst));
        return m->stage;
    }
    m->stage = STAGE_LINK;
    if (!link_imports(r, m, m->why, sizeof m->why) && strict_link)
        return m->stage;
    m->stage = STAGE_INSTANTIATE;
    sync_in(r, m);
    xip_set_fuel(&m->vm.inst, WAST_FUEL_CHUNK);
    r->nesting++;
    st = finish_run(r, m, xip_instantiate(&m->vm.inst));
    r->nesting--;
    if (st != XIP_OK) {
        snprintf(m->why, sizeof m->why, "%s", xip_status_name(st));
        return m->stage;
    }
    m->stage = STAGE_OK;
    m->ready = true;
    m->why[0] = '\0';
    return m->stage;
}

/* True for a module command whose module is text, which the runner skips. */
static bool is_text_module(const json_value *cmd)
{
    const char *type = json_get_string(cmd, "module_type");
    const char *filename = json_get_string(cmd, "filename");
    size_t n = filename ? strlen(filename) : 0;
    return (type && strcmp(type, "text") == 0) || (n > 4 && strcmp(filename + n - 4, ".wat") == 0);
}

/* ---- commands ----------------------------------------------------------- */

/* module: load, instantiate and make current. */
static void cmd_module(wast_run *r, const json_value *cmd)
{
    const char *filename = json_get_string(cmd, "filename");
    wast_module *m = module_new(r, json_get_string(cmd, "name"));
    if (!m) {
        fail(r, "out of memory");
        return;
    }
    set_current(r, m);
    if (is_text_module(cmd) || !filename) {
        m->skipped = true;
        skip(r, "text module (module quote) not converted to binary");
        return;
    }
    enum stage stage = load_module(r, m, filename, false);
    if (stage == STAGE_OK)
        pass(r);
    else
        fail(r, "%s failed: %s", stage_names[stage], m->why);
}

/* register: makes a module's exports importable under the name "as". */
static void cmd_register(wast_run *r, const json_value *cmd)
{
    const json_value *as = json_get(cmd, "as");
    const char *name = json_get_string(cmd, "name");
    wast_module *m = find_module(r, name);
    if (!as || as->kind != JSON_STRING) {
        fail(r, "no \"as\" name");
        return;
    }
    if (!m) {
        fail(r, "no module %s", name ? name : "loaded");
        return;
    }
    wast_registration *regs = realloc(r->regs, (r->reg_count + 1) * sizeof *regs);
    if (!regs) {
        fail(r, "out of memory");
        return;
    }
    r->regs = regs;
    regs[r->reg_count].as = malloc(as->str_len + 1);
    if (!regs[r->reg_count].as) {
        fail(r, "out of memory");
        return;
    }
    memcpy(regs[r->reg_count].as, as->str, as->str_len + 1);
    regs[r->reg_count].as_len = as->str_len;
    regs[r->reg_count].module = m;
    r->reg_count++;
    m->keep = true;
}

/* Outcome of an action. */
typedef struct action_result {
    xip_status status;
    uint32_t count;
    uint8_t types[WAST_MAX_SLOTS]; /* 0: unknown */
    uint64_t values[WAST_MAX_SLOTS];
} action_result;

/* Result of performing an action: ran, or already counted as skipped/failed. */
enum action_outcome { ACTION_RAN, ACTION_SKIPPED, ACTION_FAILED };

/* Reads an exported global. */
static enum action_outcome do_get(wast_run *r, wast_module *m, const json_value *field, const json_value *cmd,
                                  action_result *out)
{
    int32_t index = xip_find_export(&m->vm.inst, field->str, (uint32_t)field->str_len, XIP_EXTERN_GLOBAL);
    if (index < 0) {
        fail(r, "no exported global \"%s\"", field->str);
        return ACTION_FAILED;
    }
    sync_in(r, m);
    xip_status st = xip_global_get(&m->vm.inst, (uint32_t)index, &out->values[0]);
    if (st != XIP_OK) {
        fail(r, "xip_global_get: %s", xip_status_name(st));
        return ACTION_FAILED;
    }
    out->status = XIP_OK;
    out->count = 1;
    out->types[0] = type_code(json_get_string(json_at(json_get(cmd, "expected"), 0), "type"));
    return ACTION_RAN;
}

/* Calls an exported function with the action's arguments. */
static enum action_outcome do_invoke(wast_run *r, wast_module *m, const json_value *field,
                                     const json_value *action, action_result *out)
{
    const json_value *args = json_get(action, "args");
    uint64_t slots[WAST_MAX_SLOTS];
    xip_functype type;
    int32_t index = xip_find_export(&m->vm.inst, field->str, (uint32_t)field->str_len, XIP_EXTERN_FUNC);
    if (index < 0 || xip_func_type(&m->vm.inst, (uint32_t)index, &type) != XIP_OK) {
        fail(r, "no exported function \"%s\"", field->str);
        return ACTION_FAILED;
    }
    if (json_count(args) != type.param_count || type.param_count > WAST_MAX_SLOTS ||
        type.result_count > WAST_MAX_SLOTS) {
        fail(r, "\"%s\" takes %lu arguments, the script passes %lu", field->str,
             (unsigned long)type.param_count, (unsigned long)json_count(args));
        return ACTION_FAILED;
    }
    for (uint32_t i = 0; i < type.param_count; i++) {
        uint8_t arg_type;
        if (!parse_slot(json_at(args, i), &arg_type, &slots[i]) || arg_type != type.params[i]) {
            fail(r, "argument %lu of \"%s\" does not fit its type", (unsigned long)i, field->str);
            return ACTION_FAILED;
        }
    }
    out->status = call_func(r, m, (uint32_t)index, slots, type.param_count, out->values, &out->count);
    if (out->status == XIP_OK && out->count != type.result_count) {
        fail(r, "\"%s\" returned %lu values, its type says %lu", field->str, (unsigned long)out->count,
             (unsigned long)type.result_count);
        return ACTION_FAILED;
    }
    for (uint32_t i = 0; i < type.result_count; i++)
        out->types[i] = type.results[i];
    return ACTION_RAN;
}

/* Performs the "action" of cmd (invoke or get); failures and skips are counted here. */
static enum action_outcome do_action(wast_run *r, const json_value *cmd, action_result *out)
{
    const json_value *action = json_get(cmd, "action");
    const char *type = json_get_string(action, "type");
    const char *name = json_get_string(action, "module");
    const json_value *field = json_get(action, "field");
    wast_module *m = find_module(r, name);
    memset(out, 0, sizeof *out);
    if (has_v128(json_get(action, "args")) || has_v128(json_get(cmd, "expected"))) {
        skip(r, "v128 values");
        return ACTION_SKIPPED;
    }
    if (!type || !field || field->kind != JSON_STRING) {
        fail(r, "malformed action");
        return ACTION_FAILED;
    }
    if (!m) {
        fail(r, "no module %s", name ? name : "loaded");
        return ACTION_FAILED;
    }
    if (m->skipped) {
        skip(r, "its module is a text module");
        return ACTION_SKIPPED;
    }
    if (!m->ready) {
        fail(r, "the module of line %ld did not load (%s failed: %s)", m->line, stage_names[m->stage], m->why);
        return ACTION_FAILED;
    }
    if (strcmp(type, "get") == 0)
        return do_get(r, m, field, cmd, out);
    if (strcmp(type, "invoke") == 0)
        return do_invoke(r, m, field, action, out);
    fail(r, "unknown action type \"%s\"", type);
    return ACTION_FAILED;
}

/* Describes the results of a run that was expected to do something else. */
static void describe_outcome(const action_result *res, char *out, size_t size)
{
    size_t used = 0;
    if (res->status != XIP_OK) {
        snprintf(out, size, "%s", xip_status_name(res->status));
        return;
    }
    used += (size_t)snprintf(out, size, "returned (");
    for (uint32_t i = 0; i < res->count && used < size; i++) {
        char text[80];
        format_value(res->types[i], res->values[i], text, sizeof text);
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "", text);
    }
    if (used < size)
        snprintf(out + used, size - used, ")");
}

/* action: runs it; passes when it finishes without a trap. */
static void cmd_action(wast_run *r, const json_value *cmd)
{
    action_result res;
    if (do_action(r, cmd, &res) != ACTION_RAN)
        return;
    if (res.status == XIP_OK)
        pass(r);
    else
        fail(r, "%s", xip_status_name(res.status));
}

/* assert_return: the results must match the expected values. */
static void cmd_assert_return(wast_run *r, const json_value *cmd)
{
    const json_value *expected = json_get(cmd, "expected");
    action_result res;
    char got[512], want[128];
    if (do_action(r, cmd, &res) != ACTION_RAN)
        return;
    if (res.status != XIP_OK) {
        fail(r, "expected results, got %s", xip_status_name(res.status));
        return;
    }
    if (res.count != json_count(expected)) {
        describe_outcome(&res, got, sizeof got);
        fail(r, "expected %lu results, %s", (unsigned long)json_count(expected), got);
        return;
    }
    for (uint32_t i = 0; i < res.count; i++) {
        if (!value_matches(json_at(expected, i), res.types[i], res.values[i])) {
            format_value(res.types[i], res.values[i], got, sizeof got);
            format_expected(json_at(expected, i), want, sizeof want);
            fail(r, "result %lu: got %s, expected %s", (unsigned long)i, got, want);
            return;
        }
    }
    pass(r);
}

/* assert_trap / assert_exhaustion with an action: the run must trap as the text says
   (assert_exhaustion: with XIP_TRAP_CALL_STACK_EXHAUSTED). */
static void cmd_assert_trap(wast_run *r, const json_value *cmd)
{
    const char *text = json_get_string(cmd, "text");
    action_result res;
    char got[512];
    bool exhaustion = strcmp(r->kind, "assert_exhaustion") == 0;
    if (do_action(r, cmd, &res) != ACTION_RAN)
        return;
    if (exhaustion ? res.status == XIP_TRAP_CALL_STACK_EXHAUSTED : trap_matches(res.status, text ? text : ""))
        pass(r);
    else {
        describe_outcome(&res, got, sizeof got);
        fail(r, "expected trap \"%s\", got %s", text ? text : "", got);
    }
}

/* True when a rejection message corresponds to the expected text. */
static bool rejection_matches(enum stage stage, const char *why, const char *text)
{
    if (stage == STAGE_INSTANTIATE) {
        for (size_t i = 0; i < sizeof trap_texts / sizeof trap_texts[0]; i++)
            if (strcmp(xip_status_name(trap_texts[i].status), why) == 0 &&
                strncmp(text, trap_texts[i].text, strlen(trap_texts[i].text)) == 0)
                return true;
    }
    return contains_nocase(why, text);
}

/* assert_invalid / assert_malformed / assert_unlinkable / assert_uninstantiable. */
static void cmd_assert_module(wast_run *r, const json_value *cmd, enum stage want)
{
    const char *filename = json_get_string(cmd, "filename");
    const char *text = json_get_string(cmd, "text");
    if (is_text_module(cmd) || !filename) {
        skip(r, "text module");
        return;
    }
    wast_module *m = module_new(r, NULL); /* kept only if it shares something (its functions may be in a table) */
    if (!m) {
        fail(r, "out of memory");
        return;
    }
    enum stage stage = load_module(r, m, filename, true);
    if (stage == want) {
        pass(r);
        r->rejections++;
        if (rejection_matches(stage, m->why, text ? text : ""))
            r->messages_matched++; /* a hint after the expected message does not count as unsupported */
        else if (contains_nocase(m->why, "unsupported") || contains_nocase(m->why, "not supported") ||
            contains_nocase(m->why, "not yet implemented"))
            r->unsupported++;
        if (r->verbose)
            printf("%s:%ld: %s: rejected (%s): %s (expected \"%s\")\n", r->file, r->line, r->kind,
                   stage_names[stage], m->why, text ? text : "");
    } else if (stage == STAGE_OK) {
        fail(r, "module accepted; expected a %s failure \"%s\"", stage_names[want], text ? text : "");
    } else {
        fail(r, "%s failed instead of %s (expected \"%s\"): %s", stage_names[stage], stage_names[want],
             text ? text : "", m->why);
    }
    if (!m->shared)
        module_release(m);
}

/* Runs one command of the script. */
static void run_command(wast_run *r, const json_value *cmd)
{
    const char *type = json_get_string(cmd, "type");
    r->line = json_get_long(cmd, "line", 0);
    r->kind = type ? type : "?";
    if (!type)
        fail(r, "command without a type");
    else if (strcmp(type, "module") == 0)
        cmd_module(r, cmd);
    else if (strcmp(type, "register") == 0)
        cmd_register(r, cmd);
    else if (strcmp(type, "action") == 0)
        cmd_action(r, cmd);
    else if (strcmp(type, "assert_return") == 0)
        cmd_assert_return(r, cmd);
    else if (strcmp(type, "assert_trap") == 0 || strcmp(type, "assert_exhaustion") == 0)
        cmd_assert_trap(r, cmd);
    else if (strcmp(type, "assert_invalid") == 0 || strcmp(type, "assert_malformed") == 0)
        cmd_assert_module(r, cmd, STAGE_COMPILE);
    else if (strcmp(type, "assert_unlinkable") == 0)
        cmd_assert_module(r, cmd, STAGE_LINK);
    else if (strcmp(type, "assert_uninstantiable") == 0)
        cmd_assert_module(r, cmd, STAGE_INSTANTIATE);
    else
        skip(r, "unknown command");
}

/* ---- conversion and the driver ----------------------------------------- */

/* Removes the temporary directory and everything in it. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            char path[1024];
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* Runs wast2json FILE -o DIR/x.json (messages to DIR/wast2json.log); true on success. */
static bool convert(wast_run *r)
{
    const char *tool = getenv("WAST2JSON");
    char json[600], log[600];
    if (!tool || !*tool)
        tool = "wast2json";
    snprintf(json, sizeof json, "%s/x.json", r->dir);
    snprintf(log, sizeof log, "%s/wast2json.log", r->dir);
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        execlp(tool, tool, r->file, "-o", json, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0)
        return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Reports a failed conversion as one failure at the line wast2json names. */
static void report_conversion(wast_run *r)
{
    char log[600], first[400] = "";
    snprintf(log, sizeof log, "%s/wast2json.log", r->dir);
    FILE *f = fopen(log, "r");
    if (f) {
        while (fgets(first, sizeof first, f) && first[0] == '\n')
            ;
        fclose(f);
    }
    first[strcspn(first, "\n")] = '\0';
    /* wast2json says "FILE:LINE:COL: error: ...": take the line. */
    r->line = 0;
    const char *colon = strstr(first, ".wast:");
    if (colon)
        r->line = strtol(colon + 6, NULL, 10);
    r->kind = "wast2json";
    fail(r, "cannot convert: %s", first[0] ? first : "wast2json failed (is it installed?)");
}

/* Runs every command of DIR/x.json. */
static void run_script(wast_run *r)
{
    char path[600], error[200];
    uint8_t *text;
    size_t size;
    snprintf(path, sizeof path, "%s/x.json", r->dir);
    r->kind = "json";
    if (!cli_read_file(path, &text, &size)) {
        fail(r, "cannot read the converted script");
        return;
    }
    json_value *root = json_parse((const char *)text, size, error, sizeof error);
    free(text);
    const json_value *commands = json_get(root, "commands");
    if (!root || !commands || commands->kind != JSON_ARRAY) {
        fail(r, "bad JSON from wast2json: %s", root ? "no command list" : error);
        json_free(root);
        return;
    }
    for (size_t i = 0; i < json_count(commands); i++)
        run_command(r, json_at(commands, i));
    json_free(root);
}

/* Frees every module and registration. */
static void run_free(wast_run *r)
{
    for (size_t i = 0; i < r->module_count; i++) {
        module_release(r->modules[i]);
        free(r->modules[i]->name);
        free(r->modules[i]);
    }
    free(r->modules);
    for (size_t i = 0; i < r->reg_count; i++)
        free(r->regs[i].as);
    free(r->regs);
    for (size_t i = 0; i < r->shared_count; i++) {
        free(r->shared[i]->bindings);
        free(r->shared[i]);
    }
    free(r->shared);
    free(r->handles);
}

/* Prints the usage text to `out`. */
static void usage(FILE *out)
{
    fprintf(out, "usage: xipwasm wast [--verbose] FILE.wast\n"
                 "Runs a WebAssembly spec-test script (converted with wast2json, or $WAST2JSON).\n"
                 "Prints one line per failure and \"N passed, N failed, N skipped\".\n"
                 "  --verbose  also print skips, rejections and spectest.print output\n"
                 "Exit status: 0 nothing failed, 1 a failure, 2 wrong usage.\n");
}

int xw_wast_main(int argc, char **argv)
{
    wast_run run;
    const char *file = NULL;
    memset(&run, 0, sizeof run);
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            usage(stdout);
            return CLI_EXIT_OK;
        }
        if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0)
            run.verbose = true;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("wast", "unknown option %s", argv[i]);
        else if (file)
            return cli_usage_error("wast", "more than one script: %s", argv[i]);
        else
            file = argv[i];
    }
    if (!file)
        return cli_usage_error("wast", "no FILE.wast given");
    run.file = file;
    setvbuf(stdout, NULL, _IOLBF, 0); /* keep the lines printed before a crash */
    const char *tmp = getenv("TMPDIR");
    snprintf(run.dir, sizeof run.dir, "%s/xipwasm-wast-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(run.dir))
        return cli_error("cannot create a temporary directory in %s", tmp && *tmp ? tmp : "/tmp");
    if (convert(&run))
        run_script(&run);
    else
        report_conversion(&run);
    printf("rejections: %ld, expected message matched: %ld, rejected as unsupported: %ld\n", run.rejections,
           run.messages_matched, run.unsupported);
    printf("%ld passed, %ld failed, %ld skipped\n", run.passed, run.failed, run.skipped);
    run_free(&run);
    remove_dir(run.dir);
    return run.failed ? CLI_EXIT_ERROR : CLI_EXIT_OK;
}
