/*
 * test_bulk.c: bulk memory, table and reference instructions end to end.
 * Each case compiles a .wat (wat2wasm at test time) with the compiler,
 * loads the image with the executor API and checks results, traps and
 * memory; a few cases patch a compiled image into a hostile one that the
 * verifier must refuse. Prints one line per failure; exits non-zero on
 * failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "image_parts.h"
#include "compiler/compiler.h"
#include "wat.h"
#include "xip.h"
#include "xip_format.h"


/* Assembles wat with wat2wasm; returns malloc'd bytes or NULL. */
static uint8_t *assemble(const char *wat, size_t *size)
{
    return test_assemble(wat, "", size);
}

/* One loaded instance and the buffers it runs in. */
typedef struct vm {
    uint8_t *image;
    size_t size;
    xip_instance inst;
    uint8_t memory[65536 * 2];
    uint64_t globals[16];
    uint64_t stack[1024];
    xip_frame frames[32];
    uint32_t tables[256];
    xip_status status; /* of compile (XIP_ERR_MALFORMED on failure), load and instantiate */
} vm;

static vm the_vm;

/* Register limit for the next compiles (0: the default). */
static uint32_t max_registers;

/* Compiles wat into v->image (no load); false after printing a failure. */
static bool build(vm *v, const char *name, const char *wat)
{
    size_t size = 0;
    uint8_t *wasm = assemble(wat, &size);
    xc_error error = {0};
    xc_options options = {XC_PASS_NONE, NULL, max_registers};
    v->image = NULL;
    if (!wasm || !xc_compile(wasm, size, &options, &v->image, &v->size, &error)) {
        printf("FAIL %s: %s\n", name, wasm ? error.message : "wat2wasm failed");
        check_failed++;
        free(wasm);
        return false;
    }
    free(wasm);
    return true;
}

/* Loads and instantiates v->image; returns the status. */
static xip_status load(vm *v)
{
    xip_buffers b = {v->memory, sizeof v->memory, v->globals, 16, v->stack, 1024,
                     v->frames, 32, v->tables, 256};
    memset(v->tables, 0xa5, sizeof v->tables);
    v->status = xip_load(&v->inst, v->image, (uint32_t)v->size, &b);
    if (v->status == XIP_OK)
        v->status = xip_instantiate(&v->inst);
    return v->status;
}

/* Compiles and instantiates wat into the_vm; NULL after printing a failure. */
static vm *open_vm(const char *name, const char *wat)
{
    vm *v = &the_vm;
    if (!build(v, name, wat))
        return NULL;
    if (load(v) != XIP_OK) {
        printf("FAIL %s: load/instantiate: %s\n", name, xip_status_name(v->status));
        check_failed++;
        free(v->image);
        return NULL;
    }
    return v;
}

static void close_vm(vm *v)
{
    if (v)
        free(v->image);
}

/* Calls export `func`; returns the status and the first result in *result. */
static xip_status call(vm *v, const char *func, const uint64_t *args, uint32_t nargs, uint64_t *result)
{
    int32_t index = xip_find_export(&v->inst, func, (uint32_t)strlen(func), XIP_EXTERN_FUNC);
    if (index < 0)
        return XIP_ERR_ARGUMENT;
    xip_status st = xip_call(&v->inst, (uint32_t)index, args, nargs);
    uint32_t count = 0;
    const uint64_t *r = st == XIP_OK ? xip_results(&v->inst, &count) : NULL;
    *result = r && count ? r[0] : 0;
    return st;
}

/* Checks that calling func(args) returns XIP_OK with result want (if has_result) or traps with want_st. */
static void expect(vm *v, const char *name, const char *func, const uint64_t *args, uint32_t nargs,
                   xip_status want_st, uint64_t want)
{
    uint64_t got = 0;
    check_total++;
    if (!v)
        return;
    xip_status st = call(v, func, args, nargs, &got);
    if (st != want_st || (st == XIP_OK && got != want)) {
        printf("FAIL %s: %s: got %s %llu, want %s %llu\n", name, func, xip_status_name(st),
               (unsigned long long)got, xip_status_name(want_st), (unsigned long long)want);
        check_failed++;
    }
}

