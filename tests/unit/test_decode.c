/*
 * test_decode.c: unit tests of the decode pass (compiler/decode*.c).
 *
 *   test_decode                 malformed byte arrays (exact message and offset),
 *                               valid modules built with wat2wasm, coremark
 *   test_decode --sweep DIR...  every wast2json output (*.json) under each DIR:
 *                               modules must decode, binary assert_malformed must
 *                               not; every decoded module is also truncated at
 *                               each length and must fail cleanly
 *   test_decode --objdump F...  compares instruction offsets and names with wasm-objdump
 *
 * Prints one line per failure and exits non-zero if any.
 */
#include "check.h"
#include "compiler/passes.h"
#include "compiler/wasm_ops.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


/* The text-format name of a decoded opcode, from the compiler's opcode table. */
static const char *op_name(uint16_t opcode)
{
    const wasm_op_info *op = wasm_op_lookup(opcode);
    return op != NULL ? op->name : "<illegal>";
}

/* Reports a failed check. */
static void fail(const char *what, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    printf("FAIL %s: ", what);
    vprintf(format, args);
    printf("\n");
    va_end(args);
    check_failure();
}

/* Parses hex digits (spaces ignored) into out; returns the byte count. */
static size_t from_hex(const char *hex, uint8_t *out, size_t capacity)
{
    size_t n = 0;
    int high = -1;
    for (const char *p = hex; *p; p++) {
        int digit;
        if (*p >= '0' && *p <= '9')
            digit = *p - '0';
        else if (*p >= 'a' && *p <= 'f')
            digit = *p - 'a' + 10;
        else
            continue;
        if (high < 0) {
            high = digit;
        } else {
            if (n < capacity)
                out[n] = (uint8_t)(high << 4 | digit);
            n++;
            high = -1;
        }
    }
    return n;
}

/* Reads a whole file; returns NULL if it cannot. */
static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return NULL;
    fseek(file, 0, SEEK_END);
    long length = ftell(file);
    fseek(file, 0, SEEK_SET);
    uint8_t *data = malloc(length > 0 ? (size_t)length : 1);
    size_t got = fread(data, 1, (size_t)length, file);
    fclose(file);
    *size = got;
    return data;
}

/* Decodes bytes, dumps the module to /dev/null when it decodes, and frees it. */
static bool decode_ok(const uint8_t *bytes, size_t size, xc_error *error)
{
    static FILE *null_out;
    wasm_module module;
    memset(&module, 0, sizeof module);
    memset(error, 0, sizeof *error);
    bool ok = xc_decode(bytes, size, &module, error);
    if (ok) {
        if (null_out == NULL)
            null_out = fopen("/dev/null", "w");
        xc_dump_module(&module, null_out);
    }
    wasm_module_free(&module);
    return ok;
}

/* ---- malformed modules ---------------------------------------------------------- */

#define HDR "0061736d 01000000 "
#define TYPE0 "01 04 01 60 00 00 "  /* one type () -> () */
#define FUNC0 "03 02 01 00 "        /* one function of type 0 */
#define MEM0 "05 03 01 00 01 "      /* one memory, min 1 */

typedef struct malformed_case {
    const char *name;
    const char *hex;
    const char *message; /* expected prefix */
    size_t offset;
    uint32_t func_index;
} malformed_case;

