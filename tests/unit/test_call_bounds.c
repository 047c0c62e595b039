/*
 * test_call_bounds.c: call_indirect through a RAM table entry a host wrote
 * (xip_table_entries) one past the last function. The run loop must trap
 * with XIP_TRAP_INDIRECT_CALL_MISMATCH by the index check alone: the module
 * is built so that the bytes a read of FUNC entry `count` would find (the
 * next section's id and the low byte of its length) equal the type the
 * call_indirect asks for, so a type comparison past the end would match.
 * A function in range of another type traps too; $inc, set by table.set, runs.
 * Prints one line per failure; exits non-zero on failure.
 */
#include "xrun.h"
#include "image_parts.h"

static int failures;
static int checks;

static void expect(bool ok, const char *what, unsigned n, unsigned got)
{
    checks++;
    if (!ok) {
        printf("FAIL %s (flash table of %u entries): got %u\n", what, n, got);
        failures++;
    }
}

/*
 * A RAM table $ram (written by table.set), a flash table of n entries and a
 * second RAM table (which makes TABLE's size even, so that some n makes its
 * low byte zero); $call goes through $ram.
 */
static void module_wat(xr_text *t, unsigned n)
{
    xr_add(t, "(module\n"
              " (type $t0 (func)) (type $t1 (func (param i64))) (type $t2 (func (param f32)))\n"
              " (type $t3 (func (param f64))) (type $t4 (func (param i32) (result i32)))\n"
              " (table $ram 2 funcref) (table $fl %u funcref) (table $ram2 1 funcref)\n"
              " (elem (table $fl) (i32.const 0) func $inc)\n"
              " (func $inc (type $t4) (i32.add (local.get 0) (i32.const 1)))\n"
              " (func (export \"set\") (table.set $ram (i32.const 1) (table.get $fl (i32.const 0)))\n"
              "  (table.set $ram2 (i32.const 0) (ref.null func)))\n"
              " (func (export \"call\") (param i32) (result i32)\n"
              "  (call_indirect $ram (type $t4) (i32.const 41) (local.get 0))))\n",
           n);
}

/* Image offsets and lengths of the sections; false if FUNC or CODE is missing. */
static bool sections(const uint8_t *b, uint32_t size, uint32_t *sec, uint32_t *len)
{
    ti_find_sections(b, size, sec, len);
    return sec[XIP_SECTION_FUNC] != 0 && sec[XIP_SECTION_CODE] != 0;
}

/* The type field of the first call_indirect in the code, or -1. */
static int32_t call_indirect_type(const uint8_t *b, const uint32_t *sec, const uint32_t *len)
{
    const uint8_t *code = b + sec[XIP_SECTION_CODE];
    for (uint32_t pc = 0; pc < len[XIP_SECTION_CODE];) {
        if (code[pc] == XIP_OP_CALL_INDIRECT || code[pc] == XIP_OP_CALL_INDIRECT_WIDE)
            return xip_read_u16(code + pc + 1);
        pc += ti_insn_size(code + pc);
    }
    return -1;
}

static void test_one_past_the_last_function(void)
{
    unsigned tried = 0;
    for (unsigned n = 1; n < 400 && !tried; n++) {
        xr_text t = {0};
        xr_module m;
        module_wat(&t, n);
        bool ok = xr_load(&m, t.s, 0);
        free(t.s);
        if (!ok) {
            expect(false, "compile and load", n, m.status);
            xr_free(&m);
            return;
        }
        uint32_t sec[XIP_SECTION_LAST + 1] = {0}, len[XIP_SECTION_LAST + 1] = {0};
        if (!sections(m.image, (uint32_t)m.size, sec, len)) {
            expect(false, "setup: FUNC and CODE sections", n, 0);
            xr_free(&m);
            return;
        }
        uint32_t count = xip_read_u16(m.image + sec[XIP_SECTION_FUNC]);
        uint32_t past = sec[XIP_SECTION_FUNC] + 2 + XIP_FUNC_ENTRY_SIZE * count; /* the next section header */
        int32_t type = call_indirect_type(m.image, sec, len);
        if (past + 2 <= m.size && type >= 0 && xip_read_u16(m.image + past) /* an entry starts with its type */ == (uint32_t)type) {
            tried++;
            uint32_t size = 0;
            xip_status st = xr_call(&m, "set", NULL, 0, NULL);
            uint32_t *entries = xip_table_entries(&m.inst, 0, &size);
            expect(st == XIP_OK && entries != NULL && size == 2, "setup: RAM table 0 of 2 entries", n, size);
            if (entries != NULL && size == 2) {
                uint64_t arg = 0, got = 0;
                entries[0] = count; /* no imports: one past the last function */
                st = xr_call(&m, "call", &arg, 1, &got);
                expect(st == XIP_TRAP_INDIRECT_CALL_MISMATCH, "call_indirect of function count traps", n, st);
                entries[0] = count - 2; /* "set": in range, of another type */
                st = xr_call(&m, "call", &arg, 1, &got);
                expect(st == XIP_TRAP_INDIRECT_CALL_MISMATCH, "call_indirect of a function of another type", n, st);
                arg = 1; /* entry 1: $inc, set by table.set */
                st = xr_call(&m, "call", &arg, 1, &got);
                expect(st == XIP_OK && got == 42, "call_indirect of $inc", n, (unsigned)got);
            }
        }
        xr_free(&m);
    }
    expect(tried > 0, "setup: a flash table size that makes the bytes past FUNC read as the type", 0, 0);
}

int main(void)
{
    test_one_past_the_last_function();
    if (failures) {
        printf("test_call_bounds: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("test_call_bounds: %d checks passed\n", checks);
    return 0;
}
