/*
 * module.h: the decoded Wasm module, produced by the decode pass and read by
 * every later pass. Function bodies are pre-decoded into arrays of
 * wasm_insn, so validate and lower never touch raw bytes again.
 * All arrays are owned by the module and freed by wasm_module_free().
 */
#ifndef XC_MODULE_H
#define XC_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Wasm value type codes as in the binary format. */
typedef uint8_t wasm_valtype;
#define WASM_I32 0x7f
#define WASM_I64 0x7e
#define WASM_F32 0x7d
#define WASM_F64 0x7c
#define WASM_V128 0x7b
#define WASM_FUNCREF 0x70
#define WASM_EXTERNREF 0x6f

/* External kinds as in the binary format. */
enum wasm_extern_kind {
    WASM_EXTERN_FUNC = 0,
    WASM_EXTERN_TABLE = 1,
    WASM_EXTERN_MEMORY = 2,
    WASM_EXTERN_GLOBAL = 3
};

typedef struct wasm_functype {
    uint32_t param_count;
    uint32_t result_count;
    wasm_valtype *params;  /* param_count entries */
    wasm_valtype *results; /* result_count entries */
} wasm_functype;

typedef struct wasm_limits {
    uint64_t min;
    uint64_t max;
    bool has_max;
} wasm_limits;

typedef struct wasm_table_type {
    wasm_valtype elem_type; /* WASM_FUNCREF or WASM_EXTERNREF */
    wasm_limits limits;
    size_t offset;          /* byte offset of the table type in the module */
} wasm_table_type;

typedef struct wasm_memory_type {
    wasm_limits limits;      /* in pages */
    uint32_t page_size_log2; /* 16 by default; custom-page-sizes allows 0 */
} wasm_memory_type;

typedef struct wasm_global_type {
    wasm_valtype type;
    bool mutable_;
} wasm_global_type;

/* A constant expression: the raw bytes (ending with 0x0b) and where they are. */
typedef struct wasm_const_expr {
    const uint8_t *code; /* points into the module's input bytes */
    size_t size;         /* including the final end opcode */
    size_t offset;       /* file offset of the first byte */
} wasm_const_expr;

typedef struct wasm_import {
    char *module; /* NUL-terminated copy; may contain NULs only if *_len says so */
    uint32_t module_len;
    char *field;
    uint32_t field_len;
    uint8_t kind; /* enum wasm_extern_kind */
    union {
        uint32_t type_index; /* WASM_EXTERN_FUNC */
        wasm_table_type table;
        wasm_memory_type memory;
        wasm_global_type global;
    } desc;
    size_t offset; /* file offset of the import entry */
} wasm_import;

typedef struct wasm_global {
    wasm_global_type type;
    wasm_const_expr init;
} wasm_global;

typedef struct wasm_export {
    char *name;
    uint32_t name_len;
    uint8_t kind; /* enum wasm_extern_kind */
    uint32_t index;
    size_t offset;
} wasm_export;

enum wasm_segment_mode {
    WASM_SEGMENT_ACTIVE = 0,
    WASM_SEGMENT_PASSIVE = 1,
    WASM_SEGMENT_DECLARATIVE = 2
};

typedef struct wasm_elem {
    uint8_t mode; /* enum wasm_segment_mode */
    uint32_t table_index;
    wasm_const_expr offset_expr; /* active only */
    wasm_valtype elem_type;
    uint32_t count;
    /* Either func_indices (the elemkind/vec(funcidx) forms) or exprs. */
    uint32_t *func_indices;  /* count entries, or NULL */
    wasm_const_expr *exprs;  /* count entries, or NULL */
    size_t offset;
} wasm_elem;

typedef struct wasm_data {
    uint8_t mode; /* WASM_SEGMENT_ACTIVE or WASM_SEGMENT_PASSIVE */
    uint32_t memory_index;
    wasm_const_expr offset_expr; /* active only */
    const uint8_t *bytes;        /* points into the input */
    uint32_t size;
    size_t offset;
} wasm_data;

