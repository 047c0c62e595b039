/* seedbytes.c: prints COUNT pseudo-random bytes derived from SEED, so that
 * a differential-test seed number names one module forever (splitmix64). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

/* Advances the splitmix64 state and returns the next 64-bit output. */
static uint64_t next(uint64_t *state)
{
    uint64_t z;
    *state += 0x9e3779b97f4a7c15ULL;
    z = *state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* usage: seedbytes SEED COUNT > file */
int main(int argc, char **argv)
{
    uint64_t state, word = 0;
    unsigned long i, count;
    if (argc != 3) {
        fprintf(stderr, "usage: seedbytes SEED COUNT\n");
        return 2;
    }
    state = strtoull(argv[1], NULL, 10);
    count = strtoul(argv[2], NULL, 10);
    for (i = 0; i < count; i++) {
        if (i % 8 == 0)
            word = next(&state);
        putchar((int)(word & 0xff));
        word >>= 8;
    }
    return 0;
}
