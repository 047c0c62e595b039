/*
 * wat.h: shared by the unit tests that start from WebAssembly text:
 * assembles it with wabt's wat2wasm into bytes.
 */
#ifndef TEST_WAT_H
#define TEST_WAT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Assembles wat with `wat2wasm FLAGS`; returns malloc'd bytes (size in *size) or NULL. */
static inline uint8_t *test_assemble(const char *wat, const char *flags, size_t *size)
{
    char src[] = "/tmp/xc_test_wat_XXXXXX", cmd[700], out[600];
    uint8_t *bytes = NULL;
    int fd = mkstemp(src);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f == NULL)
        return NULL;
    fputs(wat, f);
    fclose(f);
    snprintf(out, sizeof out, "%s.wasm", src);
    snprintf(cmd, sizeof cmd, "wat2wasm %s %s -o %s 2>&1", flags, src, out);
    f = system(cmd) == 0 ? fopen(out, "rb") : NULL;
    if (f) {
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        bytes = malloc((size_t)n + 1);
        *size = fread(bytes, 1, (size_t)n, f);
        fclose(f);
    }
    remove(src);
    remove(out);
    return bytes;
}

#endif /* TEST_WAT_H */