static const malformed_case malformed_cases[] = {
    {"empty", "", "unexpected end", 0, XC_NO_FUNC},
    {"short magic", "00 61 73", "unexpected end", 0, XC_NO_FUNC},
    {"bad magic", "00 61 73 6e 01 00 00 00", "magic header not detected", 0, XC_NO_FUNC},
    {"short version", "00 61 73 6d 01 00 00", "unexpected end", 4, XC_NO_FUNC},
    {"bad version", "00 61 73 6d 02 00 00 00", "unknown binary version", 4, XC_NO_FUNC},
    {"section id", HDR "0e 01 00", "malformed section id", 8, XC_NO_FUNC},
    {"missing section size", HDR "01", "unexpected end", 9, XC_NO_FUNC},
    {"section past end", HDR "01 05 01 60 00 00", "length out of bounds", 9, XC_NO_FUNC},
    {"section too long", HDR "01 07 01 60 00 00 60 00 00", "section size mismatch", 10, XC_NO_FUNC},
    {"duplicate section", HDR "01 01 00 01 01 00", "unexpected content after last section", 11, XC_NO_FUNC},
    {"section order", HDR "03 01 00 02 01 00", "unexpected content after last section", 11, XC_NO_FUNC},
    {"leb too long", HDR "01 06 80 80 80 80 80 00", "integer representation too long", 14, XC_NO_FUNC},
    {"leb too large", HDR "01 05 80 80 80 80 10", "integer too large", 14, XC_NO_FUNC},
    {"s32 too large", HDR TYPE0 "06 0a 01 7f 00 41 80 80 80 80 70 0b", "integer too large", 24, XC_NO_FUNC},
    {"utf8 overlong", HDR "02 07 01 02 c0 80 00 00 00", "malformed UTF-8 encoding", 12, XC_NO_FUNC},
    {"utf8 surrogate", HDR "02 08 01 00 03 ed a0 80 00 00", "malformed UTF-8 encoding", 13, XC_NO_FUNC},
    {"utf8 above max", HDR "02 09 01 00 04 f4 90 80 80 00 00", "malformed UTF-8 encoding", 13, XC_NO_FUNC},
    {"utf8 truncated", HDR "00 03 02 e2 82", "malformed UTF-8 encoding", 11, XC_NO_FUNC},
    {"custom name past end", HDR "00 02 05 61", "length out of bounds", 10, XC_NO_FUNC},
    {"import kind", HDR "02 04 01 00 00 04", "malformed import kind", 13, XC_NO_FUNC},
    {"mutability", HDR "06 06 01 7f 02 41 00 0b", "malformed mutability", 12, XC_NO_FUNC},
    {"table reftype", HDR "04 04 01 7f 00 00", "malformed reference type", 11, XC_NO_FUNC},
    {"table flags", HDR "04 04 01 70 02 00", "integer too large", 12, XC_NO_FUNC},
    {"memory flags leb", HDR "05 04 01 81 00 00", "integer representation too long", 11, XC_NO_FUNC},
    {"page size", HDR "05 04 01 08 00 41", "invalid custom page size", 13, XC_NO_FUNC},
    {"value type v128", HDR "01 05 01 60 01 7b 00", "malformed value type: v128", 13, XC_NO_FUNC},
    {"function type leb", HDR "01 05 01 e0 7f 00 00", "integer representation too long", 11, XC_NO_FUNC},
    {"function type form", HDR "01 04 01 61 00 00", "malformed function type", 11, XC_NO_FUNC},
    {"export kind", HDR "07 05 01 01 61 04 00", "malformed export kind", 13, XC_NO_FUNC},
    {"elem kind", HDR "09 05 01 01 01 01 00", "malformed element kind", 12, XC_NO_FUNC},
    {"elem flags", HDR "09 03 01 08 00", "malformed elements segment kind", 11, XC_NO_FUNC},
    {"data flags", HDR "0b 03 01 03 00", "malformed data segment kind", 11, XC_NO_FUNC},
    {"data bytes past end", HDR MEM0 "0b 07 01 00 41 00 0b 05 61", "unexpected end", 21, XC_NO_FUNC},
    {"const expr end", HDR TYPE0 FUNC0 "06 05 01 7f 00 41 00 0a 04 01 02 00 0b", "illegal opcode 0a", 25, XC_NO_FUNC},
    {"func without code", HDR TYPE0 FUNC0, "function and code section have inconsistent lengths", 18, XC_NO_FUNC},
    {"code without func", HDR TYPE0 "0a 04 01 02 00 0b", "function and code section have inconsistent lengths", 16,
     XC_NO_FUNC},
    {"data count mismatch", HDR "0c 01 01 0b 01 00", "data count and data section have inconsistent lengths", 13,
     XC_NO_FUNC},
    {"data count no data", HDR "0c 01 02", "data count and data section have inconsistent lengths", 11, XC_NO_FUNC},
    {"data count required", HDR TYPE0 FUNC0 MEM0 "0a 07 01 05 00 fc 09 00 0b", "data count section required", 28, 0},
    /* function bodies: the body's first byte (local group count) is at 22 without memory, 27 with */
    {"illegal opcode", HDR TYPE0 FUNC0 "0a 05 01 03 00 06 0b", "illegal opcode 06", 23, 0},
    {"illegal opcode ff", HDR TYPE0 FUNC0 "0a 05 01 03 00 ff 0b", "illegal opcode ff", 23, 0},
    {"simd", HDR TYPE0 FUNC0 "0a 06 01 04 00 fd 00 0b", "illegal opcode fd", 23, 0},
    {"fc subopcode", HDR TYPE0 FUNC0 "0a 06 01 04 00 fc 12 0b", "illegal opcode fc 12", 23, 0},
    {"memory.size zero", HDR TYPE0 FUNC0 MEM0 "0a 07 01 05 00 3f 01 1a 0b", "zero byte expected", 29, 0},
    {"memory.grow long zero", HDR TYPE0 FUNC0 MEM0 "0a 0a 01 08 00 41 00 40 80 00 1a 0b", "zero byte expected", 31, 0},
    {"memory.copy zero", HDR TYPE0 FUNC0 MEM0 "0a 08 01 06 00 fc 0a 00 01 0b", "zero byte expected", 31, 0},
    {"memop flags", HDR TYPE0 FUNC0 MEM0 "0a 0a 01 08 00 41 00 28 20 00 1a 0b", "malformed memop flags", 31, 0},
    {"too many locals", HDR TYPE0 FUNC0 "0a 0c 01 0a 02 ff ff ff ff 0f 7f 02 7e 0b", "too many locals", 22, 0},
    {"locals limit", HDR TYPE0 FUNC0 "0a 0a 01 08 01 80 80 80 80 01 7f 0b", "too many locals", 22, 0},
    {"local type", HDR TYPE0 FUNC0 "0a 06 01 04 01 01 40 0b", "malformed reference type", 24, 0},
    {"else at top", HDR TYPE0 FUNC0 "0a 05 01 03 00 05 0b", "END opcode expected", 23, 0},
    {"else in block", HDR TYPE0 FUNC0 "0a 08 01 06 00 02 40 05 0b 0b", "END opcode expected", 25, 0},
    {"double else", HDR TYPE0 FUNC0 "0a 0c 01 0a 00 41 00 04 40 05 05 0b 0b 0b", "END opcode expected", 28, 0},
    {"body end early", HDR TYPE0 FUNC0 "0a 06 01 04 00 0b 01 0b", "section size mismatch", 24, 0},
    {"body missing end", HDR TYPE0 FUNC0 "0a 05 01 03 00 41 01", "unexpected end of section or function", 25, 0},
    {"block type", HDR TYPE0 FUNC0 "0a 08 01 06 00 02 80 7f 0b 0b", "malformed block type", 24, 0},
    {"br_table past end", HDR TYPE0 FUNC0 "0a 07 01 05 00 0e 05 00 0b", "unexpected end of section or function", 27, 0},
    {"vector past end", HDR "01 03 81 80 04", "length out of bounds", 10, XC_NO_FUNC},
    {"body past end", HDR TYPE0 FUNC0 "0a 05 01 09 00 01 0b", "length out of bounds", 21, XC_NO_FUNC},
    {"select types", HDR TYPE0 FUNC0 "0a 07 01 05 00 1c 01 7b 0b", "malformed value type: v128", 25, 0},
    {"ref.null type", HDR TYPE0 FUNC0 "0a 06 01 04 00 d0 7f 0b", "malformed reference type", 24, 0},
};

