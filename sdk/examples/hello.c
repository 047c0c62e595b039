/* hello.c: a C applet: prints a greeting and the sum of 1..n. */
#include "xipwasm_applet.h"

static int sum_to(int n)
{
    int s = 0;
    for (int i = 1; i <= n; i++)
        s += i;
    return s;
}

XW_EXPORT("run") int run(int n)
{
    xw_puts("hello from C: sum 1..");
    print_i32(n);
    xw_puts(" = ");
    print_i32(sum_to(n));
    xw_puts("\n");
    return sum_to(n);
}
