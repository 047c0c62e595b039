/*
 * native_main.c - native driver: calls run() and prints the result line the
 * same way `xipwasm run prog.wasm --invoke run` does.
 */
#include <stdio.h>

int run(void);

int main(void)
{
    int r = run();
    printf("i32:%d\n", r);
    return 0;
}
