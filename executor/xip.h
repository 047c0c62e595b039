/*
 * xip.h: the xipwasm executor, the whole public API.
 *
 * Freestanding C99. Runs an image in place (the image bytes stay where the
 * caller put them, typically flash) with RAM buffers the caller owns. No
 * malloc, no globals, no recursion driven by the program: several instances
 * live side by side. See docs/embedding.md.
 *
 *   xip_load         checks the whole image and binds the buffers
 *   xip_instantiate  sets up memory, globals and data; runs the start function
 *   xip_call         calls a function; xip_resume continues a paused run
 *
 * A run returns XIP_OK (finished), XIP_HOST_CALL (an imported function was
 * called: read xip_host_args, write the results there, xip_resume),
 * XIP_OUT_OF_FUEL (xip_set_fuel, then xip_resume), or a trap status.
 * Fuel is unlimited (XIP_FUEL_UNLIMITED) after xip_load until xip_set_fuel
 * gives a budget.
 */
#ifndef XIP_H
#define XIP_H

#include <stdint.h>

/* Build options (define on the compiler command line). */
#ifndef XIP_FLOAT
#define XIP_FLOAT 1 /* 0: no float support; images that need it are refused */
#endif
#ifndef XIP_EXT
/*
 * Post-MVP extensions: bulk memory, table and reference instructions, RAM
 * tables (imported or written ones), passive segments, host references.
 * 0: compiled out (about 2.5 KiB less flash); images that need them are
 * refused, and xip_set_import_table, xip_table_entries, xip_table_set_size
 * and xip_host_ref are not built (call_indirect of flash tables still works).
 */
#define XIP_EXT 1
#endif
#ifndef XIP_STACK_BOUND
/*
 * 1: an image's recorded stack bound (its STACK section) is checked against
 * the bytecode at load, and buffers smaller than it are refused
 * (XIP_ERR_STACK_TOO_SMALL). 0: the section is ignored (runs still check the
 * stack at every call); saves the check's code.
 */
#define XIP_STACK_BOUND 1
#endif
#ifndef XIP_PREDECODE
/*
 * Switch dispatch only. 1: the run loop decodes each instruction's operands
 * once, by its shape, before dispatching, so the handlers share code (about
 * 2.5 KiB less on a Cortex-M4, the smallest build; but CoreMark runs about
 * 1.9 times the instructions). 0 (default): each handler reads its own
 * operands.
 */
#define XIP_PREDECODE 0
#endif
#ifndef XIP_SMALL_DIV64
/*
 * 1: i64 division and remainder by a short shift-and-subtract loop (32-bit
 * operands by the CPU's division) instead of the C library's 64-bit division
 * (libgcc's __udivmoddi4 and its callers, ~900 bytes on a Cortex-M4); slower
 * for large operands. Defaults to 1 in builds optimized for size (-Os).
 */
#if defined(__OPTIMIZE_SIZE__)
#define XIP_SMALL_DIV64 1
#else
#define XIP_SMALL_DIV64 0
#endif
#endif
#ifndef XIP_SMALL_FLOAT
/*
 * 1: the float comparisons, int -> float conversions and f64
 * add/sub/mul/div by integer arithmetic (xipi_f64_arith, correctly
 * rounded), and the f32 operations computed in f64 and rounded once to f32
 * (exact: f64 carries more than 2 * 24 + 2 bits), so that a soft-float
 * build links no libgcc float helper (about 3 KiB less on a Cortex-M4);
 * float arithmetic is then slower. Defaults to 1 in builds
 * optimized for size (-Os) on a CPU without a floating-point unit.
 */
#if defined(__OPTIMIZE_SIZE__) && (defined(__SOFTFP__) || (defined(__riscv) && !defined(__riscv_flen)))
#define XIP_SMALL_FLOAT 1
#else
#define XIP_SMALL_FLOAT 0
#endif
#endif
/*
 * The image checksum (xip_adler32 in format/xip_format.h) needs no table and
 * has no build option.
 */
#ifndef XIP_DISPATCH_GOTO
#if defined(__GNUC__)
#define XIP_DISPATCH_GOTO 1 /* computed goto (fastest); 0: switch (smallest) */
#else
#define XIP_DISPATCH_GOTO 0
#endif
#endif

