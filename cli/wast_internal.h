/*
 * wast_internal.h: what the files of the spec-test runner share: the run,
 * module and link records, the limits, and the functions one file calls in
 * another. cli/wast.c runs the command script; cli/wast_link.c loads modules
 * and links their imports (sharing globals, memories and tables between
 * instances); cli/wast_host.c serves host calls (spectest, imports of
 * registered modules, handles) and drives runs.
 */
#ifndef XIPWASM_WAST_INTERNAL_H
#define XIPWASM_WAST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"

#define WAST_MEMORY_CAP (64u << 20)  /* linear memory cap unless the minimum needs more */
#define WAST_STACK_SLOTS 1048576u
#define WAST_FRAMES 10000u           /* infinite recursion exhausts this in microseconds */
#define WAST_FUEL_CHUNK 100000000u   /* units of fuel per refill (above any one price) */
#define WAST_FUEL_REFILLS 10u        /* then the run counts as a runaway */
#define WAST_HOST_NESTING 64u        /* cross-module host-call nesting */
#define WAST_MAX_SLOTS 256u          /* params/results of one call (u8 counts in the image) */
#define WAST_REF_NULL XIP_NULL_REF  /* the slot value of a null reference (externref N is N) */

/* Where a module command stopped. */
enum stage { STAGE_OK, STAGE_READ, STAGE_COMPILE, STAGE_LOAD, STAGE_LINK, STAGE_INSTANTIATE };

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

/* ---- the runner (cli/wast.c) ------------------------------------------- */

/* The module registered under name[0..len), or NULL. */
wast_module *wast_find_registered(wast_run *r, const char *name, size_t len);

/* Formats a slot of Wasm type `type` as "i32:42" (floats with their bits). */
void wast_format_value(uint8_t type, uint64_t slot, char *out, size_t size);

/* ---- linking (cli/wast_link.c) ----------------------------------------- */

/* The function a handle names, or NULL when ref is not a known handle. */
const wast_handle *wast_handle_target(const wast_run *r, uint64_t ref);

/*
 * Loads dir/filename into m through the whole pipeline. strict_link: an
 * unresolved import stops at STAGE_LINK; otherwise it traps when called.
 * Returns the stage that failed (m->why says why) or STAGE_OK.
 */
enum stage wast_load_module(wast_run *r, wast_module *m, const char *filename, bool strict_link);

/* Moves the funcref values among n slots of types `types` from instance `from` to `to` (NULL: the runner). */
void wast_move_refs(wast_run *r, wast_module *from, wast_module *to, const uint8_t *types, uint64_t *slots,
                    uint32_t n);

/* True when two signatures are identical. */
bool wast_same_type(const xip_functype *a, const xip_functype *b);

/* Before m runs or is read: brings every object m shares up to date in m, which then holds them. */
void wast_sync_in(wast_run *r, wast_module *m);

/* ---- host calls (cli/wast_host.c) -------------------------------------- */

/*
 * Calls function func of m (imports resolved through the links); copies the
 * results. Function references in args and results are in the runner's form
 * (m's own functions as handles).
 */
xip_status wast_call_func(wast_run *r, wast_module *m, uint32_t func, const uint64_t *args,
                          uint32_t nargs, uint64_t *results, uint32_t *nresults);

/* Drives a run of m to its end: serves host calls and refills fuel. */
xip_status wast_finish_run(wast_run *r, wast_module *m, xip_status st);

/* Resolves import i of m against spectest; false with why set when it cannot. */
bool wast_link_spectest(wast_link *link, const char *field, uint32_t field_len, const xip_functype *type,
                        char *why, size_t size);

#endif /* XIPWASM_WAST_INTERNAL_H */