/* Checks that every malformed case fails with its message prefix, offset and function. */
static void test_malformed(void)
{
    for (size_t i = 0; i < sizeof malformed_cases / sizeof malformed_cases[0]; i++) {
        const malformed_case *c = &malformed_cases[i];
        uint8_t bytes[256];
        size_t size = from_hex(c->hex, bytes, sizeof bytes);
        xc_error error;
        if (decode_ok(bytes, size, &error)) {
            fail(c->name, "decoded, expected \"%s\"", c->message);
            continue;
        }
        if (strncmp(error.message, c->message, strlen(c->message)) != 0)
            fail(c->name, "message \"%s\", expected \"%s\"", error.message, c->message);
        if (error.offset != c->offset)
            fail(c->name, "offset 0x%zx, expected 0x%zx (%s)", error.offset, c->offset, error.message);
        if (error.func_index != c->func_index)
            fail(c->name, "function %u, expected %u", (unsigned)error.func_index, (unsigned)c->func_index);
    }
    printf("malformed: %zu cases\n", sizeof malformed_cases / sizeof malformed_cases[0]);
}

/* A few well-formed hand-written modules that exercise edge encodings. */
static void test_valid_bytes(void)
{
    static const char *const cases[] = {
        HDR,
        HDR "0c 01 00",                                     /* zero data count, no data section */
        HDR "03 01 00 0a 01 00",                            /* empty function and code sections */
        HDR TYPE0 FUNC0 "0a 0a 01 08 03 00 7f 00 7e 02 7d 0b", /* zero-count local groups */
        HDR "05 04 01 08 00 00",                            /* page size 2^0 */
        HDR "05 05 01 09 00 02 10",                         /* page size 2^16 with a max */
        HDR "00 04 03 e2 82 ac",                            /* custom section named with a 3-byte code point */
        HDR TYPE0 FUNC0 "0a 0b 01 09 00 41 ff ff ff ff 07 1a 0b", /* i32.const INT32_MAX */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t bytes[256];
        size_t size = from_hex(cases[i], bytes, sizeof bytes);
        xc_error error;
        if (!decode_ok(bytes, size, &error))
            fail("valid bytes", "case %zu: 0x%zx: %s", i, error.offset, error.message);
    }
}