/*
 * The statuses: STATUS(name, text), one row each. Expanded into enum
 * xip_status (XIP_name) and the names of xip_status_name, so the two cannot
 * drift apart. XIP_IS_TRAP relies on the traps coming last.
 */
#define XIP_STATUSES(X)                                                                        \
    X(OK, "ok")                                                                                \
    X(HOST_CALL, "host call")             /* paused at a call of an imported function */     \
    X(OUT_OF_FUEL, "out of fuel")         /* paused: the fuel ran out */                      \
    /* The image or the request is refused (nothing ran). */                                   \
    X(ERR_TRUNCATED, "image: truncated")  /* image shorter than it claims */                  \
    X(ERR_MAGIC, "image: bad magic")      /* not an xipwasm image */                          \
    X(ERR_VERSION, "image: bad version")  /* format version not supported */                  \
    X(ERR_CHECKSUM, "image: bad checksum") /* Adler-32 mismatch: corrupt image */                  \
    X(ERR_MALFORMED, "image: malformed")  /* bad section, offset, index or count */           \
    X(ERR_BAD_CODE, "image: bad bytecode") /* bytecode fails verification */                  \
    X(ERR_FLOAT_UNSUPPORTED, "image: needs float support") /* built with XIP_FLOAT=0 */       \
    X(ERR_EXT_UNSUPPORTED, "image: needs bulk memory/reference types support (built with XIP_EXT=0)") \
    X(ERR_BUFFER_TOO_SMALL, "buffer too small") /* memory, globals or stack buffer too small */ \
    X(ERR_STACK_TOO_SMALL, "stack or frame buffer below the image's recorded bound") /* see XIP_SECTION_STACK */ \
    X(ERR_STATE, "bad state")             /* API call not valid in the instance's state */    \
    X(ERR_ARGUMENT, "bad argument")       /* bad function index or argument count */          \
    /* Traps: the run stopped; the instance can make new calls. */                             \
    X(TRAP_UNREACHABLE, "trap: unreachable")                                                   \
    X(TRAP_MEMORY_OUT_OF_BOUNDS, "trap: out of bounds memory access")                          \
    X(TRAP_DIVIDE_BY_ZERO, "trap: integer divide by zero")                                     \
    X(TRAP_INTEGER_OVERFLOW, "trap: integer overflow")                                         \
    X(TRAP_INVALID_CONVERSION, "trap: invalid conversion to integer")                          \
    X(TRAP_INDIRECT_CALL_MISMATCH, "trap: indirect call type mismatch") /* signature differs */ \
    X(TRAP_UNDEFINED_ELEMENT, "trap: undefined element") /* table index out of bounds */      \
    X(TRAP_UNINITIALIZED_ELEMENT, "trap: uninitialized element") /* null table entry */       \
    X(TRAP_CALL_STACK_EXHAUSTED, "trap: call stack exhausted")                                 \
    X(TRAP_UNLINKED_IMPORT, "trap: unlinked import") /* the host does not provide the import */ \
    X(TRAP_HOST, "trap: host function failed")                                                 \
    X(TRAP_TABLE_OUT_OF_BOUNDS, "trap: out of bounds table access") /* also element segments */

typedef enum xip_status {
#define XIP_STATUS_ENUM(name, text) XIP_##name,
    XIP_STATUSES(XIP_STATUS_ENUM)
#undef XIP_STATUS_ENUM
    XIP_STATUS_COUNT
} xip_status;

/* xip_set_fuel's "no budget": runs never pause for fuel. The default after xip_load. */
#define XIP_FUEL_UNLIMITED 0xffffffffu

/* xip_trap_site's function index when the last run did not trap in bytecode. */
#define XIP_NO_TRAP_SITE 0xffffffffu

/* True for the trap statuses. */
#define XIP_IS_TRAP(status) ((status) >= XIP_TRAP_UNREACHABLE && (status) < XIP_STATUS_COUNT)

/* One call-stack record (the caller provides an array of them). */
typedef struct xip_frame {
    uint32_t return_pc; /* code offset to continue at in the caller */
    uint32_t base;      /* the caller's first stack slot */
    uint16_t func;      /* the caller's defined-function index */
} xip_frame;