#define ARGS(...) (const uint64_t[]){__VA_ARGS__}, (uint32_t)(sizeof((const uint64_t[]){__VA_ARGS__}) / 8)
#define NOARGS NULL, 0
#define OK XIP_OK
#define MEM_OOB XIP_TRAP_MEMORY_OUT_OF_BOUNDS
#define TAB_OOB XIP_TRAP_TABLE_OUT_OF_BOUNDS

/* Checks linear memory bytes [at, at + n) against want. */
static void expect_bytes(vm *v, const char *name, uint32_t at, const char *want, uint32_t n)
{
    uint32_t size = 0;
    check_total++;
    if (!v)
        return;
    uint8_t *mem = xip_memory(&v->inst, &size);
    if (at + n > size || memcmp(mem + at, want, n) != 0) {
        printf("FAIL %s: memory at %u differs\n", name, (unsigned)at);
        check_failed++;
    }
}

static const char *memory_wat =
    "(module (memory 1)"
    " (data (i32.const 0) \"\\01\\02\\03\\04\\05\\06\\07\\08\")"
    " (data $p \"hello\")"
    " (func (export \"copy\") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))"
    " (func (export \"fill\") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))"
    " (func (export \"init\") (param i32 i32 i32) (memory.init $p (local.get 0) (local.get 1) (local.get 2)))"
    " (func (export \"drop\") (data.drop $p)))";

static void test_memory(void)
{
    vm *v = open_vm("memory", memory_wat);
    if (!v)
        return;
    expect(v, "memory.copy forward overlap", "copy", ARGS(2, 0, 4), OK, 0);
    expect_bytes(v, "memory.copy forward overlap", 0, "\1\2\1\2\3\4\7\10", 8);
    expect(v, "memory.copy backward overlap", "copy", ARGS(0, 2, 6), OK, 0);
    expect_bytes(v, "memory.copy backward overlap", 0, "\1\2\3\4\7\10\7\10", 8);
    expect(v, "memory.copy n=0 at the end", "copy", ARGS(65536, 65536, 0), OK, 0);
    expect(v, "memory.copy n=0 past the end", "copy", ARGS(65537, 0, 0), MEM_OOB, 0);
    expect(v, "memory.copy source past the end", "copy", ARGS(0, 65530, 7), MEM_OOB, 0);
    expect(v, "memory.copy destination past the end", "copy", ARGS(65530, 0, 7), MEM_OOB, 0);
    expect_bytes(v, "memory.copy trap writes nothing", 65530, "\0\0\0\0\0\0", 6);
    expect(v, "memory.copy huge offsets", "copy", ARGS(0xffffffffu, 0xffffffffu, 2), MEM_OOB, 0);
    expect(v, "memory.fill", "fill", ARGS(100, 0x1ab, 3), OK, 0);
    expect_bytes(v, "memory.fill", 99, "\0\253\253\253\0", 5);
    expect(v, "memory.fill out of bounds", "fill", ARGS(65535, 1, 2), MEM_OOB, 0);
    expect_bytes(v, "memory.fill trap writes nothing", 65535, "\0", 1);
    expect(v, "memory.fill n=0 at the end", "fill", ARGS(65536, 1, 0), OK, 0);
    expect(v, "memory.init", "init", ARGS(200, 1, 3), OK, 0);
    expect_bytes(v, "memory.init", 200, "ell", 3);
    expect(v, "memory.init at the segment end", "init", ARGS(0, 5, 0), OK, 0);
    expect(v, "memory.init past the segment end", "init", ARGS(0, 6, 0), MEM_OOB, 0);
    expect(v, "memory.init range past the segment", "init", ARGS(0, 3, 3), MEM_OOB, 0);
    expect(v, "memory.init past the memory end", "init", ARGS(65535, 0, 2), MEM_OOB, 0);
    expect(v, "data.drop", "drop", NOARGS, OK, 0);
    expect(v, "data.drop twice", "drop", NOARGS, OK, 0);
    expect(v, "memory.init of a dropped segment, n=0", "init", ARGS(0, 0, 0), OK, 0);
    expect(v, "memory.init of a dropped segment, n=1", "init", ARGS(0, 0, 1), MEM_OOB, 0);
    close_vm(v);
}