/* ---- valid modules from wat2wasm --------------------------------------------------- */

static const char test_wat[] =
    "(module\n"
    "  (type $t (func (param i32) (result i32)))\n"
    "  (import \"env\" \"f\" (func $f (type $t)))\n"
    "  (import \"env\" \"g\" (global $g (mut i64)))\n"
    "  (table $tab 4 funcref)\n"
    "  (table $ext 1 8 externref)\n"
    "  (memory 1 2)\n"
    "  (global $h f32 (f32.const 1.5))\n"
    "  (func $main (export \"main\") (param $x i32) (result i32) (local $y i64) (local f64 f64)\n"
    "    (block $b\n"
    "      (loop $l\n"
    "        (br_table 0 1 1 (local.get $x))\n"
    "      )\n"
    "    )\n"
    "    (if (result i32) (local.get $x) (then (i32.const 7)) (else (i32.const -8)))\n"
    "    (call_indirect $tab (type $t) (i32.const 0))\n"
    "    (i64.store offset=16 align=4 (i32.const 8) (i64.const -1))\n"
    "    (drop (memory.grow (i32.const 1)))\n"
    "    (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1))\n"
    "    (data.drop 0)\n"
    "    (table.copy $tab $tab (i32.const 0) (i32.const 1) (i32.const 1))\n"
    "    (drop (select (result externref) (ref.null extern) (ref.null extern) (i32.const 1)))\n"
    "    (drop (i32.trunc_sat_f64_u (f64.const 2.5)))\n"
    "  )\n"
    "  (elem (table $tab) (i32.const 0) func $main $f)\n"
    "  (elem funcref (ref.func $main) (ref.null func))\n"
    "  (elem declare func $main)\n"
    "  (data (i32.const 16) \"hi\")\n"
    "  (data \"passive\")\n"
    "  (start $main2)\n"
    "  (func $main2)\n"
    ")\n";

/* Expected opcodes of $main, in order. */
static const uint16_t main_opcodes[] = {
    0x02, 0x03, 0x20, 0x0e, 0x0b, 0x0b, 0x20, 0x04, 0x41, 0x05, 0x41, 0x0b,
    0x41, 0x11, 0x41, 0x42, 0x37, 0x41, 0x40, 0x1a, 0x41, 0x41, 0x41, 0xfc08, 0xfc09,
    0x41, 0x41, 0x41, 0xfc0e, 0xd0, 0xd0, 0x41, 0x1c, 0x1a, 0x44, 0xfc03, 0x1a, 0x0b,
};

/* Runs a shell command; returns true on exit status 0. */
static bool run(const char *command)
{
    return system(command) == 0;
}

/* Writes text to path. */
static bool write_text(const char *path, const char *text)
{
    FILE *file = fopen(path, "w");
    if (file == NULL)
        return false;
    fputs(text, file);
    return fclose(file) == 0;
}

