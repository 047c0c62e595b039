/*
 * test_stack_bound.c: the stack bound (STACK section). The compiler records
 * the deepest value stack and the most frame records of any call when the
 * calls form no cycle; the loader recomputes both and refuses a lying image
 * (exact status and offset) and buffers below them (XIP_ERR_STACK_TOO_SMALL).
 * The bound is tight: with the section stripped, a run of the deepest path
 * traps with one slot or one frame record less and succeeds with the bound.
 * Prints one line per failure; exits non-zero on failure.
 */
#include "xrun.h"
#include "image_parts.h"

static int failures;
static int checks;

#define CHECK(cond, ...)                                                                                       \
    do {                                                                                                       \
        checks++;                                                                                              \
        if (!(cond)) {                                                                                         \
            failures++;                                                                                        \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                                                        \
            printf(__VA_ARGS__);                                                                               \
            printf("\n");                                                                                      \
        }                                                                                                      \
    } while (0)

/* An image of its own (up to 64 KiB) that cases patch. */
typedef struct image {
    uint8_t b[1 << 16];
    uint32_t n;
} image;

static xip_instance inst;
static uint64_t stack_buf[1 << 16];
static xip_frame frame_buf[256];

/* Compiles wat into *img; false (a failure) when it does not compile. */
static bool compile(image *img, const char *wat)
{
    size_t size = 0, isize = 0;
    uint8_t *wasm = test_assemble(wat, "--enable-all", &size), *out = NULL;
    xc_options options = {XC_PASS_NONE, NULL, 0};
    xc_error error;
    memset(&error, 0, sizeof error);
    bool ok = wasm && xc_compile(wasm, size, &options, &out, &isize, &error) && isize <= sizeof img->b;
    CHECK(ok, "compile: %s", wasm ? error.message : "wat2wasm failed");
    if (ok) {
        memcpy(img->b, out, isize);
        img->n = (uint32_t)isize;
    }
    free(wasm);
    free(out);
    return ok;
}

/* Body offset of section id, or 0. */
static uint32_t section(const image *img, uint32_t id)
{
    return ti_section(img->b, img->n, id, NULL);
}

/* Rewrites the declared size and the checksum. */
static void reseal(image *img)
{
    xip_write_u32(img->b + 12, img->n);
    xip_write_u32(img->b + 16, xip_adler32(1, img->b + XIP_HEADER_SIZE, img->n - XIP_HEADER_SIZE));
}

/* Removes the STACK section (the last one). */
static void strip(image *img)
{
    uint32_t at = section(img, XIP_SECTION_STACK);
    if (at) {
        img->n = at - XIP_SECTION_HEADER_SIZE;
        reseal(img);
    }
}

/* Appends a STACK section recording slots and frames. */
static void append(image *img, uint32_t slots, uint32_t frames)
{
    uint8_t *p = img->b + img->n;
    p[0] = XIP_SECTION_STACK;
    xip_write_u32(p + 1, XIP_STACK_BODY_SIZE);
    xip_write_u32(p + XIP_SECTION_HEADER_SIZE, slots);
    xip_write_u16(p + XIP_SECTION_HEADER_SIZE + 4, (uint16_t)frames);
    img->n += XIP_SECTION_HEADER_SIZE + XIP_STACK_BODY_SIZE;
    reseal(img);
}

/* xip_load with a stack of `slots` and `frames` records. */
static xip_status load(const image *img, uint32_t slots, uint32_t frames)
{
    xip_buffers b = {xr_memory, sizeof xr_memory, xr_globals, XR_GLOBALS, stack_buf, slots,
                     frame_buf, frames, xr_tables, 1024};
    return xip_load(&inst, img->b, img->n, &b);
}

/* Loads, instantiates and calls export name(arg); the status of the first step that fails. */
static xip_status run(const image *img, uint32_t slots, uint32_t frames, const char *name, uint64_t arg)
{
    xip_status st = load(img, slots, frames);
    if (st == XIP_OK)
        st = xip_instantiate(&inst);
    if (st == XIP_OK) {
        int32_t f = xip_find_export(&inst, name, (uint32_t)strlen(name), XIP_EXTERN_FUNC);
        xip_functype t;
        if (f < 0 || xip_func_type(&inst, (uint32_t)f, &t) != XIP_OK)
            return XIP_ERR_ARGUMENT;
        st = xip_call(&inst, (uint32_t)f, &arg, t.param_count);
    }
    return st;
}

