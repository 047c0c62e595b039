/*
 * native_host.c - native (stdio) implementation of the xipwasm host
 * interface, used to produce the expected output of corpus programs.
 * Formats must match what the xipwasm CLI prints for the same imports.
 */
#include <stdio.h>
#include <time.h>

#include "applet.h"

/* The output so far does not end with a newline (native_main.c ends it, as the CLI does). */
int native_output_open;

void print_str(const char *ptr, int len)
{
    if (len > 0) {
        fwrite(ptr, 1, (size_t)len, stdout);
        native_output_open = ptr[len - 1] != '\n';
    }
}

void print_i32(int v)
{
    printf("%d", v);
    native_output_open = 1;
}

void print_i64(long long v)
{
    printf("%lld", v);
    native_output_open = 1;
}

void print_f64(double v)
{
    printf("%.17g", v);
    native_output_open = 1;
}

long long clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
