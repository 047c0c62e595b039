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
#include "json.h"
#include "wast.h"
#include "wast_internal.h"

static const char *const stage_names[] = {"ok", "read", "compile", "load", "link", "instantiate"};

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
void wast_format_value(uint8_t type, uint64_t slot, char *out, size_t size)
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
        wast_format_value(code, slot, out, size);
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
wast_module *wast_find_registered(wast_run *r, const char *name, size_t len)
{
    for (size_t i = r->reg_count; i-- > 0;)
        if (r->regs[i].as_len == len && memcmp(r->regs[i].as, name, len) == 0)
            return r->regs[i].module;
    return NULL;
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
    enum stage stage = wast_load_module(r, m, filename, false);
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
    wast_sync_in(r, m);
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
    out->status = wast_call_func(r, m, (uint32_t)index, slots, type.param_count, out->values, &out->count);
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
        wast_format_value(res->types[i], res->values[i], text, sizeof text);
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
            wast_format_value(res.types[i], res.values[i], got, sizeof got);
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
    enum stage stage = wast_load_module(r, m, filename, true);
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
            return cli_usage_error("wast", "unknown option '%s'", argv[i]);
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
