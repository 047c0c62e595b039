/*
 * check.h: the unit tests' harness. A test file names its cases in a table
 * and hands it to check_main():
 *
 *     static const check_case cases[] = {{"calls", test_calls}, ...};
 *     int main(int argc, char **argv) { return check_main(argc, argv, cases, CHECK_COUNT(cases)); }
 *
 * `test_x` runs every case, `test_x NAME...` the named ones, `test_x --list`
 * prints the names. CHECK(cond) and CHECK_EQ(got, want) record one check and
 * print a failure with its file, line and case; helpers that judge and
 * report for themselves count with check_total++ and, on a failure,
 * check_failed++ (or check_failure() for both at once).
 * The closing line is "test_x: N passed, N failed"; the exit status is 1 if
 * any check failed, 2 for an unknown case name.
 */
#ifndef TEST_CHECK_H
#define TEST_CHECK_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct check_case {
    const char *name;
    void (*run)(void);
} check_case;

static unsigned long check_total;   /* checks made */
static unsigned long check_failed;  /* of which failed */
static const char *check_case_name = ""; /* the case being run */

#define CHECK_COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define CHECK(cond) check_result((cond) != 0, __FILE__, __LINE__, "CHECK(%s)", #cond)
#define CHECK_EQ(got, want) check_eq((uint64_t)(got), (uint64_t)(want), __FILE__, __LINE__, #got, #want)

/* Records one check; on failure prints "file:line: [case] message". Returns ok. */
static inline int check_result(int ok, const char *file, int line, const char *format, ...)
{
    va_list ap;
    check_total++;
    if (ok)
        return 1;
    check_failed++;
    printf("%s:%d: [%s] FAIL ", file, line, check_case_name);
    va_start(ap, format);
    vprintf(format, ap);
    va_end(ap);
    printf("\n");
    return 0;
}

/* Records one equality check of two values compared as u64. Returns got == want. */
static inline int check_eq(uint64_t got, uint64_t want, const char *file, int line, const char *got_text,
                           const char *want_text)
{
    return check_result(got == want, file, line, "CHECK_EQ(%s, %s): got %llu (0x%llx), want %llu (0x%llx)",
                        got_text, want_text, (unsigned long long)got, (unsigned long long)got,
                        (unsigned long long)want, (unsigned long long)want);
}

/* Counts one failed check its caller has already reported. */
static inline void check_failure(void)
{
    check_total++;
    check_failed++;
}

/* The program's name without its directory. */
static inline const char *check_program_name(const char *argv0)
{
    const char *slash = strrchr(argv0, '/');
    return slash ? slash + 1 : argv0;
}

/* Runs the cases argv names (all if it names none) and prints the closing
 * line; returns the exit status. A test with options of its own (--sweep)
 * handles them before calling it. */
static inline int check_main(int argc, char **argv, const check_case *cases, size_t count)
{
    const char *program = check_program_name(argc > 0 ? argv[0] : "test");
    int selected = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--list") == 0) {
            for (size_t c = 0; c < count; c++)
                printf("%s\n", cases[c].name);
            return 0;
        }
        size_t c = 0;
        while (c < count && strcmp(cases[c].name, argv[i]) != 0)
            c++;
        if (c == count) {
            printf("%s: no case named '%s' (--list shows them)\n", program, argv[i]);
            return 2;
        }
        selected++;
    }
    for (size_t c = 0; c < count; c++) {
        int run = selected == 0;
        for (int i = 1; i < argc && !run; i++)
            run = strcmp(cases[c].name, argv[i]) == 0;
        if (!run)
            continue;
        check_case_name = cases[c].name;
        cases[c].run();
    }
    unsigned long failed = check_failed, total = check_total < failed ? failed : check_total;
    printf("%s: %lu passed, %lu failed\n", program, total - failed, failed);
    return failed ? 1 : 0;
}

#endif /* TEST_CHECK_H */