static const char *table_wat =
    "(module (type $r (func (result i32)))"
    " (table $t 3 6 funcref)"
    " (table $f 2 funcref)"
    " (table $x 1 4 externref)"
    " (elem (table $f) (i32.const 0) func $a $b)"
    " (elem $p func $b $a $c)"
    " (elem declare func $c)"
    " (func $a (result i32) i32.const 10) (func $b (result i32) i32.const 20)"
    " (func $c (result i32) i32.const 30)"
    " (func (export \"size\") (result i32) (table.size $t))"
    " (func (export \"grow\") (param i32) (result i32) (table.grow $t (ref.func $c) (local.get 0)))"
    " (func (export \"set_c\") (param i32) (table.set $t (local.get 0) (ref.func $c)))"
    " (func (export \"set_null\") (param i32) (table.set $t (local.get 0) (ref.null func)))"
    " (func (export \"is_null\") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))"
    " (func (export \"call\") (param i32) (result i32) (call_indirect $t (type $r) (local.get 0)))"
    " (func (export \"call_f\") (param i32) (result i32) (call_indirect $f (type $r) (local.get 0)))"
    " (func (export \"fill\") (param i32 i32) (table.fill $t (local.get 0) (ref.func $a) (local.get 1)))"
    " (func (export \"copy\") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))"
    " (func (export \"copy_f\") (param i32 i32 i32) (table.copy $t $f (local.get 0) (local.get 1) (local.get 2)))"
    " (func (export \"init\") (param i32 i32 i32) (table.init $t $p (local.get 0) (local.get 1) (local.get 2)))"
    " (func (export \"drop\") (elem.drop $p))"
    " (func (export \"xgrow\") (param externref i32) (result i32) (table.grow $x (local.get 0) (local.get 1)))"
    " (func (export \"xget\") (param i32) (result externref) (table.get $x (local.get 0)))"
    " (func (export \"func_ref\") (result i32) (ref.is_null (ref.func $b)))"
    " (func (export \"sel\") (param i32) (result i32)"
    "   (ref.is_null (select (result funcref) (ref.null func) (ref.func $a) (local.get 0)))))";

