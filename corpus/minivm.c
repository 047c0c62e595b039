/*
 * minivm - a small stack-machine bytecode interpreter of the kind used for
 * scripting on microcontrollers: a big switch over opcodes (br_table), a
 * tiny assembler with label fix-ups, call frames with locals, signed
 * arithmetic, and error traps.  Runs Collatz, a prime count with a called
 * predicate, recursive Fibonacci and gcd programs.
 */
#include "applet.h"

enum {
    OP_HALT,
    OP_PUSH,  /* imm16 (signed) */
    OP_LOAD,  /* u8 local index */
    OP_STORE, /* u8 local index */
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_MOD,
    OP_NEG,
    OP_LT,
    OP_EQ,
    OP_NOT,
    OP_JMP,  /* abs16 */
    OP_JZ,   /* abs16 */
    OP_CALL, /* abs16, u8 nargs */
    OP_RET,
    OP_PRINT,
    OP_NL,
    OP_DUP,
    OP_DROP,
    OP_COUNT
};

enum { VM_OK, VM_STACK, VM_DIV0, VM_BADOP, VM_FRAMES, VM_STEPS };

#define STACK 64
#define FRAMES 24
#define LOCALS 6
#define CODE 512

typedef struct {
    const u8 *code;
    int pc;
    int sp;
    i32 stack[STACK];
    int fp;
    i32 locals[FRAMES][LOCALS];
    int ret[FRAMES];
    int steps;
    int error;
} vm;

static int imm16(const u8 *c, int pc)
{
    int v = c[pc] | (c[pc + 1] << 8);
    return v >= 32768 ? v - 65536 : v;
}

static i32 vm_run(vm *m, int max_steps)
{
    const u8 *c = m->code;
#define POP() (m->stack[--m->sp])
#define NEED(n)                         \
    if (m->sp < (n)) {                  \
        m->error = VM_STACK;            \
        return 0;                       \
    }
#define ROOM()                          \
    if (m->sp >= STACK) {               \
        m->error = VM_STACK;            \
        return 0;                       \
    }
    for (;;) {
        if (++m->steps > max_steps) {
            m->error = VM_STEPS;
            return 0;
        }
        int op = c[m->pc++];
        i32 a, b;
        switch (op) {
        case OP_HALT:
            return m->sp ? m->stack[m->sp - 1] : 0;
        case OP_PUSH:
            ROOM();
            m->stack[m->sp++] = imm16(c, m->pc);
            m->pc += 2;
            break;
        case OP_LOAD:
            ROOM();
            m->stack[m->sp++] = m->locals[m->fp][c[m->pc++]];
            break;
        case OP_STORE:
            NEED(1);
            m->locals[m->fp][c[m->pc++]] = POP();
            break;
        case OP_ADD:
        case OP_SUB:
        case OP_MUL:
        case OP_DIV:
        case OP_MOD:
        case OP_LT:
        case OP_EQ:
            NEED(2);
            b = POP();
            a = POP();
            switch (op) {
            case OP_ADD:
                a = (i32)((u32)a + (u32)b);
                break;
            case OP_SUB:
                a = (i32)((u32)a - (u32)b);
                break;
            case OP_MUL:
                a = (i32)((u32)a * (u32)b);
                break;
            case OP_DIV:
            case OP_MOD:
                if (b == 0 || (a == (-2147483647 - 1) && b == -1)) {
                    m->error = VM_DIV0;
                    return 0;
                }
                a = op == OP_DIV ? a / b : a % b;
                break;
            case OP_LT:
                a = a < b;
                break;
            default:
                a = a == b;
                break;
            }
            m->stack[m->sp++] = a;
            break;
        case OP_NEG:
            NEED(1);
            m->stack[m->sp - 1] = (i32)(0u - (u32)m->stack[m->sp - 1]);
            break;
        case OP_NOT:
            NEED(1);
            m->stack[m->sp - 1] = !m->stack[m->sp - 1];
            break;
        case OP_JMP:
            m->pc = imm16(c, m->pc);
            break;
        case OP_JZ:
            NEED(1);
            if (POP() == 0)
                m->pc = imm16(c, m->pc);
            else
                m->pc += 2;
            break;
        case OP_CALL: {
            int target = imm16(c, m->pc);
            int nargs = c[m->pc + 2];
            NEED(nargs);
            if (m->fp + 1 >= FRAMES) {
                m->error = VM_FRAMES;
                return 0;
            }
            m->ret[m->fp + 1] = m->pc + 3;
            m->fp++;
            for (int i = nargs - 1; i >= 0; i--)
                m->locals[m->fp][i] = POP();
            m->pc = target;
            break;
        }
        case OP_RET:
            NEED(1);
            if (m->fp == 0) {
                m->error = VM_FRAMES;
                return 0;
            }
            m->pc = m->ret[m->fp];
            m->fp--;
            break;
        case OP_PRINT:
            NEED(1);
            print_char(' ');
            print_i32(POP());
            break;
        case OP_NL:
            print_nl();
            break;
        case OP_DUP:
            NEED(1);
            ROOM();
            m->stack[m->sp] = m->stack[m->sp - 1];
            m->sp++;
            break;
        case OP_DROP:
            NEED(1);
            m->sp--;
            break;
        default:
            m->error = VM_BADOP;
            return 0;
        }
    }
#undef POP
#undef NEED
#undef ROOM
}

