/*
 * json.h: a small JSON reader (RFC 8259) for the spec-test runner, and the
 * string writer of the tools' JSON output (xipwasm dump --json).
 *
 * json_parse() builds a tree of json_value nodes; strings are decoded to
 * UTF-8 with an explicit length (they may contain NUL bytes). Lookups never
 * fail loudly: a missing key or a wrong kind gives NULL, so callers test once.
 */
#ifndef XIPWASM_JSON_H
#define XIPWASM_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum json_kind {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_kind;

typedef struct json_value json_value;

struct json_value {
    json_kind kind;
    char *key;          /* member name when the parent is an object, else NULL */
    size_t key_len;
    char *str;          /* JSON_STRING: decoded bytes, NUL-terminated; JSON_NUMBER: the text */
    size_t str_len;
    double number;      /* JSON_NUMBER */
    json_value **items; /* JSON_ARRAY / JSON_OBJECT: the children in order */
    size_t count;
};

/*
 * Parses text[0..len). Returns the root (free it with json_free) or NULL;
 * then error (error_size bytes) holds "line N: message".
 */
json_value *json_parse(const char *text, size_t len, char *error, size_t error_size);

/* Frees a tree returned by json_parse (NULL is fine). */
void json_free(json_value *value);

/* The member `key` of an object, or NULL (also when value is not an object). */
const json_value *json_get(const json_value *object, const char *key);

/* The string of member `key`, or NULL when missing or not a string. */
const char *json_get_string(const json_value *object, const char *key);

/* The number of member `key` as an integer, or fallback when missing. */
long json_get_long(const json_value *object, const char *key, long fallback);

/* Item i of an array, or NULL. */
const json_value *json_at(const json_value *array, size_t i);

/* Number of items of an array or members of an object; 0 for the rest. */
size_t json_count(const json_value *value);

/*
 * Writes s[0..len) to out as a quoted JSON string: quotes, backslashes and
 * control characters escaped, valid UTF-8 kept, each byte of invalid UTF-8
 * written as U+FFFD.
 */
void json_write_string(FILE *out, const char *s, size_t len);

#endif /* XIPWASM_JSON_H */
