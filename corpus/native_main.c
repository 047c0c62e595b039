/*
 * native_main.c - native driver: calls run() and prints the result line the
 * same way `xipwasm run prog.wasm --invoke run` does: on a line of its
 * own, after ending unterminated program output with a newline.
 */
#include <stdio.h>

int run(void);
extern int native_output_open;

int main(void)
{
    int r = run();
    if (native_output_open)
        putchar('\n');
    printf("i32:%d\n", r);
    return 0;
}
