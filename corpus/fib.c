/*
 * fib - recursion-heavy integer code: naive recursive Fibonacci, memoised
 * and iterative u64 Fibonacci, Ackermann, mutual recursion, Towers of
 * Hanoi and a recursive gcd / integer power.
 */
#include "applet.h"

static int call_count;

static int fib_rec(int n)
{
    call_count++;
    if (n < 2)
        return n;
    return fib_rec(n - 1) + fib_rec(n - 2);
}

static u64 memo[94];

static u64 fib_memo(int n)
{
    if (n < 2)
        return (u64)n;
    if (memo[n])
        return memo[n];
    u64 v = fib_memo(n - 1) + fib_memo(n - 2);
    memo[n] = v;
    return v;
}

static u64 fib_iter(int n)
{
    u64 a = 0, b = 1;
    for (int i = 0; i < n; i++) {
        u64 t = a + b;
        a = b;
        b = t;
    }
    return a;
}

static int ackermann(int m, int n)
{
    call_count++;
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static int is_odd(unsigned n);

static int is_even(unsigned n)
{
    return n == 0 ? 1 : is_odd(n - 1);
}

static int is_odd(unsigned n)
{
    return n == 0 ? 0 : is_even(n - 1);
}

static u32 hanoi_sig;
static int hanoi_moves;

static void hanoi(int n, int from, int to, int via)
{
    if (n == 0)
        return;
    hanoi(n - 1, from, via, to);
    hanoi_moves++;
    hanoi_sig = hanoi_sig * 7u + (u32)(from * 3 + to);
    hanoi(n - 1, via, to, from);
}

static i64 gcd_rec(i64 a, i64 b)
{
    return b == 0 ? (a < 0 ? -a : a) : gcd_rec(b, a % b);
}

static i64 ipow_rec(i64 base, int e)
{
    if (e == 0)
        return 1;
    i64 half = ipow_rec(base, e / 2);
    return (e & 1) ? half * half * base : half * half;
}

/* number of compositions of n into parts 1..3 (tribonacci-like), recursive */
static int compositions(int n)
{
    if (n < 0)
        return 0;
    if (n == 0)
        return 1;
    return compositions(n - 1) + compositions(n - 2) + compositions(n - 3);
}

int run(void)
{
    u32 sum = 0;

    for (int n = 0; n <= 10; n++) {
        int f = fib_rec(n);
        print_i32(f);
        print_char(n == 10 ? '\n' : ' ');
    }
    call_count = 0;
    int f22 = fib_rec(22);
    print_cstr("fib(22) = ");
    print_i32(f22);
    print_cstr(" calls = ");
    print_i32(call_count);
    print_nl();
    sum = mix32(sum, (u32)f22);
    sum = mix32(sum, (u32)call_count);

    u64 m = fib_memo(93);
    u64 it = fib_iter(93);
    print_cstr("fib(93) = ");
    print_hex64(m);
    print_cstr(m == it ? " (memo == iter)\n" : " (MISMATCH)\n");
    print_cstr("fib(90) = ");
    print_i64((i64)fib_iter(90));
    print_nl();
    sum = mix32(sum, (u32)(m >> 32));

    call_count = 0;
    int ack = ackermann(2, 3);
    print_cstr("ack(2,3) = ");
    print_i32(ack);
    int ack_calls = call_count;
    call_count = 0;
    int ack33 = ackermann(3, 3);
    print_cstr(" ack(3,3) = ");
    print_i32(ack33);
    print_cstr(" calls = ");
    print_i32(ack_calls);
    print_char('/');
    print_i32(call_count);
    print_nl();
    sum = mix32(sum, (u32)(ack33 * 1000 + call_count));

    print_cstr("even(37) odd(37) even(100): ");
    print_i32(is_even(37));
    print_i32(is_odd(37));
    print_i32(is_even(100));
    print_nl();

    hanoi(10, 0, 2, 1);
    print_cstr("hanoi(10) moves = ");
    print_i32(hanoi_moves);
    print_cstr(" sig = ");
    print_hex32(hanoi_sig);
    print_nl();
    sum = mix32(sum, hanoi_sig);

    i64 g = gcd_rec(-1071ll * 1000003ll, 462ll * 1000003ll);
    print_cstr("gcd = ");
    print_i64(g);
    print_cstr(" 3^39 = ");
    print_i64(ipow_rec(3, 39));
    print_cstr(" (-7)^21 = ");
    print_i64(ipow_rec(-7, 21));
    print_nl();
    sum = mix32(sum, (u32)g);

    int comp = compositions(15);
    print_kv_i32("compositions(15) = ", comp);
    sum = mix32(sum, (u32)comp);

    return (int)(sum & 0x7fffffffu);
}