static void test_tables(void)
{
    vm *v = open_vm("tables", table_wat);
    if (!v)
        return;
    expect(v, "table.size", "size", NOARGS, OK, 3);
    expect(v, "a new table entry is null", "is_null", ARGS(0), OK, 1);
    expect(v, "table.get out of bounds", "is_null", ARGS(3), TAB_OOB, 0);
    expect(v, "call_indirect of a null entry", "call", ARGS(0), XIP_TRAP_UNINITIALIZED_ELEMENT, 0);
    expect(v, "call_indirect out of bounds", "call", ARGS(3), XIP_TRAP_UNDEFINED_ELEMENT, 0);
    expect(v, "table.set", "set_c", ARGS(1), OK, 0);
    expect(v, "table.get after table.set", "is_null", ARGS(1), OK, 0);
    expect(v, "call_indirect through a RAM table", "call", ARGS(1), OK, 30);
    expect(v, "table.set out of bounds", "set_c", ARGS(3), TAB_OOB, 0);
    expect(v, "call_indirect through a flash table", "call_f", ARGS(1), OK, 20);
    expect(v, "table.grow", "grow", ARGS(2), OK, 3);
    expect(v, "table.size after grow", "size", NOARGS, OK, 5);
    expect(v, "grown entries hold the init value", "call", ARGS(4), OK, 30);
    expect(v, "table.grow past the max", "grow", ARGS(2), OK, 0xffffffffu);
    expect(v, "table.grow to the max", "grow", ARGS(1), OK, 5);
    expect(v, "table.grow by 0", "grow", ARGS(0), OK, 6);
    expect(v, "table.fill", "fill", ARGS(2, 3), OK, 0);
    expect(v, "table.fill wrote", "call", ARGS(4), OK, 10);
    expect(v, "table.fill out of bounds", "fill", ARGS(5, 2), TAB_OOB, 0);
    expect(v, "table.fill n=0 at the end", "fill", ARGS(6, 0), OK, 0);
    expect(v, "table.set null", "set_null", ARGS(5), OK, 0);
    expect(v, "table.copy from a flash table", "copy_f", ARGS(0, 0, 2), OK, 0);
    expect(v, "table.copy from a flash table wrote", "call", ARGS(1), OK, 20);
    expect(v, "table.copy forward overlap", "copy", ARGS(1, 0, 3), OK, 0);
    expect(v, "table.copy forward overlap [1]", "call", ARGS(1), OK, 10);
    expect(v, "table.copy forward overlap [2]", "call", ARGS(2), OK, 20);
    expect(v, "table.copy forward overlap [3]", "call", ARGS(3), OK, 10);
    expect(v, "table.copy backward overlap", "copy", ARGS(0, 1, 3), OK, 0);
    expect(v, "table.copy backward overlap [0]", "call", ARGS(0), OK, 10);
    expect(v, "table.copy backward overlap [1]", "call", ARGS(1), OK, 20);
    expect(v, "table.copy source out of bounds", "copy_f", ARGS(0, 1, 2), TAB_OOB, 0);
    expect(v, "table.copy n=0 at the end", "copy", ARGS(6, 6, 0), OK, 0);
    expect(v, "table.copy n=0 past the end", "copy", ARGS(7, 0, 0), TAB_OOB, 0);
    expect(v, "table.init", "init", ARGS(3, 0, 3), OK, 0);
    expect(v, "table.init [3]", "call", ARGS(3), OK, 20);
    expect(v, "table.init [5]", "call", ARGS(5), OK, 30);
    expect(v, "table.init past the segment", "init", ARGS(0, 2, 2), TAB_OOB, 0);
    expect(v, "table.init at the segment end", "init", ARGS(0, 3, 0), OK, 0);
    expect(v, "elem.drop", "drop", NOARGS, OK, 0);
    expect(v, "table.init of a dropped segment, n=0", "init", ARGS(0, 0, 0), OK, 0);
    expect(v, "table.init of a dropped segment, n=1", "init", ARGS(0, 0, 1), TAB_OOB, 0);
    expect(v, "externref table.grow", "xgrow", ARGS(42, 2), OK, 1);
    expect(v, "externref table.get", "xget", ARGS(2), OK, 42);
    expect(v, "externref null", "xget", ARGS(0), OK, 0xffffffffu);
    expect(v, "ref.func is not null", "func_ref", NOARGS, OK, 0);
    expect(v, "typed select", "sel", ARGS(1), OK, 1);
    expect(v, "typed select, other arm", "sel", ARGS(0), OK, 0);
    close_vm(v);
}

/* table.init and table.copy whose operands live in far slots (a register limit of 12). */
static void test_far_operands(void)
{
    const char *wat =
        "(module (type $r (func (result i32))) (table $t 4 funcref) (elem $p func $a $b)"
        " (func $a (result i32) i32.const 1) (func $b (result i32) i32.const 2)"
        " (func (export \"f\") (param i32 i32 i32 i32 i32 i32 i32) (result i32)"
        "  local.get 1 local.get 2 local.get 3 local.get 4 local.get 5 local.get 6"
        "  (table.init $t $p (local.get 0) (i32.const 0) (i32.const 2))"
        "  (table.copy (i32.const 2) (local.get 0) (i32.const 2))"
        "  i32.add i32.add i32.add i32.add i32.add"
        "  (i32.add (call_indirect (type $r) (i32.const 2))"
        "   (i32.mul (i32.const 10) (call_indirect (type $r) (i32.const 3)))) i32.add))";
    max_registers = 12;
    vm *v = open_vm("far REG3 operands", wat);
    max_registers = 0;
    expect(v, "table.init and table.copy through scratch registers", "f", ARGS(0, 1, 2, 3, 4, 5, 6), OK, 42);
    close_vm(v);
}

/*
 * Compiles wat, finds the first instruction of opcode `op` in the code of the
 * first function (which must not use br_table), sets its byte `at` to
 * `value`, fixes the checksum and checks that loading gives `want`.
 */