/* ---- assembler ---- */

static u8 code[CODE];
static int at;
static int label_pos[16];
static int fix_at[48];
static int fix_label[48];
static int nfix;

static void asm_reset(void)
{
    at = 0;
    nfix = 0;
    for (int i = 0; i < 16; i++)
        label_pos[i] = -1;
}

static void op(int o)
{
    code[at++] = (u8)o;
}

static void op8(int o, int v)
{
    op(o);
    code[at++] = (u8)v;
}

static void op16(int o, int v)
{
    op(o);
    code[at++] = (u8)(v & 0xff);
    code[at++] = (u8)((v >> 8) & 0xff);
}

static void op_to(int o, int label)
{
    op(o);
    fix_at[nfix] = at;
    fix_label[nfix++] = label;
    at += 2;
}

static void call(int label, int nargs)
{
    op_to(OP_CALL, label);
    code[at++] = (u8)nargs;
}

static void label(int l)
{
    label_pos[l] = at;
}

static int asm_link(void)
{
    for (int i = 0; i < nfix; i++) {
        int p = label_pos[fix_label[i]];
        if (p < 0)
            return 0;
        code[fix_at[i]] = (u8)(p & 0xff);
        code[fix_at[i] + 1] = (u8)(p >> 8);
    }
    return 1;
}

static vm machine;

static i32 execute(const char *name, int max_steps)
{
    if (!asm_link()) {
        print_cstr("link error\n");
        return 0;
    }
    memset(&machine, 0, sizeof(machine));
    machine.code = code;
    print_cstr(name);
    print_char(':');
    i32 r = vm_run(&machine, max_steps);
    print_cstr(" -> ");
    print_i32(r);
    print_cstr(" (");
    print_i32(machine.steps);
    print_cstr(" steps, ");
    print_i32(at);
    print_cstr(" bytes, error ");
    print_i32(machine.error);
    print_cstr(")\n");
    return r;
}