/* RAM the caller gives an instance. */
typedef struct xip_buffers {
    uint8_t *memory;        /* linear memory */
    uint32_t memory_size;   /* its capacity in bytes (memory.grow stops there) */
    uint64_t *globals;
    uint32_t global_count;  /* capacity in globals */
    uint64_t *stack;        /* registers of all active frames */
    uint32_t stack_slots;
    xip_frame *frames;      /* call stack; its length bounds the call depth */
    uint32_t frame_count;
    /*
     * Tables that can change (RAM tables: imported ones, and those the code
     * writes) and the dropped-state of passive segments. Layout: one size word
     * per RAM table, then, if some segment is passive, one bit per DATA and
     * ELEM segment (32 per word), then
     * each RAM table's entries (XIP_NULL_REF = null), its capacity being its
     * max (or min when it has none) except the last RAM table, which gets
     * every remaining slot up to its max. NULL/0 when the image has none.
     */
    uint32_t *tables;
    uint32_t table_slots;
} xip_buffers;

/* What an image needs from xip_buffers (from xip_image_requirements). */
typedef struct xip_requirements {
    uint32_t memory_bytes;      /* initial linear memory size */
    uint32_t memory_max_bytes;  /* its maximum (0xffffffff: unbounded or > 4 GiB) */
    uint32_t globals;           /* global slots, imported globals included */
    uint32_t table_slots;       /* table words at every RAM table's initial size */
    uint32_t table_max_slots;   /* ... at their maximum sizes (0xffffffff: unbounded) */
    uint32_t stack_slots;       /* value stack slots no call can exceed (0: no recorded bound) */
    uint32_t frames;            /* frame records no call can exceed (valid when stack_slots != 0) */
} xip_requirements;

/* A function signature; params and results point into the image. */
typedef struct xip_functype {
    uint32_t param_count;
    uint32_t result_count;
    const uint8_t *params;  /* Wasm value type codes (0x7f i32, 0x7e i64, 0x7d f32, 0x7c f64) */
    const uint8_t *results;
} xip_functype;

/* An instance. Treat the fields as private; its size is the fixed RAM per applet. */
typedef struct xip_instance {
    const uint8_t *image;
    uint32_t image_size;
    uint32_t types, imports, funcs, tables, memory_section, globals_section;
    uint32_t exports, data, code, code_size; /* section body offsets (0: absent) */
    uint16_t type_count, import_count, func_count, table_count; /* imports counted in */
    uint16_t global_count, export_count, data_count;            /* tables and globals */
    uint16_t start_func;  /* 0xffff: none */
    uint8_t *memory;
    uint32_t memory_capacity; /* bytes */
    uint32_t memory_bytes;    /* current size in bytes */
    uint32_t memory_max_pages;
    uint8_t page_log2;
    uint8_t state;
    uint8_t has_memory;
    uint8_t result_count;
    uint64_t *globals;
    uint64_t *stack;
    uint32_t stack_slots;
    xip_frame *frames;
    uint32_t frame_capacity;
    uint32_t depth;       /* active frames below the current one */
    uint32_t pc;          /* code offset of the next instruction */
    uint32_t base;        /* first stack slot of the current frame */
    uint32_t func;        /* defined-function index running */
    uint32_t fuel;
    uint32_t host_import; /* pending host call */
    uint32_t host_base;   /* stack slot of its args/results */
    uint32_t error_offset; /* image offset where xip_load found a problem */
    uint32_t elems;         /* ELEM body offset (0: absent) */
    uint32_t memory_limits; /* image offset of the memory's {u32 min, u32 max, u8 page_log2} */
    uint32_t *table_buf;    /* xip_buffers.tables */
    uint32_t table_slots;
    uint16_t elem_count;
    uint16_t import_total;        /* IMPORT entries of every kind (import_count: functions) */
    uint16_t import_table_count;
    uint16_t import_global_count;
    uint16_t ram_table_count;     /* imported tables and defined tables flagged XIP_TABLE_RAM */
    uint8_t memory_imported;
    uint8_t memory_set;           /* xip_set_import_memory was called */
    uint8_t has_passive;          /* some DATA or ELEM segment is passive: drop bits exist */
    uint8_t fuel_unlimited;       /* xip_set_fuel(XIP_FUEL_UNLIMITED): refill instead of pausing */
    uint16_t host_type;           /* pending host-reference call: its type index */
    uint32_t fuel_need;           /* paused for fuel after a lookup: the price it found (xip_fuel.h) */
    uint32_t trap_func;           /* defined function of the last trap in bytecode, or XIP_NO_TRAP_SITE */
    uint32_t trap_pc;             /* its code offset (of a host call: the CALL instruction) */
    uint32_t refs;                /* REFS body offset (0: absent) */
    uint32_t stack_section;       /* STACK body offset (0: absent, or ignored with XIP_STACK_BOUND=0) */
} xip_instance;