/* The recorded figures (false when the image has no STACK section). */
static bool recorded(const image *img, uint32_t *slots, uint32_t *frames)
{
    uint32_t at = section(img, XIP_SECTION_STACK);
    xip_requirements req;
    *slots = *frames = 0;
    if (at == 0)
        return false;
    *slots = xip_read_u32(img->b + at);
    *frames = xip_read_u16(img->b + at + 4);
    CHECK(xip_image_requirements(img->b, img->n, &req) == XIP_OK && req.stack_slots == *slots &&
              req.frames == *frames,
          "requirements give %u slots, %u frames; the section %u, %u", (unsigned)req.stack_slots,
          (unsigned)req.frames, (unsigned)*slots, (unsigned)*frames);
    return true;
}

/* Image offset of the nth (0, 1, ...) instruction with opcode op, or 0. */
static uint32_t find_op(const image *img, unsigned op, unsigned nth)
{
    uint32_t code = section(img, XIP_SECTION_CODE), end = code + xip_read_u32(img->b + code - 4);
    for (uint32_t pc = code; pc < end;) {
        if (img->b[pc] == op && nth-- == 0)
            return pc;
        pc += ti_insn_size(img->b + pc);
    }
    return 0;
}

/* A chain of calls: run -> a -> b -> leaf, with live values kept across each call. */
static const char chain_wat[] =
    "(module\n"
    "  (func $leaf (param i32) (result i32) (local i32 i32 i32)\n"
    "    local.get 0 i32.const 3 i32.mul local.set 1\n"
    "    local.get 1 local.get 0 i32.add local.set 2 local.get 2 local.get 1 i32.xor)\n"
    "  (func $b (param i32) (result i32) (local i32)\n"
    "    local.get 0 i32.const 7 i32.add local.set 1\n"
    "    local.get 1 local.get 0 call $leaf i32.add)\n"
    "  (func $a (param i32) (result i32) (local i32 i32)\n"
    "    local.get 0 i32.const 1 i32.add local.set 1 local.get 1 i32.const 5 i32.mul local.set 2\n"
    "    local.get 2 local.get 1 local.get 0 call $b i32.add i32.add)\n"
    "  (func (export \"run\") (param i32) (result i32)\n"
    "    local.get 0 local.get 0 call $a i32.add))\n";

/* The bound is recorded, required, tight and enforced. */
static void test_chain(void)
{
    image img, bare;
    uint32_t slots, frames;
    if (!compile(&img, chain_wat))
        return;
    CHECK(recorded(&img, &slots, &frames), "an acyclic module records a bound");
    CHECK(frames == 3, "run -> a -> b -> leaf needs 3 frame records, recorded %u", (unsigned)frames);
    CHECK(run(&img, slots, frames, "run", 4) == XIP_OK, "the exact buffers run");
    CHECK(load(&img, slots - 1, frames) == XIP_ERR_STACK_TOO_SMALL &&
              xip_error_offset(&inst) == section(&img, XIP_SECTION_STACK),
          "one slot too few is refused at the section");
    CHECK(load(&img, slots, frames - 1) == XIP_ERR_STACK_TOO_SMALL, "one frame record too few is refused");
    CHECK(xip_instantiate(&inst) == XIP_ERR_STATE, "a refused load cannot be instantiated");
    /* without the section nothing is refused up front, and the run reaches exactly the bound */
    bare = img;
    strip(&bare);
    CHECK(run(&bare, slots, frames, "run", 4) == XIP_OK, "stripped: the bound suffices");
    CHECK(run(&bare, slots - 1, frames, "run", 4) == XIP_TRAP_CALL_STACK_EXHAUSTED,
          "stripped: one slot less traps (the bound is reached)");
    CHECK(run(&bare, slots, frames - 1, "run", 4) == XIP_TRAP_CALL_STACK_EXHAUSTED,
          "stripped: one frame record less traps");
    xip_requirements req;
    CHECK(xip_image_requirements(bare.b, bare.n, &req) == XIP_OK && req.stack_slots == 0 && req.frames == 0,
          "stripped: no bound required");
}