/* Checks the decoded structure of test_wat against what the text says. */
static void check_wat_module(const wasm_module *m)
{
    if (m->type_count < 2 || m->import_count != 2 || m->import_func_count != 1 || m->import_global_count != 1)
        fail("wat", "types %u imports %u", (unsigned)m->type_count, (unsigned)m->import_count);
    if (m->import_count == 2 && (strcmp(m->imports[0].module, "env") != 0 || strcmp(m->imports[1].field, "g") != 0 ||
                                 m->imports[1].kind != WASM_EXTERN_GLOBAL || !m->imports[1].desc.global.mutable_))
        fail("wat", "imports decoded wrongly");
    if (m->table_count != 2 || m->tables[1].elem_type != WASM_EXTERNREF || !m->tables[1].limits.has_max ||
        m->tables[1].limits.max != 8)
        fail("wat", "tables decoded wrongly");
    if (m->memory_count != 1 || m->memories[0].limits.max != 2 || m->memories[0].page_size_log2 != 16)
        fail("wat", "memory decoded wrongly");
    if (m->global_count != 1 || m->globals[0].init.size != 6 || m->globals[0].init.code[5] != 0x0b)
        fail("wat", "global decoded wrongly");
    if (m->export_count != 1 || strcmp(m->exports[0].name, "main") != 0 || m->exports[0].index != 1)
        fail("wat", "export decoded wrongly");
    if (!m->has_start || m->start_func != 2)
        fail("wat", "start decoded wrongly");
    if (m->elem_count != 3 || m->elems[0].mode != WASM_SEGMENT_ACTIVE || m->elems[0].count != 2 ||
        m->elems[0].func_indices == NULL || m->elems[0].func_indices[1] != 0 ||
        m->elems[1].mode != WASM_SEGMENT_PASSIVE || m->elems[1].exprs == NULL ||
        m->elems[1].exprs[1].code[0] != 0xd0 || m->elems[2].mode != WASM_SEGMENT_DECLARATIVE)
        fail("wat", "elems decoded wrongly");
    if (m->data_count != 2 || !m->has_data_count || m->datas[0].size != 2 || memcmp(m->datas[0].bytes, "hi", 2) != 0 ||
        m->datas[1].mode != WASM_SEGMENT_PASSIVE)
        fail("wat", "datas decoded wrongly");
    if (m->func_count != 2) {
        fail("wat", "%u functions", (unsigned)m->func_count);
        return;
    }
    const wasm_func *f = &m->funcs[0];
    if (f->local_count != 3 || f->local_types[0] != WASM_I64 || f->local_types[2] != WASM_F64)
        fail("wat", "locals decoded wrongly");
    size_t expected = sizeof main_opcodes / sizeof main_opcodes[0];
    if (f->insn_count != expected)
        fail("wat", "%u insns, expected %zu", (unsigned)f->insn_count, expected);
    for (uint32_t i = 0; i < f->insn_count && i < expected; i++) {
        if (f->insns[i].opcode != main_opcodes[i])
            fail("wat", "insn %u is %s, expected %s", (unsigned)i, op_name(f->insns[i].opcode),
                 op_name(main_opcodes[i]));
        if (i > 0 && f->insns[i].offset <= f->insns[i - 1].offset)
            fail("wat", "insn %u offset not increasing", (unsigned)i);
    }
    if (f->insn_count != expected)
        return;
    const wasm_insn *br_table = &f->insns[3];
    if (br_table->imm.br_table.count != 2 || f->br_target_count != 2 || f->br_targets[0] != 0 ||
        f->br_targets[1] != 1 || br_table->imm.br_table.default_label != 1)
        fail("wat", "br_table decoded wrongly");
    if (f->insns[7].imm.block.kind != WASM_BLOCK_VALUE || f->insns[7].imm.block.value_type != WASM_I32 ||
        f->insns[1].imm.block.kind != WASM_BLOCK_EMPTY || f->insns[0].imm.block.kind != WASM_BLOCK_EMPTY)
        fail("wat", "block types decoded wrongly");
    if (f->insns[10].imm.i32 != -8 || f->insns[15].imm.i64 != -1)
        fail("wat", "constants decoded wrongly");
    if (f->insns[13].imm.call_indirect.type_index != 0 || f->insns[13].imm.call_indirect.table_index != 0)
        fail("wat", "call_indirect decoded wrongly");
    if (f->insns[16].imm.mem.align_log2 != 2 || f->insns[16].imm.mem.offset != 16)
        fail("wat", "memarg decoded wrongly");
    if (f->insns[32].imm.select.count != 1 || f->insns[32].imm.select.type != WASM_EXTERNREF ||
        f->insns[29].imm.ref_type != WASM_EXTERNREF)
        fail("wat", "typed select / ref.null decoded wrongly");
    if (f->insns[34].imm.f64_bits != 0x4004000000000000ull)
        fail("wat", "f64.const decoded wrongly");
    if (f->insns[f->insn_count - 1].offset + 1 != m->funcs[1].body_offset)
        fail("wat", "the final end is not the body's last byte");
    if (wasm_module_func_type(m, 0) != 0 || wasm_module_func_type(m, 2) != m->funcs[1].type_index)
        fail("wat", "wasm_module_func_type");
}

