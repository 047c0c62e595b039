/*
 * test_disasm.c: unit tests of format/xip_disasm.c on hand-encoded bytecode:
 * operand printing for each field kind, branch targets, br_table, lengths
 * agreeing with the shape table, and safety on truncated or random bytes.
 * Build: cc -std=c99 -I. -Iformat tests/unit/test_disasm.c format/xip_disasm.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "xip_disasm.h"
#include "xip_format.h"


/* Checks that the instruction at code[pc] prints as expected with the given length. */
static void expect(const uint8_t *code, uint32_t size, uint32_t pc, const char *text, uint32_t length, int line)
{
    char out[256];
    uint32_t got = xip_disasm_one(code, size, pc, out, sizeof out);
    check_total++;
    if (got != length || strcmp(out, text) != 0) {
        printf("test_disasm.c:%d: got \"%s\" (%u bytes), want \"%s\" (%u bytes)\n", line, out, (unsigned)got, text,
               (unsigned)length);
        check_failed++;
    }
}

#define EXPECT(code, pc, text, length) expect(code, sizeof code, pc, text, length, __LINE__)

static void test_fields(void)
{
    const uint8_t add_i[] = {XIP_OP_I32_ADD_I, 3, 1, 5, 0};
    EXPECT(add_i, 0, "i32.add_i r3, r1, 5", 5);
    const uint8_t neg[] = {XIP_OP_CONST_I16, 7, 0xfe, 0xff};
    EXPECT(neg, 0, "const_i16 r7, -2", 4);
    const uint8_t c32[] = {XIP_OP_CONST32, 1, 0x78, 0x56, 0x34, 0x12};
    EXPECT(c32, 0, "const32 r1, 0x12345678", 6);
    const uint8_t c64[] = {XIP_OP_CONST64, 2, 1, 0, 0, 0, 0, 0, 0, 0x80};
    EXPECT(c64, 0, "const64 r2, 0x8000000000000001", 10);
    const uint8_t load[] = {XIP_OP_LOAD32, 4, 5, 16, 0};
    EXPECT(load, 0, "load32 r4, r5, +16", 5);
    const uint8_t call[] = {XIP_OP_CALL, 3, 0, 9};
    EXPECT(call, 0, "call f3, r9", 4);
    const uint8_t calli[] = {XIP_OP_CALL_INDIRECT, 2, 0, 0, 6, 8};
    EXPECT(calli, 0, "call_indirect type 2, table 0, r6, r8", 6);
    const uint8_t ret[] = {XIP_OP_RET, 0, 2};
    EXPECT(ret, 0, "ret r0, 2", 3);
    const uint8_t glob[] = {XIP_OP_GLOBAL_GET, 1, 4, 0};
    EXPECT(glob, 0, "global.get r1, g4", 4);
    const uint8_t far[] = {XIP_OP_LOCAL_LOAD_FAR, 1, 0x2c, 0x01};
    EXPECT(far, 0, "local.load_far r1, s300", 4);
    const uint8_t none[] = {XIP_OP_UNREACHABLE};
    EXPECT(none, 0, "unreachable", 1);
}

static void test_branches(void)
{
    /* 0000: jmp -> 0008; 0003: jlt_s r1, r2, -> 0000; 0008: jeq_i r1, -3, -> 0003 */
    const uint8_t code[] = {
        XIP_OP_JMP, 8, 0,
        XIP_OP_JLT_S, 1, 2, 0xfd, 0xff,
        XIP_OP_JEQ_I, 1, 0xfd, 0xff, 0xfb, 0xff,
    };
    EXPECT(code, 0, "jmp -> 0008", 3);
    EXPECT(code, 3, "jlt_s r1, r2, -> 0000", 5);
    EXPECT(code, 8, "jeq_i r1, -3, -> 0003", 6);
    const uint8_t out_of_range[] = {XIP_OP_JMP, 0x10, 0};
    EXPECT(out_of_range, 0, "jmp -> bad(+16)", 3);
    /* br_table r2 with 2 targets and a default */
    const uint8_t table[] = {XIP_OP_BR_TABLE, 2, 2, 0, 10, 0, 11, 0, 0, 0, XIP_OP_UNREACHABLE, XIP_OP_UNREACHABLE};
    EXPECT(table, 0, "br_table r2, [-> 000a, -> 000b] default -> 0000", 10);
}

static void test_corrupt(void)
{
    const uint8_t truncated[] = {XIP_OP_CONST64, 2, 1, 0};
    EXPECT(truncated, 0, "<bad: const64 truncated>", 0);
    const uint8_t table[] = {XIP_OP_BR_TABLE, 2, 0xff, 0xff, 0, 0};
    EXPECT(table, 0, "<bad: br_table truncated>", 0);
    if (XIP_OP_COUNT < 256) {
        const uint8_t bad[] = {0xff};
        EXPECT(bad, 0, "<bad opcode 0xff>", 0);
    }
    /* Random bytes: must never read out of bounds (run under valgrind or ASan). */
    srand(1);
    for (int round = 0; round < 2000; round++) {
        uint32_t size = (uint32_t)(rand() % 40);
        uint8_t *code = malloc(size + 1);
        for (uint32_t i = 0; i < size; i++)
            code[i] = (uint8_t)(rand() % 256);
        FILE *null = fopen("/dev/null", "w");
        xip_disasm_function(null, code, size);
        fclose(null);
        free(code);
    }
}

/* Every opcode has a mnemonic, and its length equals its shape's fixed size. */
static void test_table(void)
{
    static const uint32_t sizes[XIP_SHAPE_COUNT] = {
#define SHAPE_SIZE(name, size, f1, f2, f3, f4) [XIP_SHAPE_##name] = size,
        XIP_SHAPES(SHAPE_SIZE)
#undef SHAPE_SIZE
    };
    static const enum xip_shape op_shapes[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) [XIP_OP_##name] = XIP_SHAPE_##shape,
#include "opcodes.def"
#undef OP
    };
    uint8_t code[32];
    for (unsigned op = 0; op < XIP_OP_COUNT; op++) {
        memset(code, 0, sizeof code);
        code[0] = (uint8_t)op;
        uint32_t expected = sizes[op_shapes[op]] + (op_shapes[op] == XIP_SHAPE_BRTABLE ? 2 : 0);
        uint32_t got = xip_disasm_length(code, sizeof code, 0);
        check_total++;
        if (xip_disasm_mnemonic(op) == NULL || got != expected) {
            printf("test_disasm.c: opcode %u (%s): length %u, want %u\n", op,
                   xip_disasm_mnemonic(op) ? xip_disasm_mnemonic(op) : "?", (unsigned)got, (unsigned)expected);
            check_failed++;
        }
    }
    check_total++;
    if (xip_disasm_mnemonic(XIP_OP_COUNT) != NULL) {
        printf("test_disasm.c: mnemonic past the table\n");
        check_failed++;
    }
}

static const check_case cases[] = {
    {"fields", test_fields},
    {"branches", test_branches},
    {"corrupt", test_corrupt},
    {"table", test_table},
};

int main(int argc, char **argv)
{
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