/* Images whose figures are lower than the code's are refused where they lie; higher ones load. */
static void test_lying(void)
{
    image img, bad;
    uint32_t slots, frames, at;
    if (!compile(&img, chain_wat) || !recorded(&img, &slots, &frames))
        return;
    at = section(&img, XIP_SECTION_STACK);
    bad = img;
    xip_write_u32(bad.b + at, slots - 1);
    reseal(&bad);
    CHECK(load(&bad, 1000, 100) == XIP_ERR_MALFORMED && xip_error_offset(&inst) == at,
          "slots one below: %s at 0x%x", xip_status_name(load(&bad, 1000, 100)), (unsigned)xip_error_offset(&inst));
    bad = img;
    xip_write_u16(bad.b + at + 4, (uint16_t)(frames - 1));
    reseal(&bad);
    CHECK(load(&bad, 1000, 100) == XIP_ERR_MALFORMED && xip_error_offset(&inst) == at + 4,
          "frames one below: refused at the frames field");
    bad = img;
    xip_write_u32(bad.b + at, 0);
    reseal(&bad);
    CHECK(load(&bad, 1000, 100) == XIP_ERR_MALFORMED && xip_error_offset(&inst) == at, "zero slots: malformed");
    bad = img;
    xip_write_u32(bad.b + at, slots + 1);
    xip_write_u16(bad.b + at + 4, (uint16_t)(frames + 1));
    reseal(&bad);
    CHECK(load(&bad, slots + 1, frames + 1) == XIP_OK, "a generous bound is accepted");
    CHECK(load(&bad, slots, frames + 1) == XIP_ERR_STACK_TOO_SMALL, "...and enforced");
    /* a body one byte short */
    bad = img;
    xip_write_u32(bad.b + at - 4, XIP_STACK_BODY_SIZE - 1);
    bad.n--;
    reseal(&bad);
    CHECK(load(&bad, 1000, 100) == XIP_ERR_MALFORMED && xip_error_offset(&inst) == at + 4,
          "a short body: %s at 0x%x", xip_status_name(load(&bad, 1000, 100)), (unsigned)xip_error_offset(&inst));
}

static const char self_wat[] =
    "(module (func $f (export \"f\") (param i32) (result i32)\n"
    "  local.get 0 i32.eqz if (result i32) i32.const 0 else\n"
    "  local.get 0 i32.const 1 i32.sub call $f i32.const 1 i32.add end))\n";

static const char mutual_wat[] =
    "(module\n"
    "  (func $even (export \"even\") (param i32) (result i32)\n"
    "    local.get 0 i32.eqz if (result i32) i32.const 1 else local.get 0 i32.const 1 i32.sub call $odd end)\n"
    "  (func $odd (param i32) (result i32)\n"
    "    local.get 0 i32.eqz if (result i32) i32.const 0 else local.get 0 i32.const 1 i32.sub call $even end))\n";

/* Recursion through a table: f calls whatever table[0] holds, of its own type. */
static const char indirect_wat[] =
    "(module (type $t (func (param i32) (result i32))) (table 1 funcref) (elem (i32.const 0) $f)\n"
    "  (func $f (export \"f\") (type $t)\n"
    "    local.get 0 i32.eqz if (result i32) i32.const 0 else\n"
    "    local.get 0 i32.const 1 i32.sub i32.const 0 call_indirect (type $t) end))\n";