/* Builds test_wat with wat2wasm in a temporary directory and checks the decoded module. */
static void test_wat2wasm(void)
{
    char dir[] = "/tmp/test_decode_XXXXXX";
    char path[128], command[512];
    if (mkdtemp(dir) == NULL) {
        fail("wat", "mkdtemp");
        return;
    }
    snprintf(path, sizeof path, "%s/t.wat", dir);
    snprintf(command, sizeof command, "wat2wasm %s/t.wat -o %s/t.wasm", dir, dir);
    if (!write_text(path, test_wat) || !run(command)) {
        printf("SKIP wat2wasm test (wat2wasm failed or missing)\n");
        return;
    }
    snprintf(path, sizeof path, "%s/t.wasm", dir);
    size_t size;
    uint8_t *bytes = read_file(path, &size);
    wasm_module module;
    xc_error error;
    memset(&module, 0, sizeof module);
    memset(&error, 0, sizeof error);
    if (bytes == NULL || !xc_decode(bytes, size, &module, &error))
        fail("wat", "decode: 0x%zx: %s", error.offset, error.message);
    else
        check_wat_module(&module);
    wasm_module_free(&module);
    free(bytes);
    snprintf(command, sizeof command, "rm -rf %s", dir);
    run(command);
}

/* Decodes coremark repeatedly and reports the time per decode. */
static void test_coremark_speed(const char *path)
{
    size_t size;
    uint8_t *bytes = read_file(path, &size);
    if (bytes == NULL) {
        printf("SKIP coremark (%s missing)\n", path);
        return;
    }
    enum { ROUNDS = 200 };
    clock_t start = clock();
    for (int i = 0; i < ROUNDS; i++) {
        wasm_module module;
        xc_error error;
        memset(&module, 0, sizeof module);
        memset(&error, 0, sizeof error);
        if (!xc_decode(bytes, size, &module, &error)) {
            fail("coremark", "0x%zx: %s", error.offset, error.message);
            i = ROUNDS;
        }
        wasm_module_free(&module);
    }
    double ms = (double)(clock() - start) * 1000.0 / CLOCKS_PER_SEC / ROUNDS;
    printf("coremark: %zu bytes decoded in %.3f ms\n", size, ms);
    if (ms > 50)
        fail("coremark", "decoding takes %.3f ms", ms);
    free(bytes);
}

/* ---- comparison with wasm-objdump ------------------------------------------------- */

/* Checks that every instruction's offset and name match `wasm-objdump -d` for the file. */
static void compare_objdump(const char *path)
{
    size_t size;
    uint8_t *bytes = read_file(path, &size);
    wasm_module module;
    xc_error error;
    memset(&module, 0, sizeof module);
    memset(&error, 0, sizeof error);
    if (bytes == NULL || !xc_decode(bytes, size, &module, &error)) {
        fail(path, "decode: 0x%zx: %s", error.offset, error.message);
        free(bytes);
        return;
    }
    char command[1024], line[512];
    snprintf(command, sizeof command, "wasm-objdump -d '%s'", path);
    FILE *pipe = popen(command, "r");
    uint32_t func = 0, insn = 0, compared = 0;
    bool in_func = false;
    while (pipe != NULL && fgets(line, sizeof line, pipe) != NULL) {
        unsigned offset;
        char name[64];
        const char *bar = strchr(line, '|');
        if (strstr(line, " func[") != NULL) {
            if (in_func)
                func++;
            in_func = true;
            insn = 0;
            continue;
        }
        if (!in_func || bar == NULL || sscanf(line, " %x:", &offset) != 1 || sscanf(bar + 1, " %63s", name) != 1 ||
            strncmp(name, "local[", 6) == 0)
            continue;
        if (func >= module.func_count || insn >= module.funcs[func].insn_count) {
            fail(path, "objdump has more instructions (func %u, %s at 0x%x)", (unsigned)func, name, offset);
            break;
        }
        const wasm_insn *mine = &module.funcs[func].insns[insn++];
        if (mine->offset != offset || strcmp(op_name(mine->opcode), name) != 0) {
            fail(path, "func %u insn %u: mine %s at 0x%x, objdump %s at 0x%x", (unsigned)func, (unsigned)insn,
                 op_name(mine->opcode), (unsigned)mine->offset, name, offset);
            break;
        }
        compared++;
    }
    if (pipe != NULL)
        pclose(pipe);
    printf("objdump %s: %u instructions match\n", path, (unsigned)compared);
    wasm_module_free(&module);
    free(bytes);
}