/* Checks the image completely (header, checksum, sections, bytecode) and binds buffers. */
xip_status xip_load(xip_instance *inst, const uint8_t *image, uint32_t image_size,
                    const xip_buffers *buffers);

/* Reads (with full checks of the header and sections) what buffers the image needs. */
xip_status xip_image_requirements(const uint8_t *image, uint32_t image_size, xip_requirements *req);

/*
 * xip_load in two steps, for a host that sizes the buffers from the image:
 * xip_prepare checks the header and every section and reports in *req what
 * buffers the image needs (as xip_image_requirements); xip_load_prepared
 * then checks the bytecode and binds the buffers, like the rest of
 * xip_load. Each section is checked once. Between the two, the instance
 * accepts no other call.
 */
xip_status xip_prepare(xip_instance *inst, const uint8_t *image, uint32_t image_size, xip_requirements *req);
xip_status xip_load_prepared(xip_instance *inst, const xip_buffers *buffers);

/* Between xip_load and xip_instantiate: the value of imported global `global` (imports count first). */
xip_status xip_set_import_global(xip_instance *inst, uint32_t global, uint64_t value);

/*
 * Between xip_load and xip_instantiate, for an imported memory: the host's
 * buffer (xip_buffers.memory) already holds `current_bytes` of content, which
 * instantiation keeps (a defined memory is zero-filled instead).
 */
xip_status xip_set_import_memory(xip_instance *inst, uint32_t current_bytes);

/*
 * Between xip_load and xip_instantiate, for imported table `table`: sets its
 * current size (>= its min, <= its max and its capacity in the table buffer;
 * entries start null; write them with xip_table_entries).
 */
xip_status xip_set_import_table(xip_instance *inst, uint32_t table, uint32_t size);

/* A RAM table's entries and current size (NULL for a flash table); the host may write them.
   Built only with XIP_EXT, like xip_set_import_table, xip_table_set_size and xip_host_ref. */
uint32_t *xip_table_entries(xip_instance *inst, uint32_t table, uint32_t *size);

/*
 * Sets memory, globals and data segments to their initial state, then runs
 * the start function. If a segment does not fit (a trap), the writes before
 * it stay and the instance can still be called (its functions may already sit
 * in a table it shares), but its start function does not run. After a trap
 * of the start function, the instance can be called as well.
 */
xip_status xip_instantiate(xip_instance *inst);

/* Index of the export `name` of the given kind (XIP_EXTERN_*), or -1. */
int32_t xip_find_export(const xip_instance *inst, const char *name, uint32_t name_len, uint8_t kind);

/* Number of exports (0 before a successful xip_load). */
uint32_t xip_export_count(const xip_instance *inst);

/*
 * Export export_index (0 .. xip_export_count() - 1, in image order): its name
 * (a pointer into the image, not NUL-terminated), kind (XIP_EXTERN_*) and
 * index in that kind's index space (imports first, as for xip_call).
 */
xip_status xip_export_info(const xip_instance *inst, uint32_t export_index, const char **name,
                           uint32_t *name_len, uint8_t *kind, uint32_t *index);

/* Number of functions, imports first. */
uint32_t xip_func_count(const xip_instance *inst);

/* The signature of function func_index (imports counted first). */
xip_status xip_func_type(const xip_instance *inst, uint32_t func_index, xip_functype *type);

/* Module and field name of import `import` (any kind; function imports come first, so
   function f < the import count is import f); pointers into the image, not NUL-terminated. */
xip_status xip_import_name(const xip_instance *inst, uint32_t import, const char **module,
                           uint32_t *module_len, const char **field, uint32_t *field_len);

/*
 * Kind (XIP_EXTERN_*) of import `import` and its index in that kind's index
 * space. Imports are grouped by kind: functions, tables, memory, globals.
 */
xip_status xip_import_kind(const xip_instance *inst, uint32_t import, uint8_t *kind, uint32_t *index);