/* Recursive programs have no bound; an image claiming one is refused at the call closing the cycle. */
static void test_cycles(void)
{
    static const struct {
        const char *name, *wat;
        unsigned op, nth; /* the call closing the cycle the walk from function 0 finds */
    } cases[] = {{"self", self_wat, XIP_OP_CALL, 0},
                 {"mutual", mutual_wat, XIP_OP_CALL, 1}, /* even -> odd -> even: odd's call */
                 {"indirect", indirect_wat, XIP_OP_CALL_INDIRECT, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        image img;
        uint32_t slots, frames;
        if (!compile(&img, cases[i].wat))
            continue;
        CHECK(!recorded(&img, &slots, &frames), "%s: recursion records no bound", cases[i].name);
        CHECK(run(&img, 64, 4, cases[i].name[0] == 'm' ? "even" : "f", 3) == XIP_OK,
              "%s: runs without a bound", cases[i].name);
        append(&img, 1000, 100);
        uint32_t call = find_op(&img, cases[i].op, cases[i].nth);
        xip_status st = load(&img, 1000, 100);
        CHECK(st == XIP_ERR_MALFORMED && call != 0 && xip_error_offset(&inst) == call,
              "%s: a claimed bound is refused at the call 0x%x: %s at 0x%x", cases[i].name, (unsigned)call,
              xip_status_name(st), (unsigned)xip_error_offset(&inst));
    }
}

/*
 * call_indirect may reach any defined function of its type, even one no
 * table holds: the bound covers $deep (which calls $leaf) though the table
 * holds only $shallow.
 */
static const char table_wat[] =
    "(module (type $t (func (param i32) (result i32))) (table 1 funcref) (elem (i32.const 0) $shallow)\n"
    "  (func $leaf (param i32) (result i32) local.get 0)\n"
    "  (func $shallow (type $t) local.get 0)\n"
    "  (func $deep (type $t) local.get 0 local.get 0 call $leaf i32.add)\n"
    "  (func (export \"run\") (param i32) (result i64)\n"
    "    local.get 0 local.get 0 i32.const 0 call_indirect (type $t) i32.add i64.extend_i32_u))\n";

/* run has a type of its own: call_indirect of $t cannot reach it (a cycle would leave no bound). */
static void test_indirect(void)
{
    image img, bare;
    uint32_t slots, frames;
    if (!compile(&img, table_wat))
        return;
    bool has_bound = recorded(&img, &slots, &frames);
    CHECK(has_bound, "an acyclic module with call_indirect records a bound");
    if (!has_bound)
        return;
    CHECK(frames == 2, "run -> (indirect) deep -> leaf: 2 frame records, recorded %u", (unsigned)frames);
    /* (slots to spare: the loader's check borrows the stack buffer as scratch, a slot per function and type) */
    xip_status st = run(&img, 64, frames, "run", 5);
    CHECK(st == XIP_OK, "runs with the bound: %s", xip_status_name(st));
    CHECK(load(&img, 64, frames - 1) == XIP_ERR_STACK_TOO_SMALL, "one frame record too few is refused");
    bare = img;
    strip(&bare);
    CHECK(run(&bare, 64, frames - 1, "run", 5) == XIP_OK, "stripped: the table's shallow needs one record less");
    /* a lower frames figure (what the table alone would give) is a lie */
    xip_write_u16(img.b + section(&img, XIP_SECTION_STACK) + 4, 1);
    reseal(&img);
    CHECK(load(&img, 1000, 100) == XIP_ERR_MALFORMED, "frames counting only the table's functions is refused");
}

/* An import called directly by the host needs max(params, results) slots; calls of it add no record. */
static const char import_wat[] =
    "(module (import \"env\" \"h\" (func $h (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))\n"
    "  (func (export \"run\") (param i32) (result i32) local.get 0))\n";

static void test_import(void)
{
    image img;
    uint32_t slots, frames;
    if (!compile(&img, import_wat) || !recorded(&img, &slots, &frames))
        return;
    CHECK(slots == 10 && frames == 0, "the import's 10 parameters: %u slots, %u frames", (unsigned)slots,
          (unsigned)frames);
}

/* A call behind a br_table: the scan for calls skips the table's targets (9 here), not just its fixed part. */
static const char br_table_wat[] =
    "(module\n"
    "  (func $leaf (param i32) (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32)\n"
    "    local.get 0 local.set 8 local.get 8)\n"
    "  (func (export \"run\") (param i32) (result i32)\n"
    "    (block (block (block (block (block (block (block (block (block\n"
    "      local.get 0 br_table 0 1 2 3 4 5 6 7 8 0)\n"
    "      i32.const 1 return) i32.const 2 return) i32.const 3 return) i32.const 4 return)\n"
    "      i32.const 5 return) i32.const 6 return) i32.const 7 return) i32.const 8 return)\n"
    "    local.get 0 call $leaf))\n";

static void test_br_table(void)
{
    image img, bad;
    uint32_t slots, frames, table;
    if (!compile(&img, br_table_wat) || !recorded(&img, &slots, &frames))
        return;
    table = find_op(&img, XIP_OP_BR_TABLE, 0);
    CHECK(table != 0 && xip_read_u16(img.b + table + 2) >= 8, "the br_table keeps its 9 targets");
    CHECK(frames == 1, "run -> leaf behind the br_table: 1 frame record, recorded %u", (unsigned)frames);
    CHECK(load(&img, slots, frames) == XIP_OK, "the recorded bound loads");
    bad = img;
    xip_write_u32(bad.b + section(&bad, XIP_SECTION_STACK), slots - 1);
    reseal(&bad);
    CHECK(load(&bad, 1000, 100) == XIP_ERR_MALFORMED, "slots one below (the call's) are refused");
    bad = img;
    xip_write_u16(bad.b + section(&bad, XIP_SECTION_STACK) + 4, 0);
    reseal(&bad);
    CHECK(load(&bad, 1000, 100) == XIP_ERR_MALFORMED, "no frame record for the call is refused");
}

/* The loader's check needs one scratch slot per function and type: fewer is BUFFER_TOO_SMALL. */
static void test_scratch(void)
{
    image img;
    uint32_t slots, frames;
    if (!compile(&img, chain_wat) || !recorded(&img, &slots, &frames))
        return;
    uint32_t at = section(&img, XIP_SECTION_STACK);
    xip_write_u32(img.b + at, 1); /* a (lying) one-slot claim lets the check start with one slot */
    reseal(&img);
    CHECK(load(&img, 1, frames) == XIP_ERR_BUFFER_TOO_SMALL, "one scratch slot for 4 functions: %s",
          xip_status_name(load(&img, 1, frames)));
    CHECK(load(&img, 64, frames) == XIP_ERR_MALFORMED, "with room to check, the one-slot claim is a lie");
}

int main(void)
{
    test_chain();
    test_lying();
    test_cycles();
    test_indirect();
    test_import();
    test_br_table();
    test_scratch();
    if (failures) {
        printf("test_stack_bound: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("test_stack_bound: %d checks passed\n", checks);
    return 0;
}
