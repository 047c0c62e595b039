/*
 * edgegen.c: writes a random WebAssembly text module whose operands come
 * from edge-value tables (0, 1, -1, the signed and unsigned extremes,
 * powers of two and their neighbours, shift counts around the width, NaN,
 * infinities, signed zeros, subnormals, rounding boundaries), for the
 * differential test (tests/diff/edges.sh). Its one export "x" runs COUNT
 * random statements (integer and float operators with constants on either
 * side, fused compare-and-branch forms, selects, conversions, stores and
 * loads of every width, globals) and logs every intermediate value through
 * an imported print function, then logs and returns a hash of memory and
 * the globals. NaNs are logged as one canonical pattern (their payloads may
 * differ). TOOL picks the print import: "ref" (wasm-interp --host-print:
 * host.print) or "xip" (xipwasm run: env.print_i32).
 *   usage: edgegen SEED COUNT ref|xip > m.wat
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

/* splitmix64, as in seedbytes.c. */
static uint64_t next(void)
{
    uint64_t z;
    state += 0x9e3779b97f4a7c15ULL;
    z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
    return (unsigned)(next() % n);
}

/* An edge value of an integer type of `bits` (32 or 64) bits. */
static uint64_t edge_int(unsigned bits)
{
    uint64_t mask = bits == 32 ? 0xffffffffull : ~0ull, sign = (uint64_t)1 << (bits - 1);
    static const uint64_t small[] = {0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 255,
                                     256, 0x7fff, 0x8000, 0xffff, 0x10000};
    uint64_t p = (uint64_t)1 << pick(bits);
    switch (pick(8)) {
    case 0: return small[pick(sizeof small / sizeof small[0])];
    case 1: return (0 - small[pick(sizeof small / sizeof small[0])]) & mask;
    case 2: return (p + (uint64_t)pick(3) - 1) & mask; /* 2^k - 1, 2^k, 2^k + 1 */
    case 3: return (0 - p) & mask;
    case 4: return (sign + (uint64_t)pick(3) - 1) & mask; /* INT_MAX, INT_MIN, INT_MIN + 1 */
    case 5: return bits == 64 ? 0xffffffffull + (uint64_t)pick(3) - 1 : (uint64_t)pick(2) * mask;
    case 6: return bits == 64 ? 0xffffffff80000000ull - (uint64_t)pick(2) : 0xffff8000u - (uint32_t)pick(2);
    default: return next() & mask;
    }
}

/* An edge value of f32 (bits 32) or f64 (bits 64), as its bit pattern. */
static uint64_t edge_float(unsigned bits)
{
    int d = bits == 64;
    uint64_t sign = pick(2) ? (d ? 0x8000000000000000ull : 0x80000000u) : 0;
    uint64_t one = d ? 0x3ff0000000000000ull : 0x3f800000u, half = d ? 0x3fe0000000000000ull : 0x3f000000u;
    uint64_t inf = d ? 0x7ff0000000000000ull : 0x7f800000u, frac = d ? 52 : 23;
    uint64_t v;
    switch (pick(10)) {
    case 0: v = 0; break;
    case 1: v = inf; break;
    case 2: v = inf | ((uint64_t)1 << (frac - 1)); break; /* canonical NaN */
    case 3: v = 1 + (uint64_t)pick(3); break;             /* subnormals */
    case 4: v = ((uint64_t)1 << frac) - 1 + (uint64_t)pick(3); break; /* largest subnormal, smallest normal */
    case 5: v = inf - 1; break;                                  /* the largest finite */
    case 6: v = (pick(2) ? one : half) + (uint64_t)pick(3) - 1; break; /* 1 and 0.5 and their neighbours */
    case 7: /* 1.5, 2.5, 3.5, ... (ties of nearest) and 0.75 */
        v = (one + ((uint64_t)1 << (frac - 1))) + ((uint64_t)pick(4) << frac);
        break;
    case 8: /* 2^k for k near the fraction width and the integer widths, and neighbours */
    {
        static const unsigned ks[] = {22, 23, 24, 31, 32, 52, 53, 63, 64};
        unsigned k = ks[pick(sizeof ks / sizeof ks[0])];
        v = ((one >> frac) + k) << frac;
        v += (uint64_t)pick(3) - 1;
        break;
    }
    default: v = next() & (d ? 0x7fffffffffffffffull : 0x7fffffffu); break;
    }
    return sign | v;
}