/* ---- the spec-suite sweep ---------------------------------------------------------- */

typedef struct sweep_counts {
    unsigned modules_ok, modules_failed;
    unsigned malformed_rejected, malformed_accepted;
    unsigned mutations;
    unsigned wabt_no_data_count;
} sweep_counts;

/* Copies the string value of "key": "..." in line into out; false when absent. */
static bool json_field(const char *line, const char *key, char *out, size_t out_size)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\": \"", key);
    const char *start = strstr(line, pattern);
    if (start == NULL)
        return false;
    start += strlen(pattern);
    const char *end = strchr(start, '"');
    if (end == NULL || (size_t)(end - start) >= out_size)
        return false;
    memcpy(out, start, (size_t)(end - start));
    out[end - start] = '\0';
    return true;
}

/*
 * Fuzz-lite: decodes every prefix of a well-formed module and, for small
 * modules, variants with one byte replaced. Results are not checked (a
 * prefix or variant may well be valid); the point is no crash, leak or
 * out-of-bounds read under the sanitizers.
 */
static void sweep_mutations(const uint8_t *bytes, size_t size, sweep_counts *counts)
{
    static const uint8_t replacements[] = {0x00, 0x0b, 0x7f, 0x80, 0xff};
    size_t step = size > 4096 ? size / 1024 : 1;
    xc_error error;
    for (size_t length = 0; length < size; length += step) {
        decode_ok(bytes, length, &error);
        counts->mutations++;
    }
    if (size > 1024)
        return;
    uint8_t *copy = malloc(size);
    for (size_t i = 8; i < size; i++) {
        memcpy(copy, bytes, size);
        for (size_t r = 0; r < sizeof replacements; r++) {
            copy[i] = replacements[r];
            decode_ok(copy, size, &error);
            counts->mutations++;
        }
    }
    free(copy);
}

/* Processes one wast2json output file. */
static void sweep_json(const char *dir, const char *json_path, sweep_counts *counts)
{
    FILE *file = fopen(json_path, "r");
    char line[8192];
    if (file == NULL) {
        fail(json_path, "cannot open");
        return;
    }
    while (fgets(line, sizeof line, file) != NULL) {
        char type[64], filename[256], module_type[32], text[256], path[1024];
        if (!json_field(line, "type", type, sizeof type) || !json_field(line, "filename", filename, sizeof filename))
            continue;
        if (json_field(line, "module_type", module_type, sizeof module_type) && strcmp(module_type, "binary") != 0)
            continue;
        bool malformed = strcmp(type, "assert_malformed") == 0;
        if (!malformed && strstr(filename, ".wasm") == NULL)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, filename);
        size_t size;
        uint8_t *bytes = read_file(path, &size);
        if (bytes == NULL) {
            fail(path, "cannot read");
            continue;
        }
        xc_error error;
        bool ok = decode_ok(bytes, size, &error);
        if (malformed) {
            if (!json_field(line, "text", text, sizeof text))
                text[0] = '\0';
            if (ok) {
                counts->malformed_accepted++;
                fail(path, "malformed module decoded (expected \"%s\")", text);
            } else {
                counts->malformed_rejected++;
                if (getenv("SWEEP_VERBOSE") != NULL && strncmp(error.message, text, strlen(text)) != 0)
                    printf("NOTE %s: \"%s\" at 0x%zx, spec says \"%s\"\n", path, error.message, error.offset, text);
            }
        } else if (ok) {
            counts->modules_ok++;
            sweep_mutations(bytes, size, counts);
        } else if (strcmp(type, "assert_invalid") == 0 && strcmp(error.message, "data count section required") == 0) {
            /* wast2json omits the data count section when a module has no data segments,
               which makes memory.init/data.drop malformed; the spec's encoder keeps it. */
            counts->wabt_no_data_count++;
        } else {
            counts->modules_failed++;
            fail(path, "%s: 0x%zx: %s", type, error.offset, error.message);
        }
        free(bytes);
    }
    fclose(file);
}

