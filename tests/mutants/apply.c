/*
 * apply.c: applies one mutant to a file of the mutation copy.
 *   apply FILE PATTERN REPLACEMENT
 * replaces the one occurrence of PATTERN (exact text) in FILE by
 * REPLACEMENT; in both, \n stands for a newline and \\ for a backslash
 * (so a pattern may span lines). Exit 0 when done; 3 (STALE) when PATTERN occurs zero or
 * several times, leaving FILE as it was; 1 on an I/O error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the whole of path; returns malloc'd bytes (NUL-terminated) or NULL. */
static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *text;
    long n;
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    text = malloc((size_t)n + 1);
    if (text == NULL || fread(text, 1, (size_t)n, f) != (size_t)n) {
        free(text);
        fclose(f);
        return NULL;
    }
    fclose(f);
    text[n] = '\0';
    *size = (size_t)n;
    return text;
}

/* Decodes the escapes \n and \\ of s in place. */
static void unescape(char *s)
{
    char *out = s;
    for (; *s; s++) {
        if (s[0] == '\\' && s[1] == 'n') {
            *out++ = '\n';
            s++;
        } else if (s[0] == '\\' && s[1] == '\\') {
            *out++ = '\\';
            s++;
        } else {
            *out++ = *s;
        }
    }
    *out = '\0';
}

int main(int argc, char **argv)
{
    size_t size = 0, plen;
    char *text, *hit, *at;
    int count = 0;
    FILE *out;
    if (argc != 4 || argv[2][0] == '\0') {
        fprintf(stderr, "usage: apply FILE PATTERN REPLACEMENT\n");
        return 2;
    }
    unescape(argv[2]);
    unescape(argv[3]);
    text = slurp(argv[1], &size);
    if (text == NULL) {
        fprintf(stderr, "apply: cannot read %s\n", argv[1]);
        return 1;
    }
    plen = strlen(argv[2]);
    hit = NULL;
    for (at = strstr(text, argv[2]); at != NULL; at = strstr(at + 1, argv[2])) {
        if (count++ == 0)
            hit = at;
    }
    if (count != 1) {
        fprintf(stderr, "apply: %s: pattern occurs %d times\n", argv[1], count);
        free(text);
        return 3;
    }
    out = fopen(argv[1], "wb");
    if (out == NULL) {
        fprintf(stderr, "apply: cannot write %s\n", argv[1]);
        free(text);
        return 1;
    }
    fwrite(text, 1, (size_t)(hit - text), out);
    fputs(argv[3], out);
    fputs(hit + plen, out);
    free(text);
    return fclose(out) == 0 ? 0 : 1;
}