static const char *const tname[4] = {"i32", "i64", "f32", "f64"};
enum { I32, I64, F32, F64 };
#define NLOC 6 /* locals of each type */

/* Prints an operand of type t: a local, or an edge constant. */
static void operand(int t, int allow_const)
{
    if (allow_const && pick(3) == 0) {
        if (t == I32)
            printf("(i32.const %lld)", (long long)(int32_t)(uint32_t)edge_int(32));
        else if (t == I64)
            printf("(i64.const %lld)", (long long)edge_int(64));
        else if (t == F32)
            printf("(f32.reinterpret_i32 (i32.const %lld))", (long long)(int32_t)(uint32_t)edge_float(32));
        else
            printf("(f64.reinterpret_i64 (i64.const %lld))", (long long)edge_float(64));
    } else {
        printf("(local.get $%c%u)", "ijfd"[t], pick(NLOC));
    }
}

/* Logs local $<t><n> (floats by bits, NaN canonical). */
static void log_local(int t, unsigned n)
{
    char c = "ijfd"[t];
    if (t == I32)
        printf("(call $log32 (local.get $i%u))\n", n);
    else if (t == I64)
        printf("(call $log64 (local.get $j%u))\n", n);
    else
        printf("(call $log%s (local.get $%c%u))\n", t == F32 ? "f32" : "f64", c, n);
}

static const char *const ibin[] = {"add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u",
                                   "rotl", "rotr", "div_s", "div_u", "rem_s", "rem_u"};
static const char *const icmp[] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
static const char *const iun32[] = {"clz", "ctz", "popcnt", "extend8_s", "extend16_s", "eqz"};
static const char *const fbin[] = {"add", "sub", "mul", "div", "min", "max", "copysign"};
static const char *const fun[] = {"neg", "abs", "ceil", "floor", "trunc", "nearest", "sqrt"};
static const char *const fcmp[] = {"eq", "ne", "lt", "gt", "le", "ge"};