/* Block type of block/loop/if. */
enum wasm_block_kind {
    WASM_BLOCK_EMPTY = 0, /* 0x40 */
    WASM_BLOCK_VALUE = 1, /* a single result of type value_type */
    WASM_BLOCK_INDEX = 2  /* a function type index */
};

/*
 * One decoded instruction. opcode is the Wasm opcode: one byte for the plain
 * opcodes, 0xfc00 | subopcode for the 0xfc prefix (saturating truncation and
 * bulk memory). The immediates used depend on the opcode.
 */
typedef struct wasm_insn {
    uint16_t opcode;
    uint32_t offset; /* file offset of the opcode byte */
    union {
        struct {
            uint8_t kind; /* enum wasm_block_kind */
            wasm_valtype value_type;
            uint32_t type_index;
        } block;          /* block, loop, if */
        uint32_t index;   /* br, br_if, call, local.*, global.*, table.get/set/size/grow/fill,
                             ref.func, data.drop, elem.drop, memory.size/grow (memory index) */
        struct {
            uint32_t first; /* index into wasm_func.br_targets */
            uint32_t count; /* label count, the default label NOT included */
            uint32_t default_label;
        } br_table;
        struct {
            uint32_t type_index;
            uint32_t table_index;
        } call_indirect;
        struct {
            uint32_t align_log2;
            uint32_t memory_index;
            uint64_t offset;
        } mem;             /* loads and stores */
        struct {
            uint32_t a;
            uint32_t b;
        } pair;            /* memory.init (data, memory), memory.copy (dst, src), table.init (elem, table),
                              table.copy (dst, src) */
        wasm_valtype ref_type;       /* ref.null */
        struct {
            uint32_t count;          /* 0 for the untyped select (0x1b) */
            wasm_valtype type;       /* typed select (0x1c) */
        } select;
        int32_t i32;
        int64_t i64;
        uint32_t f32_bits;
        uint64_t f64_bits;
    } imm;
} wasm_insn;

typedef struct wasm_func {
    uint32_t type_index;
    uint32_t local_count;       /* declared locals, params NOT included */
    wasm_valtype *local_types;  /* local_count entries */
    wasm_insn *insns;           /* the body, the final `end` included */
    uint32_t insn_count;
    uint32_t *br_targets;       /* label depths referenced by br_table insns */
    uint32_t br_target_count;
    size_t body_offset;         /* file offset of the body (its size field) */
} wasm_func;

typedef struct wasm_module {
    const uint8_t *bytes; /* the input, not owned */
    size_t size;

    wasm_functype *types;
    uint32_t type_count;

    wasm_import *imports;
    uint32_t import_count;
    uint32_t import_func_count; /* imports of each kind, for index spaces */
    uint32_t import_table_count;
    uint32_t import_memory_count;
    uint32_t import_global_count;

    wasm_func *funcs; /* defined functions only */
    uint32_t func_count;

    wasm_table_type *tables; /* defined tables only */
    uint32_t table_count;

    wasm_memory_type *memories; /* defined memories only */
    uint32_t memory_count;

    wasm_global *globals; /* defined globals only */
    uint32_t global_count;

    wasm_export *exports;
    uint32_t export_count;

    bool has_start;
    uint32_t start_func;

    wasm_elem *elems;
    uint32_t elem_count;

    wasm_data *datas;
    uint32_t data_count;
    bool has_data_count; /* the data count section was present */
    uint32_t data_count_value;
} wasm_module;

/* Frees everything the module owns (not the input bytes); safe on a zeroed module. */
void wasm_module_free(wasm_module *module);

/* Text name of a value type ("i32", ..., "invalid type" for other codes). */
const char *wasm_valtype_name(wasm_valtype type);

/* The type index of function `func_index` (imports first) in the module. */
uint32_t wasm_module_func_type(const wasm_module *module, uint32_t func_index);

/* Prints a readable summary of the module and every function body (the decode dump). */
struct xc_dump;
#endif /* XC_MODULE_H */