static void expect_patched(const char *name, const char *wat, unsigned op, uint32_t at, uint8_t value,
                           xip_status want)
{
    vm *v = &the_vm;
    check_total++;
    if (!build(v, name, wat))
        return;
    uint32_t pc = ti_section(v->image, v->size, XIP_SECTION_CODE, NULL);
    while (pc && pc < v->size && v->image[pc] != op && v->image[pc] < XIP_OP_COUNT)
        pc += ti_insn_size(v->image + pc);
    if (pc == 0 || pc >= v->size || v->image[pc] != op) {
        printf("FAIL %s: no instruction of opcode %u\n", name, op);
        check_failed++;
        free(v->image);
        return;
    }
    v->image[pc + at] = value;
    xip_write_u32(v->image + 16, xip_adler32(1, v->image + 20, (uint32_t)v->size - 20));
    xip_status st = load(v);
    if (st != want) {
        printf("FAIL %s: load gives %s, want %s\n", name, xip_status_name(st), xip_status_name(want));
        check_failed++;
    }
    free(v->image);
}

static void test_verifier(void)
{
    const char *get = "(module (table 2 funcref) (func (export \"f\") (param i32) (result funcref)"
                      " (table.get 0 (local.get 0))))";
    expect_patched("table.get of a flash table loads", get, XIP_OP_TABLE_GET, 0, XIP_OP_TABLE_GET, XIP_OK);
    expect_patched("table.set of a flash table is refused", get, XIP_OP_TABLE_GET, 0, XIP_OP_TABLE_SET,
                   XIP_ERR_BAD_CODE);
    expect_patched("table.get of a missing table", get, XIP_OP_TABLE_GET, 1, 1, XIP_ERR_BAD_CODE);
    const char *drop = "(module (memory 1) (data \"x\") (func (data.drop 0)))";
    expect_patched("data.drop loads", drop, XIP_OP_DATA_DROP, 1, 0, XIP_OK);
    expect_patched("data.drop of a missing segment", drop, XIP_OP_DATA_DROP, 1, 1, XIP_ERR_BAD_CODE);
    expect_patched("elem.drop of a missing segment", drop, XIP_OP_DATA_DROP, 0, XIP_OP_ELEM_DROP,
                   XIP_ERR_BAD_CODE);
    const char *copy = "(module (table $r 2 funcref) (table $f 2 funcref) (elem (table $f) (i32.const 0) func 0)"
                       " (func (param i32) (table.copy $r $f (local.get 0) (local.get 0) (local.get 0))"
                       " (table.init $r 1 (local.get 0) (local.get 0) (local.get 0)))"
                       " (elem func 0))";
    expect_patched("table.copy loads", copy, XIP_OP_TABLE_COPY, 1, 0, XIP_OK);
    expect_patched("table.copy into a flash table is refused", copy, XIP_OP_TABLE_COPY, 1, 1, XIP_ERR_BAD_CODE);
    expect_patched("table.copy from a missing table", copy, XIP_OP_TABLE_COPY, 2, 2, XIP_ERR_BAD_CODE);
    expect_patched("table.copy REG3 past the frame", copy, XIP_OP_TABLE_COPY, 3, 200, XIP_ERR_BAD_CODE);
    expect_patched("table.init loads", copy, XIP_OP_TABLE_INIT, 3, 0, XIP_OK);
    expect_patched("table.init into a flash table is refused", copy, XIP_OP_TABLE_INIT, 3, 1, XIP_ERR_BAD_CODE);
    expect_patched("table.init of a missing segment", copy, XIP_OP_TABLE_INIT, 1, 2, XIP_ERR_BAD_CODE);
    const char *fill = "(module (memory 1) (func (param i32) (memory.fill (local.get 0) (local.get 0) (local.get 0))))";
    expect_patched("memory.fill loads", fill, XIP_OP_MEMORY_FILL, 3, 0, XIP_OK);
    expect_patched("memory.fill register outside the frame", fill, XIP_OP_MEMORY_FILL, 3, 9, XIP_ERR_BAD_CODE);
}

static const check_case cases[] = {
    {"memory", test_memory},
    {"tables", test_tables},
    {"far_operands", test_far_operands},
    {"verifier", test_verifier},
};

int main(int argc, char **argv)
{
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