/* One random statement that sets a local and logs it. */
static void statement(void)
{
    int t = (int)pick(4), w = t == I64 || t == F64;
    unsigned d = pick(NLOC);
    char dc = "ijfd"[t];
    switch (pick(9)) {
    case 0: /* binary operator */
    case 1:
        if (t <= I64) {
            unsigned op = pick(sizeof ibin / sizeof ibin[0]);
            printf("(local.set $%c%u (%s.%s ", dc, d, tname[t], ibin[op]);
            operand(t, 1);
            printf(" ");
            if (op >= 11) { /* a zero divisor becomes 1 (INT_MIN / -1 still traps: an outcome too) */
                printf("(select ");
                operand(t, 0);
                printf(" (%s.const 1) (%s.ne (local.get $%c%u) (%s.const 0)))", tname[t], tname[t], dc, d, tname[t]);
            } else {
                operand(t, 1);
            }
            printf("))\n");
        } else {
            unsigned op = pick(sizeof fbin / sizeof fbin[0]);
            printf("(local.set $%c%u (%s.%s ", dc, d, tname[t], fbin[op]);
            operand(t, 1);
            printf(" ");
            if (strcmp(fbin[op], "copysign") == 0) { /* the sign of a computed NaN is not specified */
                unsigned n = pick(NLOC);
                printf("(select (%s.const 0) (local.get $%c%u) (%s.ne (local.get $%c%u) (local.get $%c%u)))",
                       tname[t], dc, n, tname[t], dc, n, dc, n);
            } else {
                operand(t, 1);
            }
            printf("))\n");
        }
        break;
    case 2: /* compare as a value */
        printf("(local.set $i%u (%s.%s ", d, tname[t],
               t <= I64 ? icmp[pick(sizeof icmp / sizeof icmp[0])] : fcmp[pick(sizeof fcmp / sizeof fcmp[0])]);
        operand(t, 1);
        printf(" ");
        operand(t, 1);
        printf("))\n");
        t = I32;
        break;
    case 3: /* fused compare and branch: br_if and if/else */
    {
        int ct = (int)pick(2);
        const char *c = icmp[pick(sizeof icmp / sizeof icmp[0])];
        t = I32;
        if (pick(2)) {
            printf("(block $b (br_if $b (%s.%s ", tname[ct], c);
            operand(ct, 1);
            printf(" ");
            operand(ct, 1);
            printf(")) (local.set $i%u (i32.add (local.get $i%u) (i32.const 0x1234))))\n", d, d);
        } else {
            printf("(if (%s.%s ", tname[ct], c);
            operand(ct, 1);
            printf(" ");
            operand(ct, 1);
            printf(") (then (local.set $i%u (i32.const 1))) (else (local.set $i%u (i32.const -1))))\n", d, d);
        }
        break;
    }
    case 4: /* unary operator */
        if (t == I32) {
            printf("(local.set $i%u (i32.%s ", d, iun32[pick(sizeof iun32 / sizeof iun32[0])]);
        } else if (t == I64) {
            static const char *const u64[] = {"clz", "ctz", "popcnt", "extend8_s", "extend16_s", "extend32_s"};
            printf("(local.set $j%u (i64.%s ", d, u64[pick(6)]);
        } else {
            printf("(local.set $%c%u (%s.%s ", dc, d, tname[t], fun[pick(sizeof fun / sizeof fun[0])]);
        }
        operand(t, 1);
        printf("))\n");
        break;
    case 5: /* conversions (non-trapping) */
    {
        static const char *const conv[4][6] = {
            {"i32.wrap_i64 $j", "i32.trunc_sat_f32_s $f", "i32.trunc_sat_f32_u $f", "i32.trunc_sat_f64_s $d",
             "i32.trunc_sat_f64_u $d", "i32.reinterpret_f32 $f"},
            {"i64.extend_i32_s $i", "i64.extend_i32_u $i", "i64.trunc_sat_f32_s $f", "i64.trunc_sat_f64_u $d",
             "i64.trunc_sat_f64_s $d", "i64.trunc_sat_f32_u $f"},
            {"f32.convert_i32_s $i", "f32.convert_i32_u $i", "f32.convert_i64_s $j", "f32.convert_i64_u $j",
             "f32.demote_f64 $d", "f32.convert_i64_u $j"},
            {"f64.convert_i32_s $i", "f64.convert_i32_u $i", "f64.convert_i64_s $j", "f64.convert_i64_u $j",
             "f64.promote_f32 $f", "f64.convert_i64_s $j"},
        };
        const char *c = conv[t][pick(6)];
        const char *sp = strchr(c, ' ');
        unsigned n = pick(NLOC);
        if (strstr(c, "reinterpret")) /* a computed NaN's bits are not specified: reinterpret 0 instead */
            printf("(local.set $%c%u (%.*s (select (f32.const 0) (local.get %s%u) (f32.ne (local.get %s%u) (local.get %s%u)))))\n",
                   dc, d, (int)(sp - c), c, sp + 1, n, sp + 1, n, sp + 1, n);
        else
            printf("(local.set $%c%u (%.*s (local.get %s%u)))\n", dc, d, (int)(sp - c), c, sp + 1, n);
        break;
    }
    case 6: /* store a local at an address, load it back at every width */
    {
        static const char *const ld32[] = {"i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u", "i32.load"};
        static const char *const ld64[] = {"i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u",
                                           "i64.load32_s", "i64.load32_u", "i64.load"};
        unsigned addr = pick(64) * 4 + 64, off = pick(2) ? 0 : pick(32);
        int it = (int)pick(2);
        static const char *const st32[] = {"i32.store8", "i32.store16", "i32.store"};
        static const char *const st64[] = {"i64.store8", "i64.store16", "i64.store32", "i64.store"};
        printf("(%s offset=%u (i32.const %u) ", it ? st64[pick(4)] : st32[pick(3)], off, addr);
        operand(it ? I64 : I32, 1);
        printf(")\n");
        t = it ? I64 : I32;
        dc = "ij"[it];
        printf("(local.set $%c%u (%s offset=%u (i32.const %u)))\n", dc, d, it ? ld64[pick(7)] : ld32[pick(5)],
               pick(2) ? off : off + pick(4), addr);
        break;
    }
    case 7: /* globals */
        if (t <= I64) {
            printf("(global.set $g%c (%s.xor (global.get $g%c) ", dc, tname[t], dc);
            operand(t, 1);
            printf("))\n(local.set $%c%u (global.get $g%c))\n", dc, d, dc);
        } else {
            printf("(local.set $%c%u ", dc, d);
            operand(t, 1);
            printf(")\n");
        }
        break;
    default: /* select on an edge condition */
        printf("(local.set $%c%u (select ", dc, d);
        operand(t, 1);
        printf(" ");
        operand(t, 1);
        printf(" ");
        operand(I32, 1);
        printf("))\n");
        break;
    }
    (void)w;
    log_local(t, d);
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[3], "ref") != 0 && strcmp(argv[3], "xip") != 0)) {
        fprintf(stderr, "usage: edgegen SEED COUNT ref|xip\n");
        return 2;
    }
    state = strtoull(argv[1], NULL, 10);
    unsigned count = (unsigned)strtoul(argv[2], NULL, 10);
    int ref = strcmp(argv[3], "ref") == 0;
    printf("(module\n");
    if (ref)
        printf(" (import \"host\" \"print\" (func $print (param i32)))\n");
    else /* print_i32 writes no newline: print_str writes the one at 1024 */
        printf(" (import \"env\" \"print_i32\" (func $print_i32 (param i32)))\n"
               " (import \"env\" \"print_str\" (func $print_str (param i32 i32)))\n"
               " (func $print (param i32) (call $print_i32 (local.get 0)) (call $print_str (i32.const 1024) (i32.const 1)))\n"
               " (data (i32.const 1024) \"\\n\")\n");
    printf(" (memory 1)\n (global $gi (mut i32) (i32.const %lld))\n (global $gj (mut i64) (i64.const %lld))\n",
           (long long)(int32_t)(uint32_t)edge_int(32), (long long)edge_int(64));
    printf(" (func $log32 (param i32) (call $print (local.get 0)))\n"
           " (func $log64 (param i64) (call $log32 (i32.wrap_i64 (local.get 0)))\n"
           "   (call $log32 (i32.wrap_i64 (i64.shr_u (local.get 0) (i64.const 32)))))\n"
           " (func $logf32 (param f32) (call $log32 (select (i32.const 0x7fc00000)\n"
           "   (i32.reinterpret_f32 (local.get 0)) (f32.ne (local.get 0) (local.get 0)))))\n"
           " (func $logf64 (param f64) (call $log64 (select (i64.const 0x7ff8000000000000)\n"
           "   (i64.reinterpret_f64 (local.get 0)) (f64.ne (local.get 0) (local.get 0)))))\n");
    printf(" (func (export \"x\") (result i32)\n");
    for (int t = 0; t < 4; t++)
        for (unsigned n = 0; n < NLOC; n++)
            printf("  (local $%c%u %s)", "ijfd"[t], n, tname[t]);
    printf("\n  (local $h i64) (local $a i32)\n");
    /* every local starts at an edge value */
    for (int t = 0; t < 4; t++)
        for (unsigned n = 0; n < NLOC; n++) {
            printf("(local.set $%c%u ", "ijfd"[t], n);
            if (t == I32)
                printf("(i32.const %lld))\n", (long long)(int32_t)(uint32_t)edge_int(32));
            else if (t == I64)
                printf("(i64.const %lld))\n", (long long)edge_int(64));
            else if (t == F32)
                printf("(f32.reinterpret_i32 (i32.const %lld)))\n", (long long)(int32_t)(uint32_t)edge_float(32));
            else
                printf("(f64.reinterpret_i64 (i64.const %lld)))\n", (long long)edge_float(64));
        }
    for (unsigned i = 0; i < count; i++)
        statement();
    /* the hash of memory [0, 512) and the globals, logged and returned */
    printf("(local.set $h (i64.const 0x5bd1e995))\n"
           "(block $done (loop $l\n"
           "  (local.set $h (i64.mul (i64.xor (local.get $h) (i64.load (local.get $a))) (i64.const 0x100000001b3)))\n"
           "  (local.set $a (i32.add (local.get $a) (i32.const 8)))\n"
           "  (br_if $l (i32.lt_u (local.get $a) (i32.const 512)))))\n"
           "(local.set $h (i64.xor (local.get $h) (i64.extend_i32_u (global.get $gi))))\n"
           "(local.set $h (i64.mul (i64.xor (local.get $h) (global.get $gj)) (i64.const 0x100000001b3)))\n"
           "(call $log64 (local.get $h))\n"
           "(i32.wrap_i64 (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 32)))))\n)\n");
    return 0;
}