/* Calls function func_index with arg_count 64-bit argument slots and runs it. */
xip_status xip_call(xip_instance *inst, uint32_t func_index, const uint64_t *args, uint32_t arg_count);

/* Continues a run paused by XIP_HOST_CALL or XIP_OUT_OF_FUEL. */
xip_status xip_resume(xip_instance *inst);

/* After XIP_OK: the results of the call. */
const uint64_t *xip_results(const xip_instance *inst, uint32_t *count);

/* During XIP_HOST_CALL: the import being called. */
uint32_t xip_host_import(const xip_instance *inst);

/* During XIP_HOST_CALL: the argument slots; the host writes the results over them. */
uint64_t *xip_host_args(xip_instance *inst);

/*
 * During XIP_HOST_CALL: true when the call is a call_indirect of a host
 * reference (a table entry >= XIP_HOST_REF_BASE, see xip_format.h) rather
 * than of an import; then *ref is that entry and *type the signature the call
 * expects. The host checks the signature of what the reference names (on a
 * mismatch: xip_host_trap(inst, XIP_TRAP_INDIRECT_CALL_MISMATCH)), runs it
 * and writes the results over xip_host_args, as for an import.
 */
int xip_host_ref(const xip_instance *inst, uint32_t *ref, xip_functype *type);

/* During XIP_HOST_CALL: makes the call trap with `trap` instead; returns that trap. */
xip_status xip_host_trap(xip_instance *inst, xip_status trap);

/*
 * Sets the fuel: the units runs may spend (1 per taken branch, call and
 * return, more for bulk work: docs/embedding.md) before one pauses with
 * XIP_OUT_OF_FUEL at an instruction that costs more than what is left (the
 * budget spans calls until set again; what is left is kept at a pause).
 * XIP_FUEL_UNLIMITED (the default after xip_load): never pause for fuel.
 */
void xip_set_fuel(xip_instance *inst, uint32_t fuel);

/* The fuel left; XIP_FUEL_UNLIMITED when unlimited. */
uint32_t xip_fuel(const xip_instance *inst);

/*
 * After a trap: *func the function (imports counted first, as for xip_call)
 * and *offset the offset, from that function's first byte of code, of the
 * trapping instruction (for a trap the host raised: of the call). For
 * firmware logs; `xipwasm symbolize` turns them into a Wasm location.
 * XIP_ERR_STATE when the last run or instantiation did not trap inside
 * bytecode (e.g. a data segment that does not fit, or no run yet).
 */
xip_status xip_trap_site(const xip_instance *inst, uint32_t *func, uint32_t *offset);

/* The linear memory and its current size in bytes. */
uint8_t *xip_memory(const xip_instance *inst, uint32_t *size);

/* The current value of global global_index (i32/f32 zero-extended); XIP_ERR_ARGUMENT when out of range. */
xip_status xip_global_get(const xip_instance *inst, uint32_t global_index, uint64_t *value);

/*
 * Sets global global_index (imports first; i32/f32 truncated to 32 bits)
 * while the instance is not running: loaded, idle or paused. For a host that
 * links instances sharing a mutable global.
 */
xip_status xip_global_set(xip_instance *inst, uint32_t global_index, uint64_t value);

/*
 * Sets the current linear memory size (a whole number of pages, >= the
 * minimum, within the maximum and the buffer) while the instance is not
 * running; the bytes are the host's to fill. For a host sharing one memory.
 */
xip_status xip_memory_set_size(xip_instance *inst, uint32_t bytes);

/*
 * Sets the current size of RAM table `table` (>= its min, <= its max and its
 * capacity; new entries null) while the instance is not running. For a host
 * sharing a table (write the entries with xip_table_entries).
 */
xip_status xip_table_set_size(xip_instance *inst, uint32_t table, uint32_t size);

/* The value type (0x7f i32, ...) and mutability of global global_index (imports first). */
xip_status xip_global_type(const xip_instance *inst, uint32_t global_index, uint8_t *type, uint8_t *mutable_);

/* Image offset at which xip_load found the problem it reported. */
uint32_t xip_error_offset(const xip_instance *inst);

/* A short constant name for a status ("ok", "trap: integer divide by zero", ...). */
const char *xip_status_name(xip_status status);

#endif /* XIP_H */
