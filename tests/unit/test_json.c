/*
 * test_json.c: unit tests of the spec runner's JSON reader and of the string
 * writer of dump --json (cli/json.c,
 * included here because the unit-test build links the library sources only).
 * Prints one line per failure; exits non-zero on failure.
 */
#include "check.h"
#include "cli/json.c"

#include <stdio.h>


/* Records a failed check. */
static void check(int ok, const char *what)
{
    check_total++;
    if (!ok) {
        printf("FAIL: %s\n", what);
        check_failed++;
    }
}

/* Parses a NUL-terminated text. */
static json_value *parse(const char *text, char *error, size_t size)
{
    return json_parse(text, strlen(text), error, size);
}

static void test_wast2json_shape(void)
{
    char error[100];
    json_value *root = parse("{\"source_filename\": \"x.wast\",\n \"commands\": [\n"
                             "  {\"type\": \"module\", \"line\": 3, \"name\": \"$M\", \"filename\": \"x.0.wasm\"},\n"
                             "  {\"type\": \"assert_return\", \"line\": 17, \"action\": {\"type\": \"invoke\", "
                             "\"field\": \"f\", \"args\": [{\"type\": \"i32\", \"value\": \"4294967295\"}]}, "
                             "\"expected\": []}]}",
                             error, sizeof error);
    check(root != NULL, "wast2json shape parses");
    if (!root)
        return;
    const json_value *commands = json_get(root, "commands");
    check(json_count(commands) == 2, "two commands");
    check(json_get_long(json_at(commands, 0), "line", 0) == 3, "line number");
    check(strcmp(json_get_string(json_at(commands, 0), "name"), "$M") == 0, "string member");
    const json_value *action = json_get(json_at(commands, 1), "action");
    check(strcmp(json_get_string(json_at(json_get(action, "args"), 0), "value"), "4294967295") == 0,
          "nested value");
    check(json_count(json_get(json_at(commands, 1), "expected")) == 0, "empty array");
    check(json_get(root, "missing") == NULL, "missing key gives NULL");
    check(json_get_string(root, "commands") == NULL, "wrong kind gives NULL");
    check(json_at(commands, 2) == NULL, "index past the end gives NULL");
    json_free(root);
}

static void test_strings(void)
{
    char error[100];
    json_value *v = parse("\"a\\u0000b\\n\\\"\\\\\\/\\u00c5\\ud83d\\ude00\"", error, sizeof error);
    check(v && v->kind == JSON_STRING, "escaped string parses");
    if (!v)
        return;
    static const char want[] = "a\0b\n\"\\/\xc3\x85\xf0\x9f\x98\x80";
    check(v->str_len == sizeof want - 1 && memcmp(v->str, want, sizeof want - 1) == 0,
          "escapes, NUL, U+00C5 and a surrogate pair decode to UTF-8");
    json_free(v);
    v = parse("\"raw \xc3\x85 utf-8\"", error, sizeof error);
    check(v && v->str_len == 12, "raw UTF-8 bytes are kept");
    json_free(v);
}

static void test_scalars(void)
{
    char error[100];
    json_value *v = parse(" [null, true, false, -12.5e1, 0] ", error, sizeof error);
    check(v && json_count(v) == 5, "scalars parse");
    if (!v)
        return;
    check(json_at(v, 0)->kind == JSON_NULL && json_at(v, 1)->kind == JSON_TRUE &&
              json_at(v, 2)->kind == JSON_FALSE,
          "literal kinds");
    check(json_at(v, 3)->number == -125.0, "number value");
    json_free(v);
}

static void test_errors(void)
{
    static const char *const bad[] = {
        "", "{", "[1,", "{\"a\" 1}", "{\"a\": 1,}", "[1] x", "\"open", "\"bad \\q\"", "\"\\u12\"",
        "tru", "-", "{1: 2}", "\"ctl \x01\"",
    };
    char error[100];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_value *v = parse(bad[i], error, sizeof error);
        check(v == NULL && error[0] != '\0', bad[i]);
        json_free(v);
    }
    json_value *v = parse("{\n\n  \"a\": ?}", error, sizeof error);
    check(v == NULL && strncmp(error, "line 3:", 7) == 0, "error names the line");
    /* Deep nesting is refused, not a C stack overflow. */
    size_t depth = 100000;
    char *deep = malloc(depth + 1);
    if (deep) {
        memset(deep, '[', depth);
        deep[depth] = '\0';
        v = json_parse(deep, depth, error, sizeof error);
        check(v == NULL, "deep nesting refused");
        free(deep);
    }
}

/* Writes s[0..len) with json_write_string and checks the exact text. */
static void check_written(const char *s, size_t len, const char *want)
{
    char text[256];
    FILE *f = tmpfile();
    check(f != NULL, "tmpfile");
    if (f == NULL)
        return;
    json_write_string(f, s, len);
    rewind(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    check(strcmp(text, want) == 0, want);
}

static void test_writer(void)
{
    check_written("main", 4, "\"main\"");
    check_written("q\"b\\s", 5, "\"q\\\"b\\\\s\"");
    check_written("a\nb\x01\x1f\x7f", 6, "\"a\\u000ab\\u0001\\u001f\x7f\"");
    check_written("nul\0x", 5, "\"nul\\u0000x\"");
    check_written("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9, "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
    /* Invalid UTF-8: a lone continuation byte, a truncated sequence, an overlong
       form, a surrogate and a code point past U+10FFFF; one U+FFFD per byte. */
    check_written("\x80", 1, "\"\\ufffd\"");
    check_written("a\xe2\x82", 3, "\"a\\ufffd\\ufffd\"");
    check_written("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");
    check_written("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");
    check_written("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    /* What is written reads back as the same bytes (for valid UTF-8). */
    char text[64];
    FILE *f = tmpfile();
    if (f != NULL) {
        json_write_string(f, "x\"\\\n\t\xc3\xa9", 7);
        rewind(f);
        size_t n = fread(text, 1, sizeof text, f);
        fclose(f);
        char error[100];
        json_value *v = json_parse(text, n, error, sizeof error);
        check(v != NULL && v->kind == JSON_STRING && v->str_len == 7 && memcmp(v->str, "x\"\\\n\t\xc3\xa9", 7) == 0,
              "written string reads back");
        json_free(v);
    }
}

static const check_case cases[] = {
    {"writer", test_writer},
    {"wast2json_shape", test_wast2json_shape},
    {"strings", test_strings},
    {"scalars", test_scalars},
    {"errors", test_errors},
};

int main(int argc, char **argv)
{
    return check_main(argc, argv, cases, CHECK_COUNT(cases));
}