static void build_collatz(void)
{
    enum { N, X, STEPS, TOTAL, MAX };
    enum { OUTER, INNER, EVEN, NEXT, INNER_DONE, SKIP, DONE };
    asm_reset();
    op16(OP_PUSH, 1);
    op8(OP_STORE, N);
    op16(OP_PUSH, 0);
    op8(OP_STORE, TOTAL);
    op16(OP_PUSH, 0);
    op8(OP_STORE, MAX);
    label(OUTER);
    op8(OP_LOAD, N);
    op16(OP_PUSH, 31);
    op(OP_LT);
    op_to(OP_JZ, DONE);
    op8(OP_LOAD, N);
    op8(OP_STORE, X);
    op16(OP_PUSH, 0);
    op8(OP_STORE, STEPS);
    label(INNER);
    op8(OP_LOAD, X);
    op16(OP_PUSH, 1);
    op(OP_EQ);
    op(OP_NOT);
    op_to(OP_JZ, INNER_DONE);
    op8(OP_LOAD, X);
    op16(OP_PUSH, 2);
    op(OP_MOD);
    op_to(OP_JZ, EVEN);
    op8(OP_LOAD, X);
    op16(OP_PUSH, 3);
    op(OP_MUL);
    op16(OP_PUSH, 1);
    op(OP_ADD);
    op8(OP_STORE, X);
    op_to(OP_JMP, NEXT);
    label(EVEN);
    op8(OP_LOAD, X);
    op16(OP_PUSH, 2);
    op(OP_DIV);
    op8(OP_STORE, X);
    label(NEXT);
    op8(OP_LOAD, STEPS);
    op16(OP_PUSH, 1);
    op(OP_ADD);
    op8(OP_STORE, STEPS);
    op_to(OP_JMP, INNER);
    label(INNER_DONE);
    op8(OP_LOAD, TOTAL);
    op8(OP_LOAD, STEPS);
    op(OP_ADD);
    op8(OP_STORE, TOTAL);
    op8(OP_LOAD, MAX);
    op8(OP_LOAD, STEPS);
    op(OP_LT);
    op_to(OP_JZ, SKIP);
    op8(OP_LOAD, STEPS);
    op8(OP_STORE, MAX);
    label(SKIP);
    op8(OP_LOAD, N);
    op16(OP_PUSH, 1);
    op(OP_ADD);
    op8(OP_STORE, N);
    op_to(OP_JMP, OUTER);
    label(DONE);
    op8(OP_LOAD, MAX);
    op(OP_PRINT);
    op8(OP_LOAD, TOTAL);
    op(OP_HALT);
}

static void build_primes(void)
{
    enum { MAIN_LOOP, MAIN_DONE, IS_PRIME, P_LOOP, P_YES, P_NO, SKIP };
    enum { N, COUNT, LAST };
    asm_reset();
    op16(OP_PUSH, 2);
    op8(OP_STORE, N);
    op16(OP_PUSH, 0);
    op8(OP_STORE, COUNT);
    label(MAIN_LOOP);
    op8(OP_LOAD, N);
    op16(OP_PUSH, 200);
    op(OP_LT);
    op_to(OP_JZ, MAIN_DONE);
    op8(OP_LOAD, N);
    call(IS_PRIME, 1);
    op(OP_DUP);
    op8(OP_LOAD, COUNT);
    op(OP_ADD);
    op8(OP_STORE, COUNT);
    op_to(OP_JZ, SKIP);
    op8(OP_LOAD, N);
    op8(OP_STORE, LAST);
    label(SKIP);
    op8(OP_LOAD, N);
    op16(OP_PUSH, 1);
    op(OP_ADD);
    op8(OP_STORE, N);
    op_to(OP_JMP, MAIN_LOOP);
    label(MAIN_DONE);
    op8(OP_LOAD, LAST);
    op(OP_PRINT);
    op8(OP_LOAD, COUNT);
    op(OP_HALT);

    /* is_prime(n): local 0 = n, local 1 = d */
    label(IS_PRIME);
    op16(OP_PUSH, 2);
    op8(OP_STORE, 1);
    label(P_LOOP);
    op8(OP_LOAD, 0);
    op8(OP_LOAD, 1);
    op8(OP_LOAD, 1);
    op(OP_MUL);
    op(OP_LT);
    op(OP_NOT);
    op_to(OP_JZ, P_YES); /* n < d*d: prime */
    op8(OP_LOAD, 0);
    op8(OP_LOAD, 1);
    op(OP_MOD);
    op_to(OP_JZ, P_NO);
    op8(OP_LOAD, 1);
    op16(OP_PUSH, 1);
    op(OP_ADD);
    op8(OP_STORE, 1);
    op_to(OP_JMP, P_LOOP);
    label(P_YES);
    op16(OP_PUSH, 1);
    op(OP_RET);
    label(P_NO);
    op16(OP_PUSH, 0);
    op(OP_RET);
}

