/*
 * xip_disasm.c: bytecode disassembler generated from the opcode table.
 * Each opcode row names a shape; each shape lists its fields in encoding
 * order; one printer per field kind turns the bytes into text.
 */
#include "xip_disasm.h"

#include <stdarg.h>
#include <stdlib.h>

#include "xip_format.h"

typedef struct shape_info {
    uint32_t size; /* fixed bytes, opcode included */
    enum xip_field fields[4];
} shape_info;

typedef struct op_info {
    const char *mnemonic;
    enum xip_shape shape;
} op_info;

static const shape_info shapes[XIP_SHAPE_COUNT] = {
#define SHAPE_ROW(name, size, f1, f2, f3, f4) [XIP_SHAPE_##name] = {size, {f1, f2, f3, f4}},
    XIP_SHAPES(SHAPE_ROW)
#undef SHAPE_ROW
};

static const op_info ops[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) [XIP_OP_##name] = {mnemonic, XIP_SHAPE_##shape},
#include "opcodes.def"
#undef OP
};

/* A bounded text buffer: writes past the end are dropped, never overflow. */
typedef struct text {
    char *out;
    size_t size;
    size_t len;
} text;

/* Appends printf-style text to t, truncating at its capacity. */
static void put(text *t, const char *format, ...)
{
    if (t->size == 0 || t->len + 1 >= t->size)
        return;
    va_list args;
    va_start(args, format);
    int n = vsnprintf(t->out + t->len, t->size - t->len, format, args);
    va_end(args);
    if (n < 0)
        return;
    t->len += (size_t)n;
    if (t->len >= t->size)
        t->len = t->size - 1;
}

const char *xip_disasm_mnemonic(unsigned op)
{
    return op < XIP_OP_COUNT ? ops[op].mnemonic : NULL;
}

/* Bytes taken by field `field` at code[at], or 0 if they run past size. */
static uint32_t field_length(enum xip_field field, const uint8_t *code, uint32_t size, uint32_t at)
{
    uint32_t n = xip_field_size(field);
    if (at > size || size - at < n)
        return 0;
    if (field != XIP_FIELD_TARGETS)
        return n;
    uint32_t extra = 2u * ((uint32_t)xip_read_u16(code + at) + 1u);
    if (size - at - n < extra)
        return 0;
    return n + extra;
}

uint32_t xip_disasm_length(const uint8_t *code, uint32_t size, uint32_t pc)
{
    if (code == NULL || pc >= size || code[pc] >= XIP_OP_COUNT)
        return 0;
    const shape_info *shape = &shapes[ops[code[pc]].shape];
    uint32_t at = pc + 1;
    for (int i = 0; i < 4 && shape->fields[i] != XIP_FIELD_NONE; i++) {
        uint32_t n = field_length(shape->fields[i], code, size, at);
        if (n == 0)
            return 0;
        at += n;
    }
    return at - pc;
}

/* Prints a branch target: pc is the opcode's offset, rel the stored i16. */
static void put_target(text *t, uint32_t size, uint32_t pc, int16_t rel)
{
    int64_t target = (int64_t)pc + rel;
    if (target >= 0 && target < (int64_t)size)
        put(t, "-> %04x", (unsigned)target);
    else
        put(t, "-> bad(%+d)", (int)rel);
}

/* Prints one operand field found at code[at]; the caller checked its length. */
static void put_field(text *t, enum xip_field field, const uint8_t *code, uint32_t size, uint32_t pc,
                      uint32_t at)
{
    const uint8_t *p = code + at;
    switch (field) {
    case XIP_FIELD_REG: put(t, "r%u", (unsigned)p[0]); break;
    case XIP_FIELD_COUNT8: put(t, "%u", (unsigned)p[0]); break;
    case XIP_FIELD_TABLE: put(t, "table %u", (unsigned)p[0]); break;
    case XIP_FIELD_K16: put(t, "%d", (int)xip_read_i16(p)); break;
    case XIP_FIELD_K32: put(t, "0x%lx", (unsigned long)xip_read_u32(p)); break;
    case XIP_FIELD_K64: put(t, "0x%llx", (unsigned long long)xip_read_u64(p)); break;
    case XIP_FIELD_OFFSET16: put(t, "+%u", (unsigned)xip_read_u16(p)); break;
    case XIP_FIELD_U16: put(t, "%u", (unsigned)xip_read_u16(p)); break;
    case XIP_FIELD_TARGET: put_target(t, size, pc, xip_read_i16(p)); break;
    case XIP_FIELD_FUNC: put(t, "f%u", (unsigned)xip_read_u16(p)); break;
    case XIP_FIELD_TYPE: put(t, "type %u", (unsigned)xip_read_u16(p)); break;
    case XIP_FIELD_GLOBAL: put(t, "g%u", (unsigned)xip_read_u16(p)); break;
    case XIP_FIELD_FAR: case XIP_FIELD_BASE16: put(t, "s%u", (unsigned)xip_read_u16(p)); break;
    case XIP_FIELD_SEGMENT: put(t, "seg %u", (unsigned)xip_read_u16(p)); break;
    case XIP_FIELD_REG3: put(t, "r%u..r%u", (unsigned)p[0], (unsigned)p[0] + 2u); break;
    case XIP_FIELD_TARGETS: {
        uint32_t n = xip_read_u16(p);
        put(t, "[");
        for (uint32_t i = 0; i < n; i++) {
            put(t, i ? ", " : "");
            put_target(t, size, pc, xip_read_i16(p + 2 + 2 * i));
        }
        put(t, "] default ");
        put_target(t, size, pc, xip_read_i16(p + 2 + 2 * n));
        break;
    }
    case XIP_FIELD_NONE: break;
    }
}

uint32_t xip_disasm_one(const uint8_t *code, uint32_t size, uint32_t pc, char *out, size_t out_size)
{
    text t = {out, out_size, 0};
    if (out_size > 0)
        out[0] = '\0';
    uint32_t length = xip_disasm_length(code, size, pc);
    if (length == 0) {
        if (code == NULL || pc >= size)
            put(&t, "<bad: past the end>");
        else if (code[pc] >= XIP_OP_COUNT)
            put(&t, "<bad opcode 0x%02x>", (unsigned)code[pc]);
        else
            put(&t, "<bad: %s truncated>", ops[code[pc]].mnemonic);
        return 0;
    }
    const op_info *op = &ops[code[pc]];
    const shape_info *shape = &shapes[op->shape];
    put(&t, "%s", op->mnemonic);
    uint32_t at = pc + 1;
    for (int i = 0; i < 4 && shape->fields[i] != XIP_FIELD_NONE; i++) {
        put(&t, i == 0 ? " " : ", ");
        put_field(&t, shape->fields[i], code, size, pc, at);
        at += field_length(shape->fields[i], code, size, at);
    }
    return length;
}

bool xip_disasm_function(FILE *f, const uint8_t *code, uint32_t size)
{
    char small[256];
    uint32_t pc = 0;
    while (pc < size) {
        /* Each 2 encoded bytes print as at most 12 characters; br_table can be long. */
        size_t need = 64 + 6 * (size_t)xip_disasm_length(code, size, pc);
        char *line = need <= sizeof small ? small : malloc(need);
        if (line == NULL) {
            line = small;
            need = sizeof small;
        }
        uint32_t length = xip_disasm_one(code, size, pc, line, need);
        fprintf(f, "  %04x: %s\n", (unsigned)pc, line);
        if (line != small)
            free(line);
        if (length == 0)
            return false;
        pc += length;
    }
    return true;
}