/* Sweeps every *.json in dir and its subdirectories. */
static void sweep_dir(const char *dir, sweep_counts *counts)
{
    DIR *handle = opendir(dir);
    struct dirent *entry;
    if (handle == NULL) {
        fail(dir, "cannot open directory");
        return;
    }
    while ((entry = readdir(handle)) != NULL) {
        char path[1024];
        size_t length = strlen(entry->d_name);
        if (entry->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
        if (length > 5 && strcmp(entry->d_name + length - 5, ".json") == 0) {
            sweep_json(dir, path, counts);
        } else {
            DIR *sub = opendir(path);
            if (sub != NULL) {
                closedir(sub);
                sweep_dir(path, counts);
            }
        }
    }
    closedir(handle);
}

/* The opcode table against facts from the specification, and its own consistency. */
static void test_opcode_table(void)
{
    static const uint16_t illegal[] = {0x06, 0x0a, 0x12, 0x19, 0x1d, 0x27, 0xc5, 0xcf, 0xd3, 0xfb,
                                       WASM_OP_PREFIX_FC, WASM_OP_PREFIX_SIMD, 0xfc12, 0xfcff};
    for (size_t i = 0; i < sizeof illegal / sizeof illegal[0]; i++)
        if (wasm_op_lookup(illegal[i]) != NULL)
            fail("opcode table", "0x%x is not a Wasm 2.0 opcode", (unsigned)illegal[i]);
    const wasm_op_info *add = wasm_op_lookup(0x6a), *copy = wasm_op_lookup(0xfc0a);
    const wasm_op_info *lt = wasm_op_lookup(0x53), *load = wasm_op_lookup(0x28);
    if (!add || strcmp(add->name, "i32.add") != 0 || !copy || strcmp(copy->name, "memory.copy") != 0)
        fail("opcode table", "0x6a is i32.add and 0xfc0a memory.copy");
    if (!lt || lt->params[0] != WASM_I64 || lt->params[1] != WASM_I64 || lt->result != WASM_I32)
        fail("opcode table", "i64.lt_s is [i64 i64] -> [i32]");
    if (!load || WF_ALIGN_OF(load->flags) != 2 || load->params[0] != WASM_I32 || load->result != WASM_I32)
        fail("opcode table", "i32.load is [i32] -> [i32] with natural alignment 4");
    unsigned count = 0;
    for (unsigned code = 0; code <= 0xfcff; code = code == 0xff ? 0xfc00 : code + 1) {
        const wasm_op_info *op = wasm_op_lookup((uint16_t)code);
        if (op == NULL)
            continue;
        count++;
        if (op->opcode != code || op->name == NULL || op->name[0] == '\0')
            fail("opcode table", "row of 0x%x names opcode 0x%x", code, (unsigned)op->opcode);
        const wasm_op_info *m = op->mirror != WASM_OP__ ? wasm_op_lookup(op->mirror) : NULL;
        if (op->mirror != WASM_OP__ && (m == NULL || m->mirror != op->opcode))
            fail("opcode table", "%s: its mirror's mirror is not itself", op->name);
    }
    if (count != 201) /* 183 one-byte opcodes and 18 0xfc sub-opcodes in Wasm 2.0 without SIMD */
        fail("opcode table", "%u opcodes, expected 201", count);
}

static const char *coremark_path = "/work/shared/corpus/coremark-minimal.wasm";

static void test_coremark(void)
{
    test_coremark_speed(coremark_path);
}

static const check_case cases[] = {
    {"opcode_table", test_opcode_table},
    {"malformed", test_malformed},
    {"valid_bytes", test_valid_bytes},
    {"wat2wasm", test_wat2wasm},
    {"coremark", test_coremark},
};

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--sweep") == 0) {
        sweep_counts counts = {0};
        for (int i = 2; i < argc; i++)
            sweep_dir(argv[i], &counts);
        printf("sweep: %u modules decoded, %u modules rejected wrongly, %u malformed rejected, "
               "%u malformed accepted wrongly, %u assert_invalid modules malformed by wast2json (no data count "
               "section), %u truncated/mutated variants decoded without crash\n",
               counts.modules_ok, counts.modules_failed, counts.malformed_rejected, counts.malformed_accepted,
               counts.wabt_no_data_count, counts.mutations);
        return check_failed ? 1 : 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--objdump") == 0) {
        for (int i = 2; i < argc; i++)
            compare_objdump(argv[i]);
        return check_failed ? 1 : 0;
    }
    if (argc >= 2 && strstr(argv[1], ".wasm") != NULL) { /* test_decode PATH.wasm [case...] */
        coremark_path = argv[1];
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