static void build_fib(int n)
{
    enum { FIB, BASE };
    asm_reset();
    op16(OP_PUSH, n);
    call(FIB, 1);
    op(OP_HALT);
    label(FIB);
    op8(OP_LOAD, 0);
    op16(OP_PUSH, 2);
    op(OP_LT);
    op(OP_NOT);
    op_to(OP_JZ, BASE);
    op8(OP_LOAD, 0);
    op16(OP_PUSH, 1);
    op(OP_SUB);
    call(FIB, 1);
    op8(OP_LOAD, 0);
    op16(OP_PUSH, 2);
    op(OP_SUB);
    call(FIB, 1);
    op(OP_ADD);
    op(OP_RET);
    label(BASE);
    op8(OP_LOAD, 0);
    op(OP_RET);
}

/* gcd(a, b) by repeated signed remainder, printing each remainder */
static void build_gcd(int a, int b)
{
    enum { LOOP, DONE };
    asm_reset();
    op16(OP_PUSH, a);
    op8(OP_STORE, 0);
    op16(OP_PUSH, b);
    op8(OP_STORE, 1);
    label(LOOP);
    op8(OP_LOAD, 1);
    op_to(OP_JZ, DONE);
    op8(OP_LOAD, 0);
    op8(OP_LOAD, 1);
    op(OP_MOD);
    op(OP_DUP);
    op(OP_PRINT);
    op8(OP_LOAD, 1);
    op8(OP_STORE, 0);
    op8(OP_STORE, 1);
    op_to(OP_JMP, LOOP);
    label(DONE);
    op8(OP_LOAD, 0);
    op(OP_HALT);
}

int run(void)
{
    u32 sum = 0;

    build_collatz();
    sum = mix32(sum, (u32)execute("collatz 1..30 max/total", 100000));

    build_primes();
    sum = mix32(sum, (u32)execute("primes < 200 last/count", 100000));

    build_fib(12);
    sum = mix32(sum, (u32)execute("fib(12)", 100000));

    build_gcd(-1071, 462);
    sum = mix32(sum, (u32)execute("gcd(-1071,462)", 1000));
    build_gcd(30030, -4199);
    sum = mix32(sum, (u32)execute("gcd(30030,-4199)", 1000));

    /* traps */
    asm_reset();
    op16(OP_PUSH, 7);
    op16(OP_PUSH, 0);
    op(OP_DIV);
    op(OP_HALT);
    execute("div by zero", 100);
    int e1 = machine.error;
    build_fib(30);
    execute("fib(30) frame limit", 100000);
    int e2 = machine.error;
    build_fib(20);
    execute("fib(20) step limit", 3000);
    e2 = e2 * 8 + machine.error;
    asm_reset();
    op(OP_ADD);
    execute("underflow", 100);
    int e3 = machine.error;
    asm_reset();
    op(0xee);
    execute("bad opcode", 100);
    int e4 = machine.error;
    asm_reset();
    op16(OP_PUSH, -32768);
    op(OP_NEG);
    op16(OP_PUSH, 3);
    op(OP_MUL);
    op(OP_HALT);
    i32 wrapped = execute("neg/mul", 100);
    sum = mix32(sum, (u32)(e1 + e2 * 16 + e3 * 1024 + e4 * 16384));
    sum = mix32(sum, (u32)wrapped);

    return (int)(sum & 0x7fffffffu);
}
